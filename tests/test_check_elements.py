"""公文要素 as GB/T 9704 writes them: each rule finds its error, with the one safe correction
where there is one, and passes its clean twin."""

from __future__ import annotations

import pytest

from reportgen.check import check_text
from reportgen.check.readers import from_string

ELEMENTS = {"date-format", "doc-number", "heading-style", "attachment"}


def found(text: str) -> list[tuple[int, int, str, str, str, str | None]]:
    return [(f.line, f.column, f.level, f.code, f.excerpt, f.fix)
            for f in check_text(from_string(text, "稿.txt")) if f.code in ELEMENTS]


@pytest.mark.parametrize(("text", "expected"), [
    # 成文日期: on its own line it is the date of the document
    ("县委宣传部\n2024.7.5", [(2, 1, "错误", "date-format", "2024.7.5", "2024年7月5日")]),
    ("县委宣传部\n2024-07-05", [(2, 1, "错误", "date-format", "2024-07-05", "2024年7月5日")]),
    ("县委宣传部\n2024/7/5", [(2, 1, "错误", "date-format", "2024/7/5", "2024年7月5日")]),
    ("县委宣传部\n2024年07月05日", [(2, 1, "错误", "date-format", "2024年07月05日", "2024年7月5日")]),
    ("县委宣传部\n二〇二四年七月五日", [(2, 1, "错误", "date-format", "二〇二四年七月五日", "2024年7月5日")]),
    ("县委宣传部\n二〇二四年十二月三十一日", [(2, 1, "错误", "date-format", "二〇二四年十二月三十一日",
                                     "2024年12月31日")]),
    ("县委宣传部\n24年7月5日", [(2, 1, "错误", "date-format", "24年7月5日", None)]),
    # in a sentence: leading zeros are still wrong, a numeric date is probably so
    ("于2024年03月召开会议。", [(1, 2, "错误", "date-format", "2024年03月", "2024年3月")]),
    ("于2024.3.8召开会议。", [(1, 2, "疑似", "date-format", "2024.3.8", None)]),
    # 发文字号
    ("根据县委宣传部（2024）5号文件", [(1, 8, "错误", "doc-number", "（2024）5号", "〔2024〕5号")]),
    ("雅宣发[2024]12号", [(1, 4, "错误", "doc-number", "[2024]12号", "〔2024〕12号")]),
    ("雅宣发【2024】12号", [(1, 4, "错误", "doc-number", "【2024】12号", "〔2024〕12号")]),
    ("雅宣发［2024］12号", [(1, 4, "错误", "doc-number", "［2024］12号", "〔2024〕12号")]),
    ("雅宣发〔2024〕第12号", [(1, 4, "错误", "doc-number", "〔2024〕第12号", "〔2024〕12号")]),
    ("雅宣发〔2024〕012号", [(1, 4, "错误", "doc-number", "〔2024〕012号", "〔2024〕12号")]),
    ("雅宣发〔24〕12号", [(1, 4, "错误", "doc-number", "〔24〕12号", None)]),
    # heading numbers: the form of each level, and no level skipped
    ("一.主要工作", [(1, 1, "错误", "heading-style", "一.", "一、")]),
    ("一、主要工作\n（一）学习\n1、集中学习", [(3, 1, "错误", "heading-style", "1、", "1.")]),
    ("一、主要工作\n（一）学习\n1.集中学习\n(1)中心组", [(4, 1, "错误", "heading-style", "(1)", "（1）")]),
    ("一、主要工作\n（一）学习\n1．集中学习", [(3, 1, "提示", "heading-style", "1．", None)]),
    ("一、主要工作\n1.集中学习", [(2, 1, "疑似", "heading-style", "1.", None)]),
    ("一、主要工作\n（一）学习\n（1）中心组", [(3, 1, "疑似", "heading-style", "（1）", None)]),
    # 附件说明
    ("附件：1.责任清单\n2.考核办法\n4.台账", [(3, 1, "错误", "attachment", "4", None)]),
    ("附件：1、责任清单\n2、考核办法", [(1, 4, "错误", "attachment", "1、", "1."),
                                 (2, 1, "错误", "attachment", "2、", "2.")]),
    ("附件：1.责任清单。\n2.考核办法", [(1, 10, "错误", "attachment", "。", "")]),
    ("附件：1.责任清单", [(1, 4, "提示", "attachment", "1", None)]),
    ("附件：责任清单\n2.考核办法", [(1, 4, "错误", "attachment", "责任清单", None)]),
])
def test_each_element_rule_finds_its_error(text: str, expected: list[tuple[int, int, str, str, str, str | None]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "县委宣传部\n2024年7月5日",
    "（2024年7月5日）",  # a speech's date under its title
    "于2024年3月召开会议，2024年12月31日前完成。",
    "时间:2022-01-25 13:39",  # a timestamp is web debris, not a date someone wrote
    "版本号1.2.3。",
    "雅宣发〔2024〕12号",
    "《规划（2021—2025年）》第5号文件",
    "一、主要工作\n（一）学习\n1.集中学习\n（1）中心组\n二、问题",
    "（一）学习",  # a report may start below the first level
    "附件：1.责任清单\n2.考核办法",
    "附件：责任清单",
])
def test_clean_twins_pass(text: str) -> None:
    assert found(text) == []


def test_attachment_items_are_not_read_as_headings() -> None:
    text = "一、主要工作\n（一）学习\n附件：1.责任清单\n2.考核办法"
    assert [f.code for f in check_text(from_string(text, "稿.txt"))] == []
