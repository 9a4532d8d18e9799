"""check --layout on any .docx: what GB/T 9704 accepts passes (with the usual font names),
each departure is found with the measure found and the one expected. That our own drafts
pass it is held by test_check_drafts.py::test_written_docx_passes_reportgen_check."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.check import layout

docx = pytest.importorskip("docx")
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Mm, Pt, Twips  # noqa: E402

HEADING_FONTS = {1: "黑体", 2: "楷体_GB2312"}


def gongwen(path: Path, *, body_font: str = "仿宋_GB2312", body_size: float = 16, indent_tw: int = 640,
            title_font: str = "方正小标宋简体", heading_fonts: dict[int, str] | None = None,
            banner: bool = False, footer: str = "outer", colophon: bool = False) -> Path:
    """A 公文 made the way an office makes one in Word: A4, 37/35/28/26 mm, 22 × 28 grid,
    fonts set on the runs. Arguments change one thing at a time."""
    fonts = {**HEADING_FONTS, **(heading_fonts or {})}
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(16)  # the grid's characters are Normal's
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), "579")
    grid.set(qn("w:charSpace"), "-842")

    def para(text: str, font: str, size: float, align: object = None, indent: int = 0,
             color: str | None = None) -> None:
        p = document.add_paragraph()
        p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Twips(indent)
        r = p.add_run(text)
        r.font.size = Pt(size)
        r._r.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if color:
            r._r.get_or_add_rPr().append(parse_xml(f'<w:color {nsdecls("w")} w:val="{color}"/>'))

    center = WD_ALIGN_PARAGRAPH.CENTER
    if banner:
        para("中共××县委宣传部文件", "方正小标宋简体", 36, center, color="FF0000")
        para("×宣发〔2024〕5号", "仿宋_GB2312", 16, center)
    para("关于2024年上半年意识形态工作情况的报告", title_font, 22, center)
    para("县委：", body_font, body_size)
    para("今年以来，我部认真落实意识形态工作责任制。现将有关情况报告如下。", body_font, body_size, indent=indent_tw)
    para("一、主要工作", fonts[1], 16, indent=640)
    para("（一）压实责任", fonts[2], 16, indent=640)
    para("召开专题会议研究意识形态工作，层层签订责任书。", body_font, body_size, indent=indent_tw)
    para("1.开展学习", "仿宋_GB2312", 16, indent=640)
    para("中心组集中学习11次。", body_font, body_size, indent=indent_tw)
    para("中共××县委宣传部", body_font, body_size, WD_ALIGN_PARAGRAPH.RIGHT)
    para("2024年7月5日", body_font, body_size, WD_ALIGN_PARAGRAPH.RIGHT)
    if colophon:  # 版记 in 4号 (§7.4)
        para("抄送：县委办公室。", "仿宋_GB2312", 14)
        para("中共××县委宣传部办公室　　　　2024年7月5日印发", "仿宋_GB2312", 14)
    if footer:
        document.settings.odd_and_even_pages_header_footer = footer == "outer"
        sides = [(section.footer, WD_ALIGN_PARAGRAPH.RIGHT if footer == "outer" else center)]
        if footer == "outer":
            sides.append((section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT))
        for part, side in sides:
            p = part.paragraphs[0]
            p.alignment = side
            dash = "— " if footer != "bare" else ""
            for xml in (f'<w:r><w:t xml:space="preserve">{dash}</w:t></w:r>',
                        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                        '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
                        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
                        f'<w:r><w:t xml:space="preserve">{dash[::-1]}</w:t></w:r>'):
                r = parse_xml(xml.replace("<w:r>", f'<w:r {nsdecls("w")}><w:rPr><w:rFonts w:eastAsia="宋体"/>'
                                                   '<w:sz w:val="28"/></w:rPr>'))
                p._p.append(r)
    document.save(str(path))
    return path


def found(path: Path) -> list[tuple[int, str, str, str]]:
    return [(f.line, f.level, f.code, f.message) for f in layout.check(path, path.name)]


def test_a_standard_document_passes(tmp_path: Path) -> None:
    assert found(gongwen(tmp_path / "a.docx")) == []


def test_the_usual_font_names_and_indents_are_accepted(tmp_path: Path) -> None:
    path = gongwen(tmp_path / "a.docx", body_font="仿宋", title_font="方正小标宋_GBK", indent_tw=630,
                   heading_fonts={1: "方正黑体_GBK", 2: "楷体"})
    assert found(path) == []


def test_the_banner_is_not_the_title_and_the_colophon_is_in_4hao(tmp_path: Path) -> None:
    assert found(gongwen(tmp_path / "a.docx", banner=True, colophon=True)) == []


def test_body_font_size_and_indent_name_what_was_found(tmp_path: Path) -> None:
    path = gongwen(tmp_path / "a.docx", body_font="宋体", body_size=15, indent_tw=0)
    assert found(path) == [
        (2, "错误", "layout-font", "正文字体为“宋体”，应为仿宋（仿宋_GB2312、仿宋、仿宋体等）（第2、3、6、8、9…段，"
                                   "共6段；GB/T 9704 5.2.2）"),
        (2, "错误", "layout-font", "正文字号为小三（15磅），应为3号（16磅）（第2、3、6、8、9…段，共6段；GB/T 9704 5.2.2）"),
        (3, "疑似", "layout-indent", "首行缩进为0字，应为2字：每个自然段左空二字（第3、6、8段，共3段；GB/T 9704 7.3.3）"),
    ]


def test_heading_fonts(tmp_path: Path) -> None:
    path = gongwen(tmp_path / "a.docx", heading_fonts={1: "宋体", 2: "仿宋_GB2312"}, title_font="华文中宋")
    assert found(path) == [
        (1, "错误", "layout-font", "标题字体为“华文中宋”，应为小标宋（方正小标宋简体、方正小标宋_GBK、方正小标宋_GB2312等）"
                                   "（第1段；GB/T 9704 7.3.1）"),
        (4, "错误", "layout-font", "一级标题（一、）字体为“宋体”，应为黑体（黑体、SimHei、方正黑体_GBK等）（第4段；GB/T 9704 7.3.3）"),
        (5, "错误", "layout-font", "二级标题（（一））字体为“仿宋_GB2312”，应为楷体（楷体_GB2312、楷体、楷体_GBK等）"
                                   "（第5段；GB/T 9704 7.3.3）"),
    ]


def test_page_numbers(tmp_path: Path) -> None:
    assert found(gongwen(tmp_path / "a.docx", footer="")) == [
        (1, "疑似", "layout-page-number", "没有页码：公文应在版心下边缘之下标注页码（GB/T 9704 7.5）")]
    assert found(gongwen(tmp_path / "b.docx", footer="center")) == [
        (1, "提示", "layout-page-number", "页码居中，且单双页不分：应单页码居右空一字、双页码居左空一字（GB/T 9704 7.5）")]


def test_word_defaults_are_found_with_their_measures(tmp_path: Path) -> None:
    document = docx.Document()  # Letter paper, one-inch margins, no grid, no page number
    document.add_paragraph("某镇工作总结").alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.save(str(tmp_path / "a.docx"))
    assert [(level, message) for _, level, _, message in found(tmp_path / "a.docx")] == [
        ("错误", "纸张为 215.9×279.4 毫米，应为 A4 纵向 210×297 毫米（GB/T 9704 5.1）"),
        ("错误", "上白边（天头）为 25.4 毫米，应为 37±1 毫米（GB/T 9704 5.2.1）"),
        ("错误", "左白边（订口）为 31.8 毫米，应为 28±1 毫米（GB/T 9704 5.2.1）"),
        ("错误", "版心为 152.4×228.6 毫米，应为 156×225 毫米（GB/T 9704 5.2.1）"),
        ("提示", "没有设置文档网格，每页行数不定：一般应为每页22行、每行28字（GB/T 9704 5.2.3）"),
        ("错误", "标题字体为“宋体”，应为小标宋（方正小标宋简体、方正小标宋_GBK、方正小标宋_GB2312等）（第1段；GB/T 9704 7.3.1）"),
        ("错误", "标题字号为11磅，应为2号（22磅）（第1段；GB/T 9704 7.3.1）"),  # the theme's 宋体, Word's 11 pt
        ("疑似", "没有页码：公文应在版心下边缘之下标注页码（GB/T 9704 7.5）"),
    ]


def test_a_grid_of_other_measures(tmp_path: Path) -> None:
    path = gongwen(tmp_path / "a.docx")
    document = docx.Document(str(path))
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:linePitch"), "624")  # 31.2 pt: 20 lines
    grid.set(qn("w:type"), "lines")  # no character grid: 3号 fits 27 a line
    document.save(str(path))
    assert [message for _, _, _, message in found(path)] == [
        "每页 20 行（行距 31.2 磅），一般应为每页22行（GB/T 9704 5.2.3）",
        "每行 27 字（每字 16.00 磅），一般应为每行28字（GB/T 9704 5.2.3）",
    ]
