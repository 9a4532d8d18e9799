"""File names and writes: safe names, targets, atomic and never clobbering."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.output import MAX_STEM_BYTES, check_free, safe_stem, targets, write_atomic


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("双胜镇2024年上半年意识形态工作总结", "双胜镇2024年上半年意识形态工作总结"),
        ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
        ("..", "报告"),
        ("../../etc/passwd", "etc_passwd"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("  .隐藏.  ", "隐藏"),
        ("带\u202e反转\n换行", "带_反转_换行"),
    ],
)
def test_safe_stem(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_long_names_are_cut_with_a_distinguishing_suffix() -> None:
    a, b = safe_stem("镇" * 300 + "甲"), safe_stem("镇" * 300 + "乙")
    assert a != b
    assert len(a.encode()) <= MAX_STEM_BYTES and len(b.encode()) <= MAX_STEM_BYTES


def test_targets(tmp_path: Path) -> None:
    assert targets(None, "报告", ["md"], tmp_path) == [tmp_path / "报告.md"]
    assert targets("out/r.md", "报告", ["md"], tmp_path) == [tmp_path / "out/r.md"]
    assert targets("out/r.md", "报告", ["md", "docx"], tmp_path) == [tmp_path / "out/r.md", tmp_path / "out/r.docx"]
    assert targets("out", "报告", ["md"], tmp_path) == [tmp_path / "out/报告.md"]
    assert targets("out.d/", "报告", ["docx"], tmp_path) == [tmp_path / "out.d/报告.docx"]
    assert targets(str(tmp_path / "abs"), "报告", ["md"], Path("/elsewhere")) == [tmp_path / "abs/报告.md"]


def test_write_atomic_creates_folders_and_never_clobbers(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "r.md"
    write_atomic(path, b"one")
    assert path.read_bytes() == b"one"
    with pytest.raises(OutputError, match="已存在"):
        write_atomic(path, b"two")
    assert path.read_bytes() == b"one"
    write_atomic(path, b"three", force=True)
    assert path.read_bytes() == b"three"
    assert sorted(p.name for p in path.parent.iterdir()) == ["r.md"]  # no temporary files left


def test_failed_write_keeps_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.md"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match="磁盘空间不足；原有文件未改动"):
        write_atomic(path, b"new", force=True)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.md"]


def test_unwritable_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(**kwargs: object) -> None:  # what mkstemp raises in a read-only folder (root ignores chmod)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError, match="无法写入：没有权限"):
        write_atomic(tmp_path / "ro" / "r.md", b"x")
    assert not (tmp_path / "ro" / "r.md").exists()


def test_check_free_reports_every_taken_path(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.docx").mkdir()
    with pytest.raises(OutputError) as info:
        check_free([tmp_path / "a.md", tmp_path / "b.docx", tmp_path / "c.md"], force=False)
    assert len(info.value.problems) == 2
    check_free([tmp_path / "a.md"], force=True)
