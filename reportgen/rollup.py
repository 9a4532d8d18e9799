"""The 汇总: one report for the collecting body, built from many units' facts.

Each drafted unit gives a small `Contribution` (its counts, flags, highlights and problem
codes); a `Rollup` adds them up in any order and yields the context for
templates/rollup/rollup.md.j2. Totals are `Count`s, so "20余" plus 3 is "23余", and every
number carries a "rollup:" source for the trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from reportgen.derive import DEFAULT_PLAN, chinese_date, cn_number, period_info, unit_words, variant_picker
from reportgen.kinds import Block, CountKind, Flag, ListOf
from reportgen.problems import Library
from reportgen.schema import FACTS
from reportgen.values import Count, FactStr, Period, Record
from reportgen.wording import Wording

ROLLUP = "rollup"  # the template set and phrasebook group of the roll-up

SOURCE = "rollup:"
PLAN_SIZE = 3  # measures proposed for the most common problems
MAX_NAMES = 10  # unit names listed in one sentence; the rest are counted (甲、乙……等N个单位)
MAX_LISTED = 10  # units whose highlights or own problems are listed one by one
# A problem is called common (普遍) only when more than this share of the units reporting name
# it; fewer: some units (部分单位), or one unit (个别单位).
COMMON_SHARE = Fraction(1, 3)


@dataclass(frozen=True)
class Contribution:
    """What one unit's facts add to a roll-up; small, so it can travel between processes."""

    unit: str
    period: str  # the period code, e.g. 2024Q1
    date: dt.date
    counts: tuple[tuple[str, int, bool], ...]  # (path, value, approx); flags count as 1 or 0
    highlights: tuple[str, ...]
    problems: tuple[str, ...]  # library codes, each once, free-written problems classified
    other_problems: tuple[str, ...]  # free-written problems that match no code


def count_paths(block: Block = FACTS, prefix: str = "") -> Iterator[tuple[str, bool]]:
    """Every path a roll-up totals, with whether it is a yes/no flag.

    Counts inside lists of blocks (publicity.articles[].count) total as publicity.articles.count.
    """
    for f in block.fields:
        path = f"{prefix}{f.name}"
        kind = f.kind.item if isinstance(f.kind, ListOf) else f.kind
        if isinstance(kind, Block):
            yield from count_paths(kind, path + ".")
        elif isinstance(kind, (CountKind, Flag)):
            yield path, isinstance(kind, Flag)


def contribution(facts: Record, library: Library) -> Contribution:
    counts = []
    for path, is_flag in count_paths():
        values = list(_values_at(facts, path.split(".")))
        if not values:
            continue
        if is_flag:
            counts.append((path, int(any(values)), False))
        else:
            counts.append((path, sum(v.value for v in values), any(v.approx for v in values)))
    codes: list[str] = []
    others: list[str] = []
    for entry in facts.problems:
        problem = entry.problem
        code = str(problem) if problem in library.codes else library.classify(str(problem))
        if code is None:
            others.append(str(problem))
        elif code not in codes:
            codes.append(code)
    return Contribution(
        unit=str(facts.unit.name),
        period=facts.period.code,
        date=facts.date,
        counts=tuple(counts),
        highlights=tuple(str(h) for h in facts.highlights),
        problems=tuple(codes),
        other_problems=tuple(others),
    )


def _values_at(node: Any, parts: list[str]) -> Iterator[Any]:
    """The values at a path, through lists (every item's value); None and False skipped."""
    if isinstance(node, list):
        for item in node:
            yield from _values_at(item, parts)
        return
    if not parts:
        if node is not None and node is not False:
            yield node
        return
    yield from _values_at(getattr(node, parts[0], None), parts[1:])


@dataclass
class Rollup:
    """Totals over the units of one period; add() in any order gives the same report."""

    period: Period
    totals: dict[str, tuple[int, bool]] = field(default_factory=dict)  # (sum, any approximate)
    reached: dict[str, int] = field(default_factory=dict)  # units with a non-zero value
    units: list[tuple[int, str]] = field(default_factory=list)
    dates: list[dt.date] = field(default_factory=list)
    highlights: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)
    problem_units: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    others: list[tuple[int, str, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)  # units whose facts could not be used

    def add(self, index: int, c: Contribution) -> None:
        """index orders units as the batch listed them, whatever order results come in."""
        self.units.append((index, c.unit))
        self.dates.append(c.date)
        for path, value, approx in c.counts:
            total, was_approx = self.totals.get(path, (0, False))
            self.totals[path] = (total + value, was_approx or approx)
            if value:
                self.reached[path] = self.reached.get(path, 0) + 1
        if c.highlights:
            self.highlights.append((index, c.unit, c.highlights))
        for code in c.problems:
            self.problem_units.setdefault(code, []).append((index, c.unit))
        self.others += [(index, c.unit, text) for text in c.other_problems]

    def fail(self, index: int, unit: str) -> None:
        """A unit of this period that could not be drafted: the roll-up says so and names it."""
        self.failed.append((index, unit))

    def context(self, wording: Wording, unit: str | None = None,
                date: dt.date | None = None, to: str | None = None) -> dict[str, Any]:
        """The template context: totals, units reached, highlights by unit, ranked problems.

        unit: the collecting body (县委宣传部), which signs; to: the body it reports to (市委宣传部)."""
        library, terms = wording.library, wording.terms
        order = list(library.entries)
        ranked = sorted(self.problem_units,
                        key=lambda c: (-len(self.problem_units[c]),
                                       order.index(c) if c in order else len(order)))
        problems = [
            Record({
                "code": code,
                "label": library.entries[code].label if code in library.entries else code,
                "units": Count(len(self.problem_units[code]), False, f"{SOURCE}problems.{code}"),
                "reach": reach(len(self.problem_units[code]), len(self.units)),
                **_cut([name for _, name in sorted(self.problem_units[code])], f"problems.{code}"),
            })
            for code in ranked
        ]
        highlights = [
            Record({"unit": _unit(name),
                    "items": [FactStr(h, f"{SOURCE}{name}:highlights[{i}]") for i, h in enumerate(items, 1)]})
            for _, name, items in sorted(self.highlights)[:MAX_LISTED]
        ]
        others = [Record({"unit": _unit(name), "text": FactStr(text, f"{SOURCE}{name}:problems")})
                  for _, name, text in sorted(self.others)[:MAX_LISTED]]
        failed = [name for _, name in sorted(self.failed)]
        totals, reached = {}, {}
        for path, _ in count_paths():
            value, approx = self.totals.get(path, (0, False))
            totals[path] = Count(value, approx, f"{SOURCE}{path}")
            reached[path] = Count(self.reached.get(path, 0), False, f"{SOURCE}units:{path}")
        words = unit_words(Record({"name": unit, "kind": None}), terms) if unit else None
        whole = words.whole if words else ""
        when = date or max(self.dates, default=self.period.end)
        period = period_info(self.period, terms)
        body = FactStr(unit, f"{SOURCE}unit") if unit else None
        context = {
            "report_code": ROLLUP,
            "unit": body,
            "whole": whole,
            "period": period,
            "date_cn": chinese_date(when, terms),
            "to": FactStr(to, f"{SOURCE}to") if to else None,
            "n_units": Count(len(self.units), False, f"{SOURCE}units"),
            "n_total": Count(len(self.units) + len(failed), False, f"{SOURCE}units+{SOURCE}failed"),
            "unit_names": [_unit(name) for _, name in sorted(self.units)],
            "total": _tree(totals),
            "units_with": _tree(reached),
            "highlights": highlights,
            "highlights_more": _more(len(self.highlights) - len(highlights), "highlights"),
            "problems": problems,
            "other_problems": others,
            "other_problems_more": _more(len(self.others) - len(others), "other_problems"),
            "failed": Record({"units": Count(len(failed), False, f"{SOURCE}failed"),
                              **_cut(failed, "failed")}),
            "share": Record({"num": cn_number(COMMON_SHARE.numerator),
                             "den": cn_number(COMMON_SHARE.denominator)}),
            "plan": ranked[:PLAN_SIZE] or list(DEFAULT_PLAN[:PLAN_SIZE]),
            "variant": variant_picker(ROLLUP, unit or "", self.period.code),
        }
        context["blanks"] = {
            "we": words.we if words else "", "whole": whole, "people": words.people if words else "",
            "org": body, "org_full": body, "unit": body,
            "superior": terms.superior, "since": period.since, "label": period.label,
            "period": period.title, "next": period.next_span, "year": period.year,
            "next_year": period.next_year, "date": context["date_cn"], "life_meeting": None,
            "platforms": terms.levels["committee"].platforms, "reach": terms.levels["committee"].reach,
            "last_year": None,
        }
        return context


def reach(units: int, reporting: int) -> str:
    """How widely a problem is found: "one" for a single unit (个别单位) however few report;
    "common" above COMMON_SHARE of the units reporting (普遍); "some" otherwise (部分单位)."""
    if units <= 1:
        return "one"
    return "common" if units > COMMON_SHARE * reporting else "some"


def _cut(names: list[str], path: str) -> dict[str, Any]:
    """A list of unit names as a sentence can carry it: the first MAX_NAMES, and how many are
    left out (the template writes 甲、乙……等N个单位)."""
    return {"names": [_unit(name) for name in names[:MAX_NAMES]], "more": _more(len(names) - MAX_NAMES, path)}


def _more(n: int, path: str) -> Count:
    return Count(max(n, 0), False, f"{SOURCE}{path}:more")


def _unit(name: str) -> FactStr:
    return FactStr(name, f"{SOURCE}unit.name")


def _tree(flat: dict[str, Any]) -> Record:
    """Records nested by dotted path: {"study.seminars": x} → record.study.seminars."""
    nested: dict[str, Any] = {}
    for path, value in flat.items():
        node = nested
        *parents, leaf = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return _records(nested)


def _records(node: dict[str, Any]) -> Record:
    return Record({k: _records(v) if isinstance(v, dict) else v for k, v in node.items()})
