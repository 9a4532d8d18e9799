"""The 公文 page layout of GB/T 9704-2012 (党政机关公文格式), as named measures.

Each measure is stated in the unit the standard uses (mm, 号, characters) with the clause it
comes from; the Word units the .docx writer needs (twips, half-points) are derived below,
never typed in. Where the standard leaves a choice open, the comment says whose practice we follow.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

# --- Page (§5.1, §5.2.1) -------------------------------------------------------------------
PAGE_WIDTH_MM = 210  # §5.1: A4 of GB/T 148, 210 mm × 297 mm
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37  # §5.2.1: 天头（上白边）37 mm ± 1 mm
MARGIN_LEFT_MM = 28  # §5.2.1: 订口（左白边）28 mm ± 1 mm
TEXT_WIDTH_MM = 156  # §5.2.1: 版心 156 mm × 225 mm
TEXT_HEIGHT_MM = 225
MARGIN_RIGHT_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - TEXT_WIDTH_MM  # 26 mm
MARGIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - TEXT_HEIGHT_MM  # 35 mm

# --- Character grid (§5.2.3) -----------------------------------------------------------------
LINES_PER_PAGE = 22  # §5.2.3: 一般每面排22行，每行排28个字，并撑满版心
CHARS_PER_LINE = 28

# --- Type sizes: the 号 system in points ---------------------------------------------------
SIZE_2HAO_PT = 22.0  # 2号
SIZE_3HAO_PT = 16.0  # 3号
SIZE_4HAO_PT = 14.0  # 4号

# --- Fonts ---------------------------------------------------------------------------------
FONT_TITLE = "方正小标宋简体"  # §7.3.1: 标题一般用2号小标宋体字; the 方正 cut offices install
FONT_BODY = "仿宋_GB2312"  # §5.2.2: 公文格式各要素一般用3号仿宋体字
FONT_HEADING_1 = "黑体"  # §7.3.3: 第一层用黑体字
FONT_HEADING_2 = "楷体_GB2312"  # §7.3.3: 第二层用楷体字
FONT_HEADING_3 = FONT_BODY  # §7.3.3: 第三层和第四层用仿宋体字标注
FONT_HEADING_4 = FONT_BODY
FONT_BYLINE = FONT_HEADING_2  # common practice: a speech's speaker and date under the title in 楷体
FONT_PAGE_NUMBER = "宋体"  # §7.5: 一般用4号半角宋体阿拉伯数字
FONT_LATIN = "Times New Roman"  # common practice: Latin letters and Arabic digits in body text
# Fonts Word and WPS may fall back to where the one named is not installed (w:altName); the
# _GB2312 cuts and 方正小标宋 are installed by offices, 仿宋/楷体/宋体 ship with Windows.
FONT_FALLBACKS = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "方正小标宋简体": "宋体"}

TITLE_SIZE_PT = SIZE_2HAO_PT  # §7.3.1
BODY_SIZE_PT = SIZE_3HAO_PT  # §5.2.2
PAGE_NUMBER_SIZE_PT = SIZE_4HAO_PT  # §7.5

# --- Paragraphs ----------------------------------------------------------------------------
FIRST_LINE_INDENT_CHARS = 2  # §7.3.3: 正文……每个自然段左空二字，回行顶格
# Line-end punctuation stays inside the 版心 (w:overflowPunct off: Word's 允许标点溢出边界 unticked):
# §5.2.1 fixes the 版心 at 156 mm and §5.2.3 has 28 字 撑满版心, so a comma hanging past the right
# edge would print outside it. A line that would begin with a closing mark takes the character
# before it along (推出) and is justified to the full width: 27 字 spaced out, never 29.
HANG_PUNCTUATION = False
TITLE_BLANK_LINES = 1  # §7.3.2: 标题下空一行 (before 主送机关 or the text)
SIGNATURE_BLANK_LINES = 1  # §7.3.5.2: 在正文下空一行……编排发文机关署名
SIGNATURE_RIGHT_CHARS = 2  # §7.3.5.2: 发文机关署名右空二字
DATE_SHIFT_CHARS = 2  # §7.3.5.2: 成文日期首字比发文机关署名首字右移二字
DATE_RIGHT_CHARS = 2  # §7.3.5.2: 如成文日期长于发文机关署名，应当使成文日期右空二字编排

# --- 版头 (§7.2) -------------------------------------------------------------------------------
# 份号 (§7.2.1) 顶格编排在版心左上角第一行, 密级和保密期限 (§7.2.2) 顶格编排在版心左上角第二行,
# 紧急程度 (§7.2.3) 顶格编排在版心左上角, 份号、密级和保密期限、紧急程度 自上而下分行排列.
COPY_NUMBER_LINE = 1
SECRECY_LINE = 2


def marking_lines(copy_number: str, secrecy: str, urgency: str) -> dict[int, str]:
    """The 版头's markings by line (1-based): 份号 first line, 密级 second, 紧急程度 under the last."""
    slots: dict[int, str] = {}
    if copy_number:
        slots[COPY_NUMBER_LINE] = copy_number
    if secrecy:
        slots[SECRECY_LINE] = secrecy
    if urgency:
        slots[max(slots, default=0) + 1] = urgency
    return slots


FONT_MARKINGS = FONT_HEADING_1  # §7.2.2, §7.2.3: 一般用3号黑体字 (份号: 3号阿拉伯数字)
MARK_TOP_MM = 35  # §7.2.4: 发文机关标志……上边缘至版心上边缘为35 mm
FONT_MARK = FONT_TITLE  # §7.2.4: 推荐使用小标宋体字
RED = "FF0000"  # §7.2.4 颜色为红色, §7.2.7 红色分隔线: pure red, the 套红 of printed 公文
# §7.2.4 leaves the size to 醒目、美观、庄重: one line across the 版心 at most, and no larger
# than 初号 (42 pt), the size offices commonly give a short mark.
MARK_MAX_PT = 42.0
NUMBER_BLANK_LINES = 2  # §7.2.5, §7.2.6: 编排在发文机关标志下空二行位置
NUMBER_SIDE_CHARS = 1  # §7.2.5: 上行文的发文字号居左空一字; §7.2.6: 签发人……居右空一字
SIGNER_LABEL = "签发人："  # §7.2.6: “签发人”三字加全角冒号, in 3号仿宋
FONT_SIGNER = FONT_HEADING_2  # §7.2.6: 签发人姓名用3号楷体字
SIGNERS_PER_LINE = 2  # §7.2.6: 一般每行排两个姓名，回行时与上一行第一个签发人姓名对齐
SIGNER_GAP_CHARS = 1  # common practice: one 字 between two names on a line
RED_LINE_GAP_MM = 4  # §7.2.7: 发文字号之下4 mm处居中印一条与版心等宽的红色分隔线
TITLE_AFTER_RED_LINE = 2  # §7.3.1: 标题……编排于红色分隔线下空二行位置
TITLE_AFTER_MARKINGS = 1  # no red head: the title one blank line under 份号/密级 (our choice)

# --- 主体 additions (§7.3.4, §7.3.5) --------------------------------------------------------
ATTACHMENT_INDENT_CHARS = 2  # §7.3.4: 在正文下空一行左空二字编排“附件”二字
ATTACHMENT_BLANK_LINES = 1  # §7.3.4: 在正文下空一行
STAMP_DATE_RIGHT_CHARS = 4  # §7.3.5.1: 成文日期一般右空四字编排; 发文机关署名以成文日期为准居中
# §7.3.5.1: 印章顶端应当上距正文（或附件说明）一行之内, 发文机关署名和成文日期居印章中心偏下位置.
# A 公章 of 40–45 mm covers four lines (10.2 mm each): two blank lines under the text put its
# top within the first and the 署名 and the date in its lower half, both under the seal.
STAMP_BLANK_LINES = 2
STAMP_SLACK_CHARS = 1  # room each side of a centred closing line (see stamped_indents)

# --- 版记 (§7.4) ----------------------------------------------------------------------------
IMPRINT_SIZE_PT = SIZE_4HAO_PT  # §7.4.2, §7.4.3: 一般用4号仿宋体字
IMPRINT_SIDE_CHARS = 1  # §7.4.2: 左右各空一字; §7.4.3: 印发机关左空一字，印发日期右空一字
IMPRINT_THICK_MM = 0.35  # §7.4.1: 首条分隔线和末条分隔线用粗线（推荐高度为0.35 mm）
IMPRINT_THIN_MM = 0.25  # §7.4.1: 中间的分隔线用细线（推荐高度为0.25 mm）
RED_LINE_MM = IMPRINT_THICK_MM  # §7.2.7 gives no width: drawn as 版记's thick line
# §6.2 (双面印刷) with §7.4.1 (末条分隔线与公文最后一面的版心下边缘重合): the 版记 closes the
# last face of the last sheet, an even page, its last line on the 版心 bottom; §7.5: 公文的版记页
# 前有空白页的，空白页和版记页均不编排页码.
# Where the text ends on an even page, the 版记 shares that page only if it fits with this
# many lines to spare: the page count is our estimate of a word processor's line breaking.
IMPRINT_SPARE_LINES = 3

# --- Page number (§7.5) --------------------------------------------------------------------
PAGE_NUMBER_DASH = "—"  # §7.5: 数字左右各放一条一字线
PAGE_NUMBER_GAP_MM = 7  # §7.5: 一字线上距版心下边缘7 mm
PAGE_NUMBER_SIDE_CHARS = 1  # §7.5: 单页码居右空一字，双页码居左空一字
HEADER_DISTANCE_MM = 15  # no header is printed; Word's usual 1.5 cm keeps the field sane

# --- Derived Word measures -----------------------------------------------------------------
TWIPS_PER_PT = 20
MM_PER_INCH = 25.4
PT_PER_INCH = 72


def twips(mm: float) -> int:
    """Millimetres in twentieths of a point, Word's unit for page measures."""
    return round(mm / MM_PER_INCH * PT_PER_INCH * TWIPS_PER_PT)


PAGE_WIDTH_TW = twips(PAGE_WIDTH_MM)  # 11906
PAGE_HEIGHT_TW = twips(PAGE_HEIGHT_MM)  # 16838
MARGIN_TOP_TW = twips(MARGIN_TOP_MM)
MARGIN_BOTTOM_TW = twips(MARGIN_BOTTOM_MM)
MARGIN_LEFT_TW = twips(MARGIN_LEFT_MM)
MARGIN_RIGHT_TW = twips(MARGIN_RIGHT_MM)
TEXT_WIDTH_TW = PAGE_WIDTH_TW - MARGIN_LEFT_TW - MARGIN_RIGHT_TW
TEXT_HEIGHT_TW = PAGE_HEIGHT_TW - MARGIN_TOP_TW - MARGIN_BOTTOM_TW

# w:docGrid: Word fits floor(text height / linePitch) lines and floor(text width / pitch)
# characters, pitch = Normal's size + charSpace/4096 pt. Round down so exactly 22 and 28 fit.
LINE_PITCH_TW = TEXT_HEIGHT_TW // LINES_PER_PAGE  # 579 (28.95 pt)
CHAR_SPACE = math.floor((TEXT_WIDTH_TW / TWIPS_PER_PT / CHARS_PER_LINE - BODY_SIZE_PT) * 4096)
CHAR_PITCH_PT = BODY_SIZE_PT + CHAR_SPACE / 4096  # 15.79 pt: one 字 of body text
# In whole twips, rounded down: LibreOffice snaps an indent to whole grid cells and takes one
# twip over two cells (632) for three, printing every paragraph 3 字 in (seen in 7.4).
CHAR_PITCH_TW = math.floor(CHAR_PITCH_PT * TWIPS_PER_PT)  # 315
# 28 字 of 3号 would take 448 pt and the 版心 is 442 pt wide, so the standard's own geometry makes
# each character 15.79 pt. Word and WPS get there from the grid's negative charSpace. LibreOffice
# instead gives any character wider than a grid cell two cells (14 字 a line, seen in 7.4), so
# the copy LibreOffice prints (--format pdf) sets type on the grid at the widest whole percentage
# that fits one cell (98%). The .docx a user opens has none: Word and WPS show it as 字符缩放 98%,
# and text a clerk pastes in would come at 100%.
GRID_SCALE_PERCENT = math.floor(CHAR_PITCH_PT / BODY_SIZE_PT * 100)

# The page number's line, exactly one 4号 high, sits so its middle (where the dash is) lies
# PAGE_NUMBER_GAP_MM below the text block; w:footer measures from the page edge to its bottom.
PAGE_NUMBER_LINE_TW = round(PAGE_NUMBER_SIZE_PT * TWIPS_PER_PT)
FOOTER_DISTANCE_TW = twips(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM) - PAGE_NUMBER_LINE_TW // 2
HEADER_DISTANCE_TW = twips(HEADER_DISTANCE_MM)
TITLE_LINE_CHARS = TEXT_WIDTH_TW // round(TITLE_SIZE_PT * TWIPS_PER_PT)  # 20 字 of 2号 a line
TEXT_WIDTH_PT = TEXT_WIDTH_TW / TWIPS_PER_PT
LINE_PITCH_PT = LINE_PITCH_TW / TWIPS_PER_PT

# Where type sits in a line of exact height: Word and LibreOffice both put the baseline at 80%
# of the line's height whatever the font (measured), and a CJK face's em box stands 0.88 em
# above its baseline and 0.12 em below. The 版头's millimetres (§7.2.4, §7.2.7) are placed
# from these.
EXACT_BASELINE = 0.8
EM_ABOVE = 0.88
EM_BELOW = 0.12
MARK_LINE = 1.2  # the mark's line height, in its own size: room above and below the em box


# --- The paragraph styles ------------------------------------------------------------------
@dataclass(frozen=True)
class Style:
    """One named paragraph style: what the standard says of an element, in Word's terms."""

    id: str  # the w:styleId paragraphs refer to
    name: str  # shown in Word's style list (built-in English names are localized by Word)
    font: str  # East Asian font
    size_pt: float
    align: str = "both"  # w:jc: both (justified), center, left, right
    first_line_chars: float = 0
    keep_next: bool = False
    outline_level: int | None = None  # 0-based: the navigation pane's heading levels
    on_grid: bool = True  # off for type larger than the grid's cells (title, page number)
    exact_line_tw: int | None = None  # exact line height where off the grid
    char_style: str = ""  # the linked character style, for a heading run into its paragraph
    latin: str = FONT_LATIN  # the font of Latin letters and digits
    color: str = "000000"  # §5.2.4: 文字的颜色均为黑色 (the 红头 excepted, §7.2.4)


NORMAL = Style("Normal", "Normal", FONT_BODY, BODY_SIZE_PT)
TITLE = Style("Title", "Title", FONT_TITLE, TITLE_SIZE_PT, align="center", keep_next=True,
              on_grid=False, exact_line_tw=LINE_PITCH_TW)
HEADINGS = tuple(
    Style(f"Heading{n}", f"heading {n}", font, BODY_SIZE_PT,
          first_line_chars=FIRST_LINE_INDENT_CHARS, keep_next=True, outline_level=n - 1,
          char_style=f"Heading{n}Char")
    for n, font in enumerate((FONT_HEADING_1, FONT_HEADING_2, FONT_HEADING_3, FONT_HEADING_4), 1)
)
BODY = Style("GwBody", "公文正文", FONT_BODY, BODY_SIZE_PT,
             first_line_chars=FIRST_LINE_INDENT_CHARS)
# The lines under the title and the closing block stand off the character grid, one grid line
# each: laid out at their natural width, so a right-aligned date lands where §7.3.5.2 says
# whatever a word processor does with half-width digits on the grid.
BYLINE = Style("GwByline", "公文讲话署名", FONT_BYLINE, BODY_SIZE_PT, align="center",
               keep_next=True, on_grid=False, exact_line_tw=LINE_PITCH_TW)
SALUTATION = Style("GwSalutation", "公文称呼", FONT_BODY, BODY_SIZE_PT, align="left")
SIGNATURE = Style("GwSignature", "公文落款", FONT_BODY, BODY_SIZE_PT, align="right", keep_next=True,
                  on_grid=False, exact_line_tw=LINE_PITCH_TW)
FOOTER = Style("Footer", "footer", FONT_PAGE_NUMBER, PAGE_NUMBER_SIZE_PT, align="left",
               on_grid=False, exact_line_tw=PAGE_NUMBER_LINE_TW, latin=FONT_PAGE_NUMBER)
# 附件说明 on the grid like the text; its hanging indent is each paragraph's own (§7.3.4).
ATTACHMENT = Style("GwAttachment", "公文附件说明", FONT_BODY, BODY_SIZE_PT)
# The 版头 and the 版记 stand off the grid, each line exactly one grid line high, so that their
# places on the page are fixed by their heights alone (§7.2.4 and §7.2.7 give millimetres).
MARKING = Style("GwMarking", "公文份号密级", FONT_MARKINGS, BODY_SIZE_PT, align="left", on_grid=False,
                exact_line_tw=LINE_PITCH_TW)
MARK = Style("GwMark", "公文发文机关标志", FONT_MARK, MARK_MAX_PT, align="center", on_grid=False,
             color=RED)
NUMBER = Style("GwNumber", "公文发文字号", FONT_BODY, BODY_SIZE_PT, align="center", on_grid=False,
               exact_line_tw=LINE_PITCH_TW, char_style="GwSignerChar")
IMPRINT = Style("GwImprint", "公文版记", FONT_BODY, IMPRINT_SIZE_PT, align="left", on_grid=False,
                exact_line_tw=LINE_PITCH_TW)
STYLES = (NORMAL, TITLE, *HEADINGS, BODY, BYLINE, SALUTATION, SIGNATURE, FOOTER, ATTACHMENT, MARKING,
          MARK, NUMBER, IMPRINT)
ROLE_STYLES = {"body": BODY, "byline": BYLINE, "salutation": SALUTATION, "signature": SIGNATURE,
               "attachment": ATTACHMENT}


# --- Text measures -------------------------------------------------------------------------
def width(text: str) -> float:
    """Width in 字: half-width characters (Arabic digits, Latin letters) count as half."""
    return sum(0.5 if unicodedata.east_asian_width(c) in "NaH" else 1.0 for c in text)


def signature_indents(units: list[str], date: str | None) -> tuple[float, float]:
    """Right indents, in 字, of the unit lines and the date under them (§7.3.5.2).

    The unit lines are 右空二字 and the date's first character stands two 字 right of the
    unit's; where that would leave the date closer than two 字 to the margin, the date is
    右空二字 and the unit lines move left to keep the two-字 shift.
    """
    if not units or date is None:
        return SIGNATURE_RIGHT_CHARS, SIGNATURE_RIGHT_CHARS
    unit_w = max(width(u) for u in units)
    date_w = width(date)
    unit_right = max(SIGNATURE_RIGHT_CHARS, DATE_RIGHT_CHARS + date_w + DATE_SHIFT_CHARS - unit_w)
    return unit_right, unit_right + unit_w - DATE_SHIFT_CHARS - date_w


def stamped_indents(units: list[str], date: str | None) -> list[tuple[float, float]]:
    """(left, right) indents, in 字, of the unit lines and the date of a sealed 公文 (§7.3.5.1):
    the date 右空四字, each unit line centred over it (以成文日期为准居中编排发文机关署名).

    Each line is centred between its indents, which leave it STAMP_SLACK_CHARS to spare on
    both sides: the centres meet whatever widths a word processor gives digits (LibreOffice
    sets a date wider than Word), and the line never wraps."""
    lines = [*units, date] if date is not None else units
    axis = CHARS_PER_LINE - STAMP_DATE_RIGHT_CHARS - width(date if date is not None else units[-1]) / 2
    out = []
    for line in lines:
        half = width(line) / 2 + STAMP_SLACK_CHARS
        right = CHARS_PER_LINE - axis - half
        out.append((max(0.0, axis - half - max(0.0, -right)), max(0.0, right)))
    return out


def mark_size(mark: str) -> float:
    """The 发文机关标志's size in points: on one line across the 版心, no larger than MARK_MAX_PT,
    in half points."""
    fits = TEXT_WIDTH_PT / max(width(mark), 1)
    return min(MARK_MAX_PT, math.floor(fits * 2) / 2)


# §7.3.1: 标题……回行时，要做到词意完整，排列对称，长短适宜，间距恰当. A long title breaks once,
# where the two lines come out most even, at the edge of a value from the facts (the unit, the
# period) or before one of these words, never inside a word.
TITLE_BREAK_BEFORE = ("关于", "在", "意识形态", "工作", "情况", "的讲话", "的报告")
_NO_LINE_START = "，。、；：？！）》”’"


def title_lines(title: str, words: Iterable[tuple[int, int]] = ()) -> list[str]:
    """The title as printed: one line, or two split where they balance best (§7.3.1).

    `words` are (start, end) ranges the title must not be broken inside.
    """
    if width(title) <= TITLE_LINE_CHARS:
        return [title]
    words = list(words)
    candidates = {i for start, end in words for i in (start, end)}
    for word in TITLE_BREAK_BEFORE:
        candidates.update(m.start() for m in re.finditer(re.escape(word), title))
    best: tuple[tuple[float, float], int] | None = None
    for i in candidates:
        if not 0 < i < len(title) or any(s < i < e for s, e in words):
            continue
        head, tail = width(title[:i]), width(title[i:])
        if max(head, tail) > TITLE_LINE_CHARS or title[i] in _NO_LINE_START:
            continue
        key = (abs(head - tail), -head)  # most even; on a tie the longer line first
        if best is None or key < best[0]:
            best = (key, i)
    if best is None:  # no good break: leave it to the word processor
        return [title]
    return [title[: best[1]], title[best[1] :]]


# --- Punctuation (§9: 标点符号的用法应当符合 GB/T 15834) ------------------------------------------
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_CJK = "[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
# Half-width punctuation touching Chinese text; "5,000" and "10:30" between digits stay.
_HALF_PUNCT = re.compile(rf"(?<={_CJK})[,;:?!]|[,;:?!](?={_CJK})")
_BRACKETS = re.compile(r"\(([^()]*)\)")
_ANY_HALF = re.compile(r"[,;:?!(]")


def fullwidth_punctuation(text: str) -> str:
    """Half-width commas, colons, brackets and the like in Chinese text, made full-width.

    Brackets change in pairs, where Chinese is inside or beside them. One character for one,
    so spans into the text stay valid.
    """
    if not _ANY_HALF.search(text):  # most paragraphs: nothing to change
        return text

    def bracket(m: re.Match[str]) -> str:
        before = text[m.start() - 1 : m.start()]
        after = text[m.end() : m.end() + 1]
        if re.search(_CJK, before + m.group(1) + after):
            return f"（{m.group(1)}）"
        return m.group()

    return _HALF_PUNCT.sub(lambda m: _HALF_TO_FULL[m.group()], _BRACKETS.sub(bracket, text))
