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
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import FactsError, Problem
from reportgen.kinds import Block, Field, ListOf, did_you_mean, dotted, split_items
from reportgen.loading import Key, Loaded, Mark
from reportgen.schema import FACTS, iter_fields
from reportgen.validate import Facts, field_at, validate
from reportgen.xlsx import Uncalculated

if TYPE_CHECKING:
    from reportgen.problems import Library

SUFFIXES = (".csv", ".xlsx")
MAX_CSV_BYTES = 200 * 1024 * 1024  # some 150,000 units
MAX_TITLE_ROWS = 5  # rows above the header (a sheet title, a note) that are skipped
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
        named = {c.number for c in columns}
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

    def __init__(self, path: Path, name: str) -> None:
        self.path = path
        self.name = name
        line, columns = self._read_header()
        self.header_line = line
        self.layout = Layout(name, tuple(columns))

    def has(self, field: str) -> bool:
        return any(c.field == field for c in self.layout.columns)

    def raw_rows(self) -> Iterator[RawRow]:
        """The rows under the header with anything in them, as read."""
        started = False
        for number, cells in _cells(self.path, self.name):
            if not started:
                started = number == self.header_line
                continue
            values = tuple(_cell(c) for c in cells)
            if any(v is not None for v in values):
                yield RawRow(self.layout, number, values)

    def rows(self) -> Iterator[Row]:
        return (raw.row() for raw in self.raw_rows())

    def _read_header(self) -> tuple[int, list[Column]]:
        """The first row naming at least one field; rows above it (a title) are skipped."""
        first: tuple[int, list[Any]] | None = None
        for number, cells in _cells(self.path, self.name):
            filled = [str(c) for c in cells if _cell(c) is not None]
            if not filled:
                continue
            first = first or (number, cells)
            if any(_names_field(text) for text in filled):
                return number, self._columns(number, cells)
            if number - first[0] >= MAX_TITLE_ROWS:
                break
        if first is None:
            empty = "表格是空的：第一行应为列名（字段路径或中文名称），其下每行一个单位"
            raise FactsError([Problem(empty, file=self.name)])
        return first[0], self._columns(*first)  # reports why none of its cells names a field

    def _columns(self, line: int, cells: list[Any]) -> list[Column]:
        columns: list[Column] = []
        problems: list[Problem] = []
        seen: dict[Key, int] = {}
        for number, cell in enumerate(cells, 1):
            header = _cell(cell)
            if header is None:
                continue  # a column without a header is checked row by row
            try:
                path, is_list = resolve_header(str(header))
            except ValueError as exc:
                problems.append(Problem(str(exc), file=self.name, line=line, column=number))
                continue
            if path in seen:
                twice = f"列“{header}”与第{seen[path]}列是同一字段 {dotted(path)}：请删去其中一列"
                problems.append(Problem(twice, file=self.name, line=line, column=number))
                continue
            seen[path] = number
            columns.append(Column(number, str(header), path, is_list, _required(path)))
        if problems:
            raise FactsError(problems)
        if not columns:
            raise FactsError([Problem("表格第一行没有可识别的列名", file=self.name, line=line)])
        return columns


def open_sheet(path: Path, name: str | None = None) -> Sheet:
    """Open a .csv or .xlsx file of facts and check its header; raise FactsError if unusable."""
    return Sheet(path, name or str(path))


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


def resolve_header(header: str) -> tuple[Key, bool]:
    """The field path a column header names, and whether its cells hold lists.

    Raises ValueError with a Chinese message naming the column when it names no field.
    """
    text = _norm(header)
    titled = _titles().get(text)
    if titled is not None:
        path, f = titled
        return _leaf(tuple(path.split(".")), f, header)
    if re.fullmatch(r"[A-Za-z_][\w.\[\]]*", text):
        return _resolve_path(text, header)
    paths = [p for p, f in iter_fields() if not isinstance(f.kind, Block)]
    hint = did_you_mean(text, list(_titles())) or did_you_mean(text.lower(), paths)
    raise ValueError(f"未知的列“{header}”{hint}：列名应为字段路径（如 study.group_study）或字段的中文名称"
                     "（如 党委理论学习中心组集中学习）；可运行 reportgen schema 查看全部字段")


def _leaf(path: Key, f: Field, header: str) -> tuple[Key, bool]:
    if isinstance(f.kind, ListOf) and isinstance(f.kind.item, Block):
        sub = f.kind.item.fields
        example = "、".join(f"{dotted(path)}[1].{s.name}" for s in sub[:2])
        raise ValueError(f"列“{header}”（{f.title}）每项有多个字段，请分列填写，如 {example}")
    return path, isinstance(f.kind, ListOf)


def _resolve_path(text: str, header: str) -> tuple[Key, bool]:
    path: list[str | int] = []
    block: Block | None = FACTS
    found: Field | None = None
    for part in text.split("."):
        m = _PATH_PART.match(part.lower())
        found = block.field(m.group(1)) if m and block is not None else None
        if m is None or found is None:
            names = [p for p, f in iter_fields() if not isinstance(f.kind, Block)]
            raise ValueError(f"未知的列“{header}”{did_you_mean(text.lower(), names)}：没有这个字段")
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
            items = []
            for position, index in enumerate(sorted(value)):
                old = (*prefix, key, index)
                for mark_key in [k for k in marks if k[: len(old)] == old]:
                    marks[(*prefix, key, position, *mark_key[len(old):])] = marks.pop(mark_key)
                items.append(value[index])
            node[key] = items
        else:
            _compact_lists(value, (*prefix, key), marks)


def _cells(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from reportgen import xlsx

        yield from xlsx.rows(path, name)
    elif suffix == ".xls":
        old = "不支持旧版 Excel（.xls）文件：请在 Excel 中另存为 .xlsx 或 CSV"
        raise FactsError([Problem(old, file=name)])
    else:
        yield from _csv_cells(path, name)


def _csv_cells(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """Rows of a CSV by line number, streamed: a sheet of any size is never held whole."""
    encoding = csv_encoding(path, name)
    with path.open(encoding=encoding, newline="") as fh:
        first = fh.readline()
        fh.seek(0)
        delimiter = max(",\t;", key=first.count)
        reader = csv.reader(fh, delimiter=delimiter)
        line = 1
        try:
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except csv.Error as exc:
            problem = Problem(f"CSV 格式错误：{exc}（可能是引号没有闭合）", file=name, line=line)
            raise FactsError([problem]) from None


def csv_encoding(path: Path, name: str) -> str:
    """What Excel and editors save CSV in: UTF-8 (with or without BOM), UTF-16 with BOM, or
    GBK/GB18030. The whole file is checked, a chunk at a time."""
    try:
        size = path.stat().st_size
        if size > MAX_CSV_BYTES:
            mb = 1024 * 1024
            message = f"文件过大（{size // mb} MB），上限为 {MAX_CSV_BYTES // mb} MB"
            raise FactsError([Problem(message, file=name)])
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError:
        raise FactsError([Problem("文件不存在", file=name)]) from None
    except OSError as exc:
        raise FactsError([Problem(f"无法读取文件：{exc.strerror or exc}", file=name)]) from None
    if head.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    encoding = next((e for e in candidates if _decodes(path, e)), None)
    if encoding is None:
        raise FactsError([Problem("无法识别文件编码：请另存为 UTF-8 或 GBK 编码的 CSV", file=name)])
    sample = head.decode(encoding, errors="ignore")
    controls = sum(ord(c) < 32 and c not in "\t\r\n" for c in sample)
    if "\x00" in sample or controls > len(sample) // 100 + 2:
        raise FactsError([Problem("这不是文本文件（含有二进制内容）", file=name)])
    return encoding


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
