"""--facts: does the report say what the facts say, and nothing the facts do not?

Two findings come out of it. A count in the facts (values.Count, not zero) that the
report never states, with or without 余, is `fact-missing`, located at the fact in the
facts file. A number in the report that no fact holds is `number-unknown`. Numbers
that need no fact are left alone: heading numbers (1. （1）), anything inside 《》 (a
title such as 《规划（2019—2024年）》), and numbers written inside fact texts. The year
of the period, the years next to it and the parts of the report's date count as facts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.check.finding import Finding
from reportgen.check.headings import headings_in
from reportgen.check.readers import Line, Text
from reportgen.values import Count, Period, Record

_NUMBER = re.compile(r"(?<![\d.．])\d+(?:\.\d+)?")
_DIGITS = re.compile(r"\d+")
_TITLE_OPEN, _TITLE_CLOSE = "《〈", "》〉"


@dataclass
class FactNumbers:
    """What a facts file says in numbers."""

    name: str  # the facts file as the user named it
    counts: list[tuple[str, Count]] = field(default_factory=list)  # (fact path, count)
    held: set[int] = field(default_factory=set)  # every number a report may print
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)  # fact path → (line, column)


def load(path: Path, name: str | None = None) -> FactNumbers:
    """Load and validate a facts file (errors as for draft: exit 2)."""
    from reportgen.loading import load_facts
    from reportgen.validate import validate

    loaded = load_facts(path, name)
    facts = validate(loaded)
    numbers = from_record(facts.data, loaded.name)
    for source, _ in numbers.counts:
        mark = loaded.mark(_key(source))
        if mark is not None:
            numbers.marks[source] = (mark.line, mark.column)
    return numbers


def from_record(data: Record, name: str = "") -> FactNumbers:
    numbers = FactNumbers(name)
    _walk(data, numbers)
    period = getattr(data, "period", None)
    if isinstance(period, Period):
        numbers.held |= {period.year - 1, period.year, period.year + 1}
    date = getattr(data, "date", None)
    if isinstance(date, dt.date):
        numbers.held |= {date.year, date.month, date.day}
    return numbers


def _walk(value: Any, numbers: FactNumbers) -> None:
    if isinstance(value, Count):
        if value.value:
            numbers.counts.append((value.source, value))
            numbers.held.add(value.value)
    elif isinstance(value, Record):
        for item in value.as_dict().values():
            _walk(item, numbers)
    elif isinstance(value, list):
        for item in value:
            _walk(item, numbers)
        _totals(value, numbers)
    elif isinstance(value, str):
        numbers.held |= {int(d) for d in _DIGITS.findall(value)}


def _totals(items: list[Any], numbers: FactNumbers) -> None:
    """A list of records may be summed up in a report: 发表信息41篇 over three outlets."""
    records = [r for r in items if isinstance(r, Record)]
    if len(records) < 2:
        return
    for name in records[0].as_dict():
        values = [getattr(r, name, None) for r in records]
        counts = [v for v in values if isinstance(v, Count)]
        if len(counts) == len(values):
            numbers.held.add(sum(c.value for c in counts))


def _key(source: str) -> tuple[str | int, ...]:
    """publicity.articles[2].count → ("publicity", "articles", 1, "count")."""
    key: list[str | int] = []
    for part in source.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        key.append(name)
        key += [int(i) - 1 for i in indexes if i]
    return tuple(key)


def check(text: Text, facts: FactNumbers) -> Iterator[Finding]:
    yield from unknown_numbers(text.lines, facts)
    yield from missing_facts(text, facts)


def numbers(line: Line) -> Iterator[re.Match[str]]:
    """The numbers of a line that say something: not heading numbers, not inside 《》."""
    skip = _titled(line.text)
    for heading in headings_in(line):
        if heading.level > 2:
            skip |= set(range(heading.column - 1, heading.column - 1 + len(heading.label)))
    for m in _NUMBER.finditer(line.text):
        if m.start() not in skip:
            yield m


def unknown_numbers(lines: list[Line], facts: FactNumbers) -> Iterator[Finding]:
    for line in lines:
        for m in numbers(line):
            value = m.group(0)
            if "." not in value and int(value) in facts.held:
                continue
            message = f"数字“{value}”在事实文件 {facts.name} 中没有出处：请核对，或把它补进事实文件"
            yield Finding(line.no, m.start() + 1, "number-unknown", message, value)


def _titled(text: str) -> set[int]:
    """Positions inside 《》, where numbers belong to a title."""
    inside: set[int] = set()
    depth = 0
    for i, ch in enumerate(text):
        if ch in _TITLE_OPEN:
            depth += 1
        elif ch in _TITLE_CLOSE:
            depth = max(0, depth - 1)
        elif depth:
            inside.add(i)
    return inside


def missing_facts(text: Text, facts: FactNumbers) -> Iterator[Finding]:
    stated = {int(m.group(0)) for line in text.lines for m in numbers(line)
              if "." not in m.group(0)}
    for source, count in facts.counts:
        if count.value in stated:
            continue
        line, column = facts.marks.get(source, (1, 1))
        message = f"事实 {source} = {count} 在报告 {text.name} 中没有写到：请补上，或从事实文件删去"
        yield Finding(line, column, "fact-missing", message, f"{source}: {count}", file=facts.name)
