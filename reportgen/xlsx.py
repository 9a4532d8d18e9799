"""Rows of an .xlsx workbook's first sheet, as a person sees them in Excel or WPS.

openpyxl's read-only mode streams rows (a sheet of any size is never held whole) and gives
the values formulas had when the file was last saved, but it knows nothing of merged cells
and cannot tell a formula never calculated from an empty cell. One streaming pass over the
sheet's XML finds both, so that a merged cell's value stands in every cell it covers and a
formula without a saved result is reported rather than read as "no fact".
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from reportgen.errors import FactsError, Problem

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^([A-Z]+)(\d+)$")


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


def rows(path: Path, name: str) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the first worksheet: cached formula values, merged cells filled."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # only .xlsx input pays for it

    merges, uncalculated = _scan(path, name)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        message = f"无法读取 Excel 文件（{type(exc).__name__}）：文件已损坏，或不是 .xlsx 格式"
        raise FactsError([Problem(message, file=name)]) from None
    top_left: dict[_Merge, Any] = {}
    try:
        sheet = book.worksheets[0]
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
    finally:
        book.close()


def _set(cells: list[Any], column: int, value: Any) -> None:
    cells.extend([None] * (column - len(cells)))
    cells[column - 1] = value


def _scan(path: Path, name: str) -> tuple[list[_Merge], dict[int, list[int]]]:
    """Merged ranges, and formula cells without a saved result by row, from the sheet XML."""
    merges: list[_Merge] = []
    uncalculated: dict[int, list[int]] = {}
    try:
        with zipfile.ZipFile(path) as package, package.open(_first_sheet(package)) as xml:
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
    except FileNotFoundError:
        raise FactsError([Problem("文件不存在", file=name)]) from None
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        message = f"无法读取 Excel 文件（{type(exc).__name__}）：文件已损坏，或不是 .xlsx 格式"
        raise FactsError([Problem(message, file=name)]) from None
    return merges, uncalculated


def _first_sheet(package: zipfile.ZipFile) -> str:
    """The part name of the workbook's first worksheet (xl/worksheets/sheet1.xml, usually)."""
    book = ElementTree.fromstring(package.read("xl/workbook.xml"))
    sheet = book.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise KeyError("no worksheet")
    rel_id = sheet.get(f"{_REL}id")
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG_REL}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    raise KeyError(rel_id)


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
