"""draft --script: traditional characters, spans kept on their values, file names to match."""

from __future__ import annotations

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
