"""`reportgen templates find TEXT`: where a sentence seen in a draft comes from.

A phrase matches when some way of filling its blanks (and keeping or dropping its […]
clauses) gives a sentence that contains TEXT: the clerk pastes a piece of the draft, facts
included, and gets the file, line and key to edit.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportgen.phrasebook import Blank, Optional, Phrase, Variant
from reportgen.wording import BUILTIN_MARK, SHARED, Found, Wording

MAX_CLAUSES = 6  # optional clauses expanded both ways; a variant has one or two


@dataclass(frozen=True)
class Hit:
    key: str
    index: int  # 0-based
    of: int
    variant: Variant
    path: Path  # the file to open
    custom: bool
    covered: int  # characters of the searched text that are the variant's own wording


def pieces(variant: Variant) -> Iterator[list[str]]:
    """The fixed text between blanks, for each way of keeping or dropping optional clauses."""
    clauses = [p for p in variant.parts if isinstance(p, Optional)][:MAX_CLAUSES]
    for keep in itertools.product((True, False), repeat=len(clauses)):
        kept = dict(zip(clauses, keep, strict=True))
        out = [""]
        for part in variant.parts:
            inner = part.parts if isinstance(part, Optional) and kept.get(part, False) else (
                () if isinstance(part, Optional) else (part,))
            for item in inner:
                if isinstance(item, Blank):
                    out.append("")
                else:
                    out[-1] += item
        yield out


def coverage(variant: Variant, text: str) -> int:
    """How many characters of text the variant's own wording gives, at best (0: no match).
    Blanks can stand for any text, so a variant that leaves more of it to a blank is the
    worse match, and is listed after the better one."""
    text = text.strip()
    return max((_infix(text, p) for p in pieces(variant)), default=0) if text else 0


def _infix(text: str, fixed: list[str]) -> int:
    """The most of text that is wording when text is a substring of fixed[0] · blank · fixed[1]
    · blank · … · fixed[-1], 0 when it is not one. Enough of it must be the phrase's own
    wording (a third, at least two characters) that a match says something: text made mostly
    of facts would match every phrase with a blank."""
    need = max(min(2, len(text)), -(-len(text) // 3))
    if any(text in piece for piece in fixed):
        return len(text)
    best = 0
    for i in range(len(fixed)):
        for j in range(i + 1, len(fixed)):
            middle = fixed[i + 1:j]
            inner = sum(map(len, middle))
            for a in range(len(fixed[i]) + 1):
                head = fixed[i][a:]
                if not text.startswith(head):
                    continue
                for b in range(len(fixed[j]), -1, -1):
                    tail = fixed[j][:b]
                    if len(head) + inner + len(tail) < need or len(head) + len(tail) > len(text):
                        continue
                    if text.endswith(tail) and _in_order(text[len(head):len(text) - len(tail)], middle):
                        best = max(best, len(head) + inner + len(tail))
                        break  # longest tail for this head
    return best


def _in_order(core: str, pieces: list[str]) -> bool:
    """Each piece found in core after the one before it (blanks between them)."""
    at = 0
    for piece in pieces:
        found = core.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def find(wording: Wording, text: str, report_types: list[str]) -> list[Hit]:
    """Every phrase in effect for the report types (their own, the shared ones, the problem
    library) whose wording can give text; each variant once, the one whose own wording gives
    most of text first, then in file order."""
    seen: set[tuple[str, int]] = set()
    hits: list[Hit] = []
    for report in report_types:
        for key, found in wording.effective(report).items():
            hits += _hits(key, found, text, seen, wording)
    for code, entry in wording.library.entries.items():
        for part, phrase in (entry.parts or {}).items():
            if phrase is not None:
                custom = not phrase.file.endswith(BUILTIN_MARK)
                hits += _hits(f"{code}.{part}", Found(phrase, custom), text, seen, wording)
    return sorted(hits, key=lambda h: (-h.covered, str(h.path), h.variant.line))


def _hits(key: str, found: Found, text: str, seen: set[tuple[str, int]], wording: Wording) -> list[Hit]:
    phrase: Phrase = found.phrase
    out = []
    for index, variant in enumerate(phrase.variants):
        place = (variant.file, variant.line)
        covered = coverage(variant, text) if place not in seen else 0
        if not covered:
            continue
        seen.add(place)
        path = wording.path_of(variant.file)
        out.append(Hit(key, index, len(phrase.variants), variant, path, found.custom, covered))
    return out


def groups(wording: Wording, report_type: str | None) -> list[str]:
    from reportgen.template_files import template_sets

    return [report_type] if report_type else [code for code in template_sets() if code != SHARED]
