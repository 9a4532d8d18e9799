"""The sandbox (issue 12, items 4 and 25): no type is trusted, and what a template can reach from
every value a draft hands it is only data, its own macros and harmless methods; ordinary string
work still does what Jinja does."""

from __future__ import annotations

import textwrap
import types
from pathlib import Path
from typing import Any

import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment

from reportgen.derive import build_context
from reportgen.loading import load_facts
from reportgen.sandbox import (
    Sandbox,
    _indent_size,
    _replaced_size,
    _tabs_size,
    _translated_size,
    _wordwrap_size,
)
from reportgen.template_errors import LimitExceeded
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.wording import Wording

from conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


def _context(sample: Path) -> dict[str, Any]:
    return build_context(validate(load_facts(sample)).data, Wording())


def _reachable(env: Sandbox, roots: dict[str, Any], depth: int = 3) -> list[tuple[str, Any]]:
    """Every value a template can reach from roots by attribute, item and index, `depth` steps."""
    seen: set[int] = set()
    out: list[tuple[str, Any]] = []
    todo = [(name, value, 0) for name, value in roots.items()]
    while todo:
        path, value, level = todo.pop()
        if id(value) in seen or (isinstance(value, (str, int, float, bool, type(None))) and level):
            continue
        seen.add(id(value))
        out.append((path, value))
        if level == depth:
            continue
        for name in dir(value):
            got = env.getattr(value, name)
            if not isinstance(got, env.undefined):
                todo.append((f"{path}.{name}", got, level + 1))
        if isinstance(value, (list, tuple)):
            todo += [(f"{path}[{i}]", item, level + 1) for i, item in enumerate(value[:3])]
        elif isinstance(value, dict):
            todo += [(f"{path}[{k!r}]", item, level + 1) for k, item in list(value.items())[:20]]
    return out


def _exposed_types() -> dict[type, Any]:
    """One instance of every type a draft's context holds, reached the way a template reaches it."""
    env = make_environment()
    found: dict[type, Any] = {}
    for sample in SAMPLES:
        for _, value in _reachable(env, _context(sample)):
            if not callable(value):
                found.setdefault(type(value), value)
    return found


EXPOSED = _exposed_types()


@pytest.mark.parametrize("kind", list(EXPOSED), ids=lambda kind: f"{kind.__module__}.{kind.__qualname__}")
def test_every_exposed_type_gets_exactly_jinjas_verdicts(kind: type) -> None:
    """The sandbox keeps each verdict per (type, name); it must give Jinja's own, uncached one."""
    value = EXPOSED[kind]
    ours, jinjas = make_environment(), ImmutableSandboxedEnvironment()
    for name in dir(value):
        blocked = isinstance(jinjas.getattr(value, name), jinjas.undefined)
        for _ in range(2):  # the second read comes from the kept verdict
            assert isinstance(ours.getattr(value, name), ours.undefined) == blocked, name
        if name.startswith("_"):
            assert blocked, name


def test_the_exposed_types_include_reportgens_own() -> None:
    names = {f"{kind.__module__}.{kind.__qualname__}" for kind in EXPOSED}
    assert {"reportgen.values.Record", "reportgen.values.Count", "reportgen.values.FactStr",
            "reportgen.derive.PeriodInfo", "reportgen.derive.PlanItem", "reportgen.derive.ProblemItem"} <= names


@pytest.mark.parametrize("sample", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_nothing_reachable_is_a_module_or_code(sample: Path) -> None:
    env = make_environment()
    for path, value in _reachable(env, _context(sample)):
        assert not isinstance(value, (types.ModuleType, types.CodeType, types.FrameType, type)), path
        if isinstance(value, types.FunctionType):  # a helper the context hands templates on purpose
            assert value.__module__.startswith("reportgen."), path


def test_private_state_of_our_records_is_out_of_reach() -> None:
    env = make_environment()
    record = _context(SAMPLES[0])["unit"]
    for name in ("_fields", "_source", "__dict__", "__class__", "as_dict"):
        got = env.getattr(record, name)
        if name == "as_dict":
            assert callable(got)  # a method returning a plain dict of the same data
        else:
            assert isinstance(got, env.undefined), name


@pytest.mark.parametrize(("source", "expected"), [
    ('{{ "{a}-{b:>5}".format_map({"a": 1, "b": "x"}) }}', "1-    x"),
    ('{{ "%s=%03d" % ("n", 7) }}', "n=007"),
    ('{{ "a,b" | replace(",", "、") }}|{{ "x" | center(5) }}|{{ "ab".center(4, "*") }}', "a、b|  x  |*ab*"),
    ('{{ ["甲", "乙"] | join("、") }}{{ "、".join(["丙", "丁"]) }}', "甲、乙丙、丁"),
    ('{{ "甲" ~ 1 ~ "乙" }}{{ [1] + [2] }}{{ 3 * 4 }}{{ 2 ** 10 }}', "甲1乙[1, 2]121024"),
])
def test_ordinary_string_work_is_unchanged(source: str, expected: str) -> None:
    env = Sandbox()
    assert env.from_string(source).render() == expected


# --- the string bounds: each operation that can make far more than it is given is refused
# before it makes it, from a size worked out from its arguments ------------------------------------

@pytest.mark.parametrize("source", [
    '{{ ("x" * 1000).replace("x", "y" * 2000) }}',
    '{{ "ab".replace("", "z" * 600000) }}',  # an empty old string matches between every character
    '{{ ("x" * 1000) | replace("x", "y" * 2000) }}',
    '{{ ("a\\n" * 1000) | indent(2000) }}',
    '{{ ("a\\n" * 1000) | indent("x" * 2000) }}',
    '{{ ("a " * 1000) | wordwrap(1, wrapstring="x" * 1000) }}',
    '{{ ("a" * 1000).translate({97: "b" * 2000}) }}',
    '{{ ("\\t" * 1000).expandtabs(2000) }}',
])
def test_a_string_operation_that_would_make_too_much_is_refused(source: str) -> None:
    with pytest.raises(LimitExceeded, match=r"过长（约 \d+ 字符，上限 1000000）"):
        Sandbox().from_string(source).render()


@pytest.mark.parametrize(("source", "expected"), [
    ('{{ ("x" * 1000).replace("x", "y" * 2000, 1) | length }}', "2999"),  # a count bounds the hits
    ('{{ ("x" * 1000) | replace("x", "y" * 2000, 1) | length }}', "2999"),
    ('{{ "a\\tb".expandtabs(4) }}|{{ "ab".translate({97: "甲"}) }}', "a   b|甲b"),
    ('{{ "a\\nb" | indent(2) }}|{{ "a b c" | wordwrap(3, wrapstring="/") }}', "a\n  b|a b/c"),
])
def test_the_same_operations_within_bounds_do_what_python_does(source: str, expected: str) -> None:
    assert Sandbox().from_string(source).render() == expected


def _wrapped(text: str, width: int, wrapstring: str) -> str:
    return wrapstring.join(textwrap.wrap(text, width))


@pytest.mark.parametrize(("size", "made", "exact"), [
    (lambda: _replaced_size("x,y,z", ",", "、、"), "x,y,z".replace(",", "、、"), True),
    (lambda: _replaced_size("x,y,z", ",", "、、", 1), "x,y,z".replace(",", "、、", 1), True),
    (lambda: _replaced_size("x,y,z", ",", "、、", 0), "x,y,z".replace(",", "、、", 0), True),
    (lambda: _replaced_size("ab", "", "--"), "ab".replace("", "--"), True),
    (lambda: _replaced_size("abc", "abc", ""), "", False),  # shrinking: the text's length bounds it
    (lambda: _tabs_size("a\tb\t", 4), "a\tb\t".expandtabs(4), False),
    (lambda: _tabs_size("\t\t", 8), "\t\t".expandtabs(8), False),
    (lambda: _translated_size("abc", {97: "甲乙"}), "abc".translate({97: "甲乙"}), False),
    (lambda: _translated_size("aaa", {97: "甲乙"}), "aaa".translate({97: "甲乙"}), True),
    (lambda: _indent_size("a\nb\nc", 3), "a\n   b\n   c", False),
    (lambda: _indent_size("a\nb", width="--"), "a\n--b", False),
    (lambda: _wordwrap_size("a b c d", 1, wrapstring="//"), _wrapped("a b c d", 1, "//"), False),
])
def test_each_size_is_worked_out_at_least_as_large_as_what_is_made(size: Any, made: str, exact: bool) -> None:
    predicted = size()
    assert predicted == len(made) if exact else predicted >= len(made)


@pytest.mark.parametrize(("source", "size"), [
    ('{{ "%*d" % (2000000, 1) }}', 2000003),  # a width taken from the arguments
    ('{{ "%.*f" % (2000000, 1.0) }}', 2000004),
    ('{{ "%s %*d" % ("a", 2000000, 1) }}', 2000006),  # the star's argument comes after %s's
    ('{{ "%2000000d" % 1 }}', 2000009),
    ('{{ "%999999999999d" % 1 }}', 1000015),  # a width too long to read counts as over the bound
])
def test_percent_formatting_is_refused_from_its_widths_before_it_is_made(source: str, size: int) -> None:
    with pytest.raises(LimitExceeded, match=f"格式化生成的文字过长（约 {size} 字符"):
        Sandbox().from_string(source).render()


def test_percent_formatting_within_bounds_is_pythons() -> None:
    assert Sandbox().from_string('{{ "%*d|%s" % (3, 1, "x") }}{{ "|%d%%|%s" % (5, "y") }}').render() == "  1|x|5%|y"
