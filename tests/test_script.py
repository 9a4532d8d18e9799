"""draft --script: traditional characters, spans kept on their values, file names to match."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen import trace
from reportgen.check import check_file
from reportgen.cli import cli
from reportgen.errors import ReportgenError
from reportgen.marks import Span
from reportgen.pipeline import draft_file
from reportgen.script import SCRIPTS, convert_document, convert_spans, converter

from conftest import ROOT

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"


def test_spans_follow_their_values_when_conversion_changes_lengths() -> None:
    convert = lambda s: s.replace("U盘", "隨身碟").replace("网", "網")  # noqa: E731 - a stand-in for OpenCC
    text = "用U盘拷贝11份，网上发布36篇"
    spans = [Span(5, 7, "a.count"), Span(13, 15, "b.count")]
    assert text[5:7] == "11" and text[13:15] == "36"
    out, moved = convert_spans(text, spans, convert)
    assert out == "用隨身碟拷贝11份，網上发布36篇"
    assert [(out[s.start:s.end], s.source) for s in moved] == [("11", "a.count"), ("36", "b.count")]


def test_spans_stay_when_lengths_do_not_change() -> None:
    spans = [Span(2, 4, "x")]
    out, kept = convert_spans("学习11次", spans, lambda s: s.replace("学习", "學習"))
    assert (out, kept) == ("學習11次", spans)


@pytest.mark.parametrize(("script", "word"), [("hant", "爲"), ("hant-tw", "為"), ("hant-hk", "為")])
def test_traditional_draft_keeps_every_number_and_its_source(script: str, word: str) -> None:
    pytest.importorskip("opencc")
    doc = draft_file(SAMPLE).document
    converted = convert_document(doc, script)
    assert converted.title == "雙勝鎮2024年上半年意識形態工作總結"
    assert converted.author == "雙勝鎮"
    body = "".join(text for text, _ in trace.paragraphs(converted))
    assert word in body and "意识形态" not in body
    before = [(n.paragraph, n.text, n.source) for n in trace.numbers(doc)]
    after = [(n.paragraph, n.text, n.source) for n in trace.numbers(converted)]
    assert after == before


def test_only_characters_change_never_words() -> None:
    pytest.importorskip("opencc")
    doc = draft_file(SAMPLE).document
    body = "".join(text for text, _ in trace.paragraphs(convert_document(doc, "hant-tw")))
    assert "網絡" in body and "網路" not in body and "資訊" not in body


def test_hans_is_the_document_itself() -> None:
    doc = draft_file(SAMPLE).document
    assert convert_document(doc, "hans") is doc
    assert set(SCRIPTS) == {"hans", "hant", "hant-tw", "hant-hk"}


def test_traditional_draft_on_the_command_line_passes_the_check(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("opencc")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["draft", str(SAMPLE), "--script", "hant-hk", "--check"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == ["雙勝鎮2024年上半年意識形態工作總結.md"]
    written = tmp_path / "雙勝鎮2024年上半年意識形態工作總結.md"
    assert written.read_text(encoding="utf-8").startswith("# 雙勝鎮2024年上半年意識形態工作總結\n")
    assert check_file(written) == []


def test_missing_opencc_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    converter.cache_clear()
    monkeypatch.setitem(sys.modules, "opencc", None)  # import opencc now raises ImportError
    with pytest.raises(ReportgenError) as caught:
        convert_document(draft_file(SAMPLE).document, "hant")
    message = caught.value.problems[0].message
    assert "pip install '.[hant]'" in message and "pip install 'reportgen-zh[hant]'" in message



# The characters in which the three tables differ on a draft, written out: OpenCC's standard
# forms (羣 衆 覈 爲 戶 臺), Taiwan's (群 眾 核 為 戶 臺) and Hong Kong's (羣 眾 核 為 户 台).
HIGHLIGHT = "依托网络平台开展群众宣讲进村入户，信息发布严格审核，为群众办实事"
IN_SCRIPT = {
    "hant": "依託網絡平臺開展羣衆宣講進村入戶，信息發佈嚴格審覈，爲羣衆辦實事",
    "hant-tw": "依託網絡平臺開展群眾宣講進村入戶，信息發佈嚴格審核，為群眾辦實事",
    "hant-hk": "依託網絡平台開展羣眾宣講進村入户，信息發佈嚴格審核，為羣眾辦實事",
}
# Characters each table converts whatever the phrase (台 and 核 depend on the word: 天台, 核心).
NEVER_IN = {"hant": "群众为户眾為", "hant-tw": "羣衆爲户众为", "hant-hk": "群衆爲戶众为"}


@pytest.mark.parametrize("script", ["hant", "hant-tw", "hant-hk"])
def test_each_script_gives_its_own_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              script: str) -> None:
    """A unit's own sentence and the templates' text alike, through the command line."""
    pytest.importorskip("opencc")
    facts = re.sub(r"^highlights:.*\n", lambda m: f"{m.group()}  - {HIGHLIGHT}\n",
                   SAMPLE.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
    (tmp_path / "facts.yaml").write_text(facts, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["draft", "facts.yaml", "--script", script, "-o", "-"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert IN_SCRIPT[script] in result.stdout
    body = result.stdout.split("\n", 1)[1]
    assert [ch for ch in NEVER_IN[script] if ch in body] == []
