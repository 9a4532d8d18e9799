"""A draft as a 公文 (GB/T 9704-2012 §7): what the facts' `document` block adds around the text.

The 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人) and the 版记 (抄送, 印发) stand
outside the text and travel as an `Official` beside the Document's blocks, for the writers
to lay out. The 主送机关 and the 附件说明 belong to the 主体 (§7.3.2, §7.3.4): they become
paragraphs of the Document, so that every writer, the proofreader and the trace see them.
Without a `document` block nothing here applies and a draft reads exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

from reportgen.derive import chinese_date
from reportgen.document import ATTACHMENT, NUMBERING, Block, Document, Paragraph
from reportgen.marks import Span
from reportgen.reporttypes import TYPES
from reportgen.terms import Terms
from reportgen.values import Record

ATTACHMENT_LEAD = "附件："  # §7.3.4: “附件”二字，后标全角冒号
CC_LEAD = "抄送："  # §7.4.2: “抄送”二字后加全角冒号
CC_SEPARATOR = "，"  # §7.4.2 and the standard's figures: names apart by commas …
CC_END = "。"  # … 最后一个抄送机关名称后标句号
PRINTED = "印发"  # §7.4.3: 后加“印发”二字


@dataclass(frozen=True)
class Official:
    """The 版头 and 版记 of a 公文, and how it is signed, as printed (text, not codes)."""

    copy_number: str = ""  # 份号 §7.2.1
    secrecy: str = ""  # 密级和保密期限 §7.2.2
    urgency: str = ""  # 紧急程度 §7.2.3
    issuer_mark: str = ""  # 发文机关标志 §7.2.4
    number: str = ""  # 发文字号 §7.2.5
    signers: tuple[str, ...] = ()  # 签发人 §7.2.6: a 上行文's 发文字号 goes left, 签发人 right
    stamped: bool = False  # §7.3.5.1 加盖印章 / §7.3.5.2 不加盖印章
    cc: tuple[str, ...] = ()  # 抄送机关 §7.4.2
    printed_by: str = ""  # 印发机关 §7.4.3
    printed_on: str = ""  # 印发日期 §7.4.3, as printed: 2024年12月27日

    @property
    def markings(self) -> list[str]:
        """份号, 密级和保密期限, 紧急程度: top to bottom in this order (§7.2.3)."""
        return [m for m in (self.copy_number, self.secrecy, self.urgency) if m]

    @property
    def has_imprint(self) -> bool:
        return bool(self.cc or self.printed_by)

    @property
    def cc_line(self) -> str:
        return CC_LEAD + CC_SEPARATOR.join(self.cc) + CC_END if self.cc else ""

    @property
    def printed(self) -> tuple[str, str]:
        """The 版记's last line: 印发机关 on the left, 印发日期 and 印发 on the right."""
        return (self.printed_by, self.printed_on + PRINTED) if self.printed_by else ("", "")

    def converted(self, convert: Callable[[str], str]) -> Official:
        """Every text converted (traditional characters); the digits stay as they are."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                changes[f.name] = convert(value)
            elif isinstance(value, tuple):
                changes[f.name] = tuple(convert(v) for v in value)
        return replace(self, **changes)


def official(facts: Record, terms: Terms) -> Official | None:
    """The facts' document block as printed, or None where there is none."""
    block = facts.document
    if not block:
        return None
    signature = block.signature or TYPES[str(facts.type)].signature
    printed_on = block.printed_on or (facts.date if block.printed_by else None)
    return Official(
        copy_number=str(block.copy_number or ""),
        secrecy=str(block.secrecy or ""),
        urgency=str(block.urgency or ""),
        issuer_mark=str(block.issuer_mark or ""),
        number=str(block.number or ""),
        signers=tuple(str(s) for s in block.signers),
        stamped=signature == "stamped",
        cc=tuple(str(c) for c in block.cc),
        printed_by=str(block.printed_by or ""),
        printed_on=str(chinese_date(printed_on, terms)) if printed_on else "",
    )


def apply(doc: Document, facts: Record, terms: Terms) -> Document:
    """The Document as a 公文: its 版头 and 版记, 主送机关 under the title, 附件说明 after the text."""
    block = facts.document
    if not block:
        return doc
    blocks = list(doc.blocks)
    if block.to:
        _address(blocks, block.to)
    if block.attachments:
        closing = next((i for i, b in enumerate(blocks) if _is_signature(b)), len(blocks))
        while closing > 0 and _is_signature(blocks[closing - 1]):
            closing -= 1
        blocks[closing:closing] = attachment_paragraphs(block.attachments)
    return replace(doc, blocks=blocks, official=official(facts, terms))


def _is_signature(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.role == "signature"


def _address(blocks: list[Block], to: str) -> None:
    """§7.3.2: 主送机关 under the title, 后标全角冒号. It replaces the template's own
    (a 落实情况报告 addresses unit.superior) or is put first where there is none."""
    name = to.rstrip("：:")
    line = Paragraph(name + "：", [Span(0, len(name), getattr(to, "source", "document.to"))],
                     role="salutation")
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph) and first.role == "salutation" and first.lead is None:
        blocks[0] = line
    else:
        blocks.insert(0, line)


def attachment_paragraphs(names: list[str]) -> list[Paragraph]:
    """§7.3.4: “附件：名称”, or for several “附件：1.名称” and “2.名称” under it."""
    out = []
    for n, name in enumerate(names, 1):
        lead = ATTACHMENT_LEAD if n == 1 else ""
        number = f"{n}." if len(names) > 1 else ""
        spans = [Span(len(lead), len(lead) + len(number) - 1, NUMBERING)] if number else []
        start = len(lead) + len(number)
        spans.append(Span(start, start + len(name), getattr(name, "source", "document.attachments")))
        out.append(Paragraph(lead + number + name, spans, role=ATTACHMENT))
    return out
