"""How long `reportgen check` takes: the whole command in a fresh process (what a user
waits for) and the rules alone on each seed and on a sample draft.

    python bench/check_speed.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
RUNS = 5


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from reportgen.check import check_file
    from reportgen.pipeline import draft_file
    from reportgen.writers.markdown import to_markdown

    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        draft.write_text(to_markdown(draft_file(ROOT / "samples" / "双胜镇-2024H1.yaml").document),
                         encoding="utf-8")
        files = [draft, *sorted(SEEDS.glob("*.txt"))]
        for path in files:
            best = min(_timed(lambda p=path: check_file(p)) for _ in range(RUNS))
            print(f"rules  {path.name:32} {path.stat().st_size:6} bytes  {best * 1000:6.1f} ms")
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for path in (draft, *files[1:2]):
            command = [sys.executable, "-m", "reportgen", "check", str(path)]
            best = min(_timed(lambda c=command: subprocess.run(c, env=env, capture_output=True))
                       for _ in range(RUNS))
            print(f"whole  {path.name:32} {'':6}        {best * 1000:6.1f} ms (with start-up)")


def _timed(work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
