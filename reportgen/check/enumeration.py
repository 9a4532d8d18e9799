"""一是 → 二是 → 三是: the runs of ordinals inside a section.

An ordinal (一是, 二要, 第三，) counts only where a clause starts, so 统一是 and 第一时间
are not ordinals. Runs of different words may nest (一是 … 一要 … 二要 … 二是), so each
word keeps its own run; a heading or a title ends the section and every run in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from reportgen.check.finding import Finding
from reportgen.check.headings import CN_NUM, cn_value, cn_word, headings_in, is_title
from reportgen.check.readers import Line

_ORDINAL = re.compile(
    rf"(?:^|(?<=[\s　，。；：、,;:！？!?“”（(]))"
    rf"(?:(?P<n>[{CN_NUM}]+)(?P<word>是|要)|第(?P<nth>[{CN_NUM}]+)(?=[，、,]))"
)


def _ordinal(n: int, word: str) -> str:
    return f"第{cn_word(n)}" if word == "第" else cn_word(n) + word


@dataclass
class _Run:
    word: str
    last: int
    lonely: Finding | None = None  # the 一是 of a run that has no 二是 yet
    items: dict[str, str] = field(default_factory=dict)  # an item's text → its ordinal


_ITEM_END = re.compile(r"[；;。！？!?]")
_NOT_TEXT = re.compile(r"[\s，,、：:“”\"'（）()]")


def item_text(text: str, start: int, end: int) -> str:
    """The words of the item from start (after its ordinal) to end, as compared for repeats."""
    m = _ITEM_END.search(text, start, end)
    return _NOT_TEXT.sub("", text[start:m.start() if m else end])


@dataclass
class _Section:
    runs: dict[str, _Run] = field(default_factory=dict)

    def close(self) -> Iterator[Finding]:
        yield from (run.lonely for run in self.runs.values() if run.lonely)
        self.runs.clear()

    def add(self, n: int, word: str, at: Finding, item: str = "") -> Iterator[Finding]:
        here = at.excerpt
        run = self.runs.get(word)
        if n == 1:
            if run and run.lonely:
                yield run.lonely
            second = _ordinal(2, word)
            message = f"只有“{here}”，没有“{second}”：只有一项时不必编号，或补上后面的项"
            self.runs[word] = _Run(word, 1, _with(at, message), {item: here} if item else {})
            return
        if run is not None and item:
            if item in run.items:
                yield _with(at, f"“{here}”与“{run.items[item]}”的内容相同：同一组中重复写了一项")
            run.items.setdefault(item, here)
        if run is None:
            other = next((r for r in self.runs.values() if r.last == n - 1), None)
            if other is not None:  # 一要 … 二是 … 三要: one list, two words
                before = _ordinal(other.last, other.word)
                yield _with(at, f"序号用词前后不一：前面是“{before}”，这里是“{here}”")
                other.last, other.lonely = n, None
                return
            yield _with(at, f"“{here}”之前没有“{_ordinal(1, word)}”")
            self.runs[word] = _Run(word, n)
            return
        before = _ordinal(run.last, word)
        if n > run.last + 1:
            gap = _ordinal(run.last + 1, word)
            yield _with(at, f"序号不连续：“{before}”之后直接是“{here}”，缺少“{gap}”")
        elif n <= run.last:
            yield _with(at, f"序号重复或倒退：“{before}”之后又是“{here}”")
        run.last, run.lonely = n, None


def _with(at: Finding, message: str) -> Finding:
    return Finding(at.line, at.column, "enumeration", message, at.excerpt)


def enumerations(lines: list[Line]) -> Iterator[Finding]:
    section = _Section()
    for line in lines:
        if is_title(line):
            yield from section.close()
            continue
        events: list[tuple[int, re.Match[str] | None]]
        events = [(h.column - 1, None) for h in headings_in(line)]
        events += [(m.start(), m) for m in _ORDINAL.finditer(line.text)]
        events.sort(key=lambda event: event[0])
        for i, (_, m) in enumerate(events):
            if m is None:  # a heading starts a new section
                yield from section.close()
                continue
            word = m.group("word") or "第"
            n = cn_value(m.group("n") or m.group("nth"))
            if n:
                at = Finding(line.no, m.start() + 1, "enumeration", "", m.group(0))
                end = events[i + 1][0] if i + 1 < len(events) else len(line.text)
                yield from section.add(n, word, at, item_text(line.text, m.end(), end))
    yield from section.close()
