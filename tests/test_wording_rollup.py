"""The 汇总报告 as the reviewer reads it: the collecting body reports to its superior (主送),
scopes itself (全县N个单位), says who reported and who did not, gives totals and a few named
highlights, calls a problem 普遍 only above one third of the units (部分单位 / 个别单位 below it),
words its suggestions as 各单位要…, and signs as the collecting body."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from reportgen.pipeline import render_document
from reportgen.rollup import Contribution, Rollup, reach
from reportgen.templating import ROLLUP_TEMPLATE, make_environment
from reportgen.values import Period

from conftest import RunCli
from support import untraced_digits

ENV = make_environment()
HEAD = "unit.name,unit.kind,responsibility.special_meetings,study.group_study,publicity.materials,highlights,problems\n"
ROWS = [
    "甲镇,镇,3,4,500,打造“红色课堂”品牌,study_depth；online_management",
    "乙镇,镇,2,5,300,,study_depth",
    "丙镇,镇,4,5,,开设“院坝微党课”；组建志愿宣讲队,study_depth；team_capacity",
    "丁乡,乡,1,2,200余,,online_management；会议室漏雨",
    "戊街道,街道,2,3,,推行“楼栋夜话”,online_management",
    "己村,村,1,2,100,,study_methods",
]


def write_sheet(path: Path, rows: list[str]) -> None:
    path.write_text(HEAD + "\n".join(rows) + "\n", encoding="utf-8")


def batch(run_cli: RunCli, tmp_path: Path, rows: list[str], *extra: str, out: str = "out") -> str:
    write_sheet(tmp_path / "units.csv", rows)
    result = run_cli("batch", "units.csv", "--type", "summary", "--period", "2024Q1", "--date", "2024-04-08",
                     "-o", out, *extra)
    assert result.exit_code in (0, 1), result.output
    (rollup,) = (tmp_path / out).glob("*汇总.md")
    return rollup.read_text("utf-8")


def part(text: str, heading: str) -> str:
    """The text under a level-1 heading, up to the next one."""
    return re.split(r"\n## ", text.split(heading, 1)[1])[0]


def sentences(text: str) -> list[str]:
    return re.split("[。；]", text)


def test_the_collecting_body_reports_to_its_superior(run_cli: RunCli, tmp_path: Path) -> None:
    text = batch(run_cli, tmp_path, ROWS, "--rollup-unit", "芦山县委宣传部", "--rollup-to", "雅安市委宣传部")
    lines = [line for line in text.split("\n") if line]
    assert lines[0] == "# 芦山县委宣传部关于2024年一季度全县意识形态工作情况的报告"
    assert lines[1] == "雅安市委宣传部："  # 主送, on the line after the title
    assert lines[-2:] == ["芦山县委宣传部", "2024年4月8日"]  # the collecting body signs
    assert "我部" in text or "芦山县委宣传部" in lines[2]
    assert re.search("全县(共有|共)?6个单位", part(text, "报送情况"))  # the scope: 全县6个单位


def test_rollup_to_alone_writes_the_rollup_and_without_it_there_is_no_addressee(
        run_cli: RunCli, tmp_path: Path) -> None:
    text = batch(run_cli, tmp_path, ROWS, "--rollup-to", "雅安市委宣传部")
    assert "\n雅安市委宣传部：\n" in text
    text = batch(run_cli, tmp_path, ROWS, "--rollup-unit", "芦山县委宣传部", out="out2")
    assert "：\n" not in text.split("## ")[0]  # no 主送 line before the body


def test_who_reported_and_who_did_not(run_cli: RunCli, tmp_path: Path) -> None:
    rows = [*ROWS, "庚镇,镇,1,三,,,"]  # 三 is not a count: 庚镇 fails
    text = batch(run_cli, tmp_path, rows, "--rollup-unit", "芦山县委宣传部")
    submitted = part(text, "报送情况")
    assert "7个单位" in submitted and "6个单位" in submitted and "1个单位" in submitted
    assert "庚镇" in submitted and "有误" in submitted
    assert "庚镇" not in part(text, "工作开展情况")


def test_common_only_above_one_third_of_the_units(run_cli: RunCli, tmp_path: Path) -> None:
    """Six units: study_depth from three (half) is 普遍; online_management from three too;
    team_capacity and study_methods from one each are 个别. With a seventh unit naming nothing,
    a problem of two units (2/7, below one third) is 部分."""
    text = batch(run_cli, tmp_path, ROWS, "--rollup-unit", "芦山县委宣传部")
    problems = part(text, "存在的主要问题")
    common = next(s for s in sentences(problems) if "理论学习不够深入" in s)
    assert "普遍" in common and "网络阵地管理不够规范" in common and "三分之一" in common
    one = next(s for s in sentences(problems) if "工作队伍能力有待提升" in s)
    assert "个别单位" in one and "普遍" not in one and "学习方式较为单一（己村）" in one
    assert "会议室漏雨（丁乡）" in problems

    rows = [r.replace("study_depth；", "").replace(",study_depth", ",") if r.startswith("丙镇") else r
            for r in ROWS] + ["庚镇,镇,1,2,,,"]
    problems = part(batch(run_cli, tmp_path, rows, "--rollup-unit", "芦山县委宣传部", out="out2"), "存在的主要问题")
    some = next(s for s in sentences(problems) if "理论学习不够深入" in s)
    assert "部分单位" in some and "普遍" not in some  # 2 of 7 units


@pytest.mark.parametrize(("units", "reporting", "expected"), [
    (3, 6, "common"), (2, 6, "some"), (3, 9, "some"), (4, 9, "common"), (1, 6, "one"), (1, 2, "one"),
    (1, 1, "one"), (2, 7, "some"), (2, 3, "common"),
])
def test_reach_of_a_problem(units: int, reporting: int, expected: str) -> None:
    assert reach(units, reporting) == expected


def test_suggestions_are_addressed_to_the_units(run_cli: RunCli, tmp_path: Path) -> None:
    text = batch(run_cli, tmp_path, ROWS, "--rollup-unit", "芦山县委宣传部")
    plan = part(text, "下一步工作建议")
    items = [p for p in plan.split("\n\n") if p.startswith("（")]
    assert len(items) == 3  # the three most common problems
    for item in items:
        _, _, rest = item.partition("。")
        assert rest.startswith(("各单位要", "建议各单位")), item


def test_highlights_are_named_by_unit(run_cli: RunCli, tmp_path: Path) -> None:
    highlights = part(batch(run_cli, tmp_path, ROWS, "--rollup-unit", "芦山县委宣传部"), "各单位特色做法")
    assert "甲镇打造“红色课堂”品牌" in highlights
    assert "丙镇开设“院坝微党课”，组建志愿宣讲队" in highlights
    assert "戊街道推行“楼栋夜话”" in highlights


def _rollup(n_units: int, problems: dict[str, int], failed: int = 0) -> Rollup:
    roll = Rollup(Period(2024, "Q", 1))
    for i in range(n_units):
        codes = tuple(code for code, k in problems.items() if i < k)
        roll.add(i, Contribution(f"{i + 1}号镇", "2024Q1", dt.date(2024, 4, 8),
                                 (("study.group_study", 2, False), ("publicity.materials", 100, True)),
                                 (f"开设“{i + 1}号讲堂”",), codes, ()))
    for j in range(failed):
        roll.fail(n_units + j, f"坏{j + 1}镇")
    return roll


@pytest.mark.parametrize("collector", ["县委宣传部", "名山区委宣传部", "雅安市委宣传部", "宝兴县委宣传部",
                                       "石棉县委宣传部", "天全县委宣传部", "芦山县委宣传部", "荥经县委宣传部", None])
def test_every_variant_reads_cleanly(collector: str | None) -> None:
    """Different collecting bodies get different variants: each one complete, traced, and clean."""
    roll = _rollup(9, {"study_depth": 4, "online_management": 3, "team_capacity": 1}, failed=2)
    doc = render_document(ENV, ROLLUP_TEMPLATE, roll.context(ENV.wording, collector, None, "市委宣传部"),  # type: ignore[attr-defined]
                          collector or "")
    text = "\n".join([doc.title, *(b.full()[0] for b in doc.blocks)])
    assert untraced_digits(doc) == []
    assert not re.search(r"[，。；、：]{2}|的的|\{|\}", text)
    assert "9个单位" in text and "11个单位" in text and "坏1镇" in text
    assert "个别单位" in text and "普遍" in text and "部分单位" in text
    if collector is None:
        assert doc.title == "2024年一季度意识形态工作情况汇总"
