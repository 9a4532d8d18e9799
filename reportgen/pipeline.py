"""One report, start to finish: load → validate → derive → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment

from reportgen import document as documents
from reportgen import official
from reportgen.derive import build_context
from reportgen.document import Document
from reportgen.errors import FactsError, Problem
from reportgen.loading import Loaded, load_facts
from reportgen.output import safe_stem, write_atomic
from reportgen.problems import Library
from reportgen.templating import make_environment, render, template_name
from reportgen.validate import Facts, problem_at, validate
from reportgen.wording_check import require


@dataclass
class Draft:
    facts: Facts
    document: Document

    @property
    def warnings(self) -> list[Problem]:
        return self.facts.warnings

    def default_stem(self) -> str:
        """The title, led by the unit name where the title does not already hold it."""
        unit = self.document.author or str(self.facts.data.unit.name)  # author follows --script
        title = self.document.title
        return safe_stem(title if unit in title else f"{unit}-{title}")


def fill_defaults(loaded: Loaded, defaults: dict[str, Any]) -> Loaded:
    """Values given on the command line fill what the facts do not say; the facts win."""
    for key, value in defaults.items():
        if value is not None and loaded.data.get(key) is None:
            loaded.data[key] = value
    return loaded


def draft_facts(facts: Facts, env: SandboxedEnvironment, previous: Facts | None = None,
                gaps: bool = False) -> Draft:
    """previous: the same unit's facts a year earlier, for year-on-year comparisons.
    gaps: sections without facts stay, with a placeholder to fill in."""
    wording = env.wording  # type: ignore[attr-defined]
    context = build_context(facts.data, wording, previous.data if previous else None)
    name = template_name(str(facts.data.type))
    doc = render_document(env, name, context, str(facts.data.unit.name), gaps)
    return Draft(facts, official.apply(doc, facts.data, wording.terms))


def render_document(env: SandboxedEnvironment, name: str, context: dict[str, Any], author: str,
                    gaps: bool = False) -> Document:
    """Render one template into a Document signed by author and dated by the context's date_cn."""
    text = render(env, name, context)
    doc = documents.parse(text, source=f"模板 {name} 的输出", gaps=gaps)
    doc.author = author
    doc.date = str(context["date_cn"])
    return doc


def draft_file(
    path: Path,
    env: SandboxedEnvironment | None = None,
    defaults: dict[str, Any] | None = None,
    display: str | None = None,
    compare: Path | None = None,
    gaps: bool = False,
) -> Draft:
    """compare: the same unit's facts file for the same period a year earlier."""
    env = env or make_environment()
    library = env.wording.library  # type: ignore[attr-defined]
    loaded = load_facts(path, display)
    if defaults:
        fill_defaults(loaded, defaults)
    facts = validate(loaded, library)
    previous = load_previous(compare, facts, library) if compare is not None else None
    require(env, [str(facts.data.type)])
    return draft_facts(facts, env, previous, gaps)


def load_previous(path: Path, facts: Facts, library: Library | None = None) -> Facts:
    """Last year's facts for `draft --compare`: the same unit and the same period a year
    earlier, or an error; comparing with anything else would print wrong changes."""
    loaded = fill_defaults(load_facts(path), {"type": str(facts.data.type)})
    previous = validate(loaded, library)
    unit, was_unit = str(facts.data.unit.name), str(previous.data.unit.name)
    wanted, was = facts.data.period.previous_same().code, previous.data.period.code
    problems = []
    if was_unit != unit:
        message = f"--compare 应为“{unit}”去年同期的事实文件，这里是“{was_unit}”"
        problems.append(problem_at(loaded, ("unit", "name"), message))
    if was != wanted:
        message = f"--compare 应为去年同期（{wanted}）的事实文件，这里是 {was}"
        problems.append(problem_at(loaded, ("period",), message))
    if problems:
        raise FactsError(problems)
    return previous


def serialize(doc: Document, fmt: str, letterhead: Letterhead | None = None) -> bytes:
    """The draft as a file's bytes: md, docx, or pdf (the .docx printed by LibreOffice)."""
    if fmt == "md":
        from reportgen.writers.markdown import render as render_markdown

        return render_markdown(doc)
    if fmt == "pdf":
        from reportgen import pdf

        return pdf.convert({"草稿": word(doc, letterhead, squeeze=True)})["草稿"]
    return word(doc, letterhead)


def word(doc: Document, letterhead: Letterhead | None = None, squeeze: bool = False) -> bytes:
    """The .docx; squeeze: the copy LibreOffice converts to PDF."""
    if letterhead is not None:
        from reportgen.writers import letterhead as letterheads

        return letterheads.render(doc, letterhead.data, letterhead.name, squeeze)
    from reportgen.writers.docx import render as render_docx  # loaded only when asked for

    return render_docx(doc, squeeze)


@dataclass(frozen=True)
class Letterhead:
    """A unit's own 红头 .docx, read once (`draft --letterhead`)."""

    data: bytes
    name: str  # as the user named it, for messages


def write(doc: Document, paths: list[Path], formats: list[str], force: bool, sync: bool = True,
          letterhead: Letterhead | None = None) -> None:
    """Serialize every format first, so a failing writer leaves no file behind."""
    payloads = [serialize(doc, fmt, letterhead) for fmt in formats]
    for path, data in zip(paths, payloads, strict=True):
        write_atomic(path, data, force, sync)
