"""Check loaded facts against the format and turn them into typed records.

Every problem in a file is collected and reported together, each with its line,
column, field path and Chinese title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportgen.errors import FactsError, Problem
from reportgen.kinds import Block, Field, ListOf, dotted
from reportgen.loading import Key, Loaded
from reportgen.reporttypes import BLOCK_OWNERS, TYPES
from reportgen.schema import FACTS
from reportgen.values import FactStr, Period, Record

if TYPE_CHECKING:
    from reportgen.problems import Library


@dataclass
class Facts:
    """Validated facts: a record tree where every field exists (None or [] when absent)."""

    data: Record
    source: str
    warnings: list[Problem] = field(default_factory=list)


class _Collector:
    def __init__(self, loaded: Loaded, library: Library | None = None) -> None:
        self.loaded = loaded
        self.library = library  # a user's problem library, or None for the built-in one
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def error(self, path: Key, message: str, key: bool = False) -> None:
        self.problems.append(problem_at(self.loaded, path, message, key))

    def warn(self, path: Key, message: str) -> None:
        self.warnings.append(problem_at(self.loaded, path, message))


def problem_at(loaded: Loaded, path: Key, message: str, key: bool = False) -> Problem:
    """A problem located at a value of a facts file (or at its key), with the field's title."""
    mark = loaded.key_marks.get(path) if key else None
    mark = mark or loaded.mark(path)
    f = field_at(path)
    return Problem(
        message,
        file=loaded.name,
        line=mark.line if mark else None,
        column=mark.column if mark else None,
        field=dotted(path) or None,
        title=f.title if f and not key else None,
    )


def field_at(path: Key) -> Field | None:
    """The schema field a value path points at (list indexes skipped)."""
    block: Block | None = FACTS
    found: Field | None = None
    for part in path:
        if isinstance(part, int):
            continue
        if block is None:
            return None
        found = block.field(part)
        if found is None:
            return None
        kind = found.kind
        if isinstance(kind, ListOf):
            kind = kind.item
        block = kind if isinstance(kind, Block) else None
    return found


def validate(loaded: Loaded, library: Library | None = None) -> Facts:
    """Validate a loaded facts file; raise FactsError listing every problem.

    library: the problem library in effect (a user's --templates may add codes)."""
    sink = _Collector(loaded, library)
    data = loaded.data
    report_type = data.get("type")
    if isinstance(report_type, str) and report_type.strip() in TYPES:
        data = _drop_foreign_blocks(report_type.strip(), data, sink)
    checked: dict[str, Any] = FACTS.check(data, (), sink)
    report_type = checked.get("type")
    if report_type in TYPES:
        _check_type_rules(report_type, checked, sink)
        _check_document(report_type, checked, sink)
    period, date = checked.get("period"), checked.get("date")
    if isinstance(period, Period) and date is not None:
        _check_date(period, date, report_type, sink)
    if report_type in TYPES and report_type != "speech" and not any(checked.get(b) for b in WORK_BLOCKS):
        sink.warn((), "只填写了必填项，没有任何工作方面的事实（责任落实、理论学习、阵地管理、宣传引导、"
                      "网络管理、队伍建设、特色亮点）：报告将没有“主要工作”部分，请补充后再起草")
    if sink.problems:
        raise FactsError(sink.problems)
    return Facts(to_record(FACTS, checked, ""), loaded.name, sink.warnings)


WORK_BLOCKS = ("responsibility", "study", "positions", "publicity", "online", "team", "highlights")
EARLY = dt.timedelta(days=31)  # a summary is written as its period ends: the last weeks are usual
LATE = dt.timedelta(days=183)


def _check_date(period: Period, date: dt.date, report_type: Any, sink: _Collector) -> None:
    """成文日期 against the period: before it starts is an error; written more than a month
    before it ends (a speech aside: it is given during its period) or half a year after it,
    a warning: most often the year or the period is mistyped."""
    code, end = period.code, period.end.isoformat()
    if date < period.start:
        start = period.start.isoformat()
        sink.error(("date",), f"成文日期 {date.isoformat()} 早于报告期 {code} 的开始日期 {start}")
    elif date < period.end - EARLY and report_type != "speech":
        sink.warn(("date",), f"成文日期 {date.isoformat()} 比报告期 {code} 的结束日期 {end} 早一个月以上："
                             "报告期还没有结束，请核对日期或报告期")
    elif date > period.end + LATE:
        sink.warn(("date",), f"成文日期 {date.isoformat()} 比报告期 {code} 的结束日期 {end} 晚半年以上："
                             "请核对日期或报告期")


def _drop_foreign_blocks(report_type: str, data: dict[str, Any], sink: _Collector) -> dict[str, Any]:
    """Type-specific blocks are validated only for the types that read them."""
    name = TYPES[report_type].name
    kept = dict(data)
    for block, owners in BLOCK_OWNERS.items():
        if block in kept and report_type not in owners:
            owner_names = "、".join(TYPES[o].name for o in owners)
            sink.warn((block,), f"只用于{owner_names}，{name}不使用，已忽略")
            del kept[block]
    return kept


def _check_type_rules(report_type: str, checked: dict[str, Any], sink: _Collector) -> None:
    rtype = TYPES[report_type]
    for need in rtype.required:
        parts = tuple(need.split("."))
        if _value_at(checked, parts) is None and not _already_reported(sink, parts):
            sink.error(parts, f"{rtype.name}必须填写此项")
    for group in rtype.any_of:
        paths = [tuple(p.split(".")) for p in group]
        if any(_already_reported(sink, p[:1]) for p in paths):
            continue  # a block it lives in is missing or wrong: that is reported already
        if all(_value_at(checked, p) is None for p in paths):
            names = "，或 ".join(f"{dotted(p)}（{_title(p)}）" for p in paths)
            sink.error(paths[0], f"{rtype.name}需要填写 {names}")


def _check_document(report_type: str, checked: dict[str, Any], sink: _Collector) -> None:
    """The 公文 elements a type can carry, and those that only stand together (GB/T 9704-2012 §7)."""
    block = checked.get("document")
    if not block:
        return
    rtype = TYPES[report_type]
    for name in block:
        if name not in rtype.document:
            allowed = "、".join(f"{f}（{_title(('document', f))}）" for f in rtype.document)
            sink.error(("document", name), f"{rtype.name}没有{_title(('document', name))}，请删去此项；"
                                           f"{rtype.name}可填：{allowed}", key=True)
    needs = (("signers", "number", "签发人与发文字号编排在同一行（7.2.6）"),
             ("number", "issuer_mark", "发文字号编排在发文机关标志之下（7.2.5）"),
             ("printed_on", "printed_by", "印发日期与印发机关编排在同一行（7.4.3）"))
    for have, need, why in needs:
        if block.get(have) is not None and block.get(need) is None and need in rtype.document:
            wanted = f"document.{need}（{_title(('document', need))}）"
            sink.error(("document", have), f"{why}：请同时填写 {wanted}")
    date, printed = checked.get("date"), block.get("printed_on")
    if date is not None and printed is not None and printed < date:
        sink.error(("document", "printed_on"),
                   f"印发日期 {printed.isoformat()} 早于成文日期 {date.isoformat()}")
    number = block.get("number")
    year = re.search(r"〔(\d{4})〕", number) if number else None
    if year and date is not None and int(year.group(1)) != date.year:
        sink.warn(("document", "number"),
                  f"发文字号的年份 {year.group(1)} 与成文日期的年份 {date.year} 不同，请核对")
    if report_type == "implementation" and number and not block.get("signers"):
        sink.warn(("document", "number"),
                  "落实情况报告是上行文，应当标注签发人（7.2.6）：请填写 document.signers")


def _title(path: Key) -> str:
    f = field_at(path)
    return f.title if f else dotted(path)


def _value_at(checked: dict[str, Any], parts: Key) -> Any:
    value: Any = checked
    for part in parts:
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _already_reported(sink: _Collector, path: Key) -> bool:
    text = dotted(path)
    return any(p.field and (p.field == text or p.field.startswith(text + ".")) for p in sink.problems)


def to_record(block: Block, values: dict[str, Any], source: str) -> Record:
    """Fill every field of the block, tagging strings with their source (the field's dotted path:
    publicity.articles[2].count)."""
    out: dict[str, Any] = {}
    for f in block.fields:
        value = values.get(f.name)
        kind = f.kind
        if value is None and not isinstance(kind, (Block, ListOf)):
            out[f.name] = None  # most fields of a draft's facts are absent
        else:
            out[f.name] = _convert(kind, value, f"{source}.{f.name}" if source else f.name)
    return Record(out, source)


def _convert(kind: Any, value: Any, source: str) -> Any:
    if isinstance(kind, Block):
        return to_record(kind, value or {}, source)
    if isinstance(kind, ListOf):
        return [_convert(kind.item, item, f"{source}[{i}]") for i, item in enumerate(value or [], 1)]
    if isinstance(value, str):
        return FactStr(value, source)
    return value
