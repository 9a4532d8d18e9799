"""The proofreader: finds what goes wrong in reports filled by hand, in any report.

    findings = check_text(readers.read(path), facts=facts_check.load(facts_path))

Each rule yields Findings; this module runs them all, drops repeats and sorts them by
place. Nothing heavy is imported here: python-docx only for .docx, the facts loader
only with --facts.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.check import elements, enumeration, headings, length, pairs, readers, rules
from reportgen.check.finding import Finding
from reportgen.check.readers import Line, Text

if TYPE_CHECKING:
    from reportgen.check.facts_check import FactNumbers
    from reportgen.check.lexicon import Lexicon

__all__ = ["Finding", "Line", "Text", "check_file", "check_text"]


def check_text(text: Text, facts: FactNumbers | None = None,
               max_chars: int | None = None, lexicon: Lexicon | None = None) -> list[Finding]:
    """Every rule on one report; `lexicon` defaults to the built-in one."""
    if lexicon is None:
        from reportgen.check import lexicon as lexicons

        lexicon = lexicons.load()
    lines = text.lines
    found: list[Finding] = []
    for line in lines:
        if not line.text.strip():
            continue  # nothing to find on a blank line
        found += rules.line_findings(line)
        found += pairs.unbalanced(line)
        found += lexicon.findings(line)
        found += elements.line_findings(line)
    debris = {f.line for f in found if f.code == "web-debris"}
    found += rules.debris_neighbours(lines, debris, headings.is_title)
    attached = {line.no for line, _ in elements.attachment_block(lines)}
    body = [line for line in lines if line.no not in attached]  # 附件：1. 2. are not headings
    found += headings.heading_numbers(body)
    found += elements.heading_styles(body)
    found += elements.attachments(lines)
    found += enumeration.enumerations(body)
    if facts is not None:
        from reportgen.check import facts_check

        found += facts_check.check(text, facts)
    if max_chars is not None:
        found += length.too_long(lines, max_chars)
    return _tidy(found, text.name)


def check_file(path: Path, facts: FactNumbers | None = None, max_chars: int | None = None,
               name: str | None = None, lexicon: Lexicon | None = None) -> list[Finding]:
    return check_text(readers.read(path, name), facts, max_chars, lexicon)


def _tidy(found: list[Finding], name: str) -> list[Finding]:
    """One finding per place and kind, in reading order; facts-file findings last."""
    seen: set[tuple[str, int, int, str, str]] = set()
    out: list[Finding] = []
    for f in found:
        f = f if f.file else f.located(name)
        key = (f.file, f.line, f.column, f.code, f.excerpt)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return sorted(out, key=lambda f: (f.file != name, f.file, f.line, f.column))
