"""Findings as people and programs read them.

text: one line per finding, `file:line:column: message [code]`, the form editors and
terminals turn into links (for a .docx, line is the paragraph number), then a count.
json: one JSON object per line (JSON Lines), with file, line, column, code, message
and excerpt, for editors and scripts.
"""

from __future__ import annotations

import json
from collections import Counter

from reportgen.check.finding import Finding
from reportgen.check.length import sections
from reportgen.check.readers import Text
from reportgen.check.rules import CODES


def as_text(findings: list[Finding]) -> str:
    return "".join(f"{f.file}:{f.line}:{f.column}: {f.message} [{f.code}]\n" for f in findings)


def summary(findings: list[Finding], files: int) -> str:
    if not findings:
        return f"检查了 {files} 个文件，未发现问题。\n"
    counts = Counter(f.code for f in findings)
    kinds = "，".join(f"{CODES.get(code, code)} {n}" for code, n in counts.most_common())
    return f"检查了 {files} 个文件，发现 {len(findings)} 处问题：{kinds}。\n"


def as_json(findings: list[Finding]) -> str:
    return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in findings)


def lengths(text: Text, limit: int) -> str:
    """字数 per section and in total, for --max-chars."""
    parts = sections(text.lines)
    total = sum(p.chars for p in parts)
    shown = "；".join(f"{p.name} {p.chars}字" for p in parts)
    return f"{text.name} 字数：{shown}；全文 {total}字（上限 {limit}字）\n"
