"""The 经验交流发言 as a 宣传部 reviewer reads it: a greeting always; each practice told as 做法 →
载体 → 成效; a thin aspect merged, not showcased under a strong heading; a weakness the unit names
not showcased; the title drawn from the unit's own highlight and never the same for two units;
a short difficulties paragraph; every problem answered by its measure, in order; 口径 right for
every kind of unit; no sentence said twice."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.derive import ProblemItem, headline, strength, weak_blocks
from reportgen.document import Document, Heading, Paragraph
from reportgen.loading import load_yaml_text
from reportgen.marks import PHRASE
from reportgen.pipeline import draft_facts, draft_file
from reportgen.problems import builtin
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.values import FactStr, Record

from conftest import ROOT
from strategies import facts as random_facts
from support import untraced_digits

ENV = make_environment()
SAMPLE = ROOT / "samples" / "雨城区青江街道-2024交流发言.yaml"
EXCHANGE_SAMPLES = sorted((ROOT / "samples").glob("*交流发言.yaml"))
HELD_OUT = sorted((Path(__file__).parent / "heldout").glob("exchange-*.yaml"))
OWN_KEYS = set(yaml.safe_load((ROOT / "templates" / "exchange" / "phrases.yaml").read_text("utf-8")))
# the unit's own words, passed through: what they say is the unit's, not the phrasebook's
OWN_KEYS -= {"story-practice", "story-effect", "story-case"}
GREETING = "各位领导、同志们："


# --- helpers --------------------------------------------------------------------------------


def draft(data: dict[str, Any]) -> Document:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return draft_facts(validate(load_yaml_text(text, "facts.yaml")), ENV).document


def body(doc: Document, role: str = "body") -> list[str]:
    return [b.full()[0] for b in doc.blocks if isinstance(b, Paragraph) and b.role == role]


def section(doc: Document, key: str) -> list[Paragraph]:
    """The paragraphs under the level-1 heading the phrasebook key wrote (h-main 主要做法,
    h-problems 困难和不足, h-plan 下一步打算); none if the section was left out."""
    out: list[Paragraph] = []
    inside = False
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = phrase_keys(block.phrases) == [key]
        elif isinstance(block, Paragraph) and inside:
            out.append(block)
    return out


def practices(doc: Document) -> list[Heading]:
    """The run-in headings of the practices (主要做法)."""
    return [p.lead for p in section(doc, "h-main") if p.lead is not None]


def phrase_keys(spans: list[Any]) -> list[str]:
    return [s.source[len(PHRASE):].rsplit("#", 1)[0] for s in spans if s.source.startswith(PHRASE)]


def own_wording(doc: Document) -> str:
    """The text the exchange phrasebook wrote, with the unit's derived words (我镇, 师生) but without
    the facts in its blanks; pieces apart on lines of their own."""
    pieces = []
    for block in [None, *doc.blocks]:
        if block is None:
            text, values, phrases = doc.title, doc.title_spans, doc.title_phrases
        else:
            (text, values), phrases = block.full(), block.full_phrases()
        mine = [False] * len(text)
        for s in phrases:
            if s.source[len(PHRASE):].rsplit("#", 1)[0] in OWN_KEYS:
                mine[s.start:s.end] = [True] * (s.end - s.start)
        for s in values:  # facts, by their path; words derived for the unit (我镇, 师生) stay
            if s.source:
                mine[s.start:s.end] = [False] * (s.end - s.start)
        pieces.append("".join(c if m else "\n" for c, m in zip(text, mine, strict=True)))
    return re.sub("\n+", "\n", "\n".join(pieces)).strip()


def sparse(name: str, kind: str = "镇", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "type": "exchange", "period": "2024H1", "date": "2024-07-05",
        "unit": {"name": name, "kind": kind, "secretary": "王明"},
        "responsibility": {"special_meetings": 2},
        "study": {"group_study": 6, "seminars": 2},
        "publicity": {"materials": "300余"},
        "online": {"incidents_handled": 0},
        "problems": ["study_depth", "online_management"],
    }
    data.update(extra)
    return data


# --- the context values the skeleton words around ---------------------------------------------


def test_strength_of_each_block() -> None:
    depth = Record({"responsibility": 5, "responsibility_story": False, "study": 2, "study_story": False,
                    "positions": 1, "positions_story": False, "publicity": 0, "publicity_story": True,
                    "online": 4, "online_story": False, "team": 1, "team_story": True})
    got = strength(depth, {"online"})
    assert [got.responsibility, got.study, got.positions, got.publicity, got.online, got.team] == [
        "strong",  # five facts
        "plain",  # two facts, no story
        "thin",  # one fact, no story: merged, no heading of its own
        "strong",  # a story of its own
        "plain",  # four facts, but the unit names it as a problem
        "strong",  # one fact and a story
    ]


def test_weak_blocks_from_codes_and_the_units_own_words() -> None:
    problems = [ProblemItem("study_depth", None), ProblemItem(None, FactStr("村里微信群发布内容审核不严", ""))]
    assert weak_blocks(problems, builtin()) == {"study", "online"}  # 微信群, 审核, 发布: online_management
    assert weak_blocks([ProblemItem(None, FactStr("会议室漏雨", ""))], builtin()) == set()


@pytest.mark.parametrize(("highlights", "expected"), [
    (["把理论宣讲搬进茶园、茶厂，打造“茶山夜话”宣讲品牌"], "把理论宣讲搬进茶园、茶厂"),
    (["组织返乡大学生拍摄茶乡短视频，单条最高播放量突破10万"], None),  # first clause 14 字 but…
    (["开设夜话坝坝会"], "开设夜话坝坝会"),
    (["建成12个村史馆", "开设夜话坝坝会"], "开设夜话坝坝会"),  # a clause with a number is skipped
    (["一二三"], None),  # too short to head a title
    ([], None),
])
def test_headline_is_a_short_clause_of_a_highlight(highlights: list[str], expected: str | None) -> None:
    facts = Record({"highlights": highlights})
    got = headline(facts)
    if expected is None and highlights and highlights[0].startswith("组织返乡"):
        assert got == "组织返乡大学生拍摄茶乡短视频"  # 14 characters, no digit: it can head a title
    else:
        assert (str(got) if got else None) == expected


# --- the voice of an exchange speech --------------------------------------------------------------


@pytest.mark.parametrize("meeting", [{"name": "全县意识形态工作推进会"}, None])
def test_a_speech_always_greets_its_audience(meeting: dict[str, str] | None) -> None:
    data = sparse("青山镇")
    if meeting:
        data["meeting"] = meeting
    doc = draft(data)
    assert body(doc, "salutation") == [GREETING]


def test_each_practice_is_told_as_practice_then_vehicle_then_effect() -> None:
    doc = draft_file(SAMPLE).document
    duty = next(p.full()[0] for p in section(doc, "h-main") if p.lead and "36份" in p.full()[0])
    practice = "为12个社区分别列出意识形态工作责任清单"
    effect = "社区书记抓意识形态工作由“等安排”变成“主动抓”"
    case = "有居民在小区群里转发不实拆迁消息"
    assert duty.index(practice) < duty.index("研究意识形态工作5次") < duty.index(effect) < duty.index(case)
    study = next(p.full()[0] for p in section(doc, "h-main") if p.lead and "86场" in p.full()[0])
    assert study.index("“板凳宣讲队”") < study.index("集中学习12次") < study.index("全年宣讲覆盖12个社区")


def test_a_thin_aspect_is_merged_not_showcased() -> None:
    """One count of online work and one of publicity: said, but under no heading of their own."""
    doc = draft(sparse("青山镇"))
    heads = "".join(h.text for h in practices(doc))
    text = "\n".join(body(doc))
    assert "网" not in heads and "宣传" not in heads
    assert "300余份" in text and re.search("上半年[^。；]*未[^。；]*舆情", text)
    assert untraced_digits(doc) == []


def test_a_weakness_is_not_showcased() -> None:
    """A single count of study, and study named as a problem: no heading boasts of study."""
    data = sparse("青山镇", study={"group_study": 6})
    for doc in (draft(data), draft({**data, "study": {"group_study": 6, "seminars": 2}})):
        heads = [h.text for h in practices(doc)]
        assert not any("走深走实" in h or "入脑入心" in h or "见行见效" in h for h in heads), heads


def test_rich_sections_get_headings_and_thin_ones_a_lead_paragraph() -> None:
    doc = draft_file(SAMPLE).document
    heads = practices(doc)
    assert len(heads) == 7  # six blocks with three facts or a story each, and the highlights
    assert [h.number for h in heads] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"]
    # the team block is named as the unit's own problem (宣传员业务能力不足): its heading is plain
    team = next(h for h in heads if "队伍" in h.text)
    assert phrase_keys(team.phrases)[0] == "h-team-plain"


def test_the_difficulties_are_one_short_paragraph() -> None:
    doc = draft(sparse("青山镇"))
    (difficulties,) = section(doc, "h-problems")
    text = difficulties.full()[0]
    assert "理论学习不够深入" in text and "网络阵地管理不够规范" in text
    assert len(text) < 120


def test_every_problem_has_its_measure_in_order() -> None:
    data = sparse("青山镇", problems=["online_guidance", "study_depth", "team_capacity"])
    doc = draft(data)
    measures = [b.lead for b in section(doc, "h-plan") if b.lead is not None]
    codes = [phrase_keys(m.phrases)[0].split(":")[1].split(".")[0] for m in measures if m is not None]
    assert codes == ["online_guidance", "study_depth", "team_capacity"]


def test_the_closing_is_modest() -> None:
    for name in ("青山镇", "白石镇", "红岩镇", "金竹镇", "梅林镇", "松柏镇", "兰溪镇", "云峰镇"):
        closing = body(draft(sparse(name)))[-1]
        assert phrase_keys(draft(sparse(name)).blocks[-1].full_phrases()) == ["ex-closing"]
        assert len(closing) <= 45
        assert not re.search("显著|圆满|走在前列|全面完成|成效明显", closing)


# --- the title -----------------------------------------------------------------------------------


def test_the_title_is_the_meetings_if_given_else_the_units_own_highlight() -> None:
    given_title = draft(sparse("青山镇", meeting={"name": "推进会", "title": "把理论宣讲送到田间地头"}))
    assert given_title.title == "把理论宣讲送到田间地头"
    branded = draft(sparse("青山镇", highlights=["在村口办起“龙门坝坝会”，每月一次给村民讲政策"]))
    assert "“龙门坝坝会”" in branded.title
    plain = draft(sparse("青山镇", highlights=["开设夜话坝坝会，每月一次"]))
    assert plain.title.startswith("开设夜话坝坝会　")
    none = draft(sparse("青山镇"))
    assert "青山镇" in none.title


def test_two_units_never_carry_the_same_title() -> None:
    names = [a + b + kind for a in "东西南北中青红白金石" for b in "山河湖林泉" for kind in ("镇", "乡")]
    titles = [draft(sparse(n)).title for n in names]
    assert len(set(titles)) == len(names) == 100
    brands = [draft(sparse(n, highlights=[f"打造“{n}讲堂”理论宣讲品牌"])).title for n in names[:30]]
    assert len(set(brands)) == 30


# --- 口径 over every kind of unit ------------------------------------------------------------------

PEOPLE = ("群众", "居民群众", "村民群众", "干部职工", "干部群众", "医务人员", "师生", "职工群众", "会员")


def rich(name: str, kind: str) -> dict[str, Any]:
    return {
        "type": "exchange", "period": "2024", "date": "2025-01-10",
        "unit": {"name": name, "kind": kind, "secretary": "李红"},
        "meeting": {"name": "意识形态工作交流会"},
        "responsibility": {"leading_group": True, "special_meetings": 4, "letters_signed": 20},
        "study": {"group_study": 10, "seminars": 3, "party_lectures": 4},
        "positions": {"media": ["宣传栏"], "work_groups": 5, "new_built": 2},
        "publicity": {"materials": "500余", "mass_meetings": 6,
                      "practice": "每月举办一次宣讲", "effect": "宣讲参与人数逐月增加"},
        "online": {"commentators": 5, "incidents_handled": 1, "monitoring": "每日巡查"},
        "team": {"trainings": 2, "trainees": 40, "correspondents": 2},
        "highlights": ["开设“周末讲堂”"],
        "problems": ["study_methods"],
    }


def unit_names() -> list[tuple[str, str]]:
    kinds = sorted(ENV.wording.terms.kinds)  # type: ignore[attr-defined]
    out = [("青山县委宣传部" if k == "部" else f"青山{k}", k) for k in kinds]
    return [*out, ("芦山县教育局", "局"), ("青山县人民医院", "医院")]


@pytest.mark.parametrize(("name", "kind"), unit_names())
def test_the_wording_fits_every_kind_of_unit(name: str, kind: str) -> None:
    doc = draft(rich(name, kind))
    own = own_wording(doc)
    whole = "\n".join([doc.title, *(b.full()[0] for b in doc.blocks)])
    people = ENV.wording.terms.people(name, ENV.wording.terms.kind_of(kind, name)[1])  # type: ignore[attr-defined]
    for word in PEOPLE:
        if word not in people:
            assert word not in own.replace(people, ""), (word, people)
    assert "民主生活会" not in whole  # nobody's speech reviews its self-criticism meeting here
    assert "全部" not in whole  # a department of a committee scopes itself 全县, never 全部
    assert "基层" not in own  # village or bureau, the speech's own words send nothing 向基层
    assert body(doc, "salutation") == [GREETING]
    assert untraced_digits(doc) == []


def test_a_department_of_the_committee_speaks_as_itself() -> None:
    doc = draft(rich("青山县委宣传部", "部"))
    own = own_wording(doc)
    assert "部机关党支部" not in own  # the speaker is the department (我部), not its branch
    assert "我部" in own or "我们" in own


def test_an_education_bureau_speaks_of_teachers_and_students() -> None:
    data = rich("芦山县教育局", "局")
    data["publicity"]["practice"] = "组织思政课教师到各校巡回宣讲"
    own = own_wording(draft(data))
    assert "群众" not in own


# --- heading, opening and body agree, over random facts ----------------------------------------

CODE_BLOCKS = {  # the block of work each built-in problem code speaks of
    "responsibility_awareness": "responsibility", "mechanism_longterm": "responsibility",
    "situation_judgement": "responsibility", "supervision": "responsibility",
    "study_depth": "study", "study_methods": "study", "position_use": "positions",
    "publicity_innovation": "publicity", "culture_supply": "publicity", "external_publicity": "publicity",
    "online_management": "online", "online_guidance": "online", "team_capacity": "team",
}
HEADING_BLOCK = {"duty": "responsibility", "study": "study", "positions": "positions",
                 "publicity": "publicity", "online": "online", "team": "team"}
STORY = ("practice", "effect", "case")


def _given(value: Any) -> bool:
    if value in (None, False, "", [], 0):
        return False
    return not (isinstance(value, str) and value.strip() == "")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_headings_and_opening_agree_with_the_facts(data: st.DataObject) -> None:
    facts = data.draw(random_facts("exchange"))
    doc = draft(facts)
    heads = practices(doc)
    shown: dict[str, str] = {}
    for h in heads:
        key = phrase_keys(h.phrases)[0]
        if key == "h-highlights":
            continue
        _, block, tier = key.split("-")
        shown[HEADING_BLOCK[block]] = tier
    named = {CODE_BLOCKS[p] for p in facts.get("problems", []) if isinstance(p, str) and p in CODE_BLOCKS}
    named |= {CODE_BLOCKS[p["problem"]] for p in facts.get("problems", [])
              if isinstance(p, dict) and p.get("problem") in CODE_BLOCKS}
    for block in HEADING_BLOCK.values():
        values = facts.get(block) or {}
        n = sum(1 for k, v in values.items() if k not in STORY and _given(v))
        story = any(_given(values.get(k)) for k in STORY)
        if n <= 1 and not story:
            assert block not in shown, (block, values)  # thin: merged, no heading of its own
        else:
            assert block in shown, (block, values)
        if shown.get(block) == "strong":
            assert (n >= 3 or story) and block not in named, (block, values)
    # the opening names exactly the aspects that have a heading of their own
    opening = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "body")
    areas = {k.split("-")[1] for k in phrase_keys(opening.full_phrases()) if k.startswith("area-")}
    assert {HEADING_BLOCK[a] for a in areas} == set(shown)
    # one problem, one measure, in order (when the facts give no next steps of their own)
    text = yaml.safe_dump(facts, allow_unicode=True, sort_keys=False)
    problems = validate(load_yaml_text(text, "facts.yaml")).data.problems  # one listed twice is merged
    if problems and not facts.get("next_steps"):
        measures = [b for b in section(doc, "h-plan") if b.lead is not None]
        assert len(measures) == len(problems) or (len(problems) == 1 and not measures)


# --- no sentence twice ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXCHANGE_SAMPLES + HELD_OUT, ids=lambda p: p.stem)
def test_no_sentence_of_twelve_characters_twice(path: Path) -> None:
    doc = draft_file(path).document
    sentences = [s for b in doc.blocks for s in re.split("[。；：！？]", b.full()[0]) if len(s) >= 12]
    repeated = {s for s in sentences if sentences.count(s) > 1}
    assert repeated == set()


def test_many_units_with_the_same_facts_do_not_repeat_a_phrase_within_a_speech() -> None:
    """Across variants: a phrase of eight characters of the speech's own wording is not said twice
    in one speech (facts may repeat: a brand in the title and the body)."""
    base = yaml.safe_load(SAMPLE.read_text("utf-8"))
    for i, a in enumerate("东西南北中青红白金石"):
        data = copy.deepcopy(base)
        data["unit"]["name"] = f"{a}江街道"
        data["period"] = 2020 + i % 5
        data["date"] = f"{2021 + i % 5}-01-16"
        own = own_wording(draft(data))
        runs = [own[k:k + 8] for k in range(len(own) - 7)]
        twice = {r for r in runs if runs.count(r) > 1 and "\n" not in r}
        assert twice == set(), (data["unit"]["name"], twice)
