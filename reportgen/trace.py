"""Where every number in a draft comes from: the sidecar <output>.trace.json.

The Document knows the source of each printed value (marks.Span); this module finds
every run of digits in the printed text and names the span it stands in. A digit run
outside any span with a source is listed as untraced: a template printed a number of
its own, which is a template defect.

Paragraph numbers are the Document's: 0 is the title, then each block (heading, or
paragraph with its run-in heading) in order. The .docx writer gives each block one Word
paragraph but may add empty spacer paragraphs; those are not counted here. For
Markdown output each number also carries its line and column in the .md file.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.document import NUMBERING, Document
from reportgen.marks import GAP, Span

if TYPE_CHECKING:
    from reportgen.wording import Described

FORMAT = "reportgen-trace/1"
_PARAGRAPHS = ("0 = title, then one per Document block (heading, or paragraph with its run-in "
               "heading); empty spacer paragraphs of the .docx are not counted. offset/end: "
               "0-based character positions in the paragraph's printed text; line/column: "
               "1-based position in the .md file. sentences: each phrasebook sentence with its "
               "key, variant (1-based) of n, and the phrasebook file and line it was written at.")
_DIGITS = re.compile(r"\d+")
_NOT_FACTS = ("", GAP)  # sources that do not vouch for a number


@dataclass(frozen=True)
class Number:
    text: str
    paragraph: int  # Document paragraph: 0 = title, then one per block
    offset: int  # 0-based, in characters of the paragraph's printed text
    end: int
    source: str | None  # a fact path (study.group_study), "#numbering", or None: untraced
    # Computed values name their facts: "a+b" for a total, "compare:path" for a change.
    line: int | None = None  # 1-based line in the .md output
    column: int | None = None  # 1-based column in that line

    @property
    def sources(self) -> list[str]:
        """The facts a number was computed from (a+b, compare:a), or the one it was printed from."""
        if not self.source:
            return []
        return [part.partition(":")[2] or part for part in self.source.split("+")]

    @property
    def computed(self) -> bool:
        return self.source is not None and ("+" in self.source or ":" in self.source)


def paragraphs(doc: Document) -> list[tuple[str, list[Span]]]:
    """The printed text of each Document paragraph with its spans, title first."""
    return [(doc.title, doc.title_spans)] + [block.full() for block in doc.blocks]


def numbers(doc: Document, markdown: str | None = None) -> list[Number]:
    """Every digit run of the draft, in reading order, with its source."""
    places = markdown_places(doc, markdown) if markdown is not None else {}
    out = []
    for index, (text, spans) in enumerate(paragraphs(doc)):
        line, shift = places.get(index, (None, 0))
        for m in _DIGITS.finditer(text):
            column = None if line is None else shift + m.start() + 1
            source = _source(spans, m.start(), m.end())
            out.append(Number(m.group(0), index, m.start(), m.end(), source, line, column))
    return out


def _source(spans: list[Span], start: int, end: int) -> str | None:
    """The source of the span(s) holding every character of [start, end), or None."""
    found: list[str] = []
    for pos in range(start, end):
        span = next((s for s in spans if s.start <= pos < s.end and s.source not in _NOT_FACTS),
                    None)
        if span is None:
            return None
        if span.source not in found:
            found.append(span.source)
    return "+".join(found)


def markdown_places(doc: Document, markdown: str) -> dict[int, tuple[int, int]]:
    """Paragraph index → (its .md line, how far into the line its text starts).

    The Markdown writer puts each paragraph on a line of its own, with a prefix (## , \\)
    before the printed text; the non-blank lines are the paragraphs in order.
    """
    texts = [text for text, _ in paragraphs(doc)]
    lines = [(no, line) for no, line in enumerate(markdown.split("\n"), 1) if line.strip()]
    places = {}
    for index, (text, (no, line)) in enumerate(zip(texts, lines, strict=False)):
        if line.endswith(text):
            places[index] = (no, len(line) - len(text))
    return places


def sidecar(output: Path) -> Path:
    """草稿.md → 草稿.md.trace.json"""
    return output.with_name(output.name + ".trace.json")


Describe = Callable[[str], "Described | None"]


def write(doc: Document, facts: str, outputs: list[Path], formats: list[str], force: bool,
          compare: str | None = None, describe: Describe | None = None) -> None:
    """One sidecar beside each output; Markdown ones also give .md lines and columns.
    compare: last year's facts file, which "compare:" sources also read.
    describe: what a phrase span's source refers to (wording.describe), for `sentences`."""
    from reportgen.output import write_atomic
    from reportgen.writers.markdown import to_markdown

    for output, fmt in zip(outputs, formats, strict=True):
        markdown = to_markdown(doc) if fmt == "md" else None
        data = render(doc, facts, output.name, markdown, compare, describe)
        write_atomic(sidecar(output), data, force)


def sentences(doc: Document, describe: Describe, markdown: str | None = None) -> list[dict[str, object]]:
    """Each phrasebook sentence of the draft: where it stands, its key, variant and file:line."""
    places = markdown_places(doc, markdown) if markdown is not None else {}
    phrase_lists = [doc.title_phrases] + [block.full_phrases() for block in doc.blocks]
    out: list[dict[str, object]] = []
    for index, ((text, _), phrases) in enumerate(zip(paragraphs(doc), phrase_lists, strict=True)):
        line, shift = places.get(index, (None, 0))
        for span in phrases:
            described = describe(span.source)
            if described is None:
                continue
            entry: dict[str, object] = {"paragraph": index, "offset": span.start, "end": span.end,
                                        "text": text[span.start:span.end]}
            if line is not None:
                entry.update(line=line, column=shift + span.start + 1)
            entry["phrase"] = described.as_dict()
            out.append(entry)
    return out


def render(doc: Document, facts: str, output: str, markdown: str | None = None,
           compare: str | None = None, describe: Describe | None = None) -> bytes:
    found = numbers(doc, markdown)

    def entry(n: Number) -> dict[str, object]:
        item = {k: v for k, v in asdict(n).items() if v is not None}
        if n.computed:
            item["from"] = n.sources
        if n.source == NUMBERING:
            item["kind"] = "heading-number"
        return item

    data = {
        "format": FORMAT,
        "facts": facts,
        **({"compare": compare} if compare else {}),
        "output": output,
        "paragraphs": _PARAGRAPHS,
        "numbers": [entry(n) for n in found if n.source],
        "untraced": [entry(n) for n in found if not n.source],
    }
    if describe is not None:
        data["sentences"] = sentences(doc, describe, markdown)
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
