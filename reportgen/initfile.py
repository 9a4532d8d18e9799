"""The commented facts file `reportgen init TYPE` writes, generated from the schema.

Every field the type reads is written with its schema example and a Chinese comment
(title, whether it must be filled, help), so the file drafts at once and shows what to
change. Nothing here is specific to one report type: the fields come from typefacts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from reportgen.jsonschema_export import SCHEMA_FILE
from reportgen.kinds import Block, Choice, DateKind, Field, Kind, ListOf, PeriodKind, ProblemItem, ScalarBlock
from reportgen.problems import Library, ProblemCode, builtin
from reportgen.reporttypes import TYPES
from reportgen.schema import lookup
from reportgen.typefacts import is_required, reads, type_facts

SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"
COMMENT_COLUMN = 30  # display cells; Chinese characters count two
INLINE_MAX = 50  # a longer comment goes on its own lines above the field
WRAP = 76

Codes = dict[str, ProblemCode]

# Fields written commented out: filling them changes what the draft says by default
# (document: the 红头, 主送机关 and 版记 of a 公文, for a draft sent out as one).
_LEFT_OUT = {"next_steps", "document"}


def default_name(code: str) -> str:
    return f"facts-{code}.yaml"


@dataclass
class _Line:
    indent: int
    text: str
    comment: str = ""


def facts_file(code: str, shown_name: str | None = None, library: Library | None = None) -> str:
    """The whole commented facts file for a report type; library: the problem library in effect
    (a user's --templates may add codes), listed under `problems`."""
    codes = (library or builtin()).codes
    lines: list[_Line] = []
    for f in type_facts(code).fields:
        body = _field(f, f.name, 0, code, code if f.name == "type" else f.example, codes)
        if isinstance(f.kind, (Block, ListOf)):
            lines.append(_Line(0, ""))
        if f.name in _LEFT_OUT:
            note = f"{body[0].comment}。需要时删去下面各行行首的“# ”"
            # each field keeps its own comment, still a comment once "# " is deleted
            inner = [_Line(ln.indent, ln.text, ln.comment) for ln in _flat(body[1:])]
            body = [_Line(0, f"# {part}") for part in _wrap(note, WRAP)] + [
                _Line(0, "# " + body[0].text)] + [
                _Line(0, "# " + " " * ln.indent + ln.text, ln.comment) for ln in inner
            ]
        lines.extend(body)
    return _header(code, shown_name or default_name(code)) + "".join(_format(ln) for ln in lines)


def _header(code: str, shown_name: str) -> str:
    rtype = TYPES[code]
    unit = lookup("unit.name")
    example_unit = f"“{unit.example}”" if unit else ""
    return "\n".join((
        SCHEMA_LINE,
        "#",
        f"# 意识形态工作事实文件：{rtype.name}（{code}）",
        f"# 由 reportgen init {code} 生成。",
        "#",
        f"# 下面的单位{example_unit}、人名和数字都是虚构的示例，请逐项改成本单位的实际情况。",
        "# 没有做的事项，把整行删去或让冒号后留空，草稿中就不会写它；程序不会编造任何数字。",
        "# 报告期和成文日期是固定的示例值，务必改成本次报告的实际日期。",
        "# 冒号前的英文字段名不要改，冒号后留一个空格；缩进用空格，不要用 Tab。",
        "# 数量写阿拉伯数字，约数写成“20余”。“#”之后是说明文字，不影响草稿。",
        f"# 改好后生成草稿：reportgen draft {shown_name}",
        "#",
        "# 第一行让编辑器（如装有 YAML 扩展的 VS Code）提示字段、检查填写。",
        f"# 它指向同一文件夹中的 {SCHEMA_FILE}，该文件用以下命令生成：",
        f"#   reportgen schema -o {SCHEMA_FILE}",
        "# 不用编辑器提示时，这一行可以不管。",
        "",
        "",
    ))


def _field(f: Field, path: str, indent: int, code: str, value: Any, codes: Codes) -> list[_Line]:
    comment = _comment(f, path, code)
    kind = f.kind
    if isinstance(kind, Block):
        lines = [_Line(indent, f"{f.name}:", comment)]
        for sub in kind.fields:
            if reads(code, f"{path}.{sub.name}"):
                lines += _field(sub, f"{path}.{sub.name}", indent + 2, code, sub.example, codes)
        return lines
    if isinstance(kind, ListOf):
        return [_Line(indent, f"{f.name}:", comment), *_items(kind, path, indent + 2, code, value, codes)]
    return [_Line(indent, f"{f.name}: {_scalar(kind, value)}", comment)]


def _items(kind: ListOf, path: str, indent: int, code: str, value: Any, codes: Codes) -> list[_Line]:
    item = kind.item
    if isinstance(item, Block):
        scalar = item.field(item.scalar) if isinstance(item, ScalarBlock) else None
        examples = value or [{sub.name: sub.example for sub in item.fields}]
        lines: list[_Line] = []
        commented: set[str] = set()  # each field's comment once, where it first appears
        for example in examples:
            if scalar is not None and not isinstance(example, dict):  # - study_depth
                lines.append(_Line(indent, f"- {_scalar(scalar.kind, example)}",
                                   _choice_label(scalar.kind, example, codes)))
                continue
            first = True
            for sub in item.fields:
                if example.get(sub.name) is None:
                    continue
                text = f"{sub.name}: {_scalar(sub.kind, example[sub.name])}"
                comment = _comment(sub, f"{path}.{sub.name}", code) if sub.name not in commented else ""
                commented.add(sub.name)
                lines.append(_Line(indent, ("- " if first else "  ") + text, comment))
                first = False
        if scalar is not None and isinstance(scalar.kind, ProblemItem):
            lines += _codes(indent, codes)
        return lines
    lines = [_Line(indent, f"- {_scalar(item, v)}", _choice_label(item, v, codes)) for v in value or []]
    if isinstance(item, ProblemItem):
        lines += _codes(indent, codes)
    return lines


def _codes(indent: int, codes: Codes) -> list[_Line]:
    width = max(len(c) for c in codes)
    listed = (_Line(indent, f"#   {c:<{width}}  {p.label}") for c, p in codes.items())
    return [_Line(indent, "# 问题库代码："), *listed]


def _comment(f: Field, path: str, code: str) -> str:
    required = f.required or is_required(code, path)
    shown = "，".join(m for m in (getattr(f.kind, "measure", ""), "必填" if required else "") if m)
    head = f"{f.title}（{shown}）" if shown else f.title
    notes = [f.help] if f.help else []
    kind = f.kind.item if isinstance(f.kind, ListOf) else f.kind
    if isinstance(kind, (PeriodKind, DateKind)):
        notes.append("这是示例值，请改为本次报告的实际情况")
    if isinstance(kind, Choice):
        if path == "type":
            notes.append(f"本文件按{TYPES[code].name}生成，换类型请重新执行 reportgen init")
        notes.append("可选 " + "、".join(k if k == v else f"{k} {v}" for k, v in kind.options.items()))
    return head + ("：" + "；".join(notes) if notes else "")


def _choice_label(kind: Kind, value: Any, codes: Codes) -> str:
    if isinstance(kind, Choice):
        return kind.options.get(value, "")
    if isinstance(kind, ProblemItem) and value in codes:
        return codes[value].label
    return ""


def _scalar(kind: Kind, value: Any) -> str:
    """A value as YAML writes it; dates and periods bare, as people type them."""
    if isinstance(kind, (DateKind, PeriodKind)):
        return str(value)
    text: str = yaml.safe_dump(value, allow_unicode=True, width=10**6)
    return text.removesuffix("\n...\n").rstrip("\n")


def _flat(lines: list[_Line]) -> list[_Line]:
    """Lines with long comments already moved above, for prefixing as a whole."""
    out: list[_Line] = []
    for ln in lines:
        if ln.comment and _width(ln.comment) > INLINE_MAX:
            out += [_Line(ln.indent, f"# {part}") for part in _wrap(ln.comment, WRAP - ln.indent)]
            out.append(_Line(ln.indent, ln.text))
        else:
            out.append(ln)
    return out


def _format(line: _Line) -> str:
    if not line.text:
        return "\n"
    out = []
    for ln in _flat([line]):
        text = " " * ln.indent + ln.text
        if ln.comment:
            text += " " * max(2, COMMENT_COLUMN - _width(text)) + "# " + ln.comment
        out.append(text + "\n")
    return "".join(out)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap(text: str, cells: int) -> list[str]:
    """Wrap by display width after Chinese punctuation, so no code is cut in two."""
    lines, current = [], ""
    for piece in re.findall(r"[^、，；：。]+[、，；：。]?", text):
        if current and _width(current + piece) > cells:
            lines.append(current)
            current = ""
        current += piece
    return [*lines, current] if current else lines
