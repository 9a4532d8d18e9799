"""Traditional-character drafts (--script hant, hant-tw, hant-hk) through OpenCC.

Only character forms change (OpenCC s2t / s2tw / s2hk), never words: the phrase
configurations (s2twp) would turn 信息 into 資訊 and 网络 into 網路, rewording a
unit's report. Conversion runs on the rendered Document, after numbering and before
writing, and keeps every span on the value it marks, so the trace stays true.

The OpenCC used is opencc-python-reimplemented (pure Python, the `hant` extra): for a
3,000-character report it takes about as long as the C++ `opencc` wheel (≈40 ms, most
of it loading the dictionaries; see bench/opencc_choice.py) and installs everywhere.
Either package provides `import opencc`; whichever is installed is used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import cache
from itertools import pairwise
from typing import TYPE_CHECKING

from reportgen.errors import ReportgenError
from reportgen.marks import Span

if TYPE_CHECKING:  # the CLI reads SCRIPTS at start-up: keep this module light
    from reportgen.document import Document, Heading, Paragraph

SCRIPTS = {"hans": "", "hant": "s2t", "hant-tw": "s2tw", "hant-hk": "s2hk"}
Convert = Callable[[str], str]


@cache  # loading OpenCC's dictionaries is most of the cost; a batch loads them once
def converter(script: str) -> Convert:
    """The OpenCC conversion for a script code; ReportgenError if OpenCC is missing."""
    config = SCRIPTS[script]
    try:
        import opencc  # type: ignore[import-untyped]  # loaded only for traditional output
    except ImportError:
        raise ReportgenError("输出繁体需要 OpenCC：在源码目录中执行 pip install '.[hant]'，"
                             "或从软件包索引安装 pip install 'reportgen-zh[hant]'") from None
    return opencc.OpenCC(config).convert  # type: ignore[no-any-return]


def convert_document(doc: Document, script: str) -> Document:
    if not SCRIPTS[script]:
        return doc
    convert = converter(script)
    title, title_spans, title_phrases = _both(doc.title, doc.title_spans, doc.title_phrases, convert)
    blocks = [_block(block, convert) for block in doc.blocks]
    official = doc.official.converted(convert) if doc.official is not None else None
    return replace(doc, title=title, title_spans=title_spans, title_phrases=title_phrases,
                   blocks=blocks, author=convert(doc.author), date=convert(doc.date), official=official)


def _both(text: str, spans: list[Span], phrases: list[Span],
          convert: Convert) -> tuple[str, list[Span], list[Span]]:
    """Convert text keeping both its value spans and its phrase spans on what they mark."""
    converted, moved = convert_spans(text, spans + phrases, convert)
    return converted, moved[:len(spans)], moved[len(spans):]


def _block(block: Heading | Paragraph, convert: Convert) -> Heading | Paragraph:
    from reportgen.document import Heading

    text, spans, phrases = _both(block.text, block.spans, block.phrases, convert)
    if isinstance(block, Heading):
        return replace(block, text=text, spans=spans, phrases=phrases, number=convert(block.number))
    lead = _block(block.lead, convert) if block.lead is not None else None
    assert lead is None or isinstance(lead, Heading)
    return replace(block, text=text, spans=spans, phrases=phrases, lead=lead)


def convert_spans(text: str, spans: list[Span], convert: Convert) -> tuple[str, list[Span]]:
    """Convert text, keeping each span on its value.

    Converting the whole text keeps phrases intact; when that changes no length and
    every span converts to what now stands in its place, the spans stand as they are.
    Otherwise each piece between span edges is converted on its own and the spans are
    moved to the new edges.
    """
    whole = convert(text)
    same = len(whole) == len(text)
    if same and all(whole[s.start:s.end] == convert(text[s.start:s.end]) for s in spans):
        return whole, list(spans)
    edges = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    moved = {0: 0}
    pieces = []
    for a, b in pairwise(edges):
        pieces.append(convert(text[a:b]))
        moved[b] = moved[a] + len(pieces[-1])
    return "".join(pieces), [replace(s, start=moved[s.start], end=moved[s.end]) for s in spans]
