"""Drafting jobs in this process or a pool of processes, results streamed back as they come.

Each worker builds its Jinja environment once (compiling in the workers, in parallel, proved
as quick as compiling once in the parent before forking), then drafts and writes every job
it is sent (files are written atomically by the worker, so no report travels back),
returning a small `Outcome`. The pool is fed a few chunks at a time, so a batch of any size
holds only the jobs in flight. Ctrl-C is the parent's: workers ignore it and finish the chunk they are on.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.loading import load_facts
from reportgen.pipeline import draft_facts, fill_defaults, word, write
from reportgen.problems import Library
from reportgen.reporttypes import TYPES
from reportgen.rollup import Contribution, contribution
from reportgen.sheets import RawRow
from reportgen.templating import make_environment
from reportgen.validate import Facts, validate

MAX_CHUNK = 32  # jobs sent to a worker at once: few enough that Ctrl-C waits for little

Key = tuple[str, str, str]  # (unit name, type code, period code)


@dataclass
class Outcome:
    """One job's result: the small row the summary table shows."""

    index: int
    source: str  # "facts/双胜镇.yaml" or "units.csv 第3行"
    unit: str = ""
    period: str = ""
    report: str = ""  # the report type's Chinese name
    paths: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    contribution: Contribution | None = None  # handed to the roll-up, then dropped

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Unit:
    """Where one unit's facts are: a YAML file, or a spreadsheet row already read."""

    source: str
    path: Path | None = None
    row: RawRow | None = None

    def facts(self, defaults: dict[str, Any], library: Library | None = None) -> Facts:
        """Loaded and validated; defaults fill what the facts do not say."""
        if self.row is not None:
            row = self.row.row()  # built here, in the worker: the parent only reads cells
            fill_defaults(row.loaded, defaults)
            return row.validate(library)
        assert self.path is not None
        return validate(fill_defaults(load_facts(self.path, self.source), defaults), library)


@dataclass(frozen=True)
class Job:
    index: int
    unit: Unit
    defaults: dict[str, Any]  # what the command line fills in
    targets: tuple[Path, ...]  # one file per format
    key: Key | None
    previous: tuple[Unit, dict[str, Any]] | None = None  # the same period a year earlier


_WORKER: dict[str, Any] = {}  # per process: the Jinja environment and the output settings
_Pending = Future[list[Outcome]]


def _init_worker(templates: Path | None, formats: tuple[str, ...], force: bool, rollup: bool,
                 gaps: bool, stage: Path | None = None, in_child: bool = True) -> None:
    """stage: where the .docx copies for PDF go, converted by the parent in one LibreOffice run."""
    if in_child:  # Ctrl-C is the parent's to handle: a worker finishes the files it has begun
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    # a batch shows no trace: its drafts need no phrase marks, and are quicker without them
    _WORKER.update(env=make_environment(templates, phrase_marks=False), formats=list(formats), force=force,
                   rollup=rollup, gaps=gaps, stage=stage)


def _ready() -> bool:
    return True


def _draft_chunk(jobs: list[Job]) -> list[Outcome]:
    return [draft_job(job) for job in jobs]


def draft_job(job: Job) -> Outcome:
    """Draft and write one job; whatever goes wrong becomes the outcome's problems."""
    unit, report_type, period = job.key or ("", "", "")
    report = TYPES[report_type].name if report_type else ""
    outcome = Outcome(job.index, job.unit.source, unit, period, report)
    try:
        library = _WORKER["env"].wording.library
        facts = job.unit.facts(job.defaults, library)
        outcome.unit, outcome.period = str(facts.data.unit.name), facts.data.period.code
        outcome.report = TYPES[str(facts.data.type)].name
        previous, warnings = _previous_facts(job)
        draft = draft_facts(facts, _WORKER["env"], previous, _WORKER["gaps"])
        if not job.targets:  # planning and validation disagree: a defect, said plainly
            raise ReportgenError("内部错误：没有为这个单位安排输出文件")
        written(draft.document, list(job.targets), _WORKER["formats"], _WORKER["force"], job.index,
                _WORKER["stage"])
    except ReportgenError as exc:
        outcome.problems = tuple(exc.problems)
        return outcome
    except Exception as exc:  # a defect met by one unit must not stop the others
        if os.environ.get("REPORTGEN_DEBUG"):
            raise
        message = f"内部错误：{type(exc).__name__}: {exc}（这是 reportgen 的缺陷，请报告给维护者）"
        outcome.problems = (Problem(message, file=job.unit.source),)
        return outcome
    outcome.warnings = tuple(facts.warnings) + warnings  # paths are the parent's to fill in
    if _WORKER["rollup"]:
        outcome.contribution = contribution(facts.data, _WORKER["env"].wording.library)
    return outcome


def written(doc: Document, targets: list[Path], formats: list[str], force: bool, index: int,
            stage: Path | None) -> None:
    """Write the files of every format but PDF; for PDF leave the .docx copy LibreOffice is
    to convert in stage, named by the job's index (batch.run converts them all at once)."""
    pairs = [(t, f) for t, f in zip(targets, formats, strict=True) if f != "pdf"]
    write(doc, [t for t, _ in pairs], [f for _, f in pairs], force, sync=False)
    if "pdf" in formats and stage is not None:
        (stage / staged_name(index)).write_bytes(word(doc, squeeze=True))


def staged_name(index: int) -> str:
    return f"{index}.docx" if index >= 0 else f"rollup{-index}.docx"


def _previous_facts(job: Job) -> tuple[Facts | None, tuple[Problem, ...]]:
    if job.previous is None:
        return None, ()
    unit, defaults = job.previous
    try:
        return unit.facts(defaults, _WORKER["env"].wording.library), ()
    except ReportgenError as exc:
        note = Problem(f"去年同期的事实（{unit.source}）有误，本报告未作同比：{exc.problems[0].render()}")
        return None, (note,)


class Workers:
    """Drafting in this process (--jobs 1) or in a pool of n processes."""

    def __init__(self, n: int, templates: Path | None, formats: tuple[str, ...], force: bool,
                 rollup: bool, gaps: bool = False, stage: Path | None = None) -> None:
        self.n = max(1, n)
        self.args = (templates, formats, force, rollup, gaps, stage)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.n > 1:
            self.pool = ProcessPoolExecutor(self.n, initializer=_init_worker, initargs=self.args)
            # Start the workers now, while this process is small: forked later, each would carry
            # a copy of the plan (its pages get touched, so they are not shared for long).
            self.pool.submit(_ready).result()
        else:
            _init_worker(*self.args, in_child=False)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)

    def map(self, fn: Callable[[Any], Any], items: list[Any]) -> list[Any]:
        """fn over items, in order; in the pool when there are enough items to be worth it."""
        if self.pool is None or len(items) < 2 * MAX_CHUNK:
            return [fn(item) for item in items]
        return list(self.pool.map(fn, items, chunksize=MAX_CHUNK))

    def draft(self, items: Iterator[Job | Outcome], total: int, collect: Callable[[Outcome], None]) -> bool:
        """Draft every job, handing each outcome to collect (an Outcome in items goes straight
        there); return True if Ctrl-C stopped the run."""
        if self.pool is None:
            try:
                for item in items:
                    collect(item if isinstance(item, Outcome) else draft_job(item))
            except KeyboardInterrupt:
                return True
            return False
        size = max(1, min(MAX_CHUNK, total // (self.n * 4)))
        pending: set[_Pending] = set()
        try:
            for chunk in _chunks(items, size, collect):
                pending.add(self.pool.submit(_draft_chunk, chunk))
                while len(pending) >= 2 * self.n:  # bounded: jobs are read as workers free up
                    pending = _drain(pending, collect)
            while pending:
                pending = _drain(pending, collect)
        except KeyboardInterrupt:
            for future in pending:
                future.cancel()
            for future in pending:  # chunks already running finish: every file is whole
                if not future.cancelled():
                    for outcome in future.result():
                        collect(outcome)
            return True
        return False


def _drain(pending: set[_Pending], collect: Callable[[Outcome], None]) -> set[_Pending]:
    done, rest = wait(pending, return_when=FIRST_COMPLETED)
    for future in done:
        for outcome in future.result():
            collect(outcome)
    return rest


def _chunks(items: Iterator[Job | Outcome], size: int,
            collect: Callable[[Outcome], None]) -> Iterator[list[Job]]:
    chunk: list[Job] = []
    for item in items:
        if isinstance(item, Outcome):
            collect(item)
            continue
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
