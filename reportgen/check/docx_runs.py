"""A .docx paragraph's text as the runs that hold it, and cutting runs at a text range.

Word stores a paragraph's text in runs (w:r), each with its own formatting (w:rPr). The
text a reader sees, with tracked changes accepted, is the runs directly in the
paragraph, in hyperlinks and in insertions (w:ins), never those in deletions (w:del).
To mark or change a range of that text, the runs at its edges are split in two, each
half a copy of the original run with all its formatting, so that the range is a whole
number of runs.
"""

from __future__ import annotations

import copy
from typing import Any

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_TEXT_RUNS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:hyperlink/w:ins/w:r"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def text_runs(p: Any) -> list[Any]:
    """The w:r elements whose text the paragraph shows, in order (tracked changes accepted)."""
    return list(p.xpath(_TEXT_RUNS))  # python-docx's elements know the w: prefix


def run_text(r: Any) -> str:
    """A run's text as python-docx gives it (w:tab is a tab, w:br a line break)."""
    return str(r.text or "")


def paragraph_text(p: Any) -> str:
    return "".join(run_text(r) for r in text_runs(p))


def _plain(r: Any) -> bool:
    """A run holding only formatting and text, which can be cut anywhere."""
    return all(child.tag in (w("rPr"), w("t")) for child in r)


def _set_text(r: Any, text: str) -> None:
    for t in r.findall(w("t"))[1:]:
        r.remove(t)
    t = r.find(w("t"))
    t.text = text
    t.set(XML_SPACE, "preserve")


def _split(r: Any, at: int) -> Any:
    """Cut a plain run at character `at`; returns the second half (placed right after it)."""
    text = run_text(r)
    tail = copy.deepcopy(r)
    _set_text(r, text[:at])
    _set_text(tail, text[at:])
    r.addnext(tail)
    return tail


def isolate(p: Any, start: int, end: int) -> list[Any] | None:
    """The runs holding exactly text[start:end] of paragraph p, cutting runs at the edges.

    None where that cannot be done safely: the range is empty or out of the text, or an
    edge falls inside a run that holds more than text (a tab, a field, a picture).
    """
    if not 0 <= start < end:
        return None
    pos = 0
    for r in text_runs(p):
        size = len(run_text(r))
        if pos < start < pos + size:  # cut off the part before the range
            if not _plain(r):
                return None
            _split(r, start - pos)
            return isolate(p, start, end)
        if pos < end < pos + size:  # cut off the part after it
            if not _plain(r):
                return None
            _split(r, end - pos)
            return isolate(p, start, end)
        pos += size
    if end > pos:
        return None
    out, pos = [], 0
    for r in text_runs(p):
        size = len(run_text(r))
        if start <= pos and pos + size <= end and size:
            out.append(r)
        pos += size
    return out or None


def with_text(r: Any, text: str) -> Any:
    """A copy of run r, with all its formatting, holding only `text`."""
    new = copy.deepcopy(r)
    for child in list(new):
        if child.tag != w("rPr"):
            new.remove(child)
    t = new.makeelement(w("t"), {})
    t.text = text
    t.set(XML_SPACE, "preserve")
    new.append(t)
    return new
