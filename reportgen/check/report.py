"""Findings as people and programs read them.

text: one line per finding, `file:line:column: 错误：message [code]`, the form editors and
terminals turn into links (for a .docx, line is the paragraph number), then a count by
level and by kind.
json: one JSON object per line (JSON Lines), with file, line, column, level, code,
message, excerpt and, where there is one safe correction, fix; for editors and scripts.
"""

from __future__ import annotations

import json
from collections import Counter

from reportgen.check.finding import Finding
from reportgen.check.length import sections
from reportgen.check.levels import LEVELS
from reportgen.check.readers import Text
from reportgen.check.rules import CODES


def as_text(findings: list[Finding]) -> str:
    return "".join(f"{f.file}:{f.line}:{f.column}: {f.level}：{f.message} [{f.code}]\n"
                   for f in findings)


def summary(findings: list[Finding], files: int, ignored: int = 0) -> str:
    quiet = f"（另有 {ignored} 处已按忽略设置略去）" if ignored else ""
    if not findings:
        return f"检查了 {files} 个文件，未发现问题{quiet}。\n"
    levels = Counter(f.level for f in findings)
    by_level = "，".join(f"{level} {levels[level]}" for level in LEVELS)
    counts = Counter(f.code for f in findings)
    kinds = "，".join(f"{CODES.get(code, code)} {n}" for code, n in counts.most_common())
    return f"检查了 {files} 个文件，发现 {len(findings)} 处问题（{by_level}）{quiet}：{kinds}。\n"


def as_json(findings: list[Finding]) -> str:
    return "".join(json.dumps(f.as_dict(), ensure_ascii=False) + "\n" for f in findings)


def lengths(text: Text, limit: int) -> str:
    """字数 per section and in total, for --max-chars."""
    parts = sections(text.lines)
    total = sum(p.chars for p in parts)
    shown = "；".join(f"{p.name} {p.chars}字" for p in parts)
    return f"{text.name} 字数：{shown}；全文 {total}字（上限 {limit}字）\n"
