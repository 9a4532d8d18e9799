"""How alike drafts of different units read. Run by hand; nothing here is a test.

    python bench/similarity.py                   # 40 units, identical sparse facts, each type
    python bench/similarity.py --units 40 --type summary
    python bench/similarity.py --csv ../shared/spec/units-2024Q1.csv

Share of a pair = the 8-character runs the two drafts have in common ÷ the runs of the shorter
draft (punctuation and white space kept, headings and title included). Target (issue 11): no
pair at 60% or more, mean under 35%, for 40 units whose facts are the same but for the name,
and for the six units of the spec's CSV.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportgen.loading import load_yaml_text  # noqa: E402
from reportgen.pipeline import draft_facts  # noqa: E402
from reportgen.reporttypes import TYPES  # noqa: E402
from reportgen.templating import make_environment  # noqa: E402
from reportgen.validate import validate  # noqa: E402
from reportgen.writers.markdown import to_markdown  # noqa: E402

RUN = 8
_NAMES = "东西南北中青红白金石龙凤云山河湖桥林竹梅兰松柏泉溪岭峰田园春秋星月"

SPARSE = """\
type: {type}
period: 2024H1
date: 2024-07-05
unit:
  name: {name}
  kind: 镇
  party_org: 镇党委
  superior: 县委
  secretary: 王明
responsibility:
  special_meetings: 2
study:
  group_study: 6
  seminars: 2
publicity:
  materials: 300余
online:
  incidents_handled: 0
problems:
  - study_depth
  - online_management
{extra}"""
EXTRA = {"duty": "person:\n  name: 王明\n  title: 镇党委书记\n",
         "speech": "meeting:\n  name: 全镇意识形态工作会议\n", "exchange": ""}


def runs(text: str) -> set[str]:
    flat = "".join(text.split())
    return {flat[i:i + RUN] for i in range(len(flat) - RUN + 1)}


def shares(drafts: list[str]) -> list[float]:
    sets = [runs(d) for d in drafts]
    return [len(a & b) / min(len(a), len(b)) for a, b in itertools.combinations(sets, 2)]


def sparse_drafts(report: str, n: int) -> list[str]:
    env = make_environment()
    out = []
    for i in range(n):
        # past the list, a number keeps the names apart: 南林35镇, not 南林镇35 (read 南林镇35镇党委)
        number = str(i) if i >= len(_NAMES) else ""
        name = _NAMES[i % len(_NAMES)] + _NAMES[(i * 7 + 3) % len(_NAMES)] + number + "镇"
        text = SPARSE.format(type=report, name=name, extra=EXTRA.get(report, ""))
        facts = validate(load_yaml_text(text, f"{name}.yaml"))
        out.append(to_markdown(draft_facts(facts, env).document))
    return out


def csv_drafts(path: Path, report: str) -> list[str]:
    from reportgen.batch import Settings, run

    with tempfile.TemporaryDirectory() as tmp:
        # the batch runs in the temporary folder: a path given relative to here is resolved first
        settings = Settings(inputs=(path.resolve(),), out=Path(tmp) / "out", report_type=report,
                            periods=("2024Q1",), date="2024-04-08", jobs=1, cwd=Path(tmp))

        class Quiet:
            def start(self, total: int) -> None: ...
            def advance(self, outcome: object) -> None: ...
            def finish(self) -> None: ...

        run(settings, Quiet())
        return [p.read_text("utf-8") for p in sorted((Path(tmp) / "out").glob("*.md"))]


def report(label: str, drafts: list[str]) -> None:
    values = shares(drafts)
    if not values:  # a type whose facts the CSV cannot give (a 述职报告 needs its person)
        print(f"{label:<28} drafts {len(drafts):>3}  (fewer than two: nothing to compare)")
        return
    high = sum(v >= 0.6 for v in values)
    lengths = [len("".join(d.split())) for d in drafts]
    print(f"{label:<28} drafts {len(drafts):>3}  pairs {len(values):>4}  "
          f"mean {statistics.mean(values):5.1%}  "
          f"max {max(values):5.1%}  ≥60%: {high:>3}  length {min(lengths)}–{max(lengths)} chars")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--type", choices=list(TYPES), action="append")
    parser.add_argument("--csv", type=Path, default=ROOT.parent / "shared" / "spec" / "units-2024Q1.csv")
    args = parser.parse_args()
    for code in args.type or list(TYPES):
        report(f"{code}: {args.units} sparse units", sparse_drafts(code, args.units))
    if args.csv.is_file():
        for code in args.type or ["summary"]:
            report(f"{code}: {args.csv.name}", csv_drafts(args.csv, code))


if __name__ == "__main__":
    main()
