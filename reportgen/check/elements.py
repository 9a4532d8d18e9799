"""公文要素 as GB/T 9704-2012 writes them: dates, 发文字号, heading numbers, 附件说明.

- 成文日期 (§7.3.5.1): Arabic numerals, the year in full, no leading zeros: 2024年7月5日,
  not 2024.7.5, 2024-07-05, 2024年07月05日 or, on the date line, 二〇二四年七月五日.
- 发文字号 (§7.2.4): 机关代字〔2024〕5号: the year in 六角括号, no 第, no leading zeros.
- Heading numbers (§7.3.3): 一、 → （一） → 1. → （1）, no level skipped.
- 附件说明 (§7.3.4): 附件：1.…, 2.…: numbered 1, 2, 3 when there are several, no
  punctuation after a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reportgen.check.finding import Finding
from reportgen.check.headings import BLANK, headings_in, is_title
from reportgen.check.levels import ERROR, INFO, WARNING
from reportgen.check.readers import Line
from reportgen.check.rules import HAN

# --- dates ----------------------------------------------------------------------------------
# a time after it makes it a timestamp (web debris, a log), not a date someone wrote
_SEPARATED = re.compile(r"(?<![\d.])(\d{4})([.\-/．／])(\d{1,2})\2(\d{1,2})(?![\d.])(?!\s*\d{1,2}:\d{2})")
_ZEROS = re.compile(r"(?<!\d)(\d{4})年(\d{1,2})月(?:(\d{1,2})日)?")
_CN_DIGIT = "〇○零一二三四五六七八九"
_CN_NUMBER = "[一二三四五六七八九十]{1,3}"
_CN_DATE = re.compile(rf"([{_CN_DIGIT}]{{4}})年({_CN_NUMBER})月({_CN_NUMBER})日")
_STD = "（GB/T 9704 {}）"  # the clause a message rests on
_SHORT_YEAR = re.compile(r"^(\d{2})年(\d{1,2})月(\d{1,2})日$")


def _written(year: int | str, month: int, day: int | None) -> str:
    return f"{year}年{month}月" + (f"{day}日" if day is not None else "")


def _alone(line: Line, m: re.Match[str]) -> bool:
    """Is the date the whole line (the 成文日期 under a signature, or a dated byline)?"""
    return line.text.strip(BLANK + "（）()").replace(" ", "") == m.group(0)


def _cn_value(text: str) -> int:
    """七 → 7, 十二 → 12, 二十五 → 25, 三十一 → 31."""
    digits = "一二三四五六七八九"
    if "十" not in text:
        return digits.index(text) + 1 if len(text) == 1 and text in digits else 0
    tens, _, ones = text.partition("十")
    value = (digits.index(tens) + 1 if tens else 1) * 10
    return value + (digits.index(ones) + 1 if ones else 0)


def dates(line: Line) -> Iterator[Finding]:
    code = "date-format"
    for m in _SEPARATED.finditer(line.text):
        year, month, day = m.group(1), int(m.group(3)), int(m.group(4))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        right = _written(year, month, day)
        if _alone(line, m):
            message = (f"成文日期“{m.group(0)}”应写作“{right}”：用阿拉伯数字写全年、月、日"
                       + _STD.format("7.3.5.1"))
            yield Finding(line.no, m.start() + 1, code, message, m.group(0), level=ERROR, fix=right)
        else:
            message = f"日期“{m.group(0)}”在公文正文中宜写作“{right}”"
            yield Finding(line.no, m.start() + 1, code, message, m.group(0), level=WARNING)
    for m in _ZEROS.finditer(line.text):
        mm = int(m.group(2))
        dd = int(m.group(3)) if m.group(3) else None
        zeros = m.group(2).startswith("0") or (m.group(3) or "").startswith("0")
        if zeros and 1 <= mm <= 12 and (dd is None or 1 <= dd <= 31):
            right = _written(m.group(1), mm, dd)
            message = f"“{m.group(0)}”应写作“{right}”：月、日不编虚位，1不写作01" + _STD.format("7.3.5.1")
            yield Finding(line.no, m.start() + 1, code, message, m.group(0), level=ERROR, fix=right)
    for m in _CN_DATE.finditer(line.text):
        if not _alone(line, m):
            continue  # a date in words inside a sentence may be a quotation
        year = "".join(str(max(0, _CN_DIGIT.index(c) - 2)) for c in m.group(1))  # 〇○零 → 0
        month, day = _cn_value(m.group(2)), _cn_value(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= 31:
            right = _written(year, month, day)
            message = f"成文日期“{m.group(0)}”应写作“{right}”：用阿拉伯数字（GB/T 9704 7.3.5.1）"
            yield Finding(line.no, m.start() + 1, code, message, m.group(0), level=ERROR, fix=right)
    short = _SHORT_YEAR.match(line.text.strip(BLANK))
    if short:
        at = line.text.index(short.group(0))
        message = f"成文日期“{short.group(0)}”的年份应写全（如2024年），不能简写为两位"
        yield Finding(line.no, at + 1, code, message, short.group(0), level=ERROR)


# --- 发文字号 -----------------------------------------------------------------------------------
_OPEN, _CLOSE = "[（(【［〔﹝{", "]）)】］〕﹞}"
_DOC_NUMBER = re.compile(
    rf"(?<=[{HAN}])(?P<year>[{re.escape(_OPEN)}]\s*\d{{2,4}}\s*[{re.escape(_CLOSE)}])"
    rf"\s*(?P<nth>第)?\s*(?P<no>\d{{1,5}})\s*号")


def doc_numbers(line: Line) -> Iterator[Finding]:
    for m in _DOC_NUMBER.finditer(line.text):
        year = re.sub(r"\D", "", m.group("year"))
        number = m.group("no")
        wrong = []
        if not (m.group("year").startswith("〔") and m.group("year").endswith("〕")):
            wrong.append(f"年份应用六角括号〔〕，不用“{m.group('year')[0]}{m.group('year')[-1]}”")
        if m.group("nth"):
            wrong.append("序号前不加“第”")
        if number.startswith("0"):
            wrong.append("序号不编虚位（1不写作001）")
        if len(year) != 4:
            wrong.append("年份应写全（如2024）")
        if not wrong and " " not in m.group(0):
            continue
        right = f"〔{year}〕{int(number)}号"
        fix = right if len(year) == 4 else None
        shown = f"，应为“{right}”" if fix else ""
        message = f"发文字号“{m.group(0)}”：{'；'.join(wrong) or '中间不加空格'}{shown}（GB/T 9704 7.2.4）"
        yield Finding(line.no, m.start() + 1, "doc-number", message, m.group(0), level=ERROR, fix=fix)


# --- heading numbers --------------------------------------------------------------------------
_LABELS = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


def heading_styles(lines: list[Line]) -> Iterator[Finding]:
    """How each heading number is written, and no level skipped (一、 then 1. without （一）)."""
    code = "heading-style"
    last = 0  # the level of the heading before, within this document
    for line in lines:
        if is_title(line):
            last = 0
            continue
        for mark in headings_in(line):
            at, label = mark.column, mark.label
            number = label.strip("（()）、.．")
            if mark.level == 1 and label[-1] != "、":
                right = number + "、"
                message = f"一级标题序号“{label}”应写作“{right}”：汉字数字后用顿号（GB/T 9704 7.3.3）"
                yield Finding(line.no, at, code, message, label, level=ERROR, fix=right)
            elif mark.level == 3 and label[-1] == "、":
                right = number + "."
                message = (f"三级标题序号“{label}”应写作“{right}”：阿拉伯数字后用下脚点，不用顿号"
                           + _STD.format("7.3.3"))
                yield Finding(line.no, at, code, message, label, level=ERROR, fix=right)
            elif mark.level == 3 and label[-1] == "．":
                message = f"三级标题序号“{label}”宜写作“{number}.”（半角下脚点，GB/T 9704 7.3.3）"
                yield Finding(line.no, at, code, message, label, level=INFO)
            elif mark.level == 4 and label != f"（{number}）":
                right = f"（{number}）"
                message = f"四级标题序号“{label}”应写作“{right}”：用全角括号（GB/T 9704 7.3.3）"
                yield Finding(line.no, at, code, message, label, level=ERROR, fix=right)
            if last and mark.level > last + 1:
                missing = _LABELS[last + 1]
                message = (f"标题层级跳过：“{_LABELS[last]}”一级之后直接是“{label}”，中间缺少“{missing}”一级"
                           "（GB/T 9704 7.3.3：一、（一）1.（1）依次使用）")
                yield Finding(line.no, at, code, message, label, level=WARNING)
            last = mark.level


# --- 附件说明 ---------------------------------------------------------------------------------
_ATTACHMENT = re.compile(r"^[ \t　]*附件[ \t　]*[:：][ \t　]*")
_ITEM = re.compile(r"^[ \t　]*(\d{1,2})([.．、])")
_ITEM_END = re.compile(r"[。；，.;,、：:]+$")


def attachment_block(lines: list[Line]) -> list[tuple[Line, int]]:
    """The 附件说明's lines, each with where its item starts: 附件：1.… and the lines under it
    (blank lines between them skipped: Markdown puts one between paragraphs)."""
    out: list[tuple[Line, int]] = []
    for i, line in enumerate(lines):
        head = _ATTACHMENT.match(line.text)
        if head is None:
            continue
        out.append((line, head.end()))
        for following in lines[i + 1:]:
            if not following.text.strip(BLANK):
                continue
            if not _ITEM.match(following.text):
                break
            indent = len(following.text) - len(following.text.lstrip(BLANK))
            out.append((following, indent))
        break
    return out


def attachments(lines: list[Line]) -> Iterator[Finding]:
    code = "attachment"
    block = attachment_block(lines)
    numbers = []
    for line, start in block:
        item = line.text[start:].rstrip(BLANK)
        if not item:
            continue
        numbered = _ITEM.match(line.text[start:])
        if numbered:
            n, mark = int(numbered.group(1)), numbered.group(2)
            numbers.append((line, start, n))
            if mark == "、":
                message = f"附件序号“{n}、”应写作“{n}.”：阿拉伯数字后用下脚点（GB/T 9704 7.3.4）"
                yield Finding(line.no, start + 1, code, message, f"{n}、", level=ERROR, fix=f"{n}.")
        end = _ITEM_END.search(item)
        if end:
            message = f"附件名称后不加标点符号，请删去“{end.group(0)}”（GB/T 9704 7.3.4）"
            yield Finding(line.no, start + end.start() + 1, code, message, end.group(0), level=ERROR, fix="")
    items = [(line, start) for line, start in block if line.text[start:].strip(BLANK)]
    if len(items) > 1 and len(numbers) < len(items):
        line, start = next((li, s) for li, s in items if not _ITEM.match(li.text[s:]))
        message = "有多个附件时，应用阿拉伯数字标注附件顺序号（附件：1.……）（GB/T 9704 7.3.4）"
        yield Finding(line.no, start + 1, code, message, line.text[start:start + 8], level=ERROR)
    for expected, (line, start, n) in enumerate(numbers if len(numbers) == len(items) else [], 1):
        if n != expected:
            message = f"附件顺序号不连续：这里应为“{expected}.”，实际为“{n}”"
            yield Finding(line.no, start + 1, code, message, str(n), level=ERROR)
            break
    if len(items) == 1 and numbers:
        line, start, n = numbers[0]
        message = "只有一个附件时不编顺序号，直接写附件名称（GB/T 9704 7.3.4）"
        yield Finding(line.no, start + 1, code, message, str(n), level=INFO)


def line_findings(line: Line) -> Iterator[Finding]:
    yield from dates(line)
    yield from doc_numbers(line)
