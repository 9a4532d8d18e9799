"""`reportgen templates check DIR`: everything wrong with an edited wording folder, at once.

Beyond what reading a phrasebook finds (YAML syntax, an empty list, a bad blank, unbalanced
“” or 《》, digits), the skeletons are read to learn which keys each report type asks for and
which blanks each call fills; then:
- a key a skeleton asks for that no phrasebook defines is an error at the skeleton's line;
- a variant using a blank that some call of its key does not fill (nor any common blank) is an
  error at the variant's line;
- a key in the user's phrasebook that no skeleton uses is an error, with a did-you-mean;
- keys that share one `pick` (headings of one style) must have the same number of variants.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import Problem, ReportgenError, TemplateError
from reportgen.say import COMMON
from reportgen.template_errors import template_errors
from reportgen.wording import PHRASES, SHARED, Found, Wording

SAY = "say"
_NOT_BLANKS = ("pick", "nth")  # say()'s own arguments, not blanks of the phrase


@dataclass(frozen=True)
class Call:
    """One say(…) in a skeleton."""

    key: str  # the key, or the literal start of a key built at run time ("role-" ~ duty_role)
    prefix: bool
    blanks: frozenset[str]
    pick: str | None
    file: str
    line: int


def say_calls(env: SandboxedEnvironment, names: list[str]) -> list[Call]:
    """Every say(…) call in the named templates, with the key and blanks it passes."""
    from reportgen.template_files import source_of

    calls: list[Call] = []
    with template_errors():
        for name in names:
            source, filename = source_of(env, name)
            tree = env.parse(source, name, filename)
            calls += list(_calls(tree, filename))
    return calls


def _calls(tree: nodes.Template, filename: str) -> Iterator[Call]:
    for node in tree.find_all(nodes.Call):
        assert isinstance(node, nodes.Call)
        if not (isinstance(node.node, nodes.Name) and node.node.name == SAY) or not node.args:
            continue
        key, prefix = _key(node.args[0])
        if key is None:
            continue
        blanks = frozenset(kw.key for kw in node.kwargs if kw.key not in _NOT_BLANKS)
        pick = next((kw.value.value for kw in node.kwargs
                     if kw.key == "pick" and isinstance(kw.value, nodes.Const)), None)
        yield Call(key, prefix, blanks, pick, filename, node.lineno)


def _key(arg: nodes.Expr) -> tuple[str | None, bool]:
    if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
        return arg.value, False
    if isinstance(arg, nodes.Concat) and arg.nodes and isinstance(arg.nodes[0], nodes.Const):
        return str(arg.nodes[0].value), True
    return None, False


def template_sets() -> dict[str, str]:
    """Each phrasebook group that drafts read, with its main skeleton."""
    from reportgen.template_files import template_sets as sets

    return {code: main for code, (_, main) in sets().items()}


def check(user_dir: Path | None, only: list[str] | None = None,
          env: SandboxedEnvironment | None = None) -> list[Problem]:
    """Every problem of the wording in effect; only: the template sets to check (all if None).
    env: the environment to check, if one for user_dir is at hand."""
    from reportgen.templating import make_environment

    env = env or make_environment(user_dir)
    wording: Wording = env.wording  # type: ignore[attr-defined]
    problems: list[Problem] = []
    for load in (lambda: wording.terms, lambda: wording.library):
        try:
            load()
        except TemplateError as exc:
            problems += exc.problems
    sets = {code: main for code, main in template_sets().items() if only is None or code in only}
    used_by_group: dict[str, set[str]] = {SHARED: set()}
    unread: set[str] = set()  # sets whose skeletons could not be read: their keys are unknown
    for code, main in sets.items():
        from reportgen.template_files import uses

        try:
            calls = say_calls(env, uses(env, main))
        except ReportgenError as exc:
            problems += exc.problems
            unread.add(code)
            continue
        try:
            effective = wording.effective(code)
        except TemplateError as exc:
            problems += exc.problems
            unread.add(code)
            continue
        used = _check_calls(calls, effective, problems)
        used_by_group.setdefault(code, set()).update(used)
        used_by_group[SHARED].update(used)
    if user_dir is not None:
        groups = [] if unread else [SHARED]  # shared keys may be used by any set
        groups += [code for code in sets if code not in unread]
        problems += _unknown_keys(wording, used_by_group, groups)
    return _unique(problems)


def _check_calls(calls: list[Call], effective: dict[str, Found], problems: list[Problem]) -> set[str]:
    """Missing keys and unknown blanks; returns the keys the calls use."""
    used: dict[str, list[Call]] = {}
    for call in calls:
        keys = [k for k in effective if k.startswith(call.key)] if call.prefix else [call.key]
        if not call.prefix and call.key not in effective:
            hint = _did_you_mean(call.key, list(effective))
            problems.append(Problem(f"措辞库中没有“{call.key}”{hint}：请在措辞库 phrases.yaml 中补上这个键",
                                    file=call.file, line=call.line))
            continue
        if call.prefix and not keys:
            problems.append(Problem(f"措辞库中没有以“{call.key}”开头的键", file=call.file, line=call.line))
        for key in keys:
            used.setdefault(key, []).append(call)
    for key, key_calls in used.items():
        allowed = set(COMMON) | set.intersection(*(set(c.blanks) for c in key_calls))
        for variant in effective[key].phrase.variants:
            for blank in variant.blanks:
                if blank not in allowed:
                    own = sorted(allowed - set(COMMON))
                    shown = "、".join(f"{{{b}}}" for b in own) or "（只有每句都能用的空位）"
                    problems.append(Problem(f"未知的空位 {{{blank}}}：“{key}”可用的空位有 {shown}，"
                                            "以及每句都能用的空位（见 _shared/phrases.yaml 开头）",
                                            file=variant.file, line=variant.line, field=key))
    problems += _pick_sets(used, effective)
    return set(used)


def _pick_sets(used: dict[str, list[Call]], effective: dict[str, Found]) -> list[Problem]:
    """Keys chosen together (one pick) need as many variants each, or the sets fall apart."""
    by_pick: dict[str, set[str]] = {}
    for key, calls in used.items():
        for call in calls:
            if call.pick:
                by_pick.setdefault(call.pick, set()).add(key)
    out = []
    for keys in by_pick.values():
        counts = {key: len(effective[key].phrase.variants) for key in keys}
        if len(set(counts.values())) > 1:
            most = max(set(counts.values()), key=list(counts.values()).count)
            for key, n in sorted(counts.items()):
                if n != most:
                    phrase = effective[key].phrase
                    others = "、".join(sorted(k for k in keys if k != key))
                    message = (f"“{key}”有{n}种说法，与同一套的 {others} 的{most}种不一致："
                               "成套使用的说法要一样多")
                    out.append(Problem(message, file=phrase.file, line=phrase.line, field=key))
    return out


def _unknown_keys(wording: Wording, used: dict[str, set[str]], groups: list[str]) -> list[Problem]:
    out = []
    for group in groups:
        for _path, shown, custom in wording.files(group, PHRASES):
            if not custom:
                continue
            try:
                phrases = wording.group(group)
            except TemplateError:
                continue
            known = used.get(group, set())
            for key, found in phrases.items():
                if found.custom and found.phrase.file == shown and key not in known:
                    hint = _did_you_mean(key, sorted(known))
                    where = "任何报告" if group == SHARED else f"“{group}”"
                    out.append(Problem(f"未知的键“{key}”{hint}：{where}的模板都没有用到它",
                                       file=shown, line=found.phrase.line, field=key))
    return out


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"（是否想写 {close[0]}？）" if close else ""


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    out = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def require(env: SandboxedEnvironment, sets: list[str]) -> None:
    """Refuse to draft with a wrong wording folder: every problem at once (exit 2). Each set is
    checked once per environment; the built-in wording is held to this by the tests."""
    wording: Wording = env.wording  # type: ignore[attr-defined]
    if wording.user_dir is None:
        return
    checked: set[str] = env.__dict__.setdefault("_checked_sets", set())
    todo = [code for code in sets if code not in checked]
    if not todo:
        return
    problems = check(wording.user_dir, todo, env)
    if problems:
        raise TemplateError(problems)
    checked.update(todo)
