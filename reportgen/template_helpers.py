"""What templates call: enumerations, clauses, placeholders, and how values are printed.

Every value a template prints passes through finalize(), which wraps it in the invisible
markers of marks.py: the value stays data (it can never become markup) and carries its
fact path into the document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from jinja2 import pass_environment
from markupsafe import Markup

from reportgen.derive import cn_number
from reportgen.marks import CLOSE, GAP, as_markup, mark, plain
from reportgen.values import Count

if TYPE_CHECKING:
    from jinja2 import Environment

    from reportgen.terms import Ordinal

_TRAILING_PUNCTUATION = frozenset("。；;，,、 \t\r\n\u3000")
LAST_FROM = 4  # a list of at least this many items may close with its style's `last` word


def ordinal(style: Ordinal, i: int, n: int) -> str:
    """The i-th of n ordinals of a style: 一是, 首先, 最后, 第六."""
    if style.last and i == n and n >= LAST_FROM:
        return style.last
    if i <= len(style.words):
        return style.words[i - 1]
    return style.each.fill(n=cn_number(i))


@pass_environment
def enumerate_items(env: Environment, caller: Callable[[], str], style: str = "是",
                    end: str = "。") -> Markup:
    """Join the non-empty lines of a call block as 一是……；二是……。

    One item is written without an ordinal. Items that hold full stops of their own are
    joined with 。 instead of ；. The ordinal styles are the word lists' (terms.yaml).
    """
    styles = env.wording.terms.ordinals  # type: ignore[attr-defined]
    if style not in styles:
        raise ValueError(f"enumerate style must be one of {sorted(styles)}")
    items = _lines(caller)
    if not items:
        return Markup("")
    if len(items) == 1:
        return as_markup(items[0] + end + "\n")
    sep = "。" if any("。" in item and "。" in plain(item) for item in items) else "；"
    joined = sep.join(ordinal(styles[style], i, len(items)) + item for i, item in enumerate(items, 1))
    return as_markup(joined + end + "\n")


def join_clauses(caller: Callable[[], str], sep: str = "，") -> Markup:
    """Join the non-empty lines of a call block into one clause: a，b，c."""
    items = _lines(caller)
    return as_markup(sep.join(items) + "\n") if items else Markup("")


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


def finalize(value: Any) -> Markup:
    """Every value a template prints, as markup: marked data, or markup as it came (a macro's
    output, a phrase). It never returns anything else: the sandbox relies on it."""
    if isinstance(value, Markup):
        return value
    return as_markup(mark(value))


def join(items: Iterable[Any], sep: str = "、") -> Markup:
    return Markup(sep).join(finalize(item) for item in items)


def gap(label: str) -> Markup:
    """A placeholder a person must fill in: shown as 【label】, highlighted in .docx."""
    return Markup(mark(_Gap(f"【{label}】")))


class _Gap(str):
    source = GAP


def is_zero(value: Any) -> bool:
    return isinstance(value, Count) and value.value == 0
