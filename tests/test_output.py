"""File names and writes: safe names, targets, atomic and never clobbering."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from reportgen.errors import OutputError
from reportgen.output import MAX_STEM_BYTES, check_free, remove_leftovers, safe_stem, targets, write_atomic

from support import is_temporary


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


# --- found by mutation testing (scripts/mutation.py output) ---------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("a..b", "a_b"), ("a   b", "a b"), ("a__b", "a_b"), ("_x_", "x"), ("X光室", "X光室"),
    ("守正创新　凝心聚力", "守正创新凝心聚力"),  # a full-width space between Chinese goes
    ("镇" * 60, "镇" * 60),  # 180 bytes: the longest stem kept whole
])
def test_safe_stem_edges(name: str, expected: str) -> None:
    assert safe_stem(name) == expected


def test_a_long_name_is_cut_to_180_bytes_at_a_clean_end() -> None:
    cut = safe_stem("县" * 300)
    assert re.fullmatch(r"县{57}-[0-9a-f]{8}", cut) and len(cut.encode("utf-8")) == 180
    assert re.fullmatch(r"长{56}a-[0-9a-f]{8}", safe_stem("长" * 56 + "a . . . . . . . . . b"))  # no " ." before the -


def test_a_docx_suffix_in_capitals_names_the_file_and_a_slash_a_folder(tmp_path: Path) -> None:
    assert targets("out/R.DOCX", "报告", ["md", "docx"], tmp_path) == [tmp_path / "out/R.md", tmp_path / "out/R.docx"]
    assert targets("out/r.md/", "报告", ["md"], tmp_path) == [tmp_path / "out/r.md/报告.md"]


def problems(info: pytest.ExceptionInfo[OutputError]) -> list[str]:
    return [p.render() for p in info.value.problems]


def test_check_free_says_what_is_in_the_way_and_lists_ten_at_most(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "b.docx").mkdir()
    with pytest.raises(OutputError) as info:
        check_free([tmp_path / "a.md", tmp_path / "b.docx"], force=False)
    assert problems(info) == ["a.md：文件已存在；如需覆盖，请加 --force", "b.docx：已有同名文件夹，无法写入"]
    taken = [tmp_path / f"{i:02d}.md" for i in range(12)]
    for path in taken:
        path.write_text("x")
    with pytest.raises(OutputError) as info:
        check_free(taken[:10], force=False)
    assert len(problems(info)) == 10  # ten are all listed
    with pytest.raises(OutputError) as info:
        check_free(taken, force=False)
    assert problems(info)[9:] == ["09.md：文件已存在；如需覆盖，请加 --force", "共 12 个文件无法写入，以上列出前 10 个"]


def test_the_temporary_file_is_ours_and_beside_the_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beside it, so the final rename stays on one file system and cannot half-happen."""
    linked = []
    real_link = os.link

    def spy(src: str, dst: Path) -> None:
        linked.append(Path(src))
        real_link(src, dst)

    monkeypatch.setattr(os, "link", spy)
    write_atomic(tmp_path / "out" / "报告.md", b"x")
    [tmp] = linked
    assert tmp.parent == tmp_path / "out" and is_temporary(tmp)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["报告.md"]


def test_without_hard_links_the_file_is_still_written_and_never_clobbers(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: str, dst: Path) -> None:  # FAT, exFAT and some network shares
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    monkeypatch.chdir(tmp_path)
    write_atomic(tmp_path / "r.md", b"one")
    assert (tmp_path / "r.md").read_bytes() == b"one"
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "r.md", b"two")
    assert problems(info) == ["r.md：文件已存在；如需覆盖，请加 --force"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.md"]
    assert (tmp_path / "r.md").read_bytes() == b"one"


@pytest.mark.parametrize(("error", "message"), [
    (PermissionError(errno.EACCES, "Permission denied"), "无法写入：没有权限"),
    (PermissionError(errno.EPERM, "Operation not permitted"), "无法写入：没有权限"),
    (OSError(errno.EROFS, "Read-only file system"), "无法写入：文件系统只读"),
    (OSError(errno.ENAMETOOLONG, "File name too long"), "无法写入：文件名过长"),
    (OSError(errno.ENOTDIR, "Not a directory"), "无法写入：上级路径不是文件夹"),
    (OSError(errno.ENOSPC, "No space left on device"), "无法写入：磁盘空间不足"),
    (OSError("磁盘出错"), "无法写入：磁盘出错"),  # no errno: the error's own words
])
def test_why_a_file_cannot_be_written_is_said_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        error: OSError, message: str) -> None:
    import tempfile

    def refuse(**kwargs: object) -> None:
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "r.md", b"x")
    assert problems(info) == [f"r.md：{message}"]


def test_a_failed_write_names_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "r.md", b"new")
    assert problems(info) == ["r.md：写入失败：磁盘空间不足；原有文件未改动"]


def test_a_path_outside_the_working_folder_is_shown_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "here").mkdir()
    monkeypatch.chdir(tmp_path / "here")
    (tmp_path / "r.md").write_text("x")
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "r.md", b"y")
    assert problems(info) == [f"{tmp_path / 'r.md'}：文件已存在；如需覆盖，请加 --force"]


def test_the_leftovers_of_a_dead_run_go_and_those_of_a_live_one_stay(tmp_path: Path) -> None:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()  # its pid names no running process now
    dead, alive = finished.pid, os.getpid()
    (tmp_path / "sub").mkdir()
    names = {
        "dead": tmp_path / f".甲镇.md.reportgen-{dead}-a1b2.tmp",
        "alive": tmp_path / f".乙镇.md.reportgen-{alive}-c3d4.tmp",
        "other": tmp_path / ".notes.reportgen.tmp",  # not our pattern: never ours to remove
        "draft": tmp_path / "甲镇.md",
        "nested": tmp_path / "sub" / f".丙镇.docx.reportgen-{dead}-e5f6.tmp",
    }
    for path in names.values():
        path.write_text("x", encoding="utf-8")
    assert remove_leftovers(tmp_path) == 1
    assert {k for k, p in names.items() if p.exists()} == {"alive", "other", "draft", "nested"}
    assert remove_leftovers(tmp_path, recursive=True) == 1
    assert {k for k, p in names.items() if p.exists()} == {"alive", "other", "draft"}
    assert remove_leftovers(tmp_path / "missing") == 0
