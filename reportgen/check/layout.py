"""check --layout: any .docx against the page layout of GB/T 9704-2012.

Paper A4 (§5.1), 天头 37 mm and 订口 28 mm ± 1 mm with a 156 × 225 mm 版心 (§5.2.1), 22
lines of 28 characters (§5.2.3), the title in 2号小标宋 (§7.3.1), body text in 3号仿宋
(§5.2.2) with each paragraph indented two characters (§7.3.3), headings 一、 in 黑体 and
（一） in 楷体, 1. and （1） in 仿宋 (§7.3.3), and page numbers "— 1 —" in 4号宋体 on the
outer side (§7.5). A font counts by its family: 仿宋 is 仿宋_GB2312, 仿宋, 方正仿宋_GBK, FangSong
and the other names offices install it under. Each finding names the measure found and
the one expected; a font or size found in many paragraphs is one finding that counts them.

What each paragraph is comes from its text and place, not its style names, so any
document can be read: the 版头 (red lines, 发文字号) is passed over, the title is the first
centred paragraph after it, headings are known by their numbers, centred lines under
the title (a speech's byline), right-aligned lines (signature, date) and short lines
ending in ：(主送机关, 同志们：) are not indented paragraphs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportgen.check.docx_runs import paragraph_text, run_text, text_runs, w
from reportgen.check.finding import Finding
from reportgen.check.headings import headings_in
from reportgen.check.levels import ERROR, INFO, WARNING
from reportgen.check.readers import Line, open_docx

_HAN = re.compile(r"[\u3400-\u9fff]")
MM_PER_TWIP = 25.4 / 1440

FAMILIES = {  # the family the standard names → every name it is installed under
    "仿宋": ("仿宋_GB2312", "仿宋", "仿宋体", "仿宋_GBK", "方正仿宋_GBK", "方正仿宋简体", "方正仿宋_GB2312",
           "FangSong", "FangSong_GB2312", "华文仿宋", "STFangsong"),
    "楷体": ("楷体_GB2312", "楷体", "楷体_GBK", "方正楷体_GBK", "方正楷体简体", "方正楷体_GB2312",
           "KaiTi", "KaiTi_GB2312", "华文楷体", "STKaiti"),
    "黑体": ("黑体", "SimHei", "方正黑体_GBK", "方正黑体简体", "方正黑体_GB2312", "华文黑体", "STHeiti"),
    "小标宋": ("方正小标宋简体", "方正小标宋_GBK", "方正小标宋_GB2312", "方正小标宋", "小标宋", "小标宋体",
            "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
    "宋体": ("宋体", "SimSun", "新宋体", "NSimSun", "方正书宋_GBK", "方正书宋简体", "华文宋体", "STSong"),
}
_FAMILY_OF = {name.lower().replace(" ", ""): family for family, names in FAMILIES.items() for name in names}
SIZES = {42: "初号", 36: "小初", 26: "1号", 24: "小一", 22: "2号", 18: "小二", 16: "3号", 15: "小三",
         14: "4号", 12: "小四", 10.5: "5号", 9: "小五"}
ROLE_FONTS = {  # role → (family, size in points, what the standard calls it, clause)
    "title": ("小标宋", 22, "标题", "7.3.1"),
    "heading1": ("黑体", 16, "一级标题（一、）", "7.3.3"),
    "heading2": ("楷体", 16, "二级标题（（一））", "7.3.3"),
    "heading3": ("仿宋", 16, "三级标题（1.）", "7.3.3"),
    "heading4": ("仿宋", 16, "四级标题（（1））", "7.3.3"),
    "body": ("仿宋", 16, "正文", "5.2.2"),
    "colophon": ("仿宋", 14, "版记（抄送、印发）", "7.4.1"),
}


def family(font: str | None) -> str | None:
    return _FAMILY_OF.get(font.lower().replace(" ", "")) if font else None


def size_name(points: float) -> str:
    name = SIZES.get(points)
    return f"{name}（{points:g}磅）" if name else f"{points:g}磅"


def check(path: Path, name: str) -> list[Finding]:
    from reportgen.errors import Problem, ReportgenError

    document = open_docx(path, name)
    try:
        return [f.located(name) for f in Layout(document).findings()]
    except (ValueError, KeyError, AttributeError, IndexError, TypeError) as exc:
        message = f"无法读取这份 Word 文档的版式设置（{type(exc).__name__}）：文件可能由不规范的软件生成"
        raise ReportgenError([Problem(message, file=name)]) from None


# --- resolving formatting through styles ---------------------------------------------------


class Styles:
    """Run and paragraph properties as Word resolves them: direct, then styles, then defaults."""

    def __init__(self, document: Any) -> None:
        root = document.styles.element
        self.by_id = {s.get(w("styleId")): s for s in root.iter(w("style"))}
        self.default_paragraph = next(
            (s.get(w("styleId")) for s in root.iter(w("style"))
             if s.get(w("type")) == "paragraph" and s.get(w("default")) in ("1", "true", "on")), None)
        defaults = root.find(w("docDefaults"))
        self.rpr_default = defaults.find(f"{w('rPrDefault')}/{w('rPr')}") if defaults is not None else None
        self.ppr_default = defaults.find(f"{w('pPrDefault')}/{w('pPr')}") if defaults is not None else None
        self.theme = _theme_fonts(document)

    def chain(self, style_id: str | None) -> list[Any]:
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return out

    def _paragraph_style(self, p: Any) -> str | None:
        ppr = p.find(w("pPr"))
        ps = ppr.find(w("pStyle")) if ppr is not None else None
        return ps.get(w("val")) if ps is not None else self.default_paragraph

    def run_levels(self, p: Any, r: Any) -> list[Any]:
        """The rPr elements that apply to run r, nearest first."""
        levels = [r.find(w("rPr"))]
        rpr = levels[0]
        rstyle = rpr.find(w("rStyle")) if rpr is not None else None
        if rstyle is not None:
            levels += [s.find(w("rPr")) for s in self.chain(rstyle.get(w("val")))]
        levels += [s.find(w("rPr")) for s in self.chain(self._paragraph_style(p))]
        levels.append(self.rpr_default)
        return [level for level in levels if level is not None]

    def paragraph_levels(self, p: Any) -> list[Any]:
        levels = [p.find(w("pPr"))] + [s.find(w("pPr")) for s in self.chain(self._paragraph_style(p))]
        levels.append(self.ppr_default)
        return [level for level in levels if level is not None]

    def font(self, p: Any, r: Any) -> str | None:
        for rpr in self.run_levels(p, r):
            fonts = rpr.find(w("rFonts"))
            if fonts is None:
                continue
            if fonts.get(w("eastAsia")):
                return str(fonts.get(w("eastAsia")))
            theme = fonts.get(w("eastAsiaTheme"))
            if theme:
                return self.theme.get("major" if theme.startswith("major") else "minor")
        return None

    def size(self, p: Any, r: Any | None) -> float | None:
        levels = self.run_levels(p, r) if r is not None else self.paragraph_run_levels(p)
        for rpr in levels:
            sz = rpr.find(w("sz"))
            if sz is not None and str(sz.get(w("val"), "")).isdigit():
                return int(sz.get(w("val"))) / 2
        return None

    def paragraph_run_levels(self, p: Any) -> list[Any]:
        levels = [s.find(w("rPr")) for s in self.chain(self._paragraph_style(p))] + [self.rpr_default]
        return [level for level in levels if level is not None]

    def align(self, p: Any) -> str:
        for ppr in self.paragraph_levels(p):
            jc = ppr.find(w("jc"))
            if jc is not None:
                return str(jc.get(w("val"), "left"))
        return "left"

    def first_line(self, p: Any) -> tuple[float | None, int]:
        """(first-line indent in characters, or None; in twips) of paragraph p."""
        for ppr in self.paragraph_levels(p):
            ind = ppr.find(w("ind"))
            if ind is None:
                continue
            attrs = {k: ind.get(w(k)) for k in ("firstLineChars", "firstLine", "hangingChars", "hanging")}
            if not any(attrs.values()):
                continue
            if attrs["hangingChars"] and attrs["hangingChars"] != "0":
                return -_number(attrs["hangingChars"]) / 100, 0
            if attrs["hanging"] and attrs["hanging"] != "0":
                return None, -int(_number(attrs["hanging"]))
            if attrs["firstLineChars"] and attrs["firstLineChars"] != "0":
                return _number(attrs["firstLineChars"]) / 100, 0
            return None, int(_number(attrs["firstLine"] or "0"))
        return None, 0


def _number(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def _theme_fonts(document: Any) -> dict[str, str]:
    """The east-Asian fonts of the document's theme (minor for body text, major for headings)."""
    from lxml import etree  # type: ignore[import-untyped]

    out: dict[str, str] = {}
    for rel in document.part.rels.values():
        if not rel.reltype.endswith("/theme") or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob)
        except etree.XMLSyntaxError:
            return out
        a = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
        for which in ("major", "minor"):
            font = root.find(f".//{a}{which}Font")
            if font is None:
                continue
            ea = font.find(f"{a}ea")
            face = ea.get("typeface") if ea is not None else ""
            if not face:
                hans = next((f for f in font.findall(f"{a}font") if f.get("script") == "Hans"), None)
                face = hans.get("typeface") if hans is not None else ""
            if face:
                out[which] = face
    return out


# --- what each paragraph is ------------------------------------------------------------------

_DOC_NUMBER = re.compile(r"〔\d{4}〕\s*\d+\s*号|[\[（(【［]\d{4}[\]）)】］]\s*第?\s*\d+\s*号")
_RED = re.compile(r"^(?:FF0000|C00000|E60000|FF0000|DC143C|CC0000|E00000|D00000)$", re.IGNORECASE)


@dataclass
class Paragraph:
    no: int  # 1-based, as the rules number paragraphs
    element: Any
    text: str  # without Word's own numbering label
    label: str
    role: str = "body"  # title, heading1-4, body, byline, closing, salutation, banner, attachment, colophon
    heading_end: int = 0  # where a heading run into its paragraph ends (after its 。)


@dataclass
class Group:
    """One kind of departure seen in several paragraphs, reported once."""

    code: str
    level: str
    message: str  # with {where}: the paragraphs it was seen in
    places: list[Paragraph] = field(default_factory=list)


class Layout:
    def __init__(self, document: Any) -> None:
        from reportgen.check.numbering import WordNumbering

        self.document = document
        self.styles = Styles(document)
        numbering = WordNumbering(document)
        self.paragraphs = [
            Paragraph(i, p._p, paragraph_text(p._p), numbering.label(p))
            for i, p in enumerate(document.paragraphs, 1)]
        self._classify()

    # -- roles --
    def _classify(self) -> None:
        filled = [p for p in self.paragraphs if p.text.strip() or p.label]
        title_at = self._title(filled)
        for i, p in enumerate(filled):
            if i < title_at:
                p.role = "banner"
                continue
            if i == title_at:
                p.role = "title"
                continue
            align = self.styles.align(p.element)
            line = Line(p.no, p.label + p.text)
            indent = len(line.text) - len(line.text.lstrip(" \t　"))
            marks = [m for m in headings_in(line) if m.column == 1 + indent]
            if marks:
                p.role = f"heading{marks[0].level}"
                stop = p.text.find("。")
                p.heading_end = stop + 1 if stop >= 0 else len(p.text)
            elif align == "center" and filled[i - 1].role in ("title", "byline"):
                p.role = "title" if self._looks_like_title(p) else "byline"
            elif re.match(r"^[ \t　]*抄送[:：]", p.text) or re.search(r"\d+日印发[ \t　]*$", p.text):
                p.role = "colophon"
            elif align in ("right", "end"):
                p.role = "closing"
            elif p.text.strip().endswith(("：", ":")) and len(p.text.strip()) <= 30:
                p.role = "salutation"
            elif re.match(r"^[ \t　]*附件[ \t　]*[:：]", p.text) or (
                    filled[i - 1].role == "attachment" and re.match(r"^[ \t　]*\d+[.．、]", p.text)):
                p.role = "attachment"

    def _title(self, filled: list[Paragraph]) -> int:
        """Index of the title among the non-empty paragraphs: past the 版头, if any."""
        start = 0
        for i, p in enumerate(filled[:8]):
            if _DOC_NUMBER.search(p.text) or self._red(p):
                start = i + 1
        for i in range(start, min(len(filled), start + 4)):
            if self.styles.align(filled[i].element) == "center":
                return i
        return start if start < len(filled) else 0

    def _looks_like_title(self, p: Paragraph) -> bool:
        """A title's second line: the same size as a title, larger than body text."""
        runs = text_runs(p.element)
        size = self.styles.size(p.element, runs[0] if runs else None)
        return size is not None and size > 18

    def _red(self, p: Paragraph) -> bool:
        for r in text_runs(p.element):
            for rpr in self.styles.run_levels(p.element, r):
                color = rpr.find(w("color"))
                if color is not None:
                    if _RED.match(str(color.get(w("val"), ""))):
                        return True
                    break
        return False

    # -- findings --
    def findings(self) -> Iterator[Finding]:
        yield from self._page()
        groups: dict[tuple[str, str], Group] = {}
        for p in self.paragraphs:
            for key, group in self._fonts(p):
                groups.setdefault(key, group).places.append(p)
            indent = self._indent(p)
            if indent is not None:
                groups.setdefault(("indent", indent.message), indent).places.append(p)
        for group in groups.values():
            first = group.places[0]
            numbers = "、".join(str(p.no) for p in group.places[:5]) + ("…" if len(group.places) > 5 else "")
            where = f"第{numbers}段" + (f"，共{len(group.places)}段" if len(group.places) > 1 else "")
            excerpt = (first.text.strip() or first.label)[:20]
            column = 1 + len(first.label) + first.text.find(excerpt) if excerpt in first.text else 1
            yield Finding(first.no, column, group.code, group.message.format(where=where), excerpt,
                          level=group.level)
        yield from self._page_numbers()

    def _page(self) -> Iterator[Finding]:
        code = "layout-page"
        for n, section in enumerate(self.document.sections, 1):
            which = f"第{n}节" if len(self.document.sections) > 1 else ""
            sect = section._sectPr
            size, margins = sect.find(w("pgSz")), sect.find(w("pgMar"))
            if size is None or margins is None:
                message = f"{which}没有纸张或页边距设置：应为 A4 纸，上白边37毫米、左白边28毫米"
                yield self._at_start(code, ERROR, message, "5.2.1")
                continue
            width, height = (_number(size.get(w(k))) * MM_PER_TWIP for k in ("w", "h"))
            m = {k: _number(margins.get(w(k))) * MM_PER_TWIP
                 for k in ("top", "bottom", "left", "right", "gutter")}
            if abs(width - 210) > 1 or abs(height - 297) > 1:
                message = f"{which}纸张为 {width:.1f}×{height:.1f} 毫米，应为 A4 纵向 210×297 毫米"
                yield self._at_start(code, ERROR, message, "5.1")
            if abs(m["top"] - 37) > 1:
                message = f"{which}上白边（天头）为 {m['top']:.1f} 毫米，应为 37±1 毫米"
                yield self._at_start(code, ERROR, message, "5.2.1")
            if abs(m["left"] + m["gutter"] - 28) > 1:
                message = f"{which}左白边（订口）为 {m['left'] + m['gutter']:.1f} 毫米，应为 28±1 毫米"
                yield self._at_start(code, ERROR, message, "5.2.1")
            text_w = width - m["left"] - m["right"] - m["gutter"]
            text_h = height - m["top"] - m["bottom"]
            if abs(text_w - 156) > 1 or abs(text_h - 225) > 1:
                message = f"{which}版心为 {text_w:.1f}×{text_h:.1f} 毫米，应为 156×225 毫米"
                yield self._at_start(code, ERROR, message, "5.2.1")
            yield from self._grid(sect, text_w, text_h, which)

    def _grid(self, sect: Any, text_w: float, text_h: float, which: str) -> Iterator[Finding]:
        code = "layout-grid"
        grid = sect.find(w("docGrid"))
        kind = grid.get(w("type")) if grid is not None else None
        body_size = self._grid_size()
        mm_per_pt = 25.4 / 72
        if kind in ("lines", "linesAndChars", "snapToChars") and grid.get(w("linePitch")):
            pitch_pt = _number(grid.get(w("linePitch"))) / 20
            lines = math.floor(text_h / mm_per_pt / pitch_pt + 1e-6)
            if lines != 22:
                message = f"{which}每页 {lines} 行（行距 {pitch_pt:g} 磅），一般应为每页22行"
                yield self._at_start(code, INFO, message, "5.2.3")
        else:
            message = f"{which}没有设置文档网格，每页行数不定：一般应为每页22行、每行28字"
            yield self._at_start(code, INFO, message, "5.2.3")
            return
        char_pitch = body_size
        if kind in ("linesAndChars", "snapToChars"):
            char_pitch = body_size + _number(grid.get(w("charSpace"))) / 4096
        chars = math.floor(text_w / mm_per_pt / char_pitch + 1e-6) if char_pitch > 0 else 0
        if chars != 28:
            message = f"{which}每行 {chars} 字（每字 {char_pitch:.2f} 磅），一般应为每行28字"
            yield self._at_start(code, INFO, message, "5.2.3")

    def _grid_size(self) -> float:
        """The font size the grid's characters are measured in: Word takes the Normal style's."""
        levels = [s.find(w("rPr")) for s in self.styles.chain(self.styles.default_paragraph)]
        for rpr in [*levels, self.styles.rpr_default]:
            sz = rpr.find(w("sz")) if rpr is not None else None
            if sz is not None and str(sz.get(w("val"), "")).isdigit():
                return int(sz.get(w("val"))) / 2
        return 10.5  # Word's own default, 5号

    def _fonts(self, p: Paragraph) -> Iterator[tuple[tuple[str, str], Group]]:
        if p.role not in ROLE_FONTS and p.role not in ("closing", "salutation", "attachment"):
            return  # the 版头, a byline: the standard leaves them to the issuer
        pos = 0
        seen: set[tuple[str, str]] = set()
        for r in text_runs(p.element):
            text = run_text(r)
            start, pos = pos, pos + len(text)
            if not _HAN.search(text):
                continue
            role = p.role if p.role in ROLE_FONTS else "body"
            if role.startswith("heading") and start >= p.heading_end:
                role = "body"  # the text after a heading run into its paragraph
            want_family, want_size, what, clause = ROLE_FONTS[role]
            font = self.styles.font(p.element, r)
            size = self.styles.size(p.element, r)
            messages = []
            if family(font) != want_family:
                names = "、".join(FAMILIES[want_family][:3])
                found = f"“{font}”" if font else "未指定（Word 会用默认的宋体或等线）"
                messages.append(f"{what}字体为{found}，应为{want_family}（{names}等）")
            if size is not None and abs(size - want_size) > 0.01:
                messages.append(f"{what}字号为{size_name(size)}，应为{size_name(want_size)}")
            for message in messages:
                key = ("font", message + f"（{{where}}；GB/T 9704 {clause}）")
                if key not in seen:
                    seen.add(key)
                    yield key, Group("layout-font", ERROR, key[1])

    def _indent(self, p: Paragraph) -> Group | None:
        if p.role not in ("body", "heading1", "heading2", "heading3", "heading4") or not p.text.strip():
            return None
        chars, twips = self.styles.first_line(p.element)
        if chars is None:
            runs = text_runs(p.element)
            size = self.styles.size(p.element, runs[0] if runs else None) or 16
            grid_pitch = self._char_pitch() or size
            # a 字 is the font size, or the grid's character pitch where the grid sets one
            chars = min((twips / 20 / size, twips / 20 / grid_pitch), key=lambda c: abs(c - 2))
        spaces = len(p.text) - len(p.text.lstrip("　"))
        if spaces and abs(chars) < 0.25:
            chars = spaces  # indented by typing two full-width spaces
        if 1.75 <= chars <= 2.25:
            return None
        found = f"{chars:.1f}".rstrip("0").rstrip(".")
        message = f"首行缩进为{found}字，应为2字：每个自然段左空二字（{{where}}；GB/T 9704 7.3.3）"
        return Group("layout-indent", WARNING, message)

    def _char_pitch(self) -> float | None:
        if not self.document.sections:
            return None
        sect = self.document.sections[-1]._sectPr
        grid = sect.find(w("docGrid"))
        if grid is None or grid.get(w("type")) not in ("linesAndChars", "snapToChars"):
            return None
        return self._grid_size() + _number(grid.get(w("charSpace"))) / 4096

    def _page_numbers(self) -> Iterator[Finding]:
        code = "layout-page-number"
        if not self.document.sections:
            return
        odd_even = bool(self.document.settings.odd_and_even_pages_header_footer)
        kinds = [("单页", "footer")] + ([("双页", "even_page_footer")] if odd_even else [])
        numbered = []
        for side, kind in kinds:
            # the last section's footer, or the one it inherits; reading one not there would add it
            footer = next((f for f in (getattr(s, kind) for s in reversed(self.document.sections))
                           if f._has_definition), None)
            if footer is None:
                continue
            p = next((q for q in footer.paragraphs if _has_page_field(q._p)), None)
            if p is not None:
                numbered.append((side, p))
        if not numbered:
            message = "没有页码：公文应在版心下边缘之下标注页码"
            yield self._at_start(code, WARNING, message, "7.5")
            return
        for side, p in numbered:
            text = "".join(run_text(r) for r in p._p.iter(w("r")) if r.find(w("instrText")) is None)
            if not re.search(r"[—－―]\s*\S*\s*[—－―]", text):  # the number itself is Word's to fill
                message = f"{side}页码写作“{text.strip()}”，应在数字左右各放一条一字线：— 1 —"
                yield self._at_start(code, INFO, message, "7.5")
            runs = [r for r in p._p.iter(w("r")) if run_text(r).strip()]
            size = self.styles.size(p._p, runs[0] if runs else None)
            if size is not None and abs(size - 14) > 0.01:
                message = f"{side}页码字号为{size_name(size)}，应为{size_name(14)}"
                yield self._at_start(code, INFO, message, "7.5")
            align = self.styles.align(p._p)
            shown = _ALIGN.get(align, align)
            outer = ("right", "end") if side == "单页" else ("left", "start")
            if not odd_even:
                message = f"页码{shown}，且单双页不分：应单页码居右空一字、双页码居左空一字"
                yield self._at_start(code, INFO, message, "7.5")
            elif align not in outer:
                message = f"{side}页码{shown}，应{'居右' if side == '单页' else '居左'}空一字"
                yield self._at_start(code, INFO, message, "7.5")

    def _at_start(self, code: str, level: str, message: str, clause: str = "") -> Finding:
        """A finding about the whole document, placed at its first paragraph with text."""
        message += f"（GB/T 9704 {clause}）" if clause else ""
        first = next((p for p in self.paragraphs if p.text.strip()), None)
        no, excerpt = (first.no, first.text.strip()[:20]) if first else (1, "")
        column = 1 + (len(first.label) + first.text.find(excerpt) if first and excerpt else 0)
        return Finding(no, column, code, message, excerpt, level=level)


_ALIGN = {"center": "居中", "left": "居左", "start": "居左", "right": "居右", "end": "居右",
          "both": "两端对齐"}


def _has_page_field(p: Any) -> bool:
    for instr in p.iter(w("instrText")):
        if re.match(r"\s*PAGE\b", instr.text or ""):
            return True
    return any(re.match(r"\s*PAGE\b", f.get(w("instr"), "")) for f in p.iter(w("fldSimple")))
