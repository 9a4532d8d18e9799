"""Count the CPU instructions `reportgen batch --jobs 1` spends on one report, under valgrind.

    python bench/instructions.py                  # md and docx, 50 units of bench_batch's facts
    python bench/instructions.py --format md --units 20

Wall-clock rates on a shared or virtual machine move by 20% from one run to the next; the count
of instructions does not (to a few hundredths of a percent), so a change's cost can be told from
noise. Two batches are run in-process under callgrind, one of 1 unit and one of --units units; the
difference, divided by the extra units, is the cost of a report without start-up. Needs valgrind
(apt-get install valgrind); run by hand, like every script here. The sandbox's CPU limit is lifted
for the count: valgrind runs Python some fifty times slower.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_batch import ENV, ROOT, write_units

_RUN = """
import sys
import reportgen.templating as templating
templating.MAX_SECONDS = 10**6
from click.testing import CliRunner
from reportgen.cli import cli
units, out, fmt = sys.argv[1:4]
result = CliRunner().invoke(cli, ["batch", units, "--type", "summary", "--period", "2024Q1",
                                  "--date", "2024-04-08", "-o", out, "--format", fmt, "--jobs", "1"])
sys.exit(result.exit_code)
"""


def instructions(units: Path, fmt: str, work: Path) -> int:
    out = Path(tempfile.mkdtemp(dir=work))
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           sys.executable, "-c", _RUN, str(units), str(out / "o"), fmt],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"batch under valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=50)
    parser.add_argument("--format", choices=("md", "docx"), action="append")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed: apt-get install valgrind")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        every = work / "every.csv"
        write_units(every, args.units)
        lines = every.read_text("utf-8").splitlines(keepends=True)
        one = work / "one.csv"
        one.write_text("".join(lines[:2]), "utf-8")
        print(f"{args.units} units vs 1; Python {sys.version.split()[0]}")
        for fmt in args.format or ["md", "docx"]:
            base, full = instructions(one, fmt, work), instructions(every, fmt, work)
            per = (full - base) / (args.units - 1)
            print(f"{fmt:>4}: {per / 1e6:6.2f} M instructions a report; start-up and one report "
                  f"{base / 1e6:,.0f} M")


if __name__ == "__main__":
    main()
