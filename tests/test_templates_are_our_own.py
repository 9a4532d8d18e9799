"""Template wording is written fresh: no run of 30 characters repeats a seed report."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT

RUN = 30


def _norm(text: str) -> str:
    return re.sub(r"[\s\u3000]", "", text)


def test_no_template_repeats_a_seed(shared: Path) -> None:
    seeds = _norm("".join(p.read_text(encoding="utf-8", errors="ignore") for p in (shared / "seeds").glob("*.txt")))
    runs = {seeds[i:i + RUN] for i in range(len(seeds) - RUN + 1)}
    hits = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if path.is_file():
            text = _norm(path.read_text(encoding="utf-8"))
            hits += [f"{path.name}: {text[i:i + RUN]}" for i in range(len(text) - RUN + 1) if text[i:i + RUN] in runs]
    assert hits == []
