"""How sure a finding is: 错误 (certainly wrong), 疑似 (probably wrong), 提示 (style).

Each finding code has a level here; a lexicon entry carries its own. `--fail-level`
decides which levels make `check` exit 1, and takes the Chinese names or their English
aliases (error, warning, info).
"""

from __future__ import annotations

ERROR, WARNING, INFO = "错误", "疑似", "提示"
LEVELS = (ERROR, WARNING, INFO)  # most certain first
ALIASES = {"error": ERROR, "warning": WARNING, "info": INFO}

LEVEL_OF = {  # the level of every finding code whose rule does not say otherwise
    "placeholder": ERROR,
    "double-punct": ERROR,
    "double-char": WARNING,  # 的的 is a slip nearly always, but 了了 can be meant
    "half-width-punct": ERROR,
    "unbalanced": ERROR,
    "enumeration": WARNING,
    "heading-number": ERROR,
    "web-debris": ERROR,
    "mojibake": ERROR,
    "fact-missing": WARNING,  # a report may leave a count out on purpose
    "number-unknown": WARNING,
    "too-long": INFO,
}


def parse(value: str) -> str:
    """错误/疑似/提示 or error/warning/info → the Chinese name; ValueError otherwise."""
    key = value.strip()
    level = ALIASES.get(key.lower(), key)
    if level not in LEVELS:
        raise ValueError(value)
    return level


def at_least(level: str, threshold: str) -> bool:
    """Is `level` as certain as `threshold` or more? (错误 is at least 疑似.)"""
    return LEVELS.index(level) <= LEVELS.index(threshold)
