"""The word lists drafting picks from by rule: unit kinds (我镇/全镇/镇党委), periods (一季度,
今年以来), the date form, ordinals (一是/首先), study groups, leaders' roles, body names.

They live in templates/_shared/terms.yaml, beside the phrasebooks, so that a clerk can add a
unit kind or change a period's wording without touching Python. A user's terms.yaml (in
--templates DIR) overrides the built-in one entry by entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.errors import Problem
from reportgen.loading import Key, Loaded
from reportgen.phrasebook import Blank, Optional, Part, VariantError, parse_variant, read

LEVELS = ("township", "grassroots", "department", "committee", "school", "hospital", "enterprise")
PERIOD_SLOTS = ("Q1", "Q2", "Q3", "Q4", "H1", "H2", "Y")
_KIND_FIELDS = ("self", "scope", "org", "level", "people")
_KIND_OPTIONAL = ("reach", "staff")  # a kind's own words where its level's do not fit


@dataclass(frozen=True)
class Template:
    """A short text with blanks ({year}, {area}), filled by rule, not chosen by variant."""

    text: str
    parts: tuple[Part, ...]

    def fill(self, **values: Any) -> str:
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, Blank):
                out.append(str(values.get(part.name, "")))
            elif isinstance(part, Optional) and all(values.get(n) for n in part.blanks):
                out += [p if isinstance(p, str) else str(values[p.name]) for p in part.parts]
        return "".join(out)

    @property
    def blanks(self) -> set[str]:
        names: set[str] = set()
        for part in self.parts:
            if isinstance(part, Blank):
                names.add(part.name)
            elif isinstance(part, Optional):
                names.update(part.blanks)
        return names


@dataclass(frozen=True)
class UnitKind:
    self_word: str  # 我镇
    scope: Template  # 全镇, 全{area}
    org: str  # 镇党委
    level: str  # one of LEVELS
    people: str  # 群众
    reach: str | None = None  # overrides the level's (基层 for 宣传部, "" for 地方志办)
    staff: str | None = None  # overrides the level's


@dataclass(frozen=True)
class PeriodWords:
    label: str
    since: str
    title: Template
    next: Template


@dataclass(frozen=True)
class LevelWords:
    platforms: str  # the unit's online platforms: 镇村两级新媒体账号和工作群
    reach: str  # where study and publicity reach down to: 村组; "" for villages
    staff: str = ""  # the unit's own staff, who study together: 机关干部, 教职工


@dataclass(frozen=True)
class Ordinal:
    each: Template  # {n}是
    words: tuple[str, ...] = ()
    last: str = ""


@dataclass(frozen=True)
class Terms:
    kinds: dict[str, UnitKind]
    unknown_kind: UnitKind
    people_by_name: dict[str, str]
    reach_by_name: dict[str, str]
    areas: tuple[str, ...]
    no_area_scope: str
    periods: dict[str, PeriodWords]
    date: Template
    deadline: Template
    centre_group_orgs: tuple[str, ...]
    centre_group: Template
    centre_group_short: str
    branch_short: str
    life_meeting_group: str
    life_meeting_branch: str
    levels: dict[str, LevelWords]
    role_head: str
    role_not_head: tuple[str, ...]
    role_in_charge: tuple[str, ...]
    ordinals: dict[str, Ordinal]
    bodies: tuple[str, ...]
    party_prefix: str
    superior: str
    org_heads: tuple[str, ...]
    org_stand_ins: tuple[str, ...]
    files: tuple[str, ...]  # where they were read from, built-in first

    def kind_of(self, kind: str, name: str) -> tuple[str, UnitKind]:
        """The kind word and its terms: the kind as given (or its longest known ending), else
        the longest known ending of the unit's name."""
        by_length = sorted(self.kinds, key=len, reverse=True)
        for text in (kind, name) if kind else (name,):
            if text in self.kinds:
                return text, self.kinds[text]
            found = next((k for k in by_length if text.endswith(k)), None)
            if found:
                return found, self.kinds[found]
        return "", self.unknown_kind

    def area(self, name: str) -> str:
        """县 for 县委宣传部: the first area word of the name ("" if none)."""
        hits = [(name.find(w), -len(w), w) for w in self.areas if w in name]
        return min(hits)[2] if hits else ""

    def people(self, name: str, kind: UnitKind) -> str:
        return next((p for word, p in self.people_by_name.items() if word in name), kind.people)

    def reach(self, name: str, kind: UnitKind) -> str:
        """Where a unit's study and publicity reach down to: by its name (县教育局 → 各学校),
        else its kind's own word, else its level's."""
        by_name = next((r for word, r in self.reach_by_name.items() if word in name), None)
        if by_name is not None:
            return by_name
        return kind.reach if kind.reach is not None else self.levels[kind.level].reach

    def staff(self, kind: UnitKind) -> str:
        """The unit's own staff (机关干部, 教职工): its kind's word, else its level's."""
        return kind.staff if kind.staff is not None else self.levels[kind.level].staff


# --- reading -----------------------------------------------------------------------------------

Sink = Callable[[Key, str], None]


class _Reader:
    """Reads one terms file into a dict of typed entries; problems located in that file."""

    def __init__(self, loaded: Loaded, display: str) -> None:
        self.loaded = loaded
        self.display = display
        self.problems: list[Problem] = []

    def error(self, key: Key, message: str) -> None:
        mark = self.loaded.key_marks.get(key) or self.loaded.mark(key)
        field = ".".join(str(k) for k in key)
        self.problems.append(Problem(message, file=self.display, line=mark.line if mark else None,
                                     column=mark.column if mark else None, field=field or None))

    def text(self, value: Any, key: Key) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        self.error(key, "应为一段文字")
        return None

    def words(self, value: Any, key: Key) -> tuple[str, ...] | None:
        if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value)
        self.error(key, "应为文字的列表，如 [甲, 乙]")
        return None

    def template(self, value: Any, key: Key, blanks: set[str]) -> Template | None:
        text = self.text(value, key)
        if text is None:
            return None
        try:
            parts = parse_variant(text)
        except VariantError as exc:
            self.error(key, str(exc))
            return None
        made = Template(text, parts)
        unknown = sorted(made.blanks - blanks)
        if unknown:
            allowed = "、".join(f"{{{b}}}" for b in sorted(blanks)) or "（此处不能有空位）"
            self.error(key, f"未知的空位 {{{unknown[0]}}}：此处可用 {allowed}")
            return None
        return made

    def mapping(self, value: Any, key: Key) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        self.error(key, "应为一组“名称: 值”")
        return None

    def fields(self, value: Any, key: Key, names: tuple[str, ...], optional: tuple[str, ...] = ()) -> bool:
        entry = self.mapping(value, key)
        if entry is None:
            return False
        ok = True
        for name in entry:
            if name not in names + optional:
                from reportgen.kinds import did_you_mean

                self.error((*key, name), f"未知的项“{name}”{did_you_mean(name, list(names + optional))}；"
                                         f"此处可用：{'、'.join(names + optional)}")
                ok = False
        for name in names:
            if name not in entry:
                self.error(key, f"缺少“{name}”")
                ok = False
        return ok

    def kind(self, value: Any, key: Key) -> UnitKind | None:
        if not self.fields(value, key, _KIND_FIELDS, _KIND_OPTIONAL):
            return None
        level = value["level"]
        if level not in LEVELS:
            self.error((*key, "level"), f"层级“{level}”无效：应为 {'、'.join(LEVELS)} 之一")
            return None
        texts = [self.text(value[f], (*key, f)) for f in ("self", "org", "people")]
        scope = self.template(value["scope"], (*key, "scope"), {"area"})
        extra = {f: self.may_be_empty(value[f], (*key, f)) for f in _KIND_OPTIONAL if f in value}
        if None in texts or scope is None or None in extra.values():
            return None
        return UnitKind(texts[0], scope, texts[1], level, texts[2], **extra)  # type: ignore[arg-type]

    def may_be_empty(self, value: Any, key: Key) -> str | None:
        if isinstance(value, str):
            return value.strip()
        self.error(key, "应为一段文字（可以为空：\"\"）")
        return None


_SECTIONS = ("kinds", "unknown_kind", "people_by_name", "reach_by_name", "names", "areas", "no_area_scope",
             "periods", "date", "deadline", "study", "levels", "roles", "ordinals", "bodies")


def read_file(path: Path, display: str) -> tuple[dict[str, Any], list[Problem]]:
    """One terms file: its sections, each entry typed; and every problem in it."""
    data, loaded = read(path, display)
    r = _Reader(loaded, display)
    out: dict[str, Any] = {}
    for section, value in data.items():
        key: Key = (section,)
        if section not in _SECTIONS:
            from reportgen.kinds import did_you_mean

            r.error(key, f"未知的部分“{section}”{did_you_mean(section, list(_SECTIONS))}；"
                         f"可用：{'、'.join(_SECTIONS)}")
            continue
        if section == "kinds":
            entries = r.mapping(value, key) or {}
            out[section] = {str(k): kind for k, v in entries.items()
                            if (kind := r.kind(v, (*key, str(k)))) is not None}
        elif section == "unknown_kind":
            out[section] = r.kind(value, key)
        elif section in ("people_by_name", "reach_by_name"):
            entries = r.mapping(value, key) or {}
            out[section] = {str(k): t for k, v in entries.items() if (t := r.text(v, (*key, str(k))))}
        elif section in ("areas", "bodies"):
            out[section] = r.words(value, key)
        elif section == "no_area_scope":
            out[section] = r.text(value, key)
        elif section in ("date", "deadline"):
            out[section] = r.template(value, key, {"year", "month", "day"})
        elif section == "periods":
            out[section] = _periods(r, value, key)
        elif section == "study":
            out[section] = _study(r, value, key)
        elif section == "levels":
            out[section] = _levels(r, value, key)
        elif section == "names":
            if r.fields(value, key, ("party_prefix", "superior", "org_heads", "org_stand_ins")):
                out[section] = (r.text(value["party_prefix"], (*key, "party_prefix")),
                                r.text(value["superior"], (*key, "superior")),
                                r.words(value["org_heads"], (*key, "org_heads")),
                                r.words(value["org_stand_ins"], (*key, "org_stand_ins")))
        elif section == "roles":
            if r.fields(value, key, ("head", "not_head", "in_charge")):
                out[section] = (r.text(value["head"], (*key, "head")),
                                r.words(value["not_head"], (*key, "not_head")),
                                r.words(value["in_charge"], (*key, "in_charge")))
        elif section == "ordinals":
            entries = r.mapping(value, key) or {}
            out[section] = {str(k): o for k, v in entries.items() if (o := _ordinal(r, v, (*key, str(k))))}
    return {k: v for k, v in out.items() if v is not None}, r.problems


def _periods(r: _Reader, value: Any, key: Key) -> dict[str, PeriodWords]:
    entries = r.mapping(value, key) or {}
    out: dict[str, PeriodWords] = {}
    for slot, entry in entries.items():
        here = (*key, str(slot))
        if slot not in PERIOD_SLOTS:
            r.error(here, f"未知的报告期“{slot}”：应为 {'、'.join(PERIOD_SLOTS)} 之一")
            continue
        if not r.fields(entry, here, ("label", "since", "title", "next")):
            continue
        label, since = r.text(entry["label"], (*here, "label")), r.text(entry["since"], (*here, "since"))
        title = r.template(entry["title"], (*here, "title"), {"year"})
        nxt = r.template(entry["next"], (*here, "next"), {"year", "next_year"})
        if label and since and title and nxt:
            out[str(slot)] = PeriodWords(label, since, title, nxt)
    return out


def _study(r: _Reader, value: Any, key: Key) -> tuple[Any, ...] | None:
    names = ("centre_group_orgs", "centre_group", "centre_group_short", "branch_short", "life_meeting_group",
             "life_meeting_branch")
    if not r.fields(value, key, names):
        return None
    parts = (r.words(value["centre_group_orgs"], (*key, names[0])),
             r.template(value["centre_group"], (*key, names[1]), {"org"}),
             *(r.text(value[name], (*key, name)) for name in names[2:]))
    return None if None in parts else parts


def _levels(r: _Reader, value: Any, key: Key) -> dict[str, LevelWords]:
    entries = r.mapping(value, key) or {}
    out: dict[str, LevelWords] = {}
    for level, entry in entries.items():
        here = (*key, str(level))
        if level not in LEVELS:
            r.error(here, f"未知的层级“{level}”：应为 {'、'.join(LEVELS)} 之一")
            continue
        if not r.fields(entry, here, ("platforms", "reach"), ("staff",)):
            continue
        platforms = r.text(entry["platforms"], (*here, "platforms"))
        reach = r.may_be_empty(entry["reach"], (*here, "reach"))
        staff = r.may_be_empty(entry.get("staff", ""), (*here, "staff"))
        if platforms is not None and reach is not None and staff is not None:
            out[str(level)] = LevelWords(platforms, reach, staff)
    return out


def _ordinal(r: _Reader, value: Any, key: Key) -> Ordinal | None:
    if not r.fields(value, key, ("each",), ("words", "last")):
        return None
    each = r.template(value["each"], (*key, "each"), {"n"})
    words = r.words(value["words"], (*key, "words")) if "words" in value else ()
    last = r.text(value["last"], (*key, "last")) if "last" in value else ""
    if each is None or words is None or last is None:
        return None
    return Ordinal(each, words, last)


def merge(files: list[tuple[dict[str, Any], str]], problems: list[Problem]) -> Terms | None:
    """The terms of several files, later files overriding earlier ones entry by entry
    (a unit kind, a period, an ordinal style) or section by section (lists, single texts)."""
    merged: dict[str, Any] = {}
    for sections, _ in files:
        for name, value in sections.items():
            if isinstance(value, dict) and isinstance(merged.get(name), dict):
                merged[name] = {**merged[name], **value}
            else:
                merged[name] = value
    missing = [s for s in _SECTIONS if s not in merged]
    if missing:
        problems.append(Problem(f"词表缺少“{'、'.join(missing)}”部分", file=files[-1][1] if files else None))
        return None
    lacking = [slot for slot in PERIOD_SLOTS if slot not in merged["periods"]]
    if lacking:
        problems.append(Problem(f"词表的 periods 缺少 {'、'.join(lacking)}", file=files[-1][1]))
        return None
    head, not_head, in_charge = merged["roles"]
    orgs, centre_group, centre_short, branch_short, life_group, life_branch = merged["study"]
    lacking_levels = [level for level in LEVELS if level not in merged["levels"]]
    if lacking_levels:
        problems.append(Problem(f"词表的 levels 缺少 {'、'.join(lacking_levels)}", file=files[-1][1]))
        return None
    party_prefix, superior, org_heads, org_stand_ins = merged["names"]
    return Terms(
        kinds=merged["kinds"], unknown_kind=merged["unknown_kind"], people_by_name=merged["people_by_name"],
        reach_by_name=merged["reach_by_name"],
        areas=merged["areas"], no_area_scope=merged["no_area_scope"], periods=merged["periods"],
        date=merged["date"], deadline=merged["deadline"], centre_group_orgs=orgs, centre_group=centre_group,
        centre_group_short=centre_short, branch_short=branch_short, life_meeting_group=life_group,
        life_meeting_branch=life_branch, levels=merged["levels"], role_head=head,
        role_not_head=not_head, role_in_charge=in_charge, ordinals=merged["ordinals"],
        bodies=merged["bodies"], party_prefix=party_prefix, superior=superior, org_heads=org_heads,
        org_stand_ins=org_stand_ins, files=tuple(name for _, name in files),
    )
