"""check --fix and --annotate: a corrected copy beside the file, never the original, never an
existing file without --force; in a .docx, the fixes as tracked changes that keep each run's
formatting, and every finding as a comment that LibreOffice reads."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx_support import NS, w
from lxml import etree

from conftest import invoke as run

DIRTY = "截止2024年底，全镇开展活动5次,成效明显，，贯切落实。\n县委宣传部（2024）第05号\n做出部署，其它照常。\n2024.7.5\n"
FIXED = "截至2024年底，全镇开展活动5次，成效明显，贯彻落实。\n县委宣传部〔2024〕5号\n做出部署，其它照常。\n2024年7月5日\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_fix_writes_a_corrected_copy_and_says_what_it_changed(here: Path) -> None:
    (here / "稿.txt").write_text(DIRTY, encoding="utf-8")
    result = run("check", "稿.txt", "--fix")
    assert result.exit_code == 1  # the findings are still reported for the original
    assert (here / "稿.txt").read_text(encoding="utf-8") == DIRTY  # never the original
    assert (here / "稿.fixed.txt").read_text(encoding="utf-8") == FIXED  # 疑似 做出 and 提示 其它 stay
    assert [line for line in result.stdout.splitlines() if "已改正" in line or "已写出" in line] == [
        "稿.txt:1:1: 已改正：“截止” → “截至”",
        "稿.txt:1:18: 已改正：“,” → “，”",
        "稿.txt:1:23: 已改正：“，，” → “，”",
        "稿.txt:1:25: 已改正：“贯切” → “贯彻”",
        "稿.txt:2:6: 已改正：“（2024）第05号” → “〔2024〕5号”",
        "稿.txt:4:1: 已改正：“2024.7.5” → “2024年7月5日”",
        "已写出改正稿 稿.fixed.txt（6 处改正）",
    ]
    clean = run("check", "稿.fixed.txt", "--fail-level", "错误")
    assert clean.exit_code == 0


def test_fix_never_replaces_an_existing_copy_without_force(here: Path) -> None:
    (here / "稿.txt").write_text(DIRTY, encoding="utf-8")
    (here / "稿.fixed.txt").write_text("人工改过的稿子\n", encoding="utf-8")
    result = run("check", "稿.txt", "--fix")
    assert result.exit_code == 2
    assert result.stderr == "错误：稿.fixed.txt：文件已存在；如需覆盖，请加 --force\n"
    assert result.stdout == ""  # refused before anything was read
    assert (here / "稿.fixed.txt").read_text(encoding="utf-8") == "人工改过的稿子\n"
    assert run("check", "稿.txt", "--fix", "--force").exit_code == 1
    assert (here / "稿.fixed.txt").read_text(encoding="utf-8") == FIXED


def test_a_gbk_file_with_windows_line_ends_stays_so(here: Path) -> None:
    (here / "稿.txt").write_bytes(DIRTY.replace("\n", "\r\n").encode("gbk"))
    run("check", "稿.txt", "--fix")
    assert (here / "稿.fixed.txt").read_bytes() == FIXED.replace("\n", "\r\n").encode("gbk")


def test_markdown_keeps_its_markup(here: Path) -> None:
    (here / "稿.md").write_text("# 总结\n\n## 一、工作\n\n**截止目前**，完成(全部)任务。\n", encoding="utf-8")
    run("check", "稿.md", "--fix")
    assert (here / "稿.fixed.md").read_text(encoding="utf-8") == "# 总结\n\n## 一、工作\n\n**截至目前**，完成（全部）任务。\n"


def test_nested_fixes_are_made_together(here: Path) -> None:
    (here / "稿.txt").write_text("学习(理论,政策)和业务。\n", encoding="utf-8")
    run("check", "稿.txt", "--fix")
    assert (here / "稿.fixed.txt").read_text(encoding="utf-8") == "学习（理论，政策）和业务。\n"


def test_nothing_safe_to_fix_writes_nothing(here: Path) -> None:
    (here / "稿.txt").write_text("做出部署，其它照常。\n", encoding="utf-8")
    result = run("check", "稿.txt", "--fix")
    assert "稿.txt：没有可以安全自动改正的问题，未写出改正稿" in result.stdout
    assert not (here / "稿.fixed.txt").exists()


# --- .docx -----------------------------------------------------------------------------------


def _defective_docx(path: Path) -> None:
    """Runs in three fonts, one bold, with defects inside runs and across a run boundary."""
    docx = pytest.importorskip("docx")
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()

    def add(p: object, text: str, font: str, size: int, bold: bool = False) -> None:
        r = p.add_run(text)  # type: ignore[attr-defined]
        r.font.size, r.bold, r.font.name = Pt(size), bold, font
        r._r.get_or_add_rPr().rFonts.set(qn("w:eastAsia"), font)

    add(document.add_paragraph(), "某镇意识形态工作总结", "方正小标宋简体", 22)
    p = document.add_paragraph()
    add(p, "截止2024年底，全镇", "仿宋_GB2312", 16)
    add(p, "开展活动5次,成效", "楷体_GB2312", 16, bold=True)
    add(p, "明显，", "仿宋_GB2312", 16)
    add(p, "，贯切落实。", "黑体", 15)
    add(document.add_paragraph(), "县委宣传部（2024）第05号", "仿宋_GB2312", 16)
    document.save(str(path))


def _body(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def _accepted(p: etree._Element) -> str:
    """The paragraph's text with every tracked change accepted."""
    return "".join(t.text or "" for t in p.iter(w("t")) if not any(a.tag == w("del") for a in t.iterancestors()))


def _rejected(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(w("t"), w("delText"))
                   if not any(a.tag == w("ins") for a in t.iterancestors()))


def _fonts(p: etree._Element) -> list[tuple[str, str, str | None, bool]]:
    """(text, east-Asian font, size, bold) of every run that shows text once changes are accepted."""
    out = []
    for r in p.iter(w("r")):
        text = "".join(t.text or "" for t in r.iter(w("t")))
        if not text or any(a.tag == w("del") for a in r.iterancestors()):
            continue
        rpr = r.find(w("rPr"))
        bold = rpr.find(w("b")) is not None and rpr.find(w("b")).get(w("val")) not in ("0", "false")
        out.append((text, rpr.find(w("rFonts")).get(w("eastAsia")), rpr.find(w("sz")).get(w("val")), bold))
    return out


def test_fix_in_a_docx_is_tracked_changes_that_keep_each_runs_font(here: Path) -> None:
    _defective_docx(here / "总结.docx")
    result = run("check", "总结.docx", "--fix")
    assert "已写出改正稿 总结.fixed.docx（5 处改正，以修订方式标出，可在 Word 或 WPS 中逐条接受或拒绝）" in result.stdout
    body = _body(here / "总结.fixed.docx")
    paragraphs = body.findall(".//w:p", NS)
    assert [_accepted(p) for p in paragraphs] == [
        "某镇意识形态工作总结", "截至2024年底，全镇开展活动5次，成效明显，贯彻落实。", "县委宣传部〔2024〕5号"]
    assert [_rejected(p) for p in paragraphs] == [
        "某镇意识形态工作总结", "截止2024年底，全镇开展活动5次,成效明显，，贯切落实。", "县委宣传部（2024）第05号"]
    assert _fonts(paragraphs[1]) == [
        ("截至", "仿宋_GB2312", "32", False), ("2024年底，全镇", "仿宋_GB2312", "32", False),
        ("开展活动5次", "楷体_GB2312", "32", True), ("，", "楷体_GB2312", "32", True),
        ("成效", "楷体_GB2312", "32", True), ("明显", "仿宋_GB2312", "32", False),
        ("，", "仿宋_GB2312", "32", False),  # ，，across two runs: the first run's format
        ("贯彻", "黑体", "30", False), ("落实。", "黑体", "30", False)]
    changes = body.findall(".//w:ins", NS) + body.findall(".//w:del", NS)
    assert len(changes) == 10  # five deletions, each followed by its insertion
    assert {c.get(w("author")) for c in changes} == {"reportgen"}
    assert len({c.get(w("id")) for c in changes}) == 10
    assert (here / "总结.docx").read_bytes() != (here / "总结.fixed.docx").read_bytes()
    assert run("check", "总结.docx", "--fix").exit_code == 2  # the copy exists now


def test_annotate_puts_every_finding_on_its_text_as_a_comment(here: Path) -> None:
    _defective_docx(here / "总结.docx")
    result = run("check", "总结.docx", "--annotate", "--layout")
    assert result.exit_code == 1
    findings = [line for line in result.stdout.splitlines() if line.startswith("总结.docx:")]
    comments = _body(here / "总结.annotated.docx", "word/comments.xml").findall("w:comment", NS)
    assert len(comments) == len(findings) > 10
    assert {c.get(w("author")) for c in comments} == {"reportgen"}
    texts = ["".join(t.text or "" for t in c.iter(w("t"))) for c in comments]
    assert "【错误】“贯切”应为“贯彻”：“贯彻”的“彻”是彻底的“彻”（typo）" in texts
    assert any(t.startswith("【错误】纸张为 215.9×279.4 毫米") for t in texts)
    body = _body(here / "总结.annotated.docx")
    anchored = {}  # comment id → the text between its range marks
    for start in body.iter(w("commentRangeStart")):
        cid, text = start.get(w("id")), ""
        for el in start.itersiblings():
            if el.tag == w("commentRangeEnd") and el.get(w("id")) == cid:
                break
            text += "".join(t.text or "" for t in el.iter(w("t")))
        anchored[texts[int(cid)]] = text
    assert anchored["【错误】“贯切”应为“贯彻”：“贯彻”的“彻”是彻底的“彻”（typo）"] == "贯切"
    assert anchored[next(t for t in texts if "六角括号" in t)] == "（2024）第05号"
    assert [_accepted(p) for p in body.findall(".//w:p", NS)] == [
        "某镇意识形态工作总结", "截止2024年底，全镇开展活动5次,成效明显，，贯切落实。", "县委宣传部（2024）第05号"]


def test_annotate_skips_files_that_are_not_docx(here: Path) -> None:
    (here / "稿.txt").write_text(DIRTY, encoding="utf-8")
    result = run("check", "稿.txt", "--annotate")
    assert result.stderr == "提示：稿.txt 不是 Word 文档，--annotate 只能把批注写入 .docx\n"
    assert not list(here.glob("*.annotated.*"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_fixed_and_annotated_copies(here: Path) -> None:
    _defective_docx(here / "总结.docx")
    run("check", "总结.docx", "--fix", "--annotate")
    profile = here / "lo-profile"
    for target, args in (("pdf", ()), ("docx:MS Word 2007 XML", ())):
        done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                               "--convert-to", target, "--outdir", str(here / "out"), *args,
                               str(here / "总结.fixed.docx"), str(here / "总结.annotated.docx")],
                              capture_output=True, text=True, timeout=180, check=False)
        assert done.returncode == 0, done.stderr
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(here / "out" / "总结.annotated.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout.replace(" ", "").replace("\n", "")
        assert "截止2024年底，全镇开展活动5次,成效明显，，贯切落实。县委宣传部（2024）第05号" in text
    # what LibreOffice read, it writes back: the comments and the tracked changes survived
    again = _body(here / "out" / "总结.annotated.docx", "word/comments.xml")
    assert any("贯彻" in "".join(t.text or "" for t in c.iter(w("t"))) for c in again.findall("w:comment", NS))
    fixed = _body(here / "out" / "总结.fixed.docx")
    assert {c.get(w("author")) for c in fixed.iter(w("ins"), w("del"))} == {"reportgen"}
    assert [_accepted(p) for p in fixed.findall(".//w:p", NS)][:3] == [
        "某镇意识形态工作总结", "截至2024年底，全镇开展活动5次，成效明显，贯彻落实。", "县委宣传部〔2024〕5号"]
