"""The problem library: the codes a facts file may list under `problems`, each with a short
title, the words that tie a free-written problem to it, its problem sentences and the
matching measure sentences.

All of it is data, in templates/_shared/problems.yaml; a user's library (--templates DIR)
overrides the built-in one code by code and field by field, and may add codes of its own,
which the facts validator, `schema`, `init` and spreadsheets then accept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import Problem, TemplateError
from reportgen.phrasebook import KEY_NAME, Phrase, Variant, read, variants_from

GENERIC = "generic"  # the measures for a problem that fits no code; not a code facts may use
# The sentences a code may carry: its problem, the cause behind it, the problem as a leader's own
# shortcoming (述职报告), the measure, and the measure as a leader's own commitment.
PARTS = ("problem", "cause", "own", "measure", "own_measure")
_FIELDS = ("title", "keywords", "specifics", *PARTS)
FILE = "problems.yaml"
# A part a code does not give falls back to another: a 述职报告 can still say the problem.
FALLBACK = {"own": "problem", "own_measure": "measure"}
# Parts written to match another: a user's own problem sentences make the built-in causes and own
# shortcomings wrong, and a user's own measures the built-in own measures.
_TIED = {"problem": ("cause", "own"), "measure": ("own_measure",)}


@dataclass(frozen=True)
class ProblemCode:
    code: str
    label: str
    keywords: tuple[str, ...] = ()
    parts: dict[str, Phrase] | None = None  # by PARTS name; a GENERIC entry has measures only
    specifics: tuple[str, ...] = ()  # things its problem sentences call lacking (短视频, 品牌)

    @property
    def problems(self) -> Phrase | None:
        return (self.parts or {}).get("problem")

    @property
    def measures(self) -> Phrase | None:
        return (self.parts or {}).get("measure")

    def part(self, name: str) -> Phrase | None:
        """A part's sentences, or those of the part it falls back to; None if neither."""
        parts = self.parts or {}
        return parts.get(name) or parts.get(FALLBACK.get(name, ""))


@dataclass(frozen=True)
class Library:
    entries: dict[str, ProblemCode]  # in file order, built-in first

    @cached_property
    def codes(self) -> dict[str, ProblemCode]:
        """The codes a facts file may use: those with problem sentences."""
        return {c: e for c, e in self.entries.items() if e.problems is not None}

    @property
    def generic(self) -> ProblemCode | None:
        return self.entries.get(GENERIC)

    def closest(self, code: str, sentence: str, exclude: set[int]) -> int | None:
        """The wording of code whose problem sentence shares most with a free-written one (its
        measure answers that story), leaving out the wordings in exclude; None if none shares
        anything."""
        phrase = self.entries[code].problems
        if phrase is None:
            return None
        weights, idle = self._pair_weights
        words = _bigrams(sentence) - idle
        scores = {k: sum(weights[pair] for pair in words & _bigrams(v.text))
                  for k, v in enumerate(phrase.variants) if k not in exclude}
        if not scores or max(scores.values()) == 0:
            return None
        return max(scores, key=lambda k: (scores[k], -k))

    @cached_property
    def _pair_weights(self) -> tuple[dict[str, float], set[str]]:
        """Per pair of characters, one over the number of problem sentences that hold it (a pair
        found in many says little); and the pairs of the generic entry's keywords (部分, 个别),
        which say nothing."""
        counts: dict[str, int] = {}
        for entry in self.codes.values():
            for variant in entry.problems.variants if entry.problems else ():
                for pair in _bigrams(variant.text):
                    counts[pair] = counts.get(pair, 0) + 1
        idle = {pair for word in (self.generic.keywords if self.generic else ()) for pair in _bigrams(word)}
        return {pair: 1 / n for pair, n in counts.items()}, idle

    def denies(self, code: str, index: int, said: str) -> bool:
        """Whether the index-th problem sentence of code (or its own-voice twin) calls lacking a
        thing the facts' own words show done: 短视频用得少 beside a highlight on a short video."""
        words = self._lacking.get((code, index))
        if words is None:  # worked out once per sentence: a batch asks for it in every draft
            entry = self.entries[code]
            texts = [phrase.variants[index].text for phrase in (entry.problems, entry.part("own"))
                     if phrase is not None and index < len(phrase.variants)]
            words = self._lacking[code, index] = tuple(
                word for word in entry.specifics if any(word in text for text in texts))
        return any(word in said for word in words)

    @cached_property
    def _lacking(self) -> dict[tuple[str, int], tuple[str, ...]]:
        """The specifics each problem sentence (and its own-voice twin) names, by (code, index)."""
        return {}

    def classify(self, sentence: str) -> str | None:
        """The code a free-written problem most likely belongs to, or None."""
        best, best_score = None, 0
        for entry in self.codes.values():
            score = sum(len(word) for word in entry.keywords if word in sentence)
            if score > best_score:
                best, best_score = entry.code, score
        return best


_NOT_WORDS = re.compile(r"\{[a-z_]+\}|[^\u4e00-\u9fff]")


@lru_cache(maxsize=4096)  # the library's sentences come up again for every unit of a batch
def _bigrams(text: str) -> frozenset[str]:
    """Pairs of neighbouring Chinese characters: how two sentences on one matter overlap."""
    flat = _NOT_WORDS.sub("|", text)
    return frozenset(flat[i:i + 2] for i in range(len(flat) - 1) if "|" not in flat[i:i + 2])


def read_file(path: Path, display: str) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """One library file: per code, the fields it gives; and every problem in it."""
    data, loaded = read(path, display)
    out: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []

    def at(key: tuple[str | int, ...], message: str) -> None:
        mark = loaded.key_marks.get(key) or loaded.mark(key)
        problems.append(Problem(message, file=display, line=mark.line if mark else None,
                                field=".".join(str(k) for k in key)))

    for code, entry in data.items():
        if not KEY_NAME.fullmatch(code) or "." in code or "-" in code:
            at((code,), "问题代码只能用小写英文字母、数字和下划线，如 study_depth")
            continue
        if not isinstance(entry, dict):
            at((code,), "应为一组“名称: 值”：title、keywords、problem、measure")
            continue
        fields: dict[str, Any] = {}
        for name, value in entry.items():
            here = (code, name)
            if name not in _FIELDS:
                from reportgen.kinds import did_you_mean

                at(here, f"未知的项“{name}”{did_you_mean(name, list(_FIELDS))}；可用：{'、'.join(_FIELDS)}")
            elif name == "title":
                if isinstance(value, str) and value.strip():
                    fields[name] = value.strip()
                else:
                    at(here, "应为一段文字：问题的简称")
            elif name in ("keywords", "specifics"):
                if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
                    fields[name] = tuple(v.strip() for v in value)
                else:
                    at(here, "应为词语的列表，如 [学习, 理论]")
            else:
                def line_of(index: int | None, here: tuple[str, str] = here) -> int | None:
                    mark = loaded.marks.get((*here, index)) if index is not None else None
                    mark = mark or loaded.key_marks.get(here) or loaded.mark(here)
                    return mark.line if mark else None

                variants, found = variants_from(value, f"{code}.{name}", display, line_of)
                found += _unknown_blanks(variants, f"{code}.{name}")
                if name in ("measure", "own_measure"):
                    for v in variants:
                        title, _, body = v.text.partition("。")
                        if not title or not body.strip():
                            found.append(Problem("措施的写法是“小标题。正文”：第一个句号之前是小标题，之后是正文",
                                                 file=display, line=v.line, field=f"{code}.{name}"))
                problems += found
                if variants and not found:
                    first = line_of(None) or 1
                    fields[name] = Phrase(f"{code}.{name}", tuple(variants), display, first)
        out[code] = fields
    return out, problems


def _unknown_blanks(variants: list[Variant], field: str) -> list[Problem]:
    """Library sentences are printed with the blanks every phrase may use, and no others."""
    from reportgen.say import COMMON

    message = "问题库的句子只能用每句都能用的空位（见 _shared/phrases.yaml 开头）"
    return [Problem(f"未知的空位 {{{blank}}}：{message}", file=v.file, line=v.line, field=field)
            for v in variants for blank in v.blanks if blank not in COMMON]


def merge(files: list[tuple[dict[str, dict[str, Any]], str]], problems: list[Problem]) -> Library:
    """Codes from several files, later ones overriding earlier ones field by field.

    The parts of a code are one story, matched by variant number. A file that gives a code's
    problem sentences drops the causes and own shortcomings an earlier file wrote for other
    sentences, unless it gives them too; one that gives measures drops the earlier own measures
    (own then falls back to problem, own_measure to measure)."""
    fields: dict[str, dict[str, Any]] = {}
    where: dict[str, str] = {}
    for entries, name in files:
        for code, given in entries.items():
            had = fields.setdefault(code, {})
            for part, tied in _TIED.items():
                if part in given:
                    for other in tied:
                        had.pop(other, None)
            had.update(given)
            where.setdefault(code, name)
    out: dict[str, ProblemCode] = {}
    for code, f in fields.items():
        if "title" not in f:
            problems.append(Problem("缺少 title（问题的简称）", file=where[code], field=code))
            continue
        if "measure" not in f:
            problems.append(Problem("缺少 measure（对应的整改措施）", file=where[code], field=code))
            continue
        if code != GENERIC and "problem" not in f:
            problems.append(Problem("缺少 problem（问题的说法）", file=where[code], field=code))
            continue
        parts = {name: f[name] for name in PARTS if name in f}
        unmatched = _unmatched(parts)
        if unmatched:
            problems.append(unmatched)
            continue
        out[code] = ProblemCode(code, f["title"], f.get("keywords", ()), parts, f.get("specifics", ()))
    return Library(out)


def _unmatched(parts: dict[str, Phrase]) -> Problem | None:
    """The k-th problem, cause, own shortcoming and measures of a code are written as one story:
    each part needs as many variants as the first."""
    counts = {name: len(phrase.variants) for name, phrase in parts.items()}
    first = next(iter(counts))
    for name, n in counts.items():
        if n != counts[first]:
            phrase = parts[name]
            return Problem(f"{name} 有{n}种说法，{first} 有{counts[first]}种：第几种问题配第几种原因和措施，"
                           "同一代码各项的说法要一样多", file=phrase.file, line=phrase.line, field=phrase.key)
    return None


@cache
def builtin() -> Library:
    """The library shipped with reportgen (templates/_shared/problems.yaml)."""
    from reportgen.wording import SHARED, builtin_templates_dir

    path = builtin_templates_dir() / SHARED / FILE
    entries, problems = read_file(path, str(path))
    library = merge([(entries, str(path))], problems)
    if problems:
        raise TemplateError(problems)
    return library


def with_codes(library: Library, codes: dict[str, ProblemCode]) -> Library:
    return replace(library, entries={**library.entries, **codes})
