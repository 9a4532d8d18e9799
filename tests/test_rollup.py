"""The roll-up: totals that keep 约数 approximate, units counted per item, highlights by unit,
problems ranked by how many units name them, the same report whatever order units arrive in,
and every number in it traced to the roll-up."""

from __future__ import annotations

import itertools
import re

import pytest

from reportgen.loading import load_yaml_text
from reportgen.pipeline import render_document
from reportgen.problems import builtin
from reportgen.rollup import Rollup, contribution
from reportgen.templating import ROLLUP_TEMPLATE, make_environment
from reportgen.validate import validate
from reportgen.values import Period
from reportgen.wording import Wording

from support import untraced_digits

UNITS = {
    "甲镇": """
responsibility: {leading_group: true, special_meetings: 4}
study: {staff_study: 20余, group_study: 3}
publicity:
  articles: [{outlet: 《雅安日报》, count: 5}, {outlet: 公众号, count: 12}]
highlights: [打造“红色课堂”品牌, 开设“院坝微党课”]
problems: [study_depth, online_management]
""",
    "乙街道": """
responsibility: {leading_group: false, special_meetings: 2}
study: {staff_study: 3}
publicity:
  articles: [{outlet: 《四川日报》, count: 1}]
problems: [online_management, 部分村宣传员业务能力偏弱, 会议室漏雨]
""",
    "丙局": """
responsibility: {leading_group: true}
highlights: [推行“周五夜学”]
problems: [team_capacity, study_depth]
""",
}


def facts(name: str, body: str, period: str = "2024Q1") -> object:
    text = f"type: summary\nperiod: {period}\ndate: 2024-04-08\nunit:\n  name: {name}\n{body}"
    return validate(load_yaml_text(text, f"{name}.yaml")).data


def rollup(order: list[str]) -> Rollup:
    result = Rollup(Period(2024, "Q", 1))
    index = list(UNITS)
    for name in order:
        result.add(index.index(name), contribution(facts(name, UNITS[name]), builtin()))
    return result


def render(r: Rollup, unit: str | None = "县委宣传部") -> tuple[str, object]:
    doc = render_document(make_environment(), ROLLUP_TEMPLATE, r.context(Wording(), unit), unit or "")
    text = "\n".join(b.full()[0] for b in doc.blocks)
    return doc.title + "\n" + text, doc


def test_totals_keep_approximate_counts_approximate() -> None:
    context = rollup(list(UNITS)).context(Wording())
    assert str(context["total"].study.staff_study) == "23余"  # 20余 + 3
    assert str(context["total"].responsibility.special_meetings) == "6"
    assert context["units_with"].responsibility.special_meetings.value == 2
    assert context["units_with"].responsibility.leading_group.value == 2  # flags count units
    assert context["total"].publicity.articles.count.value == 18  # items of lists are summed
    assert context["units_with"].publicity.articles.count.value == 2
    assert context["total"].team.trainings.value == 0  # nobody reported it: zero, still there


def test_problems_ranked_by_units_then_library_order() -> None:
    problems = rollup(list(UNITS)).context(Wording())["problems"]
    ranked = [(p.code, p.units.value, [str(n) for n in p.names]) for p in problems]
    assert ranked == [
        ("study_depth", 2, ["甲镇", "丙局"]),
        ("online_management", 2, ["甲镇", "乙街道"]),
        ("team_capacity", 2, ["乙街道", "丙局"]),  # 宣传员业务能力 is classified as team_capacity
    ]
    (other,) = rollup(list(UNITS)).context(Wording())["other_problems"]
    assert (str(other.unit), str(other.text)) == ("乙街道", "会议室漏雨")


# The five orders other than the one UNITS is written in, which the report is compared with.
OTHER_ORDERS = [order for order in itertools.permutations(UNITS) if list(order) != list(UNITS)]


@pytest.mark.parametrize("order", OTHER_ORDERS, ids="-".join)
def test_the_report_does_not_depend_on_the_order_units_arrive(order: tuple[str, ...]) -> None:
    assert render(rollup(list(order)))[0] == render(rollup(list(UNITS)))[0]


def test_the_rendered_rollup_says_what_the_units_did_and_traces_every_number() -> None:
    text, doc = render(rollup(list(UNITS)))
    assert text.startswith("县委宣传部关于2024年一季度全县意识形态工作情况的报告\n")

    def said(*parts: str) -> bool:  # all parts in one sentence, whatever the wording variant
        return any(all(p in sentence for p in parts) for sentence in re.split("[。；]", text))

    assert said("领导小组", "2个单位")
    assert said("专题研究意识形态工作", "2个单位", "6次")
    assert said("干部职工", "23余次")
    assert said("宣传", "2个单位", "18篇")
    assert "甲镇打造“红色课堂”品牌，开设“院坝微党课”" in text
    assert "理论学习不够深入（2个单位：甲镇、丙局）" in text
    assert "会议室漏雨（乙街道）" in text
    assert text.rstrip().endswith("县委宣传部\n2024年4月8日")
    assert untraced_digits(doc) == []  # type: ignore[arg-type]


def test_without_a_collecting_body_the_report_names_no_area_and_signs_with_the_date() -> None:
    text, _ = render(rollup(["丙局"]), unit=None)
    assert text.startswith("2024年一季度意识形态工作情况汇总\n")
    assert "各单位" in text and "全县" not in text
    assert text.rstrip().endswith("\n2024年4月8日")


@pytest.mark.parametrize(("name", "area"), [
    ("县委宣传部", "县"), ("雅安市委宣传部", "市"), ("名山区委宣传部", "区"), ("石棉县委宣传部", "县"),
    ("双胜镇党委", "镇"), ("宣传办", ""),
])
def test_area_of_the_collecting_body(name: str, area: str) -> None:
    assert Wording().terms.area(name) == area
