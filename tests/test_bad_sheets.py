"""Spreadsheets as offices send them: merged cells, formulas, unknown columns, duplicate
units, one bad row, files that are not what their name says. One file per case in
tests/bad_inputs/sheets/ (regenerate with make_sheets.py there)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, RunCli

SHEETS = ROOT / "tests" / "bad_inputs" / "sheets"
ARGS = ("--period", "2024Q1", "--date", "2024-04-08", "-o", "out/")

# file, report type, exit code, a fragment of what the user reads, the files written
CASES = [
    ("sheet-merged-cells.xlsx", "implementation", 0, "已起草 3 份", 3),
    ("sheet-formula-results.xlsx", "summary", 0, "已起草 2 份", 2),
    ("sheet-formula-never-calculated.xlsx", "summary", 2,
     "第2行第5列：单元格 E2 是公式，但文件中没有保存计算结果：请用 Excel 或 WPS 打开这个文件，保存一次后再试", 0),
    ("sheet-unknown-columns.csv", "summary", 2, "第1行第3列：未知的列“stduy.group_study”（是否想写 study.group_study？）", 0),
    ("sheet-duplicate-units.csv", "summary", 0, "“甲镇”的 2024Q1 工作总结出现了 2 次", 3),
    ("sheet-one-bad-row-gbk.csv", "summary", 1, "第3行第2列：study.group_study（党委理论学习中心组集中学习）：请用阿拉伯数字书写", 2),
    ("sheet-old-excel.xls", "summary", 2, "不支持旧版 Excel（.xls）文件", 0),
    ("sheet-not-a-workbook.xlsx", "summary", 2, "无法读取 Excel 文件", 0),
    ("sheet-empty.csv", "summary", 2, "表格是空的", 0),
    # issue 12: a quote left open no longer merges two units into one (item 8)
    ("sheet-unclosed-quote.csv", "summary", 2, "sheet-unclosed-quote.csv 第2行：CSV 格式错误：文件在引号内结束：这一行的引号没有闭合", 0),
    # columns that name no field are ignored with one note (item 23); list items by Chinese title
    ("sheet-extra-columns.csv", "summary", 0, "“备注”（第3列）、“联系人”（第4列）不是已知的字段，已忽略", 2),
    ("sheet-articles-by-title.csv", "summary", 0, "已起草 1 份", 1),
]


@pytest.mark.parametrize(("name", "report_type", "code", "fragment", "files"), CASES, ids=[c[0] for c in CASES])
def test_sheet_case(run_cli: RunCli, tmp_path: Path, name: str, report_type: str, code: int, fragment: str,
                    files: int) -> None:
    result = run_cli("batch", str(SHEETS / name), "--type", report_type, *ARGS)
    assert result.exit_code == code, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output
    written = sorted((tmp_path / "out").glob("*.md")) if (tmp_path / "out").exists() else []
    assert len(written) == files
    assert not list(tmp_path.rglob("*.tmp"))


def test_merged_cells_give_every_row_the_value_a_person_sees(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("batch", str(SHEETS / "sheet-merged-cells.xlsx"), "--type", "implementation", *ARGS).exit_code == 0
    for town in ("甲镇", "乙镇", "丙镇"):
        text = (tmp_path / "out" / f"{town}-2024Q1-落实情况报告.md").read_text(encoding="utf-8")
        assert "\n县委：\n" in text  # the superior typed once, in a merged cell, addresses all three


def test_formulas_read_as_the_results_excel_saved(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("batch", str(SHEETS / "sheet-formula-results.xlsx"), "--type", "summary", *ARGS).exit_code == 0
    first = (tmp_path / "out" / "甲镇-2024Q1-工作总结.md").read_text(encoding="utf-8")
    second = (tmp_path / "out" / "乙镇-2024Q1-工作总结.md").read_text(encoding="utf-8")
    assert "集中学习4次" in first and "集中学习5次" in second


def test_unknown_columns_refused_with_strict(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("batch", str(SHEETS / "sheet-extra-columns.csv"), "--type", "summary", "--strict", *ARGS)
    assert result.exit_code == 2, result.output
    assert "第1行第3列：未知的列“备注”" in result.stderr and "第1行第4列：未知的列“联系人”" in result.stderr
    assert not (tmp_path / "out").exists()


def test_articles_by_chinese_title_reach_the_draft(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("batch", str(SHEETS / "sheet-articles-by-title.csv"), "--type", "summary", *ARGS).exit_code == 0
    text = (tmp_path / "out" / "甲镇-2024Q1-工作总结.md").read_text(encoding="utf-8")
    assert "《雅安日报》" in text and "县融媒体中心" in text and "5篇" in text and "12篇" in text
