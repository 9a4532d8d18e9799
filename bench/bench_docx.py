"""How fast reports become .docx: reportgen beside docxtpl, naive python-docx and the floor.

Run by hand (not a test):

    python bench/bench_docx.py                      # 300 reports of the ~1,400-字 sample
    python bench/bench_docx.py -n 1000 --sample samples/双胜镇-2024H1.yaml
    python bench/bench_docx.py --official           # the same report as a full 公文: 版头, 版记

Every approach runs in a child process of its own, pinned to one CPU, and turns the same
Document into .docx bytes N times; the table gives reports a second, milliseconds a report,
the first report (which pays for building anything cached), Python's peak allocation while
writing one report, and the child's peak resident memory.

  reportgen  writers.docx.render: shared parts built once, document.xml written as text
  floor      the same paragraphs as bare document.xml (style id + one run) zipped with the same
             shared parts: no object model, no run-ins, no indents. Nothing does less.
  docxtpl    DocxTemplate over a template of the same styles: load, render, save per report
  naive      python-docx as often written: Document() per report, add_paragraph(text, style=name)
  pipeline   facts file to .docx: load, validate, derive, render templates, parse, write
             (one template environment for all reports, as batch drafting would use)

--official gives the report a full 版头 (份号, 密级, 紧急程度, 发文机关标志, 发文字号, 签发人),
a 主送机关, two attachments, a sealed 落款 and a 版记, as a document block in the facts would;
the floor and docxtpl write those lines too, as plain paragraphs of their styles.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.document import Document, Heading, Paragraph  # noqa: E402
from reportgen.official import Official, attachment_paragraphs  # noqa: E402
from reportgen.pipeline import draft_file  # noqa: E402
from reportgen.templating import make_environment  # noqa: E402
from reportgen.writers import docx as docx_writer  # noqa: E402
from reportgen.writers import docx_package as pkg  # noqa: E402
from reportgen.writers import gongwen as g  # noqa: E402

APPROACHES = ("reportgen", "floor", "docxtpl", "naive", "pipeline")
DEFAULT_SAMPLE = ROOT / "samples" / "飞仙关镇-2024Q3.yaml"


def paragraphs(doc: Document) -> list[tuple[g.Style, str]]:
    """The report as (style, text) pairs: what every approach has to write."""
    o = doc.official
    out = [(g.MARKING, m) for m in o.markings] if o else []
    if o and o.issuer_mark:
        out += [(g.MARK, o.issuer_mark), (g.NUMBER, f"{o.number}\t签发人：{'　'.join(o.signers)}")]
    out.append((g.TITLE, doc.title))
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append((g.HEADINGS[block.level - 1], block.label))
        else:
            out.append((g.ROLE_STYLES[block.role], block.full()[0]))
    if o and o.has_imprint:
        out += [(g.IMPRINT, o.cc_line), (g.IMPRINT, "\t".join(o.printed))]
    return out


def as_official(doc: Document) -> Document:
    """The report as a full 公文, with every element the document block can give."""
    official = Official(copy_number="000023", secrecy="内部", urgency="加急",
                        issuer_mark=f"中共{doc.author}委员会文件", number="青交党〔2024〕31号",
                        signers=("陈志远",), stamped=True, cc=("县委宣传部", "县纪委监委派驻纪检监察组"),
                        printed_by=f"{doc.author}党政办公室", printed_on=doc.date)
    closing = next(i for i, b in enumerate(doc.blocks)
                   if isinstance(b, Paragraph) and b.role == "signature")
    attachments = attachment_paragraphs([f"{doc.author}意识形态工作责任清单",
                                         f"{doc.author}意识形态领域风险点台账"])
    blocks = [Paragraph("中共芦山县委：", role="salutation"), *doc.blocks[:closing], *attachments,
              *doc.blocks[closing:]]
    return replace(doc, blocks=blocks, official=official)


def sample_document(sample: Path, official: bool) -> Document:
    doc = draft_file(sample).document
    return as_official(doc) if official else doc


def floor(doc: Document) -> bytes:
    body = "".join(f'<w:p><w:pPr><w:pStyle w:val="{style.id}"/></w:pPr>'
                   f"<w:r><w:t>{docx_writer.escape(text)}</w:t></w:r></w:p>"
                   for style, text in paragraphs(doc))
    xml = (f"{pkg.DECLARATION}<w:document {pkg.ROOT_NS}><w:body>{body}"
           f"{pkg.section_properties()}</w:body></w:document>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in pkg.shared_parts().items():
            zf.writestr(name, data)
        zf.writestr(pkg.DOCUMENT, xml)
    return buf.getvalue()


NAIVE_STYLES = {g.TITLE.id: "Title", **{h.id: f"Heading {n}" for n, h in enumerate(g.HEADINGS, 1)}}


def naive(doc: Document) -> bytes:
    import docx

    word = docx.Document()  # parses python-docx's default package, every report
    for style, text in paragraphs(doc):
        word.add_paragraph(text, style=NAIVE_STYLES.get(style.id, "Normal"))  # looked up by name
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def docxtpl_maker(doc: Document) -> Callable[[Document], bytes]:
    """A docxtpl template with our styles: a loop over blocks, one styled paragraph per kind."""
    import docx
    from docxtpl import DocxTemplate

    base = docx.Document(io.BytesIO(docx_writer.render(Document("", [], []))))
    body = base.element.body
    for p in list(body.iterchildren(f"{{{pkg.W_NS}}}p")):
        body.remove(p)
    names = {s.id: s.name for s in g.STYLES}
    pairs = [(s, t) for s, t in paragraphs(doc) if s is not g.TITLE]
    base.add_paragraph("{{ title }}", style=names["Title"])
    base.add_paragraph("{%p for b in blocks %}")
    for i, style in enumerate(dict.fromkeys(s for s, _ in pairs)):
        base.add_paragraph(f"{{%p {'elif' if i else 'if'} b.style == '{style.id}' %}}")
        base.add_paragraph("{{ b.text }}", style=names[style.id])
    base.add_paragraph("{%p endif %}")
    base.add_paragraph("{%p endfor %}")
    buf = io.BytesIO()
    base.save(buf)
    template = buf.getvalue()
    context = {"title": doc.title, "blocks": [{"style": s.id, "text": t} for s, t in pairs]}

    def render(_: Document) -> bytes:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render(context)
        out = io.BytesIO()
        tpl.save(out)
        return out.getvalue()

    return render


def run_child(approach: str, sample: Path, n: int, official: bool) -> dict[str, float]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    doc = sample_document(sample, official)
    write: Callable[[Document], bytes]
    if approach == "reportgen":
        write = docx_writer.render
    elif approach == "floor":
        write = floor
    elif approach == "naive":
        write = naive
    elif approach == "docxtpl":
        write = docxtpl_maker(doc)
    else:
        env = make_environment()  # as a batch would: templates compiled once

        def write(_: Document) -> bytes:
            drafted = draft_file(sample, env).document
            return docx_writer.render(as_official(drafted) if official else drafted)

    start = time.perf_counter()
    size = len(write(doc))
    first = time.perf_counter() - start
    for _ in range(3):  # warm caches before timing
        write(doc)
    start = time.perf_counter()
    for _ in range(n):
        write(doc)
    elapsed = time.perf_counter() - start
    tracemalloc.start()
    write(doc)
    peak_alloc = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"per_s": n / elapsed, "ms": elapsed / n * 1000, "first_ms": first * 1000,
            "alloc_kb": peak_alloc / 1024, "rss_mb": rss_kb / 1024, "bytes": size}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=300, help="reports per approach")
    parser.add_argument("--sample", type=Path, default=DEFAULT_SAMPLE)
    parser.add_argument("--only", choices=APPROACHES, action="append")
    parser.add_argument("--official", action="store_true", help="a full 公文: 版头, 版记 (see above)")
    parser.add_argument("--child", choices=APPROACHES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.sample, args.n, args.official)))
        return
    doc = sample_document(args.sample, args.official)
    chars = sum(len(t) for _, t in paragraphs(doc))
    what = " as a full 公文" if args.official else ""
    print(f"{args.sample.name}{what}: {chars} characters, {len(paragraphs(doc))} paragraphs; "
          f"{args.n} reports per approach, one CPU each, Python {sys.version.split()[0]}")
    print(f"{'approach':<10} {'reports/s':>10} {'ms/report':>10} {'first ms':>9} "
          f"{'alloc KB':>9} {'RSS MB':>7} {'bytes':>7}")
    results = {}
    for approach in args.only or APPROACHES:
        n = max(args.n // 10, 10) if approach == "pipeline" else args.n
        child = subprocess.run([sys.executable, __file__, "--child", approach, "-n", str(n),
                                "--sample", str(args.sample), *(["--official"] if args.official else [])],
                               capture_output=True, text=True)
        if child.returncode:  # docxtpl missing, say: pip install -e '.[bench]'
            print(f"{approach:<10} failed: {child.stderr.strip().splitlines()[-1]}")
            continue
        r = results[approach] = json.loads(child.stdout)
        print(f"{approach:<10} {r['per_s']:>10.0f} {r['ms']:>10.2f} {r['first_ms']:>9.1f} "
              f"{r['alloc_kb']:>9.0f} {r['rss_mb']:>7.1f} {r['bytes']:>7}")
    if {"reportgen", "floor", "docxtpl"} <= results.keys():
        ours = results["reportgen"]["ms"]
        print(f"reportgen is {ours / results['floor']['ms']:.2f}x the floor's time and "
              f"{results['docxtpl']['ms'] / ours:.1f}x faster than docxtpl")


if __name__ == "__main__":
    main()
