"""check --fix: a corrected copy, for the findings that have exactly one safe correction.

Only a finding that carries a `fix` (half-width → full-width punctuation, a doubled mark,
发文字号 brackets, a date's form, a lexicon 错误 with one right form) is applied, and only
where its text still stands at its place. Nothing at 疑似 or 提示 carries one. Two fixes
on the same text are merged when one lies inside the other and the outer one leaves that
part as it was ((中文,中文) → （中文，中文）); otherwise the first wins and a second run of
--fix does the rest. The copy is `<name>.fixed<suffix>` beside the file, in the file's own
encoding and line ends; a .docx copy carries the fixes as tracked changes (docx_revisions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from reportgen.check.finding import Finding
from reportgen.check.levels import ERROR


@dataclass(frozen=True)
class Change:
    line: int  # as the finding: a line, or a .docx paragraph number
    column: int  # 1-based, in the line as the rules read it
    old: str
    new: str

    @property
    def end(self) -> int:
        return self.column - 1 + len(self.old)


def fixed_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.fixed{path.suffix}")


def plan(findings: Iterable[Finding], lines: dict[int, str]) -> list[Change]:
    """The changes to make, in reading order, none overlapping another."""
    wanted: dict[int, list[Change]] = {}
    for f in findings:
        text = lines.get(f.line)
        if f.fix is None or f.level != ERROR or text is None or f.fix == f.excerpt:
            continue
        start = f.column - 1
        if text[start:start + len(f.excerpt)] != f.excerpt or not f.excerpt:
            continue  # the text at that place is not what was found: leave it
        wanted.setdefault(f.line, []).append(Change(f.line, f.column, f.excerpt, f.fix))
    out: list[Change] = []
    for line in sorted(wanted):
        kept: list[Change] = []
        for change in sorted(wanted[line], key=lambda c: (c.column, -len(c.old))):
            if kept and change.column - 1 < kept[-1].end:
                merged = _inside(kept[-1], change)
                if merged is not None:
                    kept[-1] = merged
                continue
            kept.append(change)
        out += kept
    return out


def _inside(outer: Change, inner: Change) -> Change | None:
    """outer with inner applied within it, where outer keeps that part character for character."""
    start = inner.column - outer.column
    end = start + len(inner.old)
    if end > len(outer.old) or len(outer.new) != len(outer.old):
        return None
    if outer.new[start:end] != outer.old[start:end]:
        return None
    return replace(outer, new=outer.new[:start] + inner.new + outer.new[end:])


def apply(text: str, changes: list[Change]) -> str:
    """One line's text with its changes made (given in reading order)."""
    for change in sorted(changes, key=lambda c: c.column, reverse=True):
        start = change.column - 1
        text = text[:start] + change.new + text[start + len(change.old):]
    return text


def text_lines(raw: bytes) -> list[str]:
    """A .txt/.md file's lines as the rules number them (readers.read): the fixes' target."""
    text = raw.decode(_encoding(raw))
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")


def text_copy(raw: bytes, changes: list[Change]) -> bytes:
    """A .txt/.md file's bytes with the changes made, in its own encoding and line ends."""
    encoding = _encoding(raw)
    newline = "\r\n" if b"\r\x00\n" in raw or b"\r\n" in raw else "\n"
    lines = text_lines(raw)
    by_line: dict[int, list[Change]] = {}
    for change in changes:
        by_line.setdefault(change.line, []).append(change)
    for no, line_changes in by_line.items():
        lines[no - 1] = apply(lines[no - 1], line_changes)
    return newline.join(lines).encode(encoding)


def _encoding(raw: bytes) -> str:
    """The encoding readers.read decoded the file with (see loading.decode)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "gb18030"


def describe(name: str, change: Change) -> str:
    return f"{name}:{change.line}:{change.column}: 已改正：“{change.old}” → “{change.new}”"
