"""The page `reportgen serve` builds from a draft: every sentence and value marked where it
stands, the 版头 and 版记 of a 公文, and spans that cross split so that they nest."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from reportgen.serve.build import Environments, build
from reportgen.serve.page import Mark, nest

from serve_support import FACTS, Served

DOCUMENT = """document:
  copy_number: "000023"
  secrecy: 内部
  issuer_mark: 中共青禾镇委员会文件
  number: 青禾委〔2024〕12号
  cc: [县委宣传部]
  printed_by: 中共青禾镇委员会办公室
"""


class _Marked(HTMLParser):
    """The text inside each element with a given attribute, by the attribute's value."""

    def __init__(self, attribute: str) -> None:
        super().__init__()
        self.attribute = attribute
        self.open: list[str | None] = []
        self.text: dict[str, str] = {}
        self.classes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.classes.append(values.get("class") or "")
        if tag != "br":
            self.open.append(values.get(self.attribute))

    def handle_endtag(self, tag: str) -> None:
        self.open.pop()

    def handle_data(self, data: str) -> None:
        for value in {v for v in self.open if v is not None}:
            self.text[value] = self.text.get(value, "") + data


def _draft(tmp_path: Path, text: str) -> dict[str, Any]:
    facts = tmp_path / "facts.yaml"
    facts.write_text(text, encoding="utf-8")
    outcome = build(facts, "facts.yaml", Environments(None), gaps=False)
    assert outcome.draft is not None, outcome.problems
    return outcome.draft.payload


def test_crossing_spans_are_split_to_nest() -> None:
    marks = [Mark(0, 4, "<a>", close="</a>"), Mark(2, 6, "<b>", close="</b>")]
    assert nest("一二三四五六", marks) == "<a>一二<b>三四</b></a><b>五六</b>"
    assert nest("a<b&c", [Mark(1, 2, "<i>", close="</i>")], breaks={3}) == "a<i>&lt;</i>b<br>&amp;c"


def test_each_sentence_and_value_covers_its_own_text(tmp_path: Path) -> None:
    payload = _draft(tmp_path, FACTS)
    sentences = _Marked("data-s")
    sentences.feed(payload["html"])
    trace = payload["trace"]["sentences"]
    assert len(sentences.text) == len(trace)
    for i, sentence in enumerate(trace):
        assert sentences.text[str(i)] == sentence["text"]
    values = _Marked("data-v")
    values.feed(payload["html"])
    assert [values.text[str(i)] for i in range(len(payload["values"]))] == [v["text"] for v in payload["values"]]
    by_path: dict[str, set[str]] = {}
    for v in payload["values"]:
        by_path.setdefault(v["source"], set()).add(v["text"])
    assert by_path["study.group_study"] == {"17"} and "青禾镇" in by_path["unit.name"]


def test_a_gongwen_has_its_head_and_imprint_on_the_page(tmp_path: Path) -> None:
    payload = _draft(tmp_path, FACTS + DOCUMENT)
    html = payload["html"]
    assert html.startswith('<div class="head"')  # the 版头 above the title
    assert '>000023</div>' in html and ">内部</div>" in html
    assert 'class="mark"' in html and ">中共青禾镇委员会文件</div>" in html
    assert "青禾委〔2024〕12号" in html and 'class="red-line"' in html
    assert html.endswith("</div></div>") and 'class="imprint" data-foot' in html  # the 版记 last
    assert "抄送：县委宣传部。" in html and "中共青禾镇委员会办公室" in html and "2024年7月5日印发" in html


def test_an_empty_folder_says_what_to_put_in_it(tmp_path: Path) -> None:
    (tmp_path / "各单位").mkdir()
    with Served("各单位", cwd=tmp_path) as served:
        data = served.json()
    assert data["ok"] is False and data["files"] == [] and data["draft"] is None
    assert data["errors"][0]["text"].startswith("各单位：文件夹中没有事实文件（.yaml 或 .yml）")
