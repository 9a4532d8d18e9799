"""Invisible markers around every value a template prints, and around every phrase.

A marked value reads OPEN source SEP text CLOSE, using private-use characters that
validation strips from every fact. A phrase from a phrasebook is marked the same way, its
source naming the key and variant ("#p:key#index"), and the values in it keep their own
marks inside it. The document parser removes the markers and keeps (start, end, source)
spans, which is how a draft knows where each number and each sentence came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

OPEN, SEP, CLOSE = "\ue000", "\ue001", "\ue002"
MARKERS = OPEN + SEP + CLOSE
GAP = "#gap"  # the source of placeholder text a person must fill in (highlighted in .docx)
GAP_TEXT = "【待补充】"  # what `draft --gaps` prints where the facts left a section empty


_MARKUP = re.compile(f"{OPEN}[^{SEP}]*{SEP}|{CLOSE}")
# an opening marker with its source, a closing one, or an opening one with no separator after it
_TOKEN = re.compile(f"{OPEN}([^{SEP}]*){SEP}|{CLOSE}|{OPEN}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    source: str  # the fact path, or "" for a value that did not come from the facts


def mark(value: Any) -> str:
    source = getattr(value, "source", "") or ""
    return f"{OPEN}{source}{SEP}{value}{CLOSE}"


def as_markup(text: str) -> Markup:
    """Markup of a str, made the quick way: Markup() asks each value for __html__ first, and a
    draft makes some five hundred of them."""
    return _new_str(Markup, text)


_new_str = str.__new__

PHRASE = "#p:"  # the source of a phrase span: #p:key#index (see wording.phrase_source)


def mark_phrase(text: str, key: str, index: int) -> str:
    return f"{OPEN}{PHRASE}{key}#{index}{SEP}{text}{CLOSE}"


def plain(text: str) -> str:
    """Text without markers or sources, when the spans are not needed (fast)."""
    return _MARKUP.sub("", text) if OPEN in text else text


def unmark(text: str, offset: int = 0) -> tuple[str, list[Span]]:
    """Text without markers, and the spans the marked values occupy in it (marks may nest:
    a phrase holds values). Spans are in order of their start, outer before inner."""
    if OPEN not in text:
        return text, []
    if OPEN + PHRASE not in text:  # values only (a batch draft): no mark holds another
        found = _unmark_flat(text, offset)
        if found is not None:
            return found
    return _unmark_nested(text, offset)


_FLAT = re.compile(f"{OPEN}([^{MARKERS}]*){SEP}([^{MARKERS}]*){CLOSE}")


def _unmark_flat(text: str, offset: int) -> tuple[str, list[Span]] | None:
    """unmark() of text whose marks hold no marks, a whole mark at a time; None for any other."""
    out: list[str] = []
    spans: list[Span] = []
    pos = 0
    length = offset
    empty = False
    for m in _FLAT.finditer(text):
        start = m.start()
        inner = m.group(2)
        out += (text[pos:start], inner)
        length += start - pos
        spans.append(Span(length, length + len(inner), m.group(1)))
        length += len(inner)
        empty = empty or not inner
        pos = m.end()
    out.append(text[pos:])
    plain_text = "".join(out)
    if OPEN in plain_text or SEP in plain_text or CLOSE in plain_text:
        return None  # nested or cut marks: the general way
    if empty:  # an empty value goes after a span that starts where it is
        spans.sort(key=_span_order)
    return plain_text, spans


def _span_order(span: Span) -> tuple[int, int]:
    return span.start, -span.end


def _unmark_nested(text: str, offset: int) -> tuple[str, list[Span]]:
    out: list[str] = []
    spans: list[Span] = []
    open_marks: list[tuple[str, int]] = []  # (source, start) of marks not yet closed
    pos = 0
    length = offset
    for m in _TOKEN.finditer(text):
        at = m.start()
        out.append(text[pos:at])
        length += at - pos
        pos = m.end()
        if m.group(1) is not None:
            open_marks.append((m.group(1), length))
        elif m.group(0) == CLOSE:
            if open_marks:
                source, start = open_marks.pop()
                spans.append(Span(start, length, source))
        else:  # a marker cut in half: keep the text, drop the marker
            out.append(text[at:].replace(OPEN, "").replace(SEP, "").replace(CLOSE, ""))
            pos = len(text)
            break
    out.append(text[pos:])
    spans.sort(key=_span_order)
    return "".join(out), spans
