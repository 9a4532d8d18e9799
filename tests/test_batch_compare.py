"""Year-on-year comparisons: computed from two periods' facts, offered only where they mean
something, and traced as computed numbers."""

from __future__ import annotations

import pytest

from reportgen.compare import change, changes
from reportgen.loading import load_yaml_text
from reportgen.pipeline import draft_facts
from reportgen.templating import make_environment
from reportgen.validate import Facts, validate
from reportgen.values import Count

from support import sources, untraced_digits


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
    assert "集中学习3次，较去年同期减少2次" in text
    assert "宣传资料1500份，同比增长50%" in text
    assert "意识形态工作4次，较去年同期" not in text  # unchanged
    assert untraced_digits(doc) == []
    assert {"compare:study.group_study", "compare:publicity.materials"} <= sources(doc)
