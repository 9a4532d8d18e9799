"""Patterns that read simplified and traditional text alike.

The rules are written in simplified characters; `both()` widens every character that
has traditional forms (OpenCC's s2t, s2tw and s2hk) into a class holding all of them,
so 仅供参考 also finds 僅供參考. The table covers the characters the rules use and is
checked against OpenCC by tests/test_check_rules.py; importing OpenCC at check time
would cost more than the whole check.
"""

from __future__ import annotations

VARIANTS: dict[str, str] = {  # simplified character → its traditional forms (s2t, s2tw, s2hk)
    "万": "萬", "专": "專", "个": "個", "为": "爲為", "习": "習", "于": "於", "仅": "僅",
    "们": "們", "会": "會", "传": "傳", "册": "冊", "准": "準", "删": "刪", "参": "參",
    "发": "發", "员": "員", "场": "場", "声": "聲", "处": "處", "备": "備", "够": "夠",
    "学": "學", "对": "對", "届": "屆", "带": "帶", "帮": "幫", "库": "庫", "开": "開",
    "归": "歸", "当": "當", "录": "錄", "总": "總", "户": "戶", "报": "報", "数": "數",
    "时": "時", "权": "權", "条": "條", "来": "來", "档": "檔", "汇": "匯", "浏": "瀏",
    "现": "現", "确": "確", "约": "約", "结": "結", "络": "絡", "编": "編", "网": "網",
    "群": "羣", "职": "職", "联": "聯", "范": "範", "荐": "薦", "见": "見", "规": "規",
    "览": "覽", "计": "計", "订": "訂", "讲": "講", "话": "話", "请": "請", "读": "讀",
    "责": "責", "费": "費", "资": "資", "转": "轉", "载": "載", "辑": "輯", "达": "達",
    "选": "選", "鉴": "鑑", "间": "間", "阅": "閱閲", "项": "項",
}


def both(pattern: str) -> str:
    """A regular expression matching the text of `pattern` in either script."""
    out: list[str] = []
    in_class = False
    escaped = False
    for ch in pattern:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        forms = VARIANTS.get(ch)
        if forms is None:
            out.append(ch)
        elif in_class:
            out.append(ch + forms)
        else:
            out.append(f"[{ch}{forms}]")
    return "".join(out)
