"""Bounds on a zip package (.xlsx, .docx) before a library unpacks it.

A few MB of zip can inflate to GiB. Every part is checked on its declared size, on its
compression ratio, and then on the bytes it actually inflates to, read through once in
chunks (zipfile stops a part at its declared size and checks its CRC, so a part that lies
about its size is found corrupt rather than read on). Parts that a reader streams, such as a
worksheet, may be larger than parts that a reader holds whole in memory.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO

from reportgen.errors import FactsError, Problem

MIB = 1024 * 1024
CHUNK = MIB


@dataclass(frozen=True)
class Limits:
    part: int  # inflated bytes of a part a reader holds whole
    streamed: int  # inflated bytes of a part a reader streams
    total: int  # inflated bytes of all parts together
    ratio: int = 100  # inflated / compressed, for parts over RATIO_FROM bytes
    parts: int = 10_000
    is_streamed: Callable[[str], bool] = lambda name: False


RATIO_FROM = MIB  # small parts (a few repeated tags) compress far better than 100:1 and are harmless


class Unsafe(FactsError):
    """The package is corrupt or would inflate beyond the bounds."""


def check(source: str | IO[bytes], name: str, limits: Limits, kind: str, corrupt: str) -> None:
    """Raise Unsafe (exit 2) if the package is not a sound zip within limits.

    kind names the format in messages ("Excel 文件"); corrupt is the message for a damaged file.
    """
    try:
        with zipfile.ZipFile(source) as package:
            infos = package.infolist()
            if len(infos) > limits.parts:
                _refuse(name, f"{kind}包含的部件过多（{len(infos)} 个）")
            _declared(infos, name, limits, kind)
            _actual(package, infos, name, limits, kind)
    except Unsafe:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError,
            KeyError, OSError):
        _refuse(name, corrupt)


def _limit(info: zipfile.ZipInfo, limits: Limits) -> int:
    return limits.streamed if limits.is_streamed(info.filename) else limits.part


def _declared(infos: list[zipfile.ZipInfo], name: str, limits: Limits, kind: str) -> None:
    total = 0
    for info in infos:
        size, packed = info.file_size, info.compress_size
        if size > _limit(info, limits):
            limit = _mb(_limit(info, limits))
            _refuse(name, f"{kind}中的 {info.filename} 解压后为 {_mb(size)}，超过上限 {limit}："
                          "可能是恶意构造的压缩包")
        if size > RATIO_FROM and size > limits.ratio * max(packed, 1):
            _refuse(name, f"{kind}中的 {info.filename} 压缩比异常（{size // max(packed, 1)}:1）："
                          "可能是恶意构造的压缩包")
        total += size
    if total > limits.total:
        _refuse(name, f"{kind}解压后共 {_mb(total)}，超过上限 {_mb(limits.total)}")


def _actual(package: zipfile.ZipFile, infos: list[zipfile.ZipInfo], name: str, limits: Limits,
            kind: str) -> None:
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        size = 0
        with package.open(info) as part:
            while chunk := part.read(CHUNK):
                size += len(chunk)
                if size > _limit(info, limits) or total + size > limits.total:
                    _refuse(name, f"{kind}中的 {info.filename} 解压后超过上限：可能是恶意构造的压缩包")
        total += size


def _refuse(name: str, message: str) -> None:
    raise Unsafe([Problem(message, file=name)])


def _mb(size: int) -> str:
    return f"{size / MIB:.0f} MB" if size >= MIB else f"{size // 1024} KB"
