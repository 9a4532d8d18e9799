"""The parts of a .docx that every report shares: styles, settings, footers, fonts, relationships.

They depend only on the layout in `gongwen`, so they are built once per process and kept as
bytes; the writer adds each report's document.xml and core.xml. Written as plain XML rather than
through python-docx so that every element is ours, in schema order, and the package holds
nothing Word did not need (no theme, no 160 latent styles).

Element order inside pPr, rPr and sectPr follows ECMA-376 Part 1 §17.3.1.26, §17.3.2.28 and
§17.6.17: Word refuses a document whose properties are out of order.
"""

from __future__ import annotations

from functools import cache

from reportgen.writers import gongwen as g

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
ROOT_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'

DOCUMENT = "word/document.xml"
CORE = "docProps/core.xml"
FOOTER_ODD = "word/footer1.xml"
FOOTER_EVEN = "word/footer2.xml"
STYLES = "word/styles.xml"
FOOTER_NONE = "word/footer3.xml"  # empty: the pages §7.5 leaves unnumbered (a blank page, the 版记's)

_CT = "application/vnd.openxmlformats-officedocument"
CONTENT_TYPES = {
    "/" + DOCUMENT: f"{_CT}.wordprocessingml.document.main+xml",
    "/word/styles.xml": f"{_CT}.wordprocessingml.styles+xml",
    "/word/settings.xml": f"{_CT}.wordprocessingml.settings+xml",
    "/word/fontTable.xml": f"{_CT}.wordprocessingml.fontTable+xml",
    "/" + FOOTER_ODD: f"{_CT}.wordprocessingml.footer+xml",
    "/" + FOOTER_EVEN: f"{_CT}.wordprocessingml.footer+xml",
    "/" + FOOTER_NONE: f"{_CT}.wordprocessingml.footer+xml",
    "/" + CORE: "application/vnd.openxmlformats-package.core-properties+xml",
    "/docProps/app.xml": f"{_CT}.extended-properties+xml",
}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
DOCUMENT_RELS = (
    ("rIdStyles", f"{_REL}/styles", "styles.xml"),
    ("rIdSettings", f"{_REL}/settings", "settings.xml"),
    ("rIdFonts", f"{_REL}/fontTable", "fontTable.xml"),
    ("rIdFooterOdd", f"{_REL}/footer", "footer1.xml"),
    ("rIdFooterEven", f"{_REL}/footer", "footer2.xml"),
    ("rIdFooterNone", f"{_REL}/footer", "footer3.xml"),
)
PACKAGE_RELS = (
    ("rIdDocument", f"{_REL}/officeDocument", DOCUMENT),
    ("rIdCore", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
                "core-properties", CORE),
    ("rIdApp", f"{_REL}/extended-properties", "docProps/app.xml"),
)


def _rels(rels: tuple[tuple[str, str, str], ...]) -> str:
    body = "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>'
                   for i, t, target in rels)
    return f'{DECLARATION}<Relationships xmlns="{PKG_REL_NS}">{body}</Relationships>'


def _content_types() -> str:
    ns = "http://schemas.openxmlformats.org/package/2006/content-types"
    defaults = ('<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>')
    overrides = "".join(f'<Override PartName="{p}" ContentType="{t}"/>'
                        for p, t in CONTENT_TYPES.items())
    return f'{DECLARATION}<Types xmlns="{ns}">{defaults}{overrides}</Types>'


def half_points(pt: float) -> int:
    return round(pt * 2)


def chars_indent(chars: float, char_tw: int) -> tuple[int, int]:
    """An indent in hundredths of a character (what Word reads) and in twips (what others read)."""
    return round(chars * 100), round(chars * char_tw)


def fonts(east_asian: str, latin: str = g.FONT_LATIN) -> str:
    """East Asian text in the font given, Latin letters and digits in Times New Roman.

    hint="eastAsia" sends characters both scripts share (“ ” — …) to the East Asian font, so
    quotation marks in Chinese text are full-width.
    """
    return (f'<w:rFonts w:hint="eastAsia" w:ascii="{latin}" w:eastAsia="{east_asian}" '
            f'w:hAnsi="{latin}" w:cs="{latin}"/>')


def _run_props(style: g.Style, squeeze: bool) -> str:
    size = half_points(style.size_pt)
    rfonts = fonts(style.font, style.latin)
    # squeeze: the copy LibreOffice prints, type on the grid narrowed to fit its cells (gongwen)
    scale = f'<w:w w:val="{g.GRID_SCALE_PERCENT}"/>' if squeeze and style.on_grid else ""
    # Bold and italic are switched off outright: LibreOffice otherwise keeps its own
    # headings' bold where the style does not say. Black (§5.2.4) but for the red mark.
    return (f'<w:rPr>{rfonts}<w:b w:val="0"/><w:bCs w:val="0"/><w:i w:val="0"/><w:iCs w:val="0"/>'
            f'<w:color w:val="{style.color}"/>{scale}'
            f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>')


def _para_props(style: g.Style) -> str:
    out = ["<w:pPr>"]
    if style.keep_next:
        out.append("<w:keepNext/><w:keepLines/>")
    if style is g.NORMAL:
        # Chinese Word's own default: widow control would push lines over and break the
        # 22-line page the grid promises (§5.2.3). No extra space between Chinese and Latin
        # text or digits: a digit is half a 字, which the closing block's indents count on.
        hang = "" if g.HANG_PUNCTUATION else '<w:overflowPunct w:val="0"/>'
        out.append(f'<w:widowControl w:val="0"/>{hang}'
                   '<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')
    if not style.on_grid:
        out.append('<w:snapToGrid w:val="0"/>')
    if style.exact_line_tw:
        out.append(f'<w:spacing w:before="0" w:after="0" w:line="{style.exact_line_tw}" '
                   'w:lineRule="exact"/>')
    else:
        out.append('<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>')
    chars, tw = chars_indent(style.first_line_chars, g.CHAR_PITCH_TW)
    out.append(f'<w:ind w:left="0" w:right="0" w:firstLineChars="{chars}" w:firstLine="{tw}"/>')
    out.append(f'<w:jc w:val="{style.align}"/>')
    if style.outline_level is not None:
        out.append(f'<w:outlineLvl w:val="{style.outline_level}"/>')
    out.append("</w:pPr>")
    return "".join(out)


def _paragraph_style(style: g.Style, squeeze: bool) -> str:
    default = ' w:default="1"' if style is g.NORMAL else ""
    based = "" if style is g.NORMAL else '<w:basedOn w:val="Normal"/>'
    nxt = f'<w:next w:val="{g.BODY.id}"/>' if style in (g.TITLE, *g.HEADINGS) else ""
    link = f'<w:link w:val="{style.char_style}"/>' if style in g.HEADINGS else ""
    return (f'<w:style w:type="paragraph"{default} w:styleId="{style.id}">'
            f'<w:name w:val="{style.name}"/>{based}{nxt}{link}<w:qFormat/>'
            f"{_para_props(style)}{_run_props(style, squeeze)}</w:style>")


def _character_style(style_id: str, name: str, font: str, linked: str = "") -> str:
    """A font on part of a paragraph: a heading run into the text, a 签发人's name."""
    link = f'<w:link w:val="{linked}"/>' if linked else ""
    return (f'<w:style w:type="character" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="DefaultParagraphFont"/>'
            f'{link}<w:rPr>{fonts(font)}</w:rPr></w:style>')


def _styles(squeeze: bool) -> str:
    size = half_points(g.BODY_SIZE_PT)
    defaults = (f"<w:docDefaults><w:rPrDefault><w:rPr>{fonts(g.FONT_BODY)}"
                f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>'
                '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
                '<w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:pPrDefault>'
                "</w:docDefaults>")
    default_font = ('<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
                    '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/>'
                    "<w:semiHidden/><w:unhideWhenUsed/></w:style>")
    paragraphs = "".join(_paragraph_style(s, squeeze) for s in g.STYLES)
    characters = "".join(_character_style(s.char_style, f"标题 {n} 字符", s.font, s.id)
                         for n, s in enumerate(g.HEADINGS, 1))
    characters += _character_style(g.NUMBER.char_style, "公文签发人姓名", g.FONT_SIGNER)
    return (f"{DECLARATION}<w:styles {ROOT_NS}>{defaults}{default_font}{paragraphs}{characters}"
            "</w:styles>")


def _settings() -> str:
    return (f"{DECLARATION}<w:settings {ROOT_NS}>"
            '<w:zoom w:percent="100"/>'
            f'<w:defaultTabStop w:val="{g.CHAR_PITCH_TW * 2}"/>'
            "<w:evenAndOddHeaders/>"  # §7.5: odd pages number on the right, even on the left
            '<w:characterSpacingControl w:val="doNotCompress"/>'  # punctuation keeps its cell
            "<w:compat><w:useFELayout/>"
            '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/'
            'word" w:val="15"/></w:compat>'
            '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>'
            "</w:settings>")


def _font_table() -> str:
    names = dict.fromkeys(s.font for s in g.STYLES if s.font != g.FONT_LATIN)
    out = [f'<w:font w:name="{g.FONT_LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/>'
           '<w:pitch w:val="variable"/></w:font>']
    for name in names:
        alt = g.FONT_FALLBACKS.get(name)
        alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
        out.append(f'<w:font w:name="{name}">{alt_xml}<w:charset w:val="86"/>'
                   '<w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>')
    return f'{DECLARATION}<w:fonts {ROOT_NS}>{"".join(out)}</w:fonts>'


def _empty_footer() -> str:
    paragraph = f'<w:p><w:pPr><w:pStyle w:val="{g.FOOTER.id}"/></w:pPr></w:p>'
    return f"{DECLARATION}<w:ftr {ROOT_NS}>{paragraph}</w:ftr>"


def _footer(side: str) -> str:
    """"— 7 —" in 4号 宋体, one 字 in from the right (odd pages) or the left (even pages)."""
    char_tw = round(g.PAGE_NUMBER_SIZE_PT * g.TWIPS_PER_PT)  # one 字 of 4号
    chars, tw = chars_indent(g.PAGE_NUMBER_SIDE_CHARS, char_tw)
    dash = g.PAGE_NUMBER_DASH
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
             '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
             "<w:r><w:t>1</w:t></w:r>"
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    return (f"{DECLARATION}<w:ftr {ROOT_NS}><w:p><w:pPr>"
            f'<w:pStyle w:val="{g.FOOTER.id}"/>'
            f'<w:ind w:{side}="{tw}" w:{side}Chars="{chars}"/><w:jc w:val="{side}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{dash} </w:t></w:r>{field}'
            f'<w:r><w:t xml:space="preserve"> {dash}</w:t></w:r></w:p></w:ftr>')


def section_properties(numbered: bool = True) -> str:
    """A4, the §5.2.1 margins, the 22 × 28 grid, and the two page-number footers (§7.5), or
    none on the pages a 版记 closes after a blank page."""
    odd, even = ("rIdFooterOdd", "rIdFooterEven") if numbered else ("rIdFooterNone", "rIdFooterNone")
    return ("<w:sectPr>"
            f'<w:footerReference w:type="default" r:id="{odd}"/>'
            f'<w:footerReference w:type="even" r:id="{even}"/>'
            f'<w:pgSz w:w="{g.PAGE_WIDTH_TW}" w:h="{g.PAGE_HEIGHT_TW}"/>'
            f'<w:pgMar w:top="{g.MARGIN_TOP_TW}" w:right="{g.MARGIN_RIGHT_TW}" '
            f'w:bottom="{g.MARGIN_BOTTOM_TW}" w:left="{g.MARGIN_LEFT_TW}" '
            f'w:header="{g.HEADER_DISTANCE_TW}" w:footer="{g.FOOTER_DISTANCE_TW}" w:gutter="0"/>'
            f'<w:docGrid w:type="linesAndChars" w:linePitch="{g.LINE_PITCH_TW}" '
            f'w:charSpace="{g.CHAR_SPACE}"/>'
            "</w:sectPr>")


def _app() -> str:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    app = "<Application>reportgen</Application>"
    return f'{DECLARATION}<Properties xmlns="{ns}">{app}</Properties>'


@cache
def shared_parts(squeeze: bool = False) -> dict[str, bytes]:
    """Every part but document.xml and core.xml, by zip name, in the order they are stored.

    squeeze: for the copy LibreOffice converts to PDF, type on the grid narrowed to its cells."""
    parts = {
        "[Content_Types].xml": _content_types(),
        "_rels/.rels": _rels(PACKAGE_RELS),
        "docProps/app.xml": _app(),
        "word/_rels/document.xml.rels": _rels(DOCUMENT_RELS),
        STYLES: _styles(squeeze),
        "word/settings.xml": _settings(),
        "word/fontTable.xml": _font_table(),
        FOOTER_ODD: _footer("right"),
        FOOTER_EVEN: _footer("left"),
        FOOTER_NONE: _empty_footer(),
    }
    return {name: text.encode("utf-8") for name, text in parts.items()}
