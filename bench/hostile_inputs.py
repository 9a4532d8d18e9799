"""Hostile inputs that once hung or ate memory (issue 12, items 1–6): the time and the peak memory
of each, run by hand; nothing here is a test (the tests check the exit codes and messages).

    python bench/hostile_inputs.py                      # every case, against this checkout
    python bench/hostile_inputs.py --root /tmp/before   # the same cases against another source tree
    python bench/hostile_inputs.py --only zip           # cases whose name contains "zip"

Each case is a fresh process tree (`python -m reportgen …` under bash, so that `<(yes)` works),
timed from start to exit while a sampler adds up the RSS of the whole tree every 10 ms. A case
still running after --timeout seconds, or whose tree passes --cap-mb, is killed and shown as
such: the old code would otherwise take the machine's memory. Targets: every case under 5 s and
300 MB, exit 2 with a Chinese message (the roll-up: exit 0, any size).

The large inputs (zips that inflate to GiB) are built once into --work and kept there.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from bench_batch import _memory, _tree  # noqa: E402  (the same sampler as the batch benchmark)

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"
MIB = 1024 * 1024


def run_case(cmd: str, cwd: Path, root: Path, timeout: float, cap_mb: int) -> tuple[float, int, str, str]:
    """(wall seconds, peak tree RSS in MB, exit code or what stopped it, first stderr line)."""
    env = {**os.environ, "PYTHONPATH": str(root), "REPORTGEN": f"{sys.executable} -m reportgen"}
    start = time.perf_counter()
    proc = subprocess.Popen(["bash", "-c", cmd], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    peak, stopped, done = [0], [""], threading.Event()

    def sample() -> None:
        while not done.is_set():
            rss = sum(_memory(p)[0] for p in _tree(proc.pid)) // 1024
            peak[0] = max(peak[0], rss)
            elapsed = time.perf_counter() - start
            if rss > cap_mb or elapsed > timeout:
                stopped[0] = f"killed at {cap_mb} MB" if rss > cap_mb else f"killed after {timeout:.0f} s"
                os.killpg(proc.pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    with_lines = [line for line in err.splitlines() if line.strip()]
    last = with_lines[0] if with_lines else ""
    return elapsed, peak[0], stopped[0] or f"exit {proc.returncode}", last[:110]


# --- inputs -----------------------------------------------------------------------------------


def _padded_zip(source: Path, target: Path, part: str, marker: bytes, pad: int) -> Path:
    """A copy of source whose part has pad bytes of spaces inserted before marker: a few MB
    on disk that inflate to GiB."""
    if target.exists():
        return target
    tmp = target.with_suffix(".part")
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename != part:
                new.writestr(info, data)
                continue
            head, _, tail = data.rpartition(marker)
            bloated = zipfile.ZipInfo(part)
            bloated.compress_type = zipfile.ZIP_DEFLATED
            with new.open(bloated, "w", force_zip64=True) as fh:
                fh.write(head)
                chunk = b" " * MIB
                for _ in range(pad // MIB):
                    fh.write(chunk)
                fh.write(marker + tail)
    tmp.rename(target)
    return target


def _workbook(path: Path, rows: int = 2) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["unit.name", "study.group_study", "problems"])
    for i in range(rows):
        sheet.append([f"{i:04d}号镇", i % 9, "study_depth"])
    book.save(path)
    return path


def _units_csv(path: Path, n: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["unit.name", "study.group_study", "problems", "highlights"])
        writer.writerows([f"{i:05d}号镇", i % 9, "study_depth", f"开设{i}号院坝课堂"] for i in range(n))
    return path


def _template(work: Path, name: str, body: str) -> Path:
    folder = work / "tpl" / name / "summary"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md.j2").write_text("# 题\n\n" + body + "\n", encoding="utf-8")
    return folder.parent


def build(work: Path, root: Path) -> dict[str, str]:
    """Each case's shell command, run in work."""
    work.mkdir(parents=True, exist_ok=True)
    good = work / "good.yaml"
    shutil.copy(SAMPLE, good)
    fifo = work / "fifo.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    folder = work / "folder-with-fifo"
    folder.mkdir(exist_ok=True)
    for town in ("甲镇", "乙镇"):
        text = SAMPLE.read_text(encoding="utf-8").replace("双胜镇", town)
        (folder / f"{town}.yaml").write_text(text, encoding="utf-8")
    if not (folder / "中间.yaml").exists():
        os.mkfifo(folder / "中间.yaml")
    book = _workbook(work / "book.xlsx")
    wb_bomb = _padded_zip(book, work / "workbook-bomb.xlsx", "xl/workbook.xml", b"</workbook>",
                          3 * 1024 * MIB)
    sheet_bomb = _padded_zip(book, work / "sheet-bomb.xlsx", "xl/worksheets/sheet1.xml", b"</sheetData>",
                             2 * 1024 * MIB)
    docx = work / "report.docx"
    if not docx.exists():
        subprocess.run([sys.executable, "-m", "reportgen", "draft", str(SAMPLE), "-o", str(docx)], check=True,
                       env={**os.environ, "PYTHONPATH": str(root)}, stdout=subprocess.DEVNULL)
    docx_bomb = _padded_zip(docx, work / "docx-bomb.docx", "word/document.xml", b"</w:body>", 2 * 1024 * MIB)
    units = _units_csv(work / "units-1000.csv", 1000)
    templates = {
        "percent": '{{ "%0999999999d" % 1 }}',
        "center": '{{ "a".center(999999999) }}',
        "format": '{{ "{:>999999999}".format(1) }}',
        "tilde": ('{% macro grow(s, n) %}{% if n %}{{ grow(s ~ s, n - 1) }}{% else %}{{ s|length }}'
                  '{% endif %}{% endmacro %}{{ grow("x" * 100000, 20) }}'),
    }
    tpl = {name: _template(work, name, body) for name, body in templates.items()}
    r = "$REPORTGEN"
    cases = {
        "1 draft /dev/zero": f"{r} draft /dev/zero -o out/",
        "1 draft /dev/urandom": f"{r} draft /dev/urandom -o out/",
        "1 draft <(yes '# a')": f"{r} draft <(yes '# a') -o out/",
        "1 draft --compare /dev/zero": f"{r} draft {good} --compare /dev/zero -o out/",
        "2 draft FIFO": f"{r} draft {fifo} -o out/",
        "2 batch folder with a FIFO": f"rm -rf out; {r} batch {folder} -o out/",
        "3 zip: workbook.xml 3 GiB": (f"{r} batch {wb_bomb} --type summary --period 2024Q1 "
                                      "--date 2024-04-08 -o out/"),
        "3 zip: sheet 2 GiB": (f"rm -rf out; {r} batch {sheet_bomb} --type summary --period 2024Q1 "
                               "--date 2024-04-08 -o out/"),
        "3 zip: check .docx 2 GiB": f"{r} check {docx_bomb}",
    }
    for name, folder_ in tpl.items():
        cases[f"4 template {name}"] = f"{r} draft {good} --templates {folder_} -o out-{name}/"
    cases["5 batch --jobs 300, 1,000 units"] = (
        f"rm -rf out-jobs; {r} batch {units} --type summary --period 2024Q1 --date 2024-04-08 "
        "-o out-jobs/ --jobs 300")
    for n in (10_000, 100_000):
        cases[f"6 roll-up of {n:,} units"] = f"{sys.executable} {HERE / 'hostile_inputs.py'} --rollup {n}"
    return cases


def rollup(n: int) -> None:
    """Render a roll-up of n units (the step that failed), in this process."""
    import datetime as dt

    sys.path.insert(0, os.environ.get("PYTHONPATH", str(ROOT)))  # the tree under test, not bench_batch's
    from reportgen.pipeline import render_document
    from reportgen.rollup import Contribution, Rollup
    from reportgen.templating import ROLLUP_TEMPLATE, make_environment
    from reportgen.values import Period

    roll = Rollup(Period(2024, "Q", 1))
    for i in range(n):
        roll.add(i, Contribution(f"{i:06d}号镇", "2024Q1", dt.date(2024, 4, 8),
                                 (("study.group_study", i % 9, False),), (f"开设{i}号院坝课堂",),
                                 ("study_depth",), ()))
    env = make_environment()
    context = roll.context(env.wording, "县委宣传部")  # type: ignore[attr-defined]
    doc = render_document(env, ROLLUP_TEMPLATE, context, "县委宣传部")
    longest = max(len(block.text) for block in doc.blocks)
    print(f"{n} units: {len(doc.blocks)} blocks, longest paragraph {longest} characters", file=sys.stderr)


def sandbox_cost(n: int) -> None:
    """Item 25: a render with every attribute read checked by the sandbox (its verdicts kept per
    type and name, or worked out every time), against one that trusts reportgen's own types (the
    shortcut the sandbox once had)."""
    sys.path.insert(0, str(ROOT))
    from jinja2.environment import TemplateModule

    from reportgen import templating
    from reportgen.derive import build_context
    from reportgen.loading import load_facts
    from reportgen.sandbox import Sandbox
    from reportgen.validate import validate

    class Uncached(Sandbox):
        def getattr(self, obj: object, attribute: str) -> object:
            return self._bounded(super(Sandbox, self).getattr(obj, attribute))

    class Trusting(Sandbox):
        def getattr(self, obj: object, attribute: str) -> object:
            kind = type(obj)
            trusted = kind.__module__.startswith("reportgen.") or kind is TemplateModule
            if not attribute.startswith("_") and trusted:
                try:
                    return vars(obj)[attribute]
                except (KeyError, TypeError):
                    pass
            return super().getattr(obj, attribute)

    timings = {}
    for sample in sorted((ROOT / "samples").glob("*.yaml")):
        facts = validate(load_facts(sample))
        name = templating.template_name(str(facts.data.type))
        for label, cls in (("checked", Sandbox), ("uncached", Uncached), ("trusting", Trusting)):
            templating.Sandbox = cls  # make_environment builds the class named here
            env = templating.make_environment()
            templating.render(env, name, build_context(facts.data))  # compile once
            start = time.perf_counter()
            for _ in range(n):
                templating.render(env, name, build_context(facts.data))
            timings.setdefault(label, []).append((time.perf_counter() - start) / n * 1000)
    for label, values in timings.items():
        print(f"{label:>9}: {sum(values) / len(values):.2f} ms a render (mean over {len(values)} samples)")
    checked, uncached, trusting = (sum(v) for v in timings.values())
    print(f"checks with verdicts kept cost {100 * (checked - trusting) / trusting:.1f}% of a render, "
          f"checks worked out every time {100 * (uncached - trusting) / trusting:.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="source tree to run (default: this one)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/reportgen-hostile"))
    parser.add_argument("--timeout", type=float, default=40)
    parser.add_argument("--cap-mb", type=int, default=3000)
    parser.add_argument("--only", default="")
    parser.add_argument("--rollup", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--sandbox", type=int, metavar="N",
                        help="item 25: N renders with and without the type shortcut")
    args = parser.parse_args()
    if args.sandbox:
        sandbox_cost(args.sandbox)
        return
    if args.rollup:
        rollup(args.rollup)
        return
    cases = build(args.work, args.root.resolve())
    print(f"source: {args.root.resolve()}")
    print(f"{'case':<36} {'seconds':>8} {'peak MB':>8}  result")
    for name, cmd in cases.items():
        if args.only and args.only not in name:
            continue
        cap = max(args.cap_mb, 9000) if "--jobs 300" in name else args.cap_mb  # 300 processes, as reported
        seconds, peak, result, message = run_case(cmd, args.work, args.root.resolve(), args.timeout, cap)
        print(f"{name:<36} {seconds:>8.1f} {peak:>8}  {result}  {message}", flush=True)


if __name__ == "__main__":
    main()
