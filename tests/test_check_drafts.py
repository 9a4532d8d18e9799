"""Our own drafts pass the proofreader: every sample and spec file, drafted as every report
type that has a template, gives no finding at all (`draft --check`)."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from reportgen.check import facts_check
from reportgen.check.draft import SELECTIVE, check_draft
from reportgen.loading import load_facts
from reportgen.pipeline import draft_facts
from reportgen.reporttypes import TYPES
from reportgen.script import convert_document
from reportgen.templating import make_environment
from reportgen.validate import validate

from conftest import ROOT
from conftest import invoke as run

SPEC = ROOT.parent / "shared" / "spec"
FACTS = [pytest.param(p, id=p.name) for p in sorted((ROOT / "samples").glob("*.yaml")) + sorted(SPEC.glob("*.yaml"))]
# What a type needs that a file written for another type may lack.
NEEDS = {"duty": {"person": {"name": "陈志远", "title": "党委书记"}},
         "speech": {"meeting": {"name": "意识形态工作会议", "speaker": "王建国"}}}


@pytest.mark.parametrize("report_type", list(TYPES))
@pytest.mark.parametrize("path", FACTS)
def test_every_draft_passes_the_check(path: Path, report_type: str) -> None:
    """Drafted now, from today's templates: the lexicon, the 公文要素 and every other rule pass.

    A file that does not validate as a type fails here (it is not skipped): a validator
    regression must show."""
    loaded = load_facts(path)
    loaded.data = copy.deepcopy(loaded.data)
    if loaded.data.get("type") != report_type:  # a 公文's 版头 belongs to the type it was written for
        loaded.data.pop("document", None)
    loaded.data["type"] = report_type
    for block, value in NEEDS.get(report_type, {}).items():
        loaded.data.setdefault(block, value)
    facts = validate(loaded)
    doc = draft_facts(facts, make_environment()).document
    numbers = facts_check.from_record(facts.data, path.name)
    assert check_draft(doc, numbers, "草稿.md", report_type=report_type) == []
    assert check_draft(doc, numbers, "草稿.docx", markdown=False, report_type=report_type) == []
    if importlib.util.find_spec("opencc"):
        hant = convert_document(doc, "hant-tw")
        assert check_draft(hant, numbers, "繁体.md", report_type=report_type) == []
    if report_type in SELECTIVE:  # only the counts a speech leaves out are excused
        assert {f.code for f in check_draft(doc, numbers, "草稿.md")} <= {"fact-missing"}


@pytest.mark.parametrize("path", sorted((ROOT / "samples").glob("*.yaml")), ids=lambda p: p.name)
def test_draft_check_on_the_command_line(path: Path, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("draft", str(path), "--check", "-o", "out/")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("未发现问题。\n")
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


@pytest.mark.parametrize("path", sorted((ROOT / "samples").glob("*.yaml")), ids=lambda p: p.name)
def test_written_docx_passes_reportgen_check(path: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """What the user gets in Word reads clean too, numbers against the facts and the page
    layout (check --layout: GB/T 9704) included."""
    pytest.importorskip("reportgen.writers.docx", reason="the .docx writer is not in this build")
    monkeypatch.chdir(tmp_path)
    assert run("draft", str(path), "-o", "稿.docx").exit_code == 0
    facts = [] if validate(load_facts(path)).data.type in SELECTIVE else ["--facts", str(path)]
    result = run("check", "稿.docx", "--layout", *facts)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == "检查了 1 个文件，未发现问题。\n"
