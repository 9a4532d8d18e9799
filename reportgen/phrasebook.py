"""Phrasebooks: the wording of the reports as data that a clerk can edit.

A phrasebook is a YAML file mapping keys to lists of variants:

    item-special-meetings:
      - "{org}专题研究意识形态工作{n}次[{yoy}]"
      - "召开{org}会议专题研究意识形态工作{n}次[{yoy}]"

A variant is a Chinese sentence with named blanks for facts and nothing else. The one
notation beside the blanks is `[…]`: a clause printed only when every blank inside it has a
value (a blank whose value is yes/no prints nothing, so `[{has_problems}…]` keeps a clause
only where the condition holds). This module parses and checks variants; `wording.py` puts
the files of a template search path together.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any

from reportgen.errors import FactsError, Problem
from reportgen.kinds import invisible_at

BLANK_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEY_NAME = re.compile(r"[a-z][a-z0-9_.-]*")
# Pairs that must balance inside one variant: a quotation or a book title left open
# runs on into the rest of the report.
_PAIRS = (("“", "”"), ("《", "》"), ("（", "）"), ("‘", "’"))
_DIGIT = re.compile(r"[0-9０-９]")


@dataclass(frozen=True)
class Blank:
    name: str


@dataclass(frozen=True)
class Optional:
    """[…]: printed only when every blank inside has a value."""

    parts: tuple[str | Blank, ...]

    @property
    def blanks(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.parts if isinstance(p, Blank))


Part = str | Blank | Optional


@dataclass(frozen=True)
class Variant:
    text: str  # as written in the phrasebook
    parts: tuple[Part, ...]
    file: str  # the phrasebook as messages show it
    line: int

    @property
    def blanks(self) -> tuple[str, ...]:
        out: list[str] = []
        for part in self.parts:
            names = part.blanks if isinstance(part, Optional) else (
                (part.name,) if isinstance(part, Blank) else ())
            out += [n for n in names if n not in out]
        return tuple(out)

    @cached_property
    def joins(self) -> tuple[tuple[str, str], ...]:
        """(text, blank name) wherever text runs straight into a blank, optional clauses
        opened: the places a value could fuse with the word before it."""
        flat: list[Part] = []
        for part in self.parts:
            flat += list(part.parts) if isinstance(part, Optional) else [part]
        return tuple((before, after.name) for before, after in itertools.pairwise(flat)
                     if isinstance(before, str) and before and isinstance(after, Blank))

    def may_fuse(self, ends: frozenset[str]) -> bool:
        """Whether text runs into a blank ending in one of ends (inner_chars of the bodies)."""
        return any(before[-1] in ends for before, _ in self.joins)

    def fixed(self) -> str:
        """The text without blanks, optional clauses kept (for search and similarity)."""
        return "".join(_fixed(p) for p in self.parts)


@cache
def inner_chars(bodies: tuple[str, ...]) -> frozenset[str]:
    """Characters a body has before its last: where text may end that runs into one."""
    return frozenset(c for body in bodies for c in body[:-1])


def _fixed(part: Part) -> str:
    if isinstance(part, str):
        return part
    if isinstance(part, Optional):
        return "".join(p for p in part.parts if isinstance(p, str))
    return ""


@dataclass(frozen=True)
class Phrase:
    key: str
    variants: tuple[Variant, ...]
    file: str
    line: int  # the key's line


class VariantError(ValueError):
    """What is wrong with a variant, and the 1-based column in it."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.column = column


def parse_variant(text: str) -> tuple[Part, ...]:
    """The parts of a variant: text, {blank}, and […] holding text and blanks."""
    parts: list[Part] = []
    inner: list[str | Blank] | None = None  # inside […]
    buf: list[str] = []
    opened = 0
    i = 0

    def flush(into: list[Any]) -> None:
        if buf:
            into.append("".join(buf))
            buf.clear()

    while i < len(text):
        ch = text[i]
        if ch == "{":
            end = text.find("}", i + 1)
            if end < 0:
                raise VariantError("“{”没有对应的“}”：空位写作 {名称}", i + 1)
            name = text[i + 1:end].strip()
            if not BLANK_NAME.fullmatch(name):
                shown = name or "（空）"
                raise VariantError(f"空位名称“{shown}”无效：只能用英文字母、数字和下划线，如 {{org}}", i + 1)
            flush(inner if inner is not None else parts)
            (inner if inner is not None else parts).append(Blank(name))
            i = end + 1
            continue
        if ch == "}":
            raise VariantError("“}”没有对应的“{”", i + 1)
        if ch == "[":
            if inner is not None:
                raise VariantError("[ ] 不能嵌套：可有可无的分句只写一层", i + 1)
            flush(parts)
            inner, opened = [], i + 1
        elif ch == "]":
            if inner is None:
                raise VariantError("“]”没有对应的“[”", i + 1)
            flush(inner)
            if not any(isinstance(p, Blank) for p in inner):
                raise VariantError("[ ] 中没有空位：可有可无的分句要靠空位是否有值来决定", opened)
            parts.append(Optional(tuple(inner)))
            inner = None
        else:
            buf.append(ch)
        i += 1
    if inner is not None:
        raise VariantError("“[”没有对应的“]”", opened)
    flush(parts)
    return tuple(parts)


def check_text(text: str) -> Iterator[tuple[str, int | None]]:
    """Problems of a variant's wording beyond its notation: unbalanced quotes and titles,
    Arabic digits (every number in a draft comes from the facts)."""
    for left, right in _PAIRS:
        depth = 0
        for pos, ch in enumerate(text, 1):
            if ch == left:
                depth += 1
            elif ch == right:
                depth -= 1
                if depth < 0:
                    yield f"“{right}”没有对应的“{left}”", pos
                    break
        if depth > 0:
            yield f"“{left}”没有对应的“{right}”", text.rfind(left) + 1
    invisible = invisible_at(text)
    if invisible is not None:
        yield "含有控制字符或不可见字符（如零宽空格、方向控制符）：请删去后再保存", invisible + 1
    digit = _DIGIT.search(text)
    if digit:
        yield ("措辞中不能写阿拉伯数字：草稿中的数字都要来自事实文件，"
               "请用空位（如 {n}）或汉字", digit.start() + 1)
    if not text.strip():
        yield "说法是空的", None


def variants_from(values: Any, key: str, file: str, line_of: Any) -> tuple[list[Variant], list[Problem]]:
    """The variants of one key from its loaded YAML value; line_of(index) gives a line."""
    problems: list[Problem] = []
    if not isinstance(values, list):
        message = "应为说法的列表（每种说法一行，以“- ”开头）"
        return [], [Problem(message, file=file, line=line_of(None), field=key)]
    if not values:
        return [], [Problem("说法列表是空的：至少写一种说法", file=file, line=line_of(None), field=key)]
    out: list[Variant] = []
    for index, value in enumerate(values):
        line = line_of(index)
        if not isinstance(value, str):
            field = f"{key}[{index + 1}]"
            problems.append(Problem("每种说法应为一句文字", file=file, line=line, field=field))
            continue
        text = value.strip()
        found = [*check_text(text)]
        try:
            parts = parse_variant(text)
        except VariantError as exc:
            found.append((str(exc), exc.column))
            parts = ()
        for message, column in found:
            problems.append(Problem(message, file=file, line=line, column=column,
                                    field=f"{key}[{index + 1}]"))
        if not found:
            out.append(Variant(text, parts, file, line))
    return out, problems


def read(path: Path, display: str) -> tuple[Any, Any]:
    """A YAML data file of the wording: (data, loaded with positions). FactsError if unreadable."""
    from reportgen.loading import load_facts

    try:
        loaded = load_facts(path, display)
    except FactsError as exc:
        raise FactsError([_as_wording(p) for p in exc.problems]) from None
    return loaded.data, loaded


def _as_wording(problem: Problem) -> Problem:
    """The loader speaks of facts files; a phrasebook's problems are the same otherwise."""
    message = problem.message.replace("请按 reportgen init 生成的样式填写事实", "请按导出的措辞库的样式书写")
    return Problem(message, problem.file, problem.line, problem.column, problem.field, problem.title)


def load(path: Path, display: str) -> tuple[dict[str, Phrase], list[Problem]]:
    """Every phrase of a phrasebook file, and every problem found in it."""
    data, loaded = read(path, display)
    phrases: dict[str, Phrase] = {}
    problems: list[Problem] = []
    for key, values in data.items():
        key_mark = loaded.key_marks.get((key,))
        key_line = key_mark.line if key_mark else None
        if not KEY_NAME.fullmatch(key):
            problems.append(Problem("键名只能用小写英文字母、数字、“-”“_”“.”", file=display, line=key_line,
                                    field=key))
            continue

        def line_of(index: int | None, key: str = key, key_line: int | None = key_line) -> int | None:
            if index is None:
                return key_line
            mark = loaded.marks.get((key, index))
            return mark.line if mark else key_line

        variants, found = variants_from(values, key, display, line_of)
        problems += found
        if variants and not found:
            phrases[key] = Phrase(key, tuple(variants), display, key_line or 1)
    return phrases, problems
