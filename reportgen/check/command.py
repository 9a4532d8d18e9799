"""`reportgen check`: read every file, run the rules, print, write the copies asked for.

The CLI parses the options; this module does the work in one pass over the files:
findings (with --layout for a .docx), minus what --ignore and the ignore file beside
the file quiet, printed as text or JSON; then --fix and --annotate copies. Every copy's
path is checked free before any file is read, so an existing copy stops the run at once
(exit 2) unless --force. The exit code is 1 when a finding is at --fail-level or above.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.check import folders, ignore, levels, readers, report
from reportgen.check.finding import Finding
from reportgen.errors import EXIT_FINDINGS

Echo = Callable[[str], None]


@dataclass(frozen=True)
class Options:
    facts: Path | None = None
    max_chars: int | None = None
    fmt: str = "text"
    fail_level: str = levels.INFO
    lexicons: tuple[Path, ...] = ()
    ignores: tuple[str, ...] = ()
    layout: bool = False
    fix: bool = False
    annotate: bool = False
    force: bool = False


def annotated_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.annotated{path.suffix}")


def run(files: list[Path], opts: Options, out: Echo, err: Echo) -> int:
    from reportgen.check import check_text, facts_check, lexicon

    numbers = facts_check.load(opts.facts) if opts.facts is not None else None
    lex = lexicon.load(opts.lexicons)
    rules = ignore.from_options(opts.ignores)
    paths = folders.expand(files)
    _check_targets(paths, opts)
    texts = readers.read_all(paths)
    beside: dict[Path, list[ignore.Rule]] = {}
    shown: list[Finding] = []
    quiet = 0
    note = out if opts.fmt == "text" else err  # what was written: never inside the JSON
    for path, text in zip(paths, texts, strict=True):
        docx = path.suffix.lower() == ".docx"
        found = check_text(text, numbers, opts.max_chars, lex)
        if opts.layout and docx:
            from reportgen.check import layout

            found = sorted(found + layout.check(path, text.name), key=lambda f: (f.line, f.column))
        elif opts.layout or (opts.annotate and not docx):
            what = "--layout 只检查 .docx 的版式" if opts.layout else "--annotate 只能把批注写入 .docx"
            err(f"提示：{text.name} 不是 Word 文档，{what}\n")
        if path.parent not in beside:
            beside[path.parent] = ignore.beside(path)
        found, n = ignore.split(found, rules + beside[path.parent], path.name)
        quiet += n
        shown += found
        if opts.fmt == "text":
            out(report.as_text(found))
            if opts.max_chars is not None:
                out(report.lengths(text, opts.max_chars))
        else:
            out(report.as_json(found))
        if opts.fix:
            _fix(path, text, found, opts.force, note)
        if opts.annotate and docx:
            _annotate(path, text.name, found, opts.force, note)
    if opts.fmt == "text":
        out(report.summary(shown, len(texts), quiet))
    failing = [f for f in shown if levels.at_least(f.level, opts.fail_level)]
    return EXIT_FINDINGS if failing else 0


def _check_targets(paths: list[Path], opts: Options) -> None:
    from reportgen.check.fixes import fixed_path
    from reportgen.output import check_free

    targets = [fixed_path(p) for p in paths] if opts.fix else []
    if opts.annotate:
        targets += [annotated_path(p) for p in paths if p.suffix.lower() == ".docx"]
    check_free(targets, opts.force)


def _fix(path: Path, text: readers.Text, found: list[Finding], force: bool, note: Echo) -> None:
    from reportgen.check import fixes
    from reportgen.output import shown_path, write_atomic

    own = [f for f in found if f.file == text.name]
    target = fixes.fixed_path(path)
    if path.suffix.lower() == ".docx":
        from reportgen.check.docx_revisions import Docx, track_changes

        doc = Docx.of(readers.open_docx(path, text.name))
        changes = track_changes(doc, fixes.plan(own, doc.lines()))
        data = doc.save() if changes else b""
    else:
        raw = path.read_bytes()
        changes = fixes.plan(own, dict(enumerate(fixes.text_lines(raw), 1)))
        data = fixes.text_copy(raw, changes) if changes else b""
    if not changes:
        note(f"{text.name}：没有可以安全自动改正的问题，未写出改正稿\n")
        return
    write_atomic(target, data, force)
    note("".join(fixes.describe(text.name, c) + "\n" for c in changes))
    note(f"已写出改正稿 {shown_path(target.absolute())}（{len(changes)} 处改正"
         + ("，以修订方式标出，可在 Word 或 WPS 中逐条接受或拒绝" if data[:2] == b"PK" else "") + "）\n")


def _annotate(path: Path, name: str, found: list[Finding], force: bool, note: Echo) -> None:
    from reportgen.check.docx_revisions import Docx, comment
    from reportgen.output import shown_path, write_atomic

    doc = Docx.of(readers.open_docx(path, name))
    for finding in found:
        comment(doc, finding, own=finding.file == name)
    target = annotated_path(path)
    write_atomic(target, doc.save(), force)
    note(f"已写出批注稿 {shown_path(target.absolute())}（{len(found)} 条批注）\n")
