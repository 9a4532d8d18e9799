"""Reading any report: text in UTF-8, BOM, UTF-16 or GBK; .docx paragraphs with Word's own
numbering put back in front."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.check import check_file
from reportgen.check.readers import read
from reportgen.errors import ReportgenError

TEXT = "一、主要工作\n全年开展活动X次，，成效明显。\n"


@pytest.mark.parametrize(("encoding", "prefix"), [
    ("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("utf-16", b""),
])
def test_text_files_in_every_common_encoding(tmp_path: Path, encoding: str, prefix: bytes) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(prefix + TEXT.replace("\n", "\r\n").encode(encoding))
    assert [(line.no, line.text) for line in read(path).lines[:2]] == [
        (1, "一、主要工作"), (2, "全年开展活动X次，，成效明显。")]
    assert [(f.line, f.column, f.code) for f in check_file(path)] == [
        (2, 7, "placeholder"), (2, 9, "double-punct")]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("报告.pdf", b"%PDF", "不支持的文件类型"),
    ("报告.txt", b"\x00\x01\x02\x03" * 100, "不是文本文件"),
    ("报告.docx", b"not a zip file", "无法读取 Word 文档"),
    ("缺失.md", None, "文件不存在"),
])
def test_unreadable_files_are_bad_input(tmp_path: Path, name: str, content: bytes | None,
                                        message: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ReportgenError) as caught:
        read(path)
    assert message in caught.value.problems[0].message
    assert caught.value.problems[0].file == str(path)


def _numbered_docx(path: Path, rows: list[tuple[str, int | None]]) -> None:
    """A .docx whose level-0 list is numbered 一、 and level-1 （一）, like a 公文."""
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for text, level in rows:
        paragraph = document.add_paragraph(text)
        if level is not None:
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                '<w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))


def test_docx_paragraphs_with_word_numbering(tmp_path: Path) -> None:
    path = tmp_path / "总结.docx"
    _numbered_docx(path, [
        ("某镇意识形态工作总结", None),
        ("主要工作", 0), ("压实责任", 1), ("强化学习", 1),
        ("", None),
        ("存在问题", 0), ("学习不深，，阵地薄弱。", None),
        ("四、下一步打算", None),  # typed by hand after two numbered headings: 三、 is missing
    ])
    text = read(path)
    assert [line.text for line in text.lines] == [
        "某镇意识形态工作总结", "一、主要工作", "（一）压实责任", "（二）强化学习", "",
        "二、存在问题", "学习不深，，阵地薄弱。", "四、下一步打算"]
    assert [(f.line, f.column, f.code, f.excerpt) for f in check_file(path)] == [
        (7, 5, "double-punct", "，，"), (8, 1, "heading-number", "四、")]


def test_docx_list_styles_of_the_default_template(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for text, style in [("工作总结", None), ("学习", "List Number"), ("宣传", "List Number"),
                        ("要点", "List Bullet")]:
        document.add_paragraph(text, style=style)
    path = tmp_path / "列表.docx"
    document.save(str(path))
    assert [line.text for line in read(path).lines] == ["工作总结", "1.学习", "2.宣传", "要点"]


def test_docx_without_numbering_part_reads_plain_paragraphs(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("一是抓学习。")
    numbering = document.part.numbering_part
    rel = next(k for k, r in document.part.rels.items() if r.target_part is numbering)
    document.part.drop_rel(rel)
    path = tmp_path / "无编号.docx"
    document.save(str(path))
    assert [line.text for line in read(path).lines] == ["一是抓学习。"]


def test_markdown_is_read_without_python_docx(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "稿.md"
    path.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from reportgen.check import check_file;"
            f"check_file(Path({str(path)!r})); print('docx' in sys.modules)")
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=root, env={"PYTHONPATH": str(root), "PATH": ""})
    assert out.stdout.split() == ["False"]
