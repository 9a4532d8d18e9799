"""Year-on-year changes: this period's counts against the same period a year earlier.

Templates word a change (较去年同期增加2次, 同比增长20%); the numbers come from here, each
carrying the source "compare:<field path>" so the trace knows they were computed.
A change is offered only where it means something: both values exact and different.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from reportgen.kinds import Block, CountKind
from reportgen.schema import FACTS
from reportgen.values import Count, Record

SOURCE_PREFIX = "compare:"


@dataclass(frozen=True)
class Change:
    """How one count moved since the same period last year."""

    previous: Count  # last year's value
    diff: Count  # the size of the change, always positive
    up: bool  # True for an increase
    percent: Count | None  # the change as a whole percentage of last year's value, if meaningful
    measure: str = ""  # the count's measure word (次, 篇), from the schema


def change(current: Any, previous: Any, path: str, measure: str = "") -> Change | None:
    """The change from previous to current, or None where there is nothing worth saying."""
    if not isinstance(current, Count) or not isinstance(previous, Count):
        return None
    if current.approx or previous.approx or current.value == previous.value:
        return None  # "20余" against "15" has no exact difference; no "增加0次"
    source = SOURCE_PREFIX + path
    delta = current.value - previous.value
    percent = None
    if previous.value > 0:
        rounded = (abs(delta) * 200 + previous.value) // (2 * previous.value)  # half up
        percent = Count(rounded, False, source) if rounded >= 1 else None
    return Change(Count(previous.value, False, source), Count(abs(delta), False, source), delta > 0, percent,
                  measure)


def changes(current: Record, previous: Record | None) -> Record:
    """A record shaped like the facts' blocks, holding a Change (or None) for every count.

    With no previous facts every entry is None, so templates may always ask
    `{% if compare.study.group_study %}`.
    """
    if previous is None:
        return _none_changed()
    return _block(FACTS, current, previous, ())


def _block(block: Block, current: Record | None, previous: Record | None, path: tuple[str, ...]) -> Record:
    out: dict[str, Any] = {}
    for f in block.fields:
        here = (*path, f.name)
        now = getattr(current, f.name, None) if current is not None else None
        before = getattr(previous, f.name, None) if previous is not None else None
        if isinstance(f.kind, Block):
            out[f.name] = _block(f.kind, now, before, here)
        elif isinstance(f.kind, CountKind):
            out[f.name] = (change(now, before, ".".join(here), f.kind.measure)
                           if previous is not None else None)
    return Record(out, SOURCE_PREFIX + ".".join(path))


@functools.cache
def _none_changed() -> Record:
    """What every draft without --compare gets: made once, when the first draft asks."""
    return _block(FACTS, None, None, ())
