"""Read a facts file into plain Python data, remembering where each value stands.

YAML is composed into nodes by PyYAML's safe loader and built into dicts, lists and
scalars here, so that no tag can construct a Python object, duplicate keys are refused,
and alias bombs stop at a node budget instead of exhausting memory.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import FactsError, Problem
from reportgen.inputfiles import read_bounded

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 20_000  # a full facts file has a few hundred; aliases count each time they are used
MAX_DEPTH = 32

Key = tuple[str | int, ...]

_SAFE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

# Integers that YAML 1.1 reads in another base: octal 010 (8), hex 0x1F, binary 0b11,
# sexagesimal 1:30 (90), and digits grouped with _. Nobody writing a count means these.
_YAML11_INT = re.compile(
    r"^[-+]?(0[0-9_]+|0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])+|[0-9]+_[0-9_]*)$")

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_scalar_builder = yaml.constructor.SafeConstructor()

# PyYAML's problem texts that office users meet most, in Chinese.
_YAML_HINTS = [
    ("tab character", "此处有 Tab：缩进请用空格，不要用 Tab"),
    ("mapping values are not allowed",
     "此处不应出现“: ”：可能是上一行缺少“: ”、缩进不齐，或值里含有“: ”而没有加引号"),
    ("could not find expected ':'", "缺少“: ”，或上一行的引号、括号没有闭合"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合"),
    ("expected ',' or '}'", "花括号 { } 没有闭合"),
    ("found unexpected end of stream", "文件意外结束：引号或括号没有闭合"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("found undefined alias", "使用了未定义的别名（*名称）"),
    ("expected <block end>, but found", "缩进不一致：同一层的字段应左对齐"),
    ("did not find expected key", "缩进不一致，或列表项“- ”与字段混在同一层"),
    ("did not find expected '-' indicator", "列表项缩进不一致"),
    ("expected a single document", "文件只能包含一个 YAML 文档（不要使用“---”分隔多份内容）"),
    ("cannot start any token", "值的开头有 YAML 不允许的字符（如 @、`、%）：请给这个值加上引号"),
    ("exceeded maximum nesting depth", f"嵌套层次过深（上限 {MAX_DEPTH} 层）"),
    ("found unknown escape character", "双引号中的反斜杠“\\”转义无效：请改用单引号，或写成“\\\\”"),
    ("expected alphabetic or numeric character",
     "锚点（&）或别名（*）的名称无效：值以 & 或 * 开头时请加引号"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("found undefined tag handle", "使用了未定义的标签（!名称）：值以 ! 开头时请加引号"),
    ("expected the node content", "此处缺少值"),
    ("expected a comment or a line break", "此处多了内容：一行只能写一个“字段: 值”"),
    ("block sequence entries are not allowed", "此处不能开始列表项“- ”：请检查缩进"),
    ("mapping keys are not allowed", "此处不能写字段名：请检查缩进或冒号"),
    ("unacceptable character", "含有 YAML 不允许的字符"),
    ("control characters are not allowed", "含有不允许的控制字符"),
    ("expected <document start>", "文件只能包含一个 YAML 文档"),
    ("found character that cannot start any token", "值的开头有 YAML 不允许的字符：请给这个值加上引号"),
]


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Loaded:
    """A facts file as plain data, with the position of every value and key."""

    name: str
    data: dict[str, Any]
    marks: dict[Key, Mark] = field(default_factory=dict)
    key_marks: dict[Key, Mark] = field(default_factory=dict)

    def mark(self, key: Key) -> Mark | None:
        """The position of the value at key, or of its nearest enclosing value."""
        while True:
            if key in self.marks:
                return self.marks[key]
            if not key:
                return None
            key = key[:-1]


def read_text(path: Path, display: str | None = None) -> str:
    """Read a text file written by any common Chinese editor: UTF-8 (with or without BOM),
    UTF-16 with BOM, or GB18030/GBK; CRLF line ends are fine. Only a regular file is read,
    and no more than MAX_BYTES of it."""
    name = display or str(path)
    return decode(read_bounded(path, name, MAX_BYTES), name)


ENCODINGS = "UTF-8（可带 BOM）、UTF-16（带 BOM）和 GBK/GB18030"


def decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        text = _try(raw[3:], "utf-8")
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _try(raw, "utf-16")
    else:
        text = _try(raw, "utf-8")
        if text is None:
            text = _try(raw, "gb18030")
            if text is not None:
                mojibake = Mojibake()
                mojibake.feed(text)
                mojibake.check(name)
            else:
                _refuse_mixed(raw, name)
    if text is None:
        message = f"无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本文件（可读取 {ENCODINGS}）"
        raise FactsError([Problem(message, file=name)])
    if "\x00" in text or _looks_binary(text):
        raise FactsError([Problem("这不是文本文件（含有二进制内容）", file=name)])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refuse_mixed(raw: bytes, name: str) -> None:
    """Text that is UTF-8 up to some line and something else from there: name that line."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        if any(byte >= 0x80 for byte in before):  # Chinese in UTF-8 before it: two encodings mixed
            line = before.count(b"\n") + 1
            message = (f"从这一行起不是 UTF-8 编码，而前面是：文件混用了 UTF-8 和 GBK 等编码；"
                       f"请用记事本等另存为 UTF-8 后再试。可读取的编码：{ENCODINGS}")
            raise FactsError([Problem(message, file=name, line=line)]) from None


# Big5 or UTF-8 bytes read as GBK decode without error, into rare characters, private-use ones,
# kana, Greek and box drawing: a simplified-Chinese GBK file holds almost only GB2312 hanzi.
_CJK = re.compile("[\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f\u3400-\u9fff"
                  "\uf900-\ufaff\ue000-\uf8ff\U00020000-\U0003ffff]")
MIN_ODD = 4  # a rare character or two in a name (喆, 镕) is normal
ODD_SHARE = 0.15


@functools.cache
def _drop_gb2312() -> dict[int, None]:
    """str.translate table deleting the 6,763 GB2312 hanzi."""
    table: dict[int, None] = {}
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):  # the ends of rows 55 and 87 are empty
                table[ord(bytes((lead, trail)).decode("gb2312"))] = None
    return table


class Mojibake:
    """Whether text read as GBK is mojibake rather than Chinese, counted over a whole file
    (fed a piece at a time), and the first line that shows it."""

    def __init__(self) -> None:
        self.total = self.odd = 0
        self.first: tuple[int, str] | None = None
        self.genuine = False  # a character only GB18030's four-byte form can give was read

    def feed(self, text: str, first_line: int = 1) -> None:
        for no, line in enumerate(text.split("\n"), first_line):
            total = len(_CJK.findall(line))
            if not total:
                continue
            rare = _CJK.findall(line.translate(_drop_gb2312()))
            if any(len(ch.encode("gb18030")) == 4 for ch in rare):
                # A GB18030 four-byte sequence has a digit for its second byte, which neither
                # Big5 nor UTF-8 ever puts after a lead byte: this file is GB18030 on purpose.
                self.genuine = True
            odd = len(rare)
            self.total += total
            self.odd += odd
            if odd and self.first is None:
                self.first = (no, line)

    def check(self, name: str) -> None:
        if self.genuine or self.first is None or self.odd < MIN_ODD or self.odd < ODD_SHARE * self.total:
            return
        no, line = self.first
        sample = re.sub("[\ue000-\uf8ff\\s]", "", line)[:12]
        message = (f"按 GBK 读出的文字像乱码（“{sample}”）：文件可能是繁体 Big5 编码，或混用了 UTF-8 和 GBK；"
                   f"请用记事本等另存为 UTF-8 后再试。可读取的编码：{ENCODINGS}")
        raise FactsError([Problem(message, file=name, line=no)])


def _try(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r")
    return controls > max(2, len(sample) // 100)


def load_facts(path: Path, display: str | None = None) -> Loaded:
    """Load a YAML facts file; raise FactsError with every problem found."""
    name = display or str(path)
    return load_yaml_text(read_text(path, name), name)


def load_yaml_text(text: str, name: str) -> Loaded:
    try:
        _check_depth(text, name)
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise FactsError([_yaml_problem(exc, name, text)]) from None
    except yaml.YAMLError:
        raise FactsError([Problem("YAML 格式错误：无法解析", file=name)]) from None
    except RecursionError:
        raise FactsError([Problem(f"嵌套层次过深（上限 {MAX_DEPTH} 层）", file=name)]) from None
    if node is None:
        raise FactsError([Problem("文件是空的：请按 reportgen init 生成的样式填写事实", file=name)])
    builder = _Builder(name)
    data = builder.build(node, (), 0)
    if builder.problems:
        raise FactsError(builder.problems)
    if not isinstance(data, dict):
        kind = "列表" if isinstance(data, list) else "单个值"
        message = f"文件顶层应为“字段: 值”的映射，实际为{kind}"
        raise FactsError([Problem(message, file=name, line=1, column=1)])
    return Loaded(name, data, builder.marks, builder.key_marks)


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting from the event stream, before composing: libyaml's composer
    recurses in C and a few thousand levels ("- - - …") would crash the process."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                m = event.start_mark
                line, column = (m.line + 1, m.column + 1) if m else (None, None)
                raise FactsError([Problem(f"嵌套层次过深（上限 {MAX_DEPTH} 层）", file=name,
                                          line=line, column=column)])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str, source: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if mark is not None and source[mark.index : mark.index + 1] == "\t":
        text: str | None = "此处有 Tab：缩进请用空格，不要用 Tab"
    else:
        text = next((zh for en, zh in _YAML_HINTS if en in str(exc)), None)
    # never PyYAML's own English words
    message = f"YAML 格式错误：{text or '此处的写法无法解析：请检查冒号、引号、括号和缩进'}"
    if mark is None:
        return Problem(message, file=name)
    return Problem(message, file=name, line=mark.line + 1, column=mark.column + 1)


class _Builder:
    def __init__(self, name: str) -> None:
        self.name = name
        self.nodes = 0
        self.built: set[int] = set()  # ids of nodes built: an alias builds one node again
        self.aliased = False
        self.problems: list[Problem] = []
        self.marks: dict[Key, Mark] = {}
        self.key_marks: dict[Key, Mark] = {}

    def _problem(self, node: yaml.Node, message: str) -> None:
        m = node.start_mark
        self.problems.append(Problem(message, file=self.name, line=m.line + 1, column=m.column + 1))

    def build(self, node: yaml.Node, key: Key, depth: int) -> Any:
        self.nodes += 1
        if id(node) in self.built:
            self.aliased = True
        self.built.add(id(node))
        if self.nodes > MAX_NODES:
            why = "，可能是别名（*）反复展开" if self.aliased else "：一份事实文件用不到这么多项"
            self._problem(node, f"内容过多（超过 {MAX_NODES} 个值）{why}；已停止读取")
            raise FactsError(self.problems)
        if depth > MAX_DEPTH:
            self._problem(node, f"嵌套层次过深（上限 {MAX_DEPTH} 层）")
            raise FactsError(self.problems)
        self.marks[key] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _SAFE_TAGS:
            self._problem(node, f"不支持的 YAML 标签 {node.tag}："
                                "事实文件只能包含文字、数字、日期、列表和“字段: 值”")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, key, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i), depth + 1) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _mapping(self, node: yaml.MappingNode, key: Key, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for knode, vnode in node.value:
            if knode.tag == "tag:yaml.org,2002:merge":
                self._problem(knode, "不支持合并键“<<”：请直接写出各字段")
                continue
            if not isinstance(knode, yaml.ScalarNode):
                self._problem(knode, "字段名应为文字")
                continue
            name = str(knode.value).strip()
            if name in out:
                first = self.key_marks[(*key, name)]
                self._problem(knode, f"字段“{name}”重复出现（第一次在第{first.line}行）：请删去其中一个")
                continue
            self.key_marks[(*key, name)] = Mark(knode.start_mark.line + 1, knode.start_mark.column + 1)
            out[name] = self.build(vnode, (*key, name), depth + 1)
        return out

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag == "tag:yaml.org,2002:int" and _YAML11_INT.match(node.value):
            return str(node.value)  # 010, 0x1F, 1:30: the text as written; the schema says what it means
        try:
            value = _scalar_builder.yaml_constructors[node.tag](_scalar_builder, node)
        except (ValueError, OverflowError, yaml.constructor.ConstructorError):
            return str(node.value)  # e.g. 2024-02-30: the schema says what is wrong with it
        if isinstance(value, dt.datetime):
            return value.date()
        return value

