"""`reportgen types` and `reportgen init`: what each type needs, and a facts file that drafts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.kinds import Block, ListOf
from reportgen.loading import load_facts
from reportgen.reporttypes import BLOCK_OWNERS, TYPES
from reportgen.schema import lookup
from reportgen.typefacts import type_facts
from reportgen.validate import validate

from conftest import invoke as run

ALL_TYPES = list(TYPES)
UNIT_NAME = lookup("unit.name").example  # the fictional unit of the examples


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- types -----------------------------------------------------------------------------

ISSUE_TYPES = {"summary": "工作总结", "duty": "述职报告", "implementation": "落实情况报告",
               "speech": "讲话稿", "exchange": "经验交流发言"}


def test_types_lists_all_five_with_chinese_names() -> None:
    result = run("types")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    heads = re.findall(r"^(\w+)  (\S+)$", result.stdout, re.MULTILINE)
    assert dict(heads) == ISSUE_TYPES


def test_types_text_says_what_each_type_must_have() -> None:
    out = run("types").stdout
    blocks = dict(re.findall(r"^(\w+)  \S+\n((?:  .*\n)+)", out, re.MULTILINE))
    assert "person.name（述职人姓名）" in blocks["duty"]
    assert "person.name" not in blocks["summary"]
    assert "unit.superior（上级党委）" in blocks["implementation"].split("使用")[0]
    assert "meeting.speaker（讲话人） 或 unit.secretary（党组织书记）" in blocks["speech"]
    for code, block in blocks.items():
        assert "unit.name（单位名称）" in block
        assert " → ".join(TYPES[code].sections) in block


def test_types_json() -> None:
    result = run("types", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert {d["code"]: d["name"] for d in data} == ISSUE_TYPES
    by_code = {d["code"]: d for d in data}
    assert {"path": "person.name", "title": "述职人姓名"} in by_code["duty"]["required"]
    fields = {f["name"]: f["only_for"] for f in by_code["speech"]["fields"]}
    assert fields["focus"] == ["speech"] and fields["study"] == []
    assert "person" not in fields  # speech does not read the duty block


# --- init → draft ------------------------------------------------------------------------


@pytest.mark.parametrize("code", ALL_TYPES)
def test_init_file_drafts_cleanly(cwd: Path, code: str) -> None:
    """Needs every type's template: the four non-summary ones arrive with their own branch."""
    result = run("init", code)
    assert result.exit_code == 0, result.stderr
    path = cwd / f"facts-{code}.yaml"
    assert result.stdout.strip() == path.name
    drafted = run("draft", path.name, "-o", "-")
    assert drafted.exit_code == 0, drafted.stderr
    assert drafted.stderr == ""  # no warnings: no block of another type, nothing ignored
    assert UNIT_NAME in drafted.stdout
    assert "【" not in drafted.stdout  # no gap left for a person to fill


@pytest.mark.parametrize("code", ALL_TYPES)
def test_init_file_holds_every_field_the_type_reads(cwd: Path, code: str) -> None:
    run("init", code)
    facts = validate(load_facts(cwd / f"facts-{code}.yaml"))
    assert facts.warnings == []
    data = facts.data.as_dict()
    assert str(data["type"]) == code
    for name, owners in BLOCK_OWNERS.items():
        if code not in owners:
            assert not data[name], f"{name} belongs to {owners}, not {code}"
    text = (cwd / f"facts-{code}.yaml").read_text("utf-8")
    for name, value in data.items():
        field = lookup(name)
        if name in ("next_steps", "document"):  # written commented out: filling it changes the draft
            assert not value and re.search(rf"^# {name}:$", text, re.MULTILINE)
        elif name not in BLOCK_OWNERS or code in BLOCK_OWNERS[name]:
            assert value, f"{name} has no example value"
            if isinstance(field.kind, Block):
                empty = [k for k, v in value.as_dict().items() if v is None]
                assert empty == [], f"{name}: no example for {empty}"


def _documented(text: str) -> dict[str, str]:
    """Field path → the comment that goes with it: on its line, or the comment lines above."""
    out: dict[str, str] = {}
    above: list[str] = []
    stack: list[tuple[int, str]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            above.append(stripped.lstrip("# "))
            continue
        m = re.match(r"^( *)(- )?(\w+):[^#]*(?:#\s*(.*))?$", line)
        if m:
            indent = len(m[1]) + (2 if m[2] else 0)
            while stack and stack[-1][0] >= indent:
                stack.pop()
            stack.append((indent, m[3]))
            out.setdefault(".".join(key for _, key in stack), m[4] or " ".join(above))
        above = []
    return out


@pytest.mark.parametrize("code", ALL_TYPES)
def test_init_comments_every_field_in_chinese(code: str) -> None:
    notes = _documented(run("init", code, "-o", "-").stdout)
    for field in type_facts(code).fields:
        if field.name in ("next_steps", "document"):  # commented out: test_official.py reads it
            continue
        assert field.title in notes[field.name]
        kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
        if isinstance(kind, Block):
            for sub in kind.fields:
                path = f"{field.name}.{sub.name}"
                assert notes[path].startswith(sub.title), path


@pytest.mark.parametrize(("code", "path", "title"), [
    ("duty", "person.name", "述职人姓名"),
    ("implementation", "unit.superior", "上级党委"),
    ("speech", "meeting.name", "会议名称"),
])
def test_init_marks_what_the_type_requires(code: str, path: str, title: str) -> None:
    notes = _documented(run("init", code, "-o", "-").stdout)
    assert notes[path].startswith(f"{title}（必填）")
    if code == "implementation":
        summary = _documented(run("init", "summary", "-o", "-").stdout)
        assert summary[path].startswith(f"{title}：")


def test_init_stdout_writes_nothing(cwd: Path) -> None:
    result = run("init", "summary", "-o", "-")
    assert result.exit_code == 0
    assert result.stdout.startswith("# yaml-language-server: $schema=reportgen.schema.json\n")
    assert "type: summary" in result.stdout
    assert list(cwd.iterdir()) == []


def test_init_never_overwrites_without_force(cwd: Path) -> None:
    target = cwd / "facts-duty.yaml"
    target.write_text("我的事实", "utf-8")
    result = run("init", "duty")
    assert result.exit_code == 2
    assert "--force" in result.stderr and "facts-duty.yaml" in result.stderr
    assert result.stdout == ""
    assert target.read_text("utf-8") == "我的事实"
    forced = run("init", "duty", "--force")
    assert forced.exit_code == 0
    assert "type: duty" in target.read_text("utf-8")


def test_init_output_file_and_folder(cwd: Path) -> None:
    assert run("init", "speech", "-o", "会议/讲话.yaml").exit_code == 0
    text = (cwd / "会议" / "讲话.yaml").read_text("utf-8")
    assert "reportgen draft 会议/讲话.yaml" in text  # the header names the file as written
    (cwd / "out").mkdir()
    assert run("init", "summary", "-o", "out").exit_code == 0
    assert (cwd / "out" / "facts-summary.yaml").is_file()


def test_init_accepts_the_chinese_name(cwd: Path) -> None:
    result = run("init", "述职报告")
    assert result.exit_code == 0
    assert (cwd / "facts-duty.yaml").is_file()


def test_init_unknown_type(cwd: Path) -> None:
    result = run("init", "report")
    assert result.exit_code == 2
    assert "没有“report”这种报告" in result.stderr
    assert "duty（述职报告）" in result.stderr
    assert list(cwd.iterdir()) == []


def test_init_hints_at_the_schema_file_until_it_exists(cwd: Path) -> None:
    assert "reportgen schema -o reportgen.schema.json" in run("init", "summary").stderr
    assert run("schema", "-o", "reportgen.schema.json").exit_code == 0
    assert run("init", "duty").stderr == ""
