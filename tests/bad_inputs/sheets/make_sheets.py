"""Writes the spreadsheet cases in this folder. Run it to regenerate them:

    python tests/bad_inputs/sheets/make_sheets.py

The .xlsx files are written by openpyxl and then patched where openpyxl cannot help: it
never stores a formula's result, which Excel and WPS always do.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
HEADER = ["unit.name", "unit.kind", "unit.superior", "unit.secretary", "study.group_study", "study.seminars",
          "study.party_lectures"]


def _save(book: Workbook, name: str, results: dict[str, str] | None = None) -> None:
    path = HERE / name
    book.save(path)
    _fix_zip_times(path, results or {})


def _fix_zip_times(path: Path, results: dict[str, str]) -> None:
    """Fixed timestamps (the files do not change when regenerated) and saved formula results."""
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    for ref, value in results.items():
        sheet = sheet.replace(f'<c r="{ref}"><f>', f'<c r="{ref}" t="n"><f>', 1)
        head, _, tail = sheet.partition(f'<c r="{ref}" t="n"><f>')
        formula, _, rest = tail.partition("</f>")
        rest = rest.replace("<v></v>", f"<v>{value}</v>", 1) if rest.startswith("<v></v>") else f"<v>{value}</v>" + rest
        sheet = f'{head}<c r="{ref}" t="n"><f>{formula}</f>{rest}'
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)


def merged_cells() -> None:
    """Three towns under one superior, typed once in a merged cell, as offices do."""
    book = Workbook()
    sheet = book.active
    sheet.append(["2024年一季度各镇意识形态工作情况"])  # a title row merged across the table
    sheet.merge_cells("A1:G1")
    sheet.append(HEADER)
    sheet.append(["甲镇", "镇", "县委", "张三", 3, 1, 1])
    sheet.append(["乙镇", "镇", None, "李四", 4, 2, 1])
    sheet.append(["丙镇", "镇", None, "王五", 2, 1, 1])
    sheet.merge_cells("C3:C5")
    sheet.merge_cells("B3:B5")
    _save(book, "sheet-merged-cells.xlsx")


def formulas(name: str, saved: bool) -> None:
    """study.group_study computed by a formula; saved=False: never opened in Excel or WPS."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(["甲镇", "镇", "县委", "张三", "=F2+G2+1", 2, 1])
    sheet.append(["乙镇", "镇", "县委", "李四", "=F3+G3+1", 3, 1])
    _save(book, name, {"E2": "4", "E3": "5"} if saved else None)


def main() -> None:
    merged_cells()
    formulas("sheet-formula-results.xlsx", saved=True)
    formulas("sheet-formula-never-calculated.xlsx", saved=False)
    (HERE / "sheet-unknown-columns.csv").write_text(
        "unit.name,单位类别,stduy.group_study,备注说明\n甲镇,镇,3,无\n", encoding="utf-8")
    (HERE / "sheet-duplicate-units.csv").write_text(
        "unit.name,study.group_study\n甲镇,3\n乙镇,2\n甲镇,5\n", encoding="utf-8")
    (HERE / "sheet-one-bad-row-gbk.csv").write_bytes(
        "单位名称,党委理论学习中心组集中学习\n甲镇,3\n乙镇,十一\n丙镇,2\n".encode("gbk"))
    (HERE / "sheet-old-excel.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    (HERE / "sheet-not-a-workbook.xlsx").write_bytes(b"PK\x03\x04 this is not really a zip file")
    (HERE / "sheet-empty.csv").write_bytes(b"\xef\xbb\xbf\n\n")


if __name__ == "__main__":
    main()
