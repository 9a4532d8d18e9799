"""How each kind of unit speaks of itself and its scope, and names that must not fuse with the
verb before them (组织 + 部机关党支部 reads as 组织部)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from reportgen.derive import unit_words
from reportgen.pipeline import draft_file
from reportgen.reporttypes import TYPES
from reportgen.templating import make_environment
from reportgen.values import Record
from reportgen.wording import Wording

TERMS = Wording().terms
PARTY_ORGS = ("党委", "党组", "党工委", "党支部", "党总支", "区委", "县委", "市委", "州委", "旗委")


@pytest.mark.parametrize("kind", sorted(TERMS.kinds))
def test_every_kind_speaks_of_itself_and_its_scope(kind: str) -> None:
    words = TERMS.kinds[kind]
    name = f"青川市某某{kind}"
    derived = unit_words(Record({"name": name, "kind": kind}), TERMS)
    assert derived.whole != "全部" and not derived.whole.startswith("全部")
    assert derived.we.startswith("我") or derived.we.endswith(kind[-1:]) or kind == "集团"
    assert len(derived.we) >= 2 and len(derived.whole) >= 2
    assert words.org.endswith(PARTY_ORGS)


@pytest.mark.parametrize(("name", "kind", "we", "whole"), [
    ("青川市委宣传部", "部", "我部", "全市"), ("芦山县委组织部", "部", "我部", "全县"), ("名山区委统战部", None, "我部", "全区"),
    ("县委办", "办", "我办", "全办"), ("县发改委", "委", "我委", "全委"), ("县交通运输局", "局", "我局", "全局"),
    ("县融媒体中心", "中心", "我中心", "全中心"), ("双胜镇", "镇", "我镇", "全镇"), ("龙门乡", "乡", "我乡", "全乡"),
    ("芦阳街道", "街道", "我街道", "全街道"), ("城北社区", "社区", "我社区", "全社区"), ("红星村", "村", "我村", "全村"),
    ("县实验小学", None, "我校", "全校"), ("县人民医院", None, "我院", "全院"), ("县供销公司", None, "我公司", "全公司"),
])
def test_scope_words_by_kind(name: str, kind: str | None, we: str, whole: str) -> None:
    words = unit_words(Record({"name": name, "kind": kind}), TERMS)
    assert (words.we, words.whole) == (we, whole)


FUSE_UNITS = [
    ("青川市委宣传部", "部", "部机关党支部"),
    ("芦山县委组织部", "部", "部机关党支部"),
    ("县教育局", "局", "局党组"),
    ("县发改委", "委", "委党组"),
]


def _facts(name: str, kind: str, org: str, report: str) -> dict[str, object]:
    data: dict[str, object] = {
        "type": report, "period": "2024", "date": "2025-01-10",
        "unit": {"name": name, "kind": kind, "party_org": org, "superior": "市委", "secretary": "王明",
                 "deputy": "李华"},
        "responsibility": {"special_meetings": 4, "analysis_meetings": 2, "letters_signed": 10},
        "study": {"group_study": 10, "seminars": 3, "party_lectures": 2, "topics": ["党的二十届三中全会精神"]},
        "problems": ["study_depth", "online_management"],
    }
    if report == "duty":
        data["person"] = {"name": "王明", "title": f"{name}部长"}
    if report == "speech":
        data["meeting"] = {"name": "2025年意识形态工作会议"}
    return data


def _fused(text: str, start: int, bodies: tuple[str, ...]) -> str | None:
    """The body name the text before `start` and the text from it run together into, if any."""
    for body in bodies:
        for cut in range(1, len(body)):
            if text[start - cut:start] == body[:cut] and text[start:start + len(body) - cut] == body[cut:]:
                return body
    return None


@pytest.mark.parametrize("report", sorted(TYPES))
@pytest.mark.parametrize(("name", "kind", "org"), FUSE_UNITS)
def test_no_verb_fuses_with_the_party_organisation(tmp_path: Path, report: str, name: str, kind: str,
                                                   org: str) -> None:
    env = make_environment()
    for i in range(12):  # a dozen unit names: a dozen draws of the variants
        path = tmp_path / f"{i}.yaml"
        data = _facts(f"{name[:-len(kind)]}{'甲乙丙丁戊己庚辛壬癸子丑'[i]}{kind}", kind, org, report)
        path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        doc = draft_file(path, env).document
        for block in doc.blocks:
            text, spans = block.full()
            for span in spans:
                if span.source in ("unit.party_org", "unit.name"):
                    fused = _fused(text, span.start, TERMS.bodies)
                    assert fused is None, f"{fused}: {text}"


def test_the_fused_form_is_what_is_avoided(tmp_path: Path) -> None:
    """Without the rule, 组织 + 部机关党支部 would have been printed: the test above can fail."""
    from reportgen.say import fuses
    from reportgen.values import FactStr

    variant = Wording().group("_shared")["item-group-study"].phrase.variants[2]
    assert variant.text.startswith("组织{study_group}")
    assert fuses(variant, {"study_group": FactStr("部机关党支部", "unit.party_org")}, TERMS.bodies)
    assert not fuses(variant, {"study_group": FactStr("镇党委理论学习中心组", "unit.party_org")}, TERMS.bodies)
