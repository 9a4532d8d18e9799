"""Derived values: period phrases, self-reference, party organisations, ordinals, the plan."""

from __future__ import annotations

import pytest

from reportgen.derive import (
    DEFAULT_PLAN,
    ProblemItem,
    cn_number,
    party_org_names,
    period_info,
    plan,
    study_group,
    unit_words,
    variant_picker,
)
from reportgen.problems import builtin
from reportgen.values import FactStr, Period, Record
from reportgen.wording import Wording

TERMS = Wording().terms
LIBRARY = builtin()


@pytest.mark.parametrize(
    ("period", "label", "title", "since", "next_span"),
    [
        (Period(2024, "Q", 1), "一季度", "2024年一季度", "今年以来", "二季度"),
        (Period(2024, "Q", 2), "二季度", "2024年二季度", "二季度以来", "下半年"),
        (Period(2024, "H", 1), "上半年", "2024年上半年", "今年以来", "下半年"),
        (Period(2024, "Q", 3), "前三季度", "2024年前三季度", "今年以来", "四季度"),
        (Period(2024, "Q", 4), "四季度", "2024年四季度", "四季度以来", "2025年"),
        (Period(2024, "H", 2), "下半年", "2024年下半年", "下半年以来", "2025年"),
        (Period(2024, "Y", 0), "全年", "2024年", "一年来", "2025年"),
    ],
)
def test_period_phrases(period: Period, label: str, title: str, since: str, next_span: str) -> None:
    info = period_info(period, TERMS)
    assert (info.label, info.title, info.since, info.next_span) == (label, title, since, next_span)
    assert info.title.source == "period"


def test_period_dates() -> None:
    assert Period(2024, "H", 1).start.isoformat() == "2024-01-01"
    assert Period(2024, "H", 1).end.isoformat() == "2024-06-30"
    assert Period(2024, "Q", 3).start.isoformat() == "2024-07-01"
    assert Period(2024, "Q", 4).end.isoformat() == "2024-12-31"
    assert Period(2024, "Q", 1).code == "2024Q1" and Period(2024, "Y").code == "2024"


@pytest.mark.parametrize(
    ("name", "kind", "we", "whole"),
    [
        ("双胜镇", "镇", "我镇", "全镇"), ("芦阳街道", None, "我街道", "全街道"), ("县交通运输局", None, "我局", "全局"),
        ("红星村", None, "我村", "全村"), ("城北社区", None, "我社区", "全社区"),
        ("镇沅县地方志办公室", "办", "我办", "全办"), ("青川市", None, "我市", "全市"),
        ("某某合作联社", "联社", "我社", "全社"), ("文化旅游集团", None, "集团公司", "全集团"),
        ("县老年大学", None, "我校", "全校"), ("县融媒体中心", None, "我中心", "全中心"),
        ("某某协调小组", None, "我单位", "全单位"),
        # a department of a Party committee speaks for the committee's area, never "全部"
        ("青川市委宣传部", "部", "我部", "全市"), ("名山区委组织部", None, "我部", "全区"), ("宣传部", "部", "我部", "本系统"),
    ],
)
def test_self_reference(name: str, kind: str | None, we: str, whole: str) -> None:
    words = unit_words(Record({"name": name, "kind": kind}), TERMS)
    assert (words.we, words.whole) == (we, whole)


@pytest.mark.parametrize(
    ("name", "kind", "party_org", "short", "full"),
    [
        ("双胜镇", "镇", "镇党委", "镇党委", "双胜镇党委"),
        ("青川市交通运输局", "局", "局党组", "局党组", "青川市交通运输局党组"),
        ("镇沅县地方志办公室", "办", "党支部", "党支部", "镇沅县地方志办公室党支部"),
        ("芦阳街道", "街道", None, "街道党工委", "芦阳街道党工委"),
        ("红星村", "村", None, "村党支部", "红星村党支部"),
        ("双胜镇", "镇", "中共双胜镇委员会", "中共双胜镇委员会", "中共双胜镇委员会"),
        ("双胜镇", "镇", "双胜镇党委", "双胜镇党委", "双胜镇党委"),
        ("县老年大学", None, None, "党委", "县老年大学党委"),
        ("县人民医院", None, None, "院党委", "县人民医院党委"),
        ("宝兴县城关中学", None, "学校党支部", "学校党支部", "宝兴县城关中学党支部"),
        ("县实验学校", None, "党总支", "党总支", "县实验学校党总支"),
        ("县供销社", "社", "社机关党支部", "社机关党支部", "县供销社机关党支部"),
        ("某某协调小组", None, None, "党支部", "某某协调小组党支部"),
        ("青川市委宣传部", "部", None, "部机关党支部", "青川市委宣传部机关党支部"),
    ],
)
def test_party_organisation_names(name: str, kind: str | None, party_org: str | None, short: str, full: str) -> None:
    unit = Record({"name": name, "kind": kind, "party_org": party_org})
    assert party_org_names(unit, unit_words(unit, TERMS), TERMS) == (short, full)


@pytest.mark.parametrize(
    ("org_short", "group", "short"),
    [
        ("镇党委", "镇党委理论学习中心组", "中心组"),
        ("局党组", "局党组理论学习中心组", "中心组"),
        ("街道党工委", "街道党工委理论学习中心组", "中心组"),
        ("中共双胜镇委员会", "中共双胜镇委员会理论学习中心组", "中心组"),
        ("村党支部", "村党支部", "支部"),
        ("机关党总支", "机关党总支", "支部"),
    ],
)
def test_who_holds_the_collective_study(org_short: str, group: str, short: str) -> None:
    # A branch has no theory study centre group: "村党支部理论学习中心组" is a defect.
    derived = study_group(FactStr(org_short, "unit.party_org"), TERMS)
    assert (derived["study_group"], derived["study_group_short"]) == (group, short)
    # the leading group of a committee holds 民主生活会; a branch, 组织生活会
    assert derived["life_meeting"] == ("民主生活会" if short == "中心组" else "组织生活会")
    assert derived["study_group"].source == "unit.party_org"


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (34, "三十四")])
def test_chinese_ordinals(n: int, text: str) -> None:
    assert cn_number(n) == text


def test_plan_answers_problems_point_by_point() -> None:
    problems = [
        ProblemItem("study_depth", None),
        ProblemItem(None, FactStr("部分村级宣传员业务能力偏弱，信息报送不够及时", "problems[2]")),
        ProblemItem("online_management", None),
        ProblemItem("study_depth", None, 1),  # the second study_depth: its next wording
        ProblemItem(None, FactStr("档案室漏雨", "problems[5]")),
    ]
    measures = plan(problems, [], LIBRARY)
    # one measure per problem, in order: the repeated code is answered again, with its next wording
    assert [item.code for item in measures] == ["study_depth", "team_capacity", "online_management", "study_depth",
                                                None]
    assert [item.nth for item in measures] == [0, 0, 0, 1, 0]


def test_plan_takes_next_steps_as_written_and_has_a_default() -> None:
    steps = [FactStr("推动新媒体平台统一审核", "next_steps[1]")]
    assert [item.text for item in plan([ProblemItem("study_depth", None)], steps, LIBRARY)] == steps
    assert tuple(item.code for item in plan([], [], LIBRARY)) == DEFAULT_PLAN


def test_variant_is_deterministic_and_varies_by_unit() -> None:
    a, b = variant_picker("summary", "双胜镇"), variant_picker("summary", "思延镇")
    assert a("opening", 3) == variant_picker("summary", "双胜镇")("opening", 3)
    picks = {(a(f"k{i}", 3), b(f"k{i}", 3)) for i in range(30)}
    assert any(x != y for x, y in picks)
    assert all(0 <= a(f"k{i}", 3) < 3 for i in range(30))


@pytest.mark.parametrize(("name", "kind", "party_org", "meeting"), [
    ("双胜镇", "镇", "镇党委", "民主生活会"),  # a 乡镇党委 is a leading group
    ("县交通运输局", "局", "局党组", "民主生活会"),
    ("城北社区", "社区", "社区党委", "组织生活会"),  # a community's 党委 is grassroots
    ("红星村", "村", "村党委", "组织生活会"),
    ("红星村", "村", "村党支部", "组织生活会"),
    ("县地方志办公室", "办", "党支部", "组织生活会"),
])
def test_the_life_meeting_by_organisation_and_level(name: str, kind: str, party_org: str, meeting: str) -> None:
    from reportgen.derive import build_context
    from reportgen.loading import load_yaml_text
    from reportgen.validate import validate

    text = (f"type: summary\nperiod: 2024\ndate: 2025-01-10\nunit:\n  name: {name}\n  kind: {kind}\n"
            f"  party_org: {party_org}\nstudy:\n  group_study: 3\n")
    context = build_context(validate(load_yaml_text(text, "f.yaml")).data, Wording())
    assert context["life_meeting"] == meeting
    assert context["blanks"]["life_meeting"] == meeting
