"""Any report file → numbered lines of text the rules can read.

.txt and .md are read line by line (a line is a paragraph in most reports), in UTF-8,
UTF-8 with BOM, UTF-16 or GBK. Markdown markup is blanked out with spaces rather than
removed, so every column a rule reports is the column in the file. A .docx gives one
line per paragraph of the document body, numbered from 1, with Word's automatic
numbering (一、, （一）, 1.) put back in front where the paragraph uses it.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import ziplimits
from reportgen.errors import FactsError, Problem, ReportgenError
from reportgen.inputfiles import read_bounded
from reportgen.loading import MAX_BYTES, decode

SUFFIXES = (".md", ".txt", ".docx")
DOCX = "Word 文档"
_UNREADABLE = "无法读取 Word 文档：文件已损坏，或不是 .docx 格式（.doc 请先另存为 .docx）"
DOCX_LIMITS = ziplimits.Limits(part=16 * ziplimits.MIB, streamed=0, total=64 * ziplimits.MIB)


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number, or paragraph number in a .docx
    text: str
    level: int = 0  # Markdown heading level (1 = the # title); 0 for body text


@dataclass(frozen=True)
class Text:
    name: str  # as the user named the file
    lines: list[Line]


def read(path: Path, name: str | None = None) -> Text:
    """Read a report; raise ReportgenError (exit 2) if it cannot be read."""
    name = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        message = f"不支持的文件类型“{suffix or '无扩展名'}”：可检查 .md、.txt、.docx"
        raise ReportgenError([Problem(message, file=name)])
    raw = _read_bytes(path, name)
    if suffix == ".docx":
        return Text(name, read_docx(raw, name))
    try:
        text = decode(raw, name)
    except FactsError as exc:  # decode speaks of facts files; the problems are the same
        raise ReportgenError(exc.problems) from None
    return from_string(text, name, markdown=suffix == ".md")


def from_string(text: str, name: str = "", markdown: bool = False) -> Text:
    lines = text.lstrip("\ufeff").split("\n")
    if markdown:
        return Text(name, [_markdown_line(i, line) for i, line in enumerate(lines, 1)])
    return Text(name, [Line(i, line) for i, line in enumerate(lines, 1)])


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return read_bounded(path, name, MAX_BYTES)
    except FactsError as exc:  # said of facts files; the problems are the same
        raise ReportgenError(exc.problems) from None


# --- Markdown ----------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})[ \t]+")
_MD_LEAD = re.compile(r"^(?:\\(?=[#:>*+\-\d])|>[ \t]?|[ \t]*[-*+][ \t]+|:::.*$)")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def _blank_markers(match: re.Match[str]) -> str:
    """**bold** → "  bold  ": the markers go, the words stay where they were."""
    marker = " " * len(match.group(1))
    return marker + match.group(2) + marker


def _markdown_line(no: int, line: str) -> Line:
    """Markup becomes spaces of the same length: columns stay those of the file."""
    level = 0
    heading = _MD_HEADING.match(line)
    if heading:
        level = len(heading.group(1))
        line = " " * heading.end() + line[heading.end():]
    else:
        line = _MD_LEAD.sub(_blank, line, count=1)
    line = _MD_STRONG.sub(_blank_markers, line)
    return Line(no, line, level)


# --- .docx ---------------------------------------------------------------------------------


def open_docx(path: Path, name: str) -> Any:
    """The python-docx Document of a .docx: every .docx check reads comes through here, read
    within MAX_BYTES and with each zip part bounded before python-docx inflates it."""
    return document_from_bytes(_read_bytes(path, name), name)


def document_from_bytes(raw: bytes, name: str) -> Any:
    """The Document of a .docx already read: what is checked is what was read and bounded."""
    try:
        import docx  # python-docx is loaded only for .docx files
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a dependency, but say so plainly if missing
        problem = Problem("读取 .docx 需要 python-docx：pip install python-docx", file=name)
        raise ReportgenError([problem]) from None
    from lxml.etree import XMLSyntaxError  # type: ignore[import-untyped]

    ziplimits.check(io.BytesIO(raw), name, DOCX_LIMITS, DOCX, _UNREADABLE)
    try:
        return docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, zipfile.BadZipFile, XMLSyntaxError, KeyError, ValueError,
            OSError, zlib.error):
        raise ReportgenError([Problem(_UNREADABLE, file=name)]) from None


def read_docx(raw: bytes, name: str) -> list[Line]:
    """One line per paragraph, tracked changes accepted, Word's own numbering put back."""
    from reportgen.check.docx_runs import paragraph_text
    from reportgen.check.numbering import WordNumbering

    document = document_from_bytes(raw, name)
    numbering = WordNumbering(document)
    return [Line(i, numbering.label(p) + paragraph_text(p._p))
            for i, p in enumerate(document.paragraphs, 1)]


def read_all(paths: list[Path]) -> list[Text]:
    """Read every file, and every report file in a folder given, reporting every unreadable one at once."""
    texts, problems = [], []
    for path in expand(paths):
        try:
            texts.append(read(path))
        except ReportgenError as exc:
            problems += exc.problems
    if problems:
        raise ReportgenError(problems)
    return texts


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder gives its .md, .txt and .docx files, in its subfolders too, in
    name order (hidden files and Office's ~$ lock files skipped)."""
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found = sorted(
            (p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
             and not any(part.startswith((".", "~$")) for part in p.relative_to(path).parts)),
            key=lambda p: p.relative_to(path).parts,
        )
        if not found:
            raise ReportgenError([Problem("文件夹中没有 .md、.txt 或 .docx 文件", file=str(path))])
        out += found
    return out
