"""A 公文's elements in the .docx, read back from the XML (GB/T 9704-2012 §7): 版头, 主送机关,
附件说明, the sealed and the unsealed 落款, 版记 and the pages it closes. Expected values are the
standard's: 3号 16 pt, 4号 14 pt, one 字 of 3号 off the grid 16 pt = 320 twips, one 字 on the
grid 156 mm / 28 = 315 twips, a grid line 225 mm / 22 = 579 twips, lines 0.35 and 0.25 mm."""

from __future__ import annotations

from dataclasses import replace

import pytest
from docx_support import NS, Package, official_document, style_of, text_of, w
from lxml import etree

from reportgen.document import Document, Paragraph
from reportgen.official import Official
from reportgen.writers import docx

TWIPS_PER_PT = 20
LINE = 579  # 225 mm / 22 lines, in twips (rounded down)
TEXT_W = 8845  # 156 mm in twips (210 − 28 − 26 mm, each rounded)
TEXT_H = 12756  # 225 mm in twips
ONE_3HAO = 320  # one 字 of 16 pt type off the grid
ONE_4HAO = 280  # one 字 of 14 pt type
ONE_GRID = 315  # one 字 of the 28-字 grid, rounded down


def body(doc: Document) -> list[etree._Element]:
    return Package.read(docx.render(doc)).body


def styled(paragraphs: list[etree._Element], style: str) -> list[etree._Element]:
    return [p for p in paragraphs if style_of(p) == style]


def ppr(p: etree._Element, path: str, attr: str) -> str | None:
    found = p.find(f"w:pPr/{path}", NS)
    return None if found is None else found.get(w(attr))


@pytest.fixture(scope="module")
def official() -> list[etree._Element]:
    return body(official_document())


@pytest.fixture(scope="module")
def styles() -> Package:
    return Package.read(docx.render(official_document()))


# --- 版头 ----------------------------------------------------------------------------------

def test_copy_number_secrecy_urgency_on_the_first_three_lines(official: list[etree._Element],
                                                              styles: Package) -> None:
    """§7.2.1–7.2.3: 份号, 密级和保密期限, 紧急程度 顶格 top left, one line each, in that order,
    in 3号黑体 (份号 in Arabic digits)."""
    assert [text_of(p) for p in official[:3]] == ["000023", "内部", "加急"]
    assert {style_of(p) for p in official[:3]} == {"GwMarking"}
    style = styles.style("GwMarking")
    assert style.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    assert style.find("w:rPr/w:sz", NS).get(w("val")) == "32"
    assert style.find("w:pPr/w:jc", NS).get(w("val")) == "left"
    assert style.find("w:pPr/w:spacing", NS).get(w("line")) == str(LINE)


@pytest.mark.parametrize(("fields", "lines"), [
    ({"secrecy": "秘密★1年"}, ["", "秘密★1年"]),  # §7.2.2: 版心左上角第二行
    ({"urgency": "特急"}, ["特急"]),
    ({"copy_number": "000001", "urgency": "特急"}, ["000001", "特急"]),
    ({"secrecy": "机密", "urgency": "特急"}, ["", "机密", "特急"]),
])
def test_markings_keep_their_lines(fields: dict[str, str], lines: list[str]) -> None:
    doc = replace(official_document(), official=Official(**fields))  # type: ignore[arg-type]
    paragraphs = body(doc)
    assert [text_of(p) for p in paragraphs[:len(lines)]] == lines
    assert style_of(paragraphs[len(lines)]) == "Title"
    # no 红头: the title one blank line under them
    assert ppr(paragraphs[len(lines)], "w:spacing", "before") == str(LINE)


def test_issuer_mark_red_xiaobiaosong_centred_35_mm_down(official: list[etree._Element],
                                                          styles: Package) -> None:
    """§7.2.4: 居中, 上边缘至版心上边缘为35 mm, 小标宋体字, 红色; 14 字 across 156 mm: 31.5 pt."""
    mark = official[3]
    assert (style_of(mark), text_of(mark)) == ("GwMark", "中共青川市交通运输局党组文件")
    style = styles.style("GwMark")
    assert style.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "方正小标宋简体"
    assert style.find("w:rPr/w:color", NS).get(w("val")) == "FF0000"
    assert style.find("w:pPr/w:jc", NS).get(w("val")) == "center"
    size = int(mark.find("w:r/w:rPr/w:sz", NS).get(w("val"))) / 2
    assert size == 31.5 and 14 * size <= 156 / 25.4 * 72
    # three lines of markings, the space before, then the em box 0.8 of the exact line down
    # from the line's top less 0.88 em (Word and LibreOffice seat an exact line's baseline so)
    before = int(ppr(mark, "w:spacing", "before")) / TWIPS_PER_PT
    line = int(ppr(mark, "w:spacing", "line")) / TWIPS_PER_PT
    em_top = 3 * LINE / TWIPS_PER_PT + before + 0.8 * line - 0.88 * size
    assert em_top == pytest.approx(35 / 25.4 * 72, abs=0.5)


def test_a_short_mark_is_no_larger_than_chuhao() -> None:
    doc = replace(official_document(), official=Official(issuer_mark="青川市交通运输局文件"))
    [mark] = styled(body(doc), "GwMark")
    assert mark.find("w:r/w:rPr/w:sz", NS) is None  # the style's 42 pt (初号)
    assert Package.read(docx.render(doc)).style("GwMark").find("w:rPr/w:sz", NS).get(w("val")) == "84"


def test_number_left_and_signer_right_on_one_line(official: list[etree._Element], styles: Package) -> None:
    """§7.2.5, §7.2.6: 上行文的发文字号居左空一字, 签发人 居右空一字 on the same line; “签发人：”
    in 3号仿宋, the name in 3号楷体."""
    [number] = styled(official, "GwNumber")
    runs = number.findall("w:r", NS)
    assert [text_of(r) for r in runs] == ["青交党〔2024〕31号", "", "签发人：", "陈志远"]
    assert runs[1].find("w:tab", NS) is not None
    assert runs[3].find("w:rPr/w:rStyle", NS).get(w("val")) == "GwSignerChar"
    kai = styles.xml["word/styles.xml"].find("w:style[@w:styleId='GwSignerChar']/w:rPr/w:rFonts", NS)
    assert kai.get(w("eastAsia")) == "楷体_GB2312"
    assert styles.style("GwNumber").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert (ppr(number, "w:ind", "firstLine"), ppr(number, "w:ind", "firstLineChars")) == (str(ONE_3HAO), "100")
    stops = [int(t.get(w("pos"))) for t in number.findall("w:pPr/w:tabs/w:tab", NS)]
    # “签发人：” (4 字) then 陈志远 (3 字) ending one 字 short of the right edge
    assert stops == [TEXT_W - ONE_3HAO - 7 * ONE_3HAO, TEXT_W - ONE_3HAO - 3 * ONE_3HAO]


def test_downward_number_centred() -> None:
    doc = replace(official_document(), official=Official(issuer_mark="青川市交通运输局文件",
                                                         number="青交〔2024〕5号"))
    [number] = styled(body(doc), "GwNumber")
    assert text_of(number) == "青交〔2024〕5号"
    assert Package.read(docx.render(doc)).style("GwNumber").find("w:pPr/w:jc", NS).get(w("val")) == "center"


def test_several_signers_two_a_line_the_number_on_the_last(official: list[etree._Element]) -> None:
    """§7.2.6: 一般每行排两个姓名，回行时与上一行第一个签发人姓名对齐; §7.2.5: the 发文字号 on
    the line of the last 签发人."""
    doc = replace(official_document(), official=replace(official_document().official,  # type: ignore[type-var]
                                                       signers=("陈志远", "周敏", "王建国")))
    rows = styled(body(doc), "GwNumber")
    assert [text_of(r) for r in rows] == ["签发人：陈志远　周敏", "青交党〔2024〕31号王建国"]
    assert [len(r.findall("w:r/w:tab", NS)) for r in rows] == [1, 2]  # the second to the names' stop
    stops = {tuple(t.get(w("pos")) for t in r.findall("w:pPr/w:tabs/w:tab", NS)) for r in rows}
    assert len(stops) == 1  # one column of names
    names_at = int(next(iter(stops))[1])
    assert names_at == TEXT_W - ONE_3HAO - 6 * ONE_3HAO  # “陈志远　周敏”: 6 字, 居右空一字


def test_red_line_4_mm_under_the_number(official: list[etree._Element]) -> None:
    """§7.2.7: 发文字号之下4 mm处……与版心等宽的红色分隔线: the number paragraph's bottom border,
    full width (the paragraph has no side indents), 0.35 mm (1 pt) as 版记's thick line."""
    [number] = styled(official, "GwNumber")
    border = number.find("w:pPr/w:pBdr/w:bottom", NS)
    assert (border.get(w("val")), border.get(w("color")), border.get(w("sz"))) == ("single", "FF0000", "8")
    assert number.find("w:pPr/w:ind", NS).get(w("left")) is None
    # the em box's bottom sits 0.8 × 28.95 + 0.12 × 16 pt into the exact line: the border's
    # space makes up the 4 mm under it
    under_type = LINE / TWIPS_PER_PT - (0.8 * LINE / TWIPS_PER_PT + 0.12 * 16)
    assert under_type + int(border.get(w("space"))) == pytest.approx(4 / 25.4 * 72, abs=0.6)


def test_title_two_lines_under_the_red_line(official: list[etree._Element]) -> None:
    """§7.3.1: 标题……编排于红色分隔线下空二行位置."""
    title = next(p for p in official if style_of(p) == "Title")
    assert ppr(title, "w:spacing", "before") == str(2 * LINE)


# --- 主体 ----------------------------------------------------------------------------------

def test_addressee_under_the_title_flush_left(official: list[etree._Element], styles: Package) -> None:
    """§7.3.2: 标题下空一行位置，居左顶格，最后一个主送机关名称后标全角冒号."""
    title = next(i for i, p in enumerate(official) if style_of(p) == "Title")
    blank, to = official[title + 1], official[title + 2]
    assert text_of(blank) == "" and (style_of(to), text_of(to)) == ("GwSalutation", "中共青川市委：")
    assert styles.style("GwSalutation").find("w:pPr/w:ind", NS).get(w("firstLineChars")) == "0"


def test_attachments_hang_under_their_names(official: list[etree._Element]) -> None:
    """§7.3.4: 正文下空一行左空二字编排“附件：1.……”; the next under “1.”; 回行 under the
    name's first character. 附件： is 3 字 and 1. one (two half-width)."""
    items = styled(official, "GwAttachment")
    assert [text_of(p) for p in items] == ["附件：1.青川市交通运输局意识形态工作责任清单",
                                           "2.青川市交通运输局意识形态领域风险点排查整改情况台账（第一批）"]
    before = official[official.index(items[0]) - 1]
    assert text_of(before) == "" and text_of(official[official.index(items[0]) - 2]) == "特此报告。"
    first = {a: ppr(items[0], "w:ind", a) for a in ("left", "leftChars", "hanging", "hangingChars")}
    assert first == {"left": str(6 * ONE_GRID), "leftChars": "600", "hanging": str(4 * ONE_GRID),
                     "hangingChars": "400"}  # starts at 2 字, wraps at 6
    second = {a: ppr(items[1], "w:ind", a) for a in ("left", "leftChars", "hanging", "hangingChars")}
    assert second == {"left": str(6 * ONE_GRID), "leftChars": "600", "hanging": str(ONE_GRID),
                      "hangingChars": "100"}  # starts at 5 字, under “1.”
    for p in items:  # the 附件说明 stays together and with the signature
        assert p.find("w:pPr/w:keepNext", NS) is not None and p.find("w:pPr/w:keepLines", NS) is not None


def test_one_attachment_has_no_number() -> None:
    from reportgen.official import attachment_paragraphs

    [item] = attachment_paragraphs(["意识形态工作责任清单"])
    assert item.text == "附件：意识形态工作责任清单"


def closing(paragraphs: list[etree._Element]) -> list[etree._Element]:
    return styled(paragraphs, "GwSignature")


def test_sealed_closing(official: list[etree._Element]) -> None:
    """§7.3.5.1: 成文日期右空四字; 发文机关署名以成文日期为准居中; two blank lines above them
    leave the seal's top within a line of the text."""
    unit, date = closing(official)
    assert (text_of(unit), text_of(date)) == ("青川市交通运输局党组", "2024年12月27日")

    def box(p: etree._Element) -> tuple[float, float]:
        """(left, right) in 字 of a line centred between its indents."""
        assert ppr(p, "w:jc", "val") == "center"
        left, right = (int(ppr(p, "w:ind", f"{side}Chars")) / 100 for side in ("left", "right"))
        for side, chars in (("left", left), ("right", right)):  # twips too, never rounded up
            assert chars * 315 - 0.5 <= int(ppr(p, "w:ind", side)) <= chars * 315.9
        return left, right

    # date 7 字 (8 digits half each) ending 4 字 from the right edge of the 28
    left, right = box(date)
    assert right + (28 - left - right - 7) / 2 == 4
    # the unit's 10 字 centred over it: the same middle
    unit_left, unit_right = box(unit)
    assert unit_left + (28 - unit_left - unit_right) / 2 == left + (28 - left - right) / 2 == 20.5
    assert 28 - unit_left - unit_right > 10 and 28 - left - right > 7  # room to spare: no wrap
    i = official.index(unit)
    assert [text_of(p) for p in official[i - 3:i]] == ["2.青川市交通运输局意识形态领域风险点排查整改情况台账（第一批）", "", ""]


def test_unsealed_closing_as_today() -> None:
    """§7.3.5.2: 正文下空一行右空二字编排发文机关署名, the date 右移二字 under it."""
    doc = official_document()
    doc = replace(doc, official=replace(doc.official, stamped=False))  # type: ignore[type-var]
    paragraphs = body(doc)
    unit, date = closing(paragraphs)
    assert (ppr(unit, "w:ind", "rightChars"), ppr(date, "w:ind", "rightChars")) == ("200", "300")
    i = paragraphs.index(unit)
    assert text_of(paragraphs[i - 1]) == "" and text_of(paragraphs[i - 2]) != ""


# --- 版记 ----------------------------------------------------------------------------------

def frames(paragraphs: list[etree._Element]) -> list[etree._Element]:
    return [p for p in paragraphs if p.find("w:pPr/w:framePr", NS) is not None]


def test_imprint_frames_stack_up_from_the_bottom_of_the_text_block(official: list[etree._Element],
                                                                     styles: Package) -> None:
    """§7.4: 4号仿宋; 抄送 左右各空一字, 回行时与冒号后的首字对齐, 末尾句号; 印发机关左空一字,
    印发日期右空一字; lines as wide as the 版心, the first and last 0.35 mm, the middle 0.25 mm,
    the last on the 版心's bottom edge."""
    line, cc, printed = frames(official)
    places = []
    for p in (line, cc, printed):
        frame = p.find("w:pPr/w:framePr", NS)
        assert (frame.get(w("w")), frame.get(w("hAnchor")), frame.get(w("vAnchor")),
                frame.get(w("xAlign"))) == (str(TEXT_W), "margin", "margin", "center")
        places.append(frame.get(w("yAlign")) or int(frame.get(w("y"))))
    # from the bottom: 印发 one line with its two borders (0.25 + 0.35 mm = 0.75 + 1 pt), the
    # 抄送 line above it, the first line's 1-pt paragraph and 1-pt border above that
    printed_h = LINE + (6 + 8) * TWIPS_PER_PT // 8
    assert places == [TEXT_H - printed_h - LINE - 40, TEXT_H - printed_h - LINE, "bottom"]
    assert [(b.tag.split("}")[1], b.get(w("sz"))) for b in line.find("w:pPr/w:pBdr", NS)] == [("bottom", "8")]
    assert cc.find("w:pPr/w:pBdr", NS) is None
    assert [(b.tag.split("}")[1], b.get(w("sz"))) for b in printed.find("w:pPr/w:pBdr", NS)] == [
        ("top", "6"), ("bottom", "8")]
    assert text_of(cc) == "抄送：市委宣传部，市纪委监委驻市交通运输局纪检监察组。"
    assert {a: ppr(cc, "w:ind", a) for a in ("left", "right", "hanging")} == {
        "left": str(4 * ONE_4HAO), "right": str(ONE_4HAO), "hanging": str(3 * ONE_4HAO)}
    assert text_of(printed) == "青川市交通运输局党组办公室2024年12月27日印发"
    assert ppr(printed, "w:ind", "firstLine") == str(ONE_4HAO)
    assert [(t.get(w("val")), t.get(w("pos"))) for t in printed.findall("w:pPr/w:tabs/w:tab", NS)] == [
        ("right", str(TEXT_W - ONE_4HAO))]
    style = styles.style("GwImprint")
    assert (style.find("w:rPr/w:rFonts", NS).get(w("eastAsia")), style.find("w:rPr/w:sz", NS).get(w("val"))) == (
        "仿宋_GB2312", "28")


def test_imprint_without_cc_or_printer() -> None:
    only_cc = replace(official_document(), official=Official(cc=("市委宣传部",)))
    first, cc, last = frames(body(only_cc))
    assert text_of(cc) == "抄送：市委宣传部。" and text_of(first) == text_of(last) == ""
    assert [b.tag.split("}")[1] for b in last.find("w:pPr/w:pBdr", NS)] == ["bottom"]
    only_printer = replace(official_document(), official=Official(printed_by="办公室", printed_on="2024年1月2日"))
    [printed] = frames(body(only_printer))
    assert [(b.tag.split("}")[1], b.get(w("sz"))) for b in printed.find("w:pPr/w:pBdr", NS)] == [
        ("top", "8"), ("bottom", "8")]  # no 抄送: both its lines thick


def sections(doc: Document) -> tuple[list[etree._Element], etree._Element]:
    xml = Package.read(docx.render(doc)).xml["word/document.xml"]
    return xml.findall("w:body/w:p/w:pPr/w:sectPr", NS), xml.find("w:body/w:sectPr", NS)


def footers(sect: etree._Element) -> set[str]:
    return {r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall("w:footerReference", NS)}


@pytest.mark.parametrize(("paragraphs", "breaks", "numbered"), [
    (0, 0, True),  # the text ends on page 2 with room: the 版记 at its foot
    (8, 0, True),  # the text ends on page 3: a new page, page 4, numbered
    (5, 1, False),  # the text fills page 4: a blank page 5 and the 版记 on 6, neither numbered
])
def test_the_imprint_s_page(paragraphs: int, breaks: int, numbered: bool) -> None:
    doc = official_document(paragraphs)
    inner, last = sections(doc)
    assert len(inner) == (0 if paragraphs == 0 else 1)
    expected = {"rIdFooterOdd", "rIdFooterEven"} if numbered else {"rIdFooterNone"}
    assert footers(last) == expected
    xml = Package.read(docx.render(doc)).xml["word/document.xml"]
    page_breaks = xml.findall(".//w:br[@w:type='page']", NS)
    assert len(page_breaks) == breaks
    if inner:  # the section ends with the date, numbered like the text
        assert footers(inner[0]) == {"rIdFooterOdd", "rIdFooterEven"}
        assert text_of(inner[0].getparent().getparent()) == "2024年12月27日"


def test_the_unnumbered_footer_is_empty() -> None:
    pkg = Package.read(docx.render(official_document(5)))
    rels = {r.get("Id"): r.get("Target") for r in pkg.xml["word/_rels/document.xml.rels"]}
    footer = pkg.xml["word/" + rels["rIdFooterNone"]]
    assert "".join(footer.itertext()) == ""
    assert footer.find(".//w:fldChar", NS) is None


def test_without_an_imprint_one_section_and_no_frames() -> None:
    doc = replace(official_document(8), official=replace(official_document().official,  # type: ignore[type-var]
                                                         cc=(), printed_by="", printed_on=""))
    inner, last = sections(doc)
    assert inner == [] and footers(last) == {"rIdFooterOdd", "rIdFooterEven"}
    assert frames(body(doc)) == []


def test_a_draft_without_a_document_block_has_none_of_it() -> None:
    doc = replace(official_document(), official=None,
                  blocks=[b for b in official_document().blocks
                          if not (isinstance(b, Paragraph) and b.role == "attachment")])
    paragraphs = body(doc)
    assert style_of(paragraphs[0]) == "Title" and ppr(paragraphs[0], "w:spacing", "before") is None
    assert not {"GwMarking", "GwMark", "GwNumber", "GwImprint"} & {style_of(p) for p in paragraphs}
    assert frames(paragraphs) == []
    unit, date = closing(paragraphs)
    assert (ppr(unit, "w:ind", "rightChars"), ppr(date, "w:ind", "rightChars")) == ("200", "300")


# --- where the pages break ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "first", "left", "lines"), [
    ("甲" * 26, 2, 0, 1),  # 2 字 in, 26 more fill the 28-字 line
    ("甲" * 27, 2, 0, 2),
    ("甲" * 26 + "乙" * 28, 2, 0, 2),
    ("甲" * 26 + "，" + "乙" * 27, 2, 0, 3),  # no line starts with “，”: 甲 goes down with it
    ("甲" * 24 + "2024", 2, 0, 1),  # 24 字 and four half-width digits: 28
    ("甲" * 25 + "2024", 2, 0, 2),  # a number is never broken: 2024 goes down whole
    ("甲" * 54, 2, 6, 3),  # a hanging indent: 26, then 22 a line
])
def test_lines_a_paragraph_fills(text: str, first: int, left: int, lines: int) -> None:
    from reportgen.writers.pagination import grid_lines

    assert grid_lines(text, first, left) == lines
