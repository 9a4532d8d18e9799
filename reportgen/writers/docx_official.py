"""The 版头 and the 版记 of a 公文 as WordprocessingML (GB/T 9704-2012 §7.2, §7.4).

Every line of the 版头 has an exact height, so each element's place on page 1 follows from
the heights above it: the 发文机关标志 35 mm under the 版心's top edge (§7.2.4), the 发文字号
two lines below it (§7.2.5), the red line 4 mm under the 发文字号 (§7.2.7), the title two lines
under the line (§7.3.1). The 版记 is a frame pinned to the bottom of the 版心 of the page it is
anchored on (§7.4.1), its separator lines the borders of its own full-width paragraphs.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from reportgen.official import CC_LEAD, Official
from reportgen.writers import docx_package as pkg
from reportgen.writers import gongwen as g
from reportgen.writers.pagination import Laid, grid_lines

PT_PER_MM = g.PT_PER_INCH / g.MM_PER_INCH
P = g.LINE_PITCH_PT
CHAR_TW = round(g.BODY_SIZE_PT * g.TWIPS_PER_PT)  # one 字 of 3号 off the grid
IMPRINT_CHAR_TW = round(g.IMPRINT_SIZE_PT * g.TWIPS_PER_PT)  # one 字 of 4号
_GAP = "\u3000"  # one full-width space: SIGNER_GAP_CHARS between names
Run = Callable[[str, str], str]  # the writer's run maker: (text, run properties) → <w:r>…</w:r>


def border_size(mm: float) -> int:
    """A line's width in eighths of a point, as w:sz counts it."""
    return round(mm * PT_PER_MM * 8)


def _em_top(line_top: float, line: float, size: float) -> float:
    """Where the em box of type `size` begins in an exact line `line` high beginning at line_top."""
    return line_top + g.EXACT_BASELINE * line - g.EM_ABOVE * size


def _spacing(before: float, line_tw: int) -> str:
    return (f'<w:spacing w:before="{max(0, round(before * g.TWIPS_PER_PT))}" w:after="0" '
            f'w:line="{line_tw}" w:lineRule="exact"/>')


def head(official: Official, run: Run) -> tuple[list[Laid], float]:
    """The 版头's paragraphs, and the space the title leaves above itself (pt) under them."""
    out: list[Laid] = []
    slots = g.marking_lines(official.copy_number, official.secrecy, official.urgency)
    for line in range(1, max(slots, default=0) + 1):
        text = run(slots[line], "") if line in slots else ""
        out.append(Laid(f'<w:p><w:pPr><w:pStyle w:val="{g.MARKING.id}"/><w:keepNext/></w:pPr>{text}</w:p>',
                        keep_next=True))
    y = len(out) * P
    if not official.issuer_mark:
        return out, (g.TITLE_AFTER_MARKINGS * P if out else 0.0)
    # 发文机关标志: its em box 35 mm under the 版心's top edge
    size = g.mark_size(official.issuer_mark)
    mark_line = round(size * g.MARK_LINE * g.TWIPS_PER_PT) / g.TWIPS_PER_PT
    em_top = g.MARK_TOP_MM * PT_PER_MM
    top = em_top - _em_top(0, mark_line, size)
    half = pkg.half_points(size)
    sz = "" if size == g.MARK.size_pt else f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>'
    mark_run = run(official.issuer_mark, sz)
    out.append(Laid(f'<w:p><w:pPr><w:pStyle w:val="{g.MARK.id}"/><w:keepNext/>'
                    f'{_spacing(top - y, round(mark_line * g.TWIPS_PER_PT))}</w:pPr>{mark_run}</w:p>',
                    height=top - y + mark_line, line=0, keep_next=True))
    y = top + mark_line
    # 发文字号 (and 签发人) 下空二行: as far under the mark as a line two empty lines further down
    rows = _number_rows(official, run)
    first = em_top + size + (g.NUMBER_BLANK_LINES + 1) * P - g.BODY_SIZE_PT
    first -= _em_top(0, P, g.BODY_SIZE_PT)
    # the red line 4 mm under the last row's type (§7.2.7), as its paragraph's bottom border
    below_type = P - _em_top(0, P, g.BODY_SIZE_PT) - g.BODY_SIZE_PT
    space = max(0, round(g.RED_LINE_GAP_MM * PT_PER_MM - below_type))
    red = (f'<w:pBdr><w:bottom w:val="single" w:sz="{border_size(g.RED_LINE_MM)}" w:space="{space}" '
           f'w:color="{g.RED}"/></w:pBdr>')
    for i, (ppr, body) in enumerate(rows):
        before = first - y if i == 0 else 0.0
        last = i == len(rows) - 1
        out.append(Laid(f'<w:p><w:pPr><w:pStyle w:val="{g.NUMBER.id}"/><w:keepNext/>'
                        f'{red if last else ""}{ppr}{_spacing(before, g.LINE_PITCH_TW)}</w:pPr>'
                        f'{body}</w:p>', height=before + P, line=0, keep_next=True))
        y += before + P
    line_pt = border_size(g.RED_LINE_MM) / 8
    out[-1] = Laid(out[-1].xml, out[-1].height + space + line_pt, line=0, keep_next=True)
    return out, g.TITLE_AFTER_RED_LINE * P


def _number_rows(official: Official, run: Run) -> list[tuple[str, str]]:
    """(paragraph properties, runs) of the lines of 发文字号 and 签发人 (§7.2.5, §7.2.6)."""
    if not official.signers:  # centred, as the style has it
        return [("", run(official.number, "") if official.number else "")]
    names = official.signers
    lines = [(_GAP * g.SIGNER_GAP_CHARS).join(names[i:i + g.SIGNERS_PER_LINE])
             for i in range(0, len(names), g.SIGNERS_PER_LINE)]
    right = g.TEXT_WIDTH_TW - g.NUMBER_SIDE_CHARS * CHAR_TW  # 签发人……居右空一字
    names_at = right - round(max(g.width(n) for n in lines) * CHAR_TW)
    label_at = names_at - round(g.width(g.SIGNER_LABEL) * CHAR_TW)
    tabs = (f'<w:tabs><w:tab w:val="left" w:pos="{label_at}"/>'
            f'<w:tab w:val="left" w:pos="{names_at}"/></w:tabs>')
    tab = "<w:r><w:tab/></w:r>"
    rows = []
    for i, line in enumerate(lines):  # later lines' names under the first line's (回行时……对齐)
        last = i == len(lines) - 1
        body = tab + run(g.SIGNER_LABEL, "") if i == 0 else tab * 2
        body += run(line, f'<w:rStyle w:val="{g.NUMBER.char_style}"/>')
        ppr = tabs
        if last:  # 上行文的发文字号居左空一字编排，与最后一个签发人姓名处在同一行
            body = run(official.number, "") + body
            ppr += (f'<w:ind w:firstLine="{g.NUMBER_SIDE_CHARS * CHAR_TW}" '
                    f'w:firstLineChars="{g.NUMBER_SIDE_CHARS * 100}"/>')
        rows.append((ppr + '<w:jc w:val="left"/>', body))
    return rows


def imprint(official: Official, run: Run) -> tuple[list[str], float]:
    """The 版记's paragraphs and its height in points.

    Each is a frame of its own, full 版心 width, its separator lines its borders: the last
    (印发机关和印发日期) pinned to the 版心's bottom edge, the others stacked above it at the
    heights they take. (LibreOffice lays out a single-paragraph frame only.)"""
    thick, thin = border_size(g.IMPRINT_THICK_MM), border_size(g.IMPRINT_THIN_MM)
    side = g.IMPRINT_SIDE_CHARS * IMPRINT_CHAR_TW
    frames: list[tuple[str, int]] = []  # (paragraph without its frame, height in twips)

    def para(text: str, border: str, ppr: str = "", line: int = g.LINE_PITCH_TW) -> str:
        bdr = f"<w:pBdr>{border}</w:pBdr>" if border else ""
        return (f'<w:p><w:pPr><w:pStyle w:val="{g.IMPRINT.id}"/>{{frame}}{bdr}{ppr}'
                f'<w:spacing w:before="0" w:after="0" w:line="{line}" w:lineRule="exact"/>'
                f"</w:pPr>{text}</w:p>")

    def rule(edge: str, size: int) -> str:
        return f'<w:{edge} w:val="single" w:sz="{size}" w:space="0" w:color="000000"/>'

    hairline = g.TWIPS_PER_PT  # an empty paragraph's line under its border
    if official.cc:
        # 首条分隔线位于版记中第一个要素之上 (§7.4.1): an empty paragraph's bottom border
        frames.append((para("", rule("bottom", thick), line=hairline), hairline + thick * 20 // 8))
        lead = g.width(CC_LEAD)
        ind = (f'<w:ind w:left="{side + round(lead * IMPRINT_CHAR_TW)}" w:right="{side}" '
               f'w:hanging="{round(lead * IMPRINT_CHAR_TW)}"/>')  # 回行时与冒号后的首字对齐
        per_line = math.floor(g.TEXT_WIDTH_PT / g.IMPRINT_SIZE_PT)
        lines = grid_lines(official.cc_line, first=g.IMPRINT_SIDE_CHARS,
                           left=g.IMPRINT_SIDE_CHARS + lead, right=g.IMPRINT_SIDE_CHARS,
                           per_line=per_line)
        frames.append((para(run(official.cc_line, ""), "", ind),
                       lines * g.LINE_PITCH_TW))
    by, on = official.printed
    if by:  # 印发机关左空一字，印发日期右空一字; a thin line parts it from the 抄送 (§7.4.3)
        tab = f'<w:tabs><w:tab w:val="right" w:pos="{g.TEXT_WIDTH_TW - side}"/></w:tabs>'
        top = thin if official.cc else thick
        frames.append((para(run(by, "") + "<w:r><w:tab/></w:r>" + run(on, ""),
                            rule("top", top) + rule("bottom", thick), f'{tab}<w:ind w:firstLine="{side}"/>'),
                       g.LINE_PITCH_TW + (top + thick) * 20 // 8))
    else:  # 末条分隔线 under the 抄送
        frames.append((para("", rule("bottom", thick), line=hairline), hairline + thick * 20 // 8))
    out = []
    y = g.TEXT_HEIGHT_TW - sum(height for _, height in frames)
    for i, (xml, height) in enumerate(frames):
        place = 'w:yAlign="bottom"' if i == len(frames) - 1 else f'w:y="{y}"'
        frame = (f'<w:framePr w:w="{g.TEXT_WIDTH_TW}" w:wrap="notBeside" w:vAnchor="margin" '
                 f'w:hAnchor="margin" w:xAlign="center" {place}/>')
        out.append(xml.replace("{frame}", frame))
        y += height
    return out, sum(height for _, height in frames) / g.TWIPS_PER_PT
