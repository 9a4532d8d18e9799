"""Values derived from the facts that templates word around: period phrases,
self-reference, the Party organisation's name, ordinals, problems paired with measures.

Pure functions of the facts: the same facts always give the same context.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from reportgen.compare import changes
from reportgen.problems import Library
from reportgen.terms import Terms, UnitKind
from reportgen.values import Count, FactStr, Period, Record
from reportgen.wording import PROBLEM_SOURCE, Wording

# Measures planned when the facts name neither problems nor next steps.
DEFAULT_PLAN = ("responsibility_awareness", "study_depth", "online_management", "team_capacity")

_CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (for ordinals up to 99)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN_DIGITS[ones]
    head = "" if tens == 1 else _CN_DIGITS[tens]
    return head + "十" + (_CN_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class UnitWords:
    """How a unit speaks of itself and its area, from the word lists (terms.yaml)."""

    kind: str  # the kind word matched: 镇, 街道, 局; "" when none matched
    terms: UnitKind
    we: str  # 我镇
    whole: str  # 全镇
    area: str  # 县 for 县委宣传部
    people: str  # 群众, 师生


def unit_words(unit: Record, terms: Terms) -> UnitWords:
    name = str(unit.name or "")
    kind, words = terms.kind_of(str(unit.kind or ""), name)
    area = terms.area(name)
    whole = words.scope.fill(area=area) if area or "area" not in words.scope.blanks else terms.no_area_scope
    return UnitWords(kind, words, words.self_word, whole, area, terms.people(name, words))


def party_org_names(unit: Record, words: UnitWords, terms: Terms) -> tuple[str, str]:
    """(short, full) names of the unit's Party organisation: (镇党委, 双胜镇党委)."""
    name = str(unit.name or "")
    short = str(unit.party_org) if unit.party_org else words.terms.org
    if (name and name in short) or short.startswith(terms.party_prefix):
        return short, short
    # 学校党支部 of 城关中学: the generic word stands for the unit itself → 城关中学党支部
    generic = next((g for g in terms.org_stand_ins if short.startswith(g) and len(short) > len(g)), "")
    if generic:
        return short, name + short[len(generic):]
    # 双胜镇 + 镇党委 → 双胜镇党委, 县人民医院 + 院党委 → 县人民医院党委: the overlap is said once,
    # where what follows it names the organisation (党委, 党组, 机关党支部), not another word
    overlap = next((n for n in range(min(len(name), len(short), 3), 0, -1)
                    if name.endswith(short[:n]) and short[n:].startswith(terms.org_heads)), 0)
    return short, name + short[overlap:]


def study_group(org_short: str, terms: Terms, level: str = "") -> dict[str, Any]:
    """Who holds the collective study: 镇党委理论学习中心组 (中心组), or a branch itself: 村党支部 (支部);
    and the meeting its members examine themselves at: 民主生活会 for a leading group (a county's
    bodies, a 乡镇党委), 组织生活会 for a branch, and for a village's or community's 党委 too."""
    source = getattr(org_short, "source", "")
    if org_short.endswith(terms.centre_group_orgs):
        group = terms.centre_group.fill(org=org_short)
        meeting = terms.life_meeting_branch if level == GRASSROOTS else terms.life_meeting_group
        return {"study_group": FactStr(group, source), "study_group_short": terms.centre_group_short,
                "life_meeting": meeting, "leading_group": level != GRASSROOTS}
    return {"study_group": FactStr(str(org_short), source), "study_group_short": terms.branch_short,
            "life_meeting": terms.life_meeting_branch, "leading_group": False}


GRASSROOTS = "grassroots"  # the level of villages and communities (terms.yaml kinds)

# The blocks of work a report tells section by section; their depth decides how strongly a
# section's heading may speak (one training is not 锻造过硬队伍).
WORK_BLOCKS = ("responsibility", "study", "positions", "publicity", "online", "team")
_STORY = ("practice", "effect", "case")  # free-text facts that tell a section's story


def depth(facts: Record) -> Record:
    """For each block of work, how many of its facts are given (zero counts and the story's free
    text not counted), and whether it tells a story; highlights by number."""
    out: dict[str, Any] = {}
    for name in WORK_BLOCKS:
        block = getattr(facts, name, None)
        values = block.as_dict() if isinstance(block, Record) else {}
        given = [k for k, v in values.items() if k not in _STORY and _given(v)]
        out[name] = len(given)
        out[f"{name}_story"] = any(_given(values.get(k)) for k in _STORY)
    out["highlights"] = len(facts.highlights or [])
    return Record(out)


def _given(value: Any) -> bool:
    if isinstance(value, Count):
        return value.value > 0
    if isinstance(value, Record):
        return bool(value)
    return value is not None and value is not False and value != [] and value != ""


# The block of work each built-in problem code speaks of: a block the unit itself names as weak
# is not showcased with a strong heading. Codes a user adds map to no block.
PROBLEM_BLOCKS = {
    "responsibility_awareness": "responsibility", "mechanism_longterm": "responsibility",
    "situation_judgement": "responsibility", "supervision": "responsibility",
    "study_depth": "study", "study_methods": "study", "position_use": "positions",
    "publicity_innovation": "publicity", "culture_supply": "publicity", "external_publicity": "publicity",
    "online_management": "online", "online_guidance": "online", "team_capacity": "team",
}
STRONG_DEPTH = 3  # facts a block needs (without a story of its own) to be showcased strongly
THIN_DEPTH = 1  # a block with this many facts or fewer, and no story, is merged, not showcased


def weak_blocks(problems: list[ProblemItem], library: Library) -> set[str]:
    """The blocks of work the unit's own problems speak of (free-written ones as classified)."""
    codes = [p.code or (library.classify(str(p.text)) if p.text else None) for p in problems]
    return {PROBLEM_BLOCKS[c] for c in codes if c in PROBLEM_BLOCKS}


def strength(facts_depth: Record, weak: set[str]) -> Record:
    """How strongly each block of work may be told: "strong" (three facts or a story of its own,
    and not among the unit's problems), "thin" (one fact or none, and no story: merged with
    others rather than given a heading of its own), else "plain"."""
    out: dict[str, str] = {}
    for name in WORK_BLOCKS:
        n, story = getattr(facts_depth, name), getattr(facts_depth, f"{name}_story")
        if n <= THIN_DEPTH and not story:
            out[name] = "thin"
        elif (n >= STRONG_DEPTH or story) and name not in weak:
            out[name] = "strong"
        else:
            out[name] = "plain"
    return Record(out)


_CLAUSE = re.compile(r"[，；：,;:]")
HEADLINE_CHARS = (4, 16)  # a highlight's first clause this long can head a title


def headline(facts: Record) -> FactStr | None:
    """The first clause of the first highlight that can stand as a title (4 to 16 characters, no
    digits): 把理论宣讲搬进茶园、茶厂."""
    low, high = HEADLINE_CHARS
    for text in facts.highlights or []:
        clause = _CLAUSE.split(str(text), maxsplit=1)[0].strip()
        if low <= len(clause) <= high and not any(c.isdigit() for c in clause):
            return FactStr(clause, getattr(text, "source", ""))
    return None


_QUOTED = re.compile(r"“([^“”]{2,12})”")


def brand(facts: Record) -> FactStr | None:
    """The unit's own named practice, in quotation marks in its facts: “茶山夜话”. Highlights are
    looked in first, then activities, then the practices of each block."""
    texts: list[FactStr] = list(facts.highlights or [])
    texts += [a.name for a in (facts.publicity.activities or []) if a.name]
    texts += [getattr(facts, b).practice for b in WORK_BLOCKS if getattr(getattr(facts, b), "practice", None)]
    for text in texts:
        m = _QUOTED.search(str(text))
        if m:
            return FactStr(m.group(1), getattr(text, "source", ""))
    return None


@dataclass(frozen=True)
class PeriodInfo:
    code: str
    year: FactStr
    label: str  # 上半年
    title: FactStr  # 2024年上半年 (2024年 for a whole year)
    since: str  # 今年以来
    next_span: FactStr  # 下半年, or 2025年 after a whole year
    next_year: FactStr
    is_year: bool
    kind: str
    slot: str  # Q1…Q4, H1, H2, Y
    year_title: FactStr  # the period's whole year: 2025年


def period_slot(period: Period) -> str:
    return "Y" if period.kind == "Y" else f"{period.kind}{period.n}"


def period_info(period: Period, terms: Terms) -> PeriodInfo:
    slot = period_slot(period)
    words = terms.periods[slot]
    year = period.year
    ends_year = slot in ("Q4", "H2", "Y")
    next_year = year + 1 if ends_year else year
    return PeriodInfo(
        code=period.code,
        year=FactStr(str(year), "period"),
        label=words.label,
        title=FactStr(words.title.fill(year=year), "period"),
        since=words.since,
        next_span=FactStr(words.next.fill(year=year, next_year=next_year), "period"),
        next_year=FactStr(str(next_year), "period"),
        is_year=period.kind == "Y",
        kind=period.kind,
        slot=slot,
        year_title=FactStr(terms.periods["Y"].title.fill(year=year), "period"),
    )


def chinese_date(value: Any, terms: Terms) -> FactStr:
    """2024-07-05 → 2024年7月5日, as 公文 dates are written (GB/T 9704-2012 §7.3.5)."""
    return FactStr(terms.date.fill(year=value.year, month=value.month, day=value.day), "date")


@dataclass(frozen=True)
class ProblemItem:
    code: str | None  # a library code, or None for a problem in the user's words
    text: FactStr | None  # the user's words
    nth: int = 0  # how many problems of the same code come before it
    cause: FactStr | None = None  # why, in the user's words
    measure: FactStr | None = None  # its measure, in the user's words
    deadline: FactStr | None = None  # by when: 2025年6月底前
    owner: FactStr | None = None  # who leads the work on it


@dataclass(frozen=True)
class PlanItem:
    code: str | None  # the library measure to word, or None
    text: FactStr | None  # a next step or the problem's own measure, in the user's words
    nth: int = 0  # how many measures of the same code come before it: each gets its own wording
    deadline: FactStr | None = None
    owner: FactStr | None = None


def resolve_problems(problems: list[Record], library: Library, terms: Terms) -> list[ProblemItem]:
    """Library codes apart from problems in the user's words (validation keeps codes exact), each
    with what the facts say of its cause and measure; a dated deadline written as 公文 dates are."""
    codes = library.codes
    out: list[ProblemItem] = []
    for p in problems:
        said = p.problem
        code = str(said) if said in codes else None
        nth = sum(1 for q in out if q.code == code) if code else 0
        deadline = p.deadline
        if deadline is not None and not isinstance(deadline, str):
            source = f"{getattr(p, '_source', '')}.deadline"
            said_date = terms.deadline.fill(year=deadline.year, month=deadline.month, day=deadline.day)
            deadline = FactStr(said_date, source)
        out.append(ProblemItem(code, None if code else said, nth, p.cause, p.measure, deadline, p.owner))
    return out


def plan(problems: list[ProblemItem], next_steps: list[FactStr], library: Library,
         variant: Callable[[str, int], int] | None = None) -> list[PlanItem]:
    """Next steps as given; else one measure per problem, in the problems' order: every problem
    has its measure and every measure its problem. A problem in the user's words gets the measure
    of the code it reads like, or the generic one; a code met again, its next wording.
    variant, the draft's variant picker: a problem in the user's words then gets the measure of
    the library story its words are closest to (see answer_in_kind)."""
    if next_steps:
        return [PlanItem(None, step) for step in next_steps]
    codes = [p.code or (library.classify(str(p.text)) if p.text else None) for p in problems]
    nths = [_measure_nth(problems, codes, at) for at in range(len(problems))]
    if variant is not None:
        nths = answer_in_kind(problems, codes, nths, library, variant)
    items = [PlanItem(code, p.measure, nth, p.deadline, p.owner)
             for p, code, nth in zip(problems, codes, nths, strict=True)]
    if not items:
        items = [PlanItem(code, None) for code in DEFAULT_PLAN if code in library.codes]
    return items


def _measure_nth(problems: list[ProblemItem], codes: list[str | None], at: int) -> int:
    """Which wording of its code the measure of problems[at] takes. A library problem takes the
    number its problem sentence took (the k-th problem is answered by the k-th measure); a
    problem in the user's words that reads like a code (codes[at]) comes after every library
    problem of that code, so that no two measures of one draft share a wording."""
    code = codes[at]
    if problems[at].code is not None:
        return problems[at].nth
    library_ones = sum(1 for p in problems if p.code is not None and p.code == code)
    free_before = sum(1 for p, c in zip(problems[:at], codes, strict=False) if p.code is None and c == code)
    return library_ones + free_before


def answer_in_kind(problems: list[ProblemItem], codes: list[str | None], nths: list[int], library: Library,
                   variant: Callable[[str, int], int]) -> list[int]:
    """The measure wording (as nth) for each problem in the user's words that reads like a code:
    the story whose problem sentence shares most with the user's words (使用率不高 → the measure
    that puts idle positions to use), among the wordings no other measure of the draft takes.
    Library problems keep theirs; a sentence sharing nothing keeps its place in the rotation."""
    out = list(nths)
    taken: dict[str, set[int]] = {}  # code → the wordings its measures take in this draft
    sizes: dict[str, tuple[int, int]] = {}  # code → (number of wordings, the draft's base)
    for known in {c for c in codes if c is not None and c in library.codes}:
        phrase = library.codes[known].problems
        n = len(phrase.variants) if phrase else 1
        base = variant(f"{PROBLEM_SOURCE}{known}", n)
        sizes[known] = (n, base)
        taken[known] = {(base + nth) % n for p, nth in zip(problems, nths, strict=True) if p.code == known}
    for at, (p, code) in enumerate(zip(problems, codes, strict=True)):
        if p.code is not None or code is None or code not in sizes or not p.text:
            continue
        n, base = sizes[code]
        best = library.closest(code, str(p.text), taken[code])
        if best is not None:
            out[at] = (best - base) % n
        taken[code].add((base + out[at]) % n)
    return out


def spare_the_facts(problems: list[ProblemItem], library: Library, variant: Callable[[str, int], int],
                    said: str) -> list[ProblemItem]:
    """Library problems whose wording for this draft calls lacking what the facts' own words show
    done (短视频用得少 beside a highlight on a short video) take the next wording that does not,
    among those no other problem of the same code takes; the measure follows (plan)."""
    out = list(problems)
    for at, p in enumerate(problems):
        entry = library.codes.get(p.code or "")
        if p.code is None or entry is None or entry.problems is None:
            continue
        n = len(entry.problems.variants)
        base = variant(f"{PROBLEM_SOURCE}{p.code}", n)
        taken = {(base + q.nth) % n for q in out if q.code == p.code and q is not out[at]}
        for step in range(n):
            index = (base + p.nth + step) % n
            if index not in taken and not library.denies(p.code, index, said):
                if step:
                    out[at] = replace(p, nth=(index - base) % n)
                break
    return out


def facts_said(facts: Record) -> str:
    """The unit's own words about what it did: highlights, each block's practice, effect and case,
    activities, positions and the person's own practice."""
    texts: list[Any] = list(facts.highlights or [])
    for name in WORK_BLOCKS:
        block = getattr(facts, name, None)
        texts += [getattr(block, k, None) for k in _STORY]
    texts += [a.name for a in (facts.publicity.activities or [])]
    texts += list(facts.positions.media or [])
    texts.append(facts.person.practice)
    return "\n".join(str(t) for t in texts if t)


def answers(problems: list[ProblemItem], library: Library,
            variant: Callable[[str, int], int] | None = None) -> list[PlanItem]:
    """One measure per problem, in the problems' order, whether or not the facts also give next
    steps: a 述职报告 answers each of its 差距 with a commitment, then lists the steps."""
    return plan(problems, [], library, variant) if problems else []


def without_span(step: FactStr, span: str) -> FactStr:
    """A next step less a leading "2025年，" that the plan's own lead already says."""
    text = str(step)
    if span and text.startswith(span) and len(text) > len(span):
        rest = text[len(span):].lstrip("，, ")
        if rest:
            return FactStr(rest, step.source)
    return step


def variant_picker(*seed: str) -> Any:
    """variant(key, n): a phrasing index in [0, n), fixed for a seed (type, unit, period) and a
    sentence: the same facts give the same draft, and a unit's quarterly reports differ."""
    prefix = hashlib.sha256(f"{'|'.join(seed)}|".encode())  # hashed once; each key goes on a copy
    known: dict[tuple[str, int], int] = {}  # a draft asks for the same key many times

    def variant(key: str, n: int) -> int:
        found = known.get((key, n))
        if found is None:
            digest = prefix.copy()
            digest.update(key.encode())
            found = known[key, n] = int.from_bytes(digest.digest()[:8], "big") % max(1, int(n))
        return found

    return variant


def build_context(facts: Record, wording: Wording, previous: Record | None = None) -> dict[str, Any]:
    """Everything a template may use: the facts blocks and the values derived from them.

    previous, the same unit's facts for the same period a year earlier, gives `compare`.
    """
    terms = wording.terms
    unit = facts.unit
    words = unit_words(unit, terms)
    org_short, org_full = party_org_names(unit, words, terms)
    if unit.party_org:
        org_short = FactStr(org_short, "unit.party_org")
    org = FactStr(org_full, "unit.name" if str(unit.name) in org_full else "unit.party_org")
    meeting = facts.meeting
    speaker = meeting.speaker or unit.secretary
    speaker_title = meeting.speaker_title or (
        FactStr(f"{org_short}{terms.role_head}", "unit.party_org")
        if speaker and speaker == unit.secretary else None
    )
    library = wording.library
    period = period_info(facts.period, terms)
    variant = variant_picker(str(facts.type), str(unit.name), period.code)
    problems = resolve_problems(facts.problems, library, terms)
    problems = spare_the_facts(problems, library, variant, facts_said(facts))
    steps = [without_span(step, str(period.next_span)) for step in facts.next_steps]
    date_cn = chinese_date(facts.date, terms)
    superior = unit.superior or terms.superior
    level = terms.levels[words.terms.level]
    # A report dated in the first quarter of its period's own first quarter (a work meeting in
    # February) looks back on the year before: its review names that year.
    looks_back = period.slot == "Q1" and facts.date.year == facts.period.year and facts.date.month <= 3
    # the year before the period's own: traced to the period, whose year it is computed from
    last_year = FactStr(terms.periods["Y"].title.fill(year=facts.period.year - 1), "period")
    facts_depth = depth(facts)
    measures = answers(problems, library, variant)  # the plan too, where the facts give no next steps
    ctx: dict[str, Any] = {name: getattr(facts, name) for name in facts.as_dict()}
    ctx.update(
        report_code=str(facts.type),
        period=period,
        date_cn=date_cn,
        we=words.we,
        whole=words.whole,
        people=words.people,
        level=words.terms.level,
        platforms=level.platforms,
        reach=terms.reach(str(unit.name or ""), words.terms),
        staff=terms.staff(words.terms),
        looks_back=looks_back,
        last_year=last_year,
        depth=facts_depth,
        strength=strength(facts_depth, weak_blocks(problems, library)),
        brand=brand(facts),
        headline=headline(facts),
        org=org,
        org_short=org_short,
        superior=superior,
        **study_group(org_short, terms, words.terms.level),
        speaker=speaker,
        speaker_title=speaker_title,
        problems=problems,
        problem_titles={code: entry.label for code, entry in library.entries.items()},  # 理论学习不够深入
        plan=measures if problems and not steps else plan(problems, steps, library, variant),
        plan_steps=bool(steps),  # the facts' own next steps, listed as written
        answers=measures,  # a measure for each problem, even beside next steps
        variant=variant,
        compare=changes(facts, previous),
    )
    ctx["blanks"] = common_blanks(ctx)
    ctx.update(type_values(facts, ctx, terms))
    return ctx


def common_blanks(ctx: dict[str, Any]) -> dict[str, Any]:
    """The blanks every phrase may use without the skeleton passing them (say.COMMON)."""
    period: PeriodInfo = ctx["period"]
    unit = ctx.get("unit")
    return {
        "we": ctx["we"], "whole": ctx["whole"], "people": ctx.get("people"),
        "org": ctx.get("org_short"), "org_full": ctx.get("org"),
        "unit": unit.name if unit is not None else None, "superior": ctx.get("superior"),
        "since": period.since, "label": period.label, "period": period.title,
        # a February meeting that looks back on last year plans this whole year, not the next quarter
        "next": period.year_title if ctx.get("looks_back") else period.next_span,
        "year": period.year, "next_year": period.next_year,
        "date": ctx["date_cn"], "life_meeting": ctx.get("life_meeting"), "platforms": ctx.get("platforms"),
        "reach": ctx.get("reach"), "last_year": ctx.get("last_year"),
    }


# --- values particular report types word around (duty, speech) ------------------------

# Speech sections when the facts name no `focus`, in the order a secretary's speech takes
# them. Awareness, responsibility and mechanisms always stand; each other section only
# where the facts hold something it can point to (see _FOCUS_NEEDS).
DEFAULT_FOCUS = (
    "awareness", "responsibility", "coordination", "study", "positions", "online", "team",
    "mechanisms",
)
_FOCUS_NEEDS: dict[str, tuple[str, ...]] = {
    "coordination": ("unit.deputy", "responsibility.letters_signed",
                     "responsibility.inspected_units"),
    "study": ("study",),
    "positions": ("positions", "publicity"),
    "online": ("online",),
    "team": ("team",),
}


def _present(facts: Record, path: str) -> bool:
    value: Any = facts
    for part in path.split("."):
        value = getattr(value, part, None)
    return bool(value)


def speech_focus(facts: Record) -> list[str]:
    """The speech's sections: `focus` as given (repeats dropped), else the default order."""
    if facts.focus:
        return list(dict.fromkeys(str(code) for code in facts.focus))
    return [
        code for code in DEFAULT_FOCUS
        if code not in _FOCUS_NEEDS or any(_present(facts, p) for p in _FOCUS_NEEDS[code])
    ]


def leader_role(name: str | None, title: str | None, unit: Record, terms: Terms) -> str:
    """How a leader answers for ideological work, which decides how a duty report or a
    speech words it: "first" (the Party secretary, 第一责任人), "direct" (the leader in
    charge, 直接责任) or "member" (another leader, 一岗双责)."""
    name, title = str(name or ""), str(title or "")
    head = title.split("、")[0]
    if name and name == unit.secretary:
        return "first"
    if (name and name == unit.deputy) or any(word in title for word in terms.role_in_charge):
        return "direct"
    if head.endswith(terms.role_head) and not any(word in head for word in terms.role_not_head):
        return "first"
    return "member"


def qualified_title(title: FactStr | None, unit: Record, kind: str, org_short: str) -> list[FactStr]:
    """A post named from inside the unit, named from outside it: 局党组书记、局长 →
    青川市交通运输局 + 党组书记、局长. Parts keep their own sources, so templates print them
    with `| join("")`. Posts that do not start from the unit stay as given; no post, no parts."""
    if not title:
        return []
    name = unit.name
    text = str(title)
    if not name or str(name) in text:
        return [title]
    if kind and text.startswith(kind) and str(name).endswith(kind):
        return [name, FactStr(text[len(kind):], title.source)]
    if text.startswith(org_short):
        return [name, title]
    return [title]


def type_values(facts: Record, ctx: dict[str, Any], terms: Terms) -> dict[str, Any]:
    """Context values the duty and speech templates word around."""
    unit = facts.unit
    kind = unit_words(unit, terms).kind
    org_short = str(ctx["org_short"])
    return {
        "focus_order": speech_focus(facts),
        "duty_role": leader_role(facts.person.name, facts.person.title, unit, terms),
        "speaker_role": leader_role(ctx["speaker"], ctx["speaker_title"], unit, terms),
        "person_title": qualified_title(facts.person.title, unit, kind, org_short),
        "speaker_full_title": qualified_title(ctx["speaker_title"], unit, kind, org_short),
    }
