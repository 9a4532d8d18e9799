"""Properties over generated input: valid facts always draft cleanly; broken files always fail
with exit 2 and a message, never with anything else."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

pytest.importorskip("hypothesis")  # the [test] extra installs it; without it, the rest of the suite runs

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.check import facts_check
from reportgen.check.draft import check_draft
from reportgen.cli import cli
from reportgen.loading import load_yaml_text
from reportgen.pipeline import draft_facts, serialize
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.writers.markdown import to_markdown

from conftest import SAMPLES
from strategies import PLAIN, facts
from support import untraced_digits

ENV = make_environment()
DRAFTABLE = sorted(p.parent.name for p in (Path(__file__).parent.parent / "templates").glob("*/report.md.j2")
                   if not p.parent.name.startswith("_"))


@pytest.mark.parametrize("report_type", DRAFTABLE)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_valid_facts_draft_cleanly(report_type: str, data: st.DataObject) -> None:
    text = yaml.safe_dump(data.draw(facts(report_type)), allow_unicode=True, sort_keys=False)
    validated = validate(load_yaml_text(text, "gen.yaml"))
    draft = draft_facts(validated, ENV)
    markdown = to_markdown(draft.document)
    assert markdown.startswith("# ")
    assert untraced_digits(draft.document) == []
    assert "\ue000" not in markdown and "\ue001" not in markdown and "\ue002" not in markdown
    # with --gaps the same facts keep every section; what the facts fill is unchanged
    gapped = draft_facts(validated, ENV, gaps=True)
    assert untraced_digits(gapped.document) == []
    assert set(_unnumbered(markdown)) <= set(_unnumbered(to_markdown(gapped.document)))


def _unnumbered(markdown: str) -> list[str]:
    """The lines of a draft without heading numbers, which move when sections come back (a lone
    heading has none: it gains one when its siblings come back)."""
    number = re.compile(r"^#* ?(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.|（\d+）)?")
    return [number.sub("", line) for line in markdown.split("\n") if line]


@pytest.mark.parametrize("report_type", DRAFTABLE)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_valid_facts_give_a_docx_that_opens_and_a_draft_the_proofreader_passes(
        report_type: str, data: st.DataObject) -> None:
    from io import BytesIO

    import docx as python_docx

    text = yaml.safe_dump(data.draw(facts(report_type, PLAIN)), allow_unicode=True, sort_keys=False)
    validated = validate(load_yaml_text(text, "gen.yaml"))
    draft = draft_facts(validated, ENV)
    opened = python_docx.Document(BytesIO(serialize(draft.document, "docx")))
    printed = [p.text for p in opened.paragraphs if p.text]
    assert len(printed) == 1 + len(draft.document.blocks)  # the title, then one per block
    numbers = facts_check.from_record(validated.data, "gen.yaml")
    # a speech reviews a selection of the counts by design; check_draft excuses it for that type
    assert check_draft(draft.document, numbers, "gen.md", report_type=report_type) == []


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(lines))
        op = rng.randrange(6)
        if op == 0:
            lines[i] = lines[i][: rng.randrange(len(lines[i]) + 1)]
        elif op == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif op == 2:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            pos = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:pos] + rng.choice(["\t", ":", "- ", "[", "{", "'", '"', "&a ", "*a", "!!", "#", "  ", "十一", "-1", "\x00", "\u202e"]) + lines[i][pos:]
        elif op == 4:
            lines[i] = "  " + lines[i]
        else:
            del lines[i]
            if not lines:
                lines = [""]
    return "\n".join(lines)


@settings(max_examples=80, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), sample=st.sampled_from(SAMPLES))
def test_mutated_files_draft_or_fail_with_a_message(tmp_path_factory: pytest.TempPathFactory, seed: int,
                                                    sample: Path) -> None:
    work = tmp_path_factory.mktemp("mut")
    path = work / "facts.yaml"
    path.write_text(mutate(sample.read_text(encoding="utf-8"), random.Random(seed)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", str(path), "-o", str(work / "out.md")], prog_name="reportgen")
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output and "内部错误" not in result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("错误：") and not (work / "out.md").exists()
    else:
        assert (work / "out.md").read_text(encoding="utf-8").startswith("# ")
