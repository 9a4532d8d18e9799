"""Many reports in one run: every unit in folders of facts files and in spreadsheets, for one
or more periods, drafted in parallel processes, plus an optional roll-up.

The run has three steps, each in input order, so the result never depends on --jobs:
1. plan: list every job (unit × period) and read just enough of each unit to name its files
   (unit, period, type), make the names unique, and find the unit's same period a year earlier;
2. draft (workers.py): load, validate, draft and write each job atomically, streaming back a
   small `Outcome`; nothing else is kept per unit;
3. roll up: the totals gathered from the outcomes become one more report per period.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from reportgen import naming
from reportgen.errors import Problem, ReportgenError
from reportgen.inputfiles import NOT_REGULAR, is_regular
from reportgen.kinds import Invalid, Kind
from reportgen.loading import load_facts
from reportgen.output import check_free, remove_leftovers, write_atomic
from reportgen.pipeline import render_document
from reportgen.reporttypes import TYPES
from reportgen.rollup import Contribution, Rollup
from reportgen.schema import FACTS
from reportgen.sheets import SUFFIXES as SHEET_SUFFIXES
from reportgen.sheets import RawRow, Sheet, open_sheet
from reportgen.template_files import template_sets
from reportgen.templating import ROLLUP_TEMPLATE, make_environment
from reportgen.values import Period
from reportgen.wording_check import require
from reportgen.workers import Job, Key, Outcome, Unit, Workers, staged_name, written

__all__ = ["Outcome", "Reporter", "Settings", "Summary", "run"]

FACTS_SUFFIXES = (".yaml", ".yml")
LAYOUTS = ("flat", "by-unit", "by-period")


@dataclass(frozen=True)
class Settings:
    """What the user asked for (the command line's options)."""

    inputs: tuple[Path, ...]
    out: Path
    formats: tuple[str, ...] = ("md",)
    report_type: str | None = None  # fills rows and files that do not say
    periods: tuple[str, ...] = ()  # one draft per period for units that do not name one
    date: str | None = None
    layout: str = "flat"
    jobs: int = 1
    force: bool = False
    templates: Path | None = None
    rollup: bool = False
    rollup_unit: str | None = None
    rollup_to: str | None = None  # the body the roll-up reports to (主送)
    compare: tuple[Path, ...] = ()  # last year's facts, for comparisons only
    gaps: bool = False  # keep sections without facts, with a placeholder
    sheet: str | None = None  # the worksheet of each .xlsx to read (default: the active one)
    strict: bool = False  # refuse sheets with columns that name no field, rather than ignore them
    cwd: Path = field(default_factory=Path.cwd)


@dataclass
class Summary:
    outcomes: Results  # in input order
    rollups: list[Outcome]
    total: int  # jobs planned
    interrupted: bool = False
    notes: list[Problem] = field(default_factory=list)  # duplicates, unusable --compare inputs

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in itertools.chain(self.outcomes, self.rollups) if not o.ok]


class Results:
    """The units' outcomes in input order, kept small: one byte a unit says it is done, and only
    failures and warnings are stored; a finished unit's row is rebuilt from its plan when shown."""

    def __init__(self, side: Side, names: list[str | None], settings: Settings) -> None:
        self.side, self.names, self.settings = side, names, settings
        self.done = bytearray(len(names))
        self.count = 0
        self.kept: dict[int, Outcome] = {}

    def add(self, outcome: Outcome) -> None:
        self.done[outcome.index] = 1
        self.count += 1
        if outcome.problems or outcome.warnings:
            if outcome.ok:
                outcome.paths = naming.paths(self.names[outcome.index], self.settings)
            self.kept[outcome.index] = outcome

    def fail(self, index: int, problem: Problem) -> None:
        """A unit drafted but whose PDF could not be made: it failed after all."""
        outcome = self.kept.get(index) or self._rebuilt(index)
        outcome.problems = (*outcome.problems, problem)
        self.kept[index] = outcome

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Outcome]:
        for i, done in enumerate(self.done):
            if done:
                yield self.kept.get(i) or self._rebuilt(i)

    def _rebuilt(self, i: int) -> Outcome:
        plan = self.side.plans[i]
        assert plan.key is not None  # a unit drafted without trouble had a name
        unit, report_type, period = plan.key
        paths = naming.paths(self.names[i], self.settings)
        return Outcome(i, self.side.where(plan), unit, period, TYPES[report_type].name, paths)


class Reporter(Protocol):
    """Where progress goes: progress.Progress, or nothing."""

    def start(self, total: int) -> None: ...
    def advance(self, outcome: Outcome) -> None: ...
    def finish(self) -> None: ...


# --- inputs and plans --------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One input file: YAML facts, a spreadsheet, or a file that could not be opened."""

    name: str
    path: Path
    sheet: Sheet | None = None
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Plan:
    """One job as planned: which source (and row), which period, and its key if readable."""

    source: int
    row: int | None
    period: str | None  # the period filled in from --period, or None
    key: Key | None  # None: the unit will fail validation, so it needs no file name


@dataclass
class Side:
    """The inputs to draft, or the --compare inputs: their files, jobs, and what fills them."""

    sources: list[Source]
    defaults: dict[str, Any]
    periods: list[str]  # --period values, for units that do not name their own
    compare: bool = False
    plans: list[Plan] = field(default_factory=list)

    def where(self, plan: Plan) -> str:
        name = self.sources[plan.source].name
        return f"{name} 第{plan.row}行" if plan.row is not None else name

    def filled(self, plan: Plan) -> dict[str, Any]:
        """What fills the unit's facts for this job: the options, and the period it is drafted for."""
        out = {**self.defaults, **({"period": plan.period} if plan.period else {})}
        if self.compare and plan.key is not None:  # last year's date matters only to validation
            out.setdefault("date", _period(plan.key[2]).end)
        return out

    def unit(self, plan: Plan, row: RawRow | None) -> Unit:
        source = self.sources[plan.source]
        return Unit(self.where(plan), row=row) if row is not None else Unit(source.name, source.path)


@dataclass(frozen=True)
class Peek:
    """What naming and comparison need to know of a unit before drafting it."""

    name: str | None
    report_type: str | None
    period: str | None  # the unit's own period, if valid
    has_period: bool  # the unit names a period (valid or not), so --period does not apply


class _Quiet:
    """A sink for checking single values: what is wrong is reported later, by validation."""

    def error(self, path: Any, message: str, key: bool = False) -> None: ...
    def warn(self, path: Any, message: str) -> None: ...


def _kind(*path: str) -> Kind:
    kind: Any = FACTS
    for name in path:
        kind = kind.field(name).kind
    return kind  # type: ignore[no-any-return]


def _checked(value: Any, *path: str) -> Any:
    """value as validation will read it, or None where validation will refuse it."""
    if value is None:
        return None
    try:
        return _kind(*path).check(value, (), _Quiet())
    except Invalid:
        return None


def peek(name: Any, report_type: Any, period: Any, default_type: str | None) -> Peek:
    """The unit name, type and own period as given, each checked as validation checks it."""
    checked = _checked(period, "period")
    given = report_type if report_type is not None else default_type
    return Peek(_checked(name, "unit", "name"), _checked(given, "type"),
                checked.code if checked else None, period is not None)


# --- the run -----------------------------------------------------------------------------


def run(settings: Settings, reporter: Reporter) -> Summary:
    """Draft every unit; raise ReportgenError only for what stops the whole run."""
    if "pdf" not in settings.formats:
        return _run(settings, reporter, None)
    from reportgen import pdf

    pdf.soffice()  # LibreOffice missing: say so before anything is drafted
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as stage:
        return _run(settings, reporter, Path(stage))


def _run(settings: Settings, reporter: Reporter, stage: Path | None) -> Summary:
    """stage: the folder of .docx copies for PDF, converted together when all are drafted."""
    defaults = _defaults(settings)
    periods = _period_codes(settings)
    skipped: list[Problem] = []
    removed = remove_leftovers(settings.out, recursive=True)
    if removed:
        skipped.append(Problem(f"删除了此前被中断的运行留下的 {removed} 个临时文件", file=str(settings.out)))
    drafted = Side(expand(settings.inputs, settings.cwd, settings, skipped), defaults, periods)
    given = Side(expand(settings.compare, settings.cwd, settings, skipped),
                 {k: v for k, v in defaults.items() if k == "type"},
                 [_previous_code(periods[0])] if len(periods) == 1 else [], compare=True)
    typed = "type" in defaults
    _check_sheets(drafted.sources, {"type": typed, "period": bool(periods), "date": "date" in defaults})
    _check_sheets(given.sources, {"type": typed, "period": bool(given.periods)})
    if settings.templates is not None:  # a wrong wording folder stops the run before any unit
        require(make_environment(settings.templates), list(template_sets()))
    workers = Workers(settings.jobs, settings.templates, settings.formats, settings.force, settings.rollup,
                      settings.gaps, stage)
    with workers:
        try:
            drafted.plans = _plan(drafted, workers)
            given.plans = _plan(given, workers)
        except KeyboardInterrupt:
            return Summary(Results(Side([], {}, []), [], settings), [], 0, interrupted=True)
        names = naming.names(drafted.plans, settings)
        rollup_names = naming.rollup_names(drafted.plans, names, settings)
        paths = (path for rel in [*names, *rollup_names.values()] for path in naming.paths(rel, settings))
        check_free(list(paths), settings.force)
        previous = _previous(drafted, given)
        unusable = "无法读取，或缺少单位名称、报告类型、报告期，不能用于同比，已忽略"
        notes = skipped + [note for side in (drafted, given) for source in side.sources if source.sheet
                           for note in source.sheet.notes]
        notes += _duplicates(drafted) + [Problem(unusable, file=given.where(p)) for p in given.plans
                                         if p.key is None]
        rollups = _Rollups() if settings.rollup else None
        outcomes = Results(drafted, names, settings)

        def collect(outcome: Outcome) -> None:
            if rollups is not None and outcome.contribution is not None:
                rollups.add(outcome.index, outcome.contribution)
            elif rollups is not None and not outcome.ok:
                rollups.fail(outcome)
            outcome.contribution = None
            outcomes.add(outcome)
            reporter.advance(outcome)

        reporter.start(len(drafted.plans))
        jobs = _jobs(drafted, names, previous, settings)
        interrupted = workers.draft(jobs, len(drafted.plans), collect)
        reporter.finish()
    written = []
    if rollups is not None and not interrupted:  # a roll-up of some of the units would mislead
        written = rollups.write(rollup_names, settings, defaults.get("date"), stage)
    if stage is not None and not interrupted:
        _convert(stage, outcomes, written, settings)
    elif stage is not None:  # PDFs are made when every unit is drafted: none were
        notes.append(Problem("已中断，没有生成 PDF；表中列出的 .pdf 文件不存在，其他格式的文件完整"))
    if hasattr(os, "sync"):  # workers skip fsync file by file: one flush for all, before we report
        os.sync()
    return Summary(outcomes, written, len(drafted.plans), interrupted, notes)


def _defaults(settings: Settings) -> dict[str, Any]:
    """The command line's values, checked now: one bad --date is one usage error, not 1,000."""
    if settings.layout not in LAYOUTS:
        raise ReportgenError(f"--layout 应为 {'、'.join(LAYOUTS)} 之一")
    out: dict[str, Any] = {}
    if settings.report_type is not None:
        out["type"] = _option("--type", settings.report_type, "type")
    if settings.date is not None:
        out["date"] = _option("--date", settings.date, "date")
    return out


def _option(option: str, value: str, *path: str) -> Any:
    try:
        return _kind(*path).check(value, (), _Quiet())
    except Invalid as exc:
        raise ReportgenError(f"选项 {option} 的值“{value}”无效：{exc}") from None


def _period_codes(settings: Settings) -> list[str]:
    codes: list[str] = []
    for given in settings.periods:
        code = _option("--period", given, "period").code
        if code not in codes:
            codes.append(code)
    return codes


def _period(code: str) -> Period:
    period: Period = _kind("period").check(code, (), _Quiet())
    return period


def _previous_code(code: str) -> str:
    return _period(code).previous_same().code


def expand(inputs: Iterable[Path], cwd: Path, settings: Settings | None = None,
           notes: list[Problem] | None = None) -> list[Source]:
    """Files as given, and every facts file or spreadsheet under a folder, in name order.

    What is not a regular file (a FIFO, a device) is never opened: given by name it fails, found
    in a folder it is skipped with a note.
    """
    sources: list[Source] = []
    missing = []
    for given in inputs:
        path = given if given.is_absolute() else cwd / given
        if path.is_dir():
            found = sorted(_walk(path), key=lambda p: p.relative_to(path).parts)
            for p in found:
                name = str(given / p.relative_to(path))
                if is_regular(p):
                    sources.append(_source(p, name, settings))
                elif notes is not None:
                    notes.append(Problem(f"{NOT_REGULAR}，已跳过", file=name))
        elif is_regular(path):
            sources.append(_source(path, str(given), settings))
        elif path.exists():
            sources.append(Source(str(given), path, problems=(Problem(NOT_REGULAR, file=str(given)),)))
        else:
            missing.append(Problem("文件或文件夹不存在", file=str(given)))
    if missing:
        raise ReportgenError(missing)
    return sources


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith((".", "~$")):  # hidden files, and Office's lock files
                continue
            if name.lower().endswith(FACTS_SUFFIXES + SHEET_SUFFIXES):
                yield Path(root) / name


def _source(path: Path, name: str, settings: Settings | None = None) -> Source:
    if path.suffix.lower() not in (*SHEET_SUFFIXES, ".xls"):
        return Source(name, path)
    try:
        sheet = open_sheet(path, name, settings.sheet if settings else None,
                           settings.strict if settings else False)
        return Source(sheet.name, path, sheet)
    except ReportgenError as exc:
        return Source(name, path, problems=tuple(exc.problems))


def _check_sheets(sources: list[Source], filled: dict[str, bool]) -> None:
    """A spreadsheet without a type, period or date column needs the option that fills it."""
    options = {"type": ("报告类型", "--type summary"), "period": ("报告期", "--period 2024Q1"),
               "date": ("成文日期", "--date 2024-04-08")}
    problems = [
        Problem(f"表格中没有{title}（{path}）列：请增加这一列，或在命令行用 {example} 指定", file=source.name)
        for source in sources if source.sheet is not None
        for path, (title, example) in options.items()
        if path in filled and not filled[path] and not source.sheet.has(path)
    ]
    if problems:
        raise ReportgenError(problems)


# --- planning ----------------------------------------------------------------------------


def _plan(side: Side, workers: Workers) -> list[Plan]:
    """Every job in input order: a unit once for its own period, else once per --period."""
    report_type = side.defaults.get("type")
    files = [(s.path, s.name) for s in side.sources if s.sheet is None and not s.problems]
    peeks = iter(workers.map(partial(_peek_file, report_type=report_type), files))
    plans: list[Plan] = []
    for i, source in enumerate(side.sources):
        if source.problems:
            plans.append(Plan(i, None, None, None))
        elif source.sheet is None:
            plans += _unit_plans(i, None, next(peeks), side.periods)
        else:
            for raw in source.sheet.raw_rows():
                seen = peek(raw.value("unit.name"), raw.value("type"), raw.value("period"), report_type)
                plans += _unit_plans(i, raw.number, seen, side.periods)
    return plans


def _peek_file(item: tuple[Path, str], report_type: str | None) -> Peek | None:
    try:
        data = load_facts(*item).data
    except ReportgenError:
        return None  # drafting will say why
    unit = data.get("unit")
    name = unit.get("name") if isinstance(unit, dict) else None
    return peek(name, data.get("type"), data.get("period"), report_type)


def _unit_plans(source: int, row: int | None, seen: Peek | None, periods: list[str]) -> list[Plan]:
    if seen is None:
        return [Plan(source, row, None, None)]
    own = seen.has_period or not periods
    out = []
    for period in [seen.period] if own else periods:
        key = (seen.name, seen.report_type, sys.intern(period) if period else None)  # one str a period
        out.append(Plan(source, row, None if own else period, key if all(key) else None))  # type: ignore[arg-type]
    return out


def _duplicates(side: Side) -> list[Problem]:
    """A unit given twice for one period and type is drafted twice (the second name numbered):
    say so, since it is most often a row or file copied by mistake."""
    seen: dict[Key, list[Plan]] = {}
    for plan in side.plans:
        if plan.key is not None:
            seen.setdefault(plan.key, []).append(plan)
    notes = []
    for (unit, report_type, period), same in seen.items():
        if len(same) > 1:
            where = "、".join(side.where(p) for p in same)
            report = TYPES[report_type].name
            notes.append(Problem(f"“{unit}”的 {period} {report}出现了 {len(same)} 次（{where}）：各起草一份，"
                                 "文件名加序号区分，汇总中各计一次；如是重复录入，请删去多余的一份"))
    return notes


def _previous(drafted: Side, given: Side) -> dict[int, tuple[Unit, dict[str, Any]]]:
    """Job index → the unit (and what fills it) holding the same period a year earlier.

    The batch itself is looked in first, then --compare. A report of the same type is
    preferred; where two candidates remain (a unit listed twice) there is no comparison:
    we cannot tell which is meant. Spreadsheet rows compared with are read and kept.
    """
    periods = {plan.key[2] for plan in drafted.plans if plan.key is not None}
    if not given.plans and not {_previous_code(code) for code in periods} & periods:
        return {}  # nothing to compare with: no index of every unit
    indexes = [(side, _by_unit_period(side.plans)) for side in (drafted, given)]
    found: dict[int, tuple[Side, Plan]] = {}
    for i, plan in enumerate(drafted.plans):
        if plan.key is None:
            continue
        name, report_type, period = plan.key
        wanted = (name, _previous_code(period))
        for side, index in indexes:
            candidates = index.get(wanted)
            if candidates:
                same = [j for t, j in candidates if t == report_type] or [j for _, j in candidates]
                if len(same) == 1:
                    found[i] = (side, side.plans[same[0]])
                break
    rows = _rows([(side, plan) for side, plan in found.values() if plan.row is not None])
    return {i: (side.unit(plan, rows.get((id(side), plan.source, plan.row))), side.filled(plan))
            for i, (side, plan) in found.items()}


def _by_unit_period(plans: list[Plan]) -> dict[tuple[str, str], list[tuple[str, int]]]:
    out: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for i, plan in enumerate(plans):
        if plan.key is not None:
            name, report_type, period = plan.key
            out.setdefault((name, period), []).append((report_type, i))
    return out


def _rows(wanted: list[tuple[Side, Plan]]) -> dict[tuple[int, int, int | None], RawRow]:
    """The given spreadsheet rows, read again (each sheet once) and kept: only those."""
    numbers: dict[tuple[int, int], set[int | None]] = {}
    sides = {id(side): side for side, _ in wanted}
    for side, plan in wanted:
        numbers.setdefault((id(side), plan.source), set()).add(plan.row)
    kept: dict[tuple[int, int, int | None], RawRow] = {}
    for (side_id, s), rows in numbers.items():
        sheet = sides[side_id].sources[s].sheet
        assert sheet is not None
        kept.update({(side_id, s, row.number): row for row in sheet.raw_rows() if row.number in rows})
    return kept


def _jobs(side: Side, names: list[str | None], previous: dict[int, tuple[Unit, dict[str, Any]]],
          settings: Settings) -> Iterator[Job | Outcome]:
    """The jobs in plan order, spreadsheets read once more, row by row, as workers need them."""
    i, plans = 0, side.plans
    while i < len(plans):
        source = side.sources[plans[i].source]
        if source.problems:
            yield Outcome(i, source.name, problems=source.problems)
            i += 1
            continue
        rows = source.sheet.raw_rows() if source.sheet is not None else iter(())
        row: RawRow | None = None
        while i < len(plans) and side.sources[plans[i].source] is source:
            plan = plans[i]
            while source.sheet is not None and (row is None or row.number != plan.row):
                row = next(rows, None)
                if row is None:
                    changed = Problem("表格在起草过程中被改动，请重新运行", file=source.name)
                    raise ReportgenError([changed])
            targets = naming.paths(names[i], settings)
            yield Job(i, side.unit(plan, row), side.filled(plan), targets, plan.key, previous.get(i))
            i += 1


def _convert(stage: Path, outcomes: Results, rollups: list[Outcome], settings: Settings) -> None:
    """Every staged .docx to PDF in one LibreOffice run, each PDF written where it belongs; a
    unit whose PDF could not be made or written fails, the others stand."""
    from reportgen import pdf

    staged = sorted(stage.glob("*.docx"))
    made = pdf.convert_files(staged, stage)
    targets: dict[str, tuple[Path, Callable[[Problem], None]]] = {}
    for index, name in enumerate(outcomes.names):
        if name is not None:
            target = next(p for p in naming.paths(name, settings) if p.suffix == ".pdf")
            targets[staged_name(index)] = (target, partial(outcomes.fail, index))
    for outcome in rollups:
        if outcome.ok:
            target = next(p for p in outcome.paths if p.suffix == ".pdf")
            targets[staged_name(outcome.index)] = (target, partial(_fail_rollup, outcome))
    for path in staged:
        target, fail = targets[path.name]
        if path not in made:
            fail(Problem("LibreOffice 没能把这份草稿转换为 PDF", file=str(target)))
            continue
        try:
            write_atomic(target, made[path].read_bytes(), settings.force, sync=False)
        except ReportgenError as exc:
            fail(exc.problems[0])


def _fail_rollup(outcome: Outcome, problem: Problem) -> None:
    outcome.problems = (problem,)


# --- roll-up -----------------------------------------------------------------------------


class _Rollups:
    """One roll-up per period, fed outcome by outcome."""

    def __init__(self) -> None:
        self.by_period: dict[str, Rollup] = {}
        self.failed: list[tuple[str, int, str]] = []  # (period or "", index, unit or source)

    def add(self, index: int, contribution: Contribution) -> None:
        code = contribution.period
        if code not in self.by_period:
            self.by_period[code] = Rollup(_period(code))
        self.by_period[code].add(index, contribution)

    def fail(self, outcome: Outcome) -> None:
        """A unit that failed: named in its period's roll-up, or in every one if its period is unknown."""
        self.failed.append((outcome.period, outcome.index, outcome.unit or outcome.source))

    def write(self, names: dict[str, str], settings: Settings, date: dt.date | None,
              stage: Path | None = None) -> list[Outcome]:
        env = make_environment(settings.templates)
        out = []
        for period, index, unit in self.failed:
            for code, rollup in self.by_period.items():
                if period in ("", code):
                    rollup.fail(index, unit)
        for i, code in enumerate(sorted(self.by_period)):
            context = self.by_period[code].context(env.wording, settings.rollup_unit, date,  # type: ignore[attr-defined]
                                                   settings.rollup_to)
            unit = settings.rollup_unit or naming.ROLLUP_NAME
            outcome = Outcome(-1 - i, f"{naming.ROLLUP_NAME}（{code}）", unit, code, naming.ROLLUP_NAME)
            try:
                doc = render_document(env, ROLLUP_TEMPLATE, context, settings.rollup_unit or "")
                outcome.paths = naming.paths(names[code], settings)
                written(doc, list(outcome.paths), list(settings.formats), settings.force, outcome.index,
                        stage)
            except ReportgenError as exc:
                outcome.problems = tuple(exc.problems)
            out.append(outcome)
        return out
