"""--facts: counts the report never states, numbers the facts do not hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.check import check_text, facts_check
from reportgen.check.readers import from_string
from reportgen.errors import FactsError

FACTS = """\
type: summary
period: 2024H1
date: 2024-07-05
unit:
  name: 双胜镇
  secretary: 王建国
study:
  group_study: 11
  staff_study: 20余
  seminars: 0
publicity:
  articles:
    - outlet: 《雅安日报》
      count: 5
    - outlet: “双胜发布”公众号
      count: 36
highlights:
  - 建成3个新时代文明实践站
"""


@pytest.fixture
def facts(tmp_path: Path) -> facts_check.FactNumbers:
    path = tmp_path / "facts.yaml"
    path.write_text(FACTS, encoding="utf-8")
    return facts_check.load(path, "facts.yaml")


def found(text: str, facts: facts_check.FactNumbers) -> list[tuple[str, int, int, str, str]]:
    return [(f.file, f.line, f.column, f.code, f.excerpt)
            for f in check_text(from_string(text, "报告.txt"), facts)]


def test_a_report_that_states_every_fact_and_nothing_else_is_clean(
        facts: facts_check.FactNumbers) -> None:
    text = ("双胜镇2024年上半年意识形态工作总结\n"
            "一、主要工作\n"
            "（一）理论学习。中心组集中学习11次，干部职工集中学习20余次，学习《规划（2019—2025年）》。\n"
            "（二）正面宣传。在《雅安日报》发表5篇、公众号36篇，共41篇；建成3个新时代文明实践站。\n"
            "下半年（2025年以前）继续推进。\n"
            "2024年7月5日")
    assert found(text, facts) == []


def test_approximate_counts_are_stated_with_or_without_yu(facts: facts_check.FactNumbers) -> None:
    text = "学习11次、20次，发表5篇、36篇。"
    assert found(text, facts) == []


def test_missing_counts_point_at_the_fact_and_unknown_numbers_at_the_text(
        facts: facts_check.FactNumbers) -> None:
    text = "中心组集中学习12次，干部职工学习20余次。\n发表36篇。"
    assert found(text, facts) == [
        ("报告.txt", 1, 8, "number-unknown", "12"),
        ("facts.yaml", 8, 16, "fact-missing", "study.group_study: 11"),
        ("facts.yaml", 14, 14, "fact-missing", "publicity.articles[1].count: 5"),
    ]


def test_zero_counts_need_no_number(facts: facts_check.FactNumbers) -> None:
    assert all(source != "study.seminars" for source, _ in facts.counts)


def test_invalid_facts_are_bad_input(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("type: summary\nperiod: 2024H1\n", encoding="utf-8")
    with pytest.raises(FactsError):
        facts_check.load(path)
