"""The four report types beyond the summary: duty, implementation, speech, exchange.

Goldens for every sample are compared in test_drafts.py. These tests check what a reader checks: each type's markers, section order, problems answered by
measures in order, required blocks, and drafts from sparse and from full facts that still
read cleanly (contiguous numbering, no empty headings, no 0次, no doubled punctuation,
every number traced to a fact).
"""

from __future__ import annotations

import copy
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.derive import leader_role
from reportgen.document import Document, Heading, Paragraph
from reportgen.pipeline import draft_file
from reportgen.problems import builtin
from reportgen.schema import FOCUS_CODES
from reportgen.values import Record
from reportgen.wording import Wording
from reportgen.writers.markdown import to_markdown

from conftest import ROOT

SAMPLES = ROOT / "samples"
GOLDEN = Path(__file__).resolve().parent / "golden"
SPEC = ROOT.parent / "shared" / "spec"
TYPES = ("duty", "implementation", "speech", "exchange")
TYPE_SAMPLES = {
    "duty": "青川市交通运输局-陈志远-2024述职",
    "speech": "镇沅县地方志办公室-2025Q1讲话",
    "implementation": "始阳镇-2024落实情况",
    "exchange": "蒙顶山镇-2024H1交流发言",
}
CN = "一二三四五六七八九十"


# --- helpers --------------------------------------------------------------------------


def draft_data(tmp_path: Path, data: dict[str, Any], name: str = "facts.yaml") -> Document:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return draft_file(path).document


def run_cli(tmp_path: Path, data: dict[str, Any]) -> Any:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return CliRunner().invoke(cli, ["draft", str(path), "-o", "-"])


def paragraphs(doc: Document, role: str = "body") -> list[str]:
    return [b.full()[0] for b in doc.blocks if isinstance(b, Paragraph) and b.role == role]


def level1(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]


def cn_ordinal(n: int) -> str:
    return CN[n - 1] if n <= 10 else "十" + CN[n - 11]


def few(report_type: str) -> dict[str, Any]:
    """A unit that gives only its name, the period, the date and two counts."""
    data: dict[str, Any] = {
        "type": report_type, "period": "2024Q1", "date": "2024-04-03",
        "unit": {"name": "大川镇"},
        "responsibility": {"special_meetings": 1}, "study": {"group_study": 3},
    }
    if report_type == "duty":
        data["person"] = {"name": "孙立"}
    if report_type == "implementation":
        data["unit"]["superior"] = "芦山县委"
    if report_type == "speech":
        data["meeting"] = {"name": "意识形态工作专题会", "speaker": "孙立"}
    return data


MANY: dict[str, Any] = {
    "period": "2024", "date": "2025-01-08",
    "unit": {"name": "宝兴县穆坪镇", "kind": "镇", "party_org": "镇党委", "superior": "县委",
             "secretary": "赵德明", "deputy": "钱丽"},
    "person": {"name": "赵德明", "title": "镇党委书记"},
    "meeting": {"name": "全镇意识形态工作会议", "speaker": "赵德明", "speaker_title": "镇党委书记"},
    "responsibility": {
        "leading_group": True, "special_meetings": 6, "analysis_meetings": 4, "letters_signed": 31,
        "documents": ["《穆坪镇意识形态工作责任清单》", "《穆坪镇网络信息发布审核办法》"],
        "inspections": 3, "inspected_units": 17, "in_assessment": True, "reports_to_superior": 2,
        "accountability": 1,
    },
    "study": {"group_study": 12, "seminars": 5, "party_lectures": 7, "theme_days": 12,
              "staff_study": "30余", "preaching": 40,
              "topics": ["党的二十届三中全会精神", "《中国共产党纪律处分条例》"]},
    "positions": {"media": ["“穆坪发布”微信公众号", "村（社区）宣传栏"], "work_groups": 14,
                  "review": "三审三校制度", "new_built": 5},
    "publicity": {
        "articles": [{"outlet": "《雅安日报》", "count": 8},
                     {"outlet": "“穆坪发布”微信公众号", "count": 120}],
        "activities": [{"name": "“熊猫故里”文化惠民演出", "count": 9, "participants": 2600},
                       {"name": "道德讲堂", "count": 6}],
        "materials": "6000余", "mass_meetings": "70余",
    },
    "online": {"commentators": 18, "incidents_handled": 0,
               "monitoring": "专人每日巡网、节假日加密监测"},
    "team": {"trainings": 3, "trainees": 140, "correspondents": 4},
    "highlights": ["打造“熊猫故里·红色穆坪”宣传品牌", "开设“夜话坝坝会”"],
    "problems": ["study_depth", "online_guidance", "culture_supply",
                 "村级宣传员流动性大，队伍不够稳定。"],
    "focus": ["online", "awareness", "team", "study", "responsibility", "coordination", "positions",
              "mechanisms"],
    "tasks": ["开展意识形态工作责任制落实情况专项督查", "建成3个新时代文明实践示范站"],
}
_OWN = {"summary": (), "duty": ("person",), "speech": ("meeting", "focus", "tasks"),
        "exchange": ("meeting",), "implementation": ()}


def many(report_type: str) -> dict[str, Any]:
    """A unit that fills every field its type reads."""
    data = copy.deepcopy(MANY)
    data["type"] = report_type
    for block in ("person", "meeting", "focus", "tasks"):
        if block not in _OWN[report_type]:
            data.pop(block)
    return data


# --- contract files --------------------------------------------------------------------


@pytest.mark.parametrize("name,stem", [("duty-2024.yaml", TYPE_SAMPLES["duty"]),
                                       ("speech-2025.yaml", TYPE_SAMPLES["speech"])])
def test_contract_files_are_samples_unchanged(name: str, stem: str) -> None:
    if not (SPEC / name).exists():
        pytest.skip("../shared/spec is not available")
    assert (SAMPLES / f"{stem}.yaml").read_bytes() == (SPEC / name).read_bytes()


def test_same_facts_give_the_same_files_in_another_process(tmp_path: Path) -> None:
    """Drafts depend on the facts alone: two processes with different string-hash seeds (set
    and dict order, anything seeded from hash()) write the same bytes, .md and .docx."""
    written = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "reportgen", "batch", str(SAMPLES), "-o", str(out),
                        "--format", "both", "--jobs", "1"], env=env, cwd=tmp_path, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        written.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    first, second = written
    assert len(first) == 2 * len(list(SAMPLES.glob("*.yaml")))  # each sample in .md and .docx
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


# --- what marks each type -----------------------------------------------------------------


def test_duty_speaks_as_the_person_under_a_byline() -> None:
    doc = draft_file(SAMPLES / f"{TYPE_SAMPLES['duty']}.yaml").document
    assert doc.title == "2024年度抓意识形态工作述职报告"
    assert paragraphs(doc, "byline") == ["青川市交通运输局党组书记、局长　陈志远"]
    body = paragraphs(doc)
    assert body[0].count("本人") >= 1 and "第一责任人" in body[0]
    assert any(p.startswith("2025年，本人将") for p in body)
    # the next step written as "2025年，持续完善……" is not led by its year twice
    assert "一是持续完善意识形态工作责任清单" in "".join(body)
    assert "是2025年" not in "".join(body)
    assert body[-1].startswith("以上")
    assert paragraphs(doc, "signature") == ["2025年1月10日"]


def test_implementation_reports_to_the_superior() -> None:
    doc = draft_file(SAMPLES / f"{TYPE_SAMPLES['implementation']}.yaml").document
    assert re.fullmatch(r"始阳镇党委关于2024年\w*意识形态工作\w*责任\w*情况的报告", doc.title)
    assert paragraphs(doc, "salutation") == ["天全县委："]
    body = paragraphs(doc)
    assert re.search("现将(有关|具体|主要|落实)情况报告如下：$", body[0])
    assert paragraphs(doc, "signature") == ["始阳镇党委", "2024年12月26日"]
    heads = level1(doc)
    assert heads[0].endswith(("情况", "成效"))
    assert heads[1].startswith("存在") and re.search("下一步|整改|打算", heads[2])
    # the checklist items, in the checklist's order, each with its facts
    items = [b.lead.text for b in doc.blocks
             if isinstance(b, Paragraph) and b.lead and b.lead.level == 2]
    order = ["领导", "学习", "阵地", "宣传", "网络", "队伍", "创新", "考核", "问责|追究|失责"]
    assert all(re.search(word, item) for word, item in zip(order, items[:9], strict=True)), items
    assert re.search("全年未(发生|出现).*(追责|问责|责任追究)", "".join(body))  # any of the phrasebook's wordings


def test_speech_is_spoken_to_comrades() -> None:
    doc = draft_file(SAMPLES / f"{TYPE_SAMPLES['speech']}.yaml").document
    assert doc.title == "在2025年意识形态工作会议上的讲话"
    assert paragraphs(doc, "byline") == ["镇沅县地方志办公室党支部书记、主任　刘建明", "（2025年2月18日）"]
    assert paragraphs(doc, "salutation") == ["同志们："]
    assert paragraphs(doc, "signature") == []
    body = paragraphs(doc)
    assert body[-1].startswith("同志们，")
    text = "".join(body)
    assert "首先，" in text and "其次，" in text and "一要" in text and "二要" in text
    assert "一要启动《镇沅年鉴（2019—2024）》编纂工作；二要开展意识形态工作专项自查。" in text  # tasks as instructions


def test_exchange_names_the_meeting_under_its_title(tmp_path: Path) -> None:
    doc = draft_file(SAMPLES / f"{TYPE_SAMPLES['exchange']}.yaml").document
    assert paragraphs(doc, "byline") == ["——名山区蒙顶山镇在全区意识形态工作推进会上的交流发言"]
    assert paragraphs(doc, "salutation") == ["各位领导、同志们："]
    text = "".join(paragraphs(doc))
    assert "“茶山夜话”理论宣讲34场" in text and "打造“茶山夜话”宣讲品牌" in text
    # without a meeting the byline says what the text is; a speech still greets its audience
    sample = SAMPLES / f"{TYPE_SAMPLES['exchange']}.yaml"
    data = yaml.safe_load(sample.read_text(encoding="utf-8"))
    del data["meeting"]
    doc = draft_data(tmp_path, data)
    assert paragraphs(doc, "byline") == ["——名山区蒙顶山镇意识形态工作经验交流发言"]
    assert paragraphs(doc, "salutation") == ["各位领导、同志们："]


def test_duty_words_the_person_by_their_responsibility(tmp_path: Path) -> None:
    data = many("duty")
    data["person"] = {"name": "钱丽", "title": "镇党委委员、宣传委员"}  # the deputy
    opening = paragraphs(draft_data(tmp_path, data))[0]
    assert "第一责任人" not in opening
    assert "直接责任" in opening or "分管领导" in opening
    data["person"] = {"name": "李强", "title": "镇党委副书记、镇长"}
    opening = paragraphs(draft_data(tmp_path, data))[0]
    assert "一岗双责" in opening or "班子成员" in opening


@pytest.mark.parametrize("name,title,secretary,deputy,role", [
    ("陈志远", "局党组书记、局长", None, None, "first"),
    ("王建国", None, "王建国", None, "first"),
    ("李晓梅", "镇党委委员", "王建国", "李晓梅", "direct"),
    ("周敏", "镇党委宣传委员", None, None, "direct"),
    ("赵刚", "镇党委副书记、镇长", None, None, "member"),
    ("孙立", "镇纪委书记", None, None, "member"),
    ("孙立", None, None, None, "member"),
])
def test_leader_role(name: str, title: str | None, secretary: str | None, deputy: str | None,
                     role: str) -> None:
    unit = Record({"secretary": secretary, "deputy": deputy})
    assert leader_role(name, title, unit, Wording().terms) == role


# --- speech sections follow `focus` --------------------------------------------------------


def test_speech_sections_follow_focus_in_order(tmp_path: Path) -> None:
    data = many("speech")
    doc = draft_data(tmp_path, data)
    heads = level1(doc)
    assert [h[:3] for h in heads] == [FOCUS_CODES[c] for c in data["focus"]] + ["抓落实"]
    data["focus"] = ["mechanisms", "awareness", "mechanisms"]  # a repeat is spoken once
    heads = level1(draft_data(tmp_path, data))
    assert [h[:3] for h in heads] == ["抓机制", "抓认识", "抓落实"]


def test_every_focus_code_has_a_section(tmp_path: Path) -> None:
    data = many("speech")
    data["focus"] = list(FOCUS_CODES)
    heads = level1(draft_data(tmp_path, data))
    assert [h[:3] for h in heads[:-1]] == list(FOCUS_CODES.values())


def test_speech_without_focus_picks_sections_from_the_facts(tmp_path: Path) -> None:
    heads = [h[:3] for h in level1(draft_data(tmp_path, few("speech")))]
    assert heads == ["抓认识", "抓责任", "抓学习", "抓机制", "抓落实"]
    data = many("speech")
    del data["focus"]
    heads = [h[:3] for h in level1(draft_data(tmp_path, data))]
    assert heads == ["抓认识", "抓责任", "抓协调", "抓学习", "抓阵地", "抓网络", "抓队伍",
                     "抓机制", "抓落实"]


# --- problems are answered by measures, in order ----------------------------------------------


def measure_titles() -> dict[str, list[str]]:
    """Each library code's measure titles, in either voice (a 述职报告 gives the leader's own):
    the text before the first 。 of each variant."""
    library = builtin()
    return {code: [v.text.partition("。")[0] for part in ("measure", "own_measure") if entry.part(part)
                   for v in entry.part(part).variants]  # type: ignore[union-attr]
            for code, entry in library.codes.items()}


@pytest.mark.parametrize("report_type", ("summary", *TYPES))
def test_each_problem_code_gets_its_measure_in_order(tmp_path: Path, report_type: str) -> None:
    codes = ["supervision", "study_methods", "external_publicity", "team_capacity"]
    data = many(report_type)
    data["problems"] = codes
    data.pop("tasks", None)
    doc = draft_data(tmp_path, data)
    text = to_markdown(doc)
    plan = text[text.index(level1(doc)[-1]):]
    titles = measure_titles()
    at = []
    for code in codes:
        hits = [plan.index(t) for t in titles[code] if t in plan]
        assert hits, f"{report_type}: no measure for {code} in the plan"
        at.append(min(hits))
    assert at == sorted(at)


# --- blocks a type cannot do without --------------------------------------------------------------


@pytest.mark.parametrize("report_type,drop,field", [
    ("duty", ("person",), "person"),
    ("implementation", ("unit", "superior"), "unit.superior"),
    ("speech", ("meeting",), "meeting"),
])
def test_missing_required_block_is_a_clear_error(tmp_path: Path, report_type: str,
                                                 drop: tuple[str, ...], field: str) -> None:
    data = few(report_type)
    holder = data
    for part in drop[:-1]:
        holder = holder[part]
    del holder[drop[-1]]
    result = run_cli(tmp_path, data)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert field in result.stderr and "必须填写" in result.stderr
    assert "Traceback" not in result.stderr


# --- drafts from facts the templates were not tuned to --------------------------------------------


def check_reads_cleanly(doc: Document) -> None:
    text = to_markdown(doc)
    for bad in ("，，", "。。", "；。", "，。", "、、", "：。", "【", "None", "{{", "{%"):
        assert bad not in text, f"{bad!r} in draft"
    assert not re.search(r"(?<![0-9])0(次|个|份|篇|人|场|期|起|名)", text)
    assert "\n\n\n" not in text
    # numbering as printed: 一、二、… at level 1, and （一）（二）… restarting under each
    n1 = n2 = 0
    for line in text.splitlines():
        m1 = re.match(r"^## ([一二三四五六七八九十]+)、", line)
        m2 = re.match(r"^（([一二三四五六七八九十]+)）", line)
        if m1:
            n1, n2 = n1 + 1, 0
            assert m1.group(1) == cn_ordinal(n1), line
        elif m2:
            n2 += 1
            assert m2.group(1) == cn_ordinal(n2), line
    # no heading without something under it
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Heading):
            assert i + 1 < len(doc.blocks), f"empty heading at the end: {block.text}"
            nxt = doc.blocks[i + 1]
            assert isinstance(nxt, Paragraph) or nxt.level > block.level, block.text
    # every run of digits stands inside a value from the facts (or a heading number)
    pieces = [(doc.title, doc.title_spans)] + [b.full() for b in doc.blocks]
    for piece, spans in pieces:
        for m in re.finditer(r"\d+", piece):
            assert any(s.start <= m.start() and m.end() <= s.end and s.source for s in spans), (
                f"untraced number {m.group()} in {piece}")


@pytest.mark.parametrize("report_type", TYPES)
def test_draft_from_few_facts_reads_cleanly(tmp_path: Path, report_type: str) -> None:
    doc = draft_data(tmp_path, few(report_type))
    check_reads_cleanly(doc)
    text = "".join(paragraphs(doc))
    assert "3次" in text and "1次" in text
    assert "先后1次" not in text


@pytest.mark.parametrize("report_type", TYPES)
def test_draft_from_all_facts_reads_cleanly(tmp_path: Path, report_type: str) -> None:
    doc = draft_data(tmp_path, many(report_type))
    check_reads_cleanly(doc)
    text = "".join(b.full()[0] for b in doc.blocks)
    facts = ("6次", "12次", "“熊猫故里”文化惠民演出9场", "18", "村级宣传员流动性大，队伍不够稳定")
    for fact in facts:
        assert fact in text, f"{report_type}: {fact} missing"


@pytest.mark.parametrize("stem", sorted(TYPE_SAMPLES.values()))
def test_samples_read_cleanly(stem: str) -> None:
    check_reads_cleanly(draft_file(SAMPLES / f"{stem}.yaml").document)


def test_type_specific_blocks_are_ignored_elsewhere_with_a_notice(tmp_path: Path) -> None:
    data = many("implementation")
    data["person"] = {"name": "赵德明"}
    result = run_cli(tmp_path, data)
    assert result.exit_code == 0
    assert "person" in result.stderr and "已忽略" in result.stderr
    assert "本人" not in result.stdout


@pytest.mark.parametrize("stem", ["双胜镇-2024H1", *(s for t, s in TYPE_SAMPLES.items() if t != "speech")])
def test_a_draft_for_part_of_a_year_never_speaks_of_a_whole_year(tmp_path: Path, stem: str) -> None:
    # the opening's time words come from the period; no variant may hard-code 一年来
    data = yaml.safe_load((SAMPLES / f"{stem}.yaml").read_text("utf-8"))
    for period, date in (("2024Q1", "2024-04-08"), ("2024H1", "2024-07-05")):
        for i, mark in enumerate(CN):
            data.update(period=period, date=date)
            data["unit"]["name"] = data["unit"]["name"][:1] + mark + data["unit"]["name"][1:]
            text = to_markdown(draft_data(tmp_path, data, f"f{period}{i}.yaml"))
            assert not re.search("一年来|过去一年|全年工作", text), (period, data["unit"]["name"])
