"""Paired marks that do not pair: “ without ”, 《 without 》, （ without ）."""

from __future__ import annotations

from collections.abc import Iterator

from reportgen.check.finding import Finding
from reportgen.check.readers import Line

_PAIRS = {"”": "“", "’": "‘", "》": "《", "）": "（",
          "】": "【", "〕": "〔", "」": "「", "』": "『"}
_OPENERS = {v: k for k, v in _PAIRS.items()}
_NAMES = {"“": "引号", "‘": "单引号", "《": "书名号", "（": "括号", "【": "方头括号",
          "〔": "六角括号", "「": "直角引号", "『": "双直角引号"}


def _name(mark: str) -> str:
    """左引号「“」, 右书名号「》」: marks shown without quoting them in quotes."""
    if mark in _OPENERS:
        return f"左{_NAMES[mark]}「{mark}」"
    return f"右{_NAMES[_PAIRS[mark]]}「{mark}」"


def _unclosed(line: Line, opener: str, at: int) -> Finding:
    message = f"{_name(opener)}没有对应的{_name(_OPENERS[opener])}"
    return Finding(line.no, at + 1, "unbalanced", message, opener)


def unbalanced(line: Line) -> Iterator[Finding]:
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(line.text):
        if ch in _OPENERS:
            stack.append((ch, i))
        elif ch in _PAIRS:
            opener = _PAIRS[ch]
            if any(mark == opener for mark, _ in stack):
                while stack[-1][0] != opener:  # the marks between were never closed
                    yield _unclosed(line, *stack.pop())
                stack.pop()
            else:
                message = f"{_name(ch)}前面没有对应的{_name(opener)}"
                yield Finding(line.no, i + 1, "unbalanced", message, ch)
    for opener, at in stack:
        yield _unclosed(line, opener, at)
