"""Opening what a user names as input: only regular files, read within a byte bound.

A FIFO, a terminal or a device (/dev/zero, `<(yes)`) is refused before a byte is read: opening
a FIFO would wait for a writer forever, and a device never ends. The file is opened without
blocking and checked on the open descriptor, so nothing can be swapped in between. Sizes are
counted on the bytes actually read, never taken from stat(): a file may grow while read.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from reportgen.errors import FactsError, Problem, os_reason

NOT_REGULAR = "不是普通文件（而是命名管道、设备或套接字），不能读取"


def is_regular(path: Path) -> bool:
    """Whether path is a regular file (after symlinks), without opening it."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except (OSError, ValueError):
        return False


def open_regular(path: Path, name: str) -> BinaryIO:
    """The file opened for reading in binary; FactsError (exit 2) for anything but a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise FactsError([Problem("文件不存在", file=name)]) from None
    except IsADirectoryError:
        raise FactsError([Problem("这是一个文件夹，不是文件", file=name)]) from None
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO opened without a reader
            raise FactsError([Problem(NOT_REGULAR, file=name)]) from None
        raise FactsError([Problem(f"无法读取文件：{os_reason(exc)}", file=name)]) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise FactsError([Problem("这是一个文件夹，不是文件", file=name)])
        if not stat.S_ISREG(mode):
            raise FactsError([Problem(NOT_REGULAR, file=name)])
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bounded(path: Path, name: str, limit: int) -> bytes:
    """All bytes of a regular file, refusing it once more than limit bytes have been read."""
    with open_regular(path, name) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise FactsError([Problem(f"无法读取文件：{os_reason(exc)}", file=name)]) from None
    if len(data) > limit:
        raise FactsError([Problem(f"文件过大，上限为 {_size(limit)}", file=name)])
    return data


def _size(limit: int) -> str:
    mb = 1024 * 1024
    return f"{limit // mb} MB" if limit % mb == 0 else f"{limit // 1024} KB"
