"""draft --trace: every number in a draft is in the sidecar, with the fact it came from."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from reportgen import trace
from reportgen.loading import load_facts
from reportgen.pipeline import draft_file
from reportgen.validate import validate
from reportgen.values import Count, Period, Record

from conftest import ROOT
from conftest import invoke as run

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))




def fact_at(data: Record, source: str) -> Any:
    """The value at a fact path such as publicity.articles[2].count."""
    value: Any = data
    for part in source.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        value = getattr(value, name)
        for i in filter(None, indexes):
            value = value[int(i) - 1]
    return value


def digits_of(value: Any) -> set[str]:
    """The digit runs a fact may print: a count, a year of the period (or next to it), a date."""
    if isinstance(value, Count):
        return {str(value.value)}
    if isinstance(value, Period):
        return {str(value.year - 1), str(value.year), str(value.year + 1)}
    if hasattr(value, "year"):
        return {str(value.year), str(value.month), str(value.day)}
    return set(re.findall(r"\d+", str(value)))


@pytest.mark.parametrize("script", ["hans", "hant-tw"])
@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_digit_run_of_every_sample_draft_is_traced_to_its_fact(
        path: Path, script: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if script != "hans":
        pytest.importorskip("opencc")
    monkeypatch.chdir(tmp_path)
    result = run("draft", str(path), "--trace", "--script", script, "-o", "稿.md")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["稿.md", "稿.md.trace.json"]
    data = json.loads((tmp_path / "稿.md.trace.json").read_text(encoding="utf-8"))
    assert data["untraced"] == []
    traced = {(n["line"], n["column"]): n for n in data["numbers"]}
    facts = validate(load_facts(path)).data
    runs = 0
    for no, line in enumerate((tmp_path / "稿.md").read_text(encoding="utf-8").split("\n"), 1):
        for m in re.finditer(r"\d+", line):
            runs += 1
            entry = traced.get((no, m.start() + 1))
            assert entry is not None, f"line {no}: {m.group(0)} is not in the trace"
            assert entry["text"] == m.group(0)
            if entry["source"] == "#numbering":
                assert re.match(r"#+ \d+\.|#+ （\d+）", line[: m.end() + 1])
            elif ":" in entry["source"]:  # a change against other facts: its fact exists
                assert all(isinstance(fact_at(facts, s), Count) for s in entry["from"]), entry
            elif "from" in entry:  # computed: a total of counts
                assert int(m.group(0)) == sum(fact_at(facts, s).value for s in entry["from"])
            else:
                assert m.group(0) in digits_of(fact_at(facts, entry["source"])), entry
    assert runs == len(data["numbers"]) > 0


def test_paragraph_offsets_index_the_document() -> None:
    doc = draft_file(SAMPLES[0]).document
    texts = [text for text, _ in trace.paragraphs(doc)]
    assert texts[0] == doc.title
    for n in trace.numbers(doc):
        assert texts[n.paragraph][n.offset:n.end] == n.text


def test_a_number_the_template_writes_itself_is_untraced_and_checked(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A literal digit, and a value printed with no fact behind it (source ""), are template
    defects: the trace lists them as untraced and draft --check reports them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tpl" / "summary").mkdir(parents=True)
    (tmp_path / "tpl" / "summary" / "report.md.j2").write_text(
        "# {{ unit.name }}工作总结\n\n"
        "共{{ '5' }}项，开展活动3次，学习{{ study.group_study }}次，××村表现突出。\n",
        encoding="utf-8")
    result = run("draft", str(SAMPLES[1]), "--templates", "tpl", "--trace", "--check",
                 "-o", "稿.md")
    assert result.exit_code == 1
    data = json.loads((tmp_path / "稿.md.trace.json").read_text(encoding="utf-8"))
    untraced = [(n["text"], n["line"], n["column"]) for n in data["untraced"]]
    assert untraced == [("5", 3, 2), ("3", 3, 9)]
    assert [(n["text"], n["source"]) for n in data["numbers"]] == [("11", "study.group_study")]
    lines = result.stderr.splitlines()
    defect = "不是从事实文件取得的（模板自行写入了数字）：这是模板的缺陷 [number-unknown]"
    assert f"稿.md:3:2: 疑似：数字“5”{defect}" in lines
    assert f"稿.md:3:9: 疑似：数字“3”{defect}" in lines
    assert "稿.md:3:18: 错误：“××”是未替换的占位符，请填写实际的数字或名称 [placeholder]" in lines
    missing = [line for line in lines if line.endswith("[fact-missing]")]
    assert any("responsibility.special_meetings" in line for line in missing)


def test_trace_needs_a_file_and_never_replaces_one(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("draft", str(SAMPLES[0]), "--trace", "-o", "-").exit_code == 2
    (tmp_path / "稿.md.trace.json").write_text("old", encoding="utf-8")
    result = run("draft", str(SAMPLES[0]), "--trace", "-o", "稿.md")
    assert result.exit_code == 2
    assert "已存在" in result.stderr
    assert not (tmp_path / "稿.md").exists()
    assert (tmp_path / "稿.md.trace.json").read_text(encoding="utf-8") == "old"
    assert run("draft", str(SAMPLES[0]), "--trace", "-o", "稿.md", "--force").exit_code == 0
    assert json.loads((tmp_path / "稿.md.trace.json").read_text(encoding="utf-8"))["numbers"]


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_docx_trace_paragraphs_are_the_word_paragraphs_without_spacers(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A line break the writer puts inside a paragraph (a long title) is layout, not text."""
    pytest.importorskip("reportgen.writers.docx", reason="the .docx writer is not in this build")
    docx = pytest.importorskip("docx")
    monkeypatch.chdir(tmp_path)
    result = run("draft", str(path), "--trace", "-o", "稿.docx")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "稿.docx.trace.json").read_text(encoding="utf-8"))
    assert data["numbers"] and all("line" not in n for n in data["numbers"])
    paragraphs = docx.Document(str(tmp_path / "稿.docx")).paragraphs
    words = [p.text.replace("\n", "") for p in paragraphs if p.text.strip()]
    for n in data["numbers"]:
        assert words[n["paragraph"]][n["offset"]:n["end"]] == n["text"]
