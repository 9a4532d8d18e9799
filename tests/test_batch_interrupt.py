"""Ctrl-C in the middle of a batch: the run stops, every file already written is whole, no
temporary file is left behind, and the exit code says the run was interrupted (130)."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reportgen.batch import Outcome, Settings, run

from conftest import ROOT


def write_towns(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["unit.name", "study.group_study", "problems"])
        writer.writerows([f"{i:04d}号镇", i % 9, "study_depth"] for i in range(n))
    return path


def assert_only_whole_files(out: Path) -> list[Path]:
    leftovers = [p.name for p in out.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]
    assert leftovers == []
    written = sorted(out.iterdir())
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# ") and text.rstrip().endswith("2024年4月8日"), path.name
    return written


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


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_at_a_terminal_stops_parent_and_workers_cleanly(tmp_path: Path) -> None:
    write_towns(tmp_path / "units.csv", 4000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "batch", "units.csv", "--type", "summary", "--period", "2024Q1",
         "--date", "2024-04-08", "-o", "out", "--jobs", "2"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,  # its own process group, which is what a terminal signals
    )
    out = tmp_path / "out"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for _ in out.iterdir()) >= 20:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    written = assert_only_whole_files(out)
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
    import zipfile

    import docx as python_docx

    write_towns(tmp_path / "units.csv", 3000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportgen", "batch", "units.csv", "--type", "summary", "--period", "2024Q1",
         "--date", "2024-04-08", "-o", "out", "--jobs", "2", "--format", "both"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    out = tmp_path / "out"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if out.is_dir() and sum(1 for _ in out.iterdir()) >= 40:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    reports = [p for p in out.iterdir() if not p.name.startswith(".")]
    assert 40 <= len(reports) < 6000
    for path in reports:
        if path.suffix == ".docx":
            assert zipfile.ZipFile(path).testzip() is None
            assert python_docx.Document(str(path)).paragraphs[0].text.startswith("0")
        else:
            text = path.read_text(encoding="utf-8")
            assert text.startswith("# ") and text.rstrip().endswith("2024年4月8日"), path.name
    # what a kill leaves half-written is only ever a hidden temporary file, never a report
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in out.iterdir() if p not in reports)
