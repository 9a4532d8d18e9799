"""What templates call: enumerations, clauses, placeholders, and how values are printed.

Every value a template prints passes through finalize(), which wraps it in the invisible
markers of marks.py: the value stays data (it can never become markup) and carries its
fact path into the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from markupsafe import Markup

from reportgen.derive import cn_number
from reportgen.marks import CLOSE, GAP, mark, plain
from reportgen.values import Count

_ORDINAL_STYLES: dict[str, Callable[[int, int], str]] = {
    "是": lambda i, n: f"{cn_number(i)}是",
    "要": lambda i, n: f"{cn_number(i)}要",
    "序": lambda i, n: ("最后，" if i == n and n >= 4 else
                        ("首先，", "其次，", "再次，", "同时，", "此外，")[i - 1] if i <= 5 else
                        f"第{cn_number(i)}，"),
}
_TRAILING_PUNCTUATION = frozenset("。；;，,、 \t\r\n\u3000")


def enumerate_items(caller: Callable[[], str], style: str = "是", end: str = "。") -> Markup:
    """Join the non-empty lines of a call block as 一是……；二是……。

    One item is written without an ordinal. Items that hold full stops of their own are
    joined with 。 instead of ；.
    """
    if style not in _ORDINAL_STYLES:
        raise ValueError(f"enumerate style must be one of {sorted(_ORDINAL_STYLES)}")
    items = _lines(caller)
    if not items:
        return Markup("")
    if len(items) == 1:
        return Markup(items[0] + end + "\n")
    sep = "。" if any("。" in plain(item) for item in items) else "；"
    ordinal = _ORDINAL_STYLES[style]
    joined = sep.join(ordinal(i, len(items)) + item for i, item in enumerate(items, 1))
    return Markup(joined + end + "\n")


def join_clauses(caller: Callable[[], str], sep: str = "，") -> Markup:
    """Join the non-empty lines of a call block into one clause: a，b，c."""
    items = _lines(caller)
    return Markup(sep.join(items) + "\n") if items else Markup("")


def _lines(caller: Callable[[], str]) -> list[str]:
    """The non-empty lines of a call block, without their trailing punctuation."""
    items = [_strip_end(line.strip()) for line in str(caller()).splitlines()]
    return [item for item in items if plain(item).strip()]


def _strip_end(text: str) -> str:
    """Trailing punctuation goes, even when it sits just inside a value's closing marker:
    "…。" + CLOSE becomes "…" + CLOSE."""
    end = len(text)
    closes = 0
    while end and (text[end - 1] in _TRAILING_PUNCTUATION or text[end - 1] == CLOSE):
        closes += text[end - 1] == CLOSE
        end -= 1
    return text[:end] + CLOSE * closes if end < len(text) else text


def finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return Markup(mark(value))


def join(items: Iterable[Any], sep: str = "、") -> Markup:
    return Markup(sep).join(finalize(item) for item in items)


def gap(label: str) -> Markup:
    """A placeholder a person must fill in: shown as 【label】, highlighted in .docx."""
    return Markup(mark(_Gap(f"【{label}】")))


class _Gap(str):
    source = GAP


def is_zero(value: Any) -> bool:
    return isinstance(value, Count) and value.value == 0
