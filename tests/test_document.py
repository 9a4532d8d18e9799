"""The rendered document: headings numbered by level after empty sections are dropped."""

from __future__ import annotations

import pytest

from reportgen.document import Heading, Paragraph, parse
from reportgen.errors import TemplateError
from reportgen.marks import GAP, PHRASE, Span, mark, mark_phrase
from reportgen.values import FactStr


def labels(text: str) -> list[str]:
    doc = parse(text)
    return [h.label for h in doc.headings()]


def test_numbering_by_level_and_restart_under_each_parent() -> None:
    text = ("# 题\n\n## 甲\n\n### 子\n\n正文\n\n### 子\n\n#### 孙\n\n正文\n\n#### 孙\n\n##### 曾孙\n\n正文\n\n"
            "##### 曾孙\n\n正文\n\n## 乙\n\n### 子\n\n正文\n\n### 子\n\n正文\n")
    assert labels(text) == ["一、甲", "（一）子", "（二）子", "1.孙", "2.孙", "（1）曾孙", "（2）曾孙", "二、乙",
                            "（一）子", "（二）子"]


def test_a_lone_subheading_has_no_number() -> None:
    """A single （一） is not a list: it is printed without a number, at every level."""
    text = ("# 题\n\n## 甲\n\n### 唯一的子\n\n#### 唯一的孙\n\n正文\n\n## 乙\n\n### 子\n\n正文\n\n### 子\n\n正文\n")
    assert labels(text) == ["一、甲", "唯一的子", "唯一的孙", "二、乙", "（一）子", "（二）子"]
    assert labels("# 题\n\n## 只有一节\n\n正文\n") == ["只有一节"]


def test_empty_sections_are_dropped_and_numbering_stays_contiguous() -> None:
    text = "# 题\n\n## 甲\n\n### 空\n\n### 有\n\n正文\n\n### 也有\n\n正文\n\n## 空的一级\n\n### 也空\n\n## 丙\n\n正文\n"
    assert labels(text) == ["一、甲", "（一）有", "（二）也有", "二、丙"]


def test_runin_heading_leads_its_paragraph() -> None:
    doc = parse("# 题\n\n## 主要工作\n\n### 压实责任。 {.runin}\n一是甲；\n二是乙。\n\n### 空的连排 {.runin}\n\n### 学习。 {.runin}\n学习正文。\n")
    paragraphs = [b for b in doc.blocks if isinstance(b, Paragraph)]
    assert [p.full()[0] for p in paragraphs] == ["（一）压实责任。一是甲；二是乙。", "（二）学习。学习正文。"]
    assert paragraphs[0].lead is not None and paragraphs[0].lead.level == 2


def test_gaps_keep_every_section_with_a_placeholder_where_the_facts_left_it_empty() -> None:
    text = ("# 题\n\n## 甲\n\n### 空\n\n### 有\n\n正文\n\n### 空的连排。 {.runin}\n\n"
            "## 空的一级\n\n### 也空\n\n## 丙\n\n正文\n")
    doc = parse(text, gaps=True)
    heads = [b if isinstance(b, Heading) else b.lead for b in doc.blocks]
    in_order = [h.label for h in heads if h is not None]
    assert in_order == ["一、甲", "（一）空", "（二）有", "（三）空的连排。",
                                                 "二、空的一级", "也空", "三、丙"]
    printed = [b.full()[0] for b in doc.blocks if isinstance(b, Paragraph)]
    assert printed == ["【待补充】", "正文", "（三）空的连排。【待补充】", "【待补充】", "正文"]
    gap = next(b for b in doc.blocks if isinstance(b, Paragraph))
    assert gap.spans == [Span(0, 5, GAP)]  # highlighted in .docx, never taken for a fact
    assert labels(text) == ["一、甲", "有", "二、丙"]  # without gaps, as before; a lone （一） has no number


def test_unnumbered_heading_and_roles() -> None:
    doc = parse("# 题\n\n::: byline\n张三\n（2025年2月18日）\n:::\n\n::: salutation\n同志们：\n:::\n\n## 附 {.unnumbered}\n\n正文\n\n::: signature\n某镇\n2024年7月5日\n:::\n")
    roles = [(b.role, b.text) for b in doc.blocks if isinstance(b, Paragraph)]
    assert roles == [("byline", "张三"), ("byline", "（2025年2月18日）"), ("salutation", "同志们："),
                     ("body", "正文"), ("signature", "某镇"), ("signature", "2024年7月5日")]
    heading = next(b for b in doc.blocks if isinstance(b, Heading))
    assert heading.label == "附"


def test_an_unnumbered_heading_takes_no_number_and_leaves_its_siblings_counting() -> None:
    text = "# 题\n\n## 附 {.unnumbered}\n\n正文\n\n## 甲\n\n正文\n\n## 乙\n\n### 唯一\n\n正文\n\n## 丙\n\n正文\n"
    assert labels(text) == ["附", "一、甲", "二、乙", "唯一", "三、丙"]
    # after an unnumbered heading, a lone one further on is still found alone
    assert labels("# 题\n\n## 附 {.unnumbered}\n\n正文\n\n## 甲\n\n### 唯一\n\n正文\n") == ["附", "甲", "唯一"]


def test_each_block_keeps_the_phrase_it_was_said_from() -> None:
    """draft --trace names each sentence's phrase: title, role blocks, headings and body keep it."""
    text = (f"# {mark_phrase('题', 'title', 0)}\n\n::: salutation\n{mark_phrase('同志们：', 'salutation', 1)}\n"
            f":::\n\n## {mark_phrase('甲', 'h-main', 2)}\n\n{mark_phrase('正文。', 'item', 3)}\n\n## 乙\n\n正文\n")
    doc = parse(text)
    assert [s.source for s in doc.title_phrases] == [f"{PHRASE}title#0"]
    assert [(b.text, [s.source for s in b.phrases]) for b in doc.blocks] == [
        ("同志们：", [f"{PHRASE}salutation#1"]), ("甲", [f"{PHRASE}h-main#2"]), ("正文。", [f"{PHRASE}item#3"]),
        ("乙", []), ("正文", [])]


def test_values_cannot_become_structure() -> None:
    name = FactStr("## {.runin} 一、", "unit.name")
    doc = parse(f"# {mark(name)}总结\n\n{mark(FactStr('# 不是标题', 'x'))}正文\n\n::: signature\n{mark(name)}\n:::\n")
    assert doc.title == "## {.runin} 一、总结"
    assert doc.title_spans[0].source == "unit.name"
    assert [b.text for b in doc.blocks if isinstance(b, Paragraph)] == ["# 不是标题正文", "## {.runin} 一、"]


def test_spans_follow_the_printed_text() -> None:
    doc = parse(f"# 题\n\n## 工作\n\n#### 学习 {{.runin}}\n召开会议{mark(FactStr('4', 'a.b'))}次\n\n"
                "#### 另一项 {.runin}\n正文\n")
    text, spans = doc.blocks[1].full()
    assert text == "1.学习召开会议4次"
    assert [(text[s.start:s.end], s.source) for s in spans] == [("1.", "#numbering"), ("4", "a.b")]


@pytest.mark.parametrize(
    ("text", "message"),
    [("没有标题\n", "没有标题"), ("# 一\n\n# 二\n", "两个标题"), ("# 题\n\n::: sidebar\nx\n:::\n", "未知的区块")],
)
def test_malformed_template_output(text: str, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        parse(text)


# --- found by mutation testing (scripts/mutation.py numbering) ------------------------------


def test_a_fact_in_a_heading_keeps_its_span_after_the_number() -> None:
    name = mark(FactStr("双胜镇", "unit.name"))
    doc = parse(f"# 题\n\n## 关于{name}的工作\n\n正文\n\n#### 学习{name}\n\n正文\n\n#### 又一项\n\n正文\n\n## 其他\n\n正文\n")
    first, third = [b for b in doc.blocks if isinstance(b, Heading)][:2]
    assert first.full() == ("一、关于双胜镇的工作", [Span(4, 7, "unit.name")])  # 一、 holds no digits to trace
    assert third.full() == ("1.学习双胜镇", [Span(0, 2, "#numbering"), Span(4, 7, "unit.name")])


@pytest.mark.parametrize(("text", "labels_"), [
    ("# 题\n\n### 子\n\n正文\n\n#### 孙\n\n正文\n\n#### 孙\n\n正文\n\n### 子\n\n正文\n", ["（一）子", "1.孙", "2.孙", "（二）子"]),
    ("# 题\n\n#### 孙\n\n正文\n\n#### 孙\n\n正文\n", ["1.孙", "2.孙"]),
    ("# 题\n\n##### 曾孙\n\n正文\n\n##### 曾孙\n\n正文\n", ["（1）曾孙", "（2）曾孙"]),
    ("# 题\n\n##### 曾孙\n\n正文\n", ["曾孙"]),  # alone: no number at all
])
def test_a_document_that_starts_below_the_first_level_counts_from_one(text: str, labels_: list[str]) -> None:
    assert labels(text) == labels_


def test_an_empty_last_section_is_dropped_or_marked_as_a_gap() -> None:
    assert labels("# 题\n\n## 甲\n\n正文\n\n## 丙\n\n正文\n\n## 空\n") == ["一、甲", "二、丙"]
    doc = parse("# 题\n\n## 甲\n\n正文\n\n## 乙\n\n### 子\n", gaps=True)
    # 乙 has a subsection, so only 子, the last block, gets the placeholder; 子 is alone: no number
    assert [b.full()[0] for b in doc.blocks] == ["一、甲", "正文", "二、乙", "子", "【待补充】"]


def test_a_runin_heading_never_leads_a_signature() -> None:
    doc = parse("# 题\n\n## 甲\n\n正文\n\n### 空的连排。 {.runin}\n\n::: signature\n某镇\n:::\n")
    assert [(b.full()[0], getattr(b, "role", "heading")) for b in doc.blocks] == [
        ("甲", "heading"), ("正文", "body"), ("某镇", "signature")]


def test_a_block_line_holding_only_an_empty_value_is_left_out() -> None:
    empty = mark(FactStr("", "unit.secretary"))
    doc = parse(f"# 题\n\n::: signature\n{empty}\nX\n某镇\n:::\n")
    assert [(b.role, b.text) for b in doc.blocks if isinstance(b, Paragraph)] == [
        ("signature", "X"), ("signature", "某镇")]


@pytest.mark.parametrize(("text", "message"), [
    ("没有标题\n", "模板输出没有标题（应以“# ”开头的一行）"),
    ("# 题\n\n::: sidebar\nx\n:::\n", "模板输出中有未知的区块“::: sidebar”；可用：byline、signature、salutation"),
    ("# 题\n\n:::\nx\n:::\n", "模板输出中有未知的区块“::: ”；可用：byline、signature、salutation"),
])
def test_malformed_template_output_is_said_in_full(text: str, message: str) -> None:
    with pytest.raises(TemplateError) as info:
        parse(text)
    assert str(info.value) == message
