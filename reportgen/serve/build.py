"""One draft for the page: the pipeline `draft --trace --check` runs, kept in memory.

A build drafts a facts file with the wording in effect now (a fresh environment each time, so
an edited phrasebook or template is read again), and returns what the page shows: the HTML of
the sheets' text, the trace (the sidecar's format), the proofreader's findings placed in the
text, and the facts behind each value. Anything wrong with the input comes back as the same
located problems `draft` prints, never as an exception.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from reportgen import trace
from reportgen.check import facts_check
from reportgen.check.draft import check_draft
from reportgen.check.finding import Finding
from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.pipeline import draft_file
from reportgen.serve import page, watcher
from reportgen.templating import make_environment
from reportgen.wording import describe
from reportgen.writers.markdown import to_markdown


@dataclass
class Draft:
    """A draft that built: its Document (for downloads) and what the page shows of it."""

    document: Document
    stem: str  # the file name `draft` would give it, without the suffix
    payload: dict[str, Any]


@dataclass
class Outcome:
    """What one build gave: a draft, or the problems that stopped it."""

    draft: Draft | None
    problems: list[Problem] = field(default_factory=list)


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory, by template and checked against its source."""

    def __init__(self) -> None:
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._store[bucket.key] = bucket.bytecode_to_string()


class Environments:
    """The environment for a templates folder, as `draft --templates` makes it: kept while no file
    of the folder changes, so that a saved facts file drafts at once; made anew when one does (a
    phrasebook, a word list, a skeleton), the skeletons it did not change not compiled again."""

    def __init__(self, templates: Path | None) -> None:
        self.templates = templates
        self._env: SandboxedEnvironment | None = None
        self._stamps: dict[Path, watcher.Stamp | None] = {}
        self._compiled = _MemoryBytecode()

    def get(self) -> SandboxedEnvironment:
        stamps = {p: watcher.stamp(p) for p in watcher.tree(self.templates)} if self.templates else {}
        if self._env is None or stamps != self._stamps:
            self._env = None  # a folder that fails to load is tried again next time
            env = make_environment(self.templates)
            env.bytecode_cache = self._compiled
            self._env, self._stamps = env, stamps
        return self._env


def build(path: Path, shown: str, environments: Environments, gaps: bool) -> Outcome:
    """Draft `path` (named `shown` in messages) as `draft --trace --check` would."""
    try:
        return Outcome(_draft(path, shown, environments.get(), gaps))
    except ReportgenError as exc:
        return Outcome(None, exc.problems)
    except Exception as exc:  # a defect: the page says so, and the server goes on
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        message = (f"内部错误（{type(exc).__name__}）：这是 reportgen 的缺陷，请附上事实文件报告给维护者"
                   "（设置环境变量 REPORTGEN_DEBUG=1 后重新运行，可看到详细信息）")
        return Outcome(None, [Problem(message, file=shown)])


def _draft(path: Path, shown: str, env: SandboxedEnvironment, gaps: bool) -> Draft:
    result = draft_file(path, env, display=shown, gaps=gaps)
    doc = result.document
    wording = env.wording  # type: ignore[attr-defined]
    report = str(result.facts.data.type)
    stem = result.default_stem()
    markdown = to_markdown(doc)
    traced = json.loads(trace.render(doc, shown, f"{stem}.md", markdown,
                                     describe=lambda source: describe(wording, report, source)))
    numbers = facts_check.load(path, shown)
    findings = check_draft(doc, numbers, f"{stem}.md", markdown=True, report_type=report)
    places = page.Places(
        sentences={(s["paragraph"], s["offset"], s["end"]): i for i, s in enumerate(traced["sentences"])},
        findings={}, values=[],
        facts={source: (str(count), numbers.marks.get(source, (None, None))[0])
               for source, count in numbers.counts},
    )
    listed = _place_findings(doc, markdown, findings, f"{stem}.md", places)
    payload = {
        "title": doc.title,
        "stem": stem,
        "html": page.render(doc, places),
        "values": places.values,
        "trace": traced,
        "findings": listed,
        "warnings": [problem_dict(p) for p in result.warnings],
    }
    return Draft(doc, stem, payload)


def _place_findings(doc: Document, markdown: str, findings: list[Finding], name: str,
                    places: page.Places) -> list[dict[str, Any]]:
    """Each finding as the panel lists it, and where it stands in the text when it is in the
    draft (a fact the draft leaves out stands in the facts file instead)."""
    by_line = {line: (paragraph, shift)
               for paragraph, (line, shift) in trace.markdown_places(doc, markdown).items()}
    texts = [text for text, _ in trace.paragraphs(doc)]
    out = []
    for i, finding in enumerate(findings):
        item = finding.as_dict()
        place = by_line.get(finding.line) if finding.file in ("", name) else None
        if place is not None:
            paragraph, shift = place
            start = max(0, finding.column - 1 - shift)
            end = min(len(texts[paragraph]), start + max(1, len(finding.excerpt)))
            if start < end:
                places.findings.setdefault(paragraph, []).append((start, end, i))
                item["paragraph"] = paragraph
        out.append(item)
    return out


def problem_dict(problem: Problem) -> dict[str, Any]:
    """A problem for the page: its parts, and the line `draft` would print for it."""
    return {"file": problem.file, "line": problem.line, "column": problem.column,
            "field": problem.field, "title": problem.title, "message": problem.message,
            "text": problem.render()}
