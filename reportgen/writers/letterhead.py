"""A unit's own 红头 document as the base of the .docx (`draft --letterhead FILE.docx`).

The letterhead keeps everything it has: page set-up, styles, headers and footers, and every
paragraph around one marker paragraph holding only 【正文】. The drafted 主体 (title, 主送机关,
text, 附件说明, 落款) takes the marker's place, laid out by our own styles, added under names of
their own so the letterhead's Normal stays as it was. Placeholders such as 【发文字号】 and
【成文日期】 anywhere in the letterhead (its headers and footers too) are filled from the facts.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from reportgen.document import Document
from reportgen.errors import Problem, ReportgenError
from reportgen.official import CC_END, CC_SEPARATOR, PRINTED, Official
from reportgen.pipeline import Letterhead
from reportgen.writers import docx
from reportgen.writers import docx_package as pkg

MARKER = "【正文】"
BASE_STYLE = "GwNormal"  # our Normal, renamed: the letterhead's own Normal is left alone
MAX_BYTES = 20 * 1024 * 1024
_W = f"{{{pkg.W_NS}}}"
_PARTS = re.compile(r"^word/(document|header\d*|footer\d*)\.xml$")


def load(path: Path, name: str) -> Letterhead:
    """Read a letterhead and check it can take a draft: a .docx with one 【正文】 paragraph."""
    from lxml import etree  # type: ignore[import-untyped]  # python-docx's dependency

    try:
        if path.is_dir():
            raise _error(name, "是一个文件夹")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _error(name, f"过大（{size // 1024} KB），上限为 {MAX_BYTES // (1024 * 1024)} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _error(name, "不存在") from None
    except OSError as exc:
        raise _error(name, f"无法读取：{exc.strerror or exc}") from None
    parts = _read(data, name)
    try:
        body = etree.fromstring(parts[pkg.DOCUMENT]).find(f"{_W}body")
    except etree.XMLSyntaxError:
        body = None
    if body is None:
        raise _error(name, "不是有效的 Word 文档（正文部分无法读取）")
    _marker(body, name)
    return Letterhead(data, name)


def placeholders(doc: Document) -> dict[str, str]:
    """【…】 → the text it stands for; an element the facts do not give is left out."""
    o = doc.official or Official()
    values = {
        "【份号】": o.copy_number, "【密级】": o.secrecy, "【紧急程度】": o.urgency,
        "【发文机关标志】": o.issuer_mark, "【发文字号】": o.number, "【签发人】": "、".join(o.signers),
        "【成文日期】": doc.date, "【单位名称】": doc.author,
        "【抄送机关】": CC_SEPARATOR.join(o.cc) + CC_END if o.cc else "",
        "【印发机关】": o.printed_by, "【印发日期】": o.printed_on + PRINTED if o.printed_on else "",
    }
    return {key: value for key, value in values.items() if value}


def render(doc: Document, letterhead: bytes, name: str, squeeze: bool = False) -> bytes:
    """The letterhead with the draft in place of its 【正文】 paragraph."""
    from lxml import etree

    parts = _read(letterhead, name)
    fill = placeholders(doc)
    body = etree.fromstring(parts[pkg.DOCUMENT]).find(f"{_W}body")
    if body is None:
        raise _error(name, "不是有效的 Word 文档（缺少正文部分）")
    marker = _marker(body, name)
    stamped = doc.official is not None and doc.official.stamped
    xml = "".join(item.xml for item in docx.main_body(doc, stamped=stamped))
    ours = etree.fromstring(f"<w:body {pkg.ROOT_NS}>{_on_base_style(xml)}</w:body>")
    section = marker.find(f"{_W}pPr/{_W}sectPr")
    index = list(body).index(marker)
    body.remove(marker)
    paragraphs = list(ours)
    for offset, paragraph in enumerate(paragraphs):
        body.insert(index + offset, paragraph)
    if section is not None:  # the marker ended a section: the draft's last paragraph does now
        last = paragraphs[-1]
        ppr = last.find(f"{_W}pPr")
        if ppr is None:
            ppr = etree.SubElement(last, f"{_W}pPr")
            last.insert(0, ppr)
        ppr.append(section)
    out = dict(parts)
    for part, data in parts.items():
        if _PARTS.match(part):
            root = body.getroottree().getroot() if part == pkg.DOCUMENT else etree.fromstring(data)
            _fill(root, fill)
            out[part] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out[pkg.STYLES] = _styles(parts.get(pkg.STYLES), squeeze)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for part, data in out.items():
            info = zipfile.ZipInfo(part, date_time=docx.ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _error(name: str, message: str) -> ReportgenError:
    return ReportgenError([Problem(f"信头文件{message}", file=name)])


def _read(data: bytes, name: str) -> dict[str, bytes]:
    if len(data) > MAX_BYTES:
        raise _error(name, f"过大（{len(data) // 1024} KB），上限为 {MAX_BYTES // (1024 * 1024)} MB")
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise _error(name, "是旧版 Word 格式（.doc）：请用 Word 或 WPS 另存为 .docx 后再用")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            total = sum(i.file_size for i in zf.infolist())
            if total > 10 * MAX_BYTES:
                raise _error(name, "解压后过大，不像是信头文件")
            parts = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, OSError, EOFError):
        raise _error(name, "不是 Word 文档（.docx）：请用 Word 或 WPS 另存为 .docx 后再用") from None
    if pkg.DOCUMENT not in parts:
        raise _error(name, "不是 Word 文档（.docx）：缺少 word/document.xml")
    return parts


def _text(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


def _marker(body: Any, name: str) -> Any:
    """The one paragraph of the body that holds only 【正文】."""
    found = [p for p in body.iter(f"{_W}p") if _text(p).strip() == MARKER]
    direct = [p for p in found if p.getparent() is body]
    if len(direct) == 1 and len(found) == 1:
        return direct[0]
    if not found:
        raise _error(name, f"中没有只含“{MARKER}”的段落：请在信头文件中要放正文的位置单独起一段，"
                           f"写上“{MARKER}”，保存后再用")
    if len(found) > 1:
        raise _error(name, f"中有 {len(found)} 个“{MARKER}”段落，只能有一个")
    raise _error(name, f"中的“{MARKER}”在表格或文本框里：请把它单独放在正文的一段中")


def _on_base_style(xml: str) -> str:
    """Our paragraphs without a style (blank lines) take our Normal, not the letterhead's."""
    xml = xml.replace("<w:p/>", f'<w:p><w:pPr><w:pStyle w:val="{BASE_STYLE}"/></w:pPr></w:p>')
    return re.sub(r"<w:p><w:pPr>(?!<w:pStyle)", f'<w:p><w:pPr><w:pStyle w:val="{BASE_STYLE}"/>', xml)


def _fill(root: Any, values: dict[str, str]) -> None:
    """Replace each 【…】 placeholder, also where Word has split it over several runs."""
    if not values:
        return
    keys = re.compile("|".join(map(re.escape, values)))
    for paragraph in root.iter(f"{_W}p"):
        texts = list(paragraph.iter(f"{_W}t"))
        whole = "".join(t.text or "" for t in texts)
        if not keys.search(whole):
            continue
        owners = [(t, i) for t in texts for i in range(len(t.text or ""))]  # each character's place
        for m in reversed(list(keys.finditer(whole))):  # from the end: earlier places stay valid
            _replace_span(owners[m.start():m.end()], values[m.group()])
        for t in texts:  # keep the spaces a value may begin or end with
            if t.text and (t.text[0] == " " or t.text[-1] == " "):
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _replace_span(chars: list[tuple[Any, int]], value: str) -> None:
    """Put value where these characters stand: in the run the first of them is in."""
    edits: dict[Any, list[int]] = {}
    for t, i in chars:
        edits.setdefault(t, []).append(i)
    first = chars[0][0]
    for t, places in edits.items():
        text = t.text or ""
        t.text = text[: places[0]] + (value if t is first else "") + text[places[-1] + 1:]


def _styles(theirs: bytes | None, squeeze: bool) -> bytes:
    """The letterhead's styles with ours added: our Normal under its own name, the others on it."""
    from lxml import etree

    ours = etree.fromstring(pkg.shared_parts(squeeze)[pkg.STYLES])
    root = etree.fromstring(theirs) if theirs else etree.fromstring(
        f"<w:styles {pkg.ROOT_NS}/>".encode())
    mine = []
    for style in ours.iter(f"{_W}style"):
        style_id = style.get(f"{_W}styleId")
        if style_id in ("Footer", "DefaultParagraphFont"):
            continue  # the letterhead's page numbers and default font stay its own
        if style_id == "Normal":
            style.set(f"{_W}styleId", BASE_STYLE)
            style.attrib.pop(f"{_W}default", None)
            style.find(f"{_W}name").set(f"{_W}val", "公文基础")
        based = style.find(f"{_W}basedOn")
        if based is not None and based.get(f"{_W}val") == "Normal":
            based.set(f"{_W}val", BASE_STYLE)
        mine.append(style)
    replaced = {s.get(f"{_W}styleId") for s in mine}
    for style in list(root.iter(f"{_W}style")):
        if style.get(f"{_W}styleId") in replaced:
            root.remove(style)
    for style in mine:
        root.append(style)
    styles: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return styles

