"""The shared fact items (_shared/items.md.j2 and the item-*, story-*, yoy-* keys of
_shared/phrases.yaml) as a 宣传部 reviewer reads them: the right words for the unit, no stock
phrase twice in one draft, no claim larger than its fact, the unit's own story told
做法 → 载体 → 成效 in its own words, thin items merged rather than listed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.derive import build_context
from reportgen.initfile import facts_file
from reportgen.loading import load_yaml_text
from reportgen.marks import Span, unmark
from reportgen.pipeline import draft_facts, draft_file
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.wording import Wording

from conftest import ROOT, SAMPLES

ENV = make_environment()
HELD_OUT = sorted((ROOT / "tests" / "heldout_items").glob("*.yaml"))
TYPES = ("summary", "duty", "implementation", "speech", "exchange")
MINE = re.compile(r"#p:(item-|story-|article|activity|yoy-)")
# Format keys: the way one outlet or one activity is listed inside a sentence, not sentences.
FORMATS = {"article-count", "article-count-bracketed", "article-number", "activity",
           "activity-participants-after"}


# --- helpers -----------------------------------------------------------------------------------

def facts_of(data: dict[str, Any]) -> Any:
    return validate(load_yaml_text(yaml.safe_dump(data, allow_unicode=True), "test.yaml"))


def render_items(data: dict[str, Any], body: str) -> tuple[str, list[Span]]:
    """A skeleton snippet calling the item macros, rendered with the context of these facts."""
    ctx = build_context(facts_of(data).data, ENV.wording)  # type: ignore[attr-defined]
    source = '{% import "_shared/items.md.j2" as items with context %}' + body
    return unmark(ENV.from_string(source).render(ctx))


def item_texts(text: str, spans: list[Span]) -> list[tuple[int, str]]:
    """(start, text) of every item or story phrase, with the facts in it blanked out (\\0):
    what the phrasebook itself says."""
    facts = [s for s in spans if s.source and not s.source.startswith("#p:")]
    out = []
    for span in spans:
        if not MINE.match(span.source):
            continue
        chars = list(text[span.start:span.end])
        for f in facts:
            for i in range(max(f.start, span.start), min(f.end, span.end)):
                chars[i - span.start] = "\0"
        out.append((span.start, "".join(chars)))
    return out


def draft_items(doc: Any) -> list[tuple[int, int, str]]:
    """(paragraph, start, wording) of the item and story phrases of a drafted document."""
    out = []
    for n, block in enumerate(doc.blocks):
        text, values = block.full()
        phrases = block.full_phrases()
        out += [(n, start, said) for start, said in item_texts(text, [*phrases, *values])]
    return out


def repeated_runs(items: list[tuple[int, int, str]], size: int = 8) -> dict[str, int]:
    """Runs of `size` characters of the items' own wording found at two places in a draft."""
    where: dict[str, set[tuple[int, int]]] = {}
    for paragraph, start, said in items:
        for i in range(len(said) - size + 1):
            run = said[i:i + size]
            if "\0" not in run:
                where.setdefault(run, set()).add((paragraph, start + i))
    return {run: len(places) for run, places in where.items() if len(places) > 1}


def all_drafts() -> list[tuple[str, Any]]:
    """Every sample, every `init` example and every held-out facts file, drafted."""
    out = [(p.name, draft_file(p, ENV).document) for p in [*SAMPLES, *HELD_OUT]]
    for code in TYPES:
        text = facts_file(code)
        out.append((f"init {code}", draft_facts(validate(load_yaml_text(text, f"{code}.yaml")), ENV).document))
    return out


DRAFTS = all_drafts()


# --- variation --------------------------------------------------------------------------------

def test_every_item_sentence_has_at_least_four_variants() -> None:
    shared = Wording().group("_shared")
    keys = [k for k in shared if k.startswith(("item-", "story-", "yoy-")) or k in FORMATS]
    assert len(keys) > 40
    thin = {k: len(shared[k].phrase.variants) for k in keys
            if k not in FORMATS and len(shared[k].phrase.variants) < 4}
    assert thin == {}
    # a story frame is said once per section, up to six sections, each time in the next variant
    for key in ("story-practice", "story-effect", "story-case"):
        assert len(shared[key].phrase.variants) >= 6


# --- no stock phrase twice, no claim beyond the facts ---------------------------------------------

@pytest.mark.parametrize("name,doc", DRAFTS, ids=[n for n, _ in DRAFTS])
def test_no_item_wording_is_said_twice_in_a_draft(name: str, doc: Any) -> None:
    assert repeated_runs(draft_items(doc)) == {}


@pytest.mark.parametrize("name,doc", DRAFTS, ids=[n for n, _ in DRAFTS])
def test_no_sentence_of_twelve_characters_or_more_is_printed_twice(name: str, doc: Any) -> None:
    """Counted over the whole draft, among the clauses that hold item wording."""
    seen: dict[str, int] = {}
    mine: set[str] = set()
    for n, block in enumerate(doc.blocks):
        text, _ = block.full()
        starts = [start for p, start, _ in draft_items(doc) if p == n]
        at = 0
        for clause in re.split(r"([。；！？])", text):
            if len(clause) >= 12 and clause not in "。；！？":
                seen[clause] = seen.get(clause, 0) + 1
                if any(at <= s < at + len(clause) for s in starts):
                    mine.add(clause)
            at += len(clause)
    assert [c for c in mine if seen[c] > 1] == []


# Stock tails the reviewer sent back, and claims no count can carry (who updates the content, how
# often, whether reminders are sent: the facts do not say, and a problem in the same draft may
# say the opposite: 有的阵地内容长期未更新).
STOCK = ["家喻户晓", "送到群众身边", "延伸到群众身边", "推动学习向基层延伸", "明确专人负责", "入脑入心",
         "丰富群众精神文化生活", "营造昂扬向上", "扛在肩上", "文明上网提醒", "及时更新", "全覆盖", "定期"]


@pytest.mark.parametrize("name,doc", DRAFTS, ids=[n for n, _ in DRAFTS])
def test_items_make_no_stock_claim(name: str, doc: Any) -> None:
    said = " ".join(s for _, _, s in draft_items(doc))
    assert [w for w in STOCK if w in said] == []


def test_leaflets_alone_get_no_tail_and_face_to_face_meetings_do() -> None:
    base = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": {"name": "柏溪镇"}}
    for i in range(12):  # a dozen units: a dozen draws of the variants
        name = f"柏溪{'甲乙丙丁戊己庚辛壬癸子丑'[i]}镇"
        text, _ = render_items({**base, "unit": {"name": name}, "publicity": {"materials": "800余"}},
                               "{{ items.outreach() }}")
        assert re.fullmatch(r"[^，；。]*800余份\n", text), text
        text, _ = render_items({**base, "unit": {"name": name}, "publicity": {"mass_meetings": 12}},
                               "{{ items.outreach() }}")
        assert re.fullmatch(r"[^，；。]*12次，[^，；。]+\n", text), text


# --- 口径 by unit kind ----------------------------------------------------------------------------

@pytest.mark.parametrize("name,kind,people,reach,staff", [
    ("县教育局", "局", "师生", "各学校", "干部职工"),
    ("雅安市委宣传部", "部", "干部群众", "基层", "机关干部"),
    ("镇沅县地方志办公室", "办", "干部职工", "", "干部职工"),
    ("柏树村", "村", "村民群众", "", "党员干部"),
    ("青江社区", "社区", "居民群众", "", "党员干部"),
    ("宝兴县城关中学", "中学", "师生", "班级", "教职工"),
    ("双胜镇", "镇", "群众", "村组", "机关干部"),
    ("青川市交通运输局", "局", "干部职工", "基层站所", "干部职工"),
])
def test_who_a_unit_speaks_to_and_reaches_down_to(name: str, kind: str, people: str, reach: str,
                                                  staff: str) -> None:
    data = {"type": "summary", "period": "2024", "date": "2025-01-10", "unit": {"name": name, "kind": kind}}
    ctx = build_context(facts_of(data).data, ENV.wording)  # type: ignore[attr-defined]
    assert (ctx["people"], ctx["reach"], ctx["staff"]) == (people, reach, staff)


EVERY_ITEM = {
    "responsibility": {"leading_group": True, "special_meetings": 3, "analysis_meetings": 2, "letters_signed": 9,
                       "documents": ["《责任清单》"], "inspections": 2, "inspected_units": 6, "in_assessment": True,
                       "reports_to_superior": 2, "accountability": 0},
    "study": {"group_study": 6, "seminars": 2, "party_lectures": 2, "theme_days": 6, "staff_study": 8,
              "preaching": 5, "topics": ["党的二十届三中全会精神"]},
    "positions": {"media": ["微信公众号", "宣传栏"], "review": "两级审核", "work_groups": 4, "new_built": 1},
    "publicity": {"articles": [{"outlet": "县融媒体中心", "count": 3}], "materials": "600余",
                  "activities": [{"name": "文艺演出", "count": 2, "participants": 300}]},
    "online": {"commentators": 5, "monitoring": "每日巡查", "incidents_handled": 1},
    "team": {"trainings": 1, "trainees": 30, "correspondents": 2},
}
ALL_ITEMS = "".join(f"{{% call enumerate() %}}\n{{{{ items.{b}_items() }}}}\n{{% endcall %}}"
                    for b in EVERY_ITEM)


def items_for(name: str, kind: str, i: int) -> str:
    """The items' own wording for a unit with every item, its name varied to draw variants."""
    unit = {"name": name.replace("甲", "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳"[i]), "kind": kind, "secretary": "王明"}
    data = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": unit, **EVERY_ITEM}
    text, spans = render_items(data, ALL_ITEMS)
    return " ".join(said for _, said in item_texts(text, spans))


@pytest.mark.parametrize("i", range(16))
def test_a_village_is_not_told_to_reach_down_nor_called_staff(i: int) -> None:
    said = items_for("甲村", "村", i)
    assert "党员干部" in said
    assert [w for w in ("基层", "村组", "站所", "干部职工", "机关干部", "领导干部") if w in said] == []


def test_an_education_bureau_speaks_of_teachers_and_students_and_schools() -> None:
    drawn = [items_for("芦山甲县教育局", "局", i).replace("群众会", "") for i in range(16)]  # 群众会 is a fact's name
    assert [said for said in drawn if "群众" in said or "基层站所" in said] == []
    assert any("师生" in said for said in drawn) and any("各学校" in said for said in drawn)


@pytest.mark.parametrize("i", range(16))
def test_a_department_of_the_party_committee_reaches_the_grassroots_not_field_stations(i: int) -> None:
    said = items_for("雅安甲市委宣传部", "部", i)
    assert "全部" not in said and "站所" not in said


@pytest.mark.parametrize("i", range(16))
def test_a_school_speaks_of_its_teachers_and_staff(i: int) -> None:
    said = items_for("城关甲中学", "中学", i)
    assert "干部职工" not in said and "机关干部" not in said and "群众" not in said.replace("群众会", "")


def test_a_february_speech_says_nothing_happened_last_year_not_this_quarter() -> None:
    data = {"type": "speech", "period": "2025Q1", "date": "2025-02-18",
            "unit": {"name": "青江社区", "secretary": "罗红"}, "meeting": {"name": "工作会议"},
            "online": {"incidents_handled": 0}, "responsibility": {"accountability": 0}}
    text, _ = render_items(data, "{{ items.incidents() }}{{ items.accountability() }}")
    assert text.count("2024年未") == 2 and "一季度" not in text
    data.update(type="summary", date="2025-04-08")
    text, _ = render_items(data, "{{ items.incidents() }}{{ items.accountability() }}")
    assert text.count("一季度未") == 2


def test_a_users_own_reach_and_staff_for_a_kind(tmp_path: Path) -> None:
    terms = tmp_path / "_shared" / "terms.yaml"
    terms.parent.mkdir()
    terms.write_text("kinds:\n  村: {self: 我村, scope: 全村, org: 村党支部, level: grassroots, people: 村民群众, "
                     "reach: 各村民小组, staff: 村组干部}\n", "utf-8")
    env = make_environment(tmp_path)
    data = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": {"name": "柏树村"},
            "study": {"staff_study": 4, "preaching": 3}}
    doc = draft_facts(facts_of(data), env).document
    study = next(b.full()[0] for b in doc.blocks if "集中学习" in b.full()[0])  # the staff-study item's line
    assert "村组干部" in study and "党员干部" not in study


# --- the unit's own story: 做法 → 载体 → 成效 ---------------------------------------------------------

STORY_BLOCKS = ("responsibility", "study", "positions", "publicity", "online", "team")


def story_facts(name: str) -> dict[str, Any]:
    data: dict[str, Any] = {"type": "summary", "period": "2024", "date": "2025-01-10",
                            "unit": {"name": name, "kind": "镇"}, **EVERY_ITEM}
    for n, b in enumerate(STORY_BLOCKS, 1):
        data[b] = {**EVERY_ITEM[b], "practice": f"推行第{n}项做法", "effect": f"取得第{n}项成效",
                   "case": f"发生第{n}件事例"}
    return data


SECTIONS = "".join(f"{{% call enumerate() %}}\n{{{{ items.practice({b}) }}}}\n{{{{ items.{b}_items() }}}}\n"
                   f"{{% endcall %}}{{{{ items.effect({b}) }}}}{{{{ items.case({b}) }}}}" for b in STORY_BLOCKS)


@pytest.mark.parametrize("name", ["青禾镇", "双胜镇", "柏溪镇", "飞仙关镇"])
def test_each_sections_story_is_told_in_its_own_words_and_a_frame_of_its_own(name: str) -> None:
    text, spans = render_items(story_facts(name), SECTIONS)
    lines = text.splitlines()
    assert len(lines) == 18  # six sections: the list, the effect, the case
    for n in range(1, 7):
        listed, effect, case = lines[3 * n - 3:3 * n]
        assert f"推行第{n}项做法" in listed.split("；")[0]  # the practice comes first
        assert f"取得第{n}项成效" in effect and f"发生第{n}件事例" in case  # then the effect, then the case
        assert effect.endswith("。") and case.endswith("。")
    for key in ("story-practice", "story-effect", "story-case"):
        frames = [re.sub(r"第\d项做法|第\d项成效|第\d件事例", "…", text[s.start:s.end])
                  for s in spans if s.source.startswith(f"#p:{key}#")]
        assert len(frames) == 6 and len(set(frames)) == 6, frames


def test_the_unit_s_words_pass_unchanged() -> None:
    practice = "把理论宣讲搬进茶园、茶厂，打造“茶山夜话”宣讲品牌"
    data = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": {"name": "蒙顶山镇"},
            "study": {"group_study": 6, "practice": practice, "effect": "全镇34个村组都办过夜话",
                      "case": "采茶季一晚就有300余人来听"}}
    text, _ = render_items(data, "{% call enumerate() %}\n{{ items.practice(study) }}\n{{ items.study_items() }}\n"
                                 "{% endcall %}{{ items.effect(study) }}{{ items.case(study) }}")
    assert practice in text and "全镇34个村组都办过夜话。" in text and "采茶季一晚就有300余人来听" in text


# --- thin facts merged, not listed --------------------------------------------------------------

@pytest.mark.parametrize("unit,block,facts,expected", [
    ({}, "team", {"trainings": 2, "trainees": 120, "correspondents": 3}, ["2期", "120人次", "3名"]),
    ({}, "online", {"monitoring": "每日巡查", "incidents_handled": 3}, ["每日巡查", "3起"]),
    ({}, "positions", {"review": "两级审核", "work_groups": 4}, ["两级审核", "4个"]),
    ({}, "responsibility", {"in_assessment": True, "reports_to_superior": 2, "accountability": 0}, ["2次", "未"]),
    ({"secretary": "王明", "deputy": "李红"}, "responsibility", {"leading_group": True},
     ["领导小组", "王明", "李红"]),
])
def test_a_few_facts_of_one_kind_make_one_sentence_without_ordinals(unit: dict[str, str], block: str,
                                                                    facts: dict[str, Any],
                                                                    expected: list[str]) -> None:
    data = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": {"name": "柏溪镇", **unit},
            block: facts}
    text, _ = render_items(data, f"{{% call enumerate() %}}\n{{{{ items.{block}_items() }}}}\n{{% endcall %}}")
    assert "一是" not in text and text.count("。") == 1
    assert all(e in text for e in expected), text


# --- random facts ----------------------------------------------------------------------------------

KINDS = [("镇", "镇"), ("村", "村"), ("社区", "社区"), ("局", "局"), ("教育局", "局"), ("宣传部", "部"),
         ("中学", "中学"), ("医院", "医院"), ("公司", "公司"), ("街道", "街道"), ("县委", "县")]
COUNT = st.one_of(st.integers(1, 400), st.integers(1, 90).map(lambda n: f"{n}余"))
TEXTS = st.sampled_from(["推行“周学月讲”制度", "组建“红色宣讲队”走村入户", "全员签订承诺书",
                         "投稿采用率明显提高", "村村都有了宣传员", "一条谣言两小时内得到澄清"])


@st.composite
def item_facts(draw: st.DrawFn) -> dict[str, Any]:
    word, kind = draw(st.sampled_from(KINDS))
    name = draw(st.text(st.sampled_from(list("青山红石龙凤云河林竹")), min_size=2, max_size=3)) + word
    data: dict[str, Any] = {"type": draw(st.sampled_from(["summary", "implementation", "exchange"])),
                            "period": "2024H1", "date": "2024-07-05",
                            "unit": {"name": name, "kind": kind, "secretary": "王明", "deputy": "李红",
                                     "superior": "县委"}}
    for block, fields in EVERY_ITEM.items():
        chosen = draw(st.sets(st.sampled_from(sorted(fields))))
        values: dict[str, Any] = {}
        for field in chosen:
            example = fields[field]
            values[field] = draw(COUNT) if isinstance(example, int) and not isinstance(example, bool) else example
        for story in draw(st.sets(st.sampled_from(["practice", "effect", "case"]))):
            values[story] = draw(TEXTS)
        if values:
            data[block] = values
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(item_facts())
def test_random_facts_say_no_item_wording_twice(data: dict[str, Any]) -> None:
    doc = draft_facts(facts_of(data), ENV).document
    assert repeated_runs(draft_items(doc)) == {}
    said = " ".join(s for _, _, s in draft_items(doc))
    assert [w for w in STOCK if w in said] == []
