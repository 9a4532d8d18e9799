"""The .docx in a real word processor: LibreOffice prints it to PDF (the copy with type on the
grid narrowed to its cells), poppler reads the PDF back, and the page is measured as a reader would
measure it with a ruler. Every expected value is the standard's own (GB/T 9704-2012): A4, the
margins 37/35/28/26 mm, 22 lines of 28 字, 3号 (16 pt) text, 2号 (22 pt) title.

One soffice run converts one sample per report type, a long speech and a grid check page
(LibreOffice is slow; several files in one run cost little more than one). Without soffice, pdfinfo, pdftotext or pdftoppm the module is skipped;
CI installs libreoffice-writer-nogui, poppler-utils and fonts-noto-cjk.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from docx_support import SAMPLES, full_line_document, sample_document, speech_document

from reportgen.document import Document, Heading
from reportgen.writers import docx

TOOLS = ("soffice", "pdfinfo", "pdftotext", "pdftoppm")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING), reason=f"needs {', '.join(MISSING)} (Debian: libreoffice-writer-nogui, "
                          "poppler-utils, fonts-noto-cjk)")

# The standard's page (§5.1, §5.2.1, §5.2.3), in millimetres and points, as literals.
PAGE_W, PAGE_H = 210, 297
TOP, BOTTOM, LEFT, RIGHT = 37, 35, 28, 26
TEXT_W, TEXT_H = 156, 225
LINES, CHARS = 22, 28
LINE_MM = TEXT_H / LINES  # 10.23 mm: a grid line
CHAR_MM = TEXT_W / CHARS  # 5.57 mm: one 字 of text on the grid
PT = 25.4 / 72  # mm in a point
DPI = 200
PX = 25.4 / DPI  # mm in a pixel

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
        files[-1].write_bytes(docx.render(doc, squeeze=True))  # the copy LibreOffice prints
    # A profile of its own: a LibreOffice already running elsewhere would swallow the job.
    profile = (out / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
                   check=True, capture_output=True, timeout=600)
    return {name: (doc, out / f"{name}.pdf") for name, doc in docs.items()}


# --- reading the PDF ------------------------------------------------------------------------

@dataclass(frozen=True)
class Word:
    left: float  # mm from the page's left edge
    top: float  # mm from the page's top edge (poppler's box: ascent above the baseline)
    right: float
    bottom: float  # poppler's box: 0.35 em under the baseline
    text: str

    @property
    def baseline(self) -> float:
        return self.bottom - 0.35 * (self.bottom - self.top) / 1.3


def pdf_info(pdf_path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf_path)], check=True, capture_output=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def pages(pdf_path: Path) -> int:
    return int(pdf_info(pdf_path)["Pages"])


def pdf_text(pdf_path: Path, page: int | None = None) -> str:
    only = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *only, str(pdf_path), "-"], check=True, capture_output=True,
                          text=True).stdout


def words_on(pdf_path: Path, page: int) -> list[Word]:
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf_path), "-"],
                         check=True, capture_output=True, text=True).stdout
    return [Word(float(a) * PT, float(b) * PT, float(c) * PT, float(d) * PT, t)
            for a, b, c, d, t in _WORD.findall(out)]


def body_words(pdf_path: Path, page: int) -> list[Word]:
    """The words inside the 版心 (page numbers left out)."""
    return [w for w in words_on(pdf_path, page) if w.top < PAGE_H - BOTTOM]


def line_starting(words: list[Word], text: str) -> list[Word]:
    """The words of the printed line whose first word starts with text."""
    first = next(w for w in words if w.text.startswith(text))
    return sorted((w for w in words if abs(w.baseline - first.baseline) < 1), key=lambda w: w.left)


def type_sizes(pdf_path: Path) -> Counter[float]:
    """How often each type size (pt) is set: the Tf operators of the page content streams."""
    data = pdf_path.read_bytes()
    sizes: Counter[float] = Counter()
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            stream = zlib.decompress(m.group(1))
        except zlib.error:
            continue
        sizes.update(float(s) for s in re.findall(rb"/F\d+ ([\d.]+) Tf", stream))
    return sizes


@dataclass
class Raster:
    """A page as pixels, read from pdftoppm's PPM."""

    width: int
    height: int
    pixels: bytes

    @classmethod
    def of(cls, pdf_path: Path, page: int, tmp: Path) -> Raster:
        stem = tmp / f"{pdf_path.stem}-{page}"
        subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf_path), str(stem)], check=True, capture_output=True)
        magic, w, h, _, pixels = (stem.with_suffix(".ppm")).read_bytes().split(maxsplit=4)
        assert magic == b"P6"
        return cls(int(w), int(h), pixels)

    def row(self, y: int) -> bytes:
        return self.pixels[y * self.width * 3:(y + 1) * self.width * 3]

    def rows(self, colour: str) -> dict[int, list[int]]:
        """Row → the x of each pixel of the colour (red, or dark for black ink)."""
        out = {}
        for y in range(self.height):
            row = self.row(y)
            if colour == "red":
                xs = [x for x in range(self.width)
                      if row[3 * x] > 180 and row[3 * x + 1] < 90 and row[3 * x + 2] < 90]
            else:
                xs = [x for x in range(self.width) if max(row[3 * x:3 * x + 3]) < 128]
            if xs:
                out[y] = xs
        return out

    def rules(self, colour: str) -> list[tuple[float, float, float, float]]:
        """Horizontal rules at least 150 mm long: (top, bottom, left, right) in mm."""
        long = sorted(y for y, xs in self.rows(colour).items() if len(xs) * PX > 150)
        found: list[list[int]] = []
        for y in long:
            if found and y == found[-1][-1] + 1:
                found[-1].append(y)
            else:
                found.append([y])
        rows = self.rows(colour)
        return [(ys[0] * PX, (ys[-1] + 1) * PX, min(rows[ys[0]]) * PX, (max(rows[ys[0]]) + 1) * PX)
                for ys in found]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def words(text: str) -> str:
    """Text without white space or punctuation, half- and full-width alike."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text)
                   if unicodedata.category(ch)[0] in "LN")


def body_text(pdf_path: Path) -> str:
    """The printed text without the page numbers that interrupt a paragraph running over."""
    lines = pdf_text(pdf_path).splitlines()
    return squeeze("".join(ln for ln in lines if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", ln)))


def width(text: str) -> float:
    """字 a text takes on the grid: digits and Latin letters half."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def expected_lines(doc: Document) -> int:
    """Lines the report fills on a 28-字 grid: title (20 字 of 2号 a line), blank lines, text."""
    lines = math.ceil(width(doc.title) / 20) + 1
    roles = [b.role if not isinstance(b, Heading) else "heading" for b in doc.blocks]
    lines += "signature" in roles
    for block, role in zip(doc.blocks, roles, strict=True):
        indent = 2 if role in ("body", "heading") else 0
        lines += math.ceil((indent + width(block.full()[0])) / CHARS)
    return lines


# --- the page ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_printed_on_a4(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    size = re.match(r"\s*([\d.]+) x ([\d.]+) pts", pdf_info(converted[name][1])["Page size"])
    assert size is not None
    assert float(size[1]) * PT == pytest.approx(PAGE_W, abs=0.5)
    assert float(size[2]) * PT == pytest.approx(PAGE_H, abs=0.5)


@pytest.mark.parametrize("name", NAMES)
def test_page_count_fits_22_lines_a_page(converted: dict[str, tuple[Document, Path]],
                                         name: str) -> None:
    doc, pdf_path = converted[name]
    least = math.ceil(expected_lines(doc) / LINES)
    assert least <= pages(pdf_path) <= least + 1  # a heading kept with its paragraph may push one over


@pytest.mark.parametrize("name", NAMES)
def test_every_paragraph_is_printed(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    doc, pdf_path = converted[name]
    printed = words(body_text(pdf_path))
    assert words(doc.title) in printed
    for block in doc.blocks:
        assert words(block.full()[0]) in printed


@pytest.mark.parametrize("name", NAMES)
def test_first_page_is_numbered(converted: dict[str, tuple[Document, Path]], name: str) -> None:
    assert squeeze(pdf_text(converted[name][1], page=1)).endswith("—1—")


def test_page_numbers_sit_below_the_text_on_the_outer_side(
        converted: dict[str, tuple[Document, Path]]) -> None:
    pdf_path = converted["speech"][1]
    assert pages(pdf_path) >= 2
    one_char = 14 * PT  # 4号
    for page, side in ((1, "right"), (2, "left")):
        footer = [w for w in words_on(pdf_path, page) if w.top > PAGE_H - BOTTOM]
        assert [w.text for w in footer] == ["—", str(page), "—"]
        if side == "right":  # 单页码居右空一字
            assert PAGE_W - RIGHT - footer[-1].right == pytest.approx(one_char, abs=1)
        else:  # 双页码居左空一字
            assert footer[0].left - LEFT == pytest.approx(one_char, abs=1)
        middle = (footer[0].top + footer[0].bottom) / 2  # 一字线上距版心下边缘7 mm
        assert middle - (PAGE_H - BOTTOM) == pytest.approx(7, abs=2)


def test_a_full_page_holds_22_lines_of_28_characters(
        converted: dict[str, tuple[Document, Path]]) -> None:
    lines = [ln for ln in pdf_text(converted["grid"][1], page=2).splitlines() if ln.strip()]
    body, number = lines[:-1], lines[-1]
    assert squeeze(number) == "—2—"
    assert len(body) == 22
    assert max(map(len, body)) == 28
    assert sum(len(ln) == 28 for ln in body) >= 22 - 3  # paragraph ends


def test_the_text_block_is_where_the_margins_put_it(
        converted: dict[str, tuple[Document, Path]]) -> None:
    page = body_words(converted["grid"][1], 2)
    assert min(w.left for w in page) == pytest.approx(LEFT, abs=0.5)
    assert max(w.right for w in page) == pytest.approx(PAGE_W - RIGHT, abs=0.5)
    first = min(w.baseline for w in page)  # the first line's type within the top grid line
    assert TOP < first < TOP + LINE_MM


@pytest.mark.parametrize("name", NAMES)
def test_type_is_set_at_the_standard_s_sizes(converted: dict[str, tuple[Document, Path]],
                                             name: str) -> None:
    """3号 (16 pt) text and headings, 2号 (22 pt) title, 4号 (14 pt) page numbers."""
    sizes = type_sizes(converted[name][1])
    assert sizes.most_common(1)[0][0] == 16
    assert 22 in sizes and 14 in sizes
    assert set(sizes) <= {16, 22, 14}


def test_paragraphs_start_two_characters_in(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.3: 每个自然段左空二字, 11.1 mm of the 156-mm, 28-字 line; 回行顶格."""
    page = body_words(converted["grid"][1], 1)
    starts = sorted({round(w.left, 1) for w in page if w.text.startswith("坚持")})
    indents = [round(x - LEFT, 1) for x in starts]
    assert indents and all(abs(i - 2 * CHAR_MM) <= 0.5 for i in indents)
    assert min(w.left for w in page if not w.text.startswith(("坚持", "意识"))) == pytest.approx(LEFT, abs=0.5)
