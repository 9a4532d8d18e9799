"""Ctrl-C in the middle of a batch: the run stops, every file already written is whole, no
temporary file is left behind, and the exit code says the run was interrupted (130). A kill
(SIGKILL) leaves only whole reports, and at most temporary files.

The subprocess tests signal the batch once it has n reports under their own names. Reports
only ever appear (no --force), so those n are still there whatever the signal interrupts; the
assertions count the same thing the wait counted (`reports_in`, one place that knows the
temporary-file naming), on one listing of the folder taken after the batch has stopped."""

from __future__ import annotations

import contextlib
import csv
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.batch import Outcome, Settings, run

from conftest import ROOT
from support import is_temporary, reports_in

REPORT_NAME = re.compile(r"\d{4}号镇-2024Q1-工作总结\.(md|docx)")
HANG_SECONDS = 600  # a guard against a run that hangs, not a speed target


def write_towns(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["unit.name", "study.group_study", "problems"])
        writer.writerows([f"{i:04d}号镇", i % 9, "study_depth"] for i in range(n))
    return path


def assert_complete(path: Path) -> None:
    """A report under its own name is whole: a .docx opens, a .md runs from its title to its date."""
    assert REPORT_NAME.fullmatch(path.name), path.name
    if path.suffix == ".docx":
        import docx as python_docx

        assert zipfile.ZipFile(path).testzip() is None
        assert python_docx.Document(str(path)).paragraphs[0].text.startswith("0"), path.name
    else:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# ") and text.rstrip().endswith("2024年4月8日"), path.name


def assert_only_whole_files(out: Path) -> list[Path]:
    entries = sorted(out.iterdir())
    assert [p.name for p in entries if is_temporary(p)] == []
    for path in entries:
        assert_complete(path)
    return entries


class CtrlCAfter:
    """A reporter that acts as a user pressing Ctrl-C once n units are done."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen = 0

    def start(self, total: int) -> None: ...

    def advance(self, outcome: Outcome) -> None:
        self.seen += 1
        if self.seen == self.n:
            raise KeyboardInterrupt

    def finish(self) -> None: ...


@pytest.mark.parametrize("jobs", [1, 2])
def test_interrupting_the_run_keeps_what_is_written_whole(tmp_path: Path, jobs: int) -> None:
    sheet = write_towns(tmp_path / "units.csv", 300)
    settings = Settings(inputs=(sheet,), out=tmp_path / "out", report_type="summary", periods=("2024Q1",),
                        date="2024-04-08", jobs=jobs, cwd=tmp_path, rollup=True)
    summary = run(settings, CtrlCAfter(5))
    assert summary.interrupted
    assert 5 <= len(summary.outcomes) < 300
    assert summary.rollups == []  # a roll-up of part of the units would mislead
    written = assert_only_whole_files(tmp_path / "out")
    assert {p for o in summary.outcomes for p in o.paths} == set(written)


def _as_a_terminal_starts_it() -> None:
    """In the child before exec: Ctrl-C acts (a shell's background job, as a CI step may be, starts
    its commands with SIGINT ignored, which Python and then the batch would inherit), and the child
    leads its own process group, the group a terminal signals."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.setsid()


@contextlib.contextmanager
def batch_process(tmp_path: Path, units: int, *options: str) -> Iterator[subprocess.Popen[bytes]]:
    """`reportgen batch` on units towns, started as from a terminal, its output going to files
    (a pipe nobody reads could stall it); killed if the test fails early."""
    write_towns(tmp_path / "units.csv", units)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with (tmp_path / "stdout").open("wb") as stdout, (tmp_path / "stderr").open("wb") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "reportgen", "batch", "units.csv", "--type", "summary", "--period", "2024Q1",
             "--date", "2024-04-08", "-o", "out", "--jobs", "2", *options],
            cwd=tmp_path, env=env, stdout=stdout, stderr=stderr,
            preexec_fn=_as_a_terminal_starts_it,
        )
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def wait_for_reports(proc: subprocess.Popen[bytes], out: Path, n: int) -> None:
    """Return once the running batch has at least n reports under their own names."""
    deadline = time.monotonic() + HANG_SECONDS
    while len(reports_in(out)) < n:
        if proc.poll() is not None:
            pytest.fail(f"the batch ended (exit {proc.returncode}) before writing {n} reports")
        if time.monotonic() > deadline:
            pytest.fail(f"the batch wrote fewer than {n} reports in {HANG_SECONDS} s")
        time.sleep(0.01)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_at_a_terminal_stops_parent_and_workers_cleanly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with batch_process(tmp_path, 4000) as proc:
        wait_for_reports(proc, out, 20)
        os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=HANG_SECONDS)
    stdout = (tmp_path / "stdout").read_text(encoding="utf-8")
    stderr = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    written = assert_only_whole_files(out)  # workers finished the files they had begun
    assert 20 <= len(written) < 4000
    if "已中断：" in stdout:  # stopped while drafting: the table lists what was written
        reported = int(re.search(r"写入文件 (\d+) 个", stdout).group(1))  # type: ignore[union-attr]
        assert 0 < reported <= len(written)  # a unit finishing as the key is pressed may go unlisted
    else:  # stopped before the table: the one-line message
        assert "已中断" in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_killed_batch_leaves_only_complete_files(tmp_path: Path) -> None:
    """SIGKILL gives no chance to clean up: still, every report that exists under its own
    name is complete (each .docx opens, each .md ends with its date), because files are
    written to a temporary name and renamed only when whole."""
    out = tmp_path / "out"
    with batch_process(tmp_path, 3000, "--format", "both") as proc:
        wait_for_reports(proc, out, 40)
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=HANG_SECONDS) == -signal.SIGKILL  # killed mid-run, not finished
    # One listing: a worker the kill has not reached yet may still rename a file; it is then whole.
    reports = [p for p in sorted(out.iterdir()) if not is_temporary(p)]
    assert 40 <= len(reports) < 6000
    for path in reports:  # what a kill leaves half-written is only ever a temporary file
        assert_complete(path)
