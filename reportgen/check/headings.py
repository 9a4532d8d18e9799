"""Heading numbers and titles, read from the text of any report.

A line that starts with 一、 / （一） / 1. / （1） is a heading of level 1 to 4; so is one
that starts right after a 。, where a heading was run into the paragraph before it. A
short line naming a report (…报告, …讲话, 【篇二】) is a title and starts a new document,
as in files that hold several variants one after another.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reportgen.check.finding import Finding
from reportgen.check.hant import both
from reportgen.check.readers import Line

CN_NUM = "一二三四五六七八九十"
BLANK = " \t　"
_HEADING = re.compile(
    rf"(?:^|(?<=。))[\s　]*(?P<label>"
    rf"(?P<l1>[{CN_NUM}]+)[、．.]"
    rf"|[（(](?P<l2>[{CN_NUM}]+)[）)]"
    rf"|(?P<l3>\d{{1,2}})[.．、](?!\d)"  # 1. but not 1.5
    rf"|[（(](?P<l4>\d{{1,2}})[）)])"
)
# 一、二季度 / 一、二月 in body text: numbers in a series, not a heading; 一、一季度履职情况 is a
# heading
_SERIES = re.compile(rf"[{CN_NUM}]+(?=[、季月])")
_TITLE_WORDS = re.compile(both(r"报告|总结|讲话|发言|述职|汇报|方案|意见|通知|稿"
                               r"|【篇[一二三四五六七八九十]+】"))
_SENTENCE_PUNCT = re.compile(r"[。，；！？,;!?]")


def cn_value(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (the ordinals reports use); 0 if not one."""
    if "十" not in text:
        return CN_NUM.index(text) + 1 if len(text) == 1 else 0
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return 0
    return (CN_NUM.index(tens) + 1 if tens else 1) * 10 + (CN_NUM.index(ones) + 1 if ones else 0)


def cn_word(n: int) -> str:
    """The inverse of cn_value, for messages."""
    if n <= 10:
        return CN_NUM[n - 1]
    tens, ones = divmod(n, 10)
    return (CN_NUM[tens - 1] if tens > 1 else "") + "十" + (CN_NUM[ones - 1] if ones else "")


@dataclass(frozen=True)
class HeadingMark:
    level: int  # 1 一、 2 （一） 3 1. 4 （1）
    n: int
    label: str  # as written: 一、 or (二)
    column: int  # 1-based


def headings_in(line: Line) -> list[HeadingMark]:
    out = []
    for m in _HEADING.finditer(line.text):
        level = next(lvl for lvl in (1, 2, 3, 4) if m.group(f"l{lvl}"))
        value = m.group(f"l{level}")
        n = int(value) if level > 2 else cn_value(value)
        # a Markdown heading line is a heading whatever follows its number
        series = _SERIES.match(line.text, m.end()) if level == 1 and not line.level else None
        if series and cn_value(series[0]) > n:
            continue
        if n:
            out.append(HeadingMark(level, n, m.group("label"), m.start("label") + 1))
    return out


def leading_heading(line: Line) -> HeadingMark | None:
    """The heading a line starts with, if any."""
    indent = len(line.text) - len(line.text.lstrip(BLANK))
    return next((h for h in headings_in(line) if h.column - 1 == indent), None)


def is_title(line: Line) -> bool:
    """The title of a (new) document: a Markdown # line, or a short line naming a report."""
    if line.level == 1:
        return True
    text = line.text.strip(BLANK)
    if not text or len(text) > 50 or _HEADING.match(text):
        return False
    if _SENTENCE_PUNCT.search(text.rstrip("。")):
        return False
    return bool(_TITLE_WORDS.search(text))


# GB/T 9704-2012 §7.3.4: “附件：1.××××” and the next attachments “2.××××” under it are a list,
# not headings.
_ATTACHMENTS = re.compile(r"^[\s　]*附件[:：]\s*1[.．]")


def heading_numbers(lines: list[Line]) -> Iterator[Finding]:
    """Each level counts 1, 2, 3 under its parent: no gap, no repeat, no restart."""
    last: dict[int, HeadingMark] = {}
    attachments = 0  # the last attachment number of a list being read
    for line in lines:
        if is_title(line):
            last.clear()
            continue
        if _ATTACHMENTS.match(line.text):
            attachments = 1
            continue
        lead = leading_heading(line)
        if attachments and lead and lead.level == 3 and lead.n == attachments + 1:
            attachments += 1
            continue
        if line.text.strip(BLANK):
            attachments = 0
        for mark in headings_in(line):
            prev = last.get(mark.level)
            expected = prev.n + 1 if prev else 1
            message = None
            if mark.n > expected:
                message = (f"标题序号不连续：“{prev.label}”之后是“{mark.label}”" if prev
                           else f"标题序号不连续：“{mark.label}”之前没有从一开始的同级标题")
            elif prev and mark.n < expected:
                what = "重新从头开始" if mark.n == 1 else "重复或倒退"
                message = f"标题序号{what}：前面已有“{prev.label}”，这里又是“{mark.label}”"
            if message:
                yield Finding(line.no, mark.column, "heading-number", message, mark.label)
            last[mark.level] = mark
            for deeper in range(mark.level + 1, 5):
                last.pop(deeper, None)
