"""The lexicon of 规范表述: each rule finds its error and passes its clean twin; the file is
valid, every entry has a level and a reason; a user's lexicon adds entries and a bad one is
reported at its line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.check import lexicon
from reportgen.check.readers import Line

from conftest import ROOT
from conftest import invoke as run

LEXICON = ROOT / "reportgen" / "check" / "lexicon.yaml"


def found(text: str) -> list[tuple[int, str, str, str, str | None]]:
    """(column, level, code, text found, fix) of every lexicon finding in one line."""
    return [(f.column, f.level, f.code, f.excerpt, f.fix)
            for f in lexicon.load().findings(Line(1, text))]


@pytest.mark.parametrize(("text", "expected"), [
    # 截止/截至: a time point after it decides
    ("截止2024年底，共开展12次。", [(1, "错误", "confusable", "截止", "截至")]),
    ("截止目前，已完成。", [(1, "错误", "confusable", "截止", "截至")]),
    ("截止上半年，已完成。", [(1, "错误", "confusable", "截止", "截至")]),
    ("截至到6月底", [(1, "疑似", "confusable", "截至到", None)]),
    # 作出/做出, 制定/制订, 以至/以致, 反映/反应: probably wrong, never changed by --fix
    ("对全年工作做出部署", [(6, "疑似", "confusable", "做出", None)]),
    ("做出了重要贡献", [(1, "疑似", "confusable", "做出", None)]),
    ("制订管理制度", [(1, "疑似", "confusable", "制订", None)]),
    ("学习不深入，以至出现偏差", [(7, "疑似", "confusable", "以至", None)]),
    ("及时反应群众诉求", [(3, "疑似", "confusable", "反应", None)]),
    ("其它工作", [(1, "提示", "confusable", "其它", None)]),
    # 错别字
    ("认真贯切落实", [(3, "错误", "typo", "贯切", "贯彻")]),
    ("作出布署", [(3, "错误", "typo", "布署", "部署")]),
    ("按排专人负责", [(1, "错误", "typo", "按排", "安排")]),
    ("加强意识型态工作", [(3, "错误", "typo", "意识型态", "意识形态")]),
    ("宏扬正能量", [(1, "错误", "typo", "宏扬", "弘扬")]),
    ("一如继往地抓好", [(1, "错误", "typo", "一如继往", "一如既往")]),
    # fixed formulations: garbled, reordered, wrong ordinal
    ("学习习近平新时代中国特色社会主意思想", [(3, "错误", "formulation", "习近平新时代中国特色社会主意思想",
                                    "习近平新时代中国特色社会主义思想")]),
    ("学习习近平新时代中国特社会主义思想", [(3, "错误", "formulation", "习近平新时代中国特社会主义思想",
                                   "习近平新时代中国特色社会主义思想")]),
    ("坚持中国特色社会义主", []),  # its last two characters are swapped: not anchored, left alone
    ("实现中华名族伟大复兴", [(3, "错误", "formulation", "中华名族伟大复兴", "中华民族伟大复兴")]),
    ("实现中华民族伟大复新", []),  # garbled in its last two characters: no anchor, left alone
    ("以习近平总书记为核心的党中央", [(1, "错误", "formulation", "以习近平总书记为核心的党中央",
                                "以习近平同志为核心的党中央")]),
    ("增强政治意识、大局意识、看齐意识、核心意识", [(3, "错误", "formulation", "政治意识、大局意识、看齐意识、核心意识",
                                        "政治意识、大局意识、核心意识、看齐意识")]),
    ("坚定道路自信、制度自信、理论自信", [(3, "错误", "formulation", "道路自信、制度自信、理论自信", None)]),
    ("守土负责、守土有责、守土尽责", [(1, "错误", "formulation", "守土负责、守土有责、守土尽责",
                                "守土有责、守土负责、守土尽责")]),
    ("贯彻党的二十大三中全会精神", [(5, "错误", "formulation", "二十大三中全会", "二十届三中全会")]),
    ("党的二十届三次全会", [(3, "错误", "formulation", "二十届三次全会", "二十届三中全会")]),
    ("学习党的第二十大精神", [(3, "错误", "formulation", "党的第二十大", "党的二十大")]),
    ("学习党的20大精神", [(3, "错误", "formulation", "党的20大", "党的二十大")]),
    ("党的第二十届三中全会", [(1, "疑似", "formulation", "党的第二十届三中全会", None)]),
    ("发展全过程民主", [(3, "疑似", "formulation", "全过程民主", None)]),
])
def test_each_entry_finds_its_error(text: str, expected: list[tuple[int, str, str, str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "截至2024年底，共开展12次。",
    "截止日期为6月30日。",
    "报名于6月30日截止。",
    "截止到目前，已完成。",
    "作出重要部署，做出样品。",
    "制定管理制度，制订工作计划。",
    "从县到乡以至到村。",
    "学习不深入，以致出现偏差。",
    "及时反映群众诉求，群众反应强烈。",
    "其他工作",
    "连贯切换，一贯切实履行职责。",
    "按排名先后，按排查结果整改。",
    "学习习近平新时代中国特色社会主义思想，坚持中国特色社会主义。",
    "增强政治意识、大局意识、核心意识、看齐意识，坚定道路自信、理论自信、制度自信、文化自信。",
    "增强政治意识、大局意识。",  # two of the four: too few to judge an order
    "坚决维护习近平总书记党中央的核心、全党的核心地位，坚决维护党中央权威和集中统一领导。",
    "确立习近平同志党中央的核心、全党的核心地位。",
    "实现中华民族的伟大复兴。",  # 的 added: a reading, not a garble
    "党的二十大、党的二十届三中全会、党的第二十次全国代表大会、十一届三中全会。",
    "党的二十届二中全会",  # another plenum, not a garbled 三中全会
    "富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善。",
    "领导权、管理权、话语权。",
])
def test_clean_twins_pass(text: str) -> None:
    assert found(text) == []


def test_the_lexicon_file_is_valid_and_every_entry_has_a_level_and_a_reason() -> None:
    raw = yaml.safe_load(LEXICON.read_text(encoding="utf-8"))  # read independently of our loader
    assert raw["version"] == 1
    assert len(raw["entries"]) >= 100
    for entry in raw["entries"]:
        assert entry["level"] in ("错误", "疑似", "提示"), entry
        assert isinstance(entry["reason"], str) and len(entry["reason"]) >= 6, entry
        assert entry["kind"] in ("规范表述", "错别字", "易混词"), entry
        assert entry.get("source"), entry
    entries, problems = lexicon.parse_text(LEXICON.read_text(encoding="utf-8"), "lexicon.yaml")
    assert problems == []
    assert len(entries) == len(raw["entries"])


def test_no_wrong_form_is_found_in_its_own_right_form() -> None:
    lex = lexicon.load()
    for entry in lex.entries:
        for right in entry.right:
            if "\\" not in right:  # a pattern's right form with \1 is a template
                assert [f for f in lex.findings(Line(1, right)) if f.code == entry.code] == [], right


def test_the_lexicon_is_read_once() -> None:
    assert lexicon.load() is lexicon.load()


USER = """version: 1
entries:
  - kind: 错别字
    right: 蒙顶山镇
    wrong: [蒙頂山镇, 蒙顶山乡]
    level: 错误
    reason: 本镇的规范名称
"""


def test_a_user_lexicon_adds_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "词库.yaml").write_text(USER, encoding="utf-8")
    (tmp_path / "稿.txt").write_text("蒙顶山乡党委贯切落实。\n", encoding="utf-8")
    plain = run("check", "稿.txt")
    result = run("check", "稿.txt", "--lexicon", "词库.yaml")
    assert plain.stdout.count("\n") == 2  # 贯切 only
    assert result.stdout.splitlines()[0] == "稿.txt:1:1: 错误：“蒙顶山乡”应为“蒙顶山镇”：本镇的规范名称 [typo]"


BAD = """version: 1
entries:
  - kind: 错别字
    right: 部署
    wrong: [布署]
    level: 严重
    reason: 部署的部
  - kind: 易混词
    right: 截至
    pattern: 截止(?=\\d
    level: 错误
    reason: 后接时间点
  - kind: 错别字
    right: 安排
    wrong: [按排]
    level: 错误
    reasn: 安置的安
  - kind: 规范表述
    right: 全面深化改革开放
    wrong: [深化改革]
    level: 错误
    reason: 规范表述
"""


def test_a_bad_lexicon_file_is_reported_at_its_lines(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "坏.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "稿.txt").write_text("正文。\n", encoding="utf-8")
    result = run("check", "稿.txt", "--lexicon", "坏.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "错误：坏.yaml 第6行第12列：entries[0].level（级别）：应为 错误、疑似 或 提示，实际为“严重”",
        "错误：坏.yaml 第10行第14列：entries[1].pattern（正则表达式）：正则表达式有误："
        "missing ), unterminated subpattern at position 2",
        "错误：坏.yaml 第17行第5列：entries[2].reasn：不认识的字段“reasn”（是否想写 reason？）",
        "错误：坏.yaml 第13行第5列：entries[2].reason（理由）：请写一句理由，说明为什么这样写不对（给文字人员看）",
        "错误：坏.yaml 第20行第12列：entries[3].wrong（错误写法）：错误写法“深化改革”也出现在正确写法中：正确的文字也会被指出",
        "共 5 处错误。",
    ]


def test_a_missing_or_empty_lexicon_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "稿.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "空.yaml").write_text("\n", encoding="utf-8")
    result = run("check", "稿.txt", "--lexicon", "无.yaml", "--lexicon", "空.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "错误：无.yaml：文件不存在",
        "错误：空.yaml：词库文件是空的：格式见 reportgen 自带的 lexicon.yaml",
        "共 2 处错误。",
    ]


def test_the_readme_examples_are_valid() -> None:
    """The lexicon entry and the ignore file the README shows are read without a problem."""
    from reportgen.check import ignore

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\nversion: 1\n", 1)[1].split("```", 1)[0]
    entries, problems = lexicon.parse_text("version: 1\n" + example, "README.md")
    assert problems == [] and [e.right for e in entries] == [("蒙顶山镇",)]
    rules = readme.split("```\nconfusable", 1)[1].split("```", 1)[0]
    assert len(ignore.parse("confusable" + rules, "README.md")) == 5
