"""`reportgen check` as a user runs it: output, JSON for editors, exit codes 0 / 1 / 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from conftest import invoke as run

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"




@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    clean = "# 某镇工作总结\n\n## 一、主要工作\n\n全年学习11次。\n"
    (tmp_path / "clean.md").write_text(clean, encoding="utf-8")
    (tmp_path / "dirty.txt").write_text("全年开展活动X次，，成效明显。\n", encoding="gbk")
    return tmp_path


def test_clean_file_exits_0(files: Path) -> None:
    result = run("check", "clean.md")
    assert result.exit_code == 0
    assert result.stdout == "检查了 1 个文件，未发现问题。\n"


def test_findings_are_listed_as_file_line_column_and_exit_1(files: Path) -> None:
    result = run("check", "clean.md", "dirty.txt")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "dirty.txt:1:7: 错误：“X”是未替换的占位符，请填写实际的数字或名称 [placeholder]",
        "dirty.txt:1:9: 错误：标点重复“，，”：请删去一个 [double-punct]",
        "检查了 2 个文件，发现 2 处问题（错误 2，疑似 0，提示 0）：占位符未替换 1，标点重复 1。",
    ]
    assert result.stderr == ""


def test_json_gives_one_object_per_finding(files: Path) -> None:
    result = run("check", "dirty.txt", "--format", "json")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows == [
        {"file": "dirty.txt", "line": 1, "column": 7, "level": "错误", "code": "placeholder",
         "message": "“X”是未替换的占位符，请填写实际的数字或名称", "excerpt": "X"},
        {"file": "dirty.txt", "line": 1, "column": 9, "level": "错误", "code": "double-punct",
         "message": "标点重复“，，”：请删去一个", "excerpt": "，，", "fix": "，"},
    ]


def test_max_chars_prints_the_count_per_section(files: Path) -> None:
    result = run("check", "clean.md", "--max-chars", "8")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "clean.md:1:1: 提示：全文共19字，超过上限8字（多11字） [too-long]",
        "clean.md:3:1: 提示：“一、主要工作”部分共13字，超过上限8字（多5字） [too-long]",
        "clean.md 字数：开头 6字；一、主要工作 13字；全文 19字（上限 8字）",
        "检查了 1 个文件，发现 2 处问题（错误 0，疑似 0，提示 2）：字数超限 2。",
    ]


def test_facts_compare_numbers(files: Path) -> None:
    result = run("check", "clean.md", "--facts", str(SAMPLE), "--format", "json")
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {row["code"] for row in rows} == {"fact-missing"}
    assert {row["file"] for row in rows} == {str(SAMPLE)}
    assert "study.group_study: 11" not in {row["excerpt"] for row in rows}  # 11 is stated


@pytest.mark.parametrize("args", [
    ("check", "missing.md"),
    ("check", "clean.md", "--facts", "missing.yaml"),
    ("check", "clean.md", "--max-chars", "0"),
    ("check",),
])
def test_bad_input_exits_2_with_a_chinese_message(files: Path, args: tuple[str, ...]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert any(word in result.stderr for word in ("不存在", "无效", "缺少"))
