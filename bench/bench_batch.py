"""Measure reportgen batch: reports a second, peak memory of the process tree, and the same
batch through docxtpl for comparison. Run by hand; nothing here is a test.

    python bench/bench_batch.py                  # 1,000 units; md (and docx if the writer exists)
    python bench/bench_batch.py --units 200 --big 0 --no-docxtpl    # a quick look
    python bench/bench_batch.py --importtime     # startup: what `--help` and `draft` import

On a shared or virtual machine one run's rate can be a fifth off the next one's: compare two
versions with --repeat 5 or more, run alternately (or count instructions: bench/instructions.py).

Each run is a fresh `python -m reportgen batch` process, timed from start to exit, while a
sampler adds up RSS (and PSS, which counts pages shared by forked workers once) over the
process and all its children every 10 ms. The facts are one generated CSV whose summaries
are about 3,000 characters. Targets (2 cores): ≥ 500 Markdown and ≥ 100 .docx reports a
second with --jobs 2; peak memory at --big units within 1.2× of that at --units.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout, not an installed reportgen
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
PERIOD, DATE = "2024Q1", "2024-04-08"
PROBLEMS = 12  # problem codes a unit lists (each adds a problem and a measure): about 3,000 characters

# --- facts ------------------------------------------------------------------------------------

_SYLLABLES = ("安宝城川丹东峰福广汉和河红华江金锦晋康兰蓝乐力林龙明南宁平"
              "青清庆泉仁瑞山盛石顺泰天同文西祥新兴雅阳永玉源云长正中")
_KINDS = [("镇", "镇党委"), ("乡", "乡党委"), ("街道", "街道党工委"), ("局", "局党组")]
_PROBLEMS = ["responsibility_awareness", "study_depth", "study_methods", "position_use", "online_management",
             "online_guidance", "team_capacity", "publicity_innovation", "mechanism_longterm", "supervision",
             "situation_judgement", "culture_supply", "external_publicity"]
_TOPICS = ["党的二十届三中全会精神", "习近平新时代中国特色社会主义思想", "《中国共产党纪律处分条例》",
           "党的二十大精神"]
_HIGHLIGHTS = ["打造“{s}先锋”宣传品牌", "开设“院坝微党课”{n}期", "建成{s}新时代文明实践所",
               "组建“{s}百姓宣讲团”", "推出“{s}好人”系列短视频{n}部"]
_MEDIA = ["微信公众号", "门户网站", "宣传展板", "村村响广播", "新时代文明实践站", "农家书屋"]
_ACTIVITIES = ["“我们的节日”主题活动", "道德讲堂", "文艺演出", "理论宣讲进院坝", "志愿服务活动"]
_OUTLETS = ["《雅安日报》", "“雅安发布”", "《四川日报》", "学习强国"]


def unit_name(i: int) -> tuple[str, str, str]:
    a = _SYLLABLES[i % len(_SYLLABLES)]
    b = _SYLLABLES[(i // len(_SYLLABLES) * 7 + i) % len(_SYLLABLES)]
    kind, org = _KINDS[i % len(_KINDS)]
    return f"{a}{b}{i}{kind}", kind, org


def facts_row(i: int, rng: random.Random) -> dict[str, str]:
    name, kind, org = unit_name(i)
    short = name[:2]
    row = {
        "unit.name": name, "unit.kind": kind, "unit.party_org": org, "unit.superior": "县委",
        "unit.secretary": "王建国", "unit.deputy": "李晓梅",
        "responsibility.leading_group": "是", "responsibility.special_meetings": str(rng.randint(1, 6)),
        "responsibility.analysis_meetings": str(rng.randint(1, 4)),
        "responsibility.letters_signed": str(rng.randint(10, 40)),
        "responsibility.documents": f"《{short}意识形态工作责任制实施细则》、《{short}网络信息发布审核办法》",
        "responsibility.inspections": str(rng.randint(1, 5)),
        "responsibility.inspected_units": str(rng.randint(5, 20)),
        "responsibility.in_assessment": "是", "responsibility.reports_to_superior": str(rng.randint(1, 3)),
        "study.group_study": str(rng.randint(2, 12)), "study.seminars": str(rng.randint(1, 5)),
        "study.party_lectures": str(rng.randint(1, 6)), "study.theme_days": str(rng.randint(2, 8)),
        "study.staff_study": f"{rng.randint(1, 3) * 10}余", "study.preaching": str(rng.randint(3, 20)),
        "study.topics": "；".join(rng.sample(_TOPICS, 4)),
        "positions.media": "、".join(rng.sample(_MEDIA, 5)), "positions.work_groups": str(rng.randint(1, 5)),
        "positions.review": "分管领导审核、主要领导审批", "positions.new_built": str(rng.randint(1, 4)),
        "publicity.materials": f"{rng.randint(1, 9)}000余",
        "publicity.mass_meetings": f"{rng.randint(2, 8)}0余",
        "online.commentators": str(rng.randint(5, 20)), "online.incidents_handled": str(rng.randint(0, 3)),
        "online.monitoring": "每日巡查、一般舆情周报、重大舆情即时报告",
        "team.trainings": str(rng.randint(1, 3)), "team.trainees": str(rng.randint(50, 200)),
        "team.correspondents": str(rng.randint(1, 5)),
        "highlights": "；".join(h.format(s=short, n=rng.randint(2, 9)) for h in _HIGHLIGHTS),
        "problems": "；".join([*rng.sample(_PROBLEMS, PROBLEMS), "部分村级宣传员业务能力偏弱"]),
    }
    for n, outlet in enumerate(rng.sample(_OUTLETS, 3), 1):
        row[f"publicity.articles[{n}].outlet"] = outlet
        row[f"publicity.articles[{n}].count"] = str(rng.randint(2, 40))
    for n, activity in enumerate(rng.sample(_ACTIVITIES, 3), 1):
        row[f"publicity.activities[{n}].name"] = activity
        row[f"publicity.activities[{n}].count"] = str(rng.randint(2, 12))
        row[f"publicity.activities[{n}].participants"] = str(rng.randint(100, 900))
    return row


def write_units(path: Path, n: int) -> Path:
    rng = random.Random(20240408)
    rows = [facts_row(i, rng) for i in range(n)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(dict.fromkeys(k for r in rows for k in r)))
        writer.writeheader()
        writer.writerows(rows)
    return path


# --- measuring ----------------------------------------------------------------------------------


def _tree(pid: int) -> list[int]:
    pids, i = [pid], 0
    while i < len(pids):
        try:
            for task in os.listdir(f"/proc/{pids[i]}/task"):
                with open(f"/proc/{pids[i]}/task/{task}/children") as fh:
                    pids += [int(p) for p in fh.read().split()]
        except OSError:
            pass
        i += 1
    return pids


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in kB of one process; 0 for a process that has gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass
    return rss, pss


def run_measured(cmd: list[str], cwd: Path) -> tuple[float, int, int, int, float]:
    """Wall seconds, peak tree RSS and PSS (MB), exit code, CPU seconds of the whole tree."""
    peak = [0, 0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            totals = [sum(x) for x in zip(*(_memory(p) for p in _tree(proc.pid)), strict=True)] or [0, 0]
            peak[0], peak[1] = max(peak[0], totals[0]), max(peak[1], totals[1])
            time.sleep(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        print(err, file=sys.stderr)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the child and the workers it waited for
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed, peak[0] // 1024, peak[1] // 1024, proc.returncode, cpu


def batch(units: Path, out: Path, fmt: str, jobs: int) -> tuple[float, int, int, int, float]:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "reportgen", "batch", str(units), "--type", "summary", "--period", PERIOD,
           "--date", DATE, "-o", str(out), "--format", fmt, "--jobs", str(jobs)]
    return run_measured(cmd, out.parent)


# --- docxtpl, for comparison ---------------------------------------------------------------------

DOCXTPL_WORKER = r'''
import csv, sys
from multiprocessing import Pool
from docxtpl import DocxTemplate

template, units, out, jobs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

def render(row):
    doc = DocxTemplate(template)
    doc.render({"u": {k.replace(".", "_").replace("[", "_").replace("]", ""): v for k, v in row.items()}})
    doc.save(f"{out}/{row['unit.name']}.docx")

if __name__ == "__main__":
    with open(units, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    if jobs == 1:
        for row in rows:
            render(row)
    else:
        with Pool(jobs) as pool:
            for _ in pool.imap_unordered(render, rows, chunksize=16):
                pass
'''


def docxtpl_template(draft: Path, row: dict[str, str], path: Path) -> None:
    """A docxtpl template with the same text as one reportgen draft, each fact a tag."""
    import docx

    tags = sorted(((v, k.replace(".", "_").replace("[", "_").replace("]", "")) for k, v in row.items() if v),
                  key=lambda t: -len(t[0]))
    document = docx.Document()
    for line in draft.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text = line.lstrip("# ")
        for value, key in tags:
            if len(value) > 1:
                text = text.replace(value, "{{ u." + key + " }}")
        document.add_paragraph(text, style="Title" if line.startswith("# ") else None)
    document.save(str(path))


def bench_docxtpl(units: Path, sample_draft: Path, work: Path, jobs: int) -> tuple[float, float]:
    with units.open(encoding="utf-8") as fh:
        first = next(csv.DictReader(fh))
    template = work / "docxtpl-template.docx"
    docxtpl_template(sample_draft, first, template)
    script = work / "docxtpl_batch.py"
    script.write_text(DOCXTPL_WORKER, encoding="utf-8")
    out = work / f"docxtpl-{jobs}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    elapsed, _, _, code, cpu = run_measured([sys.executable, str(script), str(template), str(units), str(out),
                                             str(jobs)], work)
    assert code == 0, "docxtpl batch failed"
    return elapsed, cpu


# --- startup ------------------------------------------------------------------------------------


def importtime(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "reportgen", *args], env=ENV,
                          capture_output=True, text=True, cwd=tempfile.gettempdir())
    rows = [line.split("|") for line in proc.stderr.splitlines() if line.startswith("import time:")]
    total = sum(int(r[0].split(":")[1]) for r in rows[1:] if r[0].split(":")[1].strip().isdigit())
    heavy = sorted({r[2].strip() for r in rows if r[2].strip().split(".")[0] in
                    ("docx", "openpyxl", "lxml", "docxtpl", "reportgen") and "." not in r[2].strip()[:8]})
    wall = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "reportgen", *args], env=ENV, capture_output=True,
                       cwd=tempfile.gettempdir())
        wall.append(time.perf_counter() - start)
    mods = {r[2].strip() for r in rows}
    print(f"reportgen {' '.join(args):<40} imports {total / 1000:6.1f} ms, wall {min(wall) * 1000:5.0f} ms; "
          f"openpyxl {'yes' if 'openpyxl' in mods else 'no'}, docx {'yes' if 'docx' in mods else 'no'}, "
          f"batch {'yes' if 'reportgen.batch' in mods else 'no'}")
    del heavy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--big", type=int, default=10000, help="units for the memory comparison (0: skip)")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--formats", default="md,docx", help="docx is skipped where the writer is missing")
    parser.add_argument("--no-docxtpl", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each batch this many times; print the quickest (and the median)")
    parser.add_argument("--importtime", action="store_true", help="only measure startup")
    args = parser.parse_args()

    if args.importtime:
        sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
        for argv in (["--help"], ["batch", "--help"], ["draft", str(sample), "-o", "-"]):
            importtime(argv)
        return

    has_docx = importlib.util.find_spec("reportgen.writers.docx") is not None
    formats = [f for f in args.formats.split(",") if f == "md" or has_docx]
    jobs = [int(j) for j in args.jobs.split(",")]
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        work = Path(tmp)
        units = write_units(work / "units.csv", args.units)
        print(f"{args.units} units, {os.cpu_count()} CPUs; Python {sys.version.split()[0]}")
        elapsed, _, _, _, cpu = batch(write_units(work / "one.csv", 1), work / "one", "md", 1)
        print(f"startup + one report: {elapsed * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU")
        print(f"load average before: {os.getloadavg()[0]:.2f} (other work on the machine slows the wall "
              "clock; CPU ms a report does not depend on it)")
        peaks: dict[tuple[str, int], int] = {}
        for fmt in formats:
            for j in jobs:
                runs = [batch(units, work / f"out-{fmt}-{j}", fmt, j) for _ in range(args.repeat)]
                elapsed, rss, pss, code, cpu = min(runs)  # the run least slowed by other work
                rss, pss = max(r[1] for r in runs), max(r[2] for r in runs)
                peaks[(fmt, j)] = pss
                middle = ""
                if args.repeat > 1:
                    walls = sorted(r[0] for r in runs)
                    middle = f", median {args.units / walls[len(walls) // 2]:.1f} of {args.repeat} runs"
                print(f"{fmt:>4} --jobs {j}: {args.units / elapsed:7.1f} reports/s ({elapsed:.2f} s wall"
                      f"{middle}), {cpu / args.units * 1000:.2f} CPU ms a report, "
                      f"peak tree RSS {rss} MB, PSS {pss} MB, exit {code}")
        drafts = sorted((work / f"out-md-{jobs[0]}").glob("*.md"))
        sizes = [len("".join(p.read_text(encoding="utf-8").split())) for p in drafts]
        print(f"draft size: mean {sum(sizes) / len(sizes):.0f} characters (no white space), "
              f"min {min(sizes)}, max {max(sizes)}")
        if "docx" in formats and not args.no_docxtpl and importlib.util.find_spec("docxtpl"):
            for j in jobs:
                ours, _, _, _, our_cpu = batch(units, work / f"out-docx-{j}", "docx", j)
                theirs, their_cpu = bench_docxtpl(units, drafts[0], work, j)
                print(f"docxtpl --jobs {j}: {args.units / theirs:7.1f} reports/s, "
                      f"{their_cpu / args.units * 1000:.2f} CPU ms a report; reportgen/docxtpl = "
                      f"{theirs / ours:.2f} (wall), {their_cpu / our_cpu:.2f} (CPU)")
        if args.big:
            big = write_units(work / "big.csv", args.big)
            j = max(jobs)
            elapsed, rss, pss, _, _ = batch(big, work / "out-big", "md", j)
            small = peaks[("md", j)]
            print(f"  md --jobs {j}, {args.big} units: {args.big / elapsed:7.1f} reports/s, "
                  f"peak tree RSS {rss} MB, PSS {pss} MB: {pss / small:.2f}× the PSS at {args.units}")


if __name__ == "__main__":
    main()
