"""Helpers the tests share: walking facts, digit runs, drafting a string."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reportgen.document import Document, Heading
from reportgen.loading import load_yaml_text
from reportgen.marks import Span
from reportgen.pipeline import Draft, draft_facts
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.values import Count, Record

DIGITS = re.compile(r"\d+")


def draft_text(yaml_text: str, templates: Path | None = None) -> Draft:
    facts = validate(load_yaml_text(yaml_text, "test.yaml"))
    return draft_facts(facts, make_environment(templates))


def counts(record: Any, path: str = "") -> Iterator[tuple[str, Count]]:
    """Every count in a facts record, with its source path."""
    if isinstance(record, Count):
        yield path, record
    elif isinstance(record, Record):
        for name, value in record.as_dict().items():
            yield from counts(value, f"{path}.{name}" if path else name)
    elif isinstance(record, list):
        for i, item in enumerate(record):
            yield from counts(item, f"{path}[{i + 1}]")


def printed(doc: Document) -> Iterator[tuple[str, list[Span]]]:
    """Each printed line of the document (title first) with its spans."""
    yield doc.title, doc.title_spans
    for block in doc.blocks:
        yield block.full()


def untraced_digits(doc: Document) -> list[str]:
    """Digit runs that no fact-sourced span covers: numbers the templates invented."""
    bad = []
    for text, spans in printed(doc):
        covered = {i for s in spans if s.source for i in range(s.start, s.end)}
        for m in DIGITS.finditer(text):
            if not covered.issuperset(range(m.start(), m.end())):
                bad.append(f"{m.group()} in {text[max(0, m.start() - 15):m.end() + 15]}")
    return bad


def sources(doc: Document) -> set[str]:
    return {s.source for _, spans in printed(doc) for s in spans}


def headings(doc: Document) -> list[Heading]:
    return doc.headings()


BASE_FACTS = """\
type: summary
period: 2024H1
date: 2024-07-05
unit:
  name: 双胜镇
  kind: 镇
study:
  group_study: 11
"""


# How a draft words a change on last year (the phrasebook's yoy-* variants): any of these.
MORE = "(?:较去年同期增加|比去年同期多|同比增加|与去年同期相比增加)"
FEWER = "(?:较去年同期减少|比去年同期少|同比减少|与去年同期相比减少)"
RISE = "(?:同比增长|较去年同期增长|比去年同期增长|与去年同期相比增长)"


def is_temporary(path: Path) -> bool:
    """A file of ours that is not a report: one `output.write_atomic` is still writing
    (`.<name>.<random>.tmp`), renamed to the report's name only when whole. The one place the
    tests know that naming: adapt it here if output.py changes it."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def reports_in(folder: Path) -> list[Path]:
    """The files in folder under their own names: everything that is not a temporary file."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if not is_temporary(p))
