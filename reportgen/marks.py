"""Invisible markers around every value a template prints.

A marked value reads OPEN source SEP text CLOSE, using private-use characters that
validation strips from every fact. The document parser removes the markers and keeps
(start, end, source) spans, which is how a draft knows where each number came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
MARKERS = OPEN + SEP + CLOSE
GAP = "#gap"  # the source of placeholder text a person must fill in (highlighted in .docx)
GAP_TEXT = "【待补充】"  # what `draft --gaps` prints where the facts left a section empty


_MARKUP = re.compile(f"{OPEN}[^{SEP}]*{SEP}|{CLOSE}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    source: str  # the fact path, or "" for a value that did not come from the facts


def mark(value: Any) -> str:
    source = getattr(value, "source", "") or ""
    return f"{OPEN}{source}{SEP}{value}{CLOSE}"


def plain(text: str) -> str:
    """Text without markers or sources, when the spans are not needed (fast)."""
    return _MARKUP.sub("", text) if OPEN in text else text


def unmark(text: str, offset: int = 0) -> tuple[str, list[Span]]:
    """Text without markers, and the spans the marked values occupy in it."""
    if OPEN not in text:
        return text, []
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = offset
    while True:
        start = text.find(OPEN, pos)
        if start < 0:
            out.append(text[pos:])
            break
        sep = text.find(SEP, start)
        close = text.find(CLOSE, sep)
        if sep < 0 or close < 0:  # a marker cut in half: keep the text, drop the marker
            out.append(text[pos:].replace(OPEN, "").replace(SEP, "").replace(CLOSE, ""))
            break
        out.append(text[pos:start])
        length += start - pos
        value = text[sep + 1 : close]
        spans.append(Span(length, length + len(value), text[start + 1 : sep]))
        out.append(value)
        length += len(value)
        pos = close + 1
    return "".join(out), spans
