"""`reportgen templates list/export` and drafting with an edited copy (`draft --templates`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from reportgen.reporttypes import TYPES
from reportgen.templating import builtin_templates_dir

from conftest import invoke as run

BUILTIN = builtin_templates_dir()
REPORT = "summary/report.md.j2"
ITEMS = "_shared/items.md.j2"
# the partials the summary reaches, in the order the templates reach them
SUMMARY_PARTIALS = [ITEMS, "_shared/plan.md.j2", "summary/measures.md.j2"]
# the wording a summary reads: its phrasebook, the shared one, the problem library, the word lists
SUMMARY_WORDING = ["summary/phrases.yaml", "_shared/phrases.yaml", "_shared/problems.yaml", "_shared/terms.yaml"]


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("init", "summary").exit_code == 0
    return tmp_path


@pytest.fixture
def exported(cwd: Path) -> Path:
    result = run("templates", "export", "summary", "mine", "--skeleton")
    assert result.exit_code == 0, result.stderr
    return cwd / "mine"


def _draft(*extra: str) -> tuple[int, str, str]:
    result = run("draft", "facts-summary.yaml", "-o", "-", *extra)
    return result.exit_code, result.stdout, result.stderr


def _line_of(path: Path, pattern: str) -> int:
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        if re.search(pattern, line):
            return number
    raise AssertionError(f"{pattern} not in {path}")


# --- list ----------------------------------------------------------------------------------


def test_list_shows_each_type_and_the_partials_it_uses() -> None:
    result = run("templates", "list")
    assert result.exit_code == 0 and result.stderr == ""
    sections = dict(re.findall(r"^(\w+)  .+\n((?:  .*\n)+)", result.stdout, re.MULTILINE))
    assert set(sections) == {*TYPES, "rollup"}
    assert sections["rollup"].split() == ["rollup/phrases.yaml", "_shared/problems.yaml", "_shared/terms.yaml",
                                          "rollup/rollup.md.j2"]
    assert sections["summary"].split() == [*SUMMARY_WORDING, REPORT, *SUMMARY_PARTIALS]
    shared = result.stdout.split("共用部分\n")[1]
    assert shared.split() == ["_shared/items.md.j2", "_shared/phrases.yaml", "_shared/plan.md.j2",
                              "_shared/problems.yaml", "_shared/terms.yaml"]


def _write(folder: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def test_list_says_which_files_a_folder_overrides(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    _write(mine, {
        REPORT: '{% extends "_shared/base.md.j2" %}{% block body %}正文{% endblock %}',
        "_shared/base.md.j2": '{% import "_shared/extra.md.j2" as extra %}'
                              '{% from "_shared/words.md.j2" import w %}'
                              "# 标题\n{% block body %}{% endblock %}{{ extra.x() }}{{ w() }}\n",
        "_shared/extra.md.j2": '{% macro x() %}{% include "_shared/deeper.md.j2" %}{% endmacro %}',
        "_shared/words.md.j2": "{% macro w() %}词{% endmacro %}",
        "_shared/deeper.md.j2": "更深\n",
        "report.md.j2": "放错了地方\n",  # not under a type's folder
    })
    result = run("templates", "list", "--templates", str(mine))
    assert result.exit_code == 0, result.stderr
    summary = re.search(r"^summary  .*\n((?:  .*\n)+)", result.stdout, re.MULTILINE)[1]
    rows = [line.split() for line in summary.splitlines()]
    # found by parsing the templates (extends, import, from, include), recursively;
    # the user's report no longer reaches the built-in library
    assert [row[0] for row in rows] == [*SUMMARY_WORDING, REPORT, "_shared/base.md.j2", "_shared/extra.md.j2",
                                        "_shared/words.md.j2", "_shared/deeper.md.j2"]
    assert rows[4][1:] == ["自定义，覆盖内置", str(mine / "summary" / "report.md.j2")]
    assert rows[5][1] == "自定义，新增"
    assert rows[0][1] == "内置"
    shared = result.stdout.split("共用部分\n")[1]
    assert re.search(rf"^  {re.escape(ITEMS)} +内置$", shared, re.MULTILINE)
    unused = result.stdout.split("没有被任何报告使用")[1]
    assert unused.split()[1:] == [str(mine / "report.md.j2")]


def test_list_names_a_missing_partial_with_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "mine" / "summary"
    mine.mkdir(parents=True)
    (mine / "report.md.j2").write_text('# 标题\n\n{% include "_shared/nope.md.j2" %}\n', "utf-8")
    result = run("templates", "list", "--templates", str(tmp_path / "mine"))
    assert result.exit_code == 2
    assert f"{mine / 'report.md.j2'} 第3行" in result.stderr
    assert "找不到模板 _shared/nope.md.j2" in result.stderr


def test_list_with_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    result = run("templates", "list", "--templates", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "模板目录不存在" in result.stderr


# --- export ---------------------------------------------------------------------------------


def test_export_copies_the_type_and_its_partials(exported: Path) -> None:
    for name in (*SUMMARY_WORDING, REPORT, *SUMMARY_PARTIALS):
        assert (exported / name).read_bytes() == (BUILTIN / name).read_bytes()
    assert sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()) == sorted(
        [*SUMMARY_WORDING, REPORT, *SUMMARY_PARTIALS])


def test_export_without_skeleton_gives_the_wording_only(cwd: Path) -> None:
    result = run("templates", "export", "工作总结", "mine")
    assert result.stdout.split() == [f"mine/{name}" for name in SUMMARY_WORDING]
    assert "--templates mine" in result.stderr and "templates check mine" in result.stderr
    assert not list((cwd / "mine").rglob("*.j2"))


def test_exported_wording_drafts_exactly_like_the_built_ins(cwd: Path) -> None:
    assert run("templates", "export", "summary", "mine").exit_code == 0
    assert _draft("--templates", "mine")[1] == _draft()[1]


def test_export_prints_the_files_and_how_to_use_them(cwd: Path) -> None:
    result = run("templates", "export", "工作总结", "mine", "--skeleton")
    assert result.stdout.split() == [f"mine/{name}" for name in (*SUMMARY_WORDING, REPORT, *SUMMARY_PARTIALS)]
    assert "--templates mine" in result.stderr


def test_export_refuses_to_overwrite_without_force(exported: Path) -> None:
    edited = exported / REPORT
    edited.write_text("我改过的模板\n", "utf-8")
    result = run("templates", "export", "summary", "mine", "--skeleton")
    assert result.exit_code == 2
    assert "--force" in result.stderr and str(Path("mine") / REPORT) in result.stderr
    assert edited.read_text("utf-8") == "我改过的模板\n"
    assert run("templates", "export", "summary", "mine", "--skeleton", "--force").exit_code == 0
    assert edited.read_bytes() == (BUILTIN / REPORT).read_bytes()


def test_export_unknown_type(cwd: Path) -> None:
    result = run("templates", "export", "annual", "mine")
    assert result.exit_code == 2
    assert "没有“annual”这套模板" in result.stderr and "rollup（汇总报告）" in result.stderr
    assert not (cwd / "mine").exists()


def test_the_rollup_is_exported_and_edited_like_a_report(cwd: Path) -> None:
    assert run("templates", "export", "汇总报告", "mine").exit_code == 0
    rollup = cwd / "mine/rollup/phrases.yaml"
    assert rollup.read_bytes() == (BUILTIN / "rollup/phrases.yaml").read_bytes()
    rollup.write_text(rollup.read_text("utf-8").replace("意识形态工作情况的报告", "意识形态工作情况的汇总报告"), "utf-8")
    result = run("batch", "facts-summary.yaml", "--rollup", "--rollup-unit", "县委宣传部",
                 "--templates", "mine", "-o", "out")
    assert result.exit_code == 0, result.stdout
    (summary,) = (cwd / "out").glob("*-汇总.md")
    assert summary.read_text("utf-8").split("\n")[0].endswith("意识形态工作情况的汇总报告")


# --- export → edit → draft --templates --------------------------------------------------------

ORIGINAL = "意识形态工作总结"  # in the title line of summary/report.md.j2
EDITED = "意识形态工作情况总结"


def test_edited_sentence_appears_in_the_draft(exported: Path) -> None:
    code, before, _ = _draft()
    assert code == 0 and ORIGINAL in before
    report = exported / REPORT
    report.write_text(report.read_text("utf-8").replace(ORIGINAL, EDITED), "utf-8")
    code, after, err = _draft("--templates", "mine")
    assert (code, err) == (0, "")
    assert EDITED in after and ORIGINAL not in after


def test_only_the_edited_file_overrides(exported: Path) -> None:
    """The partials come from the built-ins once their copies are gone."""
    for name in SUMMARY_PARTIALS:
        (exported / name).unlink()
    report = exported / REPORT
    report.write_text(report.read_text("utf-8").replace(ORIGINAL, EDITED), "utf-8")
    code, out, _ = _draft("--templates", "mine")
    assert code == 0
    assert EDITED in out
    assert out.replace(EDITED, ORIGINAL) == _draft()[1]


def test_template_saved_as_gbk_with_crlf(exported: Path) -> None:
    """Notepad on a Chinese Windows saves as GBK with CRLF line ends."""
    report = exported / REPORT
    text = report.read_text("utf-8").replace(ORIGINAL, EDITED).replace("\n", "\r\n")
    report.write_bytes(text.encode("gbk"))
    code, out, err = _draft("--templates", "mine")
    assert (code, err) == (0, "")
    assert EDITED in out and "\r" not in out


# (what goes wrong, file, the line to break, how to break it, what the message says,
#  whether the error is on that line: an unclosed block is found at the end of the file)
BROKEN = [
    ("syntax error", REPORT, ORIGINAL, lambda line: "{% if %}",
     "模板语法错误：此处缺少表达式", True),
    ("unclosed block", REPORT, r"^# ", lambda line: "{% if unit.name %}" + line,
     "模板语法错误：模板意外结束：if 块没有结束，缺少 {% endif %}", False),
    ("undefined name", REPORT, r"^# ", lambda line: line + "{{ no_such_fact }}",
     "模板使用了未定义的名称：no_such_fact", True),
    ("undefined inside a call block", REPORT, r"items\.study_items\(\)",
     lambda line: line.replace("items.study_items()", "study.seminarz"),
     "模板使用了未定义的名称：seminarz", True),
    ("undefined inside an imported macro", ITEMS, r"r\.letters_signed %\}",
     lambda line: line.replace("r.letters_signed", "r.letters_signez"), "模板使用了未定义的名称：letters_signez", True),
    ("missing include", REPORT, r"^# ", lambda line: '{% include "_shared/nope.md.j2" %}',
     "找不到模板 _shared/nope.md.j2（模板路径只能在模板目录之内）", True),
]


@pytest.mark.parametrize(("name", "pattern", "edit", "message", "on_line"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_error_names_the_users_file_and_line(exported: Path, name: str, pattern: str,
                                             edit: Callable[[str], str], message: str,
                                             on_line: bool) -> None:
    path = exported / name
    lines = path.read_text("utf-8").split("\n")
    number = _line_of(path, pattern)
    lines[number - 1] = edit(lines[number - 1])
    path.write_text("\n".join(lines), "utf-8")
    code, out, err = _draft("--templates", "mine")
    assert (code, out) == (2, "")
    where = re.escape(f"错误：{Path('mine') / name} 第") + (str(number) if on_line else r"\d+")
    assert re.match(where + re.escape(f"行：{message}"), err), err
    assert len(err.splitlines()) == 1  # one message, no traceback
