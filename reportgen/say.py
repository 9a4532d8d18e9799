"""What skeletons call to print wording: say(key, **blanks), problem(code), measure(code).

    {{ say("item-special-meetings", n=r.special_meetings, yoy=yoy(compare.responsibility.special_meetings)) }}

The variant is chosen by the draft's variant picker (type, unit, period and key), among the
variants that do not run a word into a blank's value (组织 + 部机关党支部 reads as 组织部…):
the same facts always give the same draft. The printed text is wrapped in a phrase mark
(marks.py) naming the key and the variant, so the trace can say where each sentence came from;
the values in the blanks keep their own marks, so every number is still traced to its fact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from reportgen.marks import OPEN, as_markup, mark, mark_phrase, plain
from reportgen.phrasebook import Blank, Optional, Phrase, Variant, inner_chars
from reportgen.problems import FALLBACK
from reportgen.values import Count, FactStr
from reportgen.wording import PROBLEM_SOURCE, Wording

# Blanks every phrase may use without the skeleton passing them; derive.common_blanks fills them.
COMMON = {
    "we": "自称（我镇）", "whole": "范围（全镇）", "people": "宣传教育面向的对象（群众、师生）",
    "org": "党组织简称（镇党委）", "org_full": "党组织全称（双胜镇党委）", "unit": "单位名称",
    "superior": "上级党委", "since": "开头的时间（今年以来）", "label": "报告期（上半年）",
    "period": "带年份的报告期（2024年上半年）", "next": "下一阶段（下半年、2025年）",
    "year": "年份", "next_year": "下一年份", "date": "成文日期",
    "life_meeting": "领导班子开民主生活会，党支部开组织生活会", "platforms": "本单位的网络平台（按层级）",
    "reach": "学习宣传向下延伸到哪里（村组、基层站所；村和社区为空）", "last_year": "上一年（2024年）",
}
LIST_SEPARATOR = "、"


class WordingError(Exception):
    """A phrase that cannot be printed; template_errors names the template line that asked."""


def present(value: Any) -> bool:
    """Whether a blank's value counts as given: not None, empty, no, or zero."""
    if value is None or value is False:
        return False
    if value is True:
        return True
    if isinstance(value, Markup):
        return bool(plain(str(value)).strip())
    if isinstance(value, Count):
        return value.value > 0
    if isinstance(value, (str, list, tuple)):
        return bool(value)
    return True


def shown(value: Any) -> str:
    """A blank's value as printed: marked with its source; lists joined with 、; yes/no as nothing."""
    if value is True or value is False or value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(v) if isinstance(v, Markup) else mark(v) for v in value)
    return mark(value)  # as finalize() marks what a template prints


def printed(value: Any) -> tuple[bool, str]:
    """(present(value), shown(value)) in one go, quickly for the values phrases mostly get; the
    text is "" where the value is not present."""
    kind = type(value)
    if kind is Markup:
        text = str(value)
        return (True, text) if (plain(text) if OPEN in text else text).strip() else (False, "")
    if kind is FactStr:
        return (True, mark(value)) if value else (False, "")
    if kind is Count:
        return (True, mark(value)) if value.value > 0 else (False, "")
    given = present(value)
    return given, shown(value) if given else ""


_MISSING = object()
Common = Callable[[str], "tuple[Any, bool, str] | None"]


def fill(variant: Variant, values: dict[str, Any], key: str, common: Common | None = None) -> str:
    """The variant with its blanks filled from values, then from common(name): (value, present,
    shown) of a blank every phrase may use, which a draft works out once (see Voice)."""
    out: list[str] = []
    for part in variant.parts:
        if type(part) is str:
            out.append(part)
        elif type(part) is Blank:
            given, text = _value(part.name, values, common, variant, key, True)
            if not given:
                raise WordingError(f"措辞“{key}”（{variant.file} 第{variant.line}行）的空位 {{{part.name}}} "
                                   "此处没有值：可能为空的空位请放在 [ ] 中")
            out.append(text)
        else:  # […]: printed when every blank in it has a value
            assert isinstance(part, Optional)
            clause: list[str] = []
            for inner in part.parts:
                if isinstance(inner, str):
                    clause.append(inner)
                    continue
                given, text = _value(inner.name, values, common, variant, key, False)
                if not given:
                    break
                clause.append(text)
            else:
                out += clause
    return "".join(out)


def _value(name: str, values: dict[str, Any], common: Common | None, variant: Variant, key: str,
           required: bool) -> tuple[bool, str]:
    """(present, shown) of a blank. A yes/no value prints nothing; where the blank is required
    it counts as given, inside […] it decides whether the clause is printed."""
    value = values.get(name, _MISSING)
    if value is not _MISSING:
        given, text = printed(value)
    else:
        found = common(name) if common is not None else None
        if found is None:
            if required:
                raise WordingError(f"措辞“{key}”（{variant.file} 第{variant.line}行）"
                                   f"用了空位 {{{name}}}，但模板没有提供它")
            return False, ""
        value, given, text = found
    if required and (value is True or value is False):
        return True, ""
    return given, text


def fuses(variant: Variant, values: dict[str, Any], bodies: tuple[str, ...]) -> bool:
    """Whether the text before a blank and the blank's value run together into the name of a
    body (组织 + 部机关党支部 → 组织部…)."""
    return _joins_fuse(variant, bodies, lambda name: plain(shown(values.get(name))), {})


def _joins_fuse(variant: Variant, bodies: tuple[str, ...], text_of: Callable[[str], str],
                seen: dict[tuple[str, str], bool]) -> bool:
    """fuses(), a blank's value without marks given by text_of; seen keeps (text, value) pairs
    already checked (a draft meets the same ones again)."""
    ends = inner_chars(bodies)
    for before, name in variant.joins:
        # most text ends in a character no body has before its last: no value need be shown
        if before[-1] not in ends:
            continue
        value = text_of(name)
        fused = seen.get((before, value))
        if fused is None:
            fused = seen[before, value] = any(
                before.endswith(body[:cut]) and value.startswith(body[cut:])
                for body in bodies for cut in range(1, len(body)))
        if fused:
            return True
    return False


class Voice:
    """How one draft speaks: its variant picker, the blanks every phrase may use (each shown
    once), and whether phrases carry marks for the trace. templating.render makes one per draft."""

    def __init__(self, wording: Wording, context: dict[str, Any], marks: bool = True) -> None:
        self.wording = wording
        self.report = str(context.get("report_code", ""))
        self.variant: Callable[[str, int], int] = context["variant"]
        self.blanks: dict[str, Any] = context.get("blanks", {})
        self.marks = marks
        self._common: dict[str, tuple[Any, bool, str]] = {}
        self.bodies: tuple[str, ...] = wording.terms.bodies
        self._fused: dict[tuple[str, str], bool] = {}

    def common(self, name: str) -> tuple[Any, bool, str] | None:
        """(value, present, shown) of a blank every phrase may use; None where the draft has none."""
        found = self._common.get(name)
        if found is None:
            if name not in self.blanks:
                return None
            value = self.blanks[name]
            found = self._common[name] = (value, *printed(value))
        return found

    def _fuses(self, variant: Variant, values: dict[str, Any]) -> bool:
        """fuses() with the skeleton's values over the draft's blanks (a blank with no value
        runs into nothing), keeping each (text, value) pair the draft has checked."""
        def text_of(name: str) -> str:
            if name in values:
                return plain(shown(values[name]))
            found = self.common(name)
            return plain(found[2]) if found is not None else ""

        return _joins_fuse(variant, self.bodies, text_of, self._fused)

    def mark(self, text: str, key: str, index: int) -> Markup:
        return as_markup(mark_phrase(text, key, index) if self.marks else text)

    def say(self, key: str, pick: str | None, nth: int, values: dict[str, Any]) -> Markup:
        found = self.wording.compiled(self.report, key)
        if found is None:
            raise WordingError(f"措辞库中没有“{key}”：请在 phrases.yaml 中补上这个键")
        phrase, risky = found
        variants = phrase.variants
        # picked among the variants that fuse no word with a value (only those that may are
        # checked); the nth use of a key, that many places further on (round the pool)
        if risky:
            pool = [i for i, v in enumerate(variants) if i not in risky or not self._fuses(v, values)]
            pool = pool or list(range(len(variants)))
        else:
            pool = range(len(variants))  # type: ignore[assignment]
        index = pool[(self.variant(pick or key, len(pool)) + nth) % len(pool)]
        return self.mark(fill(variants[index], values, key, self.common), key, index)


def voice(context: Context) -> Voice:
    """The draft's Voice; one is made for a context that has none (a template rendered alone)."""
    found = context.parent.get(VOICE)  # the render's own variables (imported templates share them)
    if found is None:
        return Voice(_wording(context), context.get_all(), getattr(context.environment, "phrase_marks", True))
    return found  # type: ignore[no-any-return]


VOICE = "_voice"


def _wording(context: Context) -> Wording:
    return context.environment.wording  # type: ignore[attr-defined, no-any-return]


@pass_context
def say(context: Context, key: str, pick: str | None = None, nth: int = 0, **values: Any) -> Markup:
    """The phrase for key, in the variant this draft gets, its blanks filled.

    pick: choose as for this name instead of the key, so that phrases sharing it (headings of
    one style) take the same variant number. nth: the nth use of the key in one draft (a frame
    said once per section) takes the variant after the (nth - 1)th's, so that no two uses of a
    key in one draft read alike while it has variants enough."""
    return voice(context).say(key, pick, int(nth), values)


def _library_phrase(context: Context, code: str | None, part: str) -> tuple[str, str, Phrase]:
    """(entry code, key, phrase) of a library part: the code's own, else the generic measures."""
    library = _wording(context).library
    entry = library.entries.get(code or "") or library.generic
    if entry is None:
        raise WordingError(f"问题库中没有“{code}”，也没有通用措施 generic")
    phrase = entry.part(part)
    if phrase is None:
        raise WordingError(f"问题库中“{entry.code}”没有 {part}")
    actual = part if part in (entry.parts or {}) else FALLBACK[part]
    return entry.code, f"{PROBLEM_SOURCE}{entry.code}.{actual}", phrase


def _library_text(context: Context, code: str | None, part: str, nth: int) -> tuple[str, int, str]:
    """A library part in the variant this draft gets. The problem, its cause and its measure of
    one code take the same variant number (they are written to match); the nth time a code
    comes up in one draft, the next variant."""
    entry, key, phrase = _library_phrase(context, code, part)
    n = len(phrase.variants)
    speaker = voice(context)
    index = (speaker.variant(f"{PROBLEM_SOURCE}{entry}", n) + nth) % n
    return key, index, fill(phrase.variants[index], {}, key, speaker.common)


@pass_context
def library(context: Context, code: str, part: str = "problem", nth: int = 0) -> Markup:
    """A library code's sentence: part is problem, cause or own (a leader's own shortcoming)."""
    if part not in ("problem", "cause", "own"):
        raise WordingError(f"问题库没有“{part}”这一项：可用 problem、cause、own")
    key, index, text = _library_text(context, code, part, nth)
    return voice(context).mark(text, key, index)


@pass_context
def has_cause(context: Context, code: str | None) -> bool:
    """Whether the library gives a cause for the code."""
    entry = _wording(context).library.entries.get(code or "")
    return entry is not None and "cause" in (entry.parts or {})


@dataclass(frozen=True)
class Measure:
    title: Markup  # 推动理论学习走深走实
    body: Markup  # 制定学习计划时……。


@pass_context
def measure(context: Context, code: str | None, nth: int = 0, own: bool = False) -> Measure:
    """A library measure (title and body) matching the problem's variant; the generic measure
    for a problem that fits no code. own: as a leader's own commitment (述职报告)."""
    key, index, text = _library_text(context, code, "own_measure" if own else "measure", nth)
    title, _, body = text.partition("。")
    speaker = voice(context)
    return Measure(speaker.mark(title, key, index), speaker.mark(body.strip(), key, index))
