"""Shared by the .docx tests: the samples as Documents, a long speech, the package read back."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from reportgen.document import Document, Heading, Paragraph
from reportgen.marks import GAP, Span
from reportgen.pipeline import draft_file

from conftest import ROOT

SAMPLES = sorted((ROOT / "samples").glob("*.yaml"))
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W_NS}


def w(name: str) -> str:
    return f"{{{W_NS}}}{name}"


@cache
def sample_document(path: Path) -> Document:
    return draft_file(path).document


def gap_paragraph(before: str, gap: str, after: str) -> Paragraph:
    return Paragraph(before + gap + after, [Span(len(before), len(before) + len(gap), GAP)])


def speech_document() -> Document:
    """A speech as printed: speaker and date under the title, 同志们：, run-ins at three
    levels, a placeholder, and enough text for four pages (odd and even footers)."""
    body = ("各级党组织要把意识形态工作摆在全局工作的突出位置，主要负责同志要带头管阵地、"
            "把导向、强队伍，分管同志要抓好日常工作的统筹协调，其他班子成员要落实一岗双责，"
            "形成上下联动、齐抓共管的工作格局。")
    blocks: list[Heading | Paragraph] = [
        Paragraph("王建国", role="byline"),
        Paragraph("（2024年7月5日）", role="byline"),
        Paragraph("同志们：", role="salutation"),
        Paragraph("这次会议的主要任务是总结上半年意识形态工作，安排部署下半年重点任务。"
                  "下面，我讲三点意见。"),
        Heading(1, "提高政治站位，把牢正确方向", number="一、"),
        Paragraph(body * 2, lead=Heading(2, "抓认识，统一思想。", runin=True, number="（一）")),
        Paragraph(body * 2, lead=Heading(2, "抓协调，形成合力。", runin=True, number="（二）")),
        Heading(3, "落实责任清单", number="1."),
        gap_paragraph("各村（社区）要在", "×月×日", "前报送责任清单，逐项明确责任人和完成时限。"),
        Heading(4, "健全研判机制", number="（1）"),
        Paragraph(body * 3),
        Paragraph(body * 2, lead=Heading(1, "二、强化阵地管理。", runin=True)),
        Paragraph(body * 2, lead=Heading(3, "2.管好网络阵地。", runin=True)),
    ]
    blocks += [Paragraph(body * 3) for _ in range(6)]
    blocks.append(Paragraph("同志们，让我们以更加昂扬的精神状态，把各项工作抓实抓细，确保全年目标任务圆满完成。"))
    return Document("双胜镇党委书记王建国在全镇2024年上半年意识形态工作会议上的讲话",
                    [Span(0, 3, "unit.name")], blocks, author="双胜镇", date="2024年7月5日")


def full_line_document() -> Document:
    """Two pages of Chinese text with no digits or Latin: the grid's 28 × 22 shows plainly."""
    text = "坚持守正创新强化理论武装管好用好阵地做强正面宣传维护网络安全凝聚思想共识" * 12
    return Document("意识形态工作版面检查", [], [Paragraph(text) for _ in range(3)],
                    author="双胜镇", date="2024年7月5日")


def official_document(paragraphs: int = 0) -> Document:
    """A 落实情况报告 as a 公文 with every element GB/T 9704-2012 §7 gives it (a sealed one),
    made longer by `paragraphs` paragraphs of three lines each."""
    from reportgen.official import Official, attachment_paragraphs

    text = "坚持守正创新强化理论武装管好用好阵地做强正面宣传维护网络安全凝聚思想共识"
    blocks: list[Heading | Paragraph] = [
        Paragraph("中共青川市委：", role="salutation"),
        Paragraph("现将我局落实意识形态工作责任制的情况报告如下。" + text),
        Heading(1, "工作开展情况", number="一、"),
        *[Paragraph(text * 2) for _ in range(paragraphs)],
        Paragraph("特此报告。"),
        *attachment_paragraphs(["青川市交通运输局意识形态工作责任清单",
                                "青川市交通运输局意识形态领域风险点排查整改情况台账（第一批）"]),
        Paragraph("青川市交通运输局党组", role="signature"),
        Paragraph("2024年12月27日", role="signature"),
    ]
    official = Official(copy_number="000023", secrecy="内部", urgency="加急",
                        issuer_mark="中共青川市交通运输局党组文件", number="青交党〔2024〕31号",
                        signers=("陈志远",), stamped=True,
                        cc=("市委宣传部", "市纪委监委驻市交通运输局纪检监察组"),
                        printed_by="青川市交通运输局党组办公室", printed_on="2024年12月27日")
    return Document("青川市交通运输局党组关于2024年落实意识形态工作责任制情况的报告",
                    [Span(0, 8, "unit.name")], blocks, author="青川市交通运输局",
                    date="2024年12月27日", official=official)


@dataclass
class Package:
    names: list[str]
    infos: list[zipfile.ZipInfo]
    xml: dict[str, etree._Element]

    @classmethod
    def read(cls, data: bytes) -> Package:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            xml = {i.filename: etree.fromstring(zf.read(i.filename)) for i in infos}
        return cls([i.filename for i in infos], infos, xml)

    @property
    def body(self) -> list[etree._Element]:
        return self.xml["word/document.xml"].findall("w:body/w:p", NS)

    def style(self, style_id: str) -> etree._Element:
        found = self.xml["word/styles.xml"].find(f"w:style[@w:styleId='{style_id}']", NS)
        assert found is not None, style_id
        return found


def text_of(p: etree._Element) -> str:
    """A paragraph's printed text; a line break reads as a newline."""
    out = []
    for el in p.iter(w("t"), w("br")):
        out.append("\n" if el.tag == w("br") else el.text or "")
    return "".join(out)


def style_of(p: etree._Element) -> str | None:
    found = p.find("w:pPr/w:pStyle", NS)
    return None if found is None else found.get(w("val"))
