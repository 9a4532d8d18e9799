"""Spreadsheets of facts: one unit per row, one field per column (.csv or .xlsx).

A column header is a field path (study.group_study, publicity.articles[1].count) or a
field's Chinese title (党委理论学习中心组集中学习, with or without its measure word).
Each row becomes a `Loaded` whose marks point at its cells, so the ordinary validation
reports "units.csv 第3行第8列：study.group_study（…）：…". Cells are not typed here:
the schema does that, exactly as for a YAML file.
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import FactsError, Problem
from reportgen.inputfiles import open_regular
from reportgen.kinds import MAX_LIST, Block, Field, ListOf, ScalarBlock, did_you_mean, dotted, split_items
from reportgen.loading import ENCODINGS, Key, Loaded, Mark, Mojibake
from reportgen.schema import FACTS, iter_fields
from reportgen.validate import Facts, field_at, validate
from reportgen.xlsx import Uncalculated

if TYPE_CHECKING:
    from reportgen.problems import Library

SUFFIXES = (".csv", ".xlsx")
MAX_CSV_BYTES = 200 * 1024 * 1024  # some 150,000 units
MAX_TITLE_ROWS = 5  # rows above the header (a sheet title, a note) that are skipped
MAX_LISTED = 10  # unknown columns named in a message; the rest are counted
# List cells: items on separate lines, or split by ；/; , or else by 、 — the strongest
# separator present wins, so "《甲》、《乙》；丙" is two items, not three.
_PATH_PART = re.compile(r"^([a-z_][a-z0-9_]*)(?:\[(\d+)\])?$")


@dataclass(frozen=True)
class Column:
    number: int  # 1-based, as the spreadsheet shows it
    header: str
    path: Key  # the field path; list items of blocks carry a 0-based index
    is_list: bool  # cell text is split into items
    required: bool = False  # the field and every block above it are required: unit.name
    field: str = ""  # the path as written, e.g. "study.group_study"

    def __post_init__(self) -> None:
        object.__setattr__(self, "field", dotted(self.path))


@dataclass
class Row:
    """One unit's facts as read from a row, ready for validation."""

    number: int
    loaded: Loaded
    problems: list[Problem] = field(default_factory=list)  # found while reading the row

    def validate(self, library: Library | None = None) -> Facts:
        """Validate like a YAML file; problems with no cell of their own point at the row."""
        try:
            facts = validate(self.loaded, library)
        except FactsError as exc:
            raise FactsError([*self.problems, *(self._at_row(p) for p in exc.problems)]) from None
        if self.problems:
            raise FactsError(self.problems)
        facts.warnings = [self._at_row(p) for p in facts.warnings]
        return facts

    def _at_row(self, problem: Problem) -> Problem:
        return problem if problem.line is not None else replace(problem, line=self.number)


@dataclass(frozen=True)
class Layout:
    """What a sheet's columns hold: shared by its rows, so a row travels cheaply between processes."""

    name: str  # the file as messages show it
    columns: tuple[Column, ...]
    ignored: frozenset[int] = frozenset()  # columns whose header names no field (without --strict)


@dataclass(frozen=True)
class RawRow:
    """A row's cells as read; row() turns them into facts with marks."""

    layout: Layout
    number: int
    cells: tuple[Any, ...]  # cleaned: stripped text, None for empty

    def value(self, field: str) -> Any:
        """The cell under the column for a field path (e.g. "unit.name"), or None."""
        for column in self.layout.columns:
            if column.field == field and column.number <= len(self.cells):
                return self.cells[column.number - 1]
        return None

    def row(self) -> Row:
        name, columns, number = self.layout.name, self.layout.columns, self.number
        named = {c.number for c in columns} | self.layout.ignored
        unnamed = "此列有内容但没有列名：请在列名行补上列名，或删去这一列"
        problems = [Problem(unnamed, file=name, line=number, column=col)
                    for col, value in enumerate(self.cells, 1) if value is not None and col not in named]
        data: dict[str, Any] = {}
        marks: dict[Key, Mark] = {}
        for column in columns:
            mark = Mark(number, column.number)
            marks[column.path] = mark
            value = self.cells[column.number - 1] if column.number <= len(self.cells) else None
            if isinstance(value, Uncalculated):
                message = (f"单元格 {value.ref} 是公式，但文件中没有保存计算结果："
                           "请用 Excel 或 WPS 打开这个文件，保存一次后再试")
                problems.append(Problem(message, file=name, line=number, column=column.number))
                continue
            if value is None:
                node: dict[Any, Any] = data
                for part in column.path[:-1] if column.required else ():
                    node = node.setdefault(part, {})  # "unit.name" is missing, at its cell: not "unit"
                continue
            if column.is_list and isinstance(value, str):
                value = split_items(value)
                for i in range(len(value)):
                    marks[(*column.path, i)] = mark
            _put(data, column.path, value, marks, mark)
        _compact_lists(data, (), marks)
        return Row(number, Loaded(name, data, marks), problems)


class Sheet:
    """A spreadsheet whose header has been checked; its rows may be read more than once."""

    def __init__(self, path: Path, name: str, sheet: str | None = None, strict: bool = False) -> None:
        self.path = path
        self.title: str | None = None  # the worksheet read, for a workbook
        if path.suffix.lower() == ".xlsx":
            from reportgen import xlsx

            self.title = xlsx.sheet_title(path, name, sheet)
            name = f"{name}（工作表“{self.title}”）"  # every message about a workbook names the sheet
        self.name = name
        self.strict = strict
        self.notes: list[Problem] = []  # warnings about the whole sheet: columns ignored
        line, columns, ignored = self._read_header()
        self.header_line = line
        self.layout = Layout(name, tuple(columns), frozenset(ignored))

    def has(self, field: str) -> bool:
        return any(c.field == field for c in self.layout.columns)

    def raw_rows(self) -> Iterator[RawRow]:
        """The rows under the header with anything in them, as read."""
        started = False
        for number, cells in _cells(self.path, self.name, self.title):
            if not started:
                started = number == self.header_line
                continue
            values = tuple(_cell(c) for c in cells)
            if any(v is not None for v in values):
                yield RawRow(self.layout, number, values)

    def rows(self) -> Iterator[Row]:
        return (raw.row() for raw in self.raw_rows())

    def _read_header(self) -> tuple[int, list[Column], list[int]]:
        """The first row naming at least one field; rows above it (a title) are skipped."""
        first: tuple[int, list[Any]] | None = None
        for number, cells in _cells(self.path, self.name, self.title):
            filled = [str(c) for c in cells if _cell(c) is not None]
            if not filled:
                continue
            first = first or (number, cells)
            if any(_names_field(text) for text in filled):
                return number, *self._columns(number, cells)
            if number - first[0] >= MAX_TITLE_ROWS:
                break
        if first is None:
            empty = "表格是空的：第一行应为列名（字段路径或中文名称），其下每行一个单位"
            raise FactsError([Problem(empty, file=self.name)])
        return first[0], *self._columns(*first)  # reports why none of its cells names a field

    def _columns(self, line: int, cells: list[Any]) -> tuple[list[Column], list[int]]:
        columns: list[Column] = []
        problems: list[Problem] = []
        unknown: list[tuple[int, str]] = []
        seen: dict[Key, int] = {}
        for number, cell in enumerate(cells, 1):
            header = _cell(cell)
            if header is None:
                continue  # a column without a header is checked row by row
            try:
                path, is_list = resolve_header(str(header))
            except UnknownColumn:
                if _PATH_LIKE.fullmatch(_norm(str(header))):  # a field path mistyped: its data would be lost
                    problems.append(Problem(f"未知的列“{header}”{unknown_hint(str(header))}：没有这个字段",
                                            file=self.name, line=line, column=number))
                else:
                    unknown.append((number, str(header)))
                continue
            except ValueError as exc:
                problems.append(Problem(str(exc), file=self.name, line=line, column=number))
                continue
            if path in seen:
                twice = f"列“{header}”与第{seen[path]}列是同一字段 {dotted(path)}：请删去其中一列"
                problems.append(Problem(twice, file=self.name, line=line, column=number))
                continue
            seen[path] = number
            columns.append(Column(number, str(header), path, is_list, _required(path)))
        if unknown and (self.strict or not columns):
            problems += self._unknown(line, unknown, refused=True)
        if problems:
            raise FactsError(problems)
        if not columns:
            raise FactsError([Problem("表格第一行没有可识别的列名", file=self.name, line=line)])
        if unknown:
            self.notes += self._unknown(line, unknown, refused=False)
        return columns, [number for number, _ in unknown]

    def _unknown(self, line: int, unknown: list[tuple[int, str]], refused: bool) -> list[Problem]:
        """Columns naming no field, however many: the first few by name, the rest counted."""
        what = "列名应为字段路径（如 study.group_study）或字段的中文名称（如 党委理论学习中心组集中学习）"
        more = f"等，共 {len(unknown)} 列" if len(unknown) > MAX_LISTED else ""
        if refused:
            out = [Problem(f"未知的列“{_clip(header)}”{unknown_hint(header)}：{what}", file=self.name,
                           line=line, column=number) for number, header in unknown[:MAX_LISTED]]
            if more:
                out.append(Problem(f"以上列出前 {MAX_LISTED} 列，共 {len(unknown)} 列不是已知的字段",
                                   file=self.name, line=line))
            return out
        shown = "、".join(f"“{_clip(header)}”（第{number}列）{unknown_hint(header)}"
                         for number, header in unknown[:MAX_LISTED])
        return [Problem(f"{shown}{more}不是已知的字段，已忽略；{what}。如要把未知的列当作错误，请加 --strict",
                        file=self.name, line=line)]


def _clip(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def open_sheet(path: Path, name: str | None = None, sheet: str | None = None, strict: bool = False) -> Sheet:
    """Open a .csv or .xlsx file of facts and check its header; raise FactsError if unusable.

    sheet: the worksheet of a workbook to read (default: the one Excel opens on). strict: columns
    that name no field are an error rather than ignored with a note.
    """
    return Sheet(path, name or str(path), sheet, strict)


# --- headers ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("\ufeff", ""))


@functools.cache
def _titles() -> dict[str, tuple[str, Field]]:
    out: dict[str, tuple[str, Field]] = {}
    for path, f in iter_fields():
        if not isinstance(f.kind, Block):
            out.setdefault(_norm(f.title), (path, f))
            out.setdefault(_norm(f.label), (path, f))
    return out


def _required(path: Key) -> bool:
    """The field and every block above it are required (unit.name, not person.name)."""
    fields = [field_at(path[:i]) for i in range(1, len(path) + 1)]
    return all(f is not None and f.required for f in fields)


def _names_field(header: str) -> bool:
    try:
        resolve_header(header)
    except ValueError:
        return False
    return True


class UnknownColumn(ValueError):
    """A column header that names no field at all (as opposed to one naming a field wrongly)."""


@functools.cache
def _list_items() -> tuple[dict[str, tuple[Key, Field]], dict[str, tuple[Key, Block]]]:
    """The fields of list items by Chinese title (发布媒体 → publicity.articles, outlet) where
    the title is one list's alone, and the lists of blocks by title (发表宣传信息)."""
    items: dict[str, list[tuple[Key, Field]]] = {}
    lists: dict[str, tuple[Key, Block]] = {}
    for path, f in iter_fields():
        if isinstance(f.kind, ListOf) and isinstance(f.kind.item, Block):
            key = tuple(path.split("."))
            lists[_norm(f.title)] = (key, f.kind.item)
            for sub in f.kind.item.fields:
                for title in {_norm(sub.title), _norm(sub.label)}:
                    items.setdefault(title, []).append((key, sub))
    unique = {title: found[0] for title, found in items.items() if len(found) == 1}
    return unique, lists


_PATH_LIKE = re.compile(r"[A-Za-z_]\w*(\[\d+\])?(\.[A-Za-z_]\w*(\[\d+\])?)+")  # stduy.group_study
_NUMBERED = re.compile(r"(.+?)(\d+)")  # 篇数1
# 发表宣传信息1发布媒体, 发表宣传信息[1].篇数
_LIST_ITEM = re.compile(r"(.+?)[\[(（]?(\d+)[\])）]?[.·・_-]?(.+)")


def _by_item_title(text: str, header: str) -> tuple[Key, bool] | None:
    """A list item's field by Chinese title and item number: 发布媒体1, 篇数1 or 发表宣传信息1篇数."""
    items, lists = _list_items()
    found: tuple[Key, Field] | None = None
    m = _NUMBERED.fullmatch(text)
    if m and m.group(1) in items:
        found, n = items[m.group(1)], int(m.group(2))
    else:
        m = _LIST_ITEM.fullmatch(text)
        if not m or m.group(1) not in lists:
            return None
        path, block = lists[m.group(1)]
        sub = next((f for f in block.fields if m.group(3) in (_norm(f.title), _norm(f.label), f.name)), None)
        if sub is None:
            names = "、".join(f.title for f in block.fields)
            raise ValueError(f"列“{header}”：{m.group(1)}的每项只有这些字段：{names}")
        found, n = (path, sub), int(m.group(2))
    if not 1 <= n <= MAX_LIST:
        raise ValueError(f"列“{header}”：序号应为 1 到 {MAX_LIST}")
    path, sub = found
    return _leaf((*path, n - 1, sub.name), sub, header)


def resolve_header(header: str) -> tuple[Key, bool]:
    """The field path a column header names, and whether its cells hold lists.

    Raises UnknownColumn when it names no field, ValueError with a Chinese message naming the
    column when it names a field in a way that cannot be read.
    """
    text = _norm(header)
    titled = _titles().get(text)
    if titled is not None:
        path, f = titled
        return _leaf(tuple(path.split(".")), f, header)
    if re.fullmatch(r"[A-Za-z_][\w.\[\]]*", text):
        return _resolve_path(text, header)
    item = _by_item_title(text, header)
    if item is not None:
        return item
    raise UnknownColumn(header)


def unknown_hint(header: str) -> str:
    """（是否想写 …？） for a header that names no field, or ""."""
    text = _norm(header)
    paths = [p for p, f in iter_fields() if not isinstance(f.kind, Block)]
    return did_you_mean(text, list(_titles())) or did_you_mean(text.lower(), paths)


def _leaf(path: Key, f: Field, header: str) -> tuple[Key, bool]:
    # a list of blocks needs a column per field, unless a plain value may stand for an item
    # (problems: a code or a sentence each, split like any list cell)
    item = f.kind.item if isinstance(f.kind, ListOf) else None
    if isinstance(item, Block) and not isinstance(item, ScalarBlock):
        sub = item.fields
        example = "、".join(f"{dotted(path)}[1].{s.name}" for s in sub[:2])
        titled = "、".join(f"{s.title}1" for s in sub[:2])
        raise ValueError(f"列“{header}”（{f.title}）每项有多个字段，请分列填写，如 {example}，或 {titled}")
    return path, isinstance(f.kind, ListOf)


def _resolve_path(text: str, header: str) -> tuple[Key, bool]:
    path: list[str | int] = []
    block: Block | None = FACTS
    found: Field | None = None
    for part in text.split("."):
        m = _PATH_PART.match(part.lower())
        found = block.field(m.group(1)) if m and block is not None else None
        if m is None or found is None:
            raise UnknownColumn(header)
        path.append(m.group(1))
        kind = found.kind
        if m.group(2) is not None:
            if not (isinstance(kind, ListOf) and isinstance(kind.item, Block)) or int(m.group(2)) < 1:
                raise ValueError(f"列“{header}”：{m.group(1)} 不能带序号 [{m.group(2)}]")
            path.append(int(m.group(2)) - 1)
            kind = kind.item
        block = kind if isinstance(kind, Block) else None
    assert found is not None
    if isinstance(found.kind, Block):
        example = "、".join(f"{text}.{f.name}" for f in found.kind.fields[:3])
        raise ValueError(f"列“{header}”是一组字段，请分列填写，如 {example}")
    if isinstance(path[-1], int):
        raise ValueError(f"列“{header}”：请写明该项的字段，如 {text}.count")
    return _leaf(tuple(path), found, header)


# --- cells -----------------------------------------------------------------------------


def _cell(value: Any) -> Any:
    """A cell as validation sees it: text stripped, empty text meaning no fact."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(data: dict[str, Any], path: Key, value: Any, marks: dict[Key, Mark], mark: Mark) -> None:
    """Set data at path; items of a list of blocks are dicts keyed by index until compacted."""
    node: Any = data
    for i, part in enumerate(path[:-1]):
        node = node.setdefault(part, {})
        if isinstance(part, int):
            marks.setdefault(path[: i + 1], mark)  # an item's own problems point at its first cell
    node[path[-1]] = value


def _compact_lists(node: dict[Any, Any], prefix: Key, marks: dict[Key, Mark]) -> None:
    """Items given as articles[1], articles[3] become a list in column order."""
    for key, value in list(node.items()):
        if not isinstance(value, dict):
            continue
        if value and all(isinstance(k, int) for k in value):
            order = sorted(value)
            node[key] = [value[index] for index in order]
            if order[-1] != len(order) - 1:  # a gap (articles[1], articles[3]): marks move up
                _renumber(marks, (*prefix, key), {index: at for at, index in enumerate(order)})
        else:
            _compact_lists(value, (*prefix, key), marks)


def _renumber(marks: dict[Key, Mark], list_path: Key, position: dict[str | int, int]) -> None:
    """The marks of a list's items under their positions in the compacted list."""
    depth = len(list_path)
    moved = {(*list_path, position[k[depth]], *k[depth + 1:]): k for k in marks
             if len(k) > depth and k[:depth] == list_path and k[depth] in position}
    taken = {k: marks.pop(k) for k in moved.values()}
    marks.update({new: taken[old] for new, old in moved.items()})


def _cells(path: Path, name: str, title: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from reportgen import xlsx

        yield from xlsx.rows(path, name, title)
    elif suffix == ".xls":
        old = "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV"
        raise FactsError([Problem(old, file=name)])
    else:
        yield from _csv_cells(path, name)


# Python's csv messages, in Chinese; a quote left open is the usual cause of each.
_CSV_ZH = [
    (r"unexpected end of data", "文件在引号内结束：这一行的引号没有闭合"),
    (r"field larger than field limit \((\d+)\)", r"单元格内容过长（超过 \1 个字符）：可能是引号没有闭合"),
    (r"'(.)' expected after '\"'", r"引号后应紧跟分隔符“\1”：引号要成对，单元格中的引号请写成两个（\"\"）"),
    (r"line contains NUL", "含有空字符（NUL）：这不是文本格式的 CSV"),
    (r"new-line character seen in unquoted field.*", "单元格中有未加引号的换行"),
]


def _csv_message(exc: csv.Error) -> str:
    text = str(exc)
    for pattern, zh in _CSV_ZH:
        if re.fullmatch(pattern, text):
            return re.sub(pattern, zh, text)
    return "无法按 CSV 格式读取：可能是引号没有闭合"


def _csv_cells(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a CSV by line number, streamed: a sheet of any size is never held whole. Parsed
    strictly: a quote left open is an error naming the row it opens, never two rows merged."""
    encoding = csv_encoding(path, name)
    with open_regular(path, name) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        delimiter = max(",\t;", key=first.count)
        reader = csv.reader(_bounded_lines(fh, name), delimiter=delimiter, strict=True)
        line = 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:
            problem = Problem(f"CSV 格式错误：{_csv_message(exc)}", file=name, line=line)
            raise FactsError([problem]) from None


def _bounded_lines(fh: Iterable[str], name: str) -> Iterator[str]:
    """The lines of fh, stopping with an error past MAX_CSV_BYTES (characters, each at least a
    byte): a file that grows while read is bounded too."""
    read = 0
    for line in fh:
        read += len(line)
        if read > MAX_CSV_BYTES:
            raise FactsError([Problem(f"文件过大，上限为 {MAX_CSV_BYTES // (1024 * 1024)} MB", file=name)])
        yield line


def csv_encoding(path: Path, name: str) -> str:
    """What Excel and editors save CSV in: UTF-8 (with or without BOM), UTF-16 with BOM, or
    GBK/GB18030. The whole file is checked, a chunk at a time, within MAX_CSV_BYTES."""
    with open_regular(path, name) as fh:
        head = fh.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    encoding = next((e for e in candidates if _decodes(path, name, e)), None)
    if encoding is None:
        raise FactsError([Problem(f"无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV（可读取 {ENCODINGS}）",
                                  file=name)])
    sample = head.decode(encoding, errors="ignore")
    controls = sum(ord(c) < 32 and c not in "\t\r\n" for c in sample)
    if "\x00" in sample or controls > len(sample) // 100 + 2:
        raise FactsError([Problem("这不是文本文件（含有二进制内容）", file=name)])
    return encoding


def _decodes(path: Path, name: str, encoding: str) -> bool:
    """Whether the whole file decodes; GBK text that reads as mojibake is refused with its line."""
    decoder = codecs.getincrementaldecoder(encoding)()
    read, line, rest = 0, 1, ""
    mojibake = Mojibake()
    try:
        with open_regular(path, name) as fh:
            while chunk := fh.read(1 << 20):
                read += len(chunk)
                if read > MAX_CSV_BYTES:
                    mb = 1024 * 1024
                    raise FactsError([Problem(f"文件过大，上限为 {MAX_CSV_BYTES // mb} MB", file=name)])
                text = decoder.decode(chunk)
                if encoding == "gb18030":
                    *whole, rest = (rest + text).split("\n")
                    mojibake.feed("\n".join(whole), line)
                    line += len(whole)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    if encoding == "gb18030":
        mojibake.feed(rest, line)
        mojibake.check(name)
    return True
