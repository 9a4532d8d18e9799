"""`check DIR`: the reports in a folder, recursively, in a stable order.

A folder gives its .md, .txt and .docx files, but not what check itself writes
(`*.fixed.*`, `*.annotated.docx`), its ignore file, Word's lock files (~$…) or hidden
files: those are never reports to proofread. A file named on the command line is
always read, whatever its name.
"""

from __future__ import annotations

from pathlib import Path

from reportgen.check.ignore import FILE_NAME
from reportgen.check.readers import SUFFIXES

OUTPUT_MARKS = (".fixed", ".annotated")  # the stems check --fix / --annotate give their copies


def expand(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        found = [p for p in path.rglob("*") if p.is_file() and _is_report(p, path)]
        out += sorted(found, key=lambda p: p.relative_to(path).parts)
    return out


def _is_report(path: Path, root: Path) -> bool:
    if path.suffix.lower() not in SUFFIXES or path.name == FILE_NAME:
        return False
    if any(part.startswith((".", "~$")) for part in path.relative_to(root).parts):
        return False
    return not path.stem.endswith(OUTPUT_MARKS)
