"""A draft as HTML: the 版头, the title, the lines under it, the text, the closing block and
the 版记, each a block the page script lays out on A4 sheets (assets/page.js).

Every block carries the Document's paragraph number (data-p: 0 = the title, as in the trace).
Inside a block, the text as printed (full-width punctuation, as the .docx has it) is wrapped in
nested spans: a phrasebook sentence (class s, data-s: its index in the trace's sentences), a
value from the facts (class v, data-v: its index in the page's values), a proofreader's finding
(class f, data-f) and a 【待补充】 (class gap). Spans that cross are split, so each piece nests.
The closing block's indents and the title's line break are the .docx writer's own rules.
"""

from __future__ import annotations

import html
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from reportgen.document import ATTACHMENT, NUMBERING, Block, Document, Heading, Paragraph
from reportgen.marks import GAP, Span
from reportgen.serve import sheet
from reportgen.writers import gongwen as g
from reportgen.writers.docx import _attachment_indents, _signature_indents

_NOT_VALUES = ("", GAP, NUMBERING)


@dataclass(frozen=True)
class Mark:
    """An element wrapped around text[start:end]; rank orders marks of the same extent."""

    start: int
    end: int
    open: str
    rank: int = 0
    close: str = "</span>"


def nest(text: str, marks: Sequence[Mark], breaks: Collection[int] = ()) -> str:
    """text, escaped, with every mark around its range, properly nested: a mark still open
    where an enclosing one ends is closed there and opened again after it. breaks: <br>."""
    usable = sorted((m for m in marks if 0 <= m.start < m.end <= len(text)),
                    key=lambda m: (m.start, -m.end, m.rank))
    points = sorted({0, len(text), *(b for b in breaks if 0 < b < len(text))}
                    | {m.start for m in usable} | {m.end for m in usable})
    out: list[str] = []
    stack: list[Mark] = []
    waiting = iter(usable)
    upcoming = next(waiting, None)
    for a, b in pairwise(points):
        ended = next((i for i, m in enumerate(stack) if m.end <= a), None)
        if ended is not None:  # close down to the first mark that ends here, reopen the rest
            out += [m.close for m in reversed(stack[ended:])]
            reopened = [m for m in stack[ended:] if m.end > a]
            out += [m.open for m in reopened]
            stack = stack[:ended] + reopened
        while upcoming is not None and upcoming.start == a:
            out.append(upcoming.open)
            stack.append(upcoming)
            upcoming = next(waiting, None)
        if a in breaks:
            out.append("<br>")
        out.append(html.escape(text[a:b], quote=False))
    out += [m.close for m in reversed(stack)]
    return "".join(out)


@dataclass
class Places:
    """What the page numbers across its blocks: sentences (from the trace), values, findings."""

    sentences: dict[tuple[int, int, int], int]  # (paragraph, offset, end) → index in the trace
    findings: dict[int, list[tuple[int, int, int]]]  # paragraph → [(offset, end, finding index)]
    values: list[dict[str, Any]]  # filled while rendering: each value span's source and text
    facts: dict[str, tuple[str, int | None]]  # fact path → (its value as written, its line)


def render(doc: Document, places: Places) -> str:
    """The 主体's blocks as HTML, in the order the page lays them out."""
    shown = [_shown(b) for b in doc.blocks]
    stamped = doc.official is not None and doc.official.stamped
    indents = _signature_indents(doc.blocks, [text for text, _ in shown], stamped)
    lines = g.title_lines(doc.title, [(s.start, s.end) for s in doc.title_spans])
    title = g.fullwidth_punctuation(doc.title)
    breaks = {len(lines[0])} if len(lines) > 1 else set()
    out = [sheet.head(doc.official),
           _element("p", "title", 0, title, doc.title_spans, doc.title_phrases, places, breaks,
                    keep=True, whole=True)]
    roles = [_role(b) for b in doc.blocks] + [""]
    i = 0
    while i < len(doc.blocks) and roles[i] == "byline":  # the speaker and date, under the title
        out.append(_block(doc.blocks[i], i + 1, shown[i], places, keep=True, whole=True))
        i += 1
    out += [_blank()] * g.TITLE_BLANK_LINES
    for j in range(i, len(doc.blocks)):
        role, after = roles[j], roles[j + 1]
        if role == "signature" and roles[j - 1] != "signature":
            out += [_blank(keep=True)] * (g.STAMP_BLANK_LINES if stamped else g.SIGNATURE_BLANK_LINES)
        if role == ATTACHMENT and roles[j - 1] != ATTACHMENT:
            out += [_blank()] * g.ATTACHMENT_BLANK_LINES
        closing = after == "signature" and role != "signature"  # the text's last paragraph
        attached = role == ATTACHMENT and after in (ATTACHMENT, "signature")
        keep = closing or attached or role in ("heading", "signature")
        style = _indent_style(doc.blocks[j], shown[j][0], indents.get(j))
        out.append(_block(doc.blocks[j], j + 1, shown[j], places, keep=keep, whole=keep, style=style))
    out.append(sheet.imprint(doc.official))
    return "".join(out)


def _shown(block: Block) -> tuple[str, list[Span]]:
    text, spans = block.full()
    return g.fullwidth_punctuation(text), spans


def _role(block: Block) -> str:
    return block.role if isinstance(block, Paragraph) else "heading"


def _blank(keep: bool = False) -> str:
    """An empty line of body type (空一行)."""
    return f'<div class="blank"{" data-keep" if keep else ""}></div>'


def _indent_style(block: Block, text: str, indent: float | tuple[float, float] | None) -> str:
    """Indents in 字 (var(--zi), one character of the grid), as the .docx sets them."""
    if isinstance(indent, tuple):
        return (f"padding-left:calc(var(--zi)*{indent[0]:g});padding-right:calc(var(--zi)*{indent[1]:g});"
                "text-align:center")
    if indent is not None:
        return f"padding-right:calc(var(--zi)*{indent:g})"
    if isinstance(block, Paragraph) and block.role == ATTACHMENT:
        first, left = _attachment_indents(block, text)
        return f"padding-left:calc(var(--zi)*{left:g});text-indent:calc(var(--zi)*{first - left:g})"
    return ""


def _block(block: Block, index: int, shown: tuple[str, list[Span]], places: Places, *,
           keep: bool, whole: bool, style: str = "") -> str:
    text, spans = shown
    if isinstance(block, Heading):
        return _element("p", f"h{block.level}", index, text, spans, block.full_phrases(), places,
                        keep=keep, whole=whole, style=style)
    lead: list[Mark] = []
    if block.lead is not None:  # a run-in heading keeps its level's font
        lead = [Mark(0, len(block.lead.label), f'<span class="lead h{block.lead.level}">', rank=-1)]
    return _element("p", block.role, index, text, spans, block.full_phrases(), places, keep=keep,
                    whole=whole, style=style, extra=lead)


def _element(tag: str, kind: str, index: int, text: str, spans: list[Span], phrases: list[Span],
             places: Places, breaks: Collection[int] = (), *, keep: bool = False, whole: bool = False,
             style: str = "", extra: Sequence[Mark] = ()) -> str:
    marks = list(extra)
    for span in phrases:
        found = places.sentences.get((index, span.start, span.end))
        if found is not None:
            marks.append(Mark(span.start, span.end, f'<span class="s" data-s="{found}">'))
    for span in spans:
        if span.source == GAP:
            marks.append(Mark(span.start, span.end, '<span class="gap">', rank=2))
        elif span.source not in _NOT_VALUES:
            value = f'<span class="v" data-v="{len(places.values)}">'
            marks.append(Mark(span.start, span.end, value, rank=1))
            places.values.append(_value(span.source, text[span.start:span.end], places.facts))
    for start, end, found in places.findings.get(index, []):
        marks.append(Mark(start, end, f'<span class="f" data-f="{found}">', rank=3))
    attrs = f' data-p="{index}"' + (" data-keep" if keep else "") + (" data-whole" if whole else "")
    if style:
        attrs += f' style="{html.escape(style)}"'
    return f'<{tag} class="{kind}"{attrs}>{nest(text, marks, breaks)}</{tag}>'


def _value(source: str, text: str, facts: dict[str, tuple[str, int | None]]) -> dict[str, Any]:
    """A value span for the page: the facts it stands for (a+b for a total, compare:path for
    last year's), each with its value as the facts file has it and the line it is on."""
    items = []
    for part in source.split("+"):
        kind, _, path = part.rpartition(":")
        value, line = facts.get(path, (None, None)) if not kind else (None, None)
        items.append({"path": path, "compare": kind == "compare", "value": value, "line": line})
    return {"source": source, "text": text, "facts": items}
