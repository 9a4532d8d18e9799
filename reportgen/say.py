"""What skeletons call to print wording: say(key, **blanks), problem(code), measure(code).

    {{ say("item-special-meetings", n=r.special_meetings, yoy=yoy(compare.responsibility.special_meetings)) }}

The variant is chosen by the draft's variant picker (type, unit, period and key), among the
variants that do not run a word into a blank's value (组织 + 部机关党支部 reads as 组织部…):
the same facts always give the same draft. The printed text is wrapped in a phrase mark
(marks.py) naming the key and the variant, so the trace can say where each sentence came from;
the values in the blanks keep their own marks, so every number is still traced to its fact.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from reportgen.marks import mark_phrase, plain
from reportgen.phrasebook import Blank, Optional, Phrase, Variant
from reportgen.problems import FALLBACK
from reportgen.template_helpers import finalize
from reportgen.values import Count
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
        return LIST_SEPARATOR.join(str(finalize(v)) for v in value)
    return str(finalize(value))


def fill(variant: Variant, values: dict[str, Any], key: str) -> str:
    out: list[str] = []
    for part in variant.parts:
        if isinstance(part, str):
            out.append(part)
        elif isinstance(part, Blank):
            value = values.get(part.name)
            if part.name not in values:
                raise WordingError(f"措辞“{key}”（{variant.file} 第{variant.line}行）"
                                   f"用了空位 {{{part.name}}}，但模板没有提供它")
            if not present(value) and value is not True and value is not False:
                raise WordingError(f"措辞“{key}”（{variant.file} 第{variant.line}行）的空位 {{{part.name}}} "
                                   "此处没有值：可能为空的空位请放在 [ ] 中")
            out.append(shown(value))
        elif isinstance(part, Optional) and all(present(values.get(n)) for n in part.blanks):
            out += [p if isinstance(p, str) else shown(values[p.name]) for p in part.parts]
    return "".join(out)


def fuses(variant: Variant, values: dict[str, Any], bodies: tuple[str, ...]) -> bool:
    """Whether the text before a blank and the blank's value run together into the name of a
    body (组织 + 部机关党支部 → 组织部…)."""
    ends = _inner_chars(bodies)
    for before, name in variant.joins:
        # most text ends in a character no body has before its last: no value need be shown
        if before[-1] not in ends:
            continue
        value = plain(shown(values.get(name)))
        for body in bodies:
            for cut in range(1, len(body)):
                if before.endswith(body[:cut]) and value.startswith(body[cut:]):
                    return True
    return False


@functools.cache
def _inner_chars(bodies: tuple[str, ...]) -> frozenset[str]:
    """Characters a body has before its last: where text may end that runs into one."""
    return frozenset(c for body in bodies for c in body[:-1])


def choose(phrase: Phrase, key: str, values: dict[str, Any], variant: Callable[[str, int], int],
           bodies: tuple[str, ...], nth: int = 0) -> int:
    """The variant index for this draft: picked among those that fuse no word with a value;
    the nth use of a key, that many places further on (round the pool)."""
    fine = [i for i, v in enumerate(phrase.variants) if not fuses(v, values, bodies)]
    pool = fine or list(range(len(phrase.variants)))
    return pool[(variant(key, len(pool)) + nth) % len(pool)]


def _wording(context: Context) -> Wording:
    return context.environment.wording  # type: ignore[attr-defined, no-any-return]


def _speak(context: Context, key: str, phrase: Phrase, values: dict[str, Any],
           pick: str | None = None, nth: int = 0) -> tuple[int, str]:
    blanks = {**context.get("blanks", {}), **values}
    index = choose(phrase, pick or key, blanks, context["variant"], _wording(context).terms.bodies, nth)
    return index, fill(phrase.variants[index], blanks, key)


@pass_context
def say(context: Context, key: str, pick: str | None = None, nth: int = 0, **values: Any) -> Markup:
    """The phrase for key, in the variant this draft gets, its blanks filled.

    pick: choose as for this name instead of the key, so that phrases sharing it (headings of
    one style) take the same variant number. nth: the nth use of the key in one draft (a frame
    said once per section) takes the variant after the (nth - 1)th's, so that no two uses of a
    key in one draft read alike while it has variants enough."""
    found = _wording(context).lookup(context["report_code"], key)
    if found is None:
        raise WordingError(f"措辞库中没有“{key}”：请在 phrases.yaml 中补上这个键")
    index, text = _speak(context, key, found.phrase, values, pick, int(nth))
    return Markup(mark_phrase(text, key, index))


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
    index = (context["variant"](f"{PROBLEM_SOURCE}{entry}", n) + nth) % n
    blanks = dict(context.get("blanks", {}))
    return key, index, fill(phrase.variants[index], blanks, key)


@pass_context
def library(context: Context, code: str, part: str = "problem", nth: int = 0) -> Markup:
    """A library code's sentence: part is problem, cause or own (a leader's own shortcoming)."""
    if part not in ("problem", "cause", "own"):
        raise WordingError(f"问题库没有“{part}”这一项：可用 problem、cause、own")
    key, index, text = _library_text(context, code, part, nth)
    return Markup(mark_phrase(text, key, index))


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
    return Measure(Markup(mark_phrase(title, key, index)), Markup(mark_phrase(body.strip(), key, index)))
