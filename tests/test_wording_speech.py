"""The speech (讲话稿) as a 宣传部 reviewer reads it: the review names the period it reviews, the
tasks are instructions, the closing calls this meeting's audience to act, the speaker's role
shapes 抓责任, each section tells its own facts once and stays short without them, no stock
phrase twice, and the opening promises only what follows."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.check import facts_check
from reportgen.check.draft import check_draft
from reportgen.document import Document, Heading, Paragraph
from reportgen.loading import load_yaml_text
from reportgen.pipeline import Draft, draft_facts, draft_file
from reportgen.templating import make_environment
from reportgen.validate import validate

from conftest import ROOT
from strategies import PLAIN, facts
from support import counts

ENV = make_environment()
SAMPLE = ROOT / "samples" / "镇沅县地方志办公室-2025Q1讲话.yaml"
RICH = ROOT / "samples" / "雨城区青江街道-2024讲话.yaml"
HELD_OUT = sorted((Path(__file__).parent / "heldout_speech").glob("*.yaml"))
NAMES = "东西南北青红白金石龙"  # renamed units: each name draws other variants


# --- helpers ---------------------------------------------------------------------------------


def draft(data: dict[str, Any]) -> Draft:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    return draft_facts(validate(load_yaml_text(text, "facts.yaml")), ENV)


def renamed(data: dict[str, Any], i: int) -> dict[str, Any]:
    """The same facts for another unit of the same kind: 青江街道 → 东江街道."""
    out = copy.deepcopy(data)
    name = out["unit"]["name"]
    out["unit"]["name"] = NAMES[i] + name[1:] if i < len(NAMES) else f"{name}{i}"
    return out


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def body(doc: Document) -> list[str]:
    return [b.full()[0] for b in doc.blocks if isinstance(b, Paragraph) and b.role == "body"]


def before_sections(doc: Document) -> list[str]:
    """The paragraphs before the first heading: opening, review, problems, transition."""
    out = []
    for b in doc.blocks:
        if isinstance(b, Heading):
            break
        if isinstance(b, Paragraph) and b.role == "body":
            out.append(b.full()[0])
    return out


def sections(doc: Document) -> dict[str, str]:
    """Each level-1 section by its three-character head (抓学习): its paragraphs joined."""
    out: dict[str, str] = {}
    head = None
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level == 1:
            head = b.text[:3]
            out[head] = ""
        elif head and isinstance(b, Paragraph) and b.role == "body":
            out[head] += b.full()[0]
    return out


def closing(doc: Document) -> str:
    return body(doc)[-1]


ORDINAL = re.compile(r"(首先|其次|再次|同时|此外|最后|[一二三四五六七八九十]+[是要])，?")


def wording_repeats(doc: Document, run: int) -> list[str]:
    """Runs of `run` characters of the templates' wording printed twice; fact values and the
    ordinals of enumerations (首先，一要) are masked."""
    masked = []
    for block in doc.blocks:
        text, spans = block.full()
        chars = list(text)
        for span in spans:
            chars[span.start:span.end] = "\0" * (span.end - span.start)
        masked.append(ORDINAL.sub(lambda m: "\0" * len(m.group()), "".join(chars)))
    whole = "\n".join(masked)
    first: dict[str, int] = {}
    repeats = set()
    for i in range(len(whole) - run + 1):
        piece = whole[i:i + run]
        if "\0" in piece or "\n" in piece:
            continue
        if piece in first and first[piece] + run <= i:
            repeats.add(piece)
        first.setdefault(piece, i)
    return sorted(repeats)


def sentences(doc: Document) -> list[str]:
    return [s for text in body(doc) for s in re.split(r"[。；！：]", text) if s]


# A town whose speech has every section and facts for each.
TOWN: dict[str, Any] = {
    "type": "speech", "period": "2024", "date": "2025-01-08",
    "unit": {"name": "宝兴县穆坪镇", "kind": "镇", "party_org": "镇党委", "superior": "县委",
             "secretary": "赵德明", "deputy": "钱丽"},
    "meeting": {"name": "全镇意识形态工作会议", "speaker": "赵德明", "speaker_title": "镇党委书记"},
    "responsibility": {"leading_group": True, "special_meetings": 6, "analysis_meetings": 4,
                       "letters_signed": 31, "documents": ["《穆坪镇意识形态工作责任清单》"],
                       "inspections": 3, "inspected_units": 17, "in_assessment": True,
                       "reports_to_superior": 2, "accountability": 1},
    "study": {"group_study": 12, "seminars": 5, "party_lectures": 7, "theme_days": 11,
              "staff_study": "30余", "preaching": 40, "topics": ["党的二十届三中全会精神"]},
    "positions": {"media": ["“穆坪发布”微信公众号"], "work_groups": 14, "review": "三审三校制度",
                  "new_built": 5},
    "publicity": {"articles": [{"outlet": "《雅安日报》", "count": 8}],
                  "activities": [{"name": "道德讲堂", "count": 9, "participants": 2600}],
                  "materials": "6000余", "mass_meetings": "70余"},
    "online": {"commentators": 18, "incidents_handled": 0, "monitoring": "专人每日巡网"},
    "team": {"trainings": 3, "trainees": 140, "correspondents": 4},
    "highlights": ["开设“夜话坝坝会”"],
    "problems": ["study_depth", "online_guidance"],
    "focus": ["awareness", "responsibility", "coordination", "study", "positions", "online", "team",
              "mechanisms"],
    "tasks": ["开展意识形态工作责任制落实情况专项督查", "建成3个新时代文明实践示范站"],
}


# --- the review names the period it reviews -------------------------------------------------------


@pytest.mark.parametrize("path", [SAMPLE, *[p for p in HELD_OUT if "2025Q1" in p.name]], ids=lambda p: p.stem)
def test_a_february_meeting_reviews_last_year_and_plans_this_one(path: Path) -> None:
    for i in range(len(NAMES)):
        doc = draft(renamed(load(path), i)).document
        opening, review = before_sections(doc)[:2]
        text = "".join(body(doc))
        assert "今年以来" not in text and "一季度" not in text and "二季度" not in text
        assert any(word in opening + review for word in ("2024年", "过去一年", "去年")), opening + review
        tasks = sections(doc)["抓落实"]
        assert "2025年" in tasks or "今年" in tasks, tasks


def test_a_mid_year_meeting_reviews_its_own_half_year() -> None:
    path = next(p for p in HELD_OUT if "2024H1" in p.name)
    for i in range(len(NAMES)):
        doc = draft(renamed(load(path), i)).document
        text = "".join(body(doc))
        assert "今年以来" in text
        assert "去年" not in text and "过去一年" not in text and "2023年" not in text
        assert "下半年" in before_sections(doc)[-1]  # the transition names what it plans


# --- tasks as instructions, problems answered one to one --------------------------------------------


def test_tasks_read_as_instructions() -> None:
    text = "".join(body(draft_file(SAMPLE).document))
    assert "一要启动《镇沅年鉴（2019—2024）》编纂工作；二要开展意识形态工作专项自查。" in text
    text = "".join(body(draft_file(RICH).document))
    assert ("一要办好“廊桥夜话”，每个社区每季度至少举办一场；二要完成5个社区宣传栏提档升级；"
            "三要开展意识形态工作责任制落实情况专项督查。") in text


def test_each_problem_has_its_measure_in_order_after_the_tasks() -> None:
    data = copy.deepcopy(TOWN)
    data["problems"] = [{"problem": "甲村宣传栏内容陈旧", "measure": "每月更换甲村宣传栏内容"},
                        {"problem": "乙村广播时常停播", "measure": "给乙村广播配备专职管理员"},
                        {"problem": "丙社区工作群管理松散", "measure": "给丙社区工作群明确群主"}]
    for i in range(4):
        doc = draft(renamed(data, i)).document
        tasks = sections(doc)["抓落实"]
        assert tasks.index("一要开展意识形态工作责任制落实情况专项督查") < tasks.index("每月更换甲村宣传栏内容")
        at = [tasks.index(m) for m in ("每月更换甲村宣传栏内容", "给乙村广播配备专职管理员", "给丙社区工作群明确群主")]
        assert at == sorted(at)
        assert "三是" in tasks and "四是" not in tasks  # three problems, three measures


# --- the closing calls this meeting's audience to act -----------------------------------------------


@pytest.mark.parametrize(("name", "kind", "audience"), [
    ("双河镇", "镇", ("全镇",)),
    ("城东街道", "街道", ("全街道",)),
    ("红星村", "村", ("全体党员",)),
    ("县地方志办公室", "办", ("全体干部职工", "全体党员干部")),
    ("县交通运输局", "局", ("全体干部职工", "全体党员干部")),
    ("县第一中学", "中学", ("全校教职工", "全体教职员工")),
    ("县人民医院", "医院", ("全院干部职工", "全体医务人员")),
    ("县供电公司", "公司", ("全公司干部职工", "全体党员和职工")),
    ("青川县", "县", ("党组织",)),
])
def test_the_closing_calls_this_audience_to_act(name: str, kind: str, audience: tuple[str, ...]) -> None:
    for i in range(6):
        data = copy.deepcopy(TOWN)
        data["unit"] = {"name": f"{name[:-len(kind)]}{'甲乙丙丁戊己'[i]}{kind}", "kind": kind,
                        "secretary": "赵德明"}
        data["meeting"] = {"name": "意识形态工作会议", "speaker": "赵德明"}
        end = closing(draft(data).document)
        assert end.startswith("同志们，") and end.endswith("！")
        assert any(word in end for word in audience), end
        assert "群众" not in end and "师生" not in end


# --- the speaker's role shapes 抓责任 -----------------------------------------------------------------


@pytest.mark.parametrize(("speaker", "title", "must", "never"), [
    ("赵德明", "镇党委书记", ("第一责任人", "书记，我"), ("分管领导，我", "作为分管领导", "直接责任在我")),
    ("钱丽", "镇党委宣传委员", ("分管", "直接责任"), ("第一责任人",)),
    ("孙强", "镇党委副书记、镇长", ("班子成员",), ("第一责任人", "作为分管领导", "直接责任在我")),
])
def test_the_speakers_role_shapes_the_responsibility_section(speaker: str, title: str, must: tuple[str, ...],
                                                             never: tuple[str, ...]) -> None:
    for i in range(len(NAMES)):
        data = renamed(TOWN, i)
        data["meeting"] = {"name": "全镇意识形态工作会议", "speaker": speaker, "speaker_title": title}
        parts = sections(draft(data).document)
        duty = parts["抓责任"]
        assert any(word in duty for word in must) and "我" in duty, duty  # spoken in the first person
        assert not any(word in duty for word in never), duty
        if speaker == "钱丽":  # the leader in charge does not speak of herself by name
            assert "钱丽同志" not in parts["抓协调"]
        else:
            assert "钱丽同志" in parts["抓协调"]


# --- each section tells its facts once, and is short without them --------------------------------------


def test_every_count_is_told_exactly_once() -> None:
    for path in [RICH, *HELD_OUT]:
        drafted = draft_file(path)
        told: dict[str, int] = {}
        for block in drafted.document.blocks:
            for span in block.full()[1]:
                told[span.source] = told.get(span.source, 0) + 1
        for source, count in counts(drafted.facts.data):
            if count.value > 0:
                assert told.get(source) == 1, f"{path.stem}: {source} told {told.get(source, 0)} times"


def test_a_section_tells_the_facts_of_its_own_work() -> None:
    parts = sections(draft(TOWN).document)
    assert "18" in parts["抓网络"] and "140" in parts["抓队伍"] and "40" in parts["抓学习"]
    assert "31" in parts["抓责任"] and "17" in parts["抓机制"] and "14" in parts["抓阵地"]
    # without a section of its own, a block's facts are told in the review
    data = copy.deepcopy(TOWN)
    data["focus"] = ["awareness", "responsibility"]
    doc = draft(data).document
    review = before_sections(doc)[1]
    assert "140" in review and "18" in review and "17" in review and "40" in review


def test_a_section_without_facts_stays_short() -> None:
    data = {k: v for k, v in TOWN.items() if k not in ("positions", "publicity", "online", "team", "study")}
    data["responsibility"] = {"special_meetings": 2}
    for i in range(len(NAMES)):
        parts = sections(draft(renamed(data, i)).document)
        for head in ("抓学习", "抓阵地", "抓网络", "抓队伍", "抓机制"):
            text = parts[head]
            assert not re.search(r"\d", text), text
            assert ("二要" in text or "其次" in text) and "三要" not in text and "再次" not in text, text


# --- no stock phrase twice ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SAMPLE, RICH, *HELD_OUT], ids=lambda p: p.stem)
def test_no_sentence_or_stock_phrase_twice(path: Path) -> None:
    for i in range(len(NAMES)):
        doc = draft(renamed(load(path), i)).document
        said = [s for s in sentences(doc) if len(s) >= 12]
        assert sorted({s for s in said if said.count(s) > 1}) == []
        assert wording_repeats(doc, 10) == []


# --- 口径 by unit kind ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind", "org"), [
    ("红星村", "村", "村党支部"), ("城东社区", "社区", "社区党委"), ("县地方志办公室", "办", "党支部"),
    ("县第一中学", "中学", "党支部"), ("双河镇", "镇", "镇党委"), ("县教育局", "局", "局党组"),
])
def test_a_branch_holds_an_organisational_life_meeting(name: str, kind: str, org: str) -> None:
    seen = set()
    for i in range(len(NAMES)):
        data = copy.deepcopy(TOWN)
        data["unit"] = {"name": f"{NAMES[i]}{name}", "kind": kind, "party_org": org, "secretary": "赵德明"}
        data["meeting"] = {"name": "意识形态工作会议", "speaker": "赵德明"}
        text = "".join(body(draft(data).document))
        seen |= {m for m in ("民主生活会", "组织生活会") if m in text}
        assert "全部" not in text
    # 民主生活会 is held by leading groups (a county's bodies, a 乡镇党委); a branch, and a village's or
    # community's 党委, holds 组织生活会
    expected = "组织生活会" if org.endswith("支部") or kind in ("村", "社区") else "民主生活会"
    assert seen == {expected}


# --- the opening promises only what follows -------------------------------------------------------------


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_opening_and_headings_agree_with_the_body(data: st.DataObject) -> None:
    given_facts = data.draw(facts("speech", PLAIN))
    text = yaml.safe_dump(given_facts, allow_unicode=True, sort_keys=False)
    validated = validate(load_yaml_text(text, "gen.yaml"))
    doc = draft_facts(validated, ENV).document
    first = before_sections(doc)
    opening, transition = first[0], first[-1]
    has_problems = bool(validated.data.problems)
    # something is reviewed: the review before the sections, or a section telling its facts
    keys = {span.source.split("#")[1][2:] for block in doc.blocks if isinstance(block, Paragraph)
            for span in block.phrases}
    has_review = "sp-review-lead" in keys or any(key.endswith("-back") for key in keys)
    assert any(w in opening for w in ("问题", "不足", "短板")) == has_problems, opening
    assert any(w in opening for w in ("回顾", "总结", "说说", "梳理", "盘点")) == has_review, opening
    assert "几点" in transition or "几个方面" in transition
    heads = [b.text[:3] for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    focus = list(dict.fromkeys(str(c) for c in validated.data.focus or []))
    if focus:
        names = {"awareness": "抓认识", "responsibility": "抓责任", "coordination": "抓协调", "study": "抓学习",
                 "positions": "抓阵地", "online": "抓网络", "team": "抓队伍", "mechanisms": "抓机制"}
        assert heads == [names[c] for c in focus] + ["抓落实"]
    assert heads[-1] == "抓落实"
    assert closing(doc).startswith("同志们，")


# --- the wording itself ------------------------------------------------------------------------------------

# Fixed wording (title, salutation), single words placed in sentences (the periods, the audience) and the
# unit's own practice, said as written after a lead-in.
FIXED = re.compile(r"^(title|byline-date|salutation|sp-span.*|sp-ahead.*|sp-audience-.*|sp-units-.*|story-practice)$")


def test_every_sentence_and_heading_of_the_speech_has_four_variants() -> None:
    book = yaml.safe_load((ROOT / "templates" / "speech" / "phrases.yaml").read_text("utf-8"))
    few = {key: len(variants) for key, variants in book.items() if len(variants) < 4 and not FIXED.match(key)}
    assert few == {}


@pytest.mark.parametrize("path", HELD_OUT, ids=lambda p: p.stem)
def test_held_out_facts_draft_a_speech_the_proofreader_passes(path: Path) -> None:
    drafted = draft_file(path)
    numbers = facts_check.from_record(drafted.facts.data, path.name)
    assert check_draft(drafted.document, numbers, path.name, report_type="speech") == []
    assert closing(drafted.document).startswith("同志们，")


def test_two_problems_of_one_kind_get_two_measures_not_one_twice() -> None:
    data = copy.deepcopy(TOWN)
    data.pop("tasks")
    data["problems"] = [{"problem": "部分宣传栏长期不更新", "measure": "每月更换一次宣传栏内容"},
                        "部分村级宣传栏使用率不高"]
    for i in range(4):
        plan = sections(draft(renamed(data, i)).document)["抓落实"]
        first = re.search(r"一要([^。]+)。", plan)
        second = re.search(r"二要([^。]+)。", plan)
        assert first and second and first.group(1) != second.group(1), plan
