"""The command line end to end: paths, output options, exit codes, messages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen import __version__

from conftest import ROOT, RunCli

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"
DEFAULT_NAME = "双胜镇2024年上半年意识形态工作总结.md"


def test_draft_writes_the_default_name_here_and_prints_its_path(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("draft", str(SAMPLE))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == DEFAULT_NAME + "\n"
    text = (tmp_path / DEFAULT_NAME).read_text(encoding="utf-8")
    assert text.startswith("# 双胜镇2024年上半年意识形态工作总结\n")
    assert text.rstrip().endswith("2024年7月5日")


def test_output_file_folder_and_stdout(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("draft", str(SAMPLE), "-o", "out/report.md").exit_code == 0
    assert (tmp_path / "out" / "report.md").is_file()
    assert run_cli("draft", str(SAMPLE), "-o", "folder").exit_code == 0
    assert (tmp_path / "folder" / DEFAULT_NAME).is_file()
    result = run_cli("draft", str(SAMPLE), "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == (tmp_path / "folder" / DEFAULT_NAME).read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["folder", "out"]


def test_existing_file_needs_force(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "r.md"
    target.write_text("我的修改", encoding="utf-8")
    result = run_cli("draft", str(SAMPLE), "-o", "r.md")
    assert result.exit_code == 2
    assert result.stderr == "错误：r.md：文件已存在；如需覆盖，请加 --force\n"  # the path as the user typed it
    assert target.read_text(encoding="utf-8") == "我的修改"
    assert run_cli("draft", str(SAMPLE), "-o", "r.md", "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# 双胜镇")


def test_bad_facts_exit_2_with_every_error_and_no_file(run_cli: RunCli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("type: summary\nperiod: 2024Q5\ndate: 2024-07-05\nunit:\n  name: 甲镇\nstudy:\n  seminars: 十\n",
                   encoding="utf-8")
    result = run_cli("draft", str(bad), "-o", "out/")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"错误：{bad} 第2行第9列：period（报告期）：")
    assert lines[1].startswith(f"错误：{bad} 第7行第13列：study.seminars（专题研讨）：请用阿拉伯数字书写")
    assert lines[2] == "共 2 处错误。"
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_missing_file(run_cli: RunCli) -> None:
    result = run_cli("draft", "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == "错误：nope.yaml：文件不存在\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", "--bogus"], "用法错误：没有这个选项：--bogus"),
        (["draft"], "用法错误：缺少参数 FACTS"),
        (["draft", str(SAMPLE), "--format", "odt"], "用法错误：选项 --format 的值“odt”无效，应为 'md', 'docx', 'pdf', 'both', 'all' 之一\n查看帮助：reportgen draft --help"),
        (["nonsense"], "用法错误：没有这个命令：nonsense"),
        (["draft", str(SAMPLE), "-o", "-", "--format", "docx"], "只有 Markdown 可以输出到屏幕"),
        (["draft", str(SAMPLE), "-o", "a.md", "--format", "docx"], "扩展名 .md 与 --format docx 不一致"),
    ],
)
def test_usage_errors_exit_2_in_chinese(run_cli: RunCli, args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_warnings_go_to_stderr(run_cli: RunCli, tmp_path: Path) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(SAMPLE.read_text(encoding="utf-8") + "person:\n  name: 张三\n", encoding="utf-8")
    result = run_cli("draft", str(facts), "-o", "-")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"提示：{facts} 第")
    assert "person" in result.stderr and "已忽略" in result.stderr
    assert result.stdout.startswith("# ")


def test_version_and_help(run_cli: RunCli) -> None:
    assert run_cli("--version").stdout == f"reportgen {__version__}\n"
    top = run_cli("--help").stdout
    assert "根据事实文件" in top and "Draft" in top and "draft" in top
    sub = run_cli("draft", "--help").stdout
    assert "--format" in sub and "--force" in sub and "--templates" in sub and "覆盖" in sub


def test_help_loads_nothing_a_draft_does_not_need_yet() -> None:
    """`reportgen --help` starts fast: templates, YAML, writers and file output load on use."""
    heavy = ["docx", "openpyxl", "jinja2", "yaml", "lxml", "reportgen.output", "reportgen.templating"]
    code = ("import sys\nfrom reportgen.cli import cli\ntry:\n    cli(['--help'], prog_name='reportgen')\n"
            f"except SystemExit:\n    pass\nprint([m for m in {heavy!r} if m in sys.modules])")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "[]"


def test_installed_script_runs_as_a_subprocess(tmp_path: Path) -> None:
    script = shutil.which("reportgen")  # the README's test command installs it
    command = [script] if script else [sys.executable, "-m", "reportgen"]
    env = {**os.environ, "PYTHONPATH": str(ROOT)} if not script else None
    done = subprocess.run([*command, "draft", str(SAMPLE), "-o", "-"], capture_output=True, text=True,
                          cwd=tmp_path, check=False, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# 双胜镇2024年上半年意识形态工作总结")
    bad = subprocess.run([*command, "draft", "missing.yaml"], capture_output=True, text=True, cwd=tmp_path,
                         check=False, env=env)
    assert bad.returncode == 2 and "文件不存在" in bad.stderr and "Traceback" not in bad.stderr


# --- --gaps: sections without facts stay, with a placeholder to fill in ----------------------

FEW = """type: summary
period: 2024Q1
date: 2024-04-08
unit: {name: 红星村, kind: 村}
study: {group_study: 6}
"""


def test_gaps_keep_the_empty_sections_for_a_person_to_fill(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "few.yaml").write_text(FEW, "utf-8")
    plain = run_cli("draft", "few.yaml", "-o", "-").stdout
    result = run_cli("draft", "few.yaml", "-o", "gaps.md", "--gaps", "--check")
    assert result.exit_code == 1  # the gaps are still to fill: the check says so, one by one
    text = (tmp_path / "gaps.md").read_text("utf-8")
    assert "【待补充】" not in plain and plain.count("\n## ") == 2  # 主要工作, 下一步
    lines = text.splitlines()
    gaps = [n for n, line in enumerate(lines, 1) if "【待补充】" in line]
    assert len(gaps) >= 6  # responsibility, positions, publicity, online, team, highlights, problems
    assert "（一）" in text and "（七）" in text and "## 二、存在的" in text  # numbered as if all were there
    assert "集中学习6次" in text
    findings = [line for line in result.stderr.splitlines() if "[placeholder]" in line]
    assert [int(f.split(":")[1]) for f in findings] == gaps  # each once, at its line


def test_gaps_in_a_docx_are_highlighted_and_batch_has_them_too(run_cli: RunCli, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    (tmp_path / "few.yaml").write_text(FEW, "utf-8")
    assert run_cli("draft", "few.yaml", "-o", "gaps.docx", "--gaps").exit_code == 0
    document = docx.Document(str(tmp_path / "gaps.docx"))
    marked = [r.text for p in document.paragraphs for r in p.runs if r.font.highlight_color is not None]
    assert marked and set(marked) == {"【待补充】"}
    assert run_cli("batch", "few.yaml", "-o", "out", "--gaps").exit_code == 0
    (drafted,) = (tmp_path / "out").glob("*.md")
    single = run_cli("draft", "few.yaml", "-o", "-", "--gaps").stdout
    assert "【待补充】" in single and drafted.read_text("utf-8") == single
