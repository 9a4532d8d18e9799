"""Markdown output: the title as #, numbered headings as ##…#####, paragraphs between blank lines.

Run-in headings stay at the start of their paragraph, as the printed report has them.
"""

from __future__ import annotations

from reportgen.document import Document, Heading


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
    return "\n".join(out)


def render(doc: Document) -> bytes:
    return to_markdown(doc).encode("utf-8")
