"""The kinds of report reportgen drafts, with what each needs from the facts."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReportType:
    code: str
    name: str
    sections: tuple[str, ...]
    # facts blocks only this type reads, and those it cannot do without
    own_blocks: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    # groups of fields of which at least one must be filled (the first is named in errors)
    any_of: tuple[tuple[str, ...], ...] = ()
    # the fields of the `document` block (公文格式要素) this type can carry, and how it is
    # signed where the block does not say (GB/T 9704-2012 §7.3.5)
    document: tuple[str, ...] = ()
    signature: str = "unstamped"


# A report the unit issues as a 公文 (a 总结 or a 落实情况报告 sent up) carries every element of
# GB/T 9704-2012 §7; a speech, a duty report or an exchange speech is material for a meeting,
# printed with at most a copy number and a secrecy marking: it has no 发文字号, 主送机关 or 版记.
MARKINGS = ("copy_number", "secrecy")
ISSUED = (*MARKINGS, "urgency", "issuer_mark", "number", "signers", "to", "attachments", "signature",
          "cc", "printed_by", "printed_on")


TYPES: dict[str, ReportType] = {
    t.code: t
    for t in (
        ReportType(
            "summary", "工作总结",
            ("标题", "开头（指导思想、总体成效）", "主要工作（按有事实的方面分节）", "存在的问题",
             "下一步工作打算", "落款"),
            document=ISSUED, signature="stamped",
        ),
        ReportType(
            "duty", "述职报告",
            ("标题与述职人", "开头（履职总体情况）", "履职情况（一是、二是、三是）", "存在的差距",
             "下一步打算（本人将……）", "结束语", "日期"),
            own_blocks=("person",), required=("person",), document=MARKINGS,
        ),
        ReportType(
            "implementation", "落实情况报告",
            ("标题", "主送机关", "开头（现将有关情况报告如下）", "工作开展情况（对照责任制逐项，含督查整改）",
             "存在的问题及原因", "下一步整改措施（时限、责任人）", "特此报告", "落款"),
            own_blocks=("rectification",), required=("unit.superior",), document=ISSUED, signature="stamped",
        ),
        ReportType(
            "speech", "讲话稿",
            ("标题与讲话人", "称呼", "开场", "按讲话重点分节", "年度重点任务", "结束语"),
            own_blocks=("meeting", "focus", "tasks"), required=("meeting",),
            any_of=(("meeting.speaker", "unit.secretary"),), document=MARKINGS,
        ),
        ReportType(
            "exchange", "经验交流发言",
            ("标题与发言单位", "称呼（有会议时）", "开头（意义）", "主要做法", "困难和问题",
             "下一步措施", "结束语"),
            own_blocks=("meeting",), document=MARKINGS,
        ),
    )
}

# Type-specific blocks, and the types that read them.
BLOCK_OWNERS: dict[str, tuple[str, ...]] = {}
for _t in TYPES.values():
    for _block in _t.own_blocks:
        BLOCK_OWNERS.setdefault(_block, ())
        BLOCK_OWNERS[_block] += (_t.code,)
