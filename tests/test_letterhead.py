"""`draft --letterhead FILE.docx`: a unit's own 红头 as the base. What the letterhead holds stays;
the draft takes the place of its 【正文】 paragraph; 【发文字号】 and the like are filled."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx.shared import Cm, Pt, RGBColor
from docx_support import NS, Package, style_of, text_of, w
from lxml import etree

from conftest import RunCli

FACTS = """\
type: implementation
period: 2024
date: 2024-12-27
unit:
  name: 青川市交通运输局
  party_org: 局党组
  superior: 中共青川市委
responsibility:
  special_meetings: 6
document:
  issuer_mark: 中共青川市交通运输局党组文件
  number: 青交党〔2024〕31号
  signers: [陈志远]
  cc: [市委宣传部]
  printed_by: 青川市交通运输局党组办公室
"""


def letterhead(path: Path, marker: str = "【正文】", in_table: bool = False, extra: str = "") -> Path:
    doc = python_docx.Document()
    section = doc.sections[0]
    section.top_margin, section.left_margin = Cm(3.7), Cm(2.8)
    head = doc.add_paragraph().add_run("中共青川市交通运输局党组文件")
    head.font.size, head.font.color.rgb = Pt(36), RGBColor(0xFF, 0, 0)
    number = doc.add_paragraph()
    for piece in ("【发文", "字号】", "　签发人：【签发人】", "　【未知】"):  # Word splits runs so
        number.add_run(piece)
    if in_table:
        doc.add_table(rows=1, cols=1).cell(0, 0).text = marker
    else:
        doc.add_paragraph(marker)
    if extra:
        doc.add_paragraph(extra)
    doc.add_paragraph("抄送：【抄送机关】")
    doc.add_paragraph("【印发机关】　　【印发日期】")
    section.footer.paragraphs[0].text = "【单位名称】"
    doc.save(str(path))
    return path


def xml_parts(path: Path) -> dict[str, etree._Element]:
    """The XML parts of a .docx (python-docx's own template also holds a JPEG thumbnail)."""
    with zipfile.ZipFile(path) as zf:
        return {n: etree.fromstring(zf.read(n)) for n in zf.namelist() if n.endswith((".xml", ".rels"))}


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return path


def test_the_draft_goes_where_the_marker_was(run_cli: RunCli, tmp_path: Path, facts: Path) -> None:
    letterhead(tmp_path / "红头.docx")
    result = run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "-o", "报告.docx")
    assert result.exit_code == 0, result.stderr
    opened = python_docx.Document(str(tmp_path / "报告.docx"))
    texts = [p.text for p in opened.paragraphs]
    assert texts[:2] == ["中共青川市交通运输局党组文件", "青交党〔2024〕31号　签发人：陈志远　【未知】"]
    assert "【正文】" not in texts
    styles = [p.style.style_id for p in opened.paragraphs]
    assert styles.index("Title") == 2  # right after the letterhead's own paragraphs
    assert texts[-2:] == ["抄送：市委宣传部。", "青川市交通运输局党组办公室　　2024年12月27日印发"]
    assert "中共青川市委：" in texts and "2024年12月27日" in texts
    assert opened.paragraphs[0].runs[0].font.color.rgb == RGBColor(0xFF, 0, 0)  # its 红头 as it was
    section = opened.sections[0]
    assert (round(section.top_margin.cm, 2), round(section.left_margin.cm, 2)) == (3.7, 2.8)
    assert section.footer.paragraphs[0].text == "青川市交通运输局"


def test_our_styles_join_theirs_without_changing_their_normal(run_cli: RunCli, tmp_path: Path,
                                                             facts: Path) -> None:
    base = letterhead(tmp_path / "红头.docx")
    theirs = xml_parts(base)["word/styles.xml"].find("w:style[@w:styleId='Normal']", NS)
    assert run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "-o", "报告.docx").exit_code == 0
    parts = xml_parts(tmp_path / "报告.docx")
    pkg = Package(list(parts), [], parts)
    assert etree.tostring(pkg.style("Normal")) == etree.tostring(theirs)
    body = pkg.style("GwBody")
    assert body.find("w:basedOn", NS).get(w("val")) == "GwNormal"
    assert pkg.style("GwNormal").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert body.find("w:rPr/w:w", NS) is None  # no squeeze in what the user opens
    blank = next(p for p in pkg.body if text_of(p) == "" and style_of(p) is not None)
    assert style_of(blank) == "GwNormal"  # our blank lines are our grid lines


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: letterhead(p, marker="正文在此"), "中没有只含“【正文】”的段落：请在信头文件中要放正文的位置单独起一段"),
    (lambda p: letterhead(p, in_table=True), "中的“【正文】”在表格或文本框里"),
    (lambda p: letterhead(p, extra="【正文】"), "中有 2 个“【正文】”段落，只能有一个"),
    (lambda p: p.write_bytes(b"not a zip") or p, "不是 Word 文档（.docx）：请用 Word 或 WPS 另存为 .docx 后再用"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) or p, "是旧版 Word 格式（.doc）"),
])
def test_a_letterhead_that_cannot_take_a_draft(run_cli: RunCli, tmp_path: Path, facts: Path,
                                               make, message: str) -> None:  # type: ignore[no-untyped-def]
    make(tmp_path / "红头.docx")
    result = run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "-o", "报告.docx")
    assert result.exit_code == 2
    assert result.stderr.startswith("错误：红头.docx：信头文件")
    assert message in result.stderr
    assert not (tmp_path / "报告.docx").exists()


def test_a_zip_without_a_document_part(run_cli: RunCli, tmp_path: Path, facts: Path) -> None:
    with zipfile.ZipFile(tmp_path / "红头.docx", "w") as zf:
        zf.writestr("word/styles.xml", "<x/>")
    result = run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "-o", "报告.docx")
    assert result.exit_code == 2 and "缺少 word/document.xml" in result.stderr


def test_a_missing_letterhead(run_cli: RunCli, facts: Path) -> None:
    result = run_cli("draft", "facts.yaml", "--letterhead", "没有.docx", "-o", "报告.docx")
    assert result.exit_code == 2
    assert result.stderr == "错误：没有.docx：信头文件不存在\n"


def test_markdown_has_no_letterhead(run_cli: RunCli, tmp_path: Path, facts: Path) -> None:
    letterhead(tmp_path / "红头.docx")
    result = run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "-o", "报告.md")
    assert result.exit_code == 2
    assert "--letterhead 只用于 Word 或 PDF 输出" in result.stderr


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs soffice and pdftotext (libreoffice-writer-nogui, poppler-utils)")
def test_a_letterhead_to_pdf(run_cli: RunCli, tmp_path: Path, facts: Path) -> None:
    letterhead(tmp_path / "红头.docx")
    result = run_cli("draft", "facts.yaml", "--letterhead", "红头.docx", "--format", "all", "-o", "out/")
    assert result.exit_code == 0, result.stderr
    [made] = (tmp_path / "out").glob("*.pdf")
    printed = subprocess.run(["pdftotext", str(made), "-"], capture_output=True, text=True, check=True).stdout
    printed = "".join(printed.split())
    assert "青交党〔2024〕31号" in printed and "中共青川市委：" in printed
    parts = xml_parts(next((tmp_path / "out").glob("*.docx")))
    word = Package(list(parts), [], parts)
    assert word.xml["word/document.xml"].findall(".//w:w", NS) == []
    assert word.xml["word/styles.xml"].findall(".//w:w", NS) == []  # the squeeze: PDF copy only
