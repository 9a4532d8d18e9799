"""What a batch shows while it runs and when it ends: a progress bar on a terminal (plain
lines otherwise), then a table of every unit with its files or the reason it failed.

No library: a bar is one line rewritten with a carriage return; widths count CJK
characters as two columns so the table lines up in a terminal.
"""

from __future__ import annotations

import itertools
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from reportgen.batch import Outcome, Summary
from reportgen.output import shown_path

BAR_WIDTH = 30
REDRAW_SECONDS = 0.1
LINE_STEPS = 10  # plain output: one line per tenth of the way


class Progress:
    """A batch.Reporter writing to stream: a redrawn bar on a terminal, a few lines elsewhere."""

    def __init__(self, stream: TextIO, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.total = self.done = self.failed = 0
        self._last_draw = 0.0
        self._last_step = 0

    def start(self, total: int) -> None:
        self.total = total
        if not self.tty:
            self._line(f"开始起草：共 {total} 份")

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        self.failed += not outcome.ok
        if self.tty:
            now = time.monotonic()
            if now - self._last_draw >= REDRAW_SECONDS or self.done == self.total:
                self._draw()
                self._last_draw = now
            return
        step = self.done * LINE_STEPS // max(1, self.total)
        if step > self._last_step:
            self._last_step = step
            self._line(self._status())

    def finish(self) -> None:
        if self.tty and self.total:
            self._draw()
            self.stream.write("\n")
            self.stream.flush()

    def _status(self) -> str:
        percent = self.done * 100 // max(1, self.total)
        failed = f"，失败 {self.failed}" if self.failed else ""
        return f"起草进度：{self.done}/{self.total}（{percent}%）{failed}"

    def _draw(self) -> None:
        filled = self.done * BAR_WIDTH // max(1, self.total)
        bar = "█" * filled + "░" * (BAR_WIDTH - filled)
        failed = f"  失败 {self.failed}" if self.failed else ""
        percent = self.done * 100 // max(1, self.total)
        self.stream.write(f"\r起草 {bar} {self.done}/{self.total} {percent:3d}%{failed}\x1b[K")
        self.stream.flush()

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


class Silent:
    """A batch.Reporter that shows nothing."""

    def start(self, total: int) -> None: ...
    def advance(self, outcome: Outcome) -> None: ...
    def finish(self) -> None: ...


# --- the summary -------------------------------------------------------------------------------

HEADERS = ("单位", "报告期", "类型", "结果")
MAX_UNIT_WIDTH = 24


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def clip(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > limit - 1:
            return out + "…"
        out += ch
    return out


def pad(text: str, size: int) -> str:
    return text + " " * (size - width(text))


def result(outcome: Outcome, cwd: Path) -> str:
    if outcome.ok:
        return "  ".join(shown_path(p, cwd) for p in outcome.paths)
    first = outcome.problems[0].render()
    more = f"（另有 {len(outcome.problems) - 1} 处，详见错误信息）" if len(outcome.problems) > 1 else ""
    return f"失败：{first}{more}"


def table(summary: Summary, cwd: Path) -> Iterator[str]:
    """Every unit (input order) then the roll-ups: unit, period, type, files or reason. Lines
    are made one at a time, after a pass for the column widths: 10,000 units hold no table."""

    def rows() -> Iterator[tuple[str, str, str, str]]:
        for o in itertools.chain(summary.outcomes, summary.rollups):
            yield clip(o.unit or "—", MAX_UNIT_WIDTH), o.period or "—", o.report or "—", result(o, cwd)

    sizes = [width(h) for h in HEADERS[:3]]
    for row in rows():
        sizes = [max(size, width(cell)) for size, cell in zip(sizes, row[:3], strict=False)]
    if not summary.outcomes and not summary.rollups:
        return
    for row in itertools.chain([HEADERS], rows()):
        cells = [pad(cell, size) for cell, size in zip(row[:3], sizes, strict=True)]
        yield "  ".join([*cells, row[3]])


def totals(summary: Summary) -> str:
    failed = sum(not o.ok for o in summary.outcomes)
    done = len(summary.outcomes) - failed
    files = sum(len(o.paths) for o in itertools.chain(summary.outcomes, summary.rollups))
    text = f"共 {summary.total} 份：已起草 {done} 份，失败 {failed} 份，写入文件 {files} 个。"
    if summary.rollups:
        ok = sum(o.ok for o in summary.rollups)
        text += f"汇总报告 {ok} 份。"
    if summary.interrupted:
        text += f"已中断：其余 {summary.total - len(summary.outcomes)} 份未起草；已写入的文件都是完整的。"
    return text


def details(summary: Summary) -> list[str]:
    """Every problem of every failed unit, then warnings and notes, for stderr."""
    lines = []
    for outcome in summary.failed:
        if len(outcome.problems) > 1:
            lines += [f"错误：{p.render()}" for p in outcome.problems]
    for outcome in summary.outcomes:
        lines += [f"提示：{p.render()}" for p in outcome.warnings]
    lines += [f"提示：{p.render()}" for p in summary.notes]
    return lines
