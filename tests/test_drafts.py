"""Properties every draft holds, for every sample: goldens a person has read, every count
stated and traced, nothing invented, numbering contiguous, punctuation clean."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.document import Paragraph
from reportgen.loading import load_facts
from reportgen.pipeline import Draft, draft_facts, draft_file
from reportgen.templating import make_environment
from reportgen.validate import validate
from reportgen.values import FactStr, Record
from reportgen.writers.markdown import to_markdown

from conftest import ROOT, SAMPLES
from support import BASE_FACTS, counts, draft_text, printed, sources, untraced_digits

GOLDEN = ROOT / "tests" / "golden"
ENV = make_environment()
DOUBLED = re.compile(r"[，。；、：！？]{2}|的的|了了")
ZERO_COUNT = re.compile(r"(?<![\d.])0(余)?[次个份篇人场期起名件项条]")

ids = [p.stem for p in SAMPLES]


@pytest.fixture(scope="module", params=SAMPLES, ids=ids)
def sample(request: pytest.FixtureRequest) -> tuple[Path, Draft]:
    return request.param, draft_file(request.param)


def test_golden(sample: tuple[Path, Draft]) -> None:
    """The draft is the one a person has read. The test only reads goldens: after a change of
    wording, `python scripts/update_golden.py` rewrites them and shows the diff to read."""
    path, draft = sample
    golden = GOLDEN / f"{path.stem}.md"
    assert golden.is_file(), f"没有 {golden.name}：运行 python scripts/update_golden.py 生成，逐字读过再提交"
    assert to_markdown(draft.document) == golden.read_text(encoding="utf-8")


def test_every_count_is_stated_where_it_belongs(sample: tuple[Path, Draft]) -> None:
    _, draft = sample
    stated = sources(draft.document)
    missing = [path for path, count in counts(draft.facts.data) if count.value > 0 and path not in stated]
    assert missing == []


def test_no_number_is_invented(sample: tuple[Path, Draft]) -> None:
    assert untraced_digits(sample[1].document) == []


def test_every_fact_text_is_used(sample: tuple[Path, Draft]) -> None:
    _, draft = sample
    stated = sources(draft.document)
    unused = [s.source for s in _fact_strings(draft.facts.data) if s.source not in stated]
    # Codes and a few descriptive fields are worded by the templates rather than quoted.
    # unit.secretary is printed as meeting.speaker when they are the same person.
    allowed = re.compile(r"^(type|unit\.(kind|party_org|superior|secretary)|problems\[\d+\](\.problem)?|focus\[\d+\]|person\.title)$")
    assert [u for u in unused if not allowed.match(u)] == []


def test_no_zero_counts_and_no_doubled_punctuation(sample: tuple[Path, Draft]) -> None:
    for text, _ in printed(sample[1].document):
        assert not ZERO_COUNT.search(text), text
        assert not DOUBLED.search(text), text
        assert "；。" not in text and "。；" not in text


def test_numbering_is_contiguous(sample: tuple[Path, Draft]) -> None:
    _assert_contiguous(sample[1])


# Heading numbers by level (GB/T 9704-2012 §7.3.3: 一、 （一） 1. （1）), written out.
NUMBERS = {
    1: ["一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、", "十、", "十一、", "十二、"],
    2: ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）", "（十一）", "（十二）"],
    3: ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8.", "9.", "10.", "11.", "12."],
    4: ["（1）", "（2）", "（3）", "（4）", "（5）", "（6）", "（7）", "（8）", "（9）", "（10）", "（11）", "（12）"],
}


def _assert_contiguous(draft: Draft) -> None:
    """Each numbered heading is the next of its level, counting again under each new parent."""
    seen = [0, 0, 0, 0]
    for block in draft.document.blocks:
        head = block if not isinstance(block, Paragraph) else block.lead
        if head is None or not head.numbered:
            continue
        seen[head.level - 1] += 1
        seen[head.level:] = [0] * (4 - head.level)
        assert head.number == NUMBERS[head.level][seen[head.level - 1] - 1], head.label


def _fact_strings(record: object) -> list[FactStr]:
    if isinstance(record, FactStr):
        return [record]
    if isinstance(record, Record):
        return [s for v in record.as_dict().values() for s in _fact_strings(v)]
    if isinstance(record, list):
        return [s for v in record for s in _fact_strings(v)]
    return []


def test_contract_summary_drafts_unchanged(shared: Path) -> None:
    contract = shared / "spec" / "summary-2024H1.yaml"
    sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
    assert sample.read_bytes() == contract.read_bytes()
    assert to_markdown(draft_file(contract).document) == (GOLDEN / "双胜镇-2024H1.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("contract", ["duty-2024.yaml", "speech-2025.yaml"])
def test_contract_files_of_other_types_validate(shared: Path, contract: str) -> None:
    facts = validate(load_facts(shared / "spec" / contract))
    assert facts.warnings == []


def test_few_facts_give_a_short_clean_draft() -> None:
    draft = draft_text(BASE_FACTS + "online:\n  incidents_handled: 2\n")
    text = to_markdown(draft.document)
    assert "集中学习11次" in text and "网络舆情2起" in text
    assert "存在的问题" not in text  # no problems given: the section is left out, not left empty
    _assert_contiguous(draft)
    assert untraced_digits(draft.document) == []
    assert len(text) < 1200


def test_zero_counts_say_nothing_happened_instead_of_zero() -> None:
    draft = draft_text(BASE_FACTS + "online:\n  incidents_handled: 0\nresponsibility:\n  accountability: 0\n"
                       "  special_meetings: 0\n")
    text = to_markdown(draft.document)
    assert re.search(r"上半年未(发生|出现)[^。；]*舆情", text)
    assert re.search(r"上半年未(发生|出现)[^。；]*(追责|问责|责任追究)", text)
    assert "专题研究" not in text and not ZERO_COUNT.search(text)


def test_a_dropped_section_leaves_no_gap_in_numbering() -> None:
    draft = draft_text(BASE_FACTS + "online:\n  commentators: 3\nteam:\n  trainings: 1\n")
    main_work = []
    for block in draft.document.blocks:
        if isinstance(block, Paragraph) and block.lead is not None:
            main_work.append(block.full()[0])
        elif not isinstance(block, Paragraph) and block.number == "二、":
            break
    # study, online and team have facts; responsibility, positions, publicity, highlights do not
    assert [t[:3] for t in main_work] == ["（一）", "（二）", "（三）"]
    assert "集中学习11次" in main_work[0] and "网评员" in main_work[1] and "培训1期" in main_work[2]


def _eight_char_runs(text: str) -> set[str]:
    body = re.sub(r"\s+", "", text)
    return {body[i:i + 8] for i in range(len(body) - 7)}


def test_a_units_reports_for_successive_periods_do_not_read_alike() -> None:
    """A unit files every quarter: Q2's report is not Q1's with new numbers, and the same
    facts still give the same draft."""
    sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
    texts = {}
    for period in ("2024Q1", "2024Q2", "2024Q1"):
        loaded = load_facts(sample)
        loaded.data.update(period=period, date="2024-07-05")
        texts.setdefault(period, []).append(to_markdown(draft_facts(validate(loaded), ENV).document))
    assert texts["2024Q1"][0] == texts["2024Q1"][1]
    q1, q2 = _eight_char_runs(texts["2024Q1"][0]), _eight_char_runs(texts["2024Q2"][0])
    assert len(q1 & q2) / min(len(q1), len(q2)) < 0.6
