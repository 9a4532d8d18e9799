"""Fixes in a .docx as Word tracked changes (修订), and findings as Word comments (批注).

A fix becomes a deletion (w:del holding the old runs, their text as w:delText) followed
by an insertion (w:ins holding a copy of the first old run, with all its formatting, now
with the new text), both by author 'reportgen', so the clerk accepts or rejects each
one in Word or WPS. A finding becomes a comment anchored on the text it is about (python-docx
writes the comments part); one about the whole document, a place outside the text, or a
numbering label Word draws itself is anchored on its paragraph.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from reportgen.check.docx_runs import isolate, paragraph_text, text_runs, w, with_text
from reportgen.check.finding import Finding
from reportgen.check.fixes import Change

AUTHOR = "reportgen"
INITIALS = "RG"


@dataclass
class Docx:
    """An opened .docx with each paragraph's numbering label, as the rules read it."""

    document: Any
    labels: list[str]  # by paragraph index (paragraph number - 1)

    @classmethod
    def of(cls, document: Any) -> Docx:
        from reportgen.check.numbering import WordNumbering

        numbering = WordNumbering(document)
        return cls(document, [numbering.label(p) for p in document.paragraphs])

    def paragraph(self, no: int) -> Any | None:
        paragraphs = self.document.paragraphs
        return paragraphs[no - 1]._p if 1 <= no <= len(paragraphs) else None

    def lines(self) -> dict[int, str]:
        return {i: label + paragraph_text(p._p)
                for i, (label, p) in enumerate(zip(self.labels, self.document.paragraphs, strict=True), 1)}

    def span(self, no: int, column: int, length: int) -> tuple[Any, int, int] | None:
        """(paragraph element, start, end) in the paragraph's own text, past its label."""
        p = self.paragraph(no)
        if p is None:
            return None
        start = column - 1 - len(self.labels[no - 1])
        return (p, start, start + length) if start >= 0 else None

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def track_changes(doc: Docx, changes: list[Change]) -> list[Change]:
    """Make each change as a tracked change; returns the changes made (others are left)."""
    ids = _ids(doc.document)
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    made = []
    # right to left within a paragraph: the text before a change keeps its offsets
    for change in sorted(changes, key=lambda c: (c.line, -c.column)):
        span = doc.span(change.line, change.column, len(change.old))
        runs = isolate(*span) if span else None
        if not runs or len({id(r.getparent()) for r in runs}) != 1:
            continue
        if runs[0].getparent().tag == w("ins") or not all(_deletable(r) for r in runs):
            continue
        deleted = runs[0].makeelement(w("del"), {w("id"): str(next(ids)), w("author"): AUTHOR,
                                                  w("date"): date})
        runs[0].addprevious(deleted)
        for r in runs:
            for t in r.findall(w("t")):
                t.tag = w("delText")
            deleted.append(r)
        if change.new:
            inserted = deleted.makeelement(w("ins"), {w("id"): str(next(ids)), w("author"): AUTHOR,
                                                      w("date"): date})
            inserted.append(with_text(runs[0], change.new))
            deleted.addnext(inserted)
        made.append(change)
    return sorted(made, key=lambda c: (c.line, c.column))


def comment(doc: Docx, finding: Finding, own: bool) -> None:
    """Anchor the finding as a comment: on its text where it can be, else on its paragraph.

    `own` is False for findings located in another file (a facts file): those go on the
    first paragraph with text, saying where they are.
    """
    from docx.text.run import Run

    text = f"【{finding.level}】{finding.message}（{finding.code}）"
    runs = None
    if own:
        span = doc.span(finding.line, finding.column, len(finding.excerpt))
        runs = isolate(*span) if span and finding.excerpt else None
        p = doc.paragraph(finding.line)
    else:
        text = f"{finding.file} 第{finding.line}行：{text}"
        p = None
    if p is None:
        p = next((q._p for q in doc.document.paragraphs if q.text.strip()), doc.paragraph(1))
    if p is None:  # a document without paragraphs
        p = doc.document.add_paragraph()._p
    runs = runs or text_runs(p)
    if not runs:  # an empty paragraph: anchor on an empty run
        runs = [p.makeelement(w("r"), {})]
        p.append(runs[0])
    story = doc.document.part  # the runs' story: comments anchor in the main document
    doc.document.add_comment([Run(runs[0], story), Run(runs[-1], story)], text=text,
                             author=AUTHOR, initials=INITIALS)


def _deletable(r: Any) -> bool:
    return all(child.tag in (w("rPr"), w("t")) for child in r)


def _ids(document: Any) -> Any:
    """Revision ids above every w:id already in the body, so none is reused."""
    used = [int(v) for v in document.element.body.xpath("//@w:id") if str(v).isdigit()]
    n = max(used, default=0)
    while True:
        n += 1
        yield n
