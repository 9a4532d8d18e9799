"""The exception tree. Only the CLI turns these into text on stderr and an exit code."""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we know."""

    message: str
    file: str | None = None
    line: int | None = None
    column: int | None = None
    field: str | None = None
    title: str | None = None

    def where(self) -> str:
        parts = []
        if self.file:
            parts.append(self.file)
        if self.line is not None:
            pos = f"第{self.line}行"
            if self.column is not None:
                pos += f"第{self.column}列"
            parts.append(pos)
        return " ".join(parts)

    def render(self) -> str:
        head = self.where()
        what = ""
        if self.field:
            what = self.field + (f"（{self.title}）" if self.title else "") + "："
        return f"{head}：{what}{self.message}" if head else f"{what}{self.message}"


class ReportgenError(Exception):
    """An error the user can fix; carries one or more located problems."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(problems)]
        self.problems = list(problems)
        super().__init__("\n".join(p.render() for p in self.problems))


class FactsError(ReportgenError):
    """The facts file cannot be read or does not validate."""


class TemplateError(ReportgenError):
    """A template fails to load or render."""


class OutputError(ReportgenError):
    """The draft cannot be written where it was asked to go."""


# What the operating system says, in Chinese: its own texts ("File exists") are English.
_OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已用完",
    errno.EROFS: "文件系统只读",
    errno.ENAMETOOLONG: "文件名过长",
    errno.ENOTDIR: "上级路径不是文件夹",
    errno.EEXIST: "已存在同名文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ELOOP: "符号链接层数过多或循环",
    errno.EIO: "读写出错（磁盘或网络故障）",
    errno.EMFILE: "同时打开的文件过多",
    errno.ENFILE: "同时打开的文件过多",
    errno.EFBIG: "文件过大",
    errno.EBUSY: "文件正被占用",
    errno.ETXTBSY: "文件正被占用",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EINVAL: "文件名或参数无效",
    errno.ENXIO: "设备不存在",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Chinese; never the system's English text."""
    code = exc.errno or 0
    if not code and any("\u4e00" <= ch <= "\u9fff" for ch in str(exc)):
        return str(exc)  # raised with words of ours (or a Chinese system's): they are the reason
    return _OS_REASONS.get(code) or f"系统错误（{errno.errorcode.get(code, code)}）"
