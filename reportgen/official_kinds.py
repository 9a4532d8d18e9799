"""Kinds of value whose form GB/T 9704-2012 fixes: 份号, 发文字号, 密级和保密期限.

Each checks what a clerk types and says, in the standard's words, what is wrong; where the
intended value is plain (〔〕 typed as [], 第31号, 031号) the message gives it written right.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from reportgen.kinds import Invalid, Kind, Sink, Text, shown

COPY_NUMBER_DIGITS = 6  # §7.2.1: 一般用6位3号阿拉伯数字
SECRECY_LEVELS = ("绝密", "机密", "秘密")  # §7.2.2, 《保密法》's three levels


@dataclass
class CopyNumber(Kind):
    """份号 (§7.2.1): six Arabic digits, kept as text so that leading zeros survive."""

    expected = f"{COPY_NUMBER_DIGITS}位阿拉伯数字，如 \"000023\"（加引号）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            # YAML reads 000023 unquoted as a number (and 000017 as octal 15): the zeros are gone.
            raise Invalid(f"份号请加引号写成{COPY_NUMBER_DIGITS}位数字，如 \"000023\"："
                          "不加引号时，以 0 开头的数字会被读成别的数")
        if not isinstance(value, str):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        text = unicodedata.normalize("NFKC", value).strip()
        if not re.fullmatch(r"\d+", text):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        if len(text) != COPY_NUMBER_DIGITS:
            hint = f"（是否想写 {int(text):06d}？）" if len(text) < COPY_NUMBER_DIGITS else ""
            raise Invalid(f"份号一般用{COPY_NUMBER_DIGITS}位阿拉伯数字（GB/T 9704-2012 7.2.1），"
                          f"实际为{shown(value)}{hint}")
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^[0-9]{{{COPY_NUMBER_DIGITS}}}$"}


_NUMBER = re.compile(r"^(?P<code>.+?)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")
# Brackets people type for 〔〕: square, round, lenticular, tortoise-shell look-alikes.
_BRACKETED_YEAR = re.compile(r"[\[［【(（〈<{｛〖]\s*(\d{2,4})\s*[\]］】)）〉>}｝〗]")


@dataclass
class DocumentNumber(Kind):
    """发文字号 (§7.2.5): 机关代字〔年份〕序号号, e.g. 青交党〔2024〕31号."""

    expected = "机关代字〔年份〕序号号，如“青交党〔2024〕31号”"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        text = Text(30).check(value, path, sink)
        text = unicodedata.normalize("NFKC", text).replace(" ", "")  # full-width digits
        if _NUMBER.match(text):
            return text
        fixed = _BRACKETED_YEAR.sub(r"〔\1〕", text)
        reasons = []
        if fixed != text:
            reasons.append("年份用六角括号“〔〕”括入")
        year = re.search(r"〔(\d+)〕", fixed)
        if year is None:
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}（7.2.5：年份用六角括号“〔〕”括入）")
        if len(year.group(1)) != 4:
            raise Invalid(f"年份应标全称（如 2024），实际为{shown(value)}（GB/T 9704-2012 7.2.5）")
        head, tail = fixed[: year.start()], fixed[year.end():]
        if not head:
            raise Invalid(f"缺少发文机关代字，应为{self.expected}")
        if tail.startswith("第"):
            reasons.append("发文顺序号不加“第”字")
            tail = tail[1:]
        digits = re.match(r"\d+", tail)
        if digits is None:
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        if digits.group().startswith("0"):
            reasons.append("发文顺序号不编虚位（1 不编为 01）")
        rest = tail[digits.end():]
        if rest != "号":
            if rest:
                raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
            reasons.append("在序号后加“号”字")
        right = f"{head}〔{year.group(1)}〕{int(digits.group())}号"
        raise Invalid(f"{'；'.join(reasons)}（GB/T 9704-2012 7.2.5），应写作“{right}”，"
                      f"实际为{shown(value)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^[^〔〕]+〔[0-9]{4}〕[1-9][0-9]*号$"}


_LEVEL = re.compile(rf"^(?P<level>{'|'.join(SECRECY_LEVELS)})(?:★(?P<term>.+))?$")
_TERM = re.compile(r"^(?:[1-9]\d*(?:年|个月)|长期)$")


@dataclass
class Secrecy(Kind):
    """密级和保密期限 (§7.2.2): 秘密, 机密★10年 …, or a marking such as 内部."""

    expected = "密级（绝密、机密、秘密，可加保密期限如“机密★10年”）或“内部”等标注"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        text = Text(12).check(value, path, sink).replace("*", "★").replace("☆", "★").replace(" ", "")
        m = _LEVEL.match(text)
        if m is None:
            if text.startswith(SECRECY_LEVELS):
                raise Invalid(f"密级与保密期限之间用“★”隔开，如“机密★10年”，实际为{shown(value)}")
            return text
        term = m.group("term")
        if term is not None and not _TERM.match(unicodedata.normalize("NFKC", term)):
            raise Invalid(f"保密期限中的数字用阿拉伯数字标注，如“{m.group('level')}★10年”"
                          f"（GB/T 9704-2012 7.2.2），实际为{shown(value)}")
        return unicodedata.normalize("NFKC", text).replace("*", "★")

    def json_schema(self) -> dict[str, Any]:
        levels = "|".join(SECRECY_LEVELS)
        return {"type": "string", "maxLength": 12,
                "pattern": f"^(?:(?:{levels})(?:★(?:[1-9][0-9]*(?:年|个月)|长期))?|(?!{levels}).+)$"}
