"""The .docx in a real word processor: LibreOffice prints it to PDF (reportgen.pdf, as
`--format pdf` does), poppler reads the PDF back, and the page is measured as a reader would
measure it with a ruler. Every expected value is the standard's own (GB/T 9704-2012): A4, the
margins 37/35/28/26 mm, 22 lines of 28 字, 3号 (16 pt) text, 2号 (22 pt) title.

One soffice run converts one sample per report type, a long speech, a grid check page and a
公文 with every element at several lengths (LibreOffice is slow; several files in one run cost
little more than one). Without soffice, pdfinfo, pdftotext or pdftoppm the module is skipped;
CI installs libreoffice-writer-nogui, poppler-utils, fonts-noto-cjk and fonts-liberation2
(Times New Roman's widths, for the digits of a date).
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
from docx_support import SAMPLES, full_line_document, official_document, sample_document, speech_document

from reportgen import pdf
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
# an official 公文 at lengths that end its text: on page 2 with room for the 版记; on page 4
# with none left (a blank page, then the 版记); on page 3 (the 版记 alone on page 4)
LENGTHS = {"official": 0, "official-blank": 5, "official-odd": 8}


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
    docs |= {name: official_document(n) for name, n in LENGTHS.items()}
    files = {}
    for name, doc in docs.items():
        files[name] = out / f"{name}.docx"
        files[name].write_bytes(docx.render(doc, squeeze=True))  # the copy --format pdf prints
    made = pdf.convert_files(list(files.values()), out)
    assert set(made) == set(files.values())
    return {name: (doc, made[files[name]]) for name, doc in docs.items()}


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


@pytest.mark.parametrize("name", [*NAMES, "official"])
def test_type_is_set_at_the_standard_s_sizes(converted: dict[str, tuple[Document, Path]],
                                             name: str) -> None:
    """3号 (16 pt) text and headings, 2号 (22 pt) title, 4号 (14 pt) page numbers."""
    sizes = type_sizes(converted[name][1])
    assert sizes.most_common(1)[0][0] == 16
    assert 22 in sizes and 14 in sizes
    assert set(sizes) <= {16, 22, 14, 31.5}  # 31.5: the official's 14-字 红头 across 156 mm


def test_paragraphs_start_two_characters_in(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.3: 每个自然段左空二字, 11.1 mm of the 156-mm, 28-字 line; 回行顶格."""
    page = body_words(converted["grid"][1], 1)
    starts = sorted({round(w.left, 1) for w in page if w.text.startswith("坚持")})
    indents = [round(x - LEFT, 1) for x in starts]
    assert indents and all(abs(i - 2 * CHAR_MM) <= 0.5 for i in indents)
    assert min(w.left for w in page if not w.text.startswith(("坚持", "意识"))) == pytest.approx(LEFT, abs=0.5)


# --- a 公文 with every element ----------------------------------------------------------------

@pytest.fixture(scope="module")
def first_page(converted: dict[str, tuple[Document, Path]], tmp_path_factory: pytest.TempPathFactory
               ) -> tuple[list[Word], Raster]:
    pdf_path = converted["official"][1]
    return body_words(pdf_path, 1), Raster.of(pdf_path, 1, tmp_path_factory.mktemp("raster"))


def test_copy_number_secrecy_and_urgency_top_left_in_order(
        first_page: tuple[list[Word], Raster]) -> None:
    """§7.2.1–7.2.3: 顶格 in the 版心's top-left corner, 份号, 密级, 紧急程度 on lines 1, 2, 3."""
    page, _ = first_page
    marks = [next(w for w in page if w.text == text) for text in ("000023", "内部", "加急")]
    for line, mark in enumerate(marks, 1):
        assert mark.left == pytest.approx(LEFT, abs=0.5)
        assert TOP + (line - 1) * LINE_MM < mark.baseline < TOP + line * LINE_MM


def test_issuer_mark_is_red_centred_35_mm_under_the_text_block_top(
        first_page: tuple[list[Word], Raster]) -> None:
    """§7.2.4: 发文机关标志居中排布，上边缘至版心上边缘为35 mm, 红色."""
    page, raster = first_page
    red = raster.rows("red")
    ink_top = min(red) * PX
    assert ink_top - TOP == pytest.approx(35, abs=1)
    mark = next(w for w in page if w.text == "中共青川市交通运输局党组文件")
    assert (mark.left + mark.right) / 2 == pytest.approx(LEFT + TEXT_W / 2, abs=1)
    mark_rows = [y for y in red if y * PX < mark.bottom + 1]
    assert len({x for y in mark_rows for x in red[y]}) > 0


def test_number_and_signer_share_a_line_under_the_mark(first_page: tuple[list[Word], Raster]) -> None:
    """§7.2.5, §7.2.6: a 上行文's 发文字号 居左空一字, 签发人 居右空一字, on one line, two lines
    under the mark; “签发人：” in 仿宋 and the name in 楷体 (two fonts: two words)."""
    page, _ = first_page
    line = line_starting(page, "青交党")
    text = "".join(w.text for w in line)
    assert text == "青交党〔2024〕31号签发人：陈志远"
    one = 16 * PT  # 空一字 of 3号 type off the grid
    assert line[0].left - LEFT == pytest.approx(one, abs=0.7)
    assert PAGE_W - RIGHT - line[-1].right == pytest.approx(one, abs=0.7)
    mark = next(w for w in page if w.text == "中共青川市交通运输局党组文件")
    gap = line[0].baseline - mark.baseline  # 下空二行: the next line but two
    assert 2 * LINE_MM < gap < 3.5 * LINE_MM


def test_a_red_line_4_mm_under_the_number_across_the_text_block(
        first_page: tuple[list[Word], Raster]) -> None:
    """§7.2.7: 发文字号之下4 mm处居中印一条与版心等宽的红色分隔线."""
    page, raster = first_page
    [(top, bottom, left, right)] = raster.rules("red")
    assert (left, right) == (pytest.approx(LEFT, abs=0.3), pytest.approx(PAGE_W - RIGHT, abs=0.3))
    assert bottom - top == pytest.approx(0.35, abs=0.15)
    number = line_starting(page, "青交党")
    dark = raster.rows("dark")
    ink_bottom = max(y for y in dark if number[0].top < y * PX < top) * PX + PX
    assert top - ink_bottom == pytest.approx(4, abs=0.6)
    title = next(w for w in page if w.text.startswith("青川市交通运输局党组关于"))
    assert 2 * LINE_MM < title.baseline - bottom < 3 * LINE_MM  # §7.3.1: 红色分隔线下空二行


def test_addressee_flush_left_one_line_under_the_title(first_page: tuple[list[Word], Raster]) -> None:
    """§7.3.2: 主送机关 标题下空一行位置，居左顶格."""
    page, _ = first_page
    to = next(w for w in page if w.text == "中共青川市委：")
    title = max(w.baseline for w in page if w.baseline < to.baseline - 1)  # its last line
    assert to.left == pytest.approx(LEFT, abs=0.5)
    assert to.baseline - title == pytest.approx(2 * LINE_MM, abs=1)


SIGNED = "青川市交通运输局党组"  # the official's 发文机关署名


def _closing_page(pdf_path: Path) -> list[Word]:
    return next(body_words(pdf_path, p) for p in range(pages(pdf_path), 0, -1)
                if any(w.text == SIGNED for w in body_words(pdf_path, p)))


def _line_under(page: list[Word], word: Word) -> list[Word]:
    return sorted((w for w in page if abs(w.baseline - word.baseline - LINE_MM) < 1), key=lambda w: w.left)


def test_attachments_after_the_text_with_hanging_names(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.4: 正文下空一行左空二字“附件：1.……”; 2. under 1.; a long name wraps under its own
    first character."""
    page = _closing_page(converted["official"][1])
    first = line_starting(page, "附件")
    assert first[0].left - LEFT == pytest.approx(2 * CHAR_MM, abs=0.5)
    second = line_starting(page, "2.")
    assert second[0].left - LEFT == pytest.approx(5 * CHAR_MM, abs=0.6)  # under “1.”, after 附件：
    wrapped = _line_under(page, second[0])
    assert wrapped and wrapped[0].left == pytest.approx(second[0].left + CHAR_MM, abs=0.8)


def test_attachments_one_blank_line_under_the_text(converted: dict[str, tuple[Document, Path]]) -> None:
    checked = 0
    for name in LENGTHS:
        page = _closing_page(converted[name][1])
        text = [w for w in page if w.text.startswith("特此报告")]
        if text:  # the text's last line and the 附件说明 on one page
            first = line_starting(page, "附件")
            assert first[0].baseline - text[0].baseline == pytest.approx(2 * LINE_MM, abs=1)
            checked += 1
    assert checked


def test_sealed_closing_leaves_room_for_the_seal(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.5.1: 成文日期右空四字, 发文机关署名以成文日期为准居中, and the seal's top within a
    line of the text: the signature two blank lines under the 附件说明."""
    page = _closing_page(converted["official"][1])
    unit = next(w for w in page if w.text == SIGNED)
    date = _line_under(page, unit)
    assert "".join(w.text for w in date) == "2024年12月27日"
    above = max(w.baseline for w in page if w.baseline < unit.baseline - 1)
    assert unit.baseline - above == pytest.approx(3 * LINE_MM, abs=1)
    assert date[0].baseline - unit.baseline == pytest.approx(LINE_MM, abs=0.5)
    # a 42 mm seal whose top is within a line of the text covers both, in its lower half
    seal_top = above + LINE_MM / 2
    assert seal_top + 21 < unit.baseline and date[0].baseline < seal_top + 42


def test_sealed_date_four_characters_from_the_right(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.5.1: 成文日期一般右空四字. Exactly so in Word; LibreOffice sets the date about 5 mm
    wider (more room between digits and Chinese), half of it to the right, as the date is
    centred on its axis. Digits are measured in Times New Roman's widths."""
    match = subprocess.run(["fc-match", "Times New Roman"], capture_output=True, text=True).stdout
    if not re.search("Liberation Serif|Tinos|Times", match):
        pytest.skip(f"no font with Times New Roman's widths (Debian: fonts-liberation2): {match.strip()}")
    page = _closing_page(converted["official"][1])
    date = _line_under(page, next(w for w in page if w.text == SIGNED))
    assert PAGE_W - RIGHT - date[-1].right == pytest.approx(4 * CHAR_MM, abs=3)


def test_sealed_signature_is_centred_over_the_date(converted: dict[str, tuple[Document, Path]]) -> None:
    """§7.3.5.1: 以成文日期为准居中编排发文机关署名, whatever widths the fonts give the digits."""
    page = _closing_page(converted["official"][1])
    unit = next(w for w in page if w.text == SIGNED)
    date = _line_under(page, unit)
    assert (unit.left + unit.right) / 2 == pytest.approx((date[0].left + date[-1].right) / 2, abs=0.7)


@pytest.mark.parametrize("name", list(LENGTHS))
def test_imprint_closes_the_last_page_an_even_one(converted: dict[str, tuple[Document, Path]],
                                                  tmp_path: Path, name: str) -> None:
    """§7.4.1: 末条分隔线与公文最后一面的版心下边缘重合, printed on both sides (§6.2): the last
    page is even; §7.5: after a blank page neither it nor the 版记's page is numbered."""
    pdf_path = converted[name][1]
    last = pages(pdf_path)
    assert last % 2 == 0
    for page in range(1, last):
        assert "抄送" not in pdf_text(pdf_path, page)
    page_words = words_on(pdf_path, last)
    assert any(w.text.startswith("抄送") for w in page_words)
    blank = squeeze(pdf_text(pdf_path, last - 1)) == ""
    number = squeeze("".join(w.text for w in page_words if w.top > PAGE_H - BOTTOM))
    assert number == ("" if blank else f"—{last}—")
    [(t1, b1, l1, r1), (t2, b2, _, _), (t3, b3, _, _)] = Raster.of(pdf_path, last, tmp_path).rules("dark")
    assert (l1, r1) == (pytest.approx(LEFT, abs=0.3), pytest.approx(PAGE_W - RIGHT, abs=0.3))
    assert b3 == pytest.approx(PAGE_H - BOTTOM, abs=0.3)  # on the 版心's bottom edge
    assert b1 - t1 == pytest.approx(0.35, abs=0.15) and b3 - t3 == pytest.approx(0.35, abs=0.15)
    assert b2 - t2 == pytest.approx(0.25, abs=0.15)  # 中间的分隔线用细线
    cc = line_starting(page_words, "抄送")
    printed = line_starting(page_words, "青川市交通运输局党组办公室")
    assert b1 < cc[0].baseline < t2 < printed[0].baseline < t3
    one = 14 * PT  # 4号: 左右各空一字
    assert cc[0].left - LEFT == pytest.approx(one, abs=0.6)
    assert printed[0].left - LEFT == pytest.approx(one, abs=0.6)
    assert PAGE_W - RIGHT - printed[-1].right == pytest.approx(one, abs=0.6)
    assert "".join(w.text for w in printed).endswith("2024年12月27日印发")
    text = [w for w in page_words if w.top < t1 - 1]
    if text:  # the text shares the page: it ends above the 版记
        assert max(w.bottom for w in text) < t1


def test_the_lengths_cover_every_way_the_imprint_is_placed(
        converted: dict[str, tuple[Document, Path]]) -> None:
    """With the text on its page, alone after an odd page, alone after a blank page."""
    ways = set()
    for name in LENGTHS:
        pdf_path = converted[name][1]
        last = pages(pdf_path)
        shares = any(w.text == SIGNED for w in body_words(pdf_path, last))
        blank = squeeze(pdf_text(pdf_path, last - 1)) == ""
        ways.add("shared" if shares else "blank" if blank else "alone")
    assert ways == {"shared", "blank", "alone"}
