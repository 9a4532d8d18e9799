"""Where drafts go: safe file names, output paths, atomic writes that never clobber."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from pathlib import Path

from reportgen.errors import OutputError, Problem, os_reason

SUFFIXES = {"md": ".md", "docx": ".docx", "pdf": ".pdf"}
MAX_LISTED = 10  # files named when refusing to overwrite many
MAX_STEM_BYTES = 180  # file names are 255 bytes on most systems; room for suffixes
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*\u200b-\u200f\u202a-\u202e\u2066-\u2069\ue000-\uf8ff]')
_SPACE_NEAR_CJK = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef]) | (?=[\u3000-\u9fff\uff00-\uffef])")
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


def safe_stem(name: str) -> str:
    """A file name stem safe on Windows and Linux, whatever the unit name says."""
    text = unicodedata.normalize("NFC", name)
    text = _UNSAFE.sub("_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = re.sub(r"\s+", " ", text)
    text = _SPACE_NEAR_CJK.sub("", text)  # 守正创新　凝心聚力 → 守正创新凝心聚力
    text = re.sub(r"_{2,}", "_", text).strip(" ._")
    if not text:  # the name was nothing but marks, dots and spaces
        text = "报告"
    if _RESERVED.match(text):
        text = "_" + text
    if len(text.encode("utf-8")) > MAX_STEM_BYTES:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
        while len(text.encode("utf-8")) > MAX_STEM_BYTES - 9:
            text = text[:-1]
        text = f"{text.rstrip(' .')}-{digest}"
    return text


def targets(out: str | None, stem: str, formats: list[str], cwd: Path) -> list[Path]:
    """The files a draft is written to.

    `out` ending in .md, .docx or .pdf names the file itself (the formats share its stem);
    any other `out` is a folder for the default name; None means the current folder.
    """
    if out is None:
        return [cwd / (stem + SUFFIXES[f]) for f in formats]
    path = Path(out)
    if not path.is_absolute():
        path = cwd / path
    if path.suffix.lower() in SUFFIXES.values() and not out.endswith(("/", os.sep)):
        return [path.with_suffix(SUFFIXES[f]) for f in formats]
    return [path / (stem + SUFFIXES[f]) for f in formats]


def shown_path(path: Path, cwd: Path | None = None) -> str:
    """A path as the user should read it: relative to the working folder when inside it."""
    try:
        return str(path.relative_to(cwd or Path.cwd()))
    except ValueError:
        return str(path)


MAX_NAME_BYTES = 255  # a file or folder name, on every common file system
MAX_PATH_BYTES = 4096


def unwritable(path: Path) -> str | None:
    """Why no file can be made at path, found before trying: a name or path too long, or a
    file standing where a folder of the path should be. None when nothing stands in the way."""
    encoded = os.fsencode(path)
    if len(encoded) >= MAX_PATH_BYTES:
        return f"路径过长（{len(encoded)} 字节，上限 {MAX_PATH_BYTES - 1} 字节）"
    for part in path.parts:
        size = len(os.fsencode(part))
        if size > MAX_NAME_BYTES:
            return f"文件名过长（“{part[:20]}…”有 {size} 字节，上限 {MAX_NAME_BYTES} 字节）"
    for parent in path.parents:
        try:
            if parent.exists():
                if not parent.is_dir():
                    return f"上级路径不是文件夹：{shown_path(parent)} 是一个文件"
                return None
        except OSError as exc:
            return os_reason(exc)
    return None


def check_free(paths: list[Path], force: bool) -> None:
    """Refuse, before anything is written, to replace an existing file without --force
    (a batch: before drafting anything, rather than fail unit after unit)."""
    problems = []
    for path in paths:
        blocked = unwritable(path)
        if blocked:
            problems.append(Problem(f"无法写入：{blocked}", file=shown_path(path)))
        elif path.is_dir():
            problems.append(Problem("已有同名文件夹，无法写入", file=shown_path(path)))
        elif path.exists() and not force:
            problems.append(Problem("文件已存在；如需覆盖，请加 --force", file=shown_path(path)))
    if len(problems) > MAX_LISTED:
        more = Problem(f"共 {len(problems)} 个文件无法写入，以上列出前 {MAX_LISTED} 个")
        problems = [*problems[:MAX_LISTED], more]
    if problems:
        raise OutputError(problems)


def write_atomic(path: Path, data: bytes, force: bool = False, sync: bool = True) -> None:
    """Write data to path all at once: a reader sees the old file or the whole new one.

    Without force an existing file is never replaced, even one created meanwhile.
    sync=False skips the fsync (about a millisecond a file) for a caller that writes many
    files and flushes them all at once when done, as batch does.
    """
    blocked = unwritable(path)
    if blocked:
        raise OutputError([Problem(f"无法写入：{blocked}", file=shown_path(path))])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}{TMP_TAG}{os.getpid()}-", suffix=".tmp",
                                   dir=path.parent)
    except OSError as exc:
        raise OutputError([Problem(f"无法写入：{os_reason(exc)}", file=shown_path(path))]) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _mode(path, force))  # mkstemp makes 0600 whatever the umask
            fh.write(data)
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_no_clobber(tmp, path)
    except FileExistsError:
        raise OutputError([Problem("文件已存在；如需覆盖，请加 --force", file=shown_path(path))]) from None
    except OSError as exc:
        failed = Problem(f"写入失败：{os_reason(exc)}；原有文件未改动", file=shown_path(path))
        raise OutputError([failed]) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


# Temporary files are hidden and named .<file>.reportgen-<pid>-<random>.tmp, so that a run
# can tell its own kind from anyone else's and remove those a killed run left behind.
TMP_TAG = ".reportgen-"
_LEFTOVER = re.compile(r"^\..*\.reportgen-(\d+)-[A-Za-z0-9_]+\.tmp$")


def _mode(path: Path, force: bool) -> int:
    """A replaced file keeps its mode; a new one gets what the umask allows (0666 & ~umask)."""
    if force:
        with contextlib.suppress(OSError):
            return path.stat().st_mode & 0o777
    return 0o666 & ~_umask()


def _umask() -> int:
    try:
        with open("/proc/self/status") as fh:  # read without changing it (Linux)
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_leftovers(folder: Path, recursive: bool = False) -> int:
    """Remove the temporary files that a killed run of reportgen left in folder (those of a
    process still running are left alone); return how many were removed."""
    removed = 0
    if not folder.is_dir():
        return 0
    walk = os.walk(folder) if recursive else [(str(folder), [], os.listdir(folder))]
    for base, _, names in walk:
        for name in names:
            m = _LEFTOVER.match(name)
            if m and not _running(int(m.group(1))):
                with contextlib.suppress(OSError):
                    os.unlink(os.path.join(base, name))
                    removed += 1
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or cannot tell: leave its files
    return True


def _link_no_clobber(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)  # fails if path exists: no window in which another file is lost
    except (PermissionError, NotImplementedError, OSError) as exc:
        if isinstance(exc, FileExistsError):
            raise
        if path.exists():  # file systems without hard links
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)
