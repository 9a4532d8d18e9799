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
import math
import re
import zipfile
from collections.abc import Sequence
from itertools import groupby, pairwise

from reportgen.document import ATTACHMENT, Block, Document, Heading, Paragraph
from reportgen.marks import GAP, Span
from reportgen.official import ATTACHMENT_LEAD, Official
from reportgen.writers import docx_official
from reportgen.writers import docx_package as pkg
from reportgen.writers import gongwen as g
from reportgen.writers.pagination import LINE_PT, Laid, free_lines, grid_lines, pages

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no clock in the output
# Characters XML 1.0 cannot hold; a fact pasted from elsewhere may carry them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_HEAD = f'{pkg.DECLARATION}<w:document {pkg.ROOT_NS}><w:body>'
_BLANK = "<w:p/>"  # an empty line of body type: §7.3.2 / §7.3.5.2 "空一行"
_KEEP_NEXT = "<w:keepNext/>"
_KEEP_LINES = "<w:keepLines/>"
_NO_KEEP_NEXT = '<w:keepNext w:val="0"/>'  # the closing block's last line, a 版记 framed after it


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
    return f"{_HEAD}{body_xml(doc)}</w:body></w:document>"


def body_xml(doc: Document) -> str:
    """Everything inside w:body: the 版头, the 主体, the 版记 and the section properties."""
    official = doc.official
    laid: list[Laid] = []
    title_before = 0.0
    if official is not None:
        laid, title_before = docx_official.head(official, _run)
    imprint = official is not None and official.has_imprint
    laid += main_body(doc, title_before, official is not None and official.stamped, measure=imprint)
    if official is None or not imprint:
        return "".join(item.xml for item in laid) + pkg.section_properties()
    return _with_imprint(laid, official)


def main_body(doc: Document, title_before: float = 0.0, stamped: bool = False,
              measure: bool = False) -> list[Laid]:
    """The 主体 (§7.3): title, the lines under it, the text, 附件说明 and the closing block.

    measure: count each paragraph's lines (for where the pages break); otherwise one each."""
    blocks = doc.blocks
    shown = [_shown(b) for b in blocks]  # each block's printed text and spans, worked out once
    words = [(s.start, s.end) for s in doc.title_spans]
    lines = g.title_lines(doc.title, words)
    spacing = ""
    if title_before:
        spacing = (f'<w:spacing w:before="{round(title_before * g.TWIPS_PER_PT)}" w:after="0" '
                   f'w:line="{g.LINE_PITCH_TW}" w:lineRule="exact"/>')
    rows = sum(math.ceil(g.width(line) / g.TITLE_LINE_CHARS) for line in lines)  # a line too long wraps
    title = g.fullwidth_punctuation("\n".join(lines))
    out = [Laid(_paragraph(g.TITLE.id, title, doc.title_spans, spacing),
                title_before + rows * LINE_PT, keep_next=True, keep_lines=True)]
    i = 0
    while i < len(blocks) and _role(blocks[i]) == "byline":  # the speaker and date, under the title
        out.append(Laid(_block(blocks[i], shown[i]), keep_next=True, keep_lines=True))
        i += 1
    out += [Laid(_BLANK)] * g.TITLE_BLANK_LINES
    indents = _signature_indents(blocks, [text for text, _ in shown], stamped)
    roles = [_role(b) for b in blocks] + [""]
    for j in range(i, len(blocks)):
        role, next_role = roles[j], roles[j + 1]
        signs, next_signs = role == "signature", next_role == "signature"
        if signs and (j == 0 or roles[j - 1] != "signature"):
            blank = g.STAMP_BLANK_LINES if stamped else g.SIGNATURE_BLANK_LINES
            out += [Laid(f"<w:p><w:pPr>{_KEEP_NEXT}</w:pPr></w:p>", keep_next=True)] * blank
        if role == ATTACHMENT and roles[j - 1] != ATTACHMENT:
            out += [Laid(_BLANK)] * g.ATTACHMENT_BLANK_LINES
        # The text's last paragraph keeps with the closing block, whole: §7.3.5.5 would rather
        # have the spacing adjusted than a signature stand alone on a page. (Whole, because
        # LibreOffice moves a kept paragraph whole, and the page count must not depend on who
        # lays the page out.)
        keep = (next_signs and not signs) or (role == ATTACHMENT and next_role in (ATTACHMENT, "signature"))
        out.append(_laid(blocks[j], shown[j], indents.get(j), keep, measure))
    return out


Shown = tuple[str, list[Span]]  # a block's text as printed (full-width punctuation) and its spans


def _shown(block: Block) -> Shown:
    text, spans = block.full()
    return g.fullwidth_punctuation(text), spans


def _laid(block: Block, shown: Shown, indent: Indent | None, keep_next: bool, measure: bool) -> Laid:
    """A block's paragraph, with its height on the grid if measured; keep_next: with the
    closing block."""
    xml = _block(block, shown, indent, keep_next)
    role = _role(block)
    if role == "signature":
        return Laid(xml, keep_next=True, keep_lines=True)
    if role == ATTACHMENT:  # the 附件说明 stays together, and with what signs it
        first, left = _attachment_indents(block, shown[0])
        lines = grid_lines(shown[0], first, left) if measure else 1
        return Laid(xml, lines * LINE_PT, keep_next=True, keep_lines=True)
    first = g.FIRST_LINE_INDENT_CHARS if role in ("body", "heading") else 0
    lines = grid_lines(shown[0], first) if measure else 1
    heading = isinstance(block, Heading)
    return Laid(xml, lines * LINE_PT, keep_next=keep_next or heading, keep_lines=keep_next or heading)


def _attachment_indents(block: Block, text: str) -> tuple[float, float]:
    """§7.3.4: “附件：” 左空二字; a long name wraps under its own first character, so the
    left indent is where the name begins and the first line hangs out of it."""
    assert isinstance(block, Paragraph)
    lead = g.width(text[: block.spans[-1].start])  # 附件：1. — the name is the last span
    first: float = g.ATTACHMENT_INDENT_CHARS
    if not text.startswith(ATTACHMENT_LEAD):  # 2.名称 under 1.名称
        first += g.width(ATTACHMENT_LEAD)
    return first, first + lead


def _with_imprint(laid: list[Laid], official: Official) -> str:
    """The 版记 at the bottom of the last page, an even one (§7.4.1), with a blank page before it
    where the text ends on an even page with no room left; those pages unnumbered (§7.5)."""
    frame, height = docx_official.imprint(official, _run)
    page, used = pages(laid)
    body = [item.xml for item in laid]
    room = free_lines(used) - math.ceil(height / LINE_PT)
    trailer = "<w:p/>"  # the frame's paragraphs need one after them to stand beside
    body[-1] = _no_keep_next(body[-1])  # nothing to keep the closing block with
    if page % 2 == 0 and room >= g.IMPRINT_SPARE_LINES:  # on the text's last page
        return "".join(body + frame) + trailer + pkg.section_properties()
    # A new section after the text: the next page if it is even (numbered, as no blank page
    # stands before it), else a blank page and then the 版记, both without numbers.
    numbered = page % 2 == 1
    body[-1] = _section_break(body[-1], pkg.section_properties())
    blank = "" if numbered else '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
    return "".join(body) + blank + "".join(frame) + trailer + pkg.section_properties(numbered)


def _no_keep_next(paragraph: str) -> str:
    if _KEEP_NEXT in paragraph:
        return paragraph.replace(_KEEP_NEXT, _NO_KEEP_NEXT, 1)
    return re.sub(r"(<w:pStyle [^>]*/>)", rf"\1{_NO_KEEP_NEXT}", paragraph, count=1)


def _section_break(paragraph: str, sect_pr: str) -> str:
    """The paragraph, ending its section (sectPr is the last of its properties)."""
    if "<w:pPr>" in paragraph:
        return paragraph.replace("</w:pPr>", f"{sect_pr}</w:pPr>", 1)
    if paragraph.startswith("<w:p/>"):
        return f"<w:p><w:pPr>{sect_pr}</w:pPr></w:p>"
    return paragraph.replace("<w:p>", f"<w:p><w:pPr>{sect_pr}</w:pPr>", 1)


def _role(block: Block) -> str:
    return block.role if isinstance(block, Paragraph) else "heading"


Indent = float | tuple[float, float]  # a closing line's right indent, or (left, right) centred


def _block(block: Block, shown: Shown, indent: Indent | None = None, keep_next: bool = False) -> str:
    extra = _KEEP_NEXT + _KEEP_LINES if keep_next else ""
    if isinstance(indent, tuple):  # centred between its indents (a sealed closing line)
        left_chars, left_tw = pkg.chars_indent(indent[0], g.CHAR_PITCH_TW)
        chars, tw = pkg.chars_indent(indent[1], g.CHAR_PITCH_TW)
        extra += (f'<w:ind w:left="{left_tw}" w:leftChars="{left_chars}" w:right="{tw}" '
                  f'w:rightChars="{chars}"/><w:jc w:val="center"/>')
    elif indent is not None:
        chars, tw = pkg.chars_indent(indent, g.CHAR_PITCH_TW)
        extra += f'<w:ind w:right="{tw}" w:rightChars="{chars}"/>'
    text, spans = shown
    if isinstance(block, Heading):
        return _paragraph(g.HEADINGS[block.level - 1].id, text, spans, extra)
    if block.role == ATTACHMENT:
        first, left = _attachment_indents(block, text)
        left_chars, left_tw = pkg.chars_indent(left, g.CHAR_PITCH_TW)
        hang_chars, hang_tw = pkg.chars_indent(left - first, g.CHAR_PITCH_TW)
        extra += (f'<w:ind w:left="{left_tw}" w:leftChars="{left_chars}" w:hanging="{hang_tw}" '
                  f'w:hangingChars="{hang_chars}"/>')
    lead = None
    if block.lead is not None:  # a run-in heading keeps its level's font: a character style
        lead = (len(block.lead.label), g.HEADINGS[block.lead.level - 1].char_style)
    return _paragraph(g.ROLE_STYLES[block.role].id, text, spans, extra, lead)


def _signature_indents(blocks: list[Block], texts: list[str], stamped: bool = False) -> dict[int, Indent]:
    """Indents of each closing block's lines: unit lines, then the date (§7.3.5)."""
    indents: dict[int, Indent] = {}
    for role, members in groupby(enumerate(blocks), key=lambda item: _role(item[1])):
        if role != "signature":
            continue
        group = [j for j, _ in members]
        lines = [texts[j] for j in group]
        units, date = (lines[:-1], lines[-1]) if len(lines) > 1 else (lines, None)
        if stamped:  # §7.3.5.1: each unit line centred over the date
            indents.update(zip(group, g.stamped_indents(units, date), strict=True))
            continue
        unit_right, date_right = g.signature_indents(units, date)
        widest = max(g.width(u) for u in units)
        for j, line in zip(group, lines, strict=True):
            if date is not None and j == group[-1]:
                indents[j] = date_right
            else:  # every unit line starts where the widest does
                indents[j] = unit_right + widest - g.width(line)
    return indents


def _paragraph(style_id: str, text: str, spans: Sequence[Span], extra: str = "",
               lead: tuple[int, str] | None = None) -> str:
    """A paragraph of text as printed (its punctuation made full-width already)."""
    runs = _runs(text, spans, lead)
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
