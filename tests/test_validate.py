"""Validation: every field typed, every error located, all errors at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.errors import FactsError
from reportgen.loading import load_facts, load_yaml_text
from reportgen.validate import validate
from reportgen.values import Count, Period

BASE = """\
type: summary
period: 2024H1
date: 2024-07-05
unit:
  name: 双胜镇
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(FactsError) as info:
        validate(load_yaml_text(text, "f.yaml"))
    return [p.render() for p in info.value.problems]


def valid(text: str):  # type: ignore[no-untyped-def]
    return validate(load_yaml_text(text, "f.yaml"))


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("study:\n  group_study: 十一\n", "f.yaml 第7行第16列：study.group_study（党委理论学习中心组集中学习）：请用阿拉伯数字书写"),
        ("study:\n  seminars: -3\n", "第7行第13列：study.seminars（专题研讨）：不能为负数"),
        ("study:\n  seminars: 2.5\n", "study.seminars（专题研讨）：应为整数"),
        ("study:\n  seminars: 99999999999\n", "数值过大"),
        ("study:\n  staff_study: 约20\n", "约数请写成“20余”的形式"),
        ("study:\n  seminars: true\n", "应为不小于0的整数"),
        ("study: 3\n", "study（理论学习）：应为一组“字段: 值”"),
        ("study:\n  topics:\n    a: b\n", "study.topics（学习专题）：应为列表"),
        ("responsibility:\n  leading_group: 也许\n", "responsibility.leading_group（成立意识形态工作领导小组）：应为true 或 false"),
        ("publicity:\n  articles:\n    - outlet: 《雅安日报》\n", "publicity.articles[1].count（篇数）：必填"),
        ("publicity:\n  articles:\n    - outlet: 《雅安日报》\n      count: 5\n      cuont: 6\n",
         "第10行第7列：publicity.articles[1].cuont：未知字段“cuont”（是否想写 count？）"),
        ("stduy:\n  seminars: 1\n", "第6行第1列：stduy：未知字段“stduy”（是否想写 study？）"),
        ("理论学习:\n  seminars: 1\n", "“理论学习”应写作 study"),
        ("problems:\n  - study_dept\n", "“study_dept”不是问题库中的代码（是否想写 study_depth？）"),
        ("focus:\n  - awarness\n", "已忽略"),
        ("unit2: x\n", "未知字段“unit2”"),
    ],
)
def test_bad_values_are_located_and_explained(extra: str, expected: str) -> None:
    text = BASE + extra
    if "已忽略" in expected:  # focus belongs to speech: a warning, not an error
        facts = valid(text)
        assert any(expected in w.render() for w in facts.warnings)
        return
    messages = errors_of(text)
    assert any(expected in m for m in messages), messages


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("type", "sumary", "“sumary”不是可用的值（是否想写 summary？）"),
        ("type", "report", "应为以下之一：summary（工作总结）、duty（述职报告）"),
        ("period", "2024Q5", "季度为 Q1–Q4"),
        ("period", "2024H3", "半年为 H1–H2"),
        ("period", "24Q1", "应为报告期"),
        ("period", "1999", "超出范围"),
        ("date", "2024-02-30", "日期“2024-02-30”不存在"),
        ("date", "2024-13-01", "不存在"),
        ("date", "下周一", "应为日期"),
    ],
)
def test_top_level_fields(field: str, value: str, expected: str) -> None:
    text = BASE.replace(f"{field}: ", f"{field}: {value} #", 1)
    messages = errors_of(text)
    assert any(expected in m for m in messages), messages


def test_all_errors_of_a_file_come_at_once() -> None:
    text = "type: sumary\nperiod: 2024Q5\ndate: 2024-02-30\nunit:\n  nmae: 双胜镇\nstudy:\n  seminars: -1\n"
    messages = errors_of(text)
    assert len(messages) == 5
    assert [m.split("：")[0] for m in messages] == [
        "f.yaml 第1行第7列", "f.yaml 第2行第9列", "f.yaml 第3行第7列", "f.yaml 第5行第3列", "f.yaml 第7行第13列",
    ]


def test_required_fields() -> None:
    messages = errors_of("type: summary\n")
    joined = "\n".join(messages)
    for field in ("period（报告期）", "date（成文日期）", "unit（单位）"):
        assert field in joined


def test_type_specific_blocks() -> None:
    duty = BASE.replace("summary", "duty")
    assert any("person（述职人）：述职报告必须填写此项" in m for m in errors_of(duty))
    impl = BASE.replace("summary", "implementation")
    assert any("unit.superior（上级党委）：落实情况报告必须填写此项" in m for m in errors_of(impl))
    speech = BASE.replace("summary", "speech") + "meeting:\n  name: 工作会议\n"
    assert any("meeting.speaker（讲话人）：讲话稿需要填写 meeting.speaker（讲话人），或 unit.secretary（党组织书记）" in m for m in errors_of(speech))
    facts = valid(BASE + "person:\n  name: 张三\n")
    assert not facts.data.person  # ignored for a summary, with a warning
    assert "只用于述职报告" in facts.warnings[0].render()


def test_date_before_the_period_starts() -> None:
    messages = errors_of(BASE.replace("2024-07-05", "2023-12-30"))
    assert any("早于报告期 2024H1 的开始日期 2024-01-01" in m for m in messages)


def test_lenient_forms_office_staff_write() -> None:
    facts = valid(
        BASE.replace("2024H1", "2024年上半年").replace("2024-07-05", "2024年7月5日")
        + "study:\n  group_study: 11次\n  staff_study: 20 余\n  seminars: '３'\n"
        + "responsibility:\n  leading_group: 是\n  in_assessment: 否\n"
        + "highlights: 打造宣传品牌。\n"
    )
    data = facts.data
    assert data.period == Period(2024, "H", 1)
    assert data.date == dt.date(2024, 7, 5)
    assert data.study.group_study == Count(11, False, "study.group_study")
    assert str(data.study.staff_study) == "20余"
    assert data.study.seminars.value == 3
    assert data.responsibility.leading_group is True and data.responsibility.in_assessment is False
    assert data.highlights == ["打造宣传品牌"]  # one item without "- ", trailing 。 dropped


def test_a_list_written_on_one_line() -> None:
    facts = valid(BASE + "study:\n  topics: 党的二十届三中全会精神；习近平文化思想\n"
                  "positions:\n  media: 微信公众号、门户网站\n"
                  "problems: study_depth；村里宣传栏内容更新不及时\n")
    assert facts.data.study.topics == ["党的二十届三中全会精神", "习近平文化思想"]
    assert facts.data.positions.media == ["微信公众号、门户网站"]  # 、 may be inside one item: kept
    assert [p.problem for p in facts.data.problems] == ["study_depth", "村里宣传栏内容更新不及时"]


def test_text_is_cleaned_of_invisible_characters() -> None:
    facts = valid(BASE.replace("双胜镇", "双胜\u202e镇\u200b\ue000") + "highlights:\n  - 开设 “院坝\n    微党课”\n")
    assert facts.data.unit.name == "双胜镇"
    assert facts.data.highlights == ["开设“院坝微党课”"]
    assert any("不可见字符" in w.render() for w in facts.warnings)


def test_overlong_values() -> None:
    messages = errors_of(BASE.replace("双胜镇", "镇" * 300))
    assert any("unit.name（单位名称）：过长（300字），最多50字" in m for m in messages)


def test_empty_value_means_no_fact() -> None:
    facts = valid(BASE + "study:\n  seminars:\n  group_study: 3\n")
    assert facts.data.study.seminars is None
    assert facts.data.study.group_study.value == 3


def test_contract_files_validate(shared: Path) -> None:
    for path in sorted((shared / "spec").glob("*.yaml")):
        facts = validate(load_facts(path))
        assert facts.warnings == [], path
        assert facts.data.unit.name


# --- found by mutation testing (scripts/mutation.py validate) -------------------------------

HEAD = "type: summary\nperiod: 2024H1\ndate: 2024-07-05\nunit:\n  name: 双胜镇\n"
FLAG = "f.yaml 第7行第18列：responsibility.leading_group（成立意识形态工作领导小组）：应为true 或 false（也可写“是”或“否”），实际为"


@pytest.mark.parametrize(("value", "shown"), [
    ("[1]", "一个列表"),
    ("{a: 1}", "一组“字段: 值”"),
    ("长" * 41, "“" + "长" * 40 + "…”"),  # more than 40 characters: cut at 40
    ("长" * 40, "“" + "长" * 40 + "”"),
])
def test_a_wrong_value_is_shown_as_the_user_wrote_it(value: str, shown: str) -> None:
    assert errors_of(HEAD + f"responsibility:\n  leading_group: {value}\n") == [FLAG + shown]


@pytest.mark.parametrize("word", ["TRUE", "True", "是", "yes"])
def test_yes_as_excel_and_people_write_it(word: str) -> None:
    facts = valid(HEAD + f'responsibility:\n  leading_group: "{word}"\n')
    assert facts.data.responsibility.leading_group is True


def test_problem_codes_in_any_case_and_a_sentence_up_to_300_characters() -> None:
    facts = valid(HEAD + "problems: [STUDY_DEPTH, Study Depth, study-depth, " + "问" * 300 + "]\n")
    # the three spellings are one code: merged into one item, with a warning each
    assert [p.problem for p in facts.data.problems] == ["study_depth", "问" * 300]
    assert [w.message for w in facts.warnings if "重复" in w.message] == ["与第1项重复，已合并为一项"] * 2
    assert errors_of(HEAD + "problems: [" + "问" * 301 + "]\n") == [
        "f.yaml 第6行第12列：problems[1]（存在问题）：过长（301字），最多300字"]


def test_unknown_codes_and_fields_list_what_may_be_written() -> None:
    assert errors_of(HEAD + "problems: [no_such_code]\n") == [
        "f.yaml 第6行第12列：problems[1]（存在问题）：“no_such_code”不是问题库中的代码；可用代码："
        "responsibility_awareness、study_depth、study_methods、position_use、online_management、"
        "online_guidance、team_capacity、publicity_innovation、mechanism_longterm、situation_judgement、"
        "culture_supply、external_publicity、supervision；也可以直接写一句话描述问题"]
    assert errors_of(HEAD + "  zzzzqqq: 1\n") == [  # nothing close to it: no 是否想写
        "f.yaml 第6行第3列：unit.zzzzqqq：未知字段“zzzzqqq”；此处可用的字段：name、kind、party_org、superior、"
        "secretary、deputy"]


def test_a_missing_required_block_is_reported_beside_other_errors() -> None:
    text = "type: duty\nperiod: 2024\ndate: 2025-01-10\nunit:\n  name: 双胜镇\nstudy:\n  group_study: 十一\n"
    assert errors_of(text) == [
        "f.yaml 第7行第16列：study.group_study（党委理论学习中心组集中学习）：请用阿拉伯数字书写，如“11”或“20余”，实际为“十一”",
        "f.yaml 第1行第1列：person（述职人）：述职报告必须填写此项"]


def test_every_text_knows_its_fact_path() -> None:
    facts = valid(HEAD + "study:\n  topics: [党的二十大精神]\n")
    assert facts.data.unit.name.source == "unit.name"
    assert facts.data.study.topics[0].source == "study.topics[1]"
