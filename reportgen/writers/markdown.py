"""Markdown output: the title as #, numbered headings as ##…#####, paragraphs between blank lines.

Run-in headings stay at the start of their paragraph, as the printed report has them. A 公文's
版记 (抄送, 印发) follows the text under a rule; its 版头 is the .docx's to print.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.document import Document, Heading

if TYPE_CHECKING:
    from reportgen.official import Official

IMPRINT_GAP = "\u3000" * 2  # 印发机关 and 印发日期 stand apart on one line


def _escape(text: str) -> str:
    """Keep a paragraph from reading as Markdown structure."""
    if text.startswith(("#", ":::", ">", "- ", "* ", "+ ")) or (text[:1].isdigit() and ". " in text[:6]):
        return "\\" + text
    return text


def to_markdown(doc: Document) -> str:
    out = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out += ["#" * (block.level + 1) + " " + block.label, ""]
        else:
            out += [_escape(block.printed), ""]
    if doc.official is not None and doc.official.has_imprint:
        out += _imprint(doc.official)
    return "\n".join(out)


def _imprint(official: Official) -> list[str]:
    """The 版记 under a rule, as the page has it under its separator lines (§7.4)."""
    out = ["---", ""]
    if official.cc:
        out += [official.cc_line, ""]
    if official.printed_by:
        out += [IMPRINT_GAP.join(official.printed), ""]
    return out


def render(doc: Document) -> bytes:
    return to_markdown(doc).encode("utf-8")
