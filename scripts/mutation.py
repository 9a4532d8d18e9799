"""Mutation testing, module by module, where a silent bug costs most (a developer's command, not CI).

    python scripts/mutation.py                  # list the modules and the tests each runs against
    python scripts/mutation.py loading output   # run those; `all` runs every one, in turn
    python scripts/mutation.py --survivors loading   # the last run's surviving mutants, nothing run

mutmut (the `dev` extra) plants one small change at a time (a flipped comparison, a changed
constant, a dropped call) and runs the tests that exercise the changed function; a mutant the
tests still pass is a gap, unless the change means the same thing (an equivalent mutant).

Each module runs in its own folder, .mutation/<module>/, with a pyproject.toml that tells mutmut
which files to mutate and which test files to run (the table below), so a run is a few minutes
to half an hour on two cores, and a second run only redoes functions whose code changed (after
new tests, delete .mutation/<module> so every mutant meets them). To look at a survivor:

    cd .mutation/loading && mutmut show reportgen.loading.x_decode__mutmut_3   # or: mutmut browse

Score = mutants killed (a test failed, or the run timed out) / all mutants; mutants in
functions no selected test calls count as surviving, and are listed as such.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"

# The hardening tests of each module that run in this process: a test that starts reportgen in
# another process (a subprocess, or batch's worker pool) fails under mutmut's trampolines.
_H = "tests/test_hardening.py::"
HARDENING_LOADING = [_H + t for t in (
    "test_the_size_bound_counts_bytes_read_not_stat", "test_a_big5_facts_file_is_refused_with_its_line",
    "test_mixed_utf8_and_gbk_is_refused_at_the_first_garbled_line",
    "test_a_gbk_file_with_a_rare_character_in_a_name_is_read", "test_yaml_and_csv_limits_are_chinese",
    "test_every_format_character_is_stripped")]
HARDENING_OUTPUT = [_H + t for t in (
    "test_new_files_follow_the_umask_and_a_replaced_file_keeps_its_mode", "test_a_file_name_too_long",
    "test_a_path_too_long", "test_a_parent_that_is_a_file")]
HARDENING_SANDBOX = [_H + t for t in (
    "test_the_time_bound_counts_cpu_time_not_waiting",
    "test_the_memory_bound_stops_a_render_that_takes_too_much",
    "test_a_template_error_never_shows_pythons_words", "test_a_template_linked_to_a_file_outside_is_refused",
    "test_a_template_folder_linked_outside_is_refused", "test_a_link_that_stays_inside_the_folder_is_fine",
    "test_a_link_to_a_missing_file_is_said_plainly")]

# module → (files to mutate, tests run against them: files, or one test function of a file).
# A listed file that does not exist (yet) is skipped: the sandbox moves from templating.py to
# sandbox.py. The tests are the ones aimed at the module, so a run takes minutes, not hours.
MODULES: dict[str, tuple[list[str], list[str]]] = {
    "loading": (["reportgen/loading.py"],
                ["tests/test_loading.py", "tests/test_bad_inputs.py::test_bad_facts",
                 "tests/test_validate.py", *HARDENING_LOADING]),
    "validate": (["reportgen/validate.py", "reportgen/kinds.py"],
                 ["tests/test_validate.py", "tests/test_bad_inputs.py::test_bad_facts",
                  "tests/test_sheets.py"]),
    "numbering": (["reportgen/document.py"],
                  ["tests/test_document.py", "tests/test_drafts.py"]),
    "output": (["reportgen/output.py"],
               ["tests/test_output.py", "tests/test_cli.py", "tests/test_batch.py", *HARDENING_OUTPUT]),
    "sandbox": (["reportgen/templating.py", "reportgen/sandbox.py"],
                ["tests/test_templating.py", "tests/test_templates_cmd.py", "tests/test_sandbox.py",
                 "tests/test_bad_inputs.py::test_bad_templates", *HARDENING_SANDBOX]),
    "check-rules": (["reportgen/check/rules.py"],
                    ["tests/test_check_rules.py", "tests/test_check_structure.py",
                     "tests/test_check_fix.py"]),  # the rules' fixes are asserted there
}

# What the tests read besides the package and the tests themselves. The team's ../shared is
# left out: the tests that read it skip, so a run does not depend on what is there today.
ALSO_COPY = ["templates/", "samples/", "README.md"]  # README: test_hardening reads its exit-code table


def config(files: list[str], tests: list[str]) -> str:
    """pyproject.toml for one module's folder: the project's own, plus mutmut's section."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[tool.mutmut]" not in text, "pyproject.toml has its own [tool.mutmut]: one place only"

    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(i) for i in items) + "]"

    return text + f"""
[tool.mutmut]
source_paths = ["reportgen/"]
only_mutate = {toml_list(files)}
also_copy = {toml_list(ALSO_COPY)}
pytest_add_cli_args_test_selection = {toml_list(tests)}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-q"]
"""


def prepare(name: str) -> Path:
    """.mutation/<name>/: links to the package, tests and data, and the module's pyproject.toml."""
    files, tests = MODULES[name]
    files = [f for f in files if (ROOT / f).is_file()]
    folder = WORK / name
    folder.mkdir(parents=True, exist_ok=True)
    (WORK / ".gitignore").write_text("*\n", encoding="utf-8")
    for entry in ["reportgen", "tests", *[p.rstrip("/") for p in ALSO_COPY]]:
        link = folder / entry
        if not link.is_symlink():
            link.symlink_to(ROOT / entry, target_is_directory=True)
    (folder / "pyproject.toml").write_text(config(files, tests), encoding="utf-8")
    return folder


def mutmut(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mutmut", *args], cwd=folder, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def survivors(folder: Path) -> list[str]:
    out = mutmut(folder, "results").stdout
    return [line.strip() for line in out.splitlines() if line.strip().endswith((": survived", ": no tests"))]


def score(folder: Path) -> str:
    mutmut(folder, "export-cicd-stats")
    stats = json.loads((folder / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    killed = stats["killed"] + stats["timeout"]
    total = stats["total"]
    share = f"{100 * killed / total:.1f}%" if total else "—"
    return (f"{killed}/{total} killed ({share}); survived {stats['survived']}, no test {stats['no_tests']}, "
            f"suspicious {stats['suspicious']}, timeout {stats['timeout']}")


def run(name: str, children: int) -> None:
    folder = prepare(name)
    print(f"== {name}: {' '.join(MODULES[name][0])}", flush=True)
    with (folder / "run.log").open("w", encoding="utf-8") as log:
        done = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", str(children)],
                              cwd=folder, stdout=log, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        print(f"   mutmut failed (exit {done.returncode}); see {folder / 'run.log'}. The tests must pass"
              " unmutated first: on a busy machine the 5-second template time bound can trip; run again"
              " when it is quieter.")
        return
    print(f"   {score(folder)}")
    for line in survivors(folder):
        print(f"   {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"{', '.join(MODULES)} or all")
    parser.add_argument("--survivors", action="store_true", help="list the last run's survivors, run nothing")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="mutants run at once")
    args = parser.parse_args(argv)
    if not args.modules:
        for name, (files, tests) in MODULES.items():
            print(f"{name:12} {' '.join(files)}\n{'':12} tests: {' '.join(tests)}")
        return 0
    try:
        import mutmut  # noqa: F401
    except ImportError:
        parser.error('mutmut is not installed: pip install -e ".[dev]"')
    names = list(MODULES) if args.modules == ["all"] else args.modules
    unknown = [n for n in names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module {', '.join(unknown)}; choose from {', '.join(MODULES)} or all")
    for name in names:
        if args.survivors:
            folder = WORK / name
            print(f"== {name}: {score(folder)}")
            print("\n".join(f"   {line}" for line in survivors(folder)))
        else:
            run(name, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
