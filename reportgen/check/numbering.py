"""Word's automatic paragraph numbering, rendered as Word shows it (一、 （一） 1. ...).

A numbered paragraph stores only a list id and a level (w:numPr); the number itself
is computed by Word from numbering.xml. The proofreader needs the printed number to
check heading order, so it is recomputed here. Formats Word offers for Chinese
documents are covered; anything else falls back to Arabic digits, and a file whose
numbering part is missing or odd simply gets no numbers.
"""

from __future__ import annotations

from typing import Any

from reportgen.derive import cn_number

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _format(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "ideographTraditional", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return cn_number(n)
    if fmt == "decimalEnclosedCircle" and 0 < n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt in ("upperLetter", "lowerLetter") and 0 < n <= 26:
        letter = chr(ord("A") + n - 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 0 < n < 40:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "none":
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += letters * count
    return out


class WordNumbering:
    """Counts numbered paragraphs in document order, as Word does."""

    def __init__(self, document: Any) -> None:
        # abstract id → level → (start, format, text); num id → (abstract id, start overrides)
        self.levels: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.counters: dict[str, list[int]] = {}
        self.started: set[str] = set()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return  # no numbering part: nothing is numbered
        for abstract in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in abstract.iter(f"{_W}lvl"):
                start = int(_val(lvl, "start") or 1)
                fmt = _val(lvl, "numFmt") or "decimal"
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (start, fmt, _val(lvl, "lvlText") or "")
            self.levels[abstract.get(f"{_W}abstractNumId", "")] = levels
        for num in root.iter(f"{_W}num"):
            overrides = {}
            for override in num.iter(f"{_W}lvlOverride"):
                restart = _val(override, "startOverride")
                if restart is not None:
                    overrides[int(override.get(f"{_W}ilvl", "0"))] = int(restart)
            self.nums[num.get(f"{_W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, paragraph: Any) -> str:
        """The number Word prints before this paragraph, or ""."""
        try:
            num_id, level = _num_pr(paragraph)
            if num_id is None or num_id not in self.nums:
                return ""
            abstract, overrides = self.nums[num_id]
            levels = self.levels.get(abstract, {})
            if level not in levels or levels[level][1] == "bullet":
                return ""  # a bullet is not a number: nothing to check
            counters = self.counters.setdefault(abstract, [0] * 9)
            if num_id not in self.started:  # a list instance may restart its levels
                self.started.add(num_id)
                for lvl, start in overrides.items():
                    if 0 <= lvl < 9:
                        counters[lvl] = start - 1
            start = levels[level][0]
            counters[level] = max(counters[level], start - 1) + 1
            for deeper in range(level + 1, 9):
                counters[deeper] = 0
            text = levels[level][2]
            for lvl in range(level + 1):
                fmt = levels.get(lvl, (1, "decimal", ""))[1]
                value = counters[lvl] or levels.get(lvl, (1, "", ""))[0]
                text = text.replace(f"%{lvl + 1}", _format(value, fmt))
            return text
        except (ValueError, TypeError, IndexError):
            return ""  # odd numbering XML: show the paragraph without a number


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{_W}{tag}")
    return None if child is None else child.get(f"{_W}val")


def _num_pr(paragraph: Any) -> tuple[str | None, int]:
    """The paragraph's own numbering, else its style's."""
    for owner in (paragraph._p, getattr(paragraph.style, "element", None)):
        ppr = None if owner is None else owner.find(f"{_W}pPr")
        numpr = None if ppr is None else ppr.find(f"{_W}numPr")
        if numpr is not None:
            num_id = _val(numpr, "numId")
            level = int(_val(numpr, "ilvl") or 0)
            return (num_id if num_id and num_id != "0" else None), level
    return None, 0
