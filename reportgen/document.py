"""The rendered document: a title, headings and paragraphs, read from a template's
small Markdown and then pruned and numbered. Both writers start from this.

The Markdown templates produce:
    # 标题                         the title (once)
    ## 主要工作                    level 1 heading, numbered 一、
    ### 压实责任 {.runin}          level 2, numbered （一）; .runin runs it into the next paragraph
    #### / #####                   levels 3 and 4, numbered 1. and （1）; {.unnumbered} opts out
    ::: byline / signature / salutation ... :::   one paragraph per line, in that role
    other lines                    paragraphs; consecutive lines join, a blank line ends one
Headings carry no numbers: numbering happens here, after empty sections are dropped,
so a section left out for lack of facts leaves no gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reportgen.derive import cn_number
from reportgen.errors import TemplateError
from reportgen.marks import GAP, GAP_TEXT, MARKERS, PHRASE, Span, unmark

if TYPE_CHECKING:
    from reportgen.official import Official

ROLES = ("body", "byline", "signature", "salutation")
ATTACHMENT = "attachment"  # 附件说明: a role the program gives (official.py), never a template
NUMBERING = "#numbering"  # the source of a heading number's digits in spans
_HEADING = re.compile(r"^(#{1,5})\s+(.*?)\s*(?:\{((?:\.[A-Za-z][\w-]*\s*)+)\})?$")
_FENCE = re.compile(r"^:::\s*([A-Za-z][\w-]*)?\s*$")


def heading_number(level: int, n: int) -> str:
    """一、 / （一） / 1. / （1）, the order GB/T 9704-2012 gives for levels 1 to 4."""
    return (f"{cn_number(n)}、", f"（{cn_number(n)}）", f"{n}.", f"（{n}）")[level - 1]


def split_spans(spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """(values, phrases): the spans of values from the facts, and those of phrasebook sentences."""
    values = [s for s in spans if not s.source.startswith(PHRASE)]
    return values, [s for s in spans if s.source.startswith(PHRASE)]


def _shifted(spans: list[Span], shift: int) -> list[Span]:
    return [replace(s, start=s.start + shift, end=s.end + shift) for s in spans]


@dataclass
class Heading:
    level: int  # 1..4
    text: str
    spans: list[Span] = field(default_factory=list)
    runin: bool = False
    numbered: bool = True
    number: str = ""
    phrases: list[Span] = field(default_factory=list)  # phrasebook sentences (key, variant)

    @property
    def label(self) -> str:
        return self.number + self.text

    def full(self) -> tuple[str, list[Span]]:
        """The heading as printed, its number counted as a span of its own."""
        shift = len(self.number)
        spans = [Span(0, shift, NUMBERING)] if any(c.isdigit() for c in self.number) else []
        return self.label, spans + _shifted(self.spans, shift)

    def full_phrases(self) -> list[Span]:
        return _shifted(self.phrases, len(self.number))


@dataclass
class Paragraph:
    text: str
    spans: list[Span] = field(default_factory=list)
    role: str = "body"
    lead: Heading | None = None  # a run-in heading printed at the start of this paragraph
    phrases: list[Span] = field(default_factory=list)  # phrasebook sentences (key, variant)

    @property
    def printed(self) -> str:
        """The paragraph as printed, run-in heading included (full() without the spans)."""
        return self.text if self.lead is None else self.lead.label + self.text

    def full(self) -> tuple[str, list[Span]]:
        """The paragraph as printed, run-in heading included, with spans to match."""
        if self.lead is None:
            return self.text, self.spans
        head, spans = self.lead.full()
        return head + self.text, spans + _shifted(self.spans, len(head))

    def full_phrases(self) -> list[Span]:
        """The phrase spans of the paragraph as printed, run-in heading included."""
        if self.lead is None:
            return self.phrases
        return self.lead.full_phrases() + _shifted(self.phrases, len(self.lead.label))


Block = Heading | Paragraph


@dataclass
class Document:
    title: str
    title_spans: list[Span]
    blocks: list[Block]
    author: str = ""
    date: str = ""
    title_phrases: list[Span] = field(default_factory=list)
    official: Official | None = None  # a 公文's 版头 and 版记, from the facts' document block

    def headings(self) -> list[Heading]:
        out = [b for b in self.blocks if isinstance(b, Heading)]
        out += [b.lead for b in self.blocks if isinstance(b, Paragraph) and b.lead is not None]
        return out


def parse(text: str, source: str = "模板输出", gaps: bool = False) -> Document:
    """Read a template's output into a pruned, numbered Document.

    gaps: keep every section, and put a highlighted placeholder under each one the facts
    left empty, for a person to fill in (`draft --gaps`); otherwise empty sections go."""
    title: tuple[str, list[Span], list[Span]] | None = None
    blocks: list[Block] = []
    lines: list[str] = []
    role: str | None = None

    def flush() -> None:
        if lines:
            body, spans = unmark("".join(lines))
            if body.strip():
                values, phrases = split_spans(spans)
                blocks.append(Paragraph(body, values, phrases=phrases))
            lines.clear()

    for raw in text.split("\n"):
        line = raw.strip()
        fence = _FENCE.match(line)
        if fence:
            flush()
            if role is None:
                role = fence.group(1) or ""
                if role not in ROLES:
                    raise TemplateError(f"{source}中有未知的区块“::: {role}”；可用：{'、'.join(ROLES[1:])}")
            else:
                role = None
            continue
        if role is not None:
            if line:
                body, spans = unmark(line)
                if body.strip(MARKERS + " "):
                    values, phrases = split_spans(spans)
                    blocks.append(Paragraph(body, values, role=role, phrases=phrases))
            continue
        if not line:
            flush()
            continue
        m = _HEADING.match(line)
        if m:
            flush()
            hashes, body_raw, attrs = m.groups()
            body, spans = unmark(body_raw)
            values, phrases = split_spans(spans)
            classes = set((attrs or "").replace(".", " ").split())
            if len(hashes) == 1:
                if title is not None:
                    raise TemplateError(f"{source}中有两个标题（以“# ”开头的行只能有一个）")
                title = (body, values, phrases)
            elif body:
                blocks.append(Heading(len(hashes) - 1, body, values, runin="runin" in classes,
                                      numbered="unnumbered" not in classes, phrases=phrases))
            continue
        lines.append(line)
    flush()
    if title is None:
        raise TemplateError(f"{source}没有标题（应以“# ”开头的一行）")
    blocks = _merge_runins(_fill_gaps(blocks) if gaps else _prune(blocks))
    _number(blocks)
    return Document(title[0], title[1], blocks, title_phrases=title[2])


def _prune(blocks: list[Block]) -> list[Block]:
    """Drop headings with nothing under them, repeatedly, so empty parents go too."""
    while True:
        keep: list[Block] = []
        dropped = False
        for i, block in enumerate(blocks):
            if isinstance(block, Heading) and not _has_content(blocks, i):
                dropped = True
                continue
            keep.append(block)
        blocks = keep
        if not dropped:
            return blocks


def _fill_gaps(blocks: list[Block]) -> list[Block]:
    """A placeholder paragraph under each heading that has neither text nor subsections."""
    out: list[Block] = []
    for i, block in enumerate(blocks):
        out.append(block)
        if isinstance(block, Heading) and not _has_content(blocks, i) and _is_leaf(blocks, i):
            out.append(Paragraph(GAP_TEXT, [Span(0, len(GAP_TEXT), GAP)]))
    return out


def _is_leaf(blocks: list[Block], i: int) -> bool:
    head = blocks[i]
    assert isinstance(head, Heading)
    after = blocks[i + 1] if i + 1 < len(blocks) else None
    return head.runin or not isinstance(after, Heading) or after.level <= head.level


def _has_content(blocks: list[Block], i: int) -> bool:
    head = blocks[i]
    assert isinstance(head, Heading)
    for block in blocks[i + 1:]:
        if isinstance(block, Paragraph):
            return block.role == "body" or not head.runin
        if head.runin or block.level <= head.level:
            return False
    return False


def _merge_runins(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    pending: Heading | None = None
    for block in blocks:
        if isinstance(block, Heading) and block.runin:
            pending = block
            continue
        if pending is not None and isinstance(block, Paragraph):
            block.lead = pending
        pending = None
        out.append(block)
    return out


def _lone(heads: list[Heading]) -> set[int]:
    """The headings that are the only numbered one under their parent: a single （一） is not a
    list, so it is printed without a number."""
    numbered: dict[tuple[int, int], int] = {}  # (parent's place, level) → numbered headings
    keys: list[tuple[int, int]] = []
    parents: list[int] = []  # places of the headings above the current one, outermost first
    for i, head in enumerate(heads):
        while parents and heads[parents[-1]].level >= head.level:
            parents.pop()
        key = (parents[-1] if parents else -1, head.level)
        keys.append(key)
        parents.append(i)
        if head.numbered:
            numbered[key] = numbered.get(key, 0) + 1
    return {id(head) for head, key in zip(heads, keys, strict=True) if head.numbered and numbered[key] == 1}


def _number(blocks: list[Block]) -> None:
    heads = [h for h in (b if isinstance(b, Heading) else b.lead for b in blocks) if h is not None]
    alone = _lone(heads)
    counters = [0, 0, 0, 0]
    for head in heads:
        if not head.numbered or id(head) in alone:
            continue
        level = head.level
        counters[level - 1] += 1
        for deeper in range(level, 4):
            counters[deeper] = 0
        head.number = heading_number(level, counters[level - 1])
