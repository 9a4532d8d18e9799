"""A draft as a 公文: the document block carried through the Document to every output — the
主送机关 and 附件说明 as paragraphs of the 主体, the 版头 and 版记 beside them, the Markdown's
版记, the trace, the proofreader, traditional characters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportgen.check import check_text
from reportgen.check.readers import from_string
from reportgen.document import Paragraph
from reportgen.pipeline import draft_file
from reportgen.trace import numbers
from reportgen.writers.markdown import to_markdown

from conftest import RunCli

BASE = """\
type: {type}
period: 2024
date: 2024-12-27
unit:
  name: 青川市交通运输局
  kind: 局
  party_org: 局党组
  superior: 中共青川市委
responsibility:
  special_meetings: 6
study:
  group_study: 12
"""
FULL = """\
document:
  copy_number: "000023"
  secrecy: 内部
  urgency: 加急
  issuer_mark: 中共青川市交通运输局党组文件
  number: 青交党〔2024〕31号
  signers: [陈志远]
  to: 市委宣传部
  attachments:
    - 青川市交通运输局2024年意识形态工作责任清单
    - 青川市交通运输局2024年意识形态领域风险点台账
  cc: [市委宣传部, 市纪委监委驻市交通运输局纪检监察组]
  printed_by: 青川市交通运输局党组办公室
"""


def draft(tmp_path: Path, text: str, report_type: str = "implementation"):  # type: ignore[no-untyped-def]
    path = tmp_path / "facts.yaml"
    path.write_text(BASE.format(type=report_type) + text, encoding="utf-8")
    return draft_file(path).document


def paragraphs(doc, role: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.text for b in doc.blocks if isinstance(b, Paragraph) and b.role == role]


def test_the_spec_file_drafts_as_a_full_official_document(shared: Path) -> None:
    doc = draft_file(shared / "spec" / "implementation-2024-redhead.yaml").document
    official = doc.official
    assert official is not None
    assert official.markings == ["000023", "内部", "加急"]
    assert (official.issuer_mark, official.number, official.signers) == (
        "中共青川市交通运输局党组文件", "青交党〔2024〕31号", ("陈志远",))
    assert official.stamped
    assert official.cc_line == "抄送：市委宣传部，市纪委监委驻市交通运输局纪检监察组。"
    assert official.printed == ("青川市交通运输局党组办公室", "2024年12月27日印发")
    assert paragraphs(doc, "salutation") == ["中共青川市委："]
    assert paragraphs(doc, "attachment") == ["附件：1.青川市交通运输局2024年意识形态工作责任清单",
                                             "2.青川市交通运输局2024年意识形态领域风险点台账"]
    roles = [b.role for b in doc.blocks if isinstance(b, Paragraph)]
    assert roles[-4:] == ["attachment", "attachment", "signature", "signature"]


def test_the_addressee_replaces_the_superior_line(tmp_path: Path) -> None:
    assert paragraphs(draft(tmp_path, ""), "salutation") == ["中共青川市委："]  # as today
    doc = draft(tmp_path, FULL)
    assert paragraphs(doc, "salutation") == ["市委宣传部："]
    first = doc.blocks[0]
    assert isinstance(first, Paragraph) and first.spans[0].source == "document.to"


def test_a_summary_gains_an_addressee_under_its_title(tmp_path: Path) -> None:
    assert paragraphs(draft(tmp_path, "", "summary"), "salutation") == []
    doc = draft(tmp_path, "document:\n  to: 中共青川市委：\n", "summary")
    assert paragraphs(doc, "salutation") == ["中共青川市委："]  # one colon, the layout's
    assert isinstance(doc.blocks[0], Paragraph) and doc.blocks[0].role == "salutation"


@pytest.mark.parametrize(("report_type", "given", "stamped"), [
    ("implementation", "", True),  # a 落实情况报告 is normally sealed
    ("summary", "", True),
    ("implementation", "  signature: unstamped\n", False),
    ("summary", "  signature: 不加盖印章\n", False),
])
def test_signature_defaults_by_report_type(tmp_path: Path, report_type: str, given: str,
                                           stamped: bool) -> None:
    doc = draft(tmp_path, "document:\n  cc: [市委宣传部]\n" + given, report_type)
    assert doc.official is not None and doc.official.stamped is stamped


def test_printed_on_defaults_to_the_date(tmp_path: Path) -> None:
    doc = draft(tmp_path, "document:\n  printed_by: 办公室\n")
    assert doc.official is not None and doc.official.printed == ("办公室", "2024年12月27日印发")
    doc = draft(tmp_path, "document:\n  printed_by: 办公室\n  printed_on: 2024-12-30\n")
    assert doc.official is not None and doc.official.printed == ("办公室", "2024年12月30日印发")


def test_without_a_document_block_nothing_changes(tmp_path: Path) -> None:
    doc = draft(tmp_path, "")
    assert doc.official is None
    assert paragraphs(doc, "attachment") == []
    assert "---" not in to_markdown(doc)


def test_markdown_shows_the_attachments_and_the_imprint(tmp_path: Path) -> None:
    md = to_markdown(draft(tmp_path, FULL))
    assert "\n\n附件：1.青川市交通运输局2024年意识形态工作责任清单\n\n2.青川市交通运输局2024年意识形态领域风险点台账\n\n" in md
    assert md.endswith("2024年12月27日\n\n---\n\n抄送：市委宣传部，市纪委监委驻市交通运输局纪检监察组。\n\n"
                       "青川市交通运输局党组办公室　　2024年12月27日印发\n")
    assert "青交党" not in md  # the 版头 is the .docx's


def test_every_number_of_the_additions_is_traced(tmp_path: Path) -> None:
    doc = draft(tmp_path, FULL)
    found = [n for n in numbers(doc) if n.paragraph > 0 and
             doc.blocks[n.paragraph - 1].role == "attachment"]  # type: ignore[union-attr]
    assert [(n.text, n.source) for n in found] == [
        ("1", "#numbering"), ("2024", "document.attachments[1]"),
        ("2", "#numbering"), ("2024", "document.attachments[2]")]


def test_our_official_draft_passes_the_proofreader(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "facts.yaml").write_text(BASE.format(type="implementation") + FULL, encoding="utf-8")
    result = run_cli("draft", "facts.yaml", "--check", "--trace", "-o", "out/")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.endswith("未发现问题。\n")
    [trace] = (tmp_path / "out").glob("*.trace.json")
    assert json.loads(trace.read_text("utf-8"))["untraced"] == []


def test_a_numbered_attachment_list_is_no_heading_sequence() -> None:
    """附件：1.…… then 2.…… (§7.3.4) is a list; a bare 2. with no 1. before it still is a gap."""
    text = from_string("正文。\n\n附件：1.甲清单\n\n2.乙台账\n\n3.丙方案\n", "a.md", markdown=True)
    assert [f.code for f in check_text(text, None)] == []
    text = from_string("正文。\n\n2.乙台账\n", "a.md", markdown=True)
    assert [f.code for f in check_text(text, None)] == ["heading-number"]


def test_traditional_characters_reach_the_head_and_the_imprint(tmp_path: Path) -> None:
    pytest.importorskip("opencc")
    from reportgen.script import convert_document

    doc = convert_document(draft(tmp_path, FULL), "hant")
    assert doc.official is not None
    assert doc.official.issuer_mark == "中共青川市交通運輸局黨組文件"
    assert doc.official.cc_line == "抄送：市委宣傳部，市紀委監委駐市交通運輸局紀檢監察組。"
    assert doc.official.number == "青交黨〔2024〕31號"
