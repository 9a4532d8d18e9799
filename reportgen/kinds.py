"""Kinds of value a facts field can hold, and how each is checked.

Each kind checks a raw value (as YAML or a spreadsheet cell gives it), returns it typed, or
raises Invalid with a Chinese sentence saying what was expected; each also describes itself
as JSON Schema. The fields themselves are declared in schema.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from reportgen.values import Count, Period

if TYPE_CHECKING:
    from reportgen.problems import Library

MAX_COUNT = 10_000_000
MAX_LIST = 50


class Sink(Protocol):
    """Where a kind reports what is wrong with a value. A sink may also carry the problem
    library in effect (`library`), when a user's templates add codes of their own."""

    def error(self, path: tuple[str | int, ...], message: str, key: bool = False) -> None: ...
    def warn(self, path: tuple[str | int, ...], message: str) -> None: ...


class Invalid(Exception):
    """A value that cannot be used; the message says what was expected."""


# --- text cleaning -----------------------------------------------------------------

# Format characters (Unicode category Cf, as of Unicode 15): soft hyphen, bidi controls,
# zero-width marks, BOM, interlinear annotation, tags; tests/test_hardening.py checks the list.
FORMAT_CHARACTERS = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
_INVISIBLE = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"  # control characters
    + FORMAT_CHARACTERS
    + "\ue000-\uf8ff\U000f0000-\U0010ffff]"  # private use (our trace markers)
)
_SPACE = re.compile(r"\s+")
_CJK = r"\u2014-\u2026\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_SPACE_NEAR_CJK = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")


def invisible_at(text: str) -> int | None:
    """The 0-based position of the first control or invisible character, or None."""
    m = _INVISIBLE.search(text)
    return m.start() if m else None


def clean_text(value: str) -> tuple[str, bool]:
    """One line of text: invisible and control characters removed, white space folded.

    Returns the text and whether anything invisible was removed.
    """
    stripped = _INVISIBLE.sub("", value)
    text = _SPACE.sub(" ", stripped).strip()
    text = _SPACE_NEAR_CJK.sub("", text)
    return text, stripped != value


_SEPARATORS = ("\n", ";；", "、")
_OPENERS, _CLOSERS = "《“‘「『（(【[", "》”’」』）)】]"
_BRACKET = re.compile(f"[{re.escape(_OPENERS + _CLOSERS)}]")


def split_items(text: str, strongest_only: bool = False) -> list[str]:
    """A list written in one piece of text, as items: split on line breaks, else on ；, else
    (for spreadsheet cells, where 、 is how offices list) on 、; never inside 《》“”（）."""
    for seps in _SEPARATORS[:2] if strongest_only else _SEPARATORS:
        items = _split_outside_brackets(text, seps)
        if len(items) > 1:
            return items
    return [text.strip()] if text.strip() else []


def _split_outside_brackets(text: str, seps: str) -> list[str]:
    # most cells hold no separator, or no bracket: split without reading them one by one
    if not any(sep in text for sep in seps):
        return [text.strip()] if text.strip() else []
    if not _BRACKET.search(text):
        split = text.split(seps[0]) if len(seps) == 1 else re.split(f"[{re.escape(seps)}]", text)
        return [item.strip() for item in split if item.strip()]
    return _split_char_by_char(text, seps)


def _split_char_by_char(text: str, seps: str) -> list[str]:
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def shown(value: Any) -> str:
    """A value as a message quotes it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    if value is None:
        return "空值"
    text = str(value)
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


# --- kinds ---------------------------------------------------------------------------


class Kind:
    expected = ""
    distinct = False  # in a list, items that say the same thing are merged with a warning

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError


@dataclass
class Text(Kind):
    max_len: int = 50
    sentence: bool = False  # a clause: trailing sentence punctuation is dropped
    distinct = True  # a list that says one thing twice would print it twice (一是X；二是X)

    @property
    def expected(self) -> str:  # type: ignore[override]
        return f"一段文字（不超过{self.max_len}字）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, (bool, dict, list)) or value is None:
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        if isinstance(value, dt.date):
            value = value.isoformat()
        text, removed = clean_text(str(value))
        if removed:
            sink.warn(path, "含有控制字符或不可见字符，已删除")
        if self.sentence:
            text = text.rstrip("。；;，,、.!！ ")
        if not text:
            raise Invalid("不能为空")
        if len(text) > self.max_len:
            raise Invalid(f"过长（{len(text)}字），最多{self.max_len}字")
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len}


_COUNT_RE = re.compile(r"^(\d+)\s*(余)?\s*([次个份篇人场期起名家项条件支所]|人次|场次)?$")
_CN_DIGITS = re.compile(r"^[〇零一二三四五六七八九十百千万两]+")


def _other_base(text: str) -> str:
    """What is wrong with a count written with a leading zero, in hex or as 1:30 (YAML 1.1
    reads these as octal, hexadecimal and base 60); "" for any other text."""
    if text[:1] != "0" and text[:1] not in "+-" and ":" not in text and "_" not in text:
        return ""  # nearly every count: none of the forms below can match
    m = re.fullmatch(r"[-+]?(0[0-9_]+)(余?)", text)
    if m and m.group(1).replace("_", "").strip("0"):
        digits = m.group(1).replace("_", "")
        meant = int(digits)
        octal = f"，YAML 会把它读作八进制数 {int(digits, 8)}" if set(digits) <= set("01234567") else ""
        return f"“{text}”以 0 开头{octal}：如指 {meant}，请写作 {meant}{m.group(2)}"
    m = re.fullmatch(r"0([xXbBoO])([0-9a-fA-F_]+)", text)
    if m:
        base = {"x": 16, "b": 2, "o": 8}[m.group(1).lower()]
        name = {16: "十六", 2: "二", 8: "八"}[base]
        try:
            value = int(m.group(2).replace("_", ""), base)
        except ValueError:
            return f"“{text}”不是十进制整数：请用十进制书写"
        return f"“{text}”是{name}进制写法（即 {value}）：请用十进制书写，如指 {value}，请写作 {value}"
    if re.fullmatch(r"[0-9]+(:[0-5]?[0-9])+", text):
        value = 0
        for part in text.split(":"):
            value = value * 60 + int(part)
        return (f"“{text}”中有冒号，YAML 会把它读作六十进制数 {value}：次数请只写一个整数"
                "（时间、比分等请写在文字字段中）")
    if re.fullmatch(r"[0-9]+(_[0-9]+)+", text):
        return f"“{text}”中有下划线：请写作 {text.replace('_', '')}"
    return ""


@dataclass
class CountKind(Kind):
    measure: str = ""
    expected = "不小于0的整数，或“20余”这样的约数"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        source = dotted(path)
        if isinstance(value, bool):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int):
            return self._bounded(Count(value, False, source))
        if isinstance(value, float):
            raise Invalid(f"应为整数，实际为{shown(value)}")
        if isinstance(value, str):
            text = unicodedata.normalize("NFKC", value).strip()
            other_base = _other_base(text)
            if other_base:
                raise Invalid(other_base)
            m = _COUNT_RE.match(text)
            if m and len(m.group(1)) > len(str(MAX_COUNT)):
                raise Invalid(f"数值过大（{len(m.group(1))}位数），上限为{MAX_COUNT}")
            if m:
                return self._bounded(Count(int(m.group(1)), bool(m.group(2)), source))
            if text.startswith("-") and text[1:].strip().isdigit():
                raise Invalid(f"不能为负数，实际为{shown(value)}")
            if _CN_DIGITS.match(text):
                raise Invalid(f"请用阿拉伯数字书写，如“11”或“20余”，实际为{shown(value)}")
            if re.match(r"^(约|大约|近)?\d+(多|余|左右|以上)?", text):
                raise Invalid(f"约数请写成“20余”的形式，实际为{shown(value)}")
        raise Invalid(f"应为{self.expected}，实际为{shown(value)}")

    def _bounded(self, count: Count) -> Count:
        if count.value < 0:
            raise Invalid(f"不能为负数，实际为“{count.value}”")
        if count.value > MAX_COUNT:
            raise Invalid(f"数值过大（{count.value}），上限为{MAX_COUNT}")
        return count

    def json_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0, "maximum": MAX_COUNT},
                {"type": "string", "pattern": _ecma(_COUNT_RE)},
            ]
        }


@dataclass
class Flag(Kind):
    expected = "true 或 false（也可写“是”或“否”）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _YES:
                return True
            if word in _NO:
                return False
        raise Invalid(f"应为{self.expected}，实际为{shown(value)}")

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": [*_YES, *_NO]}]}


_YES = ("是", "有", "true", "yes", "y", "1", "√")
_NO = ("否", "无", "false", "no", "n", "0", "×")


_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@dataclass
class DateKind(Kind):
    expected = "日期，如 2024-07-05"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            m = _DATE_RE.match(unicodedata.normalize("NFKC", value).strip())
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    raise Invalid(f"日期{shown(value)}不存在") from None
        raise Invalid(f"应为{self.expected}，实际为{shown(value)}")

    def json_schema(self) -> dict[str, Any]:
        # a pattern, not "format": "date": 2024年7月5日 is a date here too
        return {"type": "string", "pattern": _ecma(_DATE_RE)}


_PERIOD_CODE = re.compile(r"^(\d{4})(?:([QqHh])(\d))?$")
_PERIOD_ZH = {
    "一季度": ("Q", 1), "第一季度": ("Q", 1), "二季度": ("Q", 2), "第二季度": ("Q", 2),
    "前三季度": ("Q", 3), "三季度": ("Q", 3), "第三季度": ("Q", 3),
    "四季度": ("Q", 4), "第四季度": ("Q", 4),
    "上半年": ("H", 1), "下半年": ("H", 2), "": ("Y", 0), "度": ("Y", 0), "全年": ("Y", 0),
}
_PERIOD_ZH_RE = re.compile(r"^(\d{4})年(.*)$")


@dataclass
class PeriodKind(Kind):
    expected = "报告期，如 2024Q1（一季度）、2024H1（上半年）、2024Q3（前三季度）、2024（全年）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        text = unicodedata.normalize("NFKC", str(value)).strip()
        m = _PERIOD_CODE.match(text)
        if m:
            year, kind, n = int(m.group(1)), (m.group(2) or "Y").upper(), int(m.group(3) or 0)
        else:
            z = _PERIOD_ZH_RE.match(text)
            if not z or z.group(2) not in _PERIOD_ZH:
                raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
            year = int(z.group(1))
            kind, n = _PERIOD_ZH[z.group(2)]
        if (kind == "Q" and not 1 <= n <= 4) or (kind == "H" and not 1 <= n <= 2):
            raise Invalid(f"{shown(value)}不是有效的报告期：季度为 Q1–Q4，半年为 H1–H2")
        if not 2000 <= year <= 2100:
            raise Invalid(f"年份{year}超出范围（2000–2100）")
        return Period(year, kind, n)

    def json_schema(self) -> dict[str, Any]:
        return {
            "anyOf": [
                {"type": "integer", "minimum": 2000, "maximum": 2100},
                {"type": "string", "pattern": r"^[0-9]{4}([Qq][1-4]|[Hh][12])?$"},
                {"type": "string", "pattern": "^[0-9]{4}年("
                 + "|".join(sorted(_PERIOD_ZH, key=len, reverse=True)) + ")$"},
            ]
        }


@dataclass
class Choice(Kind):
    options: dict[str, str] = field(default_factory=dict)  # code -> Chinese name

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "以下之一：" + "、".join(f"{k}（{v}）" for k, v in self.options.items())

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text in self.options:
                return text
            by_name = [k for k, v in self.options.items() if v == text]
            if by_name:
                return by_name[0]
        hint = did_you_mean(str(value), list(self.options)) if isinstance(value, str) else ""
        raise Invalid(f"{shown(value)}不是可用的值{hint}；应为{self.expected}")

    def json_schema(self) -> dict[str, Any]:
        # codes first; the Chinese names are accepted too (enumDescriptions: VS Code's hover text)
        names = {k: v for k, v in self.options.items() if v not in self.options}  # 特急 is both
        return {
            "type": "string",
            "enum": [*self.options, *names.values()],
            "enumDescriptions": [*self.options.values(), *(f"同 {k}" for k in names)],
        }


@dataclass
class ListOf(Kind):
    item: Kind = field(default_factory=Text)
    max_items: int = MAX_LIST

    @property
    def expected(self) -> str:  # type: ignore[override]
        return "列表（每项一行，以“- ”开头）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, str) and isinstance(self.item, (Text, ProblemItem, ScalarBlock)):
            # items written on one line ("甲；乙"), or one item without "- "; a 、 may sit
            # inside a sentence, so only line breaks and ；split here
            value = split_items(value, strongest_only=True)
        if not isinstance(value, list):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        if len(value) > self.max_items:
            raise Invalid(f"项数过多（{len(value)}项），最多{self.max_items}项")
        out = []
        first: dict[str, int] = {}  # an item as compared → the item it first appeared as
        for i, item in enumerate(value):
            checked = check_value(self.item, item, (*path, i), sink)
            if checked is None:
                continue
            if self.item.distinct:
                key = _same_key(checked)
                if key in first:
                    sink.warn((*path, i), f"与第{first[key] + 1}项重复，已合并为一项")
                    continue
                first[key] = i
            out.append(checked)
        return out

    def json_schema(self) -> dict[str, Any]:
        array = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if isinstance(self.item, (Text, ScalarBlock)):  # one item may be written without "- "
            return {"anyOf": [array, self.item.json_schema()]}
        return array


def problem_library(sink: Any = None) -> Library:
    """The library a sink carries, else the built-in one."""
    library = getattr(sink, "library", None)
    if library is not None:
        return library  # type: ignore[no-any-return]
    from reportgen.problems import builtin

    return builtin()


def _same_key(item: Any) -> str:
    """Items that say the same thing compare equal: width, case, spaces and punctuation aside.
    A block that a plain value may stand for (a problem) compares by that value."""
    if isinstance(item, dict) and "problem" in item:
        item = item["problem"]
    text = unicodedata.normalize("NFKC", str(item)).casefold()
    return re.sub(r"[\s\W_]+", "", text) or text


@dataclass
class ProblemItem(Kind):
    expected = "问题代码（如 study_depth）或一句描述问题的话"
    library: Library | None = None  # for the JSON Schema and init: None is the built-in one
    distinct = True  # the same problem listed twice would be written twice, with its measure

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        text = Text(300, sentence=True).check(value, path, sink)
        folded = unicodedata.normalize("NFKC", text).strip()
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_ -]*", folded):
            text = folded
            code = re.sub(r"[\s_-]+", "_", text.strip().lower())
            codes = problem_library(sink).codes
            if code in codes:
                return code
            raise Invalid(
                f"“{text}”不是问题库中的代码{did_you_mean(code, list(codes))}；"
                f"可用代码：{'、'.join(codes)}；也可以直接写一句话描述问题"
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        codes = (self.library or problem_library()).codes
        return {
            "anyOf": [
                {"type": "string", "enum": list(codes),
                 "description": "；".join(f"{p.code}：{p.label}" for p in codes.values())},
                {"type": "string", "pattern": "[^A-Za-z0-9_ -]", "description": "直接描述问题的一句话"},
            ]
        }


@dataclass
class Field:
    name: str
    kind: Kind
    title: str
    help: str = ""
    example: Any = None
    required: bool = False

    @property
    def label(self) -> str:
        measure = getattr(self.kind, "measure", "")
        return f"{self.title}（{measure}）" if measure else self.title


@dataclass
class Block(Kind):
    fields: tuple[Field, ...] = ()
    expected = "一组“字段: 值”（下一行缩进书写）"

    def field(self, name: str) -> Field | None:
        return self._by_name.get(name)

    @functools.cached_property
    def _by_name(self) -> dict[str, Field]:
        return {f.name: f for f in self.fields}

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if not isinstance(value, dict):
            raise Invalid(f"应为{self.expected}，实际为{shown(value)}")
        out: dict[str, Any] = {}
        meant: set[str] = set()  # fields an unknown key was probably meant to be
        for key, item in value.items():
            f = self.field(key)
            if f is None:
                guess = self.guess(key)
                meant.add(guess or "")
                sink.error((*path, key), self.unknown_key_message(key, guess), key=True)
                continue
            if item is None:
                continue  # "field:" with nothing after it: no fact
            out[key] = check_value(f.kind, item, (*path, key), sink)
        for f in self.fields:
            if f.required and f.name not in out and value.get(f.name) is None and f.name not in meant:
                sink.error((*path, f.name), "必填，但没有填写")
        return out

    def guess(self, key: str) -> str | None:
        """The field an unknown key most likely means: by Chinese title, then by spelling."""
        for f in self.fields:
            if key in (f.title, f.label):
                return f.name
        close = difflib.get_close_matches(key, [f.name for f in self.fields], n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown_key_message(self, key: str, guess: str | None) -> str:
        if guess and any(key in (f.title, f.label) for f in self.fields):
            return f"未知字段“{key}”：字段名请用英文代码，“{key}”应写作 {guess}"
        if guess:
            return f"未知字段“{key}”（是否想写 {guess}？）"
        return f"未知字段“{key}”；此处可用的字段：{'、'.join(f.name for f in self.fields)}"

    def json_schema(self) -> dict[str, Any]:
        props = {}
        for f in self.fields:
            sub = f.kind.json_schema()
            if not f.required:  # "field:" with nothing after it means no fact
                sub = nullable(sub)
            sub["title"] = f.label
            description = f.help or _format_note(f.kind)
            if description:
                sub["description"] = description
            if f.example is not None:
                sub["examples"] = [f.example]
            props[f.name] = sub
        out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
        required = [f.name for f in self.fields if f.required]
        if required:
            out["required"] = required
        return out


@dataclass
class ScalarBlock(Block):
    """A block a plain value may stand for: `- study_depth` is `- {problem: study_depth}`, so a
    list of problems keeps its short form and an item may add its cause, measure and owner."""

    scalar: str = ""  # the field a plain value fills
    distinct = True  # items that say the same thing are merged with a warning

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, dict):
            return super().check(value, path, sink)
        f = self.field(self.scalar)
        assert f is not None
        return {self.scalar: f.kind.check(value, path, sink)}

    def json_schema(self) -> dict[str, Any]:
        f = self.field(self.scalar)
        assert f is not None
        return {"anyOf": [f.kind.json_schema(), super().json_schema()]}


@dataclass
class DateOrText(Kind):
    """A time limit: a date (2025-06-30) or words (2025年6月底前)."""

    max_len: int = 30
    expected = "日期（如 2025-06-30）或一段文字（如 2025年6月底前）"

    def check(self, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
        if isinstance(value, (dt.date, dt.datetime)):
            return value if not isinstance(value, dt.datetime) else value.date()
        return Text(self.max_len).check(value, path, sink)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": self.max_len}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema, also accepting null (an empty value); kept flat where it can be, so that
    editors still offer an object's properties."""
    if "anyOf" in schema:
        return {**schema, "anyOf": [*schema["anyOf"], {"type": "null"}]}
    out = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
        if "enumDescriptions" in schema:  # pairs with enum one to one
            out["enumDescriptions"] = [*schema["enumDescriptions"], "不填"]
    return out


def _format_note(kind: Kind) -> str:
    return "" if isinstance(kind, Block) else f"格式：{kind.expected}"


def _ecma(pattern: re.Pattern[str]) -> str:
    """A checker's regex for a JSON Schema "pattern" (ECMA-262: \\d is ASCII there)."""
    return pattern.pattern.replace(r"\d", "[0-9]")


def check_value(kind: Kind, value: Any, path: tuple[str | int, ...], sink: Sink) -> Any:
    """Check one value; a problem is reported to the sink and the value dropped."""
    try:
        return kind.check(value, path, sink)
    except Invalid as exc:
        sink.error(path, str(exc))
        return None


def did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"（是否想写 {close[0]}？）" if close else ""


def dotted(path: tuple[str | int, ...]) -> str:
    """A field path as messages and the trace show it: publicity.articles[2].count (from 1)."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + part
    return out
