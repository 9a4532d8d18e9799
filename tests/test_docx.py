"""The .docx writer, read back through python-docx and the XML: every layout rule of the issue
(GB/T 9704-2012) checked on what a user opens, for every sample and for a long speech."""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import subprocess
import sys
import unicodedata
import zipfile

import docx as python_docx
import pytest
from click.testing import CliRunner
from docx_support import (
    NS,
    ROOT,
    SAMPLES,
    Package,
    full_line_document,
    gap_paragraph,
    sample_document,
    speech_document,
    style_of,
    text_of,
    w,
)

from reportgen.cli import cli
from reportgen.document import Document, Heading, Paragraph
from reportgen.writers import docx

needs_samples = pytest.mark.skipif(not SAMPLES, reason="no samples/*.yaml to draft")
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Drafted = tuple[Document, bytes, Package]
DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


@pytest.fixture(scope="module", params=SAMPLES, ids=lambda p: p.stem)
def sample(request: pytest.FixtureRequest) -> Drafted:
    doc = sample_document(request.param)
    data = docx.render(doc)
    return doc, data, Package.read(data)


@pytest.fixture(scope="module")
def speech() -> Drafted:
    doc = speech_document()
    data = docx.render(doc)
    return doc, data, Package.read(data)


def same_width(text: str) -> str:
    """Text with half- and full-width forms alike: the writer makes “,” in Chinese “，”
    (test_half_width_punctuation_in_chinese_becomes_full_width checks that on its own)."""
    return unicodedata.normalize("NFKC", text.replace("\n", ""))


def printed(doc: Document) -> list[str]:
    """What the reader should find, paragraph by paragraph, blank lines left out."""
    return [same_width(doc.title)] + [same_width(b.full()[0]) for b in doc.blocks]


def written(pkg: Package) -> list[str]:
    return [same_width(t) for t in map(text_of, pkg.body) if t]


def width(text: str) -> float:
    """字 a line takes: Arabic digits and Latin letters half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def props(style: object) -> dict[str, str | None]:
    """The properties of a style that the standard speaks of, as plain values."""
    def val(path: str, attr: str = "val") -> str | None:
        found = style.find(path, NS)  # type: ignore[attr-defined]
        return None if found is None else found.get(w(attr))

    return {
        "east_asian": val("w:rPr/w:rFonts", "eastAsia"),
        "ascii": val("w:rPr/w:rFonts", "ascii"),
        "hansi": val("w:rPr/w:rFonts", "hAnsi"),
        "size": val("w:rPr/w:sz"),
        "bold": val("w:rPr/w:b"),
        "align": val("w:pPr/w:jc"),
        "first_line": val("w:pPr/w:ind", "firstLineChars"),
        "keep_next": "yes" if style.find("w:pPr/w:keepNext", NS) is not None else None,  # type: ignore[attr-defined]
        "outline": val("w:pPr/w:outlineLvl"),
    }


# --- the package opens, and holds the report -----------------------------------------------

@needs_samples
def test_every_paragraph_of_a_sample_reaches_word(sample: Drafted) -> None:
    doc, data, pkg = sample
    opened = python_docx.Document(io.BytesIO(data))
    # a long title breaks over two lines: python-docx reads the break as "\n"
    assert [same_width(p.text) for p in opened.paragraphs if p.text] == printed(doc)
    assert written(pkg) == printed(doc)


@needs_samples
def test_python_docx_can_save_it_again(sample: Drafted) -> None:
    doc, data, _ = sample
    out = io.BytesIO()
    python_docx.Document(io.BytesIO(data)).save(out)
    again = python_docx.Document(io.BytesIO(out.getvalue()))
    assert [same_width(p.text) for p in again.paragraphs if p.text] == printed(doc)


@needs_samples
def test_same_report_gives_the_same_bytes(sample: Drafted) -> None:
    doc, data, pkg = sample
    assert docx.render(doc) == data
    assert {i.date_time for i in pkg.infos} == {(1980, 1, 1, 0, 0, 0)}
    assert pkg.names[0] == "[Content_Types].xml"


@needs_samples
def test_document_properties_name_title_unit_and_report_date(
        sample: Drafted) -> None:
    doc, data, _ = sample
    core = python_docx.Document(io.BytesIO(data)).core_properties
    assert core.title == doc.title
    assert core.author == doc.author != ""
    year, month, day = map(int, DATE.match(doc.date).groups())  # type: ignore[union-attr]
    assert core.created == core.modified == dt.datetime(year, month, day, tzinfo=dt.timezone.utc)
    assert core.language == "zh-CN"


# --- page, margins, grid ---------------------------------------------------------------------

@needs_samples
def test_page_is_a4_with_the_standard_margins(sample: Drafted) -> None:
    section = python_docx.Document(io.BytesIO(sample[1])).sections[0]
    measured = {
        "width": section.page_width.mm, "height": section.page_height.mm,  # type: ignore[union-attr]
        "top": section.top_margin.mm, "bottom": section.bottom_margin.mm,  # type: ignore[union-attr]
        "left": section.left_margin.mm, "right": section.right_margin.mm,  # type: ignore[union-attr]
    }
    expected = {"width": 210, "height": 297, "top": 37, "bottom": 35, "left": 28, "right": 26}
    for key, mm in expected.items():
        assert measured[key] == pytest.approx(mm, abs=0.05), key
    assert measured["width"] - measured["left"] - measured["right"] == pytest.approx(156, abs=0.1)
    assert measured["height"] - measured["top"] - measured["bottom"] == pytest.approx(225, abs=0.1)


def test_grid_holds_22_lines_of_28_characters() -> None:
    pkg = Package.read(docx.render(full_line_document()))
    sect = pkg.xml["word/document.xml"].find("w:body/w:sectPr", NS)
    size, margin, grid = (sect.find(f"w:{t}", NS) for t in ("pgSz", "pgMar", "docGrid"))
    text_w = int(size.get(w("w"))) - int(margin.get(w("left"))) - int(margin.get(w("right")))
    text_h = int(size.get(w("h"))) - int(margin.get(w("top"))) - int(margin.get(w("bottom")))
    assert grid.get(w("type")) == "linesAndChars"
    assert text_h // int(grid.get(w("linePitch"))) == 22
    normal_pt = int(pkg.style("Normal").find("w:rPr/w:sz", NS).get(w("val"))) / 2
    assert normal_pt == 16  # the grid's pitch is counted from Normal's size: 3号
    pitch_pt = normal_pt + int(grid.get(w("charSpace"))) / 4096
    assert math.floor(text_w / 20 / pitch_pt) == 28


def test_the_delivered_docx_scales_no_characters() -> None:
    """Word and WPS would show a w:w as 字符缩放 98%, and pasted text would come at 100%."""
    for doc in (speech_document(), full_line_document()):
        pkg = Package.read(docx.render(doc))
        for part, xml in pkg.xml.items():
            assert xml.findall(".//w:w", NS) == [], part


def test_the_copy_libreoffice_prints_narrows_only_type_on_the_grid() -> None:
    """LibreOffice gives a character wider than a grid cell two cells; 28 字 of 3号 are 448 pt
    and the 版心 156 mm (442.2 pt), so its copy sets grid type at 98%: 28 fit, 29 do not."""
    pkg = Package.read(docx.render(speech_document(), squeeze=True))
    scaled = {s.get(w("styleId")): s.find("w:rPr/w:w", NS).get(w("val"))
              for s in pkg.xml["word/styles.xml"].findall("w:style", NS)
              if s.find("w:rPr/w:w", NS) is not None}
    assert scaled == {name: "98" for name in ("Normal", "Heading1", "Heading2", "Heading3", "Heading4",
                                              "GwBody", "GwSalutation", "GwAttachment")}
    text_width_pt = 156 / 25.4 * 72
    assert 28 * 16 * 0.98 <= text_width_pt < 29 * 16 * 0.98
    assert pkg.xml["word/document.xml"].findall(".//w:w", NS) == []


def test_first_lines_start_two_characters_in_and_no_further() -> None:
    """2 字 of the 版心's 28 are 156 mm / 14 = 631.8 twips; LibreOffice snaps an indent to whole
    cells and prints anything over two cells as three, so the twips stay at or under 630."""
    pkg = Package.read(docx.render(speech_document()))
    for style_id in ("GwBody", "Heading1", "Heading2", "Heading3", "Heading4"):
        ind = pkg.style(style_id).find("w:pPr/w:ind", NS)
        assert ind.get(w("firstLineChars")) == "200", style_id
        assert 620 <= int(ind.get(w("firstLine"))) <= 630, style_id


def test_line_end_punctuation_stays_inside_the_text_block() -> None:
    normal = Package.read(docx.render(speech_document())).style("Normal")
    assert normal.find("w:pPr/w:overflowPunct", NS).get(w("val")) == "0"


def test_styles_carry_the_fonts_and_sizes_of_the_standard() -> None:
    pkg = Package.read(docx.render(speech_document()))
    tnr = "Times New Roman"
    expected = {
        "Title": ("方正小标宋简体", "44", "center", "0", "yes", None),
        "Heading1": ("黑体", "32", "both", "200", "yes", "0"),
        "Heading2": ("楷体_GB2312", "32", "both", "200", "yes", "1"),
        "Heading3": ("仿宋_GB2312", "32", "both", "200", "yes", "2"),
        "Heading4": ("仿宋_GB2312", "32", "both", "200", "yes", "3"),
        "GwBody": ("仿宋_GB2312", "32", "both", "200", None, None),
        "GwSalutation": ("仿宋_GB2312", "32", "left", "0", None, None),
        "GwByline": ("楷体_GB2312", "32", "center", "0", "yes", None),
        "GwSignature": ("仿宋_GB2312", "32", "right", "0", "yes", None),
    }
    for style_id, (font, size, align, first, keep, outline) in expected.items():
        got = props(pkg.style(style_id))
        assert got == {"east_asian": font, "ascii": tnr, "hansi": tnr, "size": size, "bold": "0",
                       "align": align, "first_line": first, "keep_next": keep,
                       "outline": outline}, style_id
    footer = props(pkg.style("Footer"))
    assert (footer["east_asian"], footer["ascii"], footer["size"]) == ("宋体", "宋体", "28")


@needs_samples
def test_fonts_live_in_named_styles_not_on_runs(sample: Drafted) -> None:
    body = sample[2].xml["word/document.xml"]
    assert body.findall(".//w:r/w:rPr/w:rFonts", NS) == []
    assert body.findall(".//w:r/w:rPr/w:sz", NS) == []
    assert {style_of(p) for p in sample[2].body} <= {
        "Title", "Heading1", "Heading2", "Heading3", "Heading4",
        "GwBody", "GwByline", "GwSalutation", "GwSignature", None}


# --- title, headings, run-ins ----------------------------------------------------------------

@needs_samples
def test_title_then_a_blank_line(sample: Drafted) -> None:
    """Under the title: the byline lines when there are any (speaker, date), then a blank line."""
    doc, _, pkg = sample
    first = pkg.body[0]
    assert style_of(first) == "Title" and text_of(first).replace("\n", "") == doc.title
    bylines = sum(1 for b in doc.blocks if isinstance(b, Paragraph) and b.role == "byline")
    assert [text_of(p) for p in pkg.body[1:1 + bylines]] == [
        b.text for b in doc.blocks if isinstance(b, Paragraph) and b.role == "byline"]
    blank = pkg.body[1 + bylines]
    assert text_of(blank) == "" and style_of(blank) is None


def test_long_title_breaks_once_where_the_lines_balance(speech: Drafted) -> None:
    lines = text_of(speech[2].body[0]).split("\n")
    assert lines == ["双胜镇党委书记王建国在全镇2024年上半年", "意识形态工作会议上的讲话"]
    assert all(width(line) <= 20 for line in lines)


def test_short_title_stays_on_one_line() -> None:
    pkg = Package.read(docx.render(full_line_document()))
    assert "\n" not in text_of(pkg.body[0])


def test_headings_use_their_level_style(speech: Drafted) -> None:
    doc, _, pkg = speech
    by_text = {text_of(p): style_of(p) for p in pkg.body}
    heads = [b for b in doc.blocks if isinstance(b, Heading)]
    assert {b.level for b in heads} == {1, 3, 4}
    for head in heads:
        assert by_text[head.label] == f"Heading{head.level}"


def test_run_in_heading_keeps_its_level_font(speech: Drafted) -> None:
    doc, _, pkg = speech
    leads = [b for b in doc.blocks if isinstance(b, Paragraph) and b.lead is not None]
    assert {b.lead.level for b in leads} == {1, 2, 3}  # type: ignore[union-attr]
    fonts = {"1": "黑体", "2": "楷体_GB2312", "3": "仿宋_GB2312"}
    for block in leads:
        para = next(p for p in pkg.body if text_of(p) == block.full()[0])
        assert style_of(para) == "GwBody"
        runs = para.findall("w:r", NS)
        char_style = runs[0].find("w:rPr/w:rStyle", NS).get(w("val"))
        assert text_of(runs[0]) == block.lead.label  # type: ignore[union-attr]
        assert char_style == f"Heading{block.lead.level}Char"  # type: ignore[union-attr]
        assert all(r.find("w:rPr/w:rStyle", NS) is None for r in runs[1:])
        font = pkg.style(char_style).find("w:rPr/w:rFonts", NS).get(w("eastAsia"))
        assert font == fonts[char_style[7]]


@needs_samples
def test_sample_run_ins_are_kaiti_then_fangsong(sample: Drafted) -> None:
    doc, _, pkg = sample
    leads = [b for b in doc.blocks if isinstance(b, Paragraph) and b.lead is not None]
    for block in leads:
        para = next(p for p in pkg.body if text_of(p) == block.full()[0])
        first = para.find("w:r", NS)
        assert text_of(first) == block.lead.label  # type: ignore[union-attr]
        assert first.find("w:rPr/w:rStyle", NS).get(w("val")) == f"Heading{block.lead.level}Char"  # type: ignore[union-attr]


# --- speech shape: byline, salutation --------------------------------------------------------

def test_speech_puts_speaker_and_date_under_the_title(speech: Drafted) -> None:
    pkg = speech[2]
    styles = [style_of(p) for p in pkg.body[:5]]
    texts = [text_of(p) for p in pkg.body[:5]]
    assert styles == ["Title", "GwByline", "GwByline", None, "GwSalutation"]
    assert texts[1:] == ["王建国", "（2024年7月5日）", "", "同志们："]


# --- closing block ---------------------------------------------------------------------------

def first_column(p: object) -> float:
    """Where a right-aligned line starts, in 字 from the left margin of a 28-字 line."""
    right = int(p.find("w:pPr/w:ind", NS).get(w("rightChars"))) / 100  # type: ignore[attr-defined]
    return 28 - right - width(text_of(p))


def closing_block(pkg: Package) -> list[object]:
    return [p for p in pkg.body if style_of(p) == "GwSignature"]


@needs_samples
def test_signature_then_date_two_characters_further_right(
        sample: Drafted) -> None:
    doc, _, pkg = sample
    signature = [b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "signature"]
    if not signature:
        pytest.skip("a speech has no closing block: its speaker and date stand under the title")
    block = closing_block(pkg)
    if len(signature) == 1:  # a duty report: the speaker is under the title, the date closes it
        [date] = block
        assert DATE.match(text_of(date))
        assert int(date.find("w:pPr/w:ind", NS).get(w("rightChars"))) == 200  # 右空二字
        assert text_of(pkg.body[pkg.body.index(date) - 1]) == ""
        return
    assert len(block) >= 2 and DATE.match(text_of(block[-1]))
    units, date = block[:-1], block[-1]
    starts = {first_column(u) for u in units}
    assert len(starts) == 1  # unit lines start together
    assert first_column(date) - starts.pop() == 2
    rights = [int(p.find("w:pPr/w:ind", NS).get(w("rightChars"))) for p in block]
    assert min(rights) == 200  # 右空二字
    before = pkg.body[pkg.body.index(units[0]) - 1]
    assert text_of(before) == ""  # one blank line between the text and the signature


@pytest.mark.parametrize(("units", "date", "unit_right", "date_right"), [
    (["双胜镇"], "2024年7月5日", 7, 2),  # the date is longer: date 右空二字, unit further in
    (["中共双胜镇委员会宣传委员会"], "2024年7月5日", 2, 7),  # unit 13 字, date under its third
    (["中共飞仙关镇委员会", "飞仙关镇人民政府"], "2024年10月9日", 2, 2.5),
])
def test_closing_block_indents(units: list[str], date: str, unit_right: float,
                               date_right: float) -> None:
    blocks = [Paragraph("正文。"), *(Paragraph(u, role="signature") for u in [*units, date])]
    pkg = Package.read(docx.render(Document("标题", [], blocks, author=units[0], date=date)))
    lines = closing_block(pkg)
    rights = [int(p.find("w:pPr/w:ind", NS).get(w("rightChars"))) / 100 for p in lines]
    assert rights[0] == unit_right and rights[-1] == date_right
    assert first_column(lines[-1]) - first_column(lines[0]) == 2
    for p in lines:  # twips too, for word processors that do not read rightChars: one 字 is
        ind = p.find("w:pPr/w:ind", NS)  # 156 mm / 28 = 315.9 twips, never rounded up
        chars = int(ind.get(w("rightChars"))) / 100
        assert chars * 315 - 0.5 <= int(ind.get(w("right"))) <= chars * 315.9


@needs_samples
def test_text_before_the_signature_keeps_with_it(sample: Drafted) -> None:
    doc, _, pkg = sample
    if not any(isinstance(b, Paragraph) and b.role == "signature" for b in doc.blocks):
        pytest.skip("a speech or exchange speech has no closing block")
    first = pkg.body.index(closing_block(pkg)[0])
    for p in pkg.body[first - 2 : first]:
        assert p.find("w:pPr/w:keepNext", NS) is not None


# --- page numbers ----------------------------------------------------------------------------

def test_page_numbers_odd_right_even_left(speech: Drafted) -> None:
    pkg = speech[2]
    assert pkg.xml["word/settings.xml"].find("w:evenAndOddHeaders", NS) is not None
    rels = {r.get("Id"): r.get("Target")
            for r in pkg.xml["word/_rels/document.xml.rels"]}
    refs = pkg.xml["word/document.xml"].findall("w:body/w:sectPr/w:footerReference", NS)
    footers = {r.get(w("type")): pkg.xml["word/" + rels[r.get(f"{{{NS_R}}}id")]] for r in refs}
    assert set(footers) == {"default", "even"}
    for kind, side in (("default", "right"), ("even", "left")):
        p = footers[kind].find("w:p", NS)
        assert style_of(p) == "Footer"
        assert p.find("w:pPr/w:jc", NS).get(w("val")) == side
        assert p.find("w:pPr/w:ind", NS).get(w(f"{side}Chars")) == "100"  # 空一字
        instr = "".join(t.text for t in p.iter(w("instrText")))
        assert instr.split() == ["PAGE"]
        kinds = [f.get(w("fldCharType")) for f in p.iter(w("fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert text_of(p) == "— 1 —"


# --- text: placeholders, punctuation, escaping -----------------------------------------------

def test_placeholders_are_highlighted_yellow(speech: Drafted) -> None:
    body = speech[2].xml["word/document.xml"]
    marked = [r for r in body.iter(w("r")) if r.find("w:rPr/w:highlight", NS) is not None]
    assert [text_of(r) for r in marked] == ["×月×日"]
    assert {r.find("w:rPr/w:highlight", NS).get(w("val")) for r in marked} == {"yellow"}


def test_placeholder_inside_a_run_in_paragraph() -> None:
    lead = Heading(2, "抓落实。", runin=True, number="（一）")
    para = gap_paragraph("计划于", "×月", "完成。")
    para.lead = lead
    pkg = Package.read(docx.render(Document("标题", [], [para])))
    runs = pkg.body[2].findall("w:r", NS)
    assert [text_of(r) for r in runs] == ["（一）抓落实。", "计划于", "×月", "完成。"]
    highlighted = [r.find("w:rPr/w:highlight", NS) is not None for r in runs]
    assert highlighted == [False, False, True, False]


def test_half_width_punctuation_in_chinese_becomes_full_width() -> None:
    typed = "开展学习(5次),发言:踊跃;成效明显!比率1:2,共5,000人(含abc)"
    pkg = Package.read(docx.render(Document("标题", [], [Paragraph(typed)])))
    fixed = "开展学习（5次），发言：踊跃；成效明显！比率1:2，共5,000人（含abc）"
    assert text_of(pkg.body[2]) == fixed


def test_markup_characters_are_escaped_and_illegal_ones_dropped() -> None:
    doc = Document("A&B<C>标题", [], [Paragraph("甲\x00乙\x0b丙\ufffe丁 & <w:p> \"引\"")],
                   author="单位<1>&", date="2024年7月5日")
    data = docx.render(doc)
    opened = python_docx.Document(io.BytesIO(data))
    texts = [p.text for p in opened.paragraphs if p.text]
    assert texts == ["A&B<C>标题", "甲乙丙丁 & <w:p> \"引\""]
    assert opened.core_properties.author == "单位<1>&"


def test_report_without_a_date_still_opens() -> None:
    data = docx.render(Document("标题", [], [Paragraph("正文。")], author="单位"))
    assert python_docx.Document(io.BytesIO(data)).core_properties.created is None
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


# --- the command line ------------------------------------------------------------------------

@needs_samples
def test_cli_writes_both_formats_with_the_same_paragraphs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    args = ["draft", str(SAMPLES[0]), "--format", "both", "-o", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    md = next(tmp_path.glob("*.md"))
    docx_file = next(tmp_path.glob("*.docx"))
    assert md.stem == docx_file.stem
    md_paragraphs = [re.sub(r"^#+ ", "", p) for p in md.read_text("utf-8").split("\n") if p]
    word = [p.text for p in python_docx.Document(str(docx_file)).paragraphs if p.text]
    assert word == md_paragraphs


@needs_samples
def test_two_runs_of_the_command_write_identical_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    outputs = []
    for seed in ("1", "2"):  # a different hash order in each process
        target = tmp_path / f"{seed}.docx"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-m", "reportgen", "draft", str(SAMPLES[0]), "-o", str(target)]
        subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@needs_samples
def test_cli_output_name_ending_docx_gives_docx(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "报告.docx"
    result = CliRunner().invoke(cli, ["draft", str(SAMPLES[0]), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(target)
    again = CliRunner().invoke(cli, ["draft", str(SAMPLES[0]), "-o", str(target)])
    assert again.exit_code == 2  # never replaced without --force
