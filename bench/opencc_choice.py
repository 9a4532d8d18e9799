"""Which OpenCC for --script hant: time import + dictionary load + conversion of a 3,000-
character report, in a fresh process each run (that is what a user waits for).

    python bench/opencc_choice.py            # whichever `opencc` this Python has
    /path/to/other/python bench/opencc_choice.py

Run it once where opencc-python-reimplemented is installed and once where the C++
`opencc` wheel is (the two packages both install `import opencc`; use two venvs).
Measured on the 2-core build machine, 5 runs each, s2tw:
    opencc-python-reimplemented 0.1.7: import 2 ms, load 27-31 ms, convert 7-10 ms, total 36-42 ms
    OpenCC 1.1.9 (C++ wheel):          import 2-5 ms, load 35-48 ms, convert 2-3 ms, total 39-52 ms
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5

_ONE_RUN = """
import time, sys
t0 = time.perf_counter()
import opencc
t1 = time.perf_counter()
convert = opencc.OpenCC("s2tw").convert
t2 = time.perf_counter()
out = convert(sys.stdin.read())
t3 = time.perf_counter()
kind = "C++ wheel" if hasattr(opencc, "clib") else "pure Python"
print(f"{kind}: import {1000*(t1-t0):.1f} ms, load {1000*(t2-t1):.1f} ms, "
      f"convert {len(out)} chars {1000*(t3-t2):.1f} ms, total {1000*(t3-t0):.1f} ms")
"""


def report_text() -> str:
    """About 3,000 characters of a real draft: a sample report, repeated."""
    sys.path.insert(0, str(ROOT))
    from reportgen.pipeline import draft_file
    from reportgen.writers.markdown import to_markdown

    text = to_markdown(draft_file(ROOT / "samples" / "双胜镇-2024H1.yaml").document)
    return (text * (3000 // len(text) + 1))[:3000]


def main() -> None:
    text = report_text()
    for _ in range(RUNS):
        done = subprocess.run([sys.executable, "-c", _ONE_RUN], input=text, text=True,
                              capture_output=True, check=True)
        print(done.stdout.strip())


if __name__ == "__main__":
    main()
