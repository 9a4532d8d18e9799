"""Word output in the 公文 layout of GB/T 9704-2012 (every measure is in `gongwen`).

Per report only word/document.xml and docProps/core.xml are generated, as text straight from
the Document; the other parts come from `docx_package`, built once per process. Paragraphs
name their style by id, so fonts live in the styles and a run carries only what differs from
its paragraph: a run-in heading's character style, a placeholder's highlight.

The same Document gives the same bytes: zip entries have a fixed time and the document's dates
are the report's date, not the clock, so batch drafting can compare outputs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from itertools import groupby, pairwise

from reportgen.document import Block, Document, Heading, Paragraph
from reportgen.marks import GAP, Span
from reportgen.writers import docx_package as pkg
from reportgen.writers import gongwen as g

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no clock in the output
# Characters XML 1.0 cannot hold; a fact pasted from elsewhere may carry them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_HEAD = f'{pkg.DECLARATION}<w:document {pkg.ROOT_NS}><w:body>'
_BLANK = "<w:p/>"  # an empty line of body type: §7.3.2 / §7.3.5.2 "空一行"
_KEEP_NEXT = "<w:keepNext/>"


def render(doc: Document, squeeze: bool = False) -> bytes:
    """The .docx file's bytes. squeeze: the copy LibreOffice converts (gongwen.GRID_SCALE_PERCENT)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in pkg.shared_parts(squeeze).items():
            _store(zf, name, data)
        _store(zf, pkg.DOCUMENT, document_xml(doc).encode("utf-8"))
        _store(zf, pkg.CORE, core_xml(doc).encode("utf-8"))
    return buf.getvalue()


def _store(zf: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0  # as Word writes it, and the same whatever system drafts
    zf.writestr(info, data)


def document_xml(doc: Document) -> str:
    blocks = doc.blocks
    words = [(s.start, s.end) for s in doc.title_spans]
    out = [_HEAD, _paragraph(g.TITLE.id, "\n".join(g.title_lines(doc.title, words)),
                             doc.title_spans)]
    i = 0
    while i < len(blocks) and _role(blocks[i]) == "byline":  # the speaker and date, under the title
        out.append(_block(blocks[i]))
        i += 1
    out.append(_BLANK * g.TITLE_BLANK_LINES)
    indents = _signature_indents(blocks)
    roles = [_role(b) for b in blocks] + [""]
    for j in range(i, len(blocks)):
        signs, next_signs = roles[j] == "signature", roles[j + 1] == "signature"
        if signs and (j == 0 or roles[j - 1] != "signature"):
            out.append(f"<w:p><w:pPr>{_KEEP_NEXT}</w:pPr></w:p>" * g.SIGNATURE_BLANK_LINES)
        # The text's last lines keep with the closing block: §7.3.5.5 would rather have the
        # spacing adjusted than a signature stand alone on a page.
        out.append(_block(blocks[j], indents.get(j), keep_next=next_signs and not signs))
    out.append(pkg.section_properties())
    out.append("</w:body></w:document>")
    return "".join(out)


def _role(block: Block) -> str:
    return block.role if isinstance(block, Paragraph) else "heading"


def _block(block: Block, right_chars: float | None = None, keep_next: bool = False) -> str:
    extra = _KEEP_NEXT if keep_next else ""
    if right_chars is not None:
        chars, tw = pkg.chars_indent(right_chars, g.CHAR_PITCH_TW)
        extra += f'<w:ind w:right="{tw}" w:rightChars="{chars}"/>'
    text, spans = block.full()
    if isinstance(block, Heading):
        return _paragraph(g.HEADINGS[block.level - 1].id, text, spans, extra)
    lead = None
    if block.lead is not None:  # a run-in heading keeps its level's font: a character style
        lead = (len(block.lead.label), g.HEADINGS[block.lead.level - 1].char_style)
    return _paragraph(g.ROLE_STYLES[block.role].id, text, spans, extra, lead)


def _signature_indents(blocks: list[Block]) -> dict[int, float]:
    """Right indents of each closing block's lines: unit lines, then the date (§7.3.5.2)."""
    indents: dict[int, float] = {}
    for role, members in groupby(enumerate(blocks), key=lambda item: _role(item[1])):
        if role != "signature":
            continue
        group = [j for j, _ in members]
        lines = [_text(blocks[j]) for j in group]
        units, date = (lines[:-1], lines[-1]) if len(lines) > 1 else (lines, None)
        unit_right, date_right = g.signature_indents(units, date)
        widest = max(g.width(u) for u in units)
        for j, line in zip(group, lines, strict=True):
            if date is not None and j == group[-1]:
                indents[j] = date_right
            else:  # every unit line starts where the widest does
                indents[j] = unit_right + widest - g.width(line)
    return indents


def _text(block: Block) -> str:
    return g.fullwidth_punctuation(block.full()[0])


def _paragraph(style_id: str, text: str, spans: Sequence[Span], extra: str = "",
               lead: tuple[int, str] | None = None) -> str:
    runs = _runs(g.fullwidth_punctuation(text), spans, lead)
    return f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{extra}</w:pPr>{runs}</w:p>'


def _runs(text: str, spans: Sequence[Span], lead: tuple[int, str] | None) -> str:
    """The text as runs: one, unless a run-in heading or a placeholder needs its own."""
    gaps = [(s.start, s.end) for s in spans if s.source == GAP]
    if not gaps and lead is None:
        return _run(text)
    cuts = {0, len(text)} | {i for gap in gaps for i in gap}
    if lead is not None:
        cuts.add(lead[0])
    edges = sorted(i for i in cuts if 0 <= i <= len(text))
    out = []
    for start, end in pairwise(edges):
        props = ""
        if lead is not None and end <= lead[0]:
            props += f'<w:rStyle w:val="{lead[1]}"/>'
        if any(a <= start and end <= b for a, b in gaps):
            props += '<w:highlight w:val="yellow"/>'
        out.append(_run(text[start:end], props))
    return "".join(out)


def _run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    lines = clean(text).split("\n")
    body = "<w:br/>".join(_t(line) for line in lines)
    return f"<w:r>{rpr}{body}</w:r>"


def _t(text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text[0] == " " or text[-1] == " " else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def clean(text: str) -> str:
    """Text XML can hold: characters it forbids dropped, tabs and returns as spaces."""
    return _ILLEGAL.sub("", text).replace("\t", " ").replace("\r", "")


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def core_xml(doc: Document) -> str:
    """Title, author (the unit) and dates: the report's date, so the bytes do not change."""
    ns = ('xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
          'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"')
    author = escape(clean(doc.author))
    out = [f"{pkg.DECLARATION}<cp:coreProperties {ns}>",
           f"<dc:title>{escape(clean(doc.title))}</dc:title>",
           f"<dc:creator>{author}</dc:creator><cp:lastModifiedBy>{author}</cp:lastModifiedBy>",
           "<dc:language>zh-CN</dc:language><cp:revision>1</cp:revision>"]
    m = _DATE.search(doc.date or "")
    if m:
        when = f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}T00:00:00Z"
        out += [f'<dcterms:{tag} xsi:type="dcterms:W3CDTF">{when}</dcterms:{tag}>'
                for tag in ("created", "modified")]
    out.append("</cp:coreProperties>")
    return "".join(out)
