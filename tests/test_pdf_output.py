"""`--format pdf` and `all`: LibreOffice converts the .docx, one process for a whole batch, and
says in Chinese what to install where it is missing."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from docx_support import SAMPLES

from conftest import RunCli

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdfinfo") is None,
                                   reason="needs soffice and pdfinfo (Debian: libreoffice-writer-nogui, poppler-utils)")
SAMPLE = next(p for p in SAMPLES if p.stem == "双胜镇-2024H1")


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


@pytest.fixture
def no_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_without_libreoffice_the_message_names_what_to_install(run_cli: RunCli, tmp_path: Path,
                                                               no_soffice: None) -> None:
    result = run_cli("draft", str(SAMPLE), "--format", "all", "-o", "out/")
    assert result.exit_code == 2
    assert "生成 PDF 需要 LibreOffice" in result.stderr
    assert "sudo apt-get install libreoffice-writer" in result.stderr
    assert not (tmp_path / "out").exists()  # nothing drafted, nothing half written


def test_a_batch_without_libreoffice_stops_before_drafting(run_cli: RunCli, tmp_path: Path,
                                                           no_soffice: None) -> None:
    result = run_cli("batch", str(SAMPLE), "--format", "pdf", "-o", "out", "--jobs", "1")
    assert result.exit_code == 2
    assert "libreoffice-writer" in result.stderr
    assert not (tmp_path / "out").exists()


@needs_soffice
def test_format_pdf_and_all(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("draft", str(SAMPLE), "-o", "报告.pdf")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "报告.pdf\n"
    assert (tmp_path / "报告.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["报告.pdf"]  # the copy LibreOffice read is gone
    result = run_cli("draft", str(SAMPLE), "--format", "all", "-o", "out/")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert written == [".docx", ".md", ".pdf"]
    assert len({p.stem for p in (tmp_path / "out").iterdir()}) == 1
    assert pdf_pages(next((tmp_path / "out").glob("*.pdf"))) >= 2
    again = run_cli("draft", str(SAMPLE), "-o", "报告.pdf")
    assert again.exit_code == 2  # never replaced without --force


@needs_soffice
def test_a_batch_starts_libreoffice_once(run_cli: RunCli, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Every unit's PDF, and the roll-up's, from one soffice process."""
    real = shutil.which("soffice")
    log = tmp_path / "soffice.log"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho run >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    units = tmp_path / "units"
    units.mkdir()
    for sample in SAMPLES[:3]:
        shutil.copy(sample, units / sample.name)
    result = run_cli("batch", "units", "-o", "out", "--format", "pdf", "--jobs", "2", "--rollup")
    assert result.exit_code == 0, result.stderr
    assert log.read_text().splitlines() == ["run"]
    pdfs = sorted((tmp_path / "out").rglob("*.pdf"))
    assert len(pdfs) == 3 + len(list((tmp_path / "out").glob("*汇总.pdf")))
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    assert list((tmp_path / "out").rglob("*.docx")) == []
