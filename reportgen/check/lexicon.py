"""The lexicon of 规范表述: fixed formulations, 错别字 and confusable words, as data.

The entries live in lexicon.yaml beside this module (its header comment is the format);
`--lexicon FILE` adds a user's entries in the same format. An entry is found one of four
ways: its wrong forms word for word, a pattern with the context that decides it (截止
before a time point), a series whose order is fixed (四个意识), or, for a long
formulation, any near miss: one or two characters dropped, swapped or changed between
its own first two and last two characters. The lexicon is read and compiled once per
process; the built-in file is parsed with libyaml where available, and a user file with
the position-keeping loader, so every problem in it is reported with its line.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.check import levels
from reportgen.check.finding import Finding
from reportgen.check.readers import Line
from reportgen.errors import Problem, ReportgenError

BUILTIN = Path(__file__).with_name("lexicon.yaml")
KINDS = {"规范表述": "formulation", "错别字": "typo", "易混词": "confusable"}
_KEYS = {"kind": "种类", "right": "正确写法", "wrong": "错误写法", "pattern": "正则表达式",
         "series": "并列项", "near": "查近似写法", "unless": "例外词", "level": "级别",
         "reason": "理由", "source": "出处", "min": "至少几项"}
_WAYS = ("wrong", "pattern", "series", "near")
_NEAR_MIN_CHARS = 7  # shorter formulations differ from other real words by one character
_SERIES_SEPARATORS = "、，"


@dataclass(frozen=True)
class Entry:
    kind: str  # 规范表述, 错别字 or 易混词
    right: tuple[str, ...]  # one, or several equally right forms (then nothing is fixed)
    level: str
    reason: str
    source: str = ""
    wrong: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    series: tuple[str, ...] = ()
    near: bool = False
    unless: tuple[str, ...] = ()
    min_items: int = 3

    @property
    def code(self) -> str:
        return KINDS[self.kind]

    def finding(self, line: Line, start: int, found: str, right: str | None = None,
                fix: str | None = None) -> Finding:
        right = right if right is not None else "”或“".join(self.right)
        verb = {levels.ERROR: "应为", levels.WARNING: "可能应为", levels.INFO: "宜写作"}[self.level]
        message = f"“{found}”{verb}“{right}”：{self.reason}"
        single = fix if fix is not None else (self.right[0] if len(self.right) == 1 else None)
        safe = single if self.level == levels.ERROR and single != found else None
        return Finding(line.no, start + 1, self.code, message, found, level=self.level, fix=safe)

    def excused(self, text: str, start: int, end: int) -> bool:
        """Is text[start:end] inside one of the words this entry leaves alone?"""
        found = text[start:end]
        for word in self.unless:
            at = word.find(found)
            while at >= 0:
                if text[start - at:start - at + len(word)] == word:
                    return True
                at = word.find(found, at + 1)
        return False


class Lexicon:
    """Entries compiled for speed: one regular expression for every wrong form."""

    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.literal: dict[str, Entry] = {}
        for entry in entries:
            for wrong in entry.wrong:
                self.literal.setdefault(wrong, entry)
        words = sorted(self.literal, key=len, reverse=True)
        self.literal_re = re.compile("|".join(map(re.escape, words))) if words else None
        self.patterns = [e for e in entries if e.pattern is not None]
        self.series = [(e, _series_regex(e.series)) for e in entries if e.series]
        self.near: dict[str, list[Entry]] = {}  # first two characters → the formulations they start
        for e in entries:
            if e.near:
                self.near.setdefault(e.right[0][:2], []).append(e)
        self.rights = {right for e in entries for right in e.right}
        # one search tells whether a line needs the slower rules at all (most lines do not)
        contexts = [f"(?:{e.pattern.pattern})" for e in self.patterns if e.pattern is not None]
        contexts += [f"(?:{regex.pattern})" for _, regex in self.series]
        self.context_re = re.compile("|".join(contexts)) if contexts else None
        self.heads_re = re.compile("|".join(map(re.escape, self.near))) if self.near else None

    def findings(self, line: Line) -> list[Finding]:
        """Every entry's findings in a line; a near miss inside another finding is that one."""
        found = list(self._all(line))
        spans = {(f.column, f.column + len(f.excerpt)) for f in found}
        return [f for f in found if not any(_within((f.column, f.column + len(f.excerpt)), s) for s in spans)]

    def _all(self, line: Line) -> Iterator[Finding]:
        text = line.text
        if self.literal_re is not None:
            for m in self.literal_re.finditer(text):
                entry = self.literal[m.group(0)]
                if not entry.excused(text, m.start(), m.end()):
                    yield entry.finding(line, m.start(), m.group(0))
        if self.context_re is not None and self.context_re.search(text):
            for entry in self.patterns:
                assert entry.pattern is not None
                for m in entry.pattern.finditer(text):
                    if not m.group(0) or entry.excused(text, m.start(), m.end()):
                        continue
                    right = m.expand(entry.right[0]) if len(entry.right) == 1 else None
                    yield entry.finding(line, m.start(), m.group(0), right, right)
            for entry, regex in self.series:
                for m in regex.finditer(text):
                    yield from _series_finding(entry, line, m)
        if self.heads_re is not None:
            for head in {m.group(0) for m in self.heads_re.finditer(text)}:
                for entry in self.near[head]:
                    yield from self._near(entry, line)

    def _near(self, entry: Entry, line: Line) -> Iterator[Finding]:
        """Near misses of a long formulation, anchored on its first and last two characters."""
        right = entry.right[0]
        head, tail = right[:2], right[-2:]
        slack = 1 if len(right) < 12 else 2
        text = line.text
        at = text.find(head)
        while at >= 0:
            if text.startswith(right, at):
                at = text.find(head, at + len(right))
                continue
            for size in sorted(range(len(right) - slack, len(right) + slack + 1),
                               key=lambda n: abs(n - len(right))):
                found = text[at:at + size]
                if (len(found) == size and found.endswith(tail) and found not in self.rights
                        and found.replace("的", "") != right.replace("的", "")
                        and _distance(found, right, slack) <= slack):
                    yield entry.finding(line, at, found, fix=right)
                    at += size - 1
                    break
            at = text.find(head, at + 1)


def _within(inner: tuple[int, int], outer: tuple[int, int]) -> bool:
    return inner != outer and outer[0] <= inner[0] and inner[1] <= outer[1]


def _series_regex(items: tuple[str, ...]) -> re.Pattern[str]:
    item = "|".join(map(re.escape, sorted(items, key=len, reverse=True)))
    return re.compile(rf"(?:{item})(?:[{_SERIES_SEPARATORS}](?:{item}))+")


def _series_finding(entry: Entry, line: Line, m: re.Match[str]) -> Iterator[Finding]:
    found = m.group(0)
    items = re.split(f"[{_SERIES_SEPARATORS}]", found)
    order = [entry.series.index(item) for item in items]
    if len(set(items)) < entry.min_items or order == sorted(order):
        return
    separators = re.findall(f"[{_SERIES_SEPARATORS}]", found)  # as many as items after the first
    right = "、".join(entry.series)
    fix = None
    if sorted(order) == list(range(len(entry.series))):  # all there, only out of order
        right = entry.series[0] + "".join(s + i for s, i in zip(separators, entry.series[1:], strict=True))
        fix = right
    message = f"“{found}”的顺序应为“{right}”：{entry.reason}"
    safe = fix if entry.level == levels.ERROR else None
    yield Finding(line.no, m.start() + 1, entry.code, message, found, level=entry.level, fix=safe)


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent swaps counting one (optimal string alignment)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


# --- loading --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def load(extra: tuple[Path, ...] = ()) -> Lexicon:
    """The built-in lexicon and the user's files, in that order; read once per process."""
    entries = _builtin()
    problems: list[Problem] = []
    for path in extra:
        try:
            entries = entries + _user_file(path)
        except ReportgenError as exc:
            problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    return Lexicon(entries)


def _builtin() -> list[Entry]:
    import yaml

    text = BUILTIN.read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(text, Loader=loader)
    entries, problems = parse(data, "lexicon.yaml")
    if problems:  # a defect of ours: say where, with the positions the slow loader keeps
        raise ReportgenError(parse_text(text, str(BUILTIN))[1] or problems)
    return entries


def _user_file(path: Path) -> list[Entry]:
    from reportgen.loading import read_text

    name = str(path)
    if path.is_dir():
        raise ReportgenError([Problem("这是一个文件夹，不是词库文件", file=name)])
    text = read_text(path, name)
    entries, problems = parse_text(text, name)
    if problems:
        raise ReportgenError(problems)
    return entries


def parse_text(text: str, name: str) -> tuple[list[Entry], list[Problem]]:
    """A lexicon file's text → its entries, or every problem in it with line and column."""
    from reportgen.loading import load_yaml_text

    if not text.strip():
        return [], [Problem("词库文件是空的：格式见 reportgen 自带的 lexicon.yaml", file=name)]
    loaded = load_yaml_text(text, name)

    def where(key: tuple[str | int, ...], of_key: bool = False) -> tuple[int | None, int | None]:
        mark = loaded.key_marks.get(key) if of_key else None
        mark = mark or loaded.mark(key)
        return (mark.line, mark.column) if mark else (None, None)

    return parse(loaded.data, name, where)


Where = Any  # (key path) → (line, column)


def parse(data: Any, name: str, where: Where = None) -> tuple[list[Entry], list[Problem]]:
    """Plain data → entries; problems name the file, the entry and, given `where`, the line."""
    problems: list[Problem] = []

    def problem(key: tuple[str | int, ...], message: str, of_key: bool = False) -> None:
        line, column = where(key, of_key) if where else (None, None)
        field = "entries" + "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in key[1:])
        title = _KEYS.get(str(key[-1])) if len(key) > 2 else None
        problems.append(Problem(message, file=name, line=line, column=column, field=field, title=title))

    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        problems.append(Problem("词库文件应有 entries: 列表，每项是一条规则（格式见 lexicon.yaml）",
                                file=name, line=1, column=1))
        return [], problems
    for key in data:
        if key not in ("entries", "version"):
            line, column = where((key,), True) if where else (None, None)
            problems.append(Problem(f"不认识的字段“{key}”：顶层只有 version 和 entries",
                                    file=name, line=line, column=column))
    entries = []
    for i, raw in enumerate(data["entries"]):
        entry = _entry(raw, ("entries", i), problem)
        if entry is not None:
            entries.append(entry)
    return entries, problems


def _entry(raw: Any, key: tuple[str | int, ...], problem: Any) -> Entry | None:
    if not isinstance(raw, dict):
        problem(key, "每条应为“字段: 值”的映射（kind、right、level、reason 等）")
        return None
    ok = True

    def bad(field: str, message: str, of_key: bool = False) -> None:
        nonlocal ok
        ok = False
        problem((*key, field), message, of_key)

    for field in raw:
        if field not in _KEYS:
            close = difflib.get_close_matches(str(field), list(_KEYS), n=1)
            hint = f"（是否想写 {close[0]}？）" if close else f"；可用的字段：{'、'.join(_KEYS)}"
            bad(field, f"不认识的字段“{field}”{hint}", of_key=True)
    kind = raw.get("kind")
    if kind not in KINDS:
        bad("kind", f"应为 {'、'.join(KINDS)} 之一，实际为“{kind if kind is not None else '（未填写）'}”")
    try:
        level = levels.parse(str(raw.get("level", "")))
    except ValueError:
        level = ""
        bad("level", f"应为 错误、疑似 或 提示，实际为“{raw.get('level') or '（未填写）'}”")
    reason = raw.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        bad("reason", "请写一句理由，说明为什么这样写不对（给文字人员看）")
    right = _strings(raw.get("right"))
    if not right:
        bad("right", "请写正确写法（一个，或几个都对时写成列表）")
    ways = [way for way in _WAYS if raw.get(way) not in (None, False, [], "")]
    if not ways:
        bad("right", "请用 wrong、pattern、series 或 near 写明怎样查找")
    elif len(ways) > 1 and set(ways) != {"wrong", "near"}:
        bad(ways[1], f"{' 和 '.join(ways)} 只能选一种（wrong 可与 near 同用）")
    wrong = _strings(raw.get("wrong"))
    if "wrong" in raw and not wrong:
        bad("wrong", "应为错误写法的列表，如 [布署, 部暑]")
    unless = _strings(raw.get("unless"))
    if "unless" in raw and not unless:
        bad("unless", "应为例外词的列表，如 [连贯切]")
    for word in unless:
        if wrong and not any(w in word for w in wrong):
            bad("unless", f"例外词“{word}”不含任何错误写法，起不了作用")
    for w in wrong:
        if any(w in r for r in right) and not any(r in u for r in right for u in unless):
            bad("wrong", f"错误写法“{w}”也出现在正确写法中：正确的文字也会被指出")
    pattern = None
    if "pattern" in raw:
        try:
            pattern = re.compile(str(raw["pattern"]))
            if pattern.match(""):
                bad("pattern", "正则表达式能匹配空文字：每处都会被指出")
        except re.error as exc:
            bad("pattern", f"正则表达式有误：{exc}")
    series = _strings(raw.get("series"))
    if "series" in raw and (len(series) < 2 or len(set(series)) != len(series)):
        bad("series", "应为两项以上、互不相同的并列项，如 [政治意识, 大局意识, 核心意识, 看齐意识]")
    min_items = raw.get("min", 3)
    if "min" in raw and (not isinstance(min_items, int) or isinstance(min_items, bool)
                         or not 2 <= min_items <= max(2, len(series))):
        bad("min", f"应为 2 到 {max(2, len(series))} 之间的整数")
    near = raw.get("near", False)
    if not isinstance(near, bool):
        bad("near", "应为 true 或 false")
    elif near and (len(right) != 1 or len(right[0]) < _NEAR_MIN_CHARS):
        bad("near", f"只用于一个不少于{_NEAR_MIN_CHARS}个字的规范表述：短词错一字常是另一个正常的词")
    if not ok:
        return None
    return Entry(kind=str(kind), right=right, level=level, reason=str(reason).strip(),
                 source=str(raw.get("source") or ""), wrong=wrong, pattern=pattern, series=series,
                 near=bool(near), unless=unless, min_items=int(min_items))


def _strings(value: Any) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [] if value is None else [value]
    if not all(isinstance(v, (str, int)) and str(v).strip() for v in values):
        return ()
    return tuple(str(v).strip() for v in values)
