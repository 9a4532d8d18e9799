"""The problem library: codes a facts file may list under `problems`.

The wording of each problem and of its matching measure lives in
templates/_shared/library.md.j2; here are the codes, a short Chinese label for
messages and roll-ups, and the words that tie a free-written problem to a code so
that the plan can still answer it point by point.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProblemCode:
    code: str
    label: str
    keywords: tuple[str, ...]


LIBRARY: tuple[ProblemCode, ...] = (
    ProblemCode("responsibility_awareness", "主体责任意识不够强",
                ("责任", "认识", "重视", "重业务", "一岗双责", "主体")),
    ProblemCode("study_depth", "理论学习不够深入", ("学习", "理论", "研讨", "入脑入心", "学用")),
    ProblemCode("study_methods", "学习方式较为单一",
                ("学习方式", "学习形式", "照本宣科", "以会代学", "读文件")),
    ProblemCode("position_use", "阵地建设和使用不够充分",
                ("阵地", "场所", "设施", "展板", "文化站", "礼堂", "书屋", "广播", "使用率", "宣传栏")),
    ProblemCode("online_management", "网络阵地管理不够规范",
                ("网络", "公众号", "微信群", "工作群", "新媒体", "审核", "发布")),
    ProblemCode("online_guidance", "网上舆论引导能力不强", ("舆情", "舆论", "引导", "网评", "发声")),
    ProblemCode("team_capacity", "工作队伍能力有待提升",
                ("宣传员", "通讯员", "队伍", "能力", "人员", "力量", "配备", "兼职", "专业")),
    ProblemCode("publicity_innovation", "宣传方式创新不足", ("形式单一", "创新", "吸引力", "方式", "载体")),
    ProblemCode("mechanism_longterm", "长效机制还不健全", ("机制", "制度", "长效", "常态")),
    ProblemCode("situation_judgement", "形势研判不够精准", ("研判", "形势", "苗头", "动态", "预判")),
    ProblemCode("culture_supply", "文化产品供给不足", ("文化活动", "文化产品", "供给", "文艺", "群众文化")),
    ProblemCode("external_publicity", "对外宣传力度不够", ("对外", "外宣", "上级媒体", "知名度", "影响力")),
    ProblemCode("supervision", "督查考核不够有力", ("督查", "考核", "检查", "问责", "追责")),
)

CODES: dict[str, ProblemCode] = {p.code: p for p in LIBRARY}


def classify(sentence: str) -> str | None:
    """The library code a free-written problem most likely belongs to, or None."""
    best, best_score = None, 0
    for entry in LIBRARY:
        score = sum(len(word) for word in entry.keywords if word in sentence)
        if score > best_score:
            best, best_score = entry.code, score
    return best
