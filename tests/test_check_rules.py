"""The proofreader's line rules, one small text per rule, with the exact finding expected;
and clean texts that must give none."""

from __future__ import annotations

import re

import pytest

from reportgen.check import check_text
from reportgen.check.hant import VARIANTS, both
from reportgen.check.readers import from_string


def found(text: str, markdown: bool = False) -> list[tuple[int, int, str, str]]:
    """(line, column, code, excerpt) of every finding, in reading order."""
    return [(f.line, f.column, f.code, f.excerpt)
            for f in check_text(from_string(text, "t.md" if markdown else "t.txt", markdown))]


@pytest.mark.parametrize(("text", "expected"), [
    # placeholders for numbers and names
    ("全年开展活动X次。", [(1, 7, "placeholder", "X")]),
    ("近年来，××区抓实宣传。", [(1, 5, "placeholder", "××")]),
    ("在《XX日报》发表信息XXX篇。", [(1, 3, "placeholder", "XX"), (1, 12, "placeholder", "XXX")]),
    ("新建阵地共计*个。", [(1, 7, "placeholder", "*")]),
    ("名家大讲堂*次、专题研讨*次。", [(1, 6, "placeholder", "*"), (1, 13, "placeholder", "*")]),
    ("先后培树了*等先进典型。", [(1, 6, "placeholder", "*")]),
    ("组织学习＊次。", [(1, 5, "placeholder", "＊")]),
    ("由○○同志主持。", [(1, 2, "placeholder", "○○")]),
    ("X.统一思想认识，提高政治站位。", [(1, 1, "placeholder", "X")]),
    ("针对xx年度的问题。", [(1, 3, "placeholder", "xx")]),
    # years
    ("20xx年以来，工作有序推进。", [(1, 1, "placeholder", "20xx")]),
    ("20XX年意识形态工作总结", [(1, 1, "placeholder", "20XX")]),
    ("在201X年度考核中。", [(1, 2, "placeholder", "201X")]),
    # empty brackets and a name deleted before 的
    ("会议由【】主持。", [(1, 4, "placeholder", "【】")]),
    ("请（ ）同志参加。", [(1, 2, "placeholder", "（ ）")]),
    ("按照中央、省、的决策部署。", [(1, 7, "placeholder", "、")]),
    # sections left to fill: draft --gaps, or a 范文's own prompts
    ("阵地建设方面：【待补充】", [(1, 8, "placeholder", "【待补充】")]),
    ("【请填写：本单位的特色做法】", [(1, 1, "placeholder", "【请填写：本单位的特色做法】")]),
    # doubled punctuation and characters
    ("持续推动各级党委扛在肩上，，不折不扣。", [(1, 13, "double-punct", "，，")]),
    ("抓好落实。。", [(1, 5, "double-punct", "。。")]),
    ("学习、、宣传", [(1, 3, "double-punct", "、、")]),
    ("认真学习，。", [(1, 5, "double-punct", "，。")]),
    ("作为评优选先的的重要依据。", [(1, 7, "double-char", "的的")]),
    ("工作做好了了。", [(1, 5, "double-char", "了了")]),
    # half-width marks between Chinese characters
    ("意识形态,哲学范畴。", [(1, 5, "half-width-punct", ",")]),
    ("压实责任;出台细则。", [(1, 5, "half-width-punct", ";")]),
    ("讲话指出:“要加快”。", [(1, 5, "half-width-punct", ":")]),
    ("这是为什么?我们要想。", [(1, 6, "half-width-punct", "?")]),
    ("党委(党组)书记", [(1, 3, "half-width-punct", "(党组)")]),
    ('叫"孝廉文化"品牌', [(1, 2, "half-width-punct", '"孝廉文化"')]),
    # unbalanced pairs
    ("他说：“要抓好。", [(1, 4, "unbalanced", "“")]),
    ("学习《条例》》。", [(1, 7, "unbalanced", "》")]),
    ("村（社区宣传栏", [(1, 2, "unbalanced", "（")]),
    # web-page debris
    ("##paidbegin##课新平台", [(1, 1, "web-debris", "##paidbegin##")]),
    ("以下内容仅供参考。", [(1, 5, "web-debris", "仅供参考")]),
    ("第一文档网今天为大家精心准备了讲话", [(1, 1, "web-debris", "第一文档网"),
                                        (1, 8, "web-debris", "为大家精心准备")]),
    ("现在位置：首页 > 致辞大全", [(1, 1, "web-debris", "现在位置：首页 > 致辞大全")]),
    ("举报倒卖会员资料的人", [(1, 5, "web-debris", "会员资料")]),
    ("时间:2022-01-25 13:39 致辞大全", [(1, 1, "web-debris", "时间:2022-01-25 13:39"),
                                       (1, 3, "half-width-punct", ":")]),
    ("意识形态工作经验交流发言稿范文", [(1, 14, "web-debris", "范文")]),
    ("【篇二】落实情况报告", [(1, 1, "web-debris", "【篇二】")]),
    ("要加快培养造就一支作风优...", [(1, 13, "web-debris", "...")]),
    # garbled text
    ("要素的總和?!∫韵率", [(1, 6, "mojibake", "?!"), (1, 8, "mojibake", "∫")]),
    ("慕煌ㄟ\\輸局", [(1, 3, "mojibake", "ㄟ"), (1, 4, "mojibake", "\\")]),
    ("工作?,F將有關情況", [(1, 3, "mojibake", "?,F")]),
    ("æ–‡ä»¶", [(1, 1, "mojibake", "æ–‡ä»¶")]),
    ("文\ufffd件", [(1, 2, "mojibake", "\ufffd")]),
])
def test_each_rule_finds_its_defect_at_its_place(text: str,
                                                 expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "深入学习《习近平新时代中国特色社会主义思想》，坚持读原文、悟原理。",
    "充分利用企业QQ工作群、微信群和政务APP等平台，加强VR展馆建设。",
    "学习《四川省“十四五”规划（2019—2024年）》，推动工作落实。",
    "2024年7月5日，镇党委召开会议，研究部署下半年工作，参会人员95%以上。",
    "一是抓学习；二是抓阵地；三是抓队伍。",
    "首先，要提高认识。其次，要压实责任。",
    "第一，要统一思想；第二，要落实责任。",
    "统一是前提，团结是保证，万一是险情也要报告。",
    "为了了解群众需求，不了了之的事情坚决不做，的的确确抓出成效。",
    "一、二季度共召开会议8次，达到目的的方式多样。",
    "“我们的节日”“道德讲堂”等活动深受欢迎？！",
    "满意率≥95%，覆盖3×4个网格，X光机已配备。",
    "iPhone X 和 Windows XP 都不是占位符。",
    "协会会员和工会会员参加了示范文明单位创建，规范文件管理。",
    "这是“十四五”时期的重要任务……我们要坚持不懈——久久为功。",
    "活动共开展36场，其中线上12场、线下24场。",
])
def test_clean_text_gives_no_finding(text: str) -> None:
    assert found(text) == []


def test_markdown_markup_is_not_read_as_text_but_columns_stay_those_of_the_file() -> None:
    text = "# 标题总结\n\n## 一、主要工作\n\n**加强学习**，全年开展活动X次。\n\n- 仅供参考\n"
    assert found(text, markdown=True) == [
        (5, 16, "placeholder", "X"), (7, 3, "web-debris", "仅供参考")]
    line = text.split("\n")[4]
    assert line[16 - 1] == "X"


def test_lines_next_to_web_debris_are_debris_too_until_a_blank_line() -> None:
    text = "\n".join(["仅供学习 禁止外传", "酷乐文行", "自建平台、实时分享", "",
                      "双胜镇意识形态工作总结", "今年以来，我镇扎实开展工作。"])
    assert [(line, code, excerpt) for line, _, code, excerpt in found(text)] == [
        (1, "web-debris", "仅供学习"), (1, "web-debris", "禁止外传"),
        (2, "web-debris", "酷乐文行"), (3, "web-debris", "自建平台、实时分享")]


@pytest.mark.parametrize("config", ["s2t", "s2tw", "s2hk"])
def test_rules_read_traditional_text(config: str) -> None:
    opencc = pytest.importorskip("opencc")
    convert = opencc.OpenCC(config).convert
    text = "\n".join(["仅供参考，希望能够帮助到大家。", "现在位置：首页", "小编为大家整理了范文",
                      "举报倒卖会员资料", "先后*个单位。"])
    simplified = [(line, code) for line, _, code, _ in found(text)]
    traditional = convert(text)
    assert traditional != text
    assert [(line, code) for line, _, code, _ in found(traditional)] == simplified


def test_the_traditional_forms_table_agrees_with_opencc() -> None:
    opencc = pytest.importorskip("opencc")
    converters = [opencc.OpenCC(config).convert for config in ("s2t", "s2tw", "s2hk")]
    for simplified, forms in VARIANTS.items():
        expected = {c(simplified) for c in converters} - {simplified}
        assert set(forms) == expected, simplified


def test_both_widens_characters_inside_and_outside_classes() -> None:
    pattern = re.compile(both(r"会员[群资]"))
    assert pattern.fullmatch("會員羣")
    assert pattern.fullmatch("会员資")
    assert not pattern.fullmatch("会员人")


# --- found by mutation testing (scripts/mutation.py check-rules) ----------------------------


@pytest.mark.parametrize(("text", "message"), [
    ("20xx年以来。", "年份“20xx”是未替换的占位符，请填写实际年份"),
    ("全年开展活动X次。", "“X”是未替换的占位符，请填写实际的数字或名称"),
    ("按照中央、省、的决策部署。", "“、”后面缺了内容：可能删去了名称而没有补上"),
    ("会议由【】主持。", "“【】”中没有内容：可能漏填了文字"),
    ("阵地建设方面：【待补充】", "“【待补充】”是待补写的位置，请写上实际内容"),
    ("作为评优选先的的重要依据。", "“的的”重复，多半是笔误"),
    ("扛在肩上，，不折不扣。", "标点重复“，，”：请删去一个"),
    ("认真学习，。", "标点连用“，。”：请只保留一个"),
    ("意识形态,哲学范畴。", "中文之间用了半角标点“,”：应为全角“，”"),
    ("党委(党组)书记", "中文中用了半角括号，应为全角（）：(党组)"),
    ('叫"孝廉文化"品牌', "中文中用了半角引号，应为全角“”或‘’：\"孝廉文化\""),
    ("党委(书记", "中文之间用了半角符号“(”：应为全角"),
    ("仅供参考", "网页残留“仅供参考”：请删去"),
    ("乱码\ufffd\ufffd", "乱码“\ufffd\ufffd”：文字在转换编码时损坏，请对照原文改正"),
    ("锛屾垜", "乱码“锛屾”：UTF-8 文字被当成了 GBK，请对照原文改正"),
])
def test_each_rule_says_what_is_wrong(text: str, message: str) -> None:
    assert [f.message for f in check_text(from_string(text, "t.txt", False))] == [message]


def test_a_line_beside_web_debris_is_placed_and_said() -> None:
    findings = check_text(from_string("仅供参考\n　　酷乐文行\n", "t.txt", False))
    assert [(f.line, f.column, f.message) for f in findings] == [
        (1, 1, "网页残留“仅供参考”：请删去"), (2, 3, "疑似网页残留“酷乐文行”（紧挨着其他网页残留）：请删去")]


@pytest.mark.parametrize(("text", "expected"), [
    ("配备X光机一台，开展X射线检查，拍摄X线片。", []),  # real words, not placeholders
    ("规格为长3×宽2米。", []),  # a × next to a digit is arithmetic
    ("认真学习， 。", [(1, 5, "double-punct", "，。")]),  # a space between does not hide a pair
    ("难道不是吗？！好，，", [(1, 9, "double-punct", "，，")]),  # ？！ is allowed, and the line read on
    ("真的吗！？好", []),  # ！？ too
    ("认真学习，\t，", [(1, 5, "double-punct", "，，")]),  # nor a tab
    ("认真学习，　，", [(1, 5, "double-punct", "，，")]),  # nor a full-width space
    ("党委(书记", [(1, 3, "half-width-punct", "(")]),
    ("甲(乙)丙(丁)戊", [(1, 2, "half-width-punct", "(乙)"), (1, 6, "half-width-punct", "(丁)")]),
])
def test_rules_at_their_edges(text: str, expected: list[tuple[int, int, str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "fix"), [
    ("抓好落实。。", "。"),  # the same mark twice, side by side: one goes
    ("认真学习，。", None),  # which of ，。 to keep is the writer's call
    ("认真学习， ，", None),  # apart: the space may be meant, so no safe fix
])
def test_a_doubled_mark_is_fixed_only_when_the_fix_is_certain(text: str, fix: str | None) -> None:
    (finding,) = [f for f in check_text(from_string(text, "t.txt")) if f.code == "double-punct"]
    assert finding.fix == fix


def test_debris_spreads_to_short_lines_above_and_below_but_not_to_sentences() -> None:
    text = "\n".join(["甲网", "乙网", "仅供参考", "我镇开展学习，效果好", "三" * 31, "丁网"])
    assert [(line, excerpt) for line, _, _, excerpt in found(text)] == [
        (1, "甲网"), (2, "乙网"), (3, "仅供参考")]
    text = "\n".join(["仅供参考", "三" * 30, "丁网"])  # 30 characters is still short
    assert [(line, excerpt) for line, _, _, excerpt in found(text)] == [(1, "仅供参考"), (2, "三" * 30), (3, "丁网")]
