"""Hypothesis strategies that build facts files from the schema itself, so they follow it."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

pytest.importorskip("hypothesis")  # the [test] extra installs it; without it, the rest of the suite runs

from hypothesis import strategies as st

from reportgen.kinds import (
    Block,
    Choice,
    CountKind,
    DateOrText,
    Field,
    Flag,
    ListOf,
    ProblemItem,
    ScalarBlock,
    Text,
)
from reportgen.problems import builtin
from reportgen.reporttypes import BLOCK_OWNERS, TYPES
from reportgen.schema import FACTS

# Chinese text with the characters that could upset Markdown, YAML or XML on the way through.
ALPHABET = st.sampled_from(
    list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面")
    + list("镇局村社区党委宣传意识形态学习阵地网络舆情")
    + list("，。、；：“”《》（）—…·")
    + list("abcXYZ0123456789 #{}[]:*-_<>&'\"%!?\\/|")
)

CODES = builtin().codes


# Plain Chinese, for properties about the proofreader: characters that cannot make a finding
# by themselves (no 的/了 to double, no 是/要 to read as 一是/一要, none of 会员/版权/仅供参考,
# no placeholders or ASCII).
PLAIN = st.sampled_from(list("一在不有和人这中大为上个国我以他时来用们生到作地于出就分对成可主发年动同工也能下过子说产种面")
                        + list("镇局村区党委宣传意识形态学习阵地网络舆情"))


def text(max_len: int, alphabet: st.SearchStrategy[str] = ALPHABET) -> st.SearchStrategy[str]:
    made = st.text(alphabet, min_size=1, max_size=min(max_len, 40)).filter(lambda s: s.strip(" 。；;，,、.!！"))
    if alphabet is PLAIN:  # a character typed twice running reads as a typo to the proofreader
        made = made.filter(lambda s: all(a != b for a, b in itertools.pairwise(s)))
    return made


def count() -> st.SearchStrategy[Any]:
    return st.one_of(st.integers(0, 100_000), st.integers(1, 9999).map(lambda n: f"{n}余"))


def value(kind: Any, alphabet: st.SearchStrategy[str] = ALPHABET) -> st.SearchStrategy[Any]:
    if isinstance(kind, Text):
        return text(kind.max_len, alphabet)
    if isinstance(kind, CountKind):
        return count()
    if isinstance(kind, Flag):
        return st.booleans()
    if isinstance(kind, Choice):
        return st.sampled_from(sorted(kind.options))
    if isinstance(kind, ProblemItem):
        # a sentence of the user's own has Chinese in it; an ASCII word is read as a code
        return st.one_of(st.sampled_from(sorted(CODES)),
                         st.tuples(text(30, alphabet), text(30, alphabet)).map("问题".join))
    if isinstance(kind, DateOrText):
        return st.one_of(text(kind.max_len, alphabet), st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)))
    if isinstance(kind, ListOf):
        return st.lists(value(kind.item, alphabet), max_size=4)
    if isinstance(kind, ScalarBlock):  # the short form, or the whole block
        scalar = kind.field(kind.scalar)
        assert scalar is not None
        return st.one_of(value(scalar.kind, alphabet), block(kind, alphabet=alphabet))
    if isinstance(kind, Block):
        return block(kind, alphabet=alphabet)
    raise TypeError(kind)


def block(kind: Block, skip: tuple[str, ...] = (),
          alphabet: st.SearchStrategy[str] = ALPHABET) -> st.SearchStrategy[dict[str, Any]]:
    required = {f.name: value(f.kind, alphabet) for f in kind.fields if f.required and f.name not in skip}
    optional = {f.name: value(f.kind, alphabet) for f in kind.fields if not f.required and f.name not in skip}
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def facts(draw: st.DrawFn, report_type: str = "summary",
          alphabet: st.SearchStrategy[str] = ALPHABET) -> dict[str, Any]:
    """A facts file the schema accepts, for one report type."""
    foreign = tuple(b for b, owners in BLOCK_OWNERS.items() if report_type not in owners)
    foreign += ("document",)  # 公文 elements: their own rules, tested in test_official.py
    fields: dict[str, Field] = {f.name: f for f in FACTS.fields}
    data = draw(block(Block(fields=tuple(f for f in FACTS.fields
                                         if f.name not in ("type", "period", "date", *foreign))),
                      alphabet=alphabet))
    year = draw(st.integers(2018, 2030))
    kind, n = draw(st.sampled_from([("Q", 1), ("Q", 2), ("Q", 3), ("Q", 4), ("H", 1), ("H", 2), ("Y", 0)]))
    data["type"] = report_type
    data["period"] = year if kind == "Y" else f"{year}{kind}{n}"
    data["date"] = dt.date(year, 12, 31) + dt.timedelta(days=draw(st.integers(0, 60)))
    for need in TYPES[report_type].required:
        top, _, sub = need.partition(".")
        if not sub:
            data.setdefault(top, draw(value(fields[top].kind, alphabet)))
        else:
            data.setdefault(top, {}).setdefault(sub, draw(text(20, alphabet)))
    if report_type == "speech":
        data.setdefault("unit", {})["secretary"] = draw(text(20, alphabet))
    return data
