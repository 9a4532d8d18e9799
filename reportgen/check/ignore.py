"""Findings a clerk has judged and wants quiet: `--ignore CODE` and reportgen-ignore.txt.

The ignore file sits beside the checked files (in the same folder) and holds one rule a
line; `#` starts a comment:

    confusable                  # a whole kind, by its code …
    易混词语                     # … or by the name the summary line gives it
    提示                         # a whole level: 错误, 疑似, 提示 (or error, warning, info)
    typo 按排                    # only findings of that kind whose text is 按排
    heading-style @总结.docx     # only in that file
    placeholder X @总结.docx:12  # only at that line of that file

A rule is a code, a kind's name or a level; then, optionally, the text found (as the
`excerpt` of --format json, without spaces) and one or more places `@file` or
`@file:line`. A rule that names no code, level or kind is reported with its line (exit 2).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportgen.check import levels
from reportgen.check.finding import Finding
from reportgen.check.rules import CODES
from reportgen.errors import Problem, ReportgenError

FILE_NAME = "reportgen-ignore.txt"


@dataclass(frozen=True)
class Rule:
    what: str  # a code or a level
    excerpt: str | None = None
    places: tuple[tuple[str, int | None], ...] = ()  # (file name, line or None)

    def matches(self, finding: Finding, name: str) -> bool:
        if self.what not in (finding.code, finding.level):
            return False
        if self.excerpt is not None and finding.excerpt.replace(" ", "") != self.excerpt:
            return False
        return not self.places or any(
            file == name and (line is None or line == finding.line) for file, line in self.places)


def _what(word: str) -> str | None:
    """A code, a kind's Chinese name or a level → the code or level it means."""
    if word in CODES:
        return word
    by_name = {name: code for code, name in CODES.items()}
    if word in by_name:
        return by_name[word]
    try:
        return levels.parse(word)
    except ValueError:
        return None


def _unknown(word: str) -> str:
    words = [*CODES, *CODES.values(), *levels.LEVELS, *levels.ALIASES]
    close = difflib.get_close_matches(word, words, n=1)
    hint = (f"（是否想写 {close[0]}？）" if close
            else "：应为问题代码（如 typo）、问题名称（如 错别字）或级别（错误、疑似、提示）")
    return f"不认识“{word}”{hint}"


def from_options(words: Iterable[str]) -> list[Rule]:
    """--ignore CODE (repeatable)."""
    rules, problems = [], []
    for word in words:
        what = _what(word.strip())
        if what is None:
            problems.append(Problem(f"--ignore {_unknown(word)}"))
        else:
            rules.append(Rule(what))
    if problems:
        raise ReportgenError(problems)
    return rules


def parse(text: str, name: str) -> list[Rule]:
    rules, problems = [], []
    for no, raw in enumerate(text.split("\n"), 1):
        line = raw.split("#", 1)[0]
        words = line.split()
        if not words:
            continue
        column = raw.index(words[0]) + 1
        what = _what(words[0])
        if what is None:
            problems.append(Problem(_unknown(words[0]), file=name, line=no, column=column))
            continue
        texts = [w for w in words[1:] if not w.startswith("@")]
        places = []
        for word in (w for w in words[1:] if w.startswith("@")):
            file, _, at = word[1:].rpartition(":") if ":" in word else (word[1:], "", "")
            if not file or (at and not at.isdigit()):
                message = f"位置“{word}”应写作 @文件名 或 @文件名:行号"
                problems.append(Problem(message, file=name, line=no, column=raw.index(word) + 1))
                continue
            places.append((file, int(at) if at else None))
        if len(texts) > 1:
            message = "一条只能写一处原文（原文中不能有空格）；多处请分行写"
            problems.append(Problem(message, file=name, line=no, column=raw.index(texts[1]) + 1))
            continue
        rules.append(Rule(what, texts[0] if texts else None, tuple(places)))
    if problems:
        raise ReportgenError(problems)
    return rules


def beside(path: Path) -> list[Rule]:
    """The rules of the ignore file in path's folder, if there is one."""
    from reportgen.loading import read_text

    candidate = path.parent / FILE_NAME
    if not candidate.is_file():
        return []
    try:
        text = read_text(candidate, str(candidate))
    except ReportgenError as exc:
        raise ReportgenError(exc.problems) from None
    return parse(text, str(candidate))


def split(findings: list[Finding], rules: list[Rule], name: str) -> tuple[list[Finding], int]:
    """(the findings no rule covers, how many were covered); name is the file's own name."""
    if not rules:
        return findings, 0
    kept = [f for f in findings if not any(rule.matches(f, name) for rule in rules)]
    return kept, len(findings) - len(kept)
