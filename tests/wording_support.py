"""Helpers the wording tests of the summary and the implementation report share: reading a
draft the way a reviewer does (its parts, its sections, the sentences in it) and the phrase
keys the trace gives each sentence."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from reportgen.document import Document, Heading, Paragraph
from reportgen.loading import load_yaml_text
from reportgen.marks import PHRASE
from reportgen.pipeline import draft_facts
from reportgen.templating import make_environment
from reportgen.validate import validate

from conftest import ROOT

HELDOUT = ROOT / "tests" / "heldout"
ENV = make_environment()


def draft_yaml(text: str) -> Document:
    """The draft of a facts file given as text, with the built-in templates."""
    return draft_facts(validate(load_yaml_text(text, "test.yaml")), ENV).document


def facts_files(report_type: str) -> list[Path]:
    """The samples and the held-out facts of one report type."""
    files = sorted((ROOT / "samples").glob("*.yaml")) + sorted(HELDOUT.glob("*.yaml"))
    return [f for f in files if yaml.safe_load(f.read_text("utf-8"))["type"] == report_type]


def body(doc: Document) -> list[str]:
    return [b.printed for b in doc.blocks if isinstance(b, Paragraph) and b.role == "body"]


def role(doc: Document, name: str) -> list[str]:
    return [b.printed for b in doc.blocks if isinstance(b, Paragraph) and b.role == name]


def parts(doc: Document) -> dict[str, list[Paragraph]]:
    """The paragraphs under each level-1 heading, by the heading's text; "" for those before
    the first heading (the opening)."""
    out: dict[str, list[Paragraph]] = {"": []}
    current = ""
    for b in doc.blocks:
        if isinstance(b, Heading) and b.level == 1:
            current = b.text
            out[current] = []
        elif isinstance(b, Paragraph) and b.role == "body":
            out[current].append(b)
    return out


def problems_part(doc: Document) -> list[Paragraph]:
    """The paragraphs of 存在的问题 (its heading starts with 存在 or 问题); none when absent."""
    found = [v for k, v in parts(doc).items() if k.startswith(("存在", "问题", "工作中存在"))]
    return found[0] if found else []


def plan_part(doc: Document) -> list[Paragraph]:
    """The paragraphs of the last part, 下一步……: its lead-in, then the measures."""
    return list(parts(doc).values())[-1]


def sections(doc: Document) -> list[Paragraph]:
    """The numbered run-in sections of the main-work part: （一）……（二）……"""
    first = next(k for k in parts(doc) if k)
    return [p for p in parts(doc)[first] if p.lead is not None]


def keys(paragraph: Paragraph | Heading) -> list[str]:
    """The phrase keys the trace gives the sentences of a paragraph (or heading), in order."""
    spans = paragraph.full_phrases()
    return [s.source[len(PHRASE):].rsplit("#", 1)[0] for s in spans]


def heading_keys(paragraph: Paragraph) -> list[str]:
    assert paragraph.lead is not None
    return keys(paragraph.lead)


SENTENCE_END = re.compile(r"[。；：！？，]")


def repeated_clauses(text: str, least: int = 12) -> set[str]:
    """Clauses (between punctuation marks) of `least` characters or more that occur twice."""
    clauses = [c for c in SENTENCE_END.split(text) if len(c) >= least]
    return {c for c in clauses if clauses.count(c) > 1}
