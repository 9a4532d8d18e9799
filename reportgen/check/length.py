"""--max-chars: 字数 per section and in total, counted as offices count them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from reportgen.check.finding import Finding
from reportgen.check.headings import BLANK, leading_heading
from reportgen.check.readers import Line
from reportgen.check.rules import HAN

_COUNTED = re.compile(rf"[{HAN}]|[\u3001-\u303f\uff01-\uff5e“”‘’…—·]|[A-Za-z0-9]+")


def char_count(text: str) -> int:
    """字数 as Word and WPS count it: each Chinese character and full-width mark is one,
    and so is each run of Latin letters or digits."""
    return sum(1 for _ in _COUNTED.finditer(text))


@dataclass(frozen=True)
class Section:
    name: str  # 开头, or the level-1 heading (一、主要工作)
    line: int
    chars: int


def sections(lines: list[Line]) -> list[Section]:
    """The opening (with the title) and each part under a level-1 heading."""
    out: list[Section] = []
    name, start, count = "开头", lines[0].no if lines else 1, 0
    for line in lines:
        heading = leading_heading(line)
        if heading is not None and heading.level == 1:
            out.append(Section(name, start, count))
            head = line.text.strip(BLANK)
            name, start, count = head[:20] + ("…" if len(head) > 20 else ""), line.no, 0
        count += char_count(line.text)
    out.append(Section(name, start, count))
    if len(out) > 1 and not out[0].chars:
        del out[0]  # no opening before the first heading
    return out


def too_long(lines: list[Line], limit: int) -> Iterator[Finding]:
    parts = sections(lines)
    total = sum(s.chars for s in parts)
    if total > limit:
        message = f"全文共{total}字，超过上限{limit}字（多{total - limit}字）"
        yield Finding(1, 1, "too-long", message, f"{total}字")
    for part in parts:
        if part.chars > limit:
            over = part.chars - limit
            message = f"“{part.name}”部分共{part.chars}字，超过上限{limit}字（多{over}字）"
            yield Finding(part.line, 1, "too-long", message, part.name)
