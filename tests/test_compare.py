"""Year-on-year comparisons: computed from two periods' facts, offered only where they mean
something, and traced as computed numbers."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.compare import change, changes
from reportgen.loading import load_yaml_text
from reportgen.pipeline import draft_facts
from reportgen.templating import make_environment
from reportgen.validate import Facts, validate
from reportgen.values import Count

from conftest import ROOT, RunCli
from support import FEWER, MORE, RISE, sources, untraced_digits

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"


def facts(period: str, body: str) -> Facts:
    text = f"type: summary\nperiod: {period}\ndate: 2024-04-08\nunit:\n  name: 甲镇\n{body}"
    return validate(load_yaml_text(text, "甲镇.yaml"))


@pytest.mark.parametrize(("now", "before", "expected"), [
    (5, 3, (2, True, 67)),
    (3, 5, (2, False, 40)),
    (1200, 1000, (200, True, 20)),
    (3, 0, (3, True, None)),  # no percentage of nothing
    (201, 200, (1, True, 1)),  # 0.5% rounds half up
    (2001, 2000, (1, True, None)),  # under half a percent: not worth saying
])
def test_a_change_has_its_size_direction_and_percentage(now: int, before: int,
                                                        expected: tuple[int, bool, int | None]) -> None:
    found = change(Count(now, False, "x"), Count(before, False, "x"), "study.group_study")
    assert found is not None
    percent = found.percent.value if found.percent else None
    assert (found.diff.value, found.up, percent) == expected
    assert found.diff.source == "compare:study.group_study"


@pytest.mark.parametrize(("now", "before"), [
    (Count(3), Count(3)),  # no "增加0次"
    (Count(20, True), Count(15)),  # 20余 has no exact difference
    (Count(3), None),
    (None, Count(3)),
])
def test_no_change_is_offered_where_it_means_nothing(now: Count | None, before: Count | None) -> None:
    assert change(now, before, "study.group_study") is None


def test_without_last_year_every_comparison_is_empty() -> None:
    tree = changes(facts("2024Q1", "study: {group_study: 3}").data, None)
    assert tree.study.group_study is None
    assert not tree


def test_a_drafted_comparison_is_worded_by_the_template_and_traced() -> None:
    now = facts("2024Q1", "responsibility: {special_meetings: 4}\nstudy: {group_study: 3, seminars: 2}\n"
                          "publicity: {materials: 1500}")
    before = facts("2023Q1", "responsibility: {special_meetings: 4}\nstudy: {group_study: 5, seminars: 1}\n"
                             "publicity: {materials: 1000}")
    doc = draft_facts(now, make_environment(), before).document
    text = "\n".join(b.full()[0] for b in doc.blocks)
    assert re.search(f"集中学习3次，{FEWER}2次", text)
    assert re.search(f"宣传资料1500份，{RISE}50%", text)
    assert not re.search("意识形态工作4次，[^，；。]*去年同期", text)  # unchanged
    assert untraced_digits(doc) == []
    assert {"compare:study.group_study", "compare:publicity.materials"} <= sources(doc)


# --- draft --compare FILE: one unit, last year's facts file ----------------------------------

def _last_year(tmp_path: Path, **replace: str) -> Path:
    """The sample with its period a year back and its own counts; replace edits the text."""
    text = SAMPLE.read_text("utf-8").replace("period: 2024H1", "period: 2023H1")
    text = re.sub(r"group_study: \d+", "group_study: 3", text)
    for old, new in replace.items():
        text = text.replace(old, new)
    path = tmp_path / "去年.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_single_draft_compares_with_last_years_file(run_cli: RunCli, tmp_path: Path) -> None:
    now = int(re.search(r"group_study: (\d+)", SAMPLE.read_text("utf-8")).group(1))  # type: ignore[union-attr]
    result = run_cli("draft", str(SAMPLE), "--compare", str(_last_year(tmp_path)), "-o", "out.md",
                     "--trace", "--check")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "out.md").read_text("utf-8")
    assert re.search(f"集中学习{now}次，{MORE}{now - 3}次", text)
    trace = json.loads((tmp_path / "out.md.trace.json").read_text("utf-8"))
    assert trace["compare"].endswith("去年.yaml")
    change = [n for n in trace["numbers"] if n["source"] == "compare:study.group_study"]
    assert [n["text"] for n in change] == [str(now - 3)]
    assert trace["untraced"] == []
    # without --compare the same facts say nothing of last year
    assert "去年同期" not in run_cli("draft", str(SAMPLE), "-o", "-").stdout


def test_compare_refuses_another_unit_or_period(run_cli: RunCli, tmp_path: Path) -> None:
    other = _last_year(tmp_path, **{"name: 双胜镇": "name: 双胜乡", "period: 2023H1": "period: 2024Q1"})
    result = run_cli("draft", str(SAMPLE), "--compare", str(other), "-o", "out.md")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert re.fullmatch(r"错误：.*去年\.yaml 第\d+行第\d+列：unit\.name（单位名称）："
                        r"--compare 应为“双胜镇”去年同期的事实文件，这里是“双胜乡”", lines[0])
    assert lines[1].endswith("period（报告期）：--compare 应为去年同期（2023H1）的事实文件，这里是 2024Q1")
    assert not (tmp_path / "out.md").exists()
