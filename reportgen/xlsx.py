"""Rows of an .xlsx workbook's sheet, as a person sees them in Excel or WPS.

The sheet read is the one Excel opens on (the active sheet, when it is visible), or the one
named with --sheet; a hidden sheet is never read unless named. The package is checked against
ziplimits before any part of it is unpacked.

openpyxl's read-only mode streams rows (a sheet of any size is never held whole) and gives
the values formulas had when the file was last saved, but it knows nothing of merged cells
and cannot tell a formula never calculated from an empty cell. One streaming pass over the
sheet's XML finds both, so that a merged cell's value stands in every cell it covers and a
formula without a saved result is reported rather than read as "no fact".
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from reportgen import ziplimits
from reportgen.errors import FactsError, Problem
from reportgen.inputfiles import open_regular

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")
KIND = "Excel 文件"
LIMITS = ziplimits.Limits(
    part=32 * ziplimits.MIB,  # workbook.xml, sharedStrings.xml, styles.xml: read whole
    streamed=200 * ziplimits.MIB,  # a worksheet is streamed; the size of the largest CSV read
    total=300 * ziplimits.MIB,
    is_streamed=lambda part: part.startswith("xl/worksheets/"),
)
_UNREADABLE = "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式"


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose result the file does not hold (never opened in Excel or WPS)."""

    ref: str


@dataclass(frozen=True)
class _Merge:
    first_row: int
    first_column: int
    last_row: int
    last_column: int


@dataclass(frozen=True)
class _SheetRef:
    title: str
    part: str  # the sheet's XML inside the package: xl/worksheets/sheet1.xml
    hidden: bool


def sheet_title(path: Path, name: str, wanted: str | None = None) -> str:
    """The title of the sheet rows() reads: wanted, else the active sheet, else the first
    visible one. FactsError if the file is unsafe or has no such sheet."""
    with open_regular(path, name) as fh:
        ziplimits.check(fh, name, LIMITS, KIND, _UNREADABLE)
        return _pick(fh, name, wanted).title


def rows(path: Path, name: str, title: str | None = None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the sheet: cached formula values, merged cells filled."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only .xlsx input pays for it

    with open_regular(path, name) as fh:
        # checked on every read: the file may have changed since it was opened first
        ziplimits.check(fh, name, LIMITS, KIND, _UNREADABLE)
        ref = _pick(fh, name, title)
        merges, uncalculated = _scan(fh, ref.part, name)
        try:
            fh.seek(0)
            book = load_workbook(fh, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, zlib.error):
            raise FactsError([Problem(_UNREADABLE, file=name)]) from None
        try:
            yield from _filled(book[ref.title], merges, uncalculated)
        finally:
            book.close()


def _filled(sheet: Any, merges: list[_Merge],
            uncalculated: dict[int, list[int]]) -> Iterator[tuple[int, list[Any]]]:
    top_left: dict[_Merge, Any] = {}
    sheet.reset_dimensions()  # some programs write wrong dimensions; read to the end
    for number, values in enumerate(sheet.iter_rows(values_only=True), 1):
        cells = list(values)
        for column in uncalculated.get(number, ()):
            _set(cells, column, Uncalculated(_ref(number, column)))
        for merge in merges:
            if merge.first_row <= number <= merge.last_row:
                if number == merge.first_row:
                    first = merge.first_column
                    top_left[merge] = cells[first - 1] if len(cells) >= first else None
                for column in range(merge.first_column, merge.last_column + 1):
                    if column > len(cells) or cells[column - 1] is None:
                        _set(cells, column, top_left.get(merge))
        yield number, cells


def _set(cells: list[Any], column: int, value: Any) -> None:
    cells.extend([None] * (column - len(cells)))
    cells[column - 1] = value


def _scan(fh: IO[bytes], part: str, name: str) -> tuple[list[_Merge], dict[int, list[int]]]:
    """Merged ranges, and formula cells without a saved result by row, from the sheet XML."""
    merges: list[_Merge] = []
    uncalculated: dict[int, list[int]] = {}
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as package, package.open(part) as xml:
            for _, element in ElementTree.iterparse(xml):
                if element.tag == f"{_MAIN}c":
                    formula = element.find(f"{_MAIN}f")
                    value = element.find(f"{_MAIN}v")
                    if formula is not None and (value is None or not (value.text or "").strip()):
                        row, column = _cell_ref(element.get("r", ""))
                        if row:
                            uncalculated.setdefault(row, []).append(column)
                    element.clear()
                elif element.tag == f"{_MAIN}mergeCell":
                    first, _, last = element.get("ref", "").partition(":")
                    (r1, c1), (r2, c2) = _cell_ref(first), _cell_ref(last or first)
                    if r1 and r2:
                        merges.append(_Merge(r1, c1, r2, c2))
                elif element.tag == f"{_MAIN}row":
                    element.clear()  # rows are done with: memory stays flat
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, zlib.error):
        raise FactsError([Problem(_UNREADABLE, file=name)]) from None
    return merges, uncalculated


def _pick(fh: IO[bytes], name: str, wanted: str | None) -> _SheetRef:
    """The sheet to read: wanted by name, else the active one, else the first visible one."""
    try:
        fh.seek(0)
        with zipfile.ZipFile(fh) as package:
            sheets, active = _sheets(package)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, zlib.error):
        raise FactsError([Problem(_UNREADABLE, file=name)]) from None
    listed = "、".join(f"“{s.title}”" + ("（隐藏）" if s.hidden else "") for s in sheets)
    if wanted is not None:
        for sheet in sheets:
            if _same(sheet.title, wanted):
                return sheet
        message = f"没有名为“{wanted}”的工作表；工作簿中有：{listed or '（无）'}"
        raise FactsError([Problem(message, file=name)])
    visible = [s for s in sheets if not s.hidden]
    if not visible:
        message = f"工作簿中没有可见的工作表（{listed or '无'}）：请用 --sheet 指定"
        raise FactsError([Problem(message, file=name)])
    if 0 <= active < len(sheets) and not sheets[active].hidden:
        return sheets[active]
    return visible[0]


def _sheets(package: zipfile.ZipFile) -> tuple[list[_SheetRef], int]:
    """The workbook's worksheets in order, and the index of the active one."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_PKG_REL}Relationship")}
    out = []
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"))
        if target is None:
            continue
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        hidden = sheet.get("state", "visible") in ("hidden", "veryHidden")
        out.append(_SheetRef(sheet.get("name", ""), part, hidden))
    view = book.find(f"{_MAIN}bookViews/{_MAIN}workbookView")
    try:
        active = int(view.get("activeTab", "0")) if view is not None else 0
    except ValueError:
        active = 0
    return out, active


def _same(title: str, wanted: str) -> bool:
    return unicodedata.normalize("NFKC", title).strip().casefold() == \
        unicodedata.normalize("NFKC", wanted).strip().casefold()


def _cell_ref(ref: str) -> tuple[int, int]:
    m = _REF.match(ref.replace("$", ""))
    if not m:
        return 0, 0
    column = 0
    for letter in m.group(1):
        column = column * 26 + ord(letter) - ord("A") + 1
    return int(m.group(2)), column


def _ref(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"{letters}{row}"
