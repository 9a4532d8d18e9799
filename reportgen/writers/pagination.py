"""Where the pages break: the draft laid out on the 22 × 28 grid, line by line, as Word does.

The .docx writer needs one fact a word processor only knows after layout: on which page the
text ends and how much room is left there, so that the 版记 lands on an even page (§7.4.1).
Every paragraph the writer emits is a `Laid`: its height and how it keeps with the next, the
lines of grid text counted the way Word breaks them (half-width characters half a 字, a run
of digits or Latin letters never split, no line starting with a closing mark). The count is an
estimate; the writer leaves a margin where a line more or less would matter.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from reportgen.writers import gongwen as g

LINE_PT = g.LINE_PITCH_TW / g.TWIPS_PER_PT  # one grid line
PAGE_PT = g.TEXT_HEIGHT_TW / g.TWIPS_PER_PT  # the 版心's height
# Word's 避头尾 (GB/T 15834 practice): characters a line may not begin with.
NO_LINE_START = "，。、；：？！）》〉」』】〕”’…—·%‰,.;:?!)]}"
_WORD = re.compile(r"[A-Za-z0-9%.,:/+\-]+")  # Latin words and numbers: never broken


@dataclass(frozen=True)
class Laid:
    """One paragraph as written: its XML, its height in points and its keep rules."""

    xml: str
    height: float = LINE_PT
    line: float = LINE_PT  # the height of each of its lines
    keep_next: bool = False  # its last line on the page of the next paragraph's first
    keep_lines: bool = False  # never split over two pages


def grid_lines(text: str, first: float = 0, left: float = 0, right: float = 0,
               per_line: int = g.CHARS_PER_LINE) -> int:
    """Lines a paragraph of grid text fills: first/left/right indents in 字."""
    lines, used, limit = 1, first, per_line - right
    tokens = [m.group() for m in re.finditer(rf"{_WORD.pattern}|.", text, re.DOTALL)]
    for i, token in enumerate(tokens):
        w = g.width(token)
        if used + w > limit + 1e-9 and used > left:
            lines += 1
            carried = 0.0
            # a line may not start with a closing mark: the character before it goes along
            if token[0] in NO_LINE_START and i > 0 and not g.HANG_PUNCTUATION:
                carried = g.width(tokens[i - 1])
            used = left + carried
        used += w
    return lines


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
