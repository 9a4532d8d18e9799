"""How long `reportgen check` takes: the whole command in a fresh process (what a user
waits for), the rules alone on each seed and on a sample draft, a 3,000-character report
in CPU time (target: under 10 ms, the lexicon already loaded), reading the lexicon once,
and `check DIR` over a folder of 1,000 reports (target: a few seconds).

    python bench/check_speed.py
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUNS = 5
FOLDER = 1000


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from reportgen.check import check_file, check_text, lexicon
    from reportgen.check.readers import from_string
    from reportgen.pipeline import draft_file
    from reportgen.writers.markdown import to_markdown

    start = time.process_time()
    lexicon.load()
    print(f"lexicon  read and compiled once          {(time.process_time() - start) * 1000:6.1f} ms CPU")

    samples = sorted((ROOT / "samples").glob("*.yaml"))
    drafts = [to_markdown(draft_file(path).document) for path in samples]
    report = _report_of(drafts, 3000)
    text = from_string(report, "report.md", markdown=True)
    times = []
    for _ in range(50):
        start = time.process_time()
        check_text(text)
        times.append(time.process_time() - start)
    chars = sum(1 for ch in report if not ch.isspace())
    print(f"rules    a {chars}-character report         {statistics.median(times) * 1000:6.1f} ms CPU "
          f"(median of 50; best {min(times) * 1000:.1f})")

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        draft.write_text(drafts[0], encoding="utf-8")
        files = [draft, *sorted(SEEDS.glob("*.txt"))]
        for path in files:
            best = min(_timed(lambda p=path: check_file(p)) for _ in range(RUNS))
            print(f"rules    {path.name:32} {path.stat().st_size:6} bytes  {best * 1000:6.1f} ms")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for path in (draft, *files[1:2]):
            command = [sys.executable, "-m", "reportgen", "check", str(path)]
            best = min(_timed(lambda c=command: subprocess.run(c, env=env, capture_output=True))
                       for _ in range(RUNS))
            print(f"whole    {path.name:32} {'':6}        {best * 1000:6.1f} ms (with start-up)")

        folder = Path(tmp) / "各单位"
        folder.mkdir()
        for i in range(FOLDER):
            body = drafts[i % len(drafts)]
            (folder / f"{i:04d}.md").write_text(body.replace("。", "，，", 1) if i % 3 == 0 else body,
                                                encoding="utf-8")
        size = sum(p.stat().st_size for p in folder.iterdir())
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "reportgen", "check", str(folder)], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        print(f"folder   {FOLDER} reports, {size // 1024} KB         {wall:6.2f} s wall, {cpu:.2f} s CPU "
              f"(exit {done.returncode}; {done.stdout.splitlines()[-1][:40]}…)")


def _report_of(drafts: list[str], chars: int) -> str:
    """A report of about `chars` characters, put together from whole drafted paragraphs."""
    out: list[str] = []
    count = 0
    for line in (line for draft in drafts for line in draft.split("\n")):
        if count >= chars:
            break
        out.append(line)
        count += sum(1 for ch in line if not ch.isspace())
    return "\n".join(out) + "\n"


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
