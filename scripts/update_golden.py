"""Regenerate the golden drafts (tests/golden/<sample>.md) from samples/*.yaml and show what changed.

    python scripts/update_golden.py          # rewrite the goldens that differ, print a diff of each
    python scripts/update_golden.py --check  # print the diffs, write nothing; exit 1 if any differ

The tests only ever read the goldens (tests/test_drafts.py::test_golden). After a change of
wording, run this, read every changed line of the diff as a reader of the report would, and
commit the goldens with the change. A sample that fails to draft is reported and its golden
left as it was; a golden without a sample is reported, not deleted.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLDEN = ROOT / "tests" / "golden"


def drafted(sample: Path) -> str:
    """The Markdown test_golden compares: the sample drafted with the built-in templates."""
    from reportgen.pipeline import draft_file
    from reportgen.writers.markdown import to_markdown

    return to_markdown(draft_file(sample).document)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="show the diffs, write nothing, exit 1 if any")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))  # this checkout's reportgen, whatever is installed
    from reportgen.errors import ReportgenError
    from reportgen.output import write_atomic

    samples = sorted(SAMPLES.glob("*.yaml"))
    changed, failed = [], []
    for sample in samples:
        golden = GOLDEN / f"{sample.stem}.md"
        try:
            new = drafted(sample)
        except ReportgenError as exc:
            failed.append(sample.name)
            print(f"!! {sample.name}: {exc}", file=sys.stderr)
            continue
        old = golden.read_text(encoding="utf-8") if golden.is_file() else ""
        if new == old:
            continue
        changed.append(golden.name)
        label = str(golden.relative_to(ROOT))
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"a/{label}" if old else "/dev/null", tofile=f"b/{label}"))
        if not args.check:
            write_atomic(golden, new.encode("utf-8"), force=True)
    orphans = sorted({p.stem for p in GOLDEN.glob("*.md")} - {p.stem for p in samples})
    for stem in orphans:
        print(f"?? tests/golden/{stem}.md: no samples/{stem}.yaml; delete it if the sample is gone",
              file=sys.stderr)
    verb = "differ" if args.check else "rewritten"
    print(f"{len(samples)} samples: {len(changed)} goldens {verb}, {len(failed)} failed to draft",
          file=sys.stderr)
    return 1 if failed or (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
