"""The quick ways a draft is rendered (issue 11's speed) give exactly what the general ways give:
the sandbox's direct calls and quick macros, values printed without escape(), a draft's voice,
phrases without trace marks, what derive keeps, list cells split and marks read a whole at a time."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
from pathlib import Path
from typing import Any

import pytest
from jinja2 import pass_context, pass_environment
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from reportgen import document, sandbox
from reportgen.compare import changes
from reportgen.derive import build_context, variant_picker
from reportgen.document import Heading, parse
from reportgen.kinds import _SEPARATORS, _split_char_by_char, _split_outside_brackets
from reportgen.loading import load_facts
from reportgen.marks import CLOSE, OPEN, PHRASE, SEP, _unmark_nested, as_markup, mark, plain, unmark
from reportgen.pipeline import draft_file
from reportgen.problems import builtin
from reportgen.sandbox import Sandbox
from reportgen.say import Voice, fuses, present, printed, shown
from reportgen.template_errors import LimitExceeded
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.values import Count, FactStr
from reportgen.wording import Wording

from conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))


# --- the sandbox's direct calls ------------------------------------------------------------------


@pass_context
def _seen(context: Any, name: str) -> str:
    return str(context.get(name))


@pass_environment
def _kind(env: Any) -> str:
    return "sandboxed" if env.sandboxed else "open"


def _long(n: int) -> str:
    return "字" * n


def _sandbox() -> Sandbox:
    env = Sandbox()
    env.helpers(seen=_seen, kind=_kind, long=_long)
    return env


CALLS = [
    "{% for x in [1, 2] %}{% set w = x %}{{ seen('w') }}{{ seen('x') }}{% endfor %}",
    "{% block b %}{% set q = 5 %}{{ seen('q') }}{% endblock %}|{% set y = 3 %}{{ seen('y') }}",
    "{% macro m(z) %}{{ seen('z') }}{% endmacro %}{{ m(4) }}{{ kind() }}{{ long(2) }}",
    "{% macro m(a, b=2) %}{{ a }}{{ b }}{{ caller() if caller else '' }}{% endmacro %}"
    "{% for i in [1, 2] %}{{ m(i) }}{{ m(i, b=5) }}{% endfor %}{% call m(7) %}内{% endcall %}",
    "{% macro m() %}{{ varargs | join }}{{ kwargs | dictsort | join }}{% endmacro %}{{ m(1, 2, k=3) }}",
    "{% macro m(a, b) %}{{ a }}-{{ b }}{% endmacro %}{{ m('<x>', 2) }}|{{ m(1) }}|{{ m(b=3, a=4) }}",
    "{% macro o() %}<i>{% endmacro %}{% macro p(x) %}[{{ x }}]{% endmacro %}{{ p(o()) }}{{ o() | length }}",
]


@pytest.mark.parametrize("autoescape", [False, True])
@pytest.mark.parametrize("source", CALLS)
def test_macros_give_what_jinjas_macros_give(source: str, autoescape: bool) -> None:
    """Macros called with just their positional arguments take the quick way: the same output,
    markup where Jinja's would be markup."""
    reference = ImmutableSandboxedEnvironment(autoescape=autoescape)
    reference.globals.update(seen=_seen, kind=_kind, long=_long)
    env = Sandbox(autoescape=autoescape)
    env.helpers(seen=_seen, kind=_kind, long=_long)
    assert env.from_string(source).render() == reference.from_string(source).render()
    quick, jinjas = env.from_string(source).module, reference.from_string(source).module
    for name in ("m", "o", "p"):
        if hasattr(jinjas, name):
            args = (1,) * len(getattr(jinjas, name).arguments)
            ours, theirs = getattr(quick, name)(*args), getattr(jinjas, name)(*args)
            assert (ours, type(ours)) == (theirs, type(theirs))


def test_a_macro_given_too_many_arguments_fails_as_in_jinja() -> None:
    with pytest.raises(TypeError, match="takes not more than 1 argument"):
        _sandbox().from_string("{% macro m(a) %}{% endmacro %}{{ m(1, 2) }}").render()


@pytest.mark.parametrize("source", CALLS)
def test_helpers_and_macros_are_called_as_jinjas_sandbox_calls_them(source: str) -> None:
    """Loop and block variables, callers, defaults, varargs: as Context.call hands them over."""
    reference = ImmutableSandboxedEnvironment()
    reference.globals.update(seen=_seen, kind=_kind, long=_long)
    assert _sandbox().from_string(source).render() == reference.from_string(source).render()


def test_a_macro_given_an_argument_it_does_not_take_fails_as_in_jinja() -> None:
    with pytest.raises(TypeError, match="no keyword argument 'x'"):
        _sandbox().from_string("{% macro m() %}{% endmacro %}{{ m(x=1) }}").render()


def test_a_helper_result_is_still_bounded() -> None:
    env = _sandbox()
    assert env.from_string("{{ long(3) }}").render() == "字字字"
    with pytest.raises(LimitExceeded):
        env.from_string("{{ long(n) }}").render(n=sandbox.MAX_STRING + 1)


def test_a_helper_marked_unsafe_is_refused() -> None:
    def harm() -> None: ...

    harm.unsafe_callable = True  # type: ignore[attr-defined]
    with pytest.raises(ValueError, match="unsafe"):
        Sandbox().helpers(harm=harm)


def test_a_macro_of_an_imported_template_is_called_and_string_methods_stay_bounded(tmp_path: Path) -> None:
    (tmp_path / "lib.j2").write_text("{% macro twice(x) %}{{ x }}{{ x }}{% endmacro %}", "utf-8")
    env = make_environment(tmp_path)
    assert plain(env.from_string('{% import "lib.j2" as lib %}{{ lib.twice("甲") }}').render()) == "甲甲"
    with pytest.raises(LimitExceeded):
        env.from_string("{{ '{:>99999999}'.format('x') }}").render()


# --- document numbering ---------------------------------------------------------------------------


def _lone_reference(heads: list[Heading]) -> set[int]:
    """The quadratic rule the numbering used before: count numbered siblings either way."""
    alone: set[int] = set()
    for i, head in enumerate(heads):
        if not head.numbered:
            continue
        siblings = 0
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(heads) and heads[j].level >= head.level:
                siblings += heads[j].level == head.level and heads[j].numbered
                j += step
        if siblings == 0:
            alone.add(id(head))
    return alone


def test_lone_headings_are_found_as_the_sibling_count_finds_them() -> None:
    shapes = [(level, numbered) for level in (1, 2, 3) for numbered in (True, False)]
    for n in range(1, 6):
        for combo in itertools.product(shapes, repeat=n):
            heads = [Heading(level, "题", numbered=numbered) for level, numbered in combo]
            assert document._lone(heads) == _lone_reference(heads), combo


# --- phrases without trace marks ------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_a_draft_without_phrase_marks_is_the_same_draft_less_its_phrase_spans(sample: Path) -> None:
    traced = draft_file(sample, make_environment()).document
    quick = draft_file(sample, make_environment(phrase_marks=False)).document
    assert quick.title == traced.title and quick.title_spans == traced.title_spans
    assert [b.full() for b in quick.blocks] == [b.full() for b in traced.blocks]
    assert not quick.title_phrases and all(not b.full_phrases() for b in quick.blocks)
    assert any(b.full_phrases() for b in traced.blocks)


def test_a_batch_drafts_what_draft_drafts(tmp_path: Path) -> None:
    from conftest import invoke

    sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
    assert invoke("draft", str(sample), "-o", str(tmp_path / "one.md")).exit_code == 0
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / sample.name).write_bytes(sample.read_bytes())
    assert invoke("batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")).exit_code == 0
    [made] = (tmp_path / "out").rglob("*.md")
    assert made.read_bytes() == (tmp_path / "one.md").read_bytes()


# --- a draft's voice --------------------------------------------------------------------------------


VALUES: list[Any] = [
    None, True, False, "", "文字", FactStr("双胜镇", "unit.name"), FactStr("", "unit.name"),
    Count(0, False, "study.seminars"), Count(12, True, "study.seminars"), Markup(""), Markup("会议"),
    Markup(mark(FactStr("", "x"))), Markup(mark(FactStr("三", "x"))), [], ["甲", FactStr("乙", "y")], 3,
]


@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_printed_is_present_and_shown_at_once(value: Any) -> None:
    given = present(value)
    assert printed(value) == (given, shown(value) if given else "")


def test_the_voice_picks_the_variants_fuses_would_pick() -> None:
    """Over every built-in variant, with values that fuse and values that do not."""
    wording = Wording()
    bodies = wording.terms.bodies
    fusing = [FactStr(v, "unit.party_org") for v in ("部机关党支部", "局党组", "委机关党支部", "镇党委", "")]
    context = build_context(validate(load_facts(ROOT / "samples" / "县教育局-2024.yaml")).data, wording)
    voice = Voice(wording, context)
    checked = fused = 0
    for group in ("_shared", "summary", "duty", "speech", "exchange", "implementation"):
        for found in wording.group(group).values():
            for variant in found.phrase.variants:
                for value in fusing:
                    values = {name: value for name in variant.blanks if name not in context["blanks"]}
                    merged = {**context["blanks"], **values}
                    expected = fuses(variant, merged, bodies)
                    assert voice._fuses(variant, values) == expected, variant.text
                    checked += 1
                    fused += expected
    assert checked > 1000 and fused > 0


def test_the_variant_picker_is_sha256_of_type_unit_period_and_key() -> None:
    pick = variant_picker("summary", "双胜镇", "2024H1")
    for key, n in (("opening-lead", 5), ("h-main", 12), ("problems:study_depth", 8), ("x", 1)):
        digest = hashlib.sha256(f"summary|双胜镇|2024H1|{key}".encode()).digest()
        assert pick(key, n) == int.from_bytes(digest[:8], "big") % n
        assert pick(key, n) == pick(key, n)


# --- what derive and the library keep ----------------------------------------------------------------


def test_a_problem_sentence_is_denied_by_the_facts_as_it_was_without_the_cache() -> None:
    library = builtin()
    saids = ["", "推出短视频12部", "打造品牌", "开设专栏、短视频、品牌、网评员"]
    for code, entry in library.codes.items():
        for index in range(len(entry.problems.variants) if entry.problems else 0):
            texts = [p.variants[index].text for p in (entry.problems, entry.part("own"))
                     if p is not None and index < len(p.variants)]
            for said in saids:
                expected = any(w in said and any(w in t for t in texts) for w in entry.specifics)
                assert library.denies(code, index, said) == expected, (code, index, said)


def test_without_last_years_facts_every_change_is_none() -> None:
    facts = validate(load_facts(ROOT / "samples" / "县教育局-2024.yaml")).data
    none = changes(facts, None)
    assert none.study.group_study is None and none.responsibility.special_meetings is None
    assert not none.study and not none


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_process_reads_its_own_address_space() -> None:
    parent = sandbox._address_space()
    assert parent is not None and parent > 0
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: its reading must be its own, not the parent's file
        try:
            blob = bytearray(64 * 1024 * 1024)  # grows the child only
            with open("/proc/self/statm") as fh:
                own = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
            os.write(write, f"{sandbox._address_space()} {own} {len(blob)}".encode())
        finally:
            os._exit(0)
    os.close(write)
    got, own, _ = (int(x) for x in os.read(read, 200).split())
    os.waitpid(pid, 0)
    assert got == own and got >= parent + 60 * 1024 * 1024


def test_phrase_marks_name_key_and_variant_in_the_trace_only() -> None:
    sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
    doc = draft_file(sample, make_environment()).document
    sources = {s.source for b in doc.blocks for s in b.full_phrases()}
    assert sources and all(s.startswith(PHRASE) and "#" in s[len(PHRASE):] for s in sources)
    assert all(plain(b.full()[0]) == b.full()[0] for b in doc.blocks)


def test_parse_of_a_quick_draft_keeps_value_spans() -> None:
    text = f"# 题\n\n共{mark(Count(3, False, 'study.seminars'))}次。\n"
    [block] = parse(text).blocks
    assert [(block.text[s.start:s.end], s.source) for s in block.spans] == [("3", "study.seminars")]


@pytest.mark.parametrize("marks", [True, False])
def test_a_template_rendered_on_its_own_speaks_as_its_environment_says(marks: bool) -> None:
    """Without templating.render (a template rendered straight from Jinja) say() still works, and
    marks phrases as the environment asks."""
    env = make_environment(phrase_marks=marks)
    context = build_context(validate(load_facts(SAMPLES[0])).data, env.wording)  # type: ignore[attr-defined]
    text = env.from_string('{{ say("h-main") }}').render(context)
    assert plain(text).strip()
    assert (PHRASE + "h-main#" in text) is marks


# --- printing without escape(), Markup the quick way, lists split without a character loop ---------


ESCAPES = [
    "{{ a }}|{{ m }}|{{ a ~ b }}|{{ [a, b] | join }}",
    "{% macro t(x) %}<{{ x }}>{% endmacro %}{% macro c(x) %}{{ x }}{{ caller() }}{% endmacro %}"
    "{{ t(a) }}{% call c(b) %}{{ m }}{% endcall %}",
    "{% autoescape false %}{{ a }}{% endautoescape %}{% autoescape true %}{{ b }}{% endautoescape %}",
    "{% for x in [a, b, 3, none] %}{{ x }}{% endfor %}{% set s %}{{ a }}{% endset %}{{ s }}",
]


@pytest.mark.parametrize("source", ESCAPES)
def test_values_printed_without_escape_are_what_escape_would_print(source: str) -> None:
    """With finalize returning markup, escape() after it only copied: leaving it out prints the
    same, and a finalize that may return plain text keeps it (HTML is still escaped)."""
    values = {"a": "<b>&", "b": FactStr("《x》", "unit.name"), "m": Markup("<i>")}
    quick = make_environment()
    slow = make_environment()
    slow.finalize_returns_markup = False  # type: ignore[attr-defined]
    assert "escape(environment.finalize(" not in quick.compile(source, raw=True)
    assert quick.from_string(source).render(values) == slow.from_string(source).render(values)
    plain_finalize = Sandbox(autoescape=True, finalize=str)
    plain_finalize.finalize_returns_markup = False  # type: ignore[attr-defined]
    assert plain_finalize.from_string("{{ a }}").render(values) == "&lt;b&gt;&amp;"


def test_markup_made_the_quick_way_is_markup() -> None:
    made = as_markup("<b>")
    assert type(made) is Markup and made == Markup("<b>") and str(made) == "<b>"


SPLIT_ALPHABET = "ab 、；;\n《》“”（）(）【】[]"


@pytest.mark.parametrize("seps", _SEPARATORS)
def test_a_list_in_a_cell_is_split_as_the_character_loop_splits_it(seps: str) -> None:
    texts = ["".join(chars) for n in range(5) for chars in itertools.product("a、；\n《》 ", repeat=n)]
    rng = random.Random(11)
    texts += ["".join(rng.choice(SPLIT_ALPHABET) for _ in range(rng.randint(0, 14))) for _ in range(20_000)]
    for text in texts:
        assert _split_outside_brackets(text, seps) == _split_char_by_char(text, seps), repr(text)


MARK_PIECES = [OPEN, SEP, CLOSE, "a", "bc", PHRASE, "s.x", f"{OPEN}{PHRASE}k#1{SEP}", f"{OPEN}u.n{SEP}"]


def test_text_whose_marks_hold_no_marks_is_unmarked_as_the_general_way_does() -> None:
    """Whole marks read at a time, where no mark holds another; nested, cut and stray markers
    (and phrases) the general way: the same text and spans, in the same order, either way."""
    def general(text: str, offset: int) -> tuple[str, list[Any]]:
        return (text, []) if OPEN not in text else _unmark_nested(text, offset)

    rng = random.Random(5)
    texts = ["".join(chars) for n in range(7) for chars in itertools.product([OPEN, SEP, CLOSE, "a"], repeat=n)]
    texts += ["".join(rng.choice(MARK_PIECES) for _ in range(rng.randint(0, 9))) for _ in range(50_000)]
    texts.append(f"共{mark(Count(3, False, 'x'))}次{mark(FactStr('', 'y'))}{mark(FactStr('乙', 'z'))}")
    for text in texts:
        for offset in (0, 2):
            assert unmark(text, offset) == general(text, offset), repr(text)
