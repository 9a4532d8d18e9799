"""The sheet around the text: the page's measures as CSS, the 版头 above the title and the 版记
at the foot of the last page, placed by the .docx writer's rules (GB/T 9704-2012 §5, §7.2, §7.4).

Every number comes from `writers.gongwen`; the fonts are its names, followed by the fonts that
stand in for them where they are not installed (those the PDF printer uses, and the names macOS
gives them), so the page looks like the .docx on an office PC and reads well everywhere else.
"""

from __future__ import annotations

import html

from reportgen.official import Official
from reportgen.pdf import STAND_INS
from reportgen.writers import gongwen as g

PT_PER_MM = g.PT_PER_INCH / g.MM_PER_INCH
LINE_PT = g.TEXT_HEIGHT_MM * PT_PER_MM / g.LINES_PER_PAGE  # 22 lines fill the 版心
# What a Mac calls the same faces: the page may be opened on one.
MAC_NAMES = {g.FONT_BODY: "STFangsong", g.FONT_HEADING_2: "STKaiti", g.FONT_HEADING_1: "STHeiti",
             g.FONT_TITLE: "STSong", g.FONT_PAGE_NUMBER: "STSong"}
GENERIC = {g.FONT_HEADING_1: "sans-serif"}
LATIN_FAMILY = "GwLatin"  # Times New Roman or its metric twin, for Latin letters and digits only


def font_chain(font: str) -> list[str]:
    """The font, other names of its cut, its Windows fallback, then free look-alikes."""
    stand_ins = list(STAND_INS.get(font, ()))
    free = [f for f in stand_ins if f.startswith(("Noto", "Source Han", "AR PL", "WenQuanYi"))]
    chain = [font, *(f for f in stand_ins if f not in free), g.FONT_FALLBACKS.get(font, ""),
             MAC_NAMES.get(font, ""), *free]
    out: list[str] = []
    for name in chain:
        if name and name not in out:
            out.append(name)
    return out


def _family(font: str, latin: bool = True) -> str:
    names = ([LATIN_FAMILY] if latin else []) + font_chain(font)
    return ", ".join(f'"{name}"' for name in names) + f", {GENERIC.get(font, 'serif')}"


def measures_css() -> str:
    """The page's measures and fonts as CSS custom properties (assets/page.css uses them)."""
    latin = ", ".join(f'local("{name}")' for name in (g.FONT_LATIN, *STAND_INS[g.FONT_LATIN]))
    props = {
        "page-width": f"{g.PAGE_WIDTH_MM}mm",
        "page-height": f"{g.PAGE_HEIGHT_MM}mm",
        "margin-top": f"{g.MARGIN_TOP_MM}mm",
        "margin-left": f"{g.MARGIN_LEFT_MM}mm",
        "margin-right": f"{g.MARGIN_RIGHT_MM}mm",
        "text-width": f"{g.TEXT_WIDTH_MM}mm",
        "text-height": f"{g.TEXT_HEIGHT_MM}mm",
        "line": f"calc({g.TEXT_HEIGHT_MM}mm / {g.LINES_PER_PAGE})",
        "zi": f"calc({g.TEXT_WIDTH_MM}mm / {g.CHARS_PER_LINE})",
        "body-size": f"{g.BODY_SIZE_PT:g}pt",
        "title-size": f"{g.TITLE_SIZE_PT:g}pt",
        "imprint-size": f"{g.IMPRINT_SIZE_PT:g}pt",
        "page-number-size": f"{g.PAGE_NUMBER_SIZE_PT:g}pt",
        "page-number-gap": f"{g.PAGE_NUMBER_GAP_MM}mm",
        "indent": f"{g.FIRST_LINE_INDENT_CHARS}",
        "red": f"#{g.RED}",
        "font-title": _family(g.FONT_TITLE),
        "font-body": _family(g.FONT_BODY),
        "font-h1": _family(g.FONT_HEADING_1),
        "font-h2": _family(g.FONT_HEADING_2),
        "font-h3": _family(g.FONT_HEADING_3),
        "font-h4": _family(g.FONT_HEADING_4),
        "font-byline": _family(g.FONT_BYLINE),
        "font-marking": _family(g.FONT_MARKINGS),
        "font-mark": _family(g.FONT_MARK, latin=False),
        "font-signer": _family(g.FONT_SIGNER),
        "font-page-number": _family(g.FONT_PAGE_NUMBER, latin=False),
    }
    body = "".join(f"  --{name}: {value};\n" for name, value in props.items())
    # Latin letters and digits in Times New Roman, on a CJK face's line: the same ascent and
    # descent, so a line with digits is exactly as high as one without
    return (f'@font-face {{ font-family: "{LATIN_FAMILY}"; src: {latin}; '
            f"unicode-range: U+0020-007E, U+00A0-00FF; ascent-override: {g.EM_ABOVE:.0%}; "
            f"descent-override: {g.EM_BELOW:.0%}; line-gap-override: 0%; }}\n"
            f"/* GB/T 9704-2012: every measure from reportgen/writers/gongwen.py */\n:root {{\n{body}}}\n")


def _px(pt: float) -> str:
    return f"{pt:.2f}pt"


def _line(top: float, cls: str, text: str, style: str = "") -> str:
    extra = f";{style}" if style else ""
    return f'<div class="{cls}" style="top:{_px(top)}{extra}">{text}</div>'


def head(official: Official | None) -> str:
    """The 版头 (§7.2) as one block above the title: its height leaves the space the title has
    above it in the .docx; every element absolutely placed inside it."""
    if official is None:
        return ""
    e = html.escape
    parts: list[str] = []
    slots = g.marking_lines(official.copy_number, official.secrecy, official.urgency)
    for line, text in slots.items():
        parts.append(_line((line - 1) * LINE_PT, "marking", e(text)))
    height = max(slots, default=0) * LINE_PT
    if not official.issuer_mark:
        if not parts:
            return ""
        height += g.TITLE_AFTER_MARKINGS * LINE_PT
        return f'<div class="head" data-keep data-whole style="height:{_px(height)}">{"".join(parts)}</div>'
    size = g.mark_size(official.issuer_mark)
    box = size * g.MARK_LINE
    em_top = g.MARK_TOP_MM * PT_PER_MM  # §7.2.4: 35 mm under the 版心's top edge
    parts.append(_line(em_top - (box - size) / 2, "mark", e(official.issuer_mark),
                       f"font-size:{size:g}pt;line-height:{_px(box)}"))
    # 发文字号 下空二行: its type's foot three lines under the mark's
    row = em_top + size + (g.NUMBER_BLANK_LINES + 1) * LINE_PT - (LINE_PT + g.BODY_SIZE_PT) / 2
    rows = _number_rows(official)
    for i, content in enumerate(rows):
        parts.append(_line(row + i * LINE_PT, "number", content))
    foot = row + (len(rows) - 1) * LINE_PT + (LINE_PT + g.BODY_SIZE_PT) / 2
    red = foot + g.RED_LINE_GAP_MM * PT_PER_MM  # §7.2.7: 4 mm under the 发文字号
    parts.append(f'<div class="red-line" style="top:{_px(red)};height:{g.RED_LINE_MM}mm"></div>')
    height = red + g.RED_LINE_MM * PT_PER_MM + g.TITLE_AFTER_RED_LINE * LINE_PT
    return f'<div class="head" data-keep data-whole style="height:{_px(height)}">{"".join(parts)}</div>'


def _number_rows(official: Official) -> list[str]:
    """发文字号 centred; in a report sent up, 居左空一字 on the line of the last 签发人, the names
    (two a line) 居右空一字 after 签发人： in 楷体 (§7.2.5, §7.2.6)."""
    e = html.escape
    if not official.signers:
        return [f'<span class="centre">{e(official.number)}</span>']
    names = official.signers
    lines = ["\u3000".join(names[i:i + g.SIGNERS_PER_LINE]) for i in range(0, len(names), g.SIGNERS_PER_LINE)]
    label = e(g.SIGNER_LABEL)
    out = []
    for i, line in enumerate(lines):
        lead = f'<span class="label{"" if i == 0 else " hidden"}">{label}</span>'
        signers = f'<span class="signers">{lead}<span class="signer">{e(line)}</span></span>'
        number = f'<span class="doc-number">{e(official.number)}</span>' if i == len(lines) - 1 else ""
        out.append(number + signers)
    return out


def imprint(official: Official | None) -> str:
    """The 版记 (§7.4): 4号仿宋 between a thick line above and one below, a thin line between its
    two parts; the page script pins it to the foot of the last page, an even one (§7.4.1)."""
    if official is None or not official.has_imprint:
        return ""
    e = html.escape
    rows = []
    if official.cc:
        rows.append(f'<div class="cc">{e(official.cc_line)}</div>')
    by, on = official.printed
    if by:
        rows.append(f'<div class="printed"><span>{e(by)}</span><span>{e(on)}</span></div>')
    return (f'<div class="imprint" data-foot data-spare="{g.IMPRINT_SPARE_LINES}">'
            f'{"".join(rows)}</div>')
