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


@pytest.mark.parametrize(("args", "message"), [
    (("check", "missing.md"), "错误：missing.md：文件不存在\n"),
    (("check", "clean.md", "--facts", "missing.yaml"), "错误：missing.yaml：文件不存在\n"),
    (("check", "clean.md", "--max-chars", "0"),
     "用法错误：选项或参数 --max-chars 的值无效：0 超出范围，应不小于 1\n查看帮助：reportgen check --help\n"),
    (("check",), "用法错误：缺少参数 FILES...\n查看帮助：reportgen check --help\n"),
    (("check", "clean.md", "--fail-level", "严重"),
     "用法错误：选项或参数 --fail-level 的值无效：“严重”不是级别；可选：错误（error）、疑似（warning）、提示（info）\n"
     "查看帮助：reportgen check --help\n"),
    (("check", "clean.md", "--ignore", "typos"), "错误：--ignore 不认识“typos”（是否想写 typo？）\n"),
])
def test_bad_input_exits_2_with_a_chinese_message(files: Path, args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message


# --- levels, --fail-level, suppressing what a clerk has judged, folders ----------------------

GRADED = "截止2024年底，各单位做出部署，其它工作照常。\n"  # 错误 截止, 疑似 做出, 提示 其它


def test_each_finding_has_its_level_and_the_summary_counts_them(files: Path) -> None:
    (files / "graded.txt").write_text(GRADED, encoding="utf-8")
    result = run("check", "graded.txt")
    lines = result.stdout.splitlines()
    assert [line.split(": ")[1].split("：")[0] for line in lines[:-1]] == ["错误", "疑似", "提示"]
    assert lines[-1] == "检查了 1 个文件，发现 3 处问题（错误 1，疑似 1，提示 1）：易混词语 3。"
    rows = [json.loads(line) for line in run("check", "graded.txt", "--format", "json").stdout.splitlines()]
    assert [(r["level"], r["excerpt"], r.get("fix")) for r in rows] == [
        ("错误", "截止", "截至"), ("疑似", "做出", None), ("提示", "其它", None)]


@pytest.mark.parametrize(("level", "code"), [
    ("提示", 1), ("info", 1), ("疑似", 1), ("warning", 1), ("错误", 1), ("error", 1)])
def test_fail_level_with_an_error_present(files: Path, level: str, code: int) -> None:
    (files / "graded.txt").write_text(GRADED, encoding="utf-8")
    assert run("check", "graded.txt", "--fail-level", level).exit_code == code


@pytest.mark.parametrize(("level", "code"), [("提示", 1), ("info", 1), ("疑似", 0), ("错误", 0), ("error", 0)])
def test_fail_level_with_only_a_style_hint(files: Path, level: str, code: int) -> None:
    (files / "hint.txt").write_text("其它工作照常。\n", encoding="utf-8")
    result = run("check", "hint.txt", "--fail-level", level)
    assert result.exit_code == code
    assert result.stdout.splitlines()[-1] == "检查了 1 个文件，发现 1 处问题（错误 0，疑似 0，提示 1）：易混词语 1。"


def test_ignore_by_code_name_or_level(files: Path) -> None:
    (files / "graded.txt").write_text(GRADED + "活动X次。\n", encoding="utf-8")
    result = run("check", "graded.txt", "--ignore", "confusable", "--ignore", "占位符未替换")
    assert result.exit_code == 0
    assert result.stdout == "检查了 1 个文件，未发现问题（另有 4 处已按忽略设置略去）。\n"
    result = run("check", "graded.txt", "--ignore", "提示", "--ignore", "warning")
    assert [line.split(" [")[-1] for line in result.stdout.splitlines()[:-1]] == ["confusable]", "placeholder]"]


def test_the_ignore_file_beside_the_report_quiets_what_it_names(files: Path) -> None:
    (files / "graded.txt").write_text(GRADED + "活动X次。\n", encoding="utf-8")
    (files / "other.txt").write_text("其它工作。\n", encoding="utf-8")
    (files / "reportgen-ignore.txt").write_text(
        "# 审稿后确认\n"
        "易混词语 其它 @graded.txt   # 只在这个文件\n"
        "confusable 做出\n"
        "placeholder @graded.txt:2\n", encoding="utf-8")
    result = run("check", "graded.txt", "other.txt")
    assert result.stdout.splitlines() == [
        "graded.txt:1:1: 错误：“截止”应为“截至”：“截至”后面接时间点，意为到某时为止（截至2024年底）；"
        "“截止”意为到时停止，放在时间之后（6月30日截止）或作定语（截止日期） [confusable]",
        "other.txt:1:1: 提示：“其它”宜写作“其他”：“其他”可指人也可指事物，公文中统一写“其他” [confusable]",
        "检查了 2 个文件，发现 2 处问题（错误 1，疑似 0，提示 1）（另有 3 处已按忽略设置略去）：易混词语 2。",
    ]


def test_a_bad_ignore_file_is_reported_at_its_line(files: Path) -> None:
    (files / "reportgen-ignore.txt").write_text("typo\nconfusible 其它\nheading-style @总结.docx:十\n",
                                                encoding="utf-8")
    result = run("check", "clean.md")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "错误：reportgen-ignore.txt 第2行第1列：不认识“confusible”（是否想写 confusable？）",
        "错误：reportgen-ignore.txt 第3行第15列：位置“@总结.docx:十”应写作 @文件名 或 @文件名:行号",
        "共 2 处错误。",
    ]


def test_a_folder_is_read_with_its_reports_and_nothing_check_wrote(files: Path) -> None:
    docx = pytest.importorskip("docx")
    folder = files / "各单位"
    (folder / "乡镇").mkdir(parents=True)
    (folder / "甲.md").write_text("# 甲\n\n活动X次。\n", encoding="utf-8")
    (folder / "乡镇" / "乙.txt").write_text("截止目前，，完成。\n", encoding="gbk")
    document = docx.Document()
    document.add_paragraph("贯切落实。")
    document.save(str(folder / "乡镇" / "丙.docx"))
    (folder / "甲.fixed.md").write_text("活动X次。\n", encoding="utf-8")  # check's own copy
    (folder / "~$丙.docx").write_bytes(b"lock")  # Word's lock file
    (folder / "reportgen-ignore.txt").write_text("# nothing\n", encoding="utf-8")
    result = run("check", "各单位")
    assert [line.split(": ")[0] for line in result.stdout.splitlines()[:-1]] == [
        "各单位/乡镇/丙.docx:1:1", "各单位/乡镇/乙.txt:1:1", "各单位/乡镇/乙.txt:1:5", "各单位/甲.md:3:3"]
    assert result.stdout.splitlines()[-1].startswith("检查了 3 个文件，发现 4 处问题")


def test_checking_text_loads_no_word_library(files: Path) -> None:
    """python-docx and lxml load only for a .docx; the lexicon is read once."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom reportgen.cli import cli\ntry:\n    cli(['check', 'clean.md', 'dirty.txt', '--fix'],"
            " prog_name='reportgen')\nexcept SystemExit:\n    pass\n"
            "from reportgen.check import lexicon\n"
            "print([m for m in ('docx', 'lxml') if m in sys.modules], lexicon.load.cache_info().misses)")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                          cwd=files)
    assert done.stdout.splitlines()[-1] == "[] 1"
