"""Line rules: what a proofreader looks for within one line or paragraph.

Each rule is a row of a table (a pattern and a message), or a small function where a
pattern cannot say it alone. Every rule reads simplified and traditional text alike:
patterns written in simplified characters are widened by `hant.both()`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from reportgen.check.finding import Finding
from reportgen.check.hant import both
from reportgen.check.readers import Line

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CN_PUNCT = "，。、；：？！“‘《（【〔「『”’》）】〕」』…—·"
_CN_DIGITS = "零〇一二三四五六七八九十百千"
_MEASURES = "次个份篇人场期起名家项条件支所届天年月日万元％%等处户"

CODES = {  # every finding code, with the name the summary line gives it
    "placeholder": "占位符未替换",
    "double-punct": "标点重复",
    "double-char": "字词重复",
    "half-width-punct": "半角标点",
    "unbalanced": "括号引号不成对",
    "enumeration": "一是二是不连贯",
    "heading-number": "标题序号不连续",
    "web-debris": "网页残留",
    "mojibake": "乱码",
    "fact-missing": "事实未写入",
    "number-unknown": "数字无出处",
    "too-long": "字数超限",
    # the editor's eye: lexicon.yaml, elements.py, layout.py
    "formulation": "规范表述",
    "typo": "错别字",
    "confusable": "易混词语",
    "date-format": "日期写法",
    "doc-number": "发文字号",
    "heading-style": "标题序号写法",
    "attachment": "附件说明",
    "layout-page": "纸张和版心",
    "layout-grid": "行数和字数",
    "layout-font": "字体字号",
    "layout-indent": "首行缩进",
    "layout-page-number": "页码",
}

Context = Callable[[str, re.Match[str]], bool]


@dataclass(frozen=True)
class Pattern:
    code: str
    regex: re.Pattern[str]
    message: str  # may use {text}, the matched text
    keep: Context | None = None  # a test of the surroundings, where the regex cannot say it

    def findings(self, line: Line) -> Iterator[Finding]:
        for m in self.regex.finditer(line.text):
            if self.keep is None or self.keep(line.text, m):
                text = m.group(0)
                message = self.message.format(text=text)
                yield Finding(line.no, m.start() + 1, self.code, message, text)


def _around(text: str, m: re.Match[str]) -> tuple[str, str]:
    return text[max(0, m.start() - 1):m.start()], text[m.end():m.end() + 1]


_NEAR_X = re.compile(rf"[{HAN}{re.escape(CN_PUNCT)}.,、]")


def _near_chinese(text: str, m: re.Match[str]) -> bool:
    """An X reads as a placeholder beside Chinese text, not inside English (iPhone X)."""
    before, after = _around(text, m)
    if text[m.end():m.end() + 2] in ("光机", "射线", "线片") or after == "光":
        return False  # X光, X射线: real words
    return bool(_NEAR_X.match(before) or _NEAR_X.match(after))


def _not_between_digits(text: str, m: re.Match[str]) -> bool:
    before, after = _around(text, m)
    return not (before.isdigit() or after.isdigit())  # 3×4 is arithmetic


def _not_a_numeral(text: str, m: re.Match[str]) -> bool:
    before, after = _around(text, m)
    return not ((before and before in _CN_DIGITS) or (after and after in _CN_DIGITS))


_P = "placeholder"
_FILL = "“{text}”是未替换的占位符，请填写实际的数字或名称"
PLACEHOLDERS = (
    Pattern(_P, re.compile(r"(?<![\dA-Za-z])(?:19|20)\d?[xX×*＊]{1,2}(?![A-Za-z])"),
            "年份“{text}”是未替换的占位符，请填写实际年份"),
    Pattern(_P, re.compile(r"(?<![A-Za-z0-9_])[Xx]{1,4}(?![A-Za-z0-9_])"), _FILL, _near_chinese),
    Pattern(_P, re.compile(r"×{2,}"), _FILL),
    Pattern(_P, re.compile(r"(?<!×)×(?!×)"), _FILL, _not_between_digits),
    Pattern(_P, re.compile(r"＊+"), _FILL),
    Pattern(_P, re.compile(both(rf"(?<![*A-Za-z0-9_])\*{{1,3}}(?=[{_MEASURES}同])"
                                r"|(?<=[共计了第约近达为])\*{1,3}(?!\*)")), _FILL),
    Pattern(_P, re.compile(r"[○□△]{2,}"), _FILL, _not_a_numeral),
    Pattern(_P, re.compile(r"、(?=的)"), "“、”后面缺了内容：可能删去了名称而没有补上"),
    Pattern(_P, re.compile(r"【\s*】|（\s*）|\(\s*\)|〔\s*〕|《\s*》|“\s*”"),
            "“{text}”中没有内容：可能漏填了文字"),
    Pattern(_P, re.compile(r"【(?:待补充|待填写|请填写|此处填写|请补充|待完善)[^】\n]{0,30}】"),
            "“{text}”是待补写的位置，请写上实际内容"),
)

DOUBLE_CHAR = Pattern(
    "double-char", re.compile(both(r"(?<!目)的的(?!确)|(?<![为除不])了了(?![解结之然])|被被|们们")),
    "“{text}”重复，多半是笔误")


def double_punct(line: Line) -> Iterator[Finding]:
    """Two marks in a row: the same one twice, or two that cannot stand together (，。)."""
    for m in re.finditer(r"[，。、；：！？](?=[ \t　]*[，。、；：！？])", line.text):
        pair = line.text[m.start():].replace(" ", "").replace("\t", "").replace("　", "")[:2]
        if pair in ("？！", "！？"):
            continue
        same = pair[0] == pair[1]
        message = f"标点重复“{pair}”：请删去一个" if same else f"标点连用“{pair}”：请只保留一个"
        adjacent = line.text[m.start():m.start() + 2] == pair
        fix = pair[0] if same and adjacent else None  # which of ，。 to keep is the writer's call
        yield Finding(line.no, m.start() + 1, "double-punct", message, pair, fix=fix)


_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
_PAIR_FULL = {"(": "（）", '"': "“”", "'": "‘’"}
_HALF_MARK = re.compile(rf"(?<=[{HAN}”’》）】])[,;:?!](?=[ \t]?[{HAN}“‘《（【\d])")
_HALF_PAIR = re.compile(rf"\([^()\n]*[{HAN}][^()\n]*\)"
                        rf"|\"[^\"\n]*[{HAN}][^\"\n]*\"|'[^'\n]*[{HAN}][^'\n]*'")
_HALF_LONE = re.compile(rf"(?<=[{HAN}])[()\"'](?=[{HAN}])")


def half_width(line: Line) -> Iterator[Finding]:
    """, ; : ? ! between Chinese characters; ( ) and straight quotes around Chinese text."""
    code = "half-width-punct"
    for m in _HALF_MARK.finditer(line.text):
        mark = m.group(0)
        message = f"中文之间用了半角标点“{mark}”：应为全角“{_FULL[mark]}”"
        yield Finding(line.no, m.start() + 1, code, message, mark, fix=_FULL[mark])
    paired: set[int] = set()
    for m in _HALF_PAIR.finditer(line.text):
        paired |= {m.start(), m.end() - 1}
        what = "括号，应为全角（）" if m.group(0)[0] == "(" else "引号，应为全角“”或‘’"
        pair = m.group(0)
        fix = _PAIR_FULL[pair[0]][0] + pair[1:-1] + _PAIR_FULL[pair[0]][1]
        yield Finding(line.no, m.start() + 1, code, f"中文中用了半角{what}：{pair}", pair, fix=fix)
    for m in _HALF_LONE.finditer(line.text):
        if m.start() not in paired:
            mark = m.group(0)
            message = f"中文之间用了半角符号“{mark}”：应为全角"
            yield Finding(line.no, m.start() + 1, code, message, mark)


_DEBRIS = both(
    r"##\s*[A-Za-z]+\s*##"
    r"|仅供(?:参考|学习|交流|借鉴)|禁止外传|请勿外传|转载请注明|来源于网络"
    r"|版权(?:所有|归|声明)|侵权(?:请联系)?删除"
    r"|会员(?:群|资料|材料|专享|权益|免费|下载|登录|注册|开通)|免费QQ群|现在订阅|订阅立享|立享前"
    r"|(?:现在|当前|您的|你的)位置\s*[:：]?.{0,40}"  # a site's breadcrumb, with the site's name
    r"|小编|为大家(?:精心准备|整理|收集|分享)|希望(?:对大家有所|能够?)帮助(?:到)?大家"
    r"|[\u4e00-\u9fff]{1,6}(?:文档|范文|文库|资料|公文|作文)网"
    r"|(?<![示规模典防])范文(?=$|\s|大全|精选|汇编|推荐|\d|[一二三四五六七八九十]+篇)"
    r"|【篇[一二三四五六七八九十]+】"
    r"|(?:发布)?时间\s*[:：]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|浏览次数|阅读量\s*[:：]|责任编辑\s*[:：]"
    r"|(?<=[\u4e00-\u9fff])\.{3,}\s*$"  # a teaser cut off with ...
)
_COLLECTION = both(r"^\s*\S{0,40}(?:报告|总结|讲话|发言|稿|材料|范文|心得)"
                   r"[一二三四五六七八九十\d]+篇\s*$")
DEBRIS = (
    Pattern("web-debris", re.compile(_DEBRIS), "网页残留“{text}”：请删去"),
    Pattern("web-debris", re.compile(_COLLECTION), "网页合集的标题“{text}”：请删去"),
)

_GARBLED = "乱码“{text}”：文字在转换编码时损坏，请对照原文改正"
# What UTF-8 continuation bytes (0x80-0xBF) look like when read as Windows-1252.
_CP1252_TAIL = re.escape("".join(bytes([b]).decode("cp1252", "ignore") or chr(b)
                                 for b in range(0x80, 0xC0)))
# Bopomofo and the GBK symbols that garbled Chinese turns into (∫ ∮ ∵ ⊙ …); ≤ ≥ ≈ stay legal.
_GBK_SYMBOLS = (r"\u3100-\u312f"
                r"\u222b\u222e\u223d\u221d\u2237\u2234\u2235\u2299\u2312\u2220\u22a5\u2225")
MOJIBAKE = (
    Pattern("mojibake", re.compile(r"\ufffd+"), _GARBLED),
    Pattern("mojibake", re.compile(rf"[{_GBK_SYMBOLS}]+"), _GARBLED),
    Pattern("mojibake",
            re.compile(rf"(?:[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff][{_CP1252_TAIL}]+)+"),
            "乱码“{text}”：UTF-8 文字被当成了西文编码，请对照原文改正"),
    Pattern("mojibake", re.compile(r"[锛銆鈥][^\s，。]"),
            "乱码“{text}”：UTF-8 文字被当成了 GBK，请对照原文改正"),
    Pattern("mojibake", re.compile(rf"(?<=[{HAN}])\?[!,.;:][A-Za-z]?|^\?(?=[\d{HAN}])"
                                   rf"|(?<=[{HAN}\u3100-\u312f])\\|\\(?=[{HAN}])"), _GARBLED),
)


def line_findings(line: Line) -> Iterator[Finding]:
    """Every rule that reads one line on its own."""
    for pattern in (*PLACEHOLDERS, DOUBLE_CHAR, *DEBRIS, *MOJIBAKE):
        yield from pattern.findings(line)
    yield from double_punct(line)
    yield from half_width(line)


_SHORT_LINE = 30
_BLANK = " \t　"


def debris_neighbours(lines: list[Line], flagged: set[int],
                      is_title: Callable[[Line], bool]) -> Iterator[Finding]:
    """Short lines packed against web debris are debris too (a site's name, its slogan).

    Within a block of non-blank lines, a short line without sentence punctuation next
    to a flagged line is flagged, and so on outwards; a blank line or a title stops it.
    """
    index = {line.no: i for i, line in enumerate(lines)}
    marked = {index[n] for n in flagged if n in index}
    todo = sorted(marked)
    while todo:
        i = todo.pop()
        for j in (i - 1, i + 1):
            if j < 0 or j >= len(lines) or j in marked:
                continue
            text = lines[j].text.strip(_BLANK)
            sentence = re.search(r"[。；，,;]", text)
            if not text or len(text) > _SHORT_LINE or sentence or is_title(lines[j]):
                continue
            marked.add(j)
            todo.append(j)
            column = len(lines[j].text) - len(lines[j].text.lstrip(_BLANK)) + 1
            message = f"疑似网页残留“{text}”（紧挨着其他网页残留）：请删去"
            yield Finding(lines[j].no, column, "web-debris", message, text)
