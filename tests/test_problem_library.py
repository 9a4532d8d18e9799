"""The problem library and the problems/measures skeleton every type uses: one story per wording
(the k-th problem, cause, own shortcoming and measures of a code match), words that fit the unit's
level, problems that do not deny the work a draft reports, causes and measures as a 落实情况报告
gives them, and the leader's own voice for a 述职报告."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.derive import ProblemItem, build_context, plan
from reportgen.document import Document
from reportgen.errors import TemplateError
from reportgen.loading import load_yaml_text
from reportgen.pipeline import draft_facts
from reportgen.problems import builtin
from reportgen.say import fill
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.values import FactStr
from reportgen.wording import Wording
from reportgen.writers.markdown import to_markdown

from conftest import ROOT
from support import draft_text

LIBRARY = builtin()
CODES = sorted(LIBRARY.codes)
PARTS = ("problem", "cause", "own", "measure", "own_measure")
TERMS = Wording().terms
HELD_OUT = ROOT / "tests" / "library_heldout"


def variants(code: str, part: str) -> list[str]:
    phrase = LIBRARY.entries[code].parts[part]  # type: ignore[index]
    return [v.text for v in phrase.variants]


def all_sentences() -> list[tuple[str, str]]:
    """(where, text) of every sentence in the library."""
    out = []
    for code, entry in LIBRARY.entries.items():
        for part, phrase in (entry.parts or {}).items():
            out += [(f"{code}.{part}[{k}]", v.text) for k, v in enumerate(phrase.variants)]
    return out


# --- the library's shape ---------------------------------------------------------------------------


def test_thirteen_codes_each_tell_every_part_in_at_least_four_matched_wordings() -> None:
    assert len(CODES) == 13
    for code in CODES:
        counts = {part: len(variants(code, part)) for part in PARTS}
        assert min(counts.values()) >= 4, (code, counts)
        assert len(set(counts.values())) == 1, (code, counts)  # the k-th of each part is one story


def test_problems_in_the_users_words_have_eight_measures_of_each_voice() -> None:
    assert len(variants("generic", "measure")) >= 8
    assert len(variants("generic", "own_measure")) >= 8


def test_no_twelve_characters_are_shared_by_two_sentences_that_may_meet_in_one_draft() -> None:
    """A problem, its cause and its measure always meet; problems of two codes often do. Only the
    two voices never meet: a draft tells problems and measures, or the leader's own."""
    runs: dict[str, list[str]] = {}
    for where, text in all_sentences():
        flat = re.sub(r"\{[a-z_]+\}|\[|\]", "□", text)
        for run in {flat[i:i + 12] for i in range(len(flat) - 11)}:
            runs.setdefault(run, []).append(where)
    clashes = [(run, a, b) for run, places in runs.items() for a, b in itertools.combinations(places, 2)
               if (".own" in a) == (".own" in b) or ".cause" in a + b]
    assert clashes == []


def test_measure_titles_are_all_different() -> None:
    titles = [text.partition("。")[0] for where, text in all_sentences() if "measure[" in where]
    assert len(titles) == len(set(titles))


# --- the leader's own voice ------------------------------------------------------------------------


def test_own_shortcomings_are_the_leaders_own() -> None:
    for code in CODES:
        for text in variants(code, "own"):
            assert "本人" in text, text
            assert not re.search(r"少数党员干部|有的同志|个别同志|部分党员|有的班子成员", text), text


def test_own_measures_are_commitments_not_the_units_plans() -> None:
    for code in [*CODES, "generic"]:
        texts = variants(code, "own_measure")
        assert sum("本人" in t for t in texts) >= len(texts) // 2, code
        for text in texts:
            assert not re.search(r"\{we\}将|\{org\}将|各单位要", text), text


def test_unit_measures_speak_without_a_subject_so_every_type_can_use_them() -> None:
    """A measure serves a summary (我镇将…), a speech (一要…) and a roll-up alike."""
    for code in [*CODES, "generic"]:
        for text in variants(code, "measure"):
            body = text.partition("。")[2]
            assert not re.match(r"(本人|我们|\{we\}|\{org\})", body), text


# --- words that fit the unit's level -----------------------------------------------------------------


def blanks_for(kind: str, name: str) -> dict[str, object]:
    facts = validate(load_yaml_text(
        f"type: summary\nperiod: 2024\ndate: 2025-01-10\nunit:\n  name: {name}\n  kind: {kind}\n", "t.yaml"))
    return build_context(facts.data, Wording())["blanks"]  # type: ignore[no-any-return]


def filled(blanks: dict[str, object]) -> list[str]:
    out = []
    for entry in LIBRARY.entries.values():
        for phrase in (entry.parts or {}).values():
            out += [fill(v, blanks, phrase.key) for v in phrase.variants]
    return out


@pytest.mark.parametrize("kind", sorted(TERMS.kinds))
def test_every_sentence_reads_right_for_every_kind_of_unit(kind: str) -> None:
    name = f"青川县某某{kind}"
    level = TERMS.kinds[kind].level
    blanks = blanks_for(kind, name)
    joined = "\n".join(filled(blanks))
    assert "{" not in joined and "全部" not in joined
    if blanks["life_meeting"] == "组织生活会":  # the library names the meeting the unit holds
        assert "民主生活会" not in joined and "组织生活会" in joined
    if level == "grassroots":  # a village has no website and reaches no lower level
        assert "网站" not in joined
        assert not re.search(r"向(基层|村组|基层站所)延伸", joined)
    if level == "school":
        assert "群众" not in joined and "师生" in joined


def test_measures_read_whole_where_a_context_has_no_unit_words() -> None:
    """A roll-up suggests library measures in the collecting body's voice: no 我镇, no 群众 of its own."""
    blanks = {**blanks_for("县", "青川县"), "we": "", "people": "", "whole": "", "life_meeting": None}
    for code in CODES:
        for phrase in (LIBRARY.entries[code].parts["measure"],):  # type: ignore[index]
            for v in phrase.variants:
                text = fill(v, blanks, phrase.key)
                assert "{" not in text and "对各类" not in text[:3], text
                assert not re.search(r"[和向把用让]的|发动参与|更多就近", text), text


def test_an_education_bureau_speaks_of_teachers_and_students() -> None:
    joined = "\n".join(filled(blanks_for("局", "芦山县教育局")))
    assert "师生" in joined and "群众" not in joined


def test_a_department_of_a_party_committee_scopes_its_whole_area() -> None:
    joined = "\n".join(filled(blanks_for("部", "青川市委宣传部")))
    assert "全市" in joined and "全部" not in joined


# --- problems that do not deny the work the same draft reports ---------------------------------------

# What a work item may state, and the denial a problem must not make beside it (seen by the reviewer:
# 明确专人负责内容更新 beside 有的阵地内容长期未更新).
CONTRADICTIONS = {
    "内容更新": r"更新不及时|更新偏慢|更新滞后|长期未更新|未及时更新",
    "审核": r"审核.{0,8}(不严|不够严格|走过场)|把关不严",
    "文明上网提醒": r"提醒不够|提醒不到位|缺少提醒",
    "发声": r"发声不够主动|不敢发声|发声.{0,4}滞后",
    "处置": r"(发现|处置|反应|回应|应对).{0,4}(不够及时|不及时|迟缓|滞后)|反应速度",
    "整改": r"跟踪整改不够|整改不到位|整改不够到位",
    "培训": r"培训(开展)?得?(不多|较少|偏少)|培训不够经常|缺乏培训|缺少培训",
    "信息报送": r"报送不够及时|报送不及时",
    "研讨": r"研讨(开展)?得?(不多|较少|偏少)|交流研讨少",
    "宣讲": r"宣讲(开展)?得?(不多|较少|偏少)",
    "党课": r"党课.{0,4}(不多|较少|偏少)",
    "研判": r"研判(开展)?得?(不够经常|不多|较少)",
    "考核": r"(未|没有)纳入.{0,4}考核",
    "新建阵地": r"阵地覆盖(面)?不",
}


def test_no_problem_denies_what_a_work_item_may_state() -> None:
    found = []
    for code in CODES:
        for part in ("problem", "cause", "own"):
            for text in variants(code, part):
                found += [(claim, code, part, text) for claim, denial in CONTRADICTIONS.items()
                          if re.search(denial, text)]
    assert found == []


EVERY_ITEM = """\
type: {type}
period: 2024
date: 2024-12-26
unit: {{name: 青龙镇, kind: 镇, party_org: 镇党委, superior: 县委, secretary: 王明, deputy: 李华}}
person: {{name: 王明, title: 镇党委书记}}
meeting: {{name: 全镇意识形态工作会议}}
responsibility: {{leading_group: true, special_meetings: 4, analysis_meetings: 4, letters_signed: 12,
  documents: [《青龙镇意识形态工作责任清单》], inspections: 2, inspected_units: 12, in_assessment: true,
  reports_to_superior: 2, accountability: 0}}
study: {{group_study: 12, seminars: 4, party_lectures: 6, theme_days: 12, staff_study: 10, preaching: 20,
  topics: [党的二十届三中全会精神]}}
positions: {{media: [“青龙发布”微信公众号, 村村响广播], review: 三审三校, work_groups: 20, new_built: 3}}
publicity: {{articles: [{{outlet: 《雅安日报》, count: 6}}], materials: 800余, mass_meetings: 30,
  activities: [{{name: 文化进村活动, count: 8, participants: 900}}]}}
online: {{commentators: 12, monitoring: 专人每日巡网, incidents_handled: 2}}
team: {{trainings: 2, trainees: 80, correspondents: 2}}
problems: {problems}
"""


@pytest.mark.parametrize("report_type", ["summary", "implementation", "duty", "exchange"])
def test_a_draft_with_every_work_item_and_every_code_contradicts_itself_nowhere(report_type: str) -> None:
    for codes in (CODES[:7], CODES[7:]):
        doc = draft_text(EVERY_ITEM.format(type=report_type, problems="[" + ", ".join(codes) + "]")).document
        text = to_markdown(doc)
        heads = [m.start() for m in re.finditer(r"^## ", text, re.M)]
        problems_at = next(h for h in heads if re.match(r"## .*(问题|不足|差距|短板)", text[h:]))
        work, rest = text[:problems_at], text[problems_at:]
        for claim, denial in CONTRADICTIONS.items():
            if claim in work:
                assert not re.search(denial, rest), (report_type, claim, re.search(denial, rest))


SAID = """\
type: {type}
period: 2024H1
date: 2024-07-05
unit: {{name: {name}, kind: 镇}}
study: {{group_study: 6}}
publicity:
  activities: [{{name: 新时代文明实践志愿服务, count: 20}}]
highlights:
  - 组织返乡大学生拍摄茶乡短视频，单条播放量突破10万
  - 打造“孝廉”宣传品牌
problems: [publicity_innovation, culture_supply]
"""


@pytest.mark.parametrize("report_type", ["summary", "duty"])
@pytest.mark.parametrize("name", ["青龙镇", "白马镇", "石门镇", "金山镇", "云峰镇", "桃源镇"])
def test_a_problem_never_calls_lacking_what_the_units_own_words_show_done(report_type: str, name: str) -> None:
    """短视频用得少 beside a highlight on a viral short video, 品牌不多 beside a brand, 志愿服务薄弱
    beside twenty volunteer events: the problem takes another of its wordings."""
    facts = SAID.format(type=report_type, name=name)
    if report_type == "duty":
        facts += "person: {name: 王明, title: 镇党委书记}\n"
    text = to_markdown(draft_text(facts).document)
    problems = text[text.index("\n## 二"):]
    problems = problems[:problems.index("\n## 三")]
    for word in ("短视频", "直播", "品牌", "志愿"):
        assert word not in problems, (name, word, problems)


# --- one story per problem, in order: problems, causes, own voice and measures -----------------------

SKELETON = """\
{% import "_shared/plan.md.j2" as plans with context %}
# 问题和措施

## 存在问题

{% call enumerate() %}
{{ plans.CALL_PROBLEMS() }}
{% endcall %}

## 措施

CALL_MEASURES
"""


def templates(tmp_path: Path, problems_macro: str, measures: str) -> Path:
    """A user folder whose implementation skeleton prints only the problems and measures, with
    the named macros (so the test holds the macros, whatever the type skeletons call)."""
    folder = tmp_path / "mine" / "implementation"
    folder.mkdir(parents=True, exist_ok=True)
    text = SKELETON.replace("CALL_PROBLEMS", problems_macro).replace("CALL_MEASURES", measures)
    (folder / "report.md.j2").write_text(text, encoding="utf-8")
    return tmp_path / "mine"


FACTS = """\
type: implementation
period: 2024
date: 2024-12-26
unit: {{name: 青龙镇, kind: 镇, party_org: 镇党委, superior: 县委}}
study: {{group_study: 6}}
problems:
{problems}
"""


def draft(tmp_path: Path, problems: str, problems_macro: str = "problem_lines",
          measures: str = "{{ plans.measures() }}") -> Document:
    folder = templates(tmp_path, problems_macro, measures)
    facts = validate(load_yaml_text(FACTS.format(problems=problems), "facts.yaml"))
    return draft_facts(facts, make_environment(folder)).document


LIBRARY_SPAN = re.compile(r"#p:problems:(\w+)\.(\w+)#(\d+)")


def phrases(doc: Document) -> list[str]:
    """The phrase key and variant ("#p:key#k") of every phrasebook sentence, in reading order."""
    return [span.source for block in doc.blocks for span in sorted(block.full_phrases(), key=lambda s: s.start)]


def picks(doc: Document) -> list[tuple[str, str, int]]:
    """(code, part, variant) of every library sentence in the draft, in reading order."""
    found = [LIBRARY_SPAN.fullmatch(source) for source in phrases(doc)]
    out = [(m.group(1), m.group(2), int(m.group(3))) for m in found if m]
    return [pick for i, pick in enumerate(out) if i == 0 or out[i - 1] != pick]  # a measure's title and body


def lines_of(doc: Document) -> str:
    return to_markdown(doc)


@pytest.mark.parametrize("codes", [["supervision", "study_methods", "external_publicity", "team_capacity"],
                                   ["online_guidance", "culture_supply", "position_use"]])
def test_each_problem_is_told_with_its_own_cause_and_answered_by_its_own_measure(
        tmp_path: Path, codes: list[str]) -> None:
    doc = draft(tmp_path, "\n".join(f"  - {c}" for c in codes), "problem_lines_with_causes")
    got = picks(doc)
    assert [(c, p) for c, p, _ in got] == (
        [(c, p) for c in codes for p in ("problem", "cause")] + [(c, "measure") for c in codes])
    for code in codes:  # one story: the problem's wording number is its cause's and its measure's
        assert len({k for c, _, k in got if c == code}) == 1, got
    text = lines_of(doc)
    for code in codes:
        k = next(k for c, _, k in got if c == code)
        cause = LIBRARY.entries[code].parts["cause"].variants[k]  # type: ignore[index]
        assert cause.text.partition("；")[0].partition("，")[0] in text


def test_adjacent_causes_are_joined_with_different_words(tmp_path: Path) -> None:
    codes = ["supervision", "study_methods", "external_publicity", "team_capacity"]
    doc = draft(tmp_path, "\n".join(f"  - {c}" for c in codes), "problem_lines_with_causes")
    keys = [source for source in phrases(doc) if source.startswith("#p:problem-cause")]
    assert [k.split("#")[1] for k in keys] == ["p:problem-cause", "p:problem-cause-2", "p:problem-cause-3",
                                               "p:problem-cause-4"]
    assert len({k.split("#")[2] for k in keys}) == 1  # one style of wording for the whole section


FREE = ["村级宣传员队伍不稳定", "部分村宣传栏内容陈旧", "网上舆情监测力量不足", "会议室漏雨", "学习笔记流于形式"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([*CODES, *FREE]), st.booleans(), st.booleans(), st.booleans()),
                min_size=1, max_size=6, unique_by=lambda t: t[0]),
       st.sampled_from(["problem_lines_with_causes", "own_problem_lines", "problem_lines"]))
def test_any_problems_get_one_measure_each_in_order(tmp_path: Path, given_problems: list[tuple[str, bool, bool, bool]],
                                                    macro: str) -> None:
    lines = []
    for text, cause, deadline, owner in given_problems:
        lines.append(f"  - problem: {text}")
        lines += ["    cause: 人手紧张"] if cause else []
        lines += ["    deadline: 2025年6月底前"] if deadline else []
        lines += ["    owner: 宣传委员"] if owner else []
    own = macro == "own_problem_lines"
    measures = "{{ plans.own_measures() }}" if own else "{{ plans.measures() }}"
    doc = draft(tmp_path, "\n".join(lines), macro, measures)
    got = picks(doc)
    told = [(c, k) for c, p, k in got if p in ("problem", "own")]
    answered = [(c, k) for c, p, k in got if p in ("measure", "own_measure")]
    assert len(answered) == len(given_problems)
    coded = [a for a, (text, *_) in zip(answered, given_problems, strict=True) if text in CODES]
    assert coded == told  # the k-th problem of a code is answered by its k-th measure, in order
    assert len(set(answered)) == len(answered)  # no measure twice
    text = to_markdown(doc)
    assert not re.search(r"[，。；]{2}", text)
    assert text.count("2025年6月底前") == sum(d for *_, d, _ in given_problems)


def test_a_cause_the_facts_give_is_used_and_the_library_one_is_not(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - problem: team_capacity\n    cause: 宣传员多由村干部兼任，精力难以保证\n"
                          "  - study_depth\n", "problem_lines_with_causes")
    text = lines_of(doc)
    assert "宣传员多由村干部兼任，精力难以保证" in text
    assert [(c, p) for c, p, _ in picks(doc)] == [("team_capacity", "problem"), ("study_depth", "problem"),
                                                   ("study_depth", "cause"), ("team_capacity", "measure"),
                                                   ("study_depth", "measure")]


def test_plain_problem_lines_give_no_library_cause(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - study_depth\n  - supervision\n")
    assert [p for _, p, _ in picks(doc)] == ["problem", "problem", "measure", "measure"]


def test_the_own_voice_pairs_own_shortcomings_with_own_commitments(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - study_depth\n  - online_management\n  - 村级宣传员队伍不稳定\n", "own_problem_lines",
                "{% call enumerate() %}\n{{ plans.own_measure_lines() }}\n{% endcall %}")
    got = picks(doc)
    assert [(c, p) for c, p, _ in got] == [("study_depth", "own"), ("online_management", "own"),
                                          ("study_depth", "own_measure"), ("online_management", "own_measure"),
                                          ("team_capacity", "own_measure")]
    assert got[0][2] == got[2][2] and got[1][2] == got[3][2]
    text = lines_of(doc)
    assert "少数党员干部" not in text and text.count("本人") >= 2
    assert "村级宣传员队伍不稳定" in text


def test_the_own_voice_of_a_problem_no_code_fits_is_a_commitment_too(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - 会议室漏雨\n", "own_problem_lines", "{{ plans.own_measures() }}")
    assert picks(doc)[0][:2] == ("generic", "own_measure")


def test_measures_carry_the_facts_deadline_and_owner_each_in_other_words(tmp_path: Path) -> None:
    problems = "".join(f"  - problem: {c}\n    deadline: 2025年6月底前\n    owner: 镇党委宣传委员\n"
                       for c in ("study_depth", "online_management", "team_capacity"))
    problems += "  - problem: supervision\n    deadline: 2025-03-31\n"
    doc = draft(tmp_path, problems)
    text = lines_of(doc)
    plan_part = text[text.index("措施"):]
    assert plan_part.count("2025年6月底前") == 3 and plan_part.count("镇党委宣传委员") == 3
    assert "2025年3月31日前" in plan_part
    tails = [source.split("#")[1] for source in phrases(doc)
             if source.startswith(("#p:measure-owner", "#p:measure-deadline"))]
    assert tails == ["p:measure-owner-deadline", "p:measure-owner-deadline-2", "p:measure-owner-deadline-3",
                     "p:measure-deadline"]
    # the tail sits in the measure's own paragraph, after the measure
    for para in [p for p in plan_part.split("\n\n") if p.startswith("（")][:3]:
        assert para.index("镇党委宣传委员") > para.index("。")


def test_a_measure_given_in_the_facts_replaces_the_library_body(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - problem: position_use\n    measure: 每月编排一期自办广播节目\n")
    text = lines_of(doc)
    assert "每月编排一期自办广播节目。" in text
    assert [p for _, p, _ in picks(doc)] == ["problem", "measure"]  # the title only


def test_a_problem_in_the_users_words_gets_the_measure_that_answers_it(tmp_path: Path) -> None:
    """使用率不高 is answered by putting idle positions to use, not by, say, comment boxes."""
    doc = draft(tmp_path, "  - 部分村（社区）应急广播使用率不高\n")
    text = lines_of(doc)
    assert "推动阵地从“建起来”到“用起来”" in text
    assert "利用率" in text


def test_a_problem_in_the_users_words_never_takes_the_measure_of_a_library_problem(tmp_path: Path) -> None:
    doc = draft(tmp_path, "  - position_use\n  - 部分村（社区）应急广播使用率不高\n  - 村里宣传栏内容单调，群众不爱看\n")
    measures = [(c, k) for c, p, k in picks(doc) if p == "measure"]
    assert [c for c, _ in measures] == ["position_use"] * 3
    assert len(set(measures)) == 3


def test_plan_gives_each_measure_of_one_code_its_own_wording() -> None:
    problems = [ProblemItem("position_use", None), ProblemItem(None, FactStr("应急广播使用率不高", "p[2]")),
                ProblemItem(None, FactStr("宣传栏内容单调", "p[3]"))]
    items = plan(problems, [], LIBRARY)
    assert [i.code for i in items] == ["position_use"] * 3
    assert [i.nth for i in items] == [0, 1, 2]
    for seed in ("甲镇", "乙镇", "丙镇", "丁镇"):
        from reportgen.derive import variant_picker

        picked = variant_picker("summary", seed, "2024")
        items = plan(problems, [], LIBRARY, picked)
        n = len(variants("position_use", "measure"))
        base = picked("problems:position_use", n)
        assert len({(base + i.nth) % n for i in items}) == 3


# --- a user's library ----------------------------------------------------------------------------------


def user_library(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "mine" / "_shared"
    folder.mkdir(parents=True)
    (folder / "problems.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "mine"


def test_a_users_own_problem_sentences_drop_the_built_in_causes_and_own_voice(tmp_path: Path) -> None:
    mine = user_library(tmp_path, "study_depth:\n  problem:\n    - 自定义的问题\n  measure:\n    - 自定义措施。正文。\n")
    library = make_environment(mine).wording.library  # type: ignore[attr-defined]
    entry = library.entries["study_depth"]
    assert "cause" not in entry.parts and "own" not in entry.parts and "own_measure" not in entry.parts
    assert [v.text for v in entry.part("own").variants] == ["自定义的问题"]  # falls back to the problem
    # a code the user did not touch keeps its whole story
    assert len(library.entries["online_management"].parts) == 5


def test_a_users_part_with_another_number_of_wordings_is_a_located_error(tmp_path: Path) -> None:
    mine = user_library(tmp_path, "study_depth:\n  cause:\n    - 原因一\n    - 原因二\n")
    with pytest.raises(TemplateError) as exc:
        _ = make_environment(mine).wording.library  # type: ignore[attr-defined]
    message = exc.value.problems[0].render()
    assert "cause 有2种说法" in message and "problems.yaml" in message and "第2行" in message


def test_a_library_sentence_with_a_blank_no_phrase_has_is_a_located_error(tmp_path: Path) -> None:
    mine = user_library(tmp_path, "new_code:\n  title: 新问题\n  problem:\n    - 有{n}个问题\n"
                                  "  measure:\n    - 措施。正文。\n")
    with pytest.raises(TemplateError) as exc:
        _ = make_environment(mine).wording.library  # type: ignore[attr-defined]
    message = exc.value.problems[0].render()
    assert "未知的空位 {n}" in message and "第4行" in message


# --- held-out facts: a village, a school, a department --------------------------------------------------


@pytest.mark.parametrize("path", sorted(HELD_OUT.glob("*.yaml")), ids=lambda p: p.stem)
def test_held_out_drafts_pair_problems_and_measures_and_read_cleanly(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    facts = validate(load_yaml_text(text, path.name))
    doc = draft_facts(facts, make_environment()).document
    got = picks(doc)
    # one measure per problem, in order; a library problem's measure tells the same story
    told = [(c, k) for c, p, k in got if p in ("problem", "own")]
    answered = [(c, k) for c, p, k in got if p in ("measure", "own_measure")]
    given = [str(p.problem) if str(p.problem) in LIBRARY.codes else None for p in facts.data.problems]
    # a problem of the unit's own wording with its own measure is answered by that measure, not the library
    by_library = [g for p, g in zip(facts.data.problems, given, strict=True) if g or not p.measure]
    assert len(answered) == len(by_library)
    assert [a for a, g in zip(answered, by_library, strict=True) if g] == told
    markdown = to_markdown(doc)
    for bad in ("，，", "。。", "；。", "。，", "，。", "{", "}"):
        assert bad not in markdown, bad
    sentences = [s for s in re.split(r"[。；！]", re.sub(r"\s+", "", markdown)) if len(s) >= 12]
    repeated = [s for s, n in itertools.groupby(sorted(sentences)) if len(list(n)) > 1]
    assert repeated == []
    if "村" in path.stem:
        assert "民主生活会" not in markdown and "网站" not in markdown


def test_the_held_out_facts_are_not_the_samples() -> None:
    samples = {p.read_text(encoding="utf-8") for p in (ROOT / "samples").glob("*.yaml")}
    assert all(p.read_text(encoding="utf-8") not in samples for p in HELD_OUT.glob("*.yaml"))
    assert yaml.safe_load((HELD_OUT / "青杠村-2024落实情况.yaml").read_text(encoding="utf-8"))["unit"]["kind"] == "村"
