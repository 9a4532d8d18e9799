"""What a 宣传部 reviewer checks in a 落实情况报告 (issue 16): sent to its superior (主送),
现将有关情况报告如下, the responsibility-system checklist item by item with every heading backed
by its facts, problems with their causes, measures with owner and time limit, 督查 with the
problems found and rectified, 特此报告, and the Party organ's 落款."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wording_support import (
    body,
    draft_yaml,
    facts_files,
    heading_keys,
    plan_part,
    problems_part,
    repeated_clauses,
    role,
    sections,
)

from reportgen.document import Document, Paragraph
from reportgen.loading import load_yaml_text
from reportgen.pipeline import draft_facts, draft_file
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.writers.markdown import to_markdown

from strategies import PLAIN, facts

REPORTS = facts_files("implementation")
NAMES = ("青山镇", "石桥镇", "龙泉镇", "白马镇", "金河镇", "柳溪镇", "桃源镇", "松林镇", "云台镇", "花溪镇")

HEAD = """\
type: implementation
period: 2024
date: 2024-12-20
unit:
  name: {name}
  kind: 镇
  party_org: 镇党委
  superior: 天全县委
"""


def report(extra: str, name: str = "青山镇") -> Document:
    return draft_yaml(HEAD.format(name=name) + extra)


def section_with(doc: Document, words: str) -> Paragraph:
    return next(s for s in sections(doc) if re.search(words, s.printed))


@pytest.fixture(scope="module", params=REPORTS, ids=[p.stem for p in REPORTS])
def drafted(request: pytest.FixtureRequest) -> tuple[Path, Document]:
    return request.param, draft_file(request.param).document


# --- the form of a report to a superior --------------------------------------------------------


def test_addressed_to_the_superior_closed_and_signed(drafted: tuple[Path, Document]) -> None:
    path, doc = drafted
    unit = yaml.safe_load(path.read_text("utf-8"))["unit"]
    assert role(doc, "salutation") == [f"{unit['superior']}："]
    assert re.search("现将(有关|具体|主要|落实)情况报告如下：$", body(doc)[0])
    assert body(doc)[-1] == "特此报告。"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", role(doc, "signature")[1])
    assert role(doc, "signature")[0].startswith(unit["name"]) or role(doc, "signature")[0].startswith("中共")
    text = to_markdown(doc)
    assert not re.search("本人|同志们|我们要|汇报如下", text)
    assert repeated_clauses("".join(body(doc))) == set()


@pytest.mark.parametrize(("stem", "organ"), [
    ("始阳镇-2024落实情况", "始阳镇党委"),
    ("名山区农业农村局-2024落实情况", "名山区农业农村局党组"),
    ("implementation-社区-2024H1", "河北街社区党委"),
    ("implementation-学校-2024", "天全中学党总支"),
])
def test_signed_and_titled_by_the_organ(stem: str, organ: str) -> None:
    doc = draft_file(next(p for p in REPORTS if p.stem == stem)).document
    assert role(doc, "signature")[0] == organ
    assert doc.title.startswith(f"{organ}关于") and doc.title.endswith("情况的报告")


# --- every heading backed by its facts ----------------------------------------------------------


def test_assessment_alone_is_not_called_督查() -> None:
    for name in NAMES:
        doc = report("responsibility:\n  special_meetings: 2\n  in_assessment: true\n", name)
        checks = section_with(doc, "考核")
        assert "考核" in checks.lead.text and not re.search("督查|检查", checks.lead.text)  # type: ignore[union-attr]


def test_inspections_alone_are_not_called_考核() -> None:
    for name in NAMES:
        doc = report("responsibility:\n  inspections: 2\n", name)
        checks = section_with(doc, "督查")
        assert re.search("督查|检查", checks.lead.text) and "考核" not in checks.lead.text  # type: ignore[union-attr]


def test_no_case_of_accountability_is_not_called_严肃问责() -> None:
    for name in NAMES:
        doc = report("responsibility:\n  accountability: 0\n", name)
        (only,) = sections(doc)
        assert "全年未" in only.printed
        assert not re.search("严肃|从严|利器|倒逼", only.lead.text), only.lead.text  # type: ignore[union-attr]


def test_publicity_has_its_own_heading_apart_from_positions() -> None:
    for name in NAMES:
        doc = report("publicity:\n  materials: 300\n", name)
        (only,) = sections(doc)
        assert "阵地" not in only.lead.text and re.search("宣传|主旋律", only.lead.text)  # type: ignore[union-attr]


def test_the_checklist_in_order(drafted: tuple[Path, Document]) -> None:
    _, doc = drafted
    order = ["h-duty", "h-study", "h-positions", "h-publicity", "h-online", "h-team", "h-highlights", "h-checks",
             "h-accountability"]
    found = [next(i for i, k in enumerate(order) if heading_keys(s)[0].startswith(k)) for s in sections(doc)]
    assert found == sorted(found) and len(set(found)) == len(found)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_checks_heading_names_only_what_the_facts_hold(data: st.DataObject) -> None:
    drawn = data.draw(facts("implementation", PLAIN))
    doc = draft_yaml(yaml.safe_dump(drawn, allow_unicode=True, sort_keys=False))
    r = drawn.get("responsibility") or {}
    fix = {k: v for k, v in (drawn.get("rectification") or {}).items() if v is not None}
    for s in sections(doc):
        if heading_keys(s)[0].startswith("h-checks"):
            heading = s.lead.text  # type: ignore[union-attr]
            if "考核" in heading:
                assert r.get("in_assessment")
            if re.search("督查|检查|整改", heading):
                assert r.get("inspections") or r.get("inspected_units") or fix


# --- causes, measures, owners and time limits -------------------------------------------------


def test_each_problem_is_given_its_cause() -> None:
    doc = report("problems:\n"
                 "  - {problem: 个别文化场所播放内容把关不严, cause: 日常巡查力量不足}\n"
                 "  - {problem: 学习不够深入, cause: 工学矛盾突出}\n"
                 "  - {problem: 网评员发声少, cause: 培训开展得不多}\n"
                 "  - study_depth\n")
    heading = next(k for k in [b.text for b in doc.blocks if getattr(b, "level", 0) == 1] if "问题" in k)
    assert "原因" in heading
    text = "".join(p.printed for p in problems_part(doc))
    assert "把关不严，" in text and text.index("把关不严") < text.index("日常巡查力量不足")
    joints = [text[:text.index(cause)][-6:] for cause in ("日常巡查力量不足", "工学矛盾突出", "培训开展得不多")]
    assert len(set(joints)) == 3, joints


def test_without_causes_the_heading_does_not_promise_them() -> None:
    doc = report("problems:\n  - 学习研讨还不够深入\n  - 网评员发声还不够多\n")
    assert not any("原因" in b.text for b in doc.blocks if getattr(b, "level", 0) == 1)
    # a library problem brings its cause, and the heading then promises it
    doc = report("problems:\n  - study_depth\n")
    assert any("原因" in b.text for b in doc.blocks if getattr(b, "level", 0) == 1)


def test_the_librarys_cause_is_used_where_the_facts_give_none(tmp_path: Path) -> None:
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "problems.yaml").write_text(
        "study_depth:\n  problem:\n    - 理论学习与业务工作结合不紧\n"
        "  cause:\n    - 学习计划偏重传达文件，研讨题目与分管工作结合不紧\n"
        "  measure:\n    - 改进学习安排。研讨题目从分管工作中来。\n", encoding="utf-8")
    facts = validate(load_yaml_text(HEAD.format(name="青山镇") + "problems:\n  - study_depth\n", "t.yaml"))
    doc = draft_facts(facts, make_environment(tmp_path)).document
    text = "".join(p.printed for p in problems_part(doc))
    assert "学习计划偏重传达文件，研讨题目与分管工作结合不紧" in text
    assert any("原因" in b.text for b in doc.blocks if getattr(b, "level", 0) == 1)


def test_measures_carry_owner_and_time_limit_in_the_problems_order() -> None:
    doc = report("problems:\n"
                 "  - problem: 个别文化经营场所播放内容把关不严\n"
                 "    measure: 每季度开展一次文化市场专项检查\n"
                 "    deadline: 2025-06-30\n"
                 "    owner: 局分管领导唐亮\n"
                 "  - study_depth\n"
                 "  - problem: 新媒体运营人员不足\n"
                 "    deadline: 2025年3月底前\n")
    measures = [p.printed for p in plan_part(doc) if p.lead is not None]
    assert len(measures) == 3
    assert "每季度开展一次文化市场专项检查" in measures[0]
    assert "局分管领导唐亮" in measures[0] and "2025年6月30日前" in measures[0]
    assert "2025年3月底前" in measures[2] and "唐亮" not in measures[1] + measures[2]


@pytest.mark.parametrize("path", REPORTS, ids=[p.stem for p in REPORTS])
def test_every_problem_has_its_measure(path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    doc = draft_file(path).document
    measures = [p for p in plan_part(doc) if p.lead is not None]
    assert len(measures) == len(data["problems"])
    for problem, measure in zip(data["problems"], measures, strict=True):
        if isinstance(problem, str) and problem.isascii():
            assert heading_keys(measure)[0] == f"problems:{problem}.measure"


def test_the_plan_lead_names_no_area() -> None:
    for name in NAMES:
        lead = plan_part(report("study:\n  group_study: 4\nproblems:\n  - team_capacity\n", name))[0].printed
        assert not re.search("阵地|网络|学习|宣传|队伍|舆论|舆情", lead), lead
        assert lead.startswith(("2025年", "围绕2025年", "针对上述情况"))


# --- 督查: problems found and rectified ----------------------------------------------------------


def checks(extra: str, name: str = "青山镇") -> str:
    doc = report("responsibility:\n  inspections: 3\n  inspected_units: 12\n" + extra, name)
    return section_with(doc, "督查|检查").printed


def test_problems_found_and_rectified_are_stated() -> None:
    for name in NAMES:
        text = checks("rectification:\n  issues_found: 7\n  issues_fixed: 6\n", name)
        assert re.search(r"问题7个.*6个", text)
        assert re.search("其余|尚未|未整改", text)  # and the rest are still being worked on
        done = checks("rectification:\n  issues_found: 9\n  issues_fixed: 9\n", name)
        assert re.search(r"问题9个.*9个", done) and not re.search("其余|尚未|未整改", done)


def test_rectification_edge_cases() -> None:
    assert re.search("未发现|没有发现|未查出", checks("rectification:\n  issues_found: 0\n"))
    assert re.search("问题7个", checks("rectification:\n  issues_found: 7\n"))
    only_fixed = checks("rectification:\n  issues_fixed: 4\n")
    assert "4个" in only_fixed and "发现问题" not in only_fixed
    approx = checks("rectification:\n  issues_found: 20余\n  issues_fixed: 20余\n")
    assert re.search("其余|尚未|未整改", approx)  # two round numbers do not prove every one was fixed


def test_rectification_is_read_by_the_implementation_report_only() -> None:
    text = ("type: summary\nperiod: 2024\ndate: 2024-12-20\nunit:\n  name: 青山镇\n"
            "study:\n  group_study: 4\nrectification:\n  issues_found: 7\n")
    facts = validate(load_yaml_text(text, "t.yaml"))
    assert any("落实情况报告" in w.message and "rectification" in str(w) for w in facts.warnings)
    assert "问题7个" not in to_markdown(draft_facts(facts, make_environment()).document)
