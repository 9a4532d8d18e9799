"""Rules across lines: heading numbers, 一是/二是 runs, and 字数 per section."""

from __future__ import annotations

import pytest

from reportgen.check import check_text
from reportgen.check.length import char_count, sections
from reportgen.check.readers import from_string


def found(text: str, max_chars: int | None = None) -> list[tuple[int, int, str, str]]:
    return [(f.line, f.column, f.code, f.excerpt)
            for f in check_text(from_string(text, "t.txt"), max_chars=max_chars)]


def lines(*rows: str) -> str:
    return "\n".join(rows)


@pytest.mark.parametrize(("text", "expected"), [
    (lines("一、主要工作", "内容。", "三、下一步", "内容。"), [(3, 1, "heading-number", "三、")]),
    (lines("一、主要工作", "二、存在问题", "一、下一步打算"), [(3, 1, "heading-number", "一、")]),
    (lines("一、主要工作", "二、存在问题", "二、下一步打算"), [(3, 1, "heading-number", "二、")]),
    (lines("（一）压实责任", "（三）强化学习"), [(2, 1, "heading-number", "（三）")]),
    (lines("（二）压实责任"), [(1, 1, "heading-number", "（二）")]),
    (lines("1.统一思想", "3.健全机制"), [(2, 1, "heading-number", "3.")]),
    # 一、二季度 is two quarters, not a heading; 一、一季度履职情况 is a heading about the first
    (lines("一、二季度共开会8次。", "二、存在问题"), [(2, 1, "heading-number", "二、")]),
    (lines("一、一季度履职情况", "内容。", "二、下一步打算"), []),
    (lines("一、一季度工作", "二、二季度工作", "三、三月份安排"), []),
    # a heading run into the paragraph before it, after 。, still counts
    (lines("一、抓机制", "(一)防范机制", "上下功夫。(二)应急机制", "(三)保障机制"), []),
    (lines("一、抓机制", "(一)防范机制", "在问题(二)应急机制上", "(三)保障机制"),
     [(4, 1, "heading-number", "(三)")]),
])
def test_heading_numbers(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert [f for f in found(text) if f[2] == "heading-number"] == expected


def test_a_markdown_heading_is_a_heading_whatever_follows_its_number() -> None:
    text = "# 述职报告\n\n## 一、二季度履职情况\n\n内容。\n\n## 三、下一步打算\n"
    findings = check_text(from_string(text, "t.md", markdown=True))
    assert [(f.line, f.excerpt) for f in findings if f.code == "heading-number"] == [(7, "三、")]


def test_headings_restart_under_a_new_parent_and_after_a_title() -> None:
    text = lines(
        "某局落实意识形态工作情况报告",
        "一、工作情况", "（一）压实责任", "（二）强化学习", "1.集中学习", "2.专题研讨",
        "二、存在问题", "（一）学习不深", "（二）阵地薄弱",
        "【篇二】某局落实意识形态工作情况报告",
        "一、工作情况", "（一）压实责任",
    )
    assert [f for f in found(text) if f[2] == "heading-number"] == []


@pytest.mark.parametrize(("text", "expected"), [
    ("一是抓学习。", [(1, 1, "enumeration", "一是")]),
    ("一是抓学习；三是抓阵地。", [(1, 7, "enumeration", "三是")]),
    ("一是抓学习；二是抓阵地；二是抓队伍。", [(1, 13, "enumeration", "二是")]),
    ("二是抓阵地。", [(1, 1, "enumeration", "二是")]),
    ("一要抓学习。二是抓舆论。三要抓协调。", [(1, 7, "enumeration", "二是")]),
    # across paragraphs within a section
    (lines("三、下一步打算", "一是加强培训。", "三是加强宣传。"), [(3, 1, "enumeration", "三是")]),
    (lines("三、下一步打算", "一是加强培训。", "二是规范管理。", "三是加强宣传。"), []),
    # a heading closes the section: 一是 alone under （一）
    (lines("（一）压实责任。一是成立领导小组。", "（二）强化学习。一是集中学习；二是专题研讨。"),
     [(1, 9, "enumeration", "一是")]),
    # 一要 … 二要 inside 一是, then 二是: two runs, both whole
    ("一是加强学习，一要读原文，二要悟原理；二是强化阵地。", []),
    ("第一，统一思想；第二，压实责任。坚持第一时间报告。", []),
    ("第一，统一思想；第三，压实责任。", [(1, 9, "enumeration", "第三")]),
])
def test_enumerations(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert [f for f in found(text) if f[2] == "enumeration"] == expected


def test_char_count_counts_as_word_processors_do() -> None:
    # 6 Chinese characters, 2 full-width marks, QQ and 2024 as one word each
    assert char_count("企业QQ工作群，2024年。") == 6 + 2 + 2
    assert char_count("  　") == 0


def test_sections_and_too_long() -> None:
    text = lines("某镇工作总结", "今年以来，成效明显。", "一、主要工作", "全年开展学习十二次。",
                 "二、存在问题", "学习不深。")
    assert [(s.name, s.line, s.chars) for s in sections(from_string(text).lines)] == [
        ("开头", 1, 6 + 10), ("一、主要工作", 3, 6 + 10), ("二、存在问题", 5, 6 + 5)]
    assert found(text, max_chars=40) == [(1, 1, "too-long", "43字")]
    assert found(text, max_chars=15) == [
        (1, 1, "too-long", "43字"), (1, 1, "too-long", "开头"), (3, 1, "too-long", "一、主要工作")]
    assert found(text, max_chars=43) == []
    assert [(s.name, s.chars) for s in sections(from_string("").lines)] == [("开头", 0)]
    assert [s.name for s in sections(from_string("一、主要工作\n学习。").lines)] == ["一、主要工作"]
