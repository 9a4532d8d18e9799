"""PDF through LibreOffice: `soffice --headless --convert-to pdf`, one process for many files.

What LibreOffice converts is a copy of the .docx with type on the grid narrowed to its cells
(gongwen.GRID_SCALE_PERCENT); the .docx a user opens never carries it. Each run has a
LibreOffice profile of its own, so a LibreOffice the user has open neither swallows the job
nor is disturbed. Where the fonts a 公文 names (仿宋_GB2312, 方正小标宋简体 …) are not
installed, fontconfig is told which installed fonts stand in for them, real ones first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reportgen.errors import Problem, ReportgenError

SOFFICE = "soffice"
MISSING = ("生成 PDF 需要 LibreOffice，但没有找到 soffice 命令。请安装后重试："
           "Debian/Ubuntu 执行 sudo apt-get install libreoffice-writer（中文字体：fonts-noto-cjk），"
           "麒麟/统信 UOS 用软件商店安装 LibreOffice，Windows 和 macOS 从 "
           "https://zh-cn.libreoffice.org 下载；安装后确认命令行中可以运行 soffice")
START_SECONDS = 120  # a first start builds the profile
SECONDS_PER_FILE = 30
MAX_ARGS_BYTES = 100_000  # well under any system's command-line limit: more files, more runs

# Installed fonts that stand in for those a 公文 names: appended after the name, so the real
# font wins where it is installed (Word's and WPS's machines), these where it is not.
STAND_INS = {
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "Noto Serif CJK SC", "Source Han Serif SC"),
    "仿宋_GB2312": ("FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", "Source Han Serif SC"),
    "楷体_GB2312": ("KaiTi_GB2312", "楷体", "KaiTi", "AR PL UKai CN", "Noto Serif CJK SC"),
    "黑体": ("SimHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei"),
    "宋体": ("SimSun", "Noto Serif CJK SC", "Source Han Serif SC"),
    "Times New Roman": ("Liberation Serif", "Tinos"),
}


def soffice() -> str:
    """The LibreOffice command, or a ReportgenError saying what to install (before any work)."""
    found = shutil.which(SOFFICE)
    if found is None:
        raise ReportgenError(MISSING)
    return found


def convert(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Each .docx (name → bytes) as PDF bytes, by one LibreOffice run (a few for thousands)."""
    with tempfile.TemporaryDirectory(prefix="reportgen-pdf-") as work:
        folder = Path(work)
        paths = []
        for i, data in enumerate(documents.values()):
            path = folder / f"{i}.docx"
            path.write_bytes(data)
            paths.append(path)
        pdfs = convert_files(paths, folder)
        out = {}
        for name, path in zip(documents, paths, strict=True):
            if path not in pdfs:
                raise ReportgenError([Problem("LibreOffice 没能把这份草稿转换为 PDF", file=name)])
            out[name] = pdfs[path].read_bytes()
        return out


def convert_files(paths: list[Path], outdir: Path) -> dict[Path, Path]:
    """Convert .docx files into outdir; return each file converted → its PDF (failures left out)."""
    command = soffice()
    done: dict[Path, Path] = {}
    with tempfile.TemporaryDirectory(prefix="reportgen-lo-") as work:
        env = {**os.environ, **_fonts(Path(work))}
        profile = (Path(work) / "profile").as_uri()
        for batch in _batches(paths):
            args = [command, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--nologo", "--nolockcheck", "--convert-to", "pdf", "--outdir", str(outdir),
                    *map(str, batch)]
            try:
                subprocess.run(args, env=env, capture_output=True, check=False, stdin=subprocess.DEVNULL,
                               timeout=START_SECONDS + SECONDS_PER_FILE * len(batch))
            except subprocess.TimeoutExpired:
                message = "LibreOffice 转换 PDF 超时，已停止；请检查 soffice 能否正常运行"
                raise ReportgenError(message) from None
            except OSError as exc:
                raise ReportgenError(f"无法运行 LibreOffice（{command}）：{exc.strerror or exc}") from None
            for path in batch:
                pdf = outdir / (path.stem + ".pdf")
                if pdf.is_file() and pdf.stat().st_size > 0:
                    done[path] = pdf
    return done


def _batches(paths: list[Path]) -> Iterable[list[Path]]:
    batch: list[Path] = []
    size = 0
    for path in paths:
        length = len(str(path)) + 1
        if batch and size + length > MAX_ARGS_BYTES:
            yield batch
            batch, size = [], 0
        batch.append(path)
        size += length
    if batch:
        yield batch


def _fonts(work: Path) -> dict[str, str]:
    """A fontconfig file naming the stand-ins (Linux; elsewhere LibreOffice finds its own)."""
    if not sys.platform.startswith("linux") or "FONTCONFIG_FILE" in os.environ:
        return {}
    aliases = "".join(
        f"<alias><family>{name}</family><accept>"
        + "".join(f"<family>{family}</family>" for family in families)
        + "</accept></alias>"
        for name, families in STAND_INS.items()
    )
    conf = work / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"{aliases}</fontconfig>", encoding="utf-8")
    return {"FONTCONFIG_FILE": str(conf)}
