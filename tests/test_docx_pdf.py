"""The .docx in a real word processor: LibreOffice prints it to PDF, poppler reads the PDF back.

One soffice run converts one sample per report type plus a long speech and a grid check page
(LibreOffice is slow; several files in one run cost little more than one). Without soffice,
pdfinfo or pdftotext the module is skipped; CI installs libreoffice-writer-nogui,
poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from docx_support import SAMPLES, full_line_document, sample_document, speech_document

from reportgen.document import Document, Heading
from reportgen.writers import docx
from reportgen.writers.gongwen import (
    CHARS_PER_LINE,
    LINES_PER_PAGE,
    MARGIN_BOTTOM_MM,
    PAGE_HEIGHT_MM,
    PAGE_WIDTH_MM,
    fullwidth_punctuation,
    title_lines,
    width,
)

TOOLS = ("soffice", "pdfinfo", "pdftotext")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"needs {', '.join(MISSING)} (Debian: libreoffice-writer-nogui, "
                          "poppler-utils, fonts-noto-cjk)")
PT_PER_MM = 72 / 25.4
_NUM = r'"([\d.]+)"'
_WORD = re.compile(rf"<word xMin={_NUM} yMin={_NUM} xMax={_NUM} yMax={_NUM}>([^<]*)</word>")


def one_per_type(paths: list[Path]) -> list[Path]:
    chosen: dict[str, Path] = {}
    for path in paths:
        kind = str((yaml.safe_load(path.read_text("utf-8")) or {}).get("type", path.stem))
        chosen.setdefault(kind, path)
    return list(chosen.values())


CHOSEN = one_per_type(SAMPLES)
NAMES = [p.stem for p in CHOSEN] + ["speech", "grid"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Document, Path]]:
    out = tmp_path_factory.mktemp("pdf")
    docs = {p.stem: sample_document(p) for p in CHOSEN}
    docs |= {"speech": speech_document(), "grid": full_line_document()}
    files = []
    for name, doc in docs.items():
        files.append(out / f"{name}.docx")
        files[-1].write_bytes(docx.render(doc))
    # A profile of its own: a LibreOffice already running elsewhere would swallow the job.
    profile = (out / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return {name: (doc, out / f"{name}.pdf") for name, doc in docs.items()}


def pdf_info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pdf_text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout


def pdf_words(pdf: Path, page: int) -> list[tuple[float, float, float, float, str]]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(out)]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(text: str) -> str:
    """Text without white space or full stops: LibreOffice hangs a 。 or ， that ends a line
    into the margin and pdftotext then leaves it out, which says nothing about our file."""
    return re.sub(r"[\s。，、；：]+", "", text)


def body_text(pdf: Path) -> str:
    """The printed text without the page numbers that interrupt a paragraph running over."""
    lines = pdf_text(pdf).splitlines()
    return squeeze("".join(ln for ln in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)))


def expected_lines(doc: Document) -> int:
    """Lines the report fills on a 28-字 grid: title, blank lines, every paragraph."""
    lines = len(title_lines(doc.title, [(s.start, s.end) for s in doc.title_spans])) + 1
    roles = [b.role if not isinstance(b, Heading) else "heading" for b in doc.blocks]
    lines += "signature" in roles
    for block, role in zip(doc.blocks, roles, strict=True):
        indent = 2 if role in ("body", "heading") else 0
        text = fullwidth_punctuation(block.full()[0])
        lines += math.ceil((indent + width(text)) / CHARS_PER_LINE)
    return lines


@pytest.mark.parametrize("name", NAMES)
def test_printed_on_a4(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    size = re.match(r"\s*([\d.]+) x ([\d.]+) pts", pdf_info(converted[name][1])["Page size"])
    assert size is not None
    assert float(size[1]) == pytest.approx(PAGE_WIDTH_MM * PT_PER_MM, abs=1)
    assert float(size[2]) == pytest.approx(PAGE_HEIGHT_MM * PT_PER_MM, abs=1)


@pytest.mark.parametrize("name", NAMES)
def test_page_count_fits_22_lines_a_page(converted: dict[str, tuple[Document, Path]],
                                         name: str) -> None:
    doc, pdf = converted[name]
    pages = int(pdf_info(pdf)["Pages"])
    least = math.ceil(expected_lines(doc) / LINES_PER_PAGE)
    assert least <= pages <= least + 1  # a heading kept with its paragraph may push one over


@pytest.mark.parametrize("name", NAMES)
def test_every_paragraph_is_printed(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    doc, pdf = converted[name]
    printed = words(body_text(pdf))
    assert words(doc.title) in printed
    for block in doc.blocks:
        assert words(fullwidth_punctuation(block.full()[0])) in printed


@pytest.mark.parametrize("name", NAMES)
def test_first_page_is_numbered(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    assert squeeze(pdf_text(converted[name][1], page=1)).endswith("—1—")


def test_page_numbers_sit_below_the_text_on_the_outer_side(
        converted: dict[str, tuple[Document, Path]]) -> None:
    pdf = converted["speech"][1]
    assert int(pdf_info(pdf)["Pages"]) >= 2
    text_bottom = (PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM) * PT_PER_MM
    page_width = PAGE_WIDTH_MM * PT_PER_MM
    one_char = 14  # 4号
    for page, side in ((1, "right"), (2, "left")):
        footer = [wd for wd in pdf_words(pdf, page) if wd[1] > text_bottom]
        assert [wd[4] for wd in footer] == ["—", str(page), "—"]
        left, right = footer[0][0], footer[-1][2]
        if side == "right":  # 单页码居右空一字
            assert page_width - 26 * PT_PER_MM - right == pytest.approx(one_char, abs=3)
        else:  # 双页码居左空一字
            assert left - 28 * PT_PER_MM == pytest.approx(one_char, abs=3)
        middle = (footer[0][1] + footer[0][3]) / 2
        assert middle - text_bottom == pytest.approx(7 * PT_PER_MM, abs=2 * PT_PER_MM)


def test_a_full_page_holds_22_lines_of_28_characters(
        converted: dict[str, tuple[Document, Path]]) -> None:
    lines = [ln for ln in pdf_text(converted["grid"][1], page=2).splitlines() if ln.strip()]
    body, number = lines[:-1], lines[-1]
    assert squeeze(number) == "—2—"
    assert len(body) == LINES_PER_PAGE
    assert max(map(len, body)) == CHARS_PER_LINE
    assert sum(len(ln) == CHARS_PER_LINE for ln in body) >= LINES_PER_PAGE - 3  # paragraph ends
