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

from reportgen import trace
from reportgen.check import facts_check
from reportgen.check.draft import check_draft
from reportgen.check.finding import Finding
from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.pipeline import draft_file
from reportgen.serve import page
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


def build(path: Path, shown: str, templates: Path | None, gaps: bool) -> Outcome:
    """Draft `path` (named `shown` in messages) as `draft --trace --check` would."""
    try:
        return Outcome(_draft(path, shown, templates, gaps))
    except ReportgenError as exc:
        return Outcome(None, exc.problems)
    except Exception as exc:  # a defect: the page says so, and the server goes on
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        message = (f"内部错误（{type(exc).__name__}）：这是 reportgen 的缺陷，请附上事实文件报告给维护者"
                   "（设置环境变量 REPORTGEN_DEBUG=1 后重新运行，可看到详细信息）")
        return Outcome(None, [Problem(message, file=shown)])


def _draft(path: Path, shown: str, templates: Path | None, gaps: bool) -> Draft:
    env = make_environment(templates)
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
