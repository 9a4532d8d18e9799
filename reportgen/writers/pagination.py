"""Where the pages break: the draft laid out on the 22 × 28 grid, line by line, as Word does.

The .docx writer needs one fact a word processor only knows after layout: on which page the
text ends and how much room is left there, so that the 版记 lands on an even page (§7.4.1).
Every paragraph the writer emits is a `Laid`: its height and how it keeps with the next, the
lines of grid text counted the way Word breaks them (half-width characters half a 字, a run
of digits or Latin letters never split, no line starting with a closing mark). The count is an
estimate; the writer leaves a margin where a line more or less would matter.
"""

from __future__ import annotations

import functools
import math
import re
from typing import NamedTuple

from reportgen.writers import gongwen as g

LINE_PT = g.LINE_PITCH_TW / g.TWIPS_PER_PT  # one grid line
PAGE_PT = g.TEXT_HEIGHT_TW / g.TWIPS_PER_PT  # the 版心's height
# Word's 避头尾 (GB/T 15834 practice): characters a line may not begin with.
NO_LINE_START = "，。、；：？！）》〉」』】〕”’…—·%‰,.;:?!)]}"
_WORD = re.compile(r"[A-Za-z0-9%.,:/+\-]+")  # Latin words and numbers: never broken
_width = functools.cache(g.width)  # a report has a few hundred distinct characters


class Laid(NamedTuple):
    """One paragraph as written: its XML, its height in points and its keep rules."""

    xml: str
    height: float = LINE_PT
    line: float = LINE_PT  # the height of each of its lines
    keep_next: bool = False  # its last line on the page of the next paragraph's first
    keep_lines: bool = False  # never split over two pages


def grid_lines(text: str, first: float = 0, left: float = 0, right: float = 0,
               per_line: int = g.CHARS_PER_LINE) -> int:
    """Lines a paragraph of grid text fills: first/left/right indents in 字.

    A Latin word or number moves to the next line whole; runs of whole-字 characters are
    stepped through a line at a time. A line never starts with a closing mark: the piece
    before it goes down too (Word's 避头尾, with punctuation kept inside the 版心). One tight
    function: the .docx writer counts every paragraph of a 公文 with a 版记."""
    limit = per_line - right + 1e-9
    carry = not g.HANG_PUNCTUATION
    wide = _all_wide(text)
    lines, used, last = 1, float(first), 0.0  # last: the width of the piece placed last
    pos, end = 0, len(text)
    words = _WORD.finditer(text)
    while pos < end:
        m = next(words, None)
        stop = m.start() if m else end
        if wide:  # pos..stop, whole 字 each: a line at a time
            while pos < stop:
                room = int(limit - used) if used < limit else 0
                if room >= stop - pos:
                    used += stop - pos
                    last, pos = 1.0, stop
                    break
                used += room
                pos += room
                if room:
                    last = 1.0
                if used > left:  # the character at pos begins a line
                    lines += 1
                    used = left + (last if carry and text[pos] in NO_LINE_START else 0.0)
                used += 1.0
                last = 1.0
                pos += 1
        else:
            for ch in text[pos:stop]:
                w = _width(ch)
                if used + w > limit and used > left:
                    lines += 1
                    used = left + (last if carry and ch in NO_LINE_START else 0.0)
                used += w
                last = w
            pos = stop
        if m:
            w = (m.end() - m.start()) / 2
            if used + w > limit and used > left:
                lines += 1
                used = left + (last if carry and text[pos] in NO_LINE_START else 0.0)
            used += w
            last, pos = w, m.end()
    return lines


_WIDE: set[str] = set()  # characters seen to be one 字 wide
_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%.,:/+-")


# Characters known to be one 字 wide (CJK, its punctuation, full-width forms, the marks Chinese
# text uses): a paragraph of these and Latin words needs no character looked at one by one.
_UNSURE = re.compile("[^A-Za-z0-9%.,:/+\\-\u2e80-\u303e\u3040-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                     "\uff01-\uff60\uffe0-\uffe6\u2010\u2013-\u2016\u2018\u2019\u201c\u201d"
                     "\u2020-\u2022\u2024-\u2027\u00b7\u00d7\u203b]")


def _all_wide(text: str) -> bool:
    """Whether every character outside Latin words is one 字 wide."""
    if _UNSURE.search(text) is None:
        return True
    new = set(text) - _WIDE - _WORD_CHARS
    if not new:
        return True
    if all(g.width(ch) == 1 for ch in new):
        _WIDE.update(new)
        return True
    return False


def pages(items: list[Laid], first_page_used: float = 0) -> tuple[int, float]:
    """The page the last paragraph ends on (1-based) and the height used on it."""
    page, y = 1, first_page_used
    for i, item in enumerate(items):
        rows = max(1, round(item.height / item.line)) if item.line else 1
        step = item.height / rows
        tail = _together(items, i) if item.keep_next else step  # from its last line on
        if item.keep_lines:
            if y > 0 and y + item.height - step + tail > PAGE_PT + 1e-6:
                page, y = page + 1, 0.0
            y += item.height
            continue
        for row in range(rows):
            need = tail if row == rows - 1 else step
            if y > 0 and y + need > PAGE_PT + 1e-6:
                page, y = page + 1, 0.0
            y += step
    return page, y


def _together(items: list[Laid], i: int) -> float:
    """What must stand on one page from item i's last line: the lines it keeps with."""
    need = items[i].height if items[i].keep_lines or not items[i].line else items[i].line
    j = i
    while items[j].keep_next and j + 1 < len(items):
        j += 1
        nxt = items[j]
        whole = nxt.keep_lines or math.isclose(nxt.height, nxt.line)
        need += nxt.height if whole else nxt.line
        if not whole:
            break
    return need


def free_lines(used: float) -> int:
    return math.floor((PAGE_PT - used) / LINE_PT + 1e-6)
