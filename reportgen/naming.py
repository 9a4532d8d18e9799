"""File names for a batch's drafts: (unit, period, type), safe on Windows and Linux, and
unique even where two names differ only in case or in characters a file name cannot hold."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.output import SUFFIXES, safe_stem
from reportgen.reporttypes import TYPES

if TYPE_CHECKING:
    from reportgen.batch import Plan, Settings

ROLLUP_NAME = "汇总"


def names(plans: list[Plan], settings: Settings) -> list[str | None]:
    """Each job's file name without suffix, under the output folder ("2024Q1/甲镇-工作总结"):
    (unit, period, type), safe, and unique even where two names differ only in case or in
    characters a file name cannot hold; the first in input order keeps the plain name."""
    used: set[str] = set()
    out: list[str | None] = []
    for plan in plans:
        if plan.key is None:
            out.append(None)
            continue
        unit, report_type, period = plan.key
        parts = _layout(settings.layout, safe_stem(unit), period, TYPES[report_type].name)
        out.append(_unique(parts, used))
    return out


def rollup_names(plans: list[Plan], names: list[str | None], settings: Settings) -> dict[str, str]:
    if not settings.rollup:
        return {}
    used = {_fold(name) for name in names if name is not None}
    stem = safe_stem(settings.rollup_unit) + "-" if settings.rollup_unit else ""
    out = {}
    for code in sorted({p.key[2] for p in plans if p.key is not None}):
        by_period = settings.layout == "by-period"
        parts = (code, f"{stem}{ROLLUP_NAME}") if by_period else (f"{stem}{code}-{ROLLUP_NAME}",)
        out[code] = _unique(parts, used)
    return out


def paths(name: str | None, settings: Settings) -> tuple[Path, ...]:
    """A job's files, one per format."""
    if name is None:
        return ()
    return tuple(settings.out / (name + SUFFIXES[fmt]) for fmt in settings.formats)


def _layout(layout: str, unit: str, period: str, report: str) -> tuple[str, ...]:
    if layout == "by-unit":
        return (unit, f"{period}-{report}")
    if layout == "by-period":
        return (period, f"{unit}-{report}")
    return (f"{unit}-{period}-{report}",)


def _unique(parts: tuple[str, ...], used: set[str]) -> str:
    *folders, stem = parts
    candidate, n = "/".join([*folders, stem]), 1
    while _fold(candidate) in used:
        n += 1
        candidate = "/".join([*folders, f"{stem}-{n}"])
    used.add(_fold(candidate))
    return candidate


def _fold(name: str) -> str:
    """Names that one file system would take for the same file (Windows, macOS) are the same."""
    return unicodedata.normalize("NFC", name).casefold()
