"""Values derived from the facts that templates word around: period phrases,
self-reference, the Party organisation's name, ordinals, problems paired with measures.

Pure functions of the facts: the same facts always give the same context.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from reportgen.compare import changes
from reportgen.problems import CODES, classify
from reportgen.reporttypes import TYPES
from reportgen.values import FactStr, Period, Record

# Unit kinds by the word a unit uses for itself (我镇, 全镇), longest names first.
_KIND_WORDS = (
    "街道", "社区", "中心", "公司", "集团", "学校", "医院", "协会",
    "镇", "乡", "村", "局", "委", "办", "区", "县", "市", "院", "校", "所", "部", "厅", "处",
    "站", "队", "馆", "社", "会", "室", "科", "股",
)
_PARTY_ORG = {
    "镇": "镇党委", "乡": "乡党委", "街道": "街道党工委", "村": "村党支部", "社区": "社区党委",
    "局": "局党组", "委": "委党组", "区": "区委", "县": "县委", "市": "市委", "厅": "厅党组",
    "院": "院党组", "学校": "校党委", "校": "校党委", "公司": "公司党委", "医院": "院党委",
}
_DEFAULT_PARTY_ORG = "党支部"
# Party organisations with a theory study centre group (理论学习中心组); a branch (支部,
# 总支) studies as a whole.
_CENTRE_GROUP_ORGS = ("党委", "党组", "党工委", "委员会", "区委", "县委", "市委")

_PERIOD_LABEL = {("Q", 1): "一季度", ("Q", 2): "二季度", ("Q", 3): "前三季度", ("Q", 4): "四季度",
                 ("H", 1): "上半年", ("H", 2): "下半年", ("Y", 0): "全年"}
_PERIOD_SINCE = {("Q", 1): "今年以来", ("Q", 2): "二季度以来", ("Q", 3): "今年以来",
                 ("Q", 4): "四季度以来", ("H", 1): "今年上半年以来", ("H", 2): "下半年以来",
                 ("Y", 0): "一年来"}
_NEXT_SPAN = {("Q", 1): "二季度", ("Q", 2): "下半年", ("Q", 3): "四季度", ("H", 1): "下半年"}

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


def unit_kind(unit: Record) -> str:
    """The unit's kind as given, else guessed from the last characters of its name."""
    if unit.kind:
        return str(unit.kind)
    name = str(unit.name or "")
    return next((k for k in _KIND_WORDS if name.endswith(k)), "")


def self_word(kind: str) -> str:
    """The word after 我/全: 镇, 局, 社区; 单位 for kinds we do not know."""
    if kind in _KIND_WORDS:
        return kind
    return next((k for k in _KIND_WORDS if kind.endswith(k)), "单位")


def party_org_names(unit: Record, kind: str) -> tuple[str, str]:
    """(short, full) names of the unit's Party organisation: (镇党委, 双胜镇党委)."""
    name = str(unit.name or "")
    short = str(unit.party_org) if unit.party_org else _PARTY_ORG.get(self_word(kind), _DEFAULT_PARTY_ORG)
    if (name and name in short) or short.startswith("中共"):
        return short, short
    word = self_word(kind)
    if word != "单位" and short.startswith(word) and name.endswith(word):
        return short, name + short[len(word):]
    return short, name + short


def study_group(org_short: str) -> dict[str, str]:
    """Who holds the collective study: 镇党委理论学习中心组 (中心组), or a branch itself: 村党支部 (支部)."""
    source = getattr(org_short, "source", "")
    if org_short.endswith(_CENTRE_GROUP_ORGS):
        return {"study_group": FactStr(f"{org_short}理论学习中心组", source), "study_group_short": "中心组"}
    return {"study_group": FactStr(str(org_short), source), "study_group_short": "支部"}


@dataclass(frozen=True)
class PeriodInfo:
    code: str
    year: FactStr
    label: str  # 上半年
    title: FactStr  # 2024年上半年 (2024年 for a whole year)
    since: str  # 上半年以来
    next_span: FactStr  # 下半年, or 2025年 after a whole year
    next_year: FactStr
    is_year: bool
    kind: str


def period_info(period: Period) -> PeriodInfo:
    key = (period.kind, period.n)
    label = _PERIOD_LABEL[key]
    year = period.year
    title = f"{year}年" if period.kind == "Y" else f"{year}年{label}"
    ends_year = key in (("Q", 4), ("H", 2), ("Y", 0))
    next_year = year + 1 if ends_year else year
    next_span = f"{next_year}年" if ends_year else _NEXT_SPAN[key]
    return PeriodInfo(
        code=period.code,
        year=FactStr(str(year), "period"),
        label=label,
        title=FactStr(title, "period"),
        since=_PERIOD_SINCE[key],
        next_span=FactStr(next_span, "period"),
        next_year=FactStr(str(next_year), "period"),
        is_year=period.kind == "Y",
        kind=period.kind,
    )


def chinese_date(value: Any) -> FactStr:
    """2024-07-05 → 2024年7月5日, as 公文 dates are written."""
    return FactStr(f"{value.year}年{value.month}月{value.day}日", "date")


@dataclass(frozen=True)
class ProblemItem:
    code: str | None  # a library code, or None for a problem in the user's words
    text: FactStr | None  # the user's words


@dataclass(frozen=True)
class PlanItem:
    code: str | None  # the library measure to word, or None
    text: FactStr | None  # a next step in the user's words


def resolve_problems(problems: list[FactStr]) -> list[ProblemItem]:
    """Library codes apart from problems in the user's words (validation keeps codes exact)."""
    return [ProblemItem(str(p), None) if p in CODES else ProblemItem(None, p) for p in problems]


def plan(problems: list[ProblemItem], next_steps: list[FactStr]) -> list[PlanItem]:
    """Next steps as given; else one measure per problem, in the problems' order."""
    if next_steps:
        return [PlanItem(None, step) for step in next_steps]
    items: list[PlanItem] = []
    seen: set[str | None] = set()
    for p in problems:
        code = p.code or (classify(str(p.text)) if p.text else None)
        if code in seen:  # None too: one general measure answers every problem no code fits
            continue
        seen.add(code)
        items.append(PlanItem(code, None))
    if not items:
        items = [PlanItem(code, None) for code in DEFAULT_PLAN]
    return items


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
    base = "|".join(seed)

    def variant(key: str, n: int) -> int:
        digest = hashlib.sha256(f"{base}|{key}".encode()).digest()
        return int.from_bytes(digest[:8], "big") % max(1, int(n))

    return variant


def build_context(facts: Record, previous: Record | None = None) -> dict[str, Any]:
    """Everything a template may use: the facts blocks and the values derived from them.

    previous, the same unit's facts for the same period a year earlier, gives `compare`.
    """
    unit = facts.unit
    kind = unit_kind(unit)
    word = self_word(kind)
    org_short, org_full = party_org_names(unit, kind)
    if unit.party_org:
        org_short = FactStr(org_short, "unit.party_org")
    meeting = facts.meeting
    speaker = meeting.speaker or unit.secretary
    speaker_title = meeting.speaker_title or (
        FactStr(f"{org_short}书记", "unit.party_org") if speaker and speaker == unit.secretary else None
    )
    problems = resolve_problems(facts.problems)
    period = period_info(facts.period)
    steps = [without_span(step, str(period.next_span)) for step in facts.next_steps]
    ctx: dict[str, Any] = {name: getattr(facts, name) for name in facts.as_dict()}
    ctx.update(
        report_name=TYPES[str(facts.type)].name,
        period=period,
        date_cn=chinese_date(facts.date),
        we="我" + word,
        whole="全" + word,
        org=FactStr(org_full, "unit.name" if str(unit.name) in org_full else "unit.party_org"),
        org_short=org_short,
        **study_group(org_short),
        speaker=speaker,
        speaker_title=speaker_title,
        problems=problems,
        plan=plan(problems, steps),
        variant=variant_picker(str(facts.type), str(unit.name), period.code),
        compare=changes(facts, previous),
    )
    ctx.update(type_values(facts, ctx))
    return ctx


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


def leader_role(name: str | None, title: str | None, unit: Record) -> str:
    """How a leader answers for ideological work, which decides how a duty report or a
    speech words it: "first" (the Party secretary, 第一责任人), "direct" (the leader in
    charge, 直接责任) or "member" (another leader, 一岗双责)."""
    name, title = str(name or ""), str(title or "")
    head = title.split("、")[0]
    if name and name == unit.secretary:
        return "first"
    if (name and name == unit.deputy) or "宣传" in title:
        return "direct"
    if head.endswith("书记") and "副书记" not in head and "纪" not in head:
        return "first"
    return "member"


def qualified_title(
    title: FactStr | None, unit: Record, kind: str, org_short: str
) -> list[FactStr]:
    """A post named from inside the unit, named from outside it: 局党组书记、局长 →
    青川市交通运输局 + 党组书记、局长. Parts keep their own sources, so templates print them
    with `| join("")`. Posts that do not start from the unit stay as given; no post, no parts."""
    if not title:
        return []
    name = unit.name
    word = self_word(kind)
    text = str(title)
    if not name or str(name) in text:
        return [title]
    if word != "单位" and text.startswith(word) and str(name).endswith(word):
        return [name, FactStr(text[len(word):], title.source)]
    if text.startswith(org_short):
        return [name, title]
    return [title]


def type_values(facts: Record, ctx: dict[str, Any]) -> dict[str, Any]:
    """Context values the duty and speech templates word around."""
    unit = facts.unit
    return {
        "focus_order": speech_focus(facts),
        "duty_role": leader_role(facts.person.name, facts.person.title, unit),
        "speaker_role": leader_role(ctx["speaker"], ctx["speaker_title"], unit),
        "person_title": qualified_title(facts.person.title, unit, unit_kind(unit),
                                        str(ctx["org_short"])),
        "speaker_full_title": qualified_title(ctx["speaker_title"], unit, unit_kind(unit),
                                              str(ctx["org_short"])),
    }
