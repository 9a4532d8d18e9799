"""The wording in effect for a template search path: phrasebooks, the problem library and
the word lists, built-in and the user's (--templates DIR), put together key by key.

Files (under the built-in templates/ and under a user's folder alike):
    _shared/phrases.yaml   keys every report type may use
    <type>/phrases.yaml    a report type's own keys (summary, duty, …, rollup)
    _shared/problems.yaml  the problem library (problems.py)
    _shared/terms.yaml     the word lists (terms.py)

A phrase is looked up in the report type's phrasebooks, the user's first, then in the shared
ones, the user's first: the more specific file wins, and within a file the user wins. An
exported folder therefore drafts exactly like the built-ins until something in it is edited.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reportgen import phrasebook, problems, terms
from reportgen.errors import FactsError, Problem, TemplateError
from reportgen.phrasebook import Phrase, Variant

SHARED = "_shared"
PHRASES = "phrases.yaml"
TERMS = "terms.yaml"
PROBLEM_SOURCE = "problems:"  # phrase keys of the problem library: problems:study_depth.problem


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("找不到内置模板目录 templates/：安装可能不完整，请重新执行 pip install")


def inside(path: Path, root: Path) -> bool:
    """Whether path, links resolved, stays inside root (links resolved too)."""
    real_root = os.path.realpath(root)
    return os.path.commonpath([real_root, os.path.realpath(path)]) == real_root


@dataclass(frozen=True)
class Found:
    """A phrase and where it comes from, for `templates find` and the trace."""

    phrase: Phrase
    custom: bool  # from the user's folder


class Wording:
    """The effective wording of a built-in folder and, optionally, a user's folder."""

    def __init__(self, user_dir: Path | None = None) -> None:
        self.user_dir = user_dir
        self.builtin_dir = builtin_templates_dir()
        self._groups: dict[str, dict[str, Found]] = {}
        self._terms: terms.Terms | None = None
        self._library: problems.Library | None = None
        self._compiled: dict[tuple[str, str], tuple[Phrase, frozenset[int]]] = {}

    # --- files -------------------------------------------------------------------------------

    def files(self, group: str, name: str) -> list[tuple[Path, str, bool]]:
        """(path, display name, custom) of a wording file, built-in first, existing only."""
        out = []
        builtin = self.builtin_dir / group / name
        if builtin.is_file():
            out.append((builtin, _shown_builtin(group, name), False))
        if self.user_dir is not None:
            mine = self.user_dir / group / name
            if mine.exists() or mine.is_symlink():
                if not mine.is_file() or not inside(mine, self.user_dir):
                    message = "文件是指向模板目录之外的链接，或不是普通文件：为安全起见不读取，请复制文件本身"
                    raise TemplateError([Problem(message, file=str(mine))])
                out.append((mine, str(mine), True))
        return out

    def path_of(self, shown: str) -> Path:
        """The file a phrase was read from: a user's file as named, a built-in one in the package."""
        if shown.endswith(BUILTIN_MARK):
            return self.builtin_dir / shown.removesuffix(BUILTIN_MARK)
        return Path(shown)

    # --- phrases -----------------------------------------------------------------------------

    def group(self, group: str) -> dict[str, Found]:
        """The phrases of one phrasebook group (_shared, summary, …): the user's keys over the
        built-in ones. TemplateError with every problem of the files read."""
        if group not in self._groups:
            merged: dict[str, Found] = {}
            found: list[Problem] = []
            for path, shown, custom in self.files(group, PHRASES):
                phrases, file_problems = _load_phrasebook(path, shown, custom)
                found += file_problems
                merged.update({k: Found(p, custom) for k, p in phrases.items()})
            if found:
                raise TemplateError(found)
            self._groups[group] = merged
        return self._groups[group]

    def lookup(self, report: str, key: str) -> Found | None:
        """The phrase a report type uses for key: its own phrasebooks first, then the shared."""
        if key.startswith(PROBLEM_SOURCE):
            code, _, part = key[len(PROBLEM_SOURCE):].partition(".")
            entry = self.library.entries.get(code)
            phrase = (entry.parts or {}).get(part) if entry else None
            custom = phrase is not None and not phrase.file.endswith(BUILTIN_MARK)
            return Found(phrase, custom) if phrase is not None else None
        return self.group(report).get(key) or self.group(SHARED).get(key)

    def compiled(self, report: str, key: str) -> tuple[Phrase, frozenset[int]] | None:
        """lookup's phrase, and the variants in it where a word may run into a value and form a
        body's name (say.fuses): worked out once, as a draft says some seventy phrases."""
        found = self._compiled.get((report, key))
        if found is None:
            hit = self.lookup(report, key)
            if hit is None:
                return None
            ends = phrasebook.inner_chars(self.terms.bodies)
            risky = frozenset(i for i, v in enumerate(hit.phrase.variants) if v.may_fuse(ends))
            found = self._compiled[report, key] = (hit.phrase, risky)
        return found

    def effective(self, report: str) -> dict[str, Found]:
        """Every key a report type can use, with the phrase it gets."""
        return {**self.group(SHARED), **self.group(report)}

    # --- terms and the problem library -----------------------------------------------------

    @property
    def terms(self) -> terms.Terms:
        if self._terms is None:
            found: list[Problem] = []
            files = []
            for path, shown, _ in self.files(SHARED, TERMS):
                sections, file_problems = _read(terms.read_file, path, shown)
                found += file_problems
                files.append((sections, shown))
            merged = terms.merge(files, found)
            if found or merged is None:
                raise TemplateError(found)
            self._terms = merged
        return self._terms

    @property
    def library(self) -> problems.Library:
        if self._library is None:
            if self.user_dir is None or not self.files(SHARED, problems.FILE)[1:]:
                self._library = problems.builtin()
            else:
                found: list[Problem] = []
                files = []
                for path, shown, _ in self.files(SHARED, problems.FILE):
                    entries, file_problems = _read(problems.read_file, path, shown)
                    found += file_problems
                    files.append((entries, shown))
                library = problems.merge(files, found)
                if found:
                    raise TemplateError(found)
                self._library = library
        return self._library


BUILTIN_MARK = "（内置）"


def _shown_builtin(group: str, name: str) -> str:
    return f"{group}/{name}{BUILTIN_MARK}"


def _read(reader: Any, path: Path, shown: str) -> tuple[Any, list[Problem]]:
    try:
        return reader(path, shown)  # type: ignore[no-any-return]
    except FactsError as exc:
        return {}, list(exc.problems)


@cache
def _builtin_phrasebook(path: Path, shown: str) -> tuple[dict[str, Phrase], tuple[Problem, ...]]:
    phrases, found = phrasebook.load(path, shown)
    return phrases, tuple(found)


def _load_phrasebook(path: Path, shown: str, custom: bool) -> tuple[dict[str, Phrase], list[Problem]]:
    """A phrasebook file; the built-in ones are read once per process."""
    try:
        if not custom:
            phrases, found = _builtin_phrasebook(path, shown)
            return phrases, list(found)
        return phrasebook.load(path, shown)
    except FactsError as exc:
        return {}, list(exc.problems)


@dataclass
class Described:
    """A sentence of a draft as `--trace` and `serve` describe it."""

    key: str
    variant: int  # 1-based
    of: int
    file: str  # the phrasebook to open: the user's file, or the built-in one in the package
    line: int
    builtin: bool
    text: str  # the variant as written, blanks and all
    others: list[str] = field(default_factory=list)  # the other variants' text

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.key, "variant": self.variant, "of": self.of, "file": self.file,
                "line": self.line, "builtin": self.builtin, "text": self.text, "others": self.others}


def describe(wording: Wording, report: str, source: str) -> Described | None:
    """What a phrase span's source ("#p:key#index") refers to, or None."""
    key, index = parse_source(source)
    if key is None:
        return None
    found = wording.lookup(report, key)
    if found is None or not 0 <= index < len(found.phrase.variants):
        return None
    variants = found.phrase.variants
    chosen: Variant = variants[index]
    others = [v.text for i, v in enumerate(variants) if i != index]
    return Described(key, index + 1, len(variants), str(wording.path_of(chosen.file)), chosen.line,
                     not found.custom, chosen.text, others)


PHRASE_MARK = "#p:"


def phrase_source(key: str, index: int) -> str:
    return f"{PHRASE_MARK}{key}#{index}"


def parse_source(source: str) -> tuple[str | None, int]:
    if not source.startswith(PHRASE_MARK):
        return None, -1
    key, _, index = source[len(PHRASE_MARK):].rpartition("#")
    return (key, int(index)) if index.isdigit() else (None, -1)
