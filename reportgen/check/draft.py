"""draft --check: the proofreader run on a fresh draft, plus what only a draft can tell.

A draft is checked as the Markdown it writes (lines of the .md file), or, when only a
.docx is written, paragraph by paragraph in Document order (0 = title, as in the
trace). Besides every rule of `reportgen check`, the Document's spans show digits that
no fact vouches for (a template printing its own number) and 【gaps】 left to fill. The
spans, not the text, decide where a number came from: a number computed from the facts
(a total, a year-on-year change) is vouched for by its span even though no single fact
holds it, so the text-based number-unknown of `check --facts` is left out here.

Every report type states every count of its facts, except the speech: a speech reviews
a few facts by design (its template picks them), so a count it leaves out is no defect.
"""

from __future__ import annotations

from collections.abc import Iterator

from reportgen import trace
from reportgen.check import check_text
from reportgen.check.facts_check import FactNumbers
from reportgen.check.finding import Finding
from reportgen.check.readers import Line, Text, from_string
from reportgen.document import Document
from reportgen.marks import GAP

SELECTIVE = frozenset({"speech"})  # report types that need not state every count


def check_draft(doc: Document, facts: FactNumbers | None, name: str,
                markdown: bool = True, report_type: str = "") -> list[Finding]:
    md = None
    if markdown:
        from reportgen.writers.markdown import to_markdown

        md = to_markdown(doc)
        text = from_string(md, name, markdown=True)
    else:
        text = Text(name, [Line(i, t) for i, (t, _) in enumerate(trace.paragraphs(doc))])
    excused = {"number-unknown"} | ({"fact-missing"} if report_type in SELECTIVE else set())
    found = [f for f in check_text(text, facts) if f.code not in excused]
    seen = {(f.line, f.column, f.code) for f in found}  # a 【待补充】 is found by text and by span
    return found + [f.located(name) for f in _from_spans(doc, md) if (f.line, f.column, f.code) not in seen]


def _from_spans(doc: Document, md: str | None) -> Iterator[Finding]:
    places = trace.markdown_places(doc, md) if md is not None else {}

    def where(paragraph: int, offset: int) -> tuple[int, int]:
        if md is None:
            return paragraph, offset + 1
        line, shift = places.get(paragraph, (0, 0))
        return line, shift + offset + 1

    for n in trace.numbers(doc):
        if not n.source:
            line, column = where(n.paragraph, n.offset)
            message = f"数字“{n.text}”不是从事实文件取得的（模板自行写入了数字）：这是模板的缺陷"
            yield Finding(line, column, "number-unknown", message, n.text)
    for index, (text, spans) in enumerate(trace.paragraphs(doc)):
        for span in spans:
            if span.source == GAP:
                line, column = where(index, span.start)
                gap = text[span.start:span.end]
                yield Finding(line, column, "placeholder", f"“{gap}”需要手工填写", gap)
