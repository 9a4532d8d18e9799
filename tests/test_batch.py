"""reportgen batch end to end: folders and sheets in, one draft per unit and period out,
failures reported without stopping the others, names safe and unique, results that do not
depend on --jobs, a roll-up whose totals are right and comparisons that are computed."""

from __future__ import annotations

import csv
import itertools
import re
from collections import Counter
from pathlib import Path

import pytest

from reportgen.problems import builtin

from conftest import ROOT, SAMPLES, RunCli
from support import FEWER, MORE, RISE

COMMON = ("--type", "summary", "--date", "2024-04-08")

CODES = builtin().codes


def write_units(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    """A sheet with one column per key used in any row, in first-seen order."""
    header = list(dict.fromkeys(k for row in rows for k in row))
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)
    return path


def town(name: str, **fields: str) -> dict[str, str]:
    return {"unit.name": name, "unit.kind": "镇", "unit.secretary": "王明", **fields}


def unit_yaml(name: str, period: str = "2024Q1", **counts: int | str) -> str:
    study = "".join(f"  {k}: {v}\n" for k, v in (counts or {"seminars": 1}).items())
    return f"type: summary\nperiod: {period}\ndate: 2024-04-08\nunit:\n  name: {name}\nstudy:\n{study}"


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_spec_csv_drafts_unchanged(shared: Path, run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("batch", str(shared / "spec" / "units-2024Q1.csv"), *COMMON, "--period", "2024Q1",
                     "-o", "out")
    assert result.exit_code == 0, result.stdout + result.stderr
    with (shared / "spec" / "units-2024Q1.csv").open(encoding="utf-8") as fh:
        units = [row["unit.name"] for row in csv.DictReader(fh)]
    assert sorted(files(tmp_path / "out")) == sorted(f"{u}-2024Q1-工作总结.md" for u in units)
    for unit in units:
        text = (tmp_path / "out" / f"{unit}-2024Q1-工作总结.md").read_text(encoding="utf-8")
        assert text.startswith(f"# {unit}2024年一季度意识形态工作总结\n")
        assert text.rstrip().endswith("2024年4月8日")
        assert f"out/{unit}-2024Q1-工作总结.md" in result.stdout
    assert f"共 {len(units)} 份：已起草 {len(units)} 份，失败 0 份" in result.stdout


def test_a_bad_file_in_a_folder_fails_alone(run_cli: RunCli, tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    (facts / "二组").mkdir(parents=True)
    (facts / "甲镇.yaml").write_text(unit_yaml("甲镇", seminars=2), encoding="utf-8")
    (facts / "二组" / "乙镇.yml").write_text(unit_yaml("乙镇", seminars=3), encoding="utf-8")
    (facts / "二组" / "丙镇.yaml").write_text(unit_yaml("丙镇", seminars="十"), encoding="utf-8")
    (facts / "说明.txt").write_text("不是事实文件", encoding="utf-8")
    (facts / ".草稿.yaml").write_text("type: [", encoding="utf-8")
    result = run_cli("batch", "facts", "-o", "out", "--jobs", "2")
    assert result.exit_code == 1
    assert sorted(files(tmp_path / "out")) == ["乙镇-2024Q1-工作总结.md", "甲镇-2024Q1-工作总结.md"]
    assert "失败：facts/二组/丙镇.yaml 第7行第13列：study.seminars（专题研讨）：请用阿拉伯数字书写" in result.stdout
    assert "共 3 份：已起草 2 份，失败 1 份" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_names_are_safe_unique_and_inside_the_output_folder(run_cli: RunCli, tmp_path: Path) -> None:
    names = ["宣传/统战办", "..", "CON", "con", "县" * 300, "镇" * 50]
    write_units(tmp_path / "units.csv", [town(n) for n in names])
    for layout in ("flat", "by-unit", "by-period"):
        out = tmp_path / layout
        result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "-o", layout, "--layout", layout)
        assert result.exit_code == 1  # the 300-character name, and only it
        assert "unit.name（单位名称）：过长（300字），最多50字" in result.stdout
        written = [p for p in out.rglob("*") if p.is_file()]
        assert len(written) == 5
        folded = {str(p.relative_to(out)).casefold() for p in written}
        assert len(folded) == 5  # unique even on a case-insensitive file system
        for path in written:
            assert path.resolve().is_relative_to(out.resolve())
            assert all(part not in ("", ".", "..") and not part.startswith(".") for part in path.relative_to(out).parts)
            assert not re.search(r'[<>:"\\|?*]', path.name)
            assert len(path.name.encode("utf-8")) <= 255
        titles = sorted(p.read_text(encoding="utf-8").splitlines()[0] for p in written)
        assert titles == sorted(f"# {n}2024年一季度意识形态工作总结" for n in names if len(n) <= 50)
    flat = sorted(files(tmp_path / "flat"))
    assert flat == sorted(["宣传_统战办-2024Q1-工作总结.md", "报告-2024Q1-工作总结.md", "_CON-2024Q1-工作总结.md",
                           "_con-2024Q1-工作总结-2.md", "镇" * 50 + "-2024Q1-工作总结.md"])


def test_two_periods_draft_each_unit_twice(run_cli: RunCli, tmp_path: Path) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇", **{"study.seminars": "2"}), town("乙镇")])
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "--period", "2024Q2", "-o", "out",
                     "--layout", "by-period")
    assert result.exit_code == 0, result.stdout
    assert sorted(files(tmp_path / "out")) == ["2024Q1/乙镇-工作总结.md", "2024Q1/甲镇-工作总结.md",
                                               "2024Q2/乙镇-工作总结.md", "2024Q2/甲镇-工作总结.md"]
    assert (tmp_path / "out/2024Q2/甲镇-工作总结.md").read_text(encoding="utf-8").startswith(
        "# 甲镇2024年二季度意识形态工作总结")


@pytest.mark.parametrize(("layout", "expected"), [
    ("flat", ["乙镇-2024Q1-工作总结.docx", "乙镇-2024Q1-工作总结.md", "乙镇-2024Q2-工作总结.docx", "乙镇-2024Q2-工作总结.md",
              "县委宣传部-2024Q1-汇总.docx", "县委宣传部-2024Q1-汇总.md", "县委宣传部-2024Q2-汇总.docx", "县委宣传部-2024Q2-汇总.md",
              "甲镇-2024Q1-工作总结.docx", "甲镇-2024Q1-工作总结.md", "甲镇-2024Q2-工作总结.docx", "甲镇-2024Q2-工作总结.md"]),
    ("by-unit", ["乙镇/2024Q1-工作总结.docx", "乙镇/2024Q1-工作总结.md", "乙镇/2024Q2-工作总结.docx", "乙镇/2024Q2-工作总结.md",
                 "县委宣传部-2024Q1-汇总.docx", "县委宣传部-2024Q1-汇总.md", "县委宣传部-2024Q2-汇总.docx", "县委宣传部-2024Q2-汇总.md",
                 "甲镇/2024Q1-工作总结.docx", "甲镇/2024Q1-工作总结.md", "甲镇/2024Q2-工作总结.docx", "甲镇/2024Q2-工作总结.md"]),
    ("by-period", ["2024Q1/乙镇-工作总结.docx", "2024Q1/乙镇-工作总结.md", "2024Q1/县委宣传部-汇总.docx", "2024Q1/县委宣传部-汇总.md",
                   "2024Q1/甲镇-工作总结.docx", "2024Q1/甲镇-工作总结.md",
                   "2024Q2/乙镇-工作总结.docx", "2024Q2/乙镇-工作总结.md", "2024Q2/县委宣传部-汇总.docx", "2024Q2/县委宣传部-汇总.md",
                   "2024Q2/甲镇-工作总结.docx", "2024Q2/甲镇-工作总结.md"]),
])
def test_each_layout_puts_the_files_where_it_says(run_cli: RunCli, tmp_path: Path, layout: str,
                                                  expected: list[str]) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇", **{"study.seminars": "2"}), town("乙镇")])
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "--period", "2024Q2", "-o", "out",
                     "--layout", layout, "--format", "both", "--rollup-unit", "县委宣传部")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert sorted(files(tmp_path / "out")) == sorted(expected)
    for path in expected:  # the table shows each file where it is
        assert f"out/{path}" in result.stdout
    jia_q2, rollup_q1 = {"flat": ("甲镇-2024Q2-工作总结.md", "县委宣传部-2024Q1-汇总.md"),
                         "by-unit": ("甲镇/2024Q2-工作总结.md", "县委宣传部-2024Q1-汇总.md"),
                         "by-period": ("2024Q2/甲镇-工作总结.md", "2024Q1/县委宣传部-汇总.md")}[layout]
    assert (tmp_path / "out" / jia_q2).read_text(encoding="utf-8").startswith("# 甲镇2024年二季度意识形态工作总结\n")
    assert (tmp_path / "out" / rollup_q1).read_text(encoding="utf-8").startswith("# 县委宣传部关于2024年一季度全县意识形态工作情况的报告\n")


def test_a_rows_own_values_win_over_the_command_line(run_cli: RunCli, tmp_path: Path) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇", period="2024H1", date="2024-07-05"), town("乙镇", period="")])
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "--period", "2024Q2", "-o", "out")
    assert result.exit_code == 0, result.stdout
    assert sorted(files(tmp_path / "out")) == ["乙镇-2024Q1-工作总结.md", "乙镇-2024Q2-工作总结.md",
                                               "甲镇-2024H1-工作总结.md"]
    assert (tmp_path / "out/甲镇-2024H1-工作总结.md").read_text(encoding="utf-8").rstrip().endswith("2024年7月5日")


def _number(cell: str) -> tuple[int, bool]:
    return (int(cell.rstrip("余")), cell.endswith("余")) if cell else (0, False)


def test_the_rollup_totals_what_the_rows_say(run_cli: RunCli, tmp_path: Path) -> None:
    rows = [
        town("甲镇", **{"responsibility.special_meetings": "4", "publicity.materials": "800余",
                       "study.group_study": "3", "problems": "study_depth；online_management",
                       "highlights": "打造“红色课堂”品牌"}),
        town("乙镇", **{"responsibility.special_meetings": "2", "publicity.materials": "1200",
                       "study.group_study": "", "problems": "study_depth；部分村宣传员业务能力偏弱"}),
        town("丙镇", **{"responsibility.special_meetings": "5", "publicity.materials": "",
                       "study.group_study": "6", "problems": "online_management；study_depth；supervision",
                       "highlights": ""}),
    ]
    write_units(tmp_path / "units.csv", rows, encoding="gbk")
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "-o", "out",
                     "--rollup-unit", "县委宣传部")
    assert result.exit_code == 0, result.stdout
    text = (tmp_path / "out" / "县委宣传部-2024Q1-汇总.md").read_text(encoding="utf-8")
    with (tmp_path / "units.csv").open(encoding="gbk") as fh:
        table = list(csv.DictReader(fh))

    def total(column: str) -> tuple[int, int, str]:
        values = [_number(row[column]) for row in table]
        amount = sum(v for v, _ in values)
        return sum(v > 0 for v, _ in values), amount, f"{amount}余" if any(a for _, a in values) else str(amount)

    def said(*parts: str) -> bool:  # all parts in one sentence of the roll-up
        return any(all(p in sentence for p in parts) for sentence in re.split("[。；]", text))

    units, _, meetings = total("responsibility.special_meetings")
    assert said("专题研究意识形态工作", f"{units}个单位", f"{meetings}次")
    units, _, studies = total("study.group_study")
    assert said("集中学习", f"{units}个单位", f"{studies}次")
    units, _, materials = total("publicity.materials")
    assert said("宣传资料", f"{units}个单位", f"{materials}份")
    assert materials.endswith("余")  # 800余 + 1200 is still approximate
    assert said("报送", f"{len(table)}个单位")

    # problems ranked by how many units name them; "宣传员业务能力" is classified as team_capacity
    named: Counter[str] = Counter()
    for row in table:
        codes = {p if p in CODES else "team_capacity" for p in re.split("[；;]", row["problems"])}
        named.update(codes)
    ranked = sorted(named, key=lambda c: (-named[c], list(CODES).index(c)))
    # a problem of one unit names it without a count: 工作队伍能力有待提升（乙镇）
    positions = [text.index(f"{CODES[c].label}（{named[c]}个单位" if named[c] > 1 else f"{CODES[c].label}（")
                 for c in ranked]
    assert positions == sorted(positions)
    assert "甲镇打造“红色课堂”品牌" in text
    assert text.rstrip().endswith("县委宣传部\n\n2024年4月8日")


def test_a_comparison_with_last_year_in_the_same_batch(run_cli: RunCli, tmp_path: Path) -> None:
    write_units(tmp_path / "units.csv", [
        town("甲镇", period="2023Q1", **{"study.group_study": "3", "study.seminars": "2", "publicity.materials": "1000"}),
        town("甲镇", period="2024Q1", **{"study.group_study": "5", "study.seminars": "2", "publicity.materials": "1200"}),
    ])
    result = run_cli("batch", "units.csv", *COMMON, "-o", "out")
    assert result.exit_code == 0, result.stdout
    now = (tmp_path / "out/甲镇-2024Q1-工作总结.md").read_text(encoding="utf-8")
    before = (tmp_path / "out/甲镇-2023Q1-工作总结.md").read_text(encoding="utf-8")
    assert re.search(f"集中学习5次，{MORE}2次", now)
    assert re.search(f"宣传资料1200份，{RISE}20%", now)
    assert "去年同期" not in before and "同比" not in before
    assert "增加0" not in now and not re.search(f"研讨2次(?:{MORE}|{FEWER})", now)


def test_a_comparison_with_last_years_facts_given_apart(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "last").mkdir()
    (tmp_path / "last" / "甲镇.yaml").write_text(unit_yaml("甲镇", "2023Q1", group_study=7), encoding="utf-8")
    (tmp_path / "甲镇.yaml").write_text(unit_yaml("甲镇", group_study=4), encoding="utf-8")
    result = run_cli("batch", "甲镇.yaml", "--compare", "last", "-o", "out")
    assert result.exit_code == 0, result.stdout
    assert sorted(files(tmp_path / "out")) == ["甲镇-2024Q1-工作总结.md"]
    assert re.search(f"集中学习4次，{FEWER}3次", (tmp_path / "out/甲镇-2024Q1-工作总结.md").read_text("utf-8"))


def test_the_result_does_not_depend_on_jobs(run_cli: RunCli, tmp_path: Path) -> None:
    rows = [town(f"{i:02d}号镇", **{"study.group_study": str(i % 7), "problems": list(CODES)[i % len(CODES)],
                                   "publicity.materials": f"{i * 10}余", "highlights": f"开设第{i}期讲堂"})
            for i in range(1, 41)]
    write_units(tmp_path / "units.csv", rows)
    args = ("batch", "units.csv", str(ROOT / "samples"), *COMMON, "--period", "2024Q1", "--rollup")
    one = run_cli(*args, "-o", "one", "--jobs", "1")
    two = run_cli(*args, "-o", "two", "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert files(tmp_path / "one") == files(tmp_path / "two")
    written = list(files(tmp_path / "one"))
    rollups = [name for name in written if name.endswith("-汇总.md")]  # one per period
    assert len(written) - len(rollups) == 40 + len(SAMPLES)
    assert "2024Q1-汇总.md" in rollups and len(rollups) >= 2
    assert one.stdout.replace("one/", "") == two.stdout.replace("two/", "")


def test_existing_files_are_refused_before_anything_is_written(run_cli: RunCli, tmp_path: Path) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇"), town("乙镇")])
    args = ("batch", "units.csv", *COMMON, "--period", "2024Q1", "-o", "out")
    assert run_cli(*args).exit_code == 0
    (tmp_path / "out/乙镇-2024Q1-工作总结.md").write_text("我的修改", encoding="utf-8")
    (tmp_path / "out/甲镇-2024Q1-工作总结.md").unlink()
    again = run_cli(*args)
    assert again.exit_code == 2
    assert "out/乙镇-2024Q1-工作总结.md：文件已存在；如需覆盖，请加 --force" in again.stderr
    assert str(tmp_path) not in again.stderr
    assert sorted(files(tmp_path / "out")) == ["乙镇-2024Q1-工作总结.md"]  # 甲镇 not rewritten either
    assert run_cli(*args, "--force").exit_code == 0
    assert (tmp_path / "out/乙镇-2024Q1-工作总结.md").read_text(encoding="utf-8").startswith("# 乙镇")


@pytest.mark.parametrize(("args", "message"), [
    (("--type", "summary", "--period", "2024Q1"), "units.csv：表格中没有成文日期（date）列：请增加这一列，或在命令行用 --date"),
    (("--type", "summary", "--period", "2024Q5", "--date", "2024-04-08"), "选项 --period 的值“2024Q5”无效"),
    (("--type", "report", "--period", "2024Q1", "--date", "2024-04-08"), "选项 --type 的值“report”无效"),
    (("--type", "summary", "--period", "2024Q1", "--date", "2024-04-31"), "选项 --date 的值“2024-04-31”无效"),
    (("--type", "summary", "--date", "2024-04-08", "nowhere/"), "nowhere：文件或文件夹不存在"),
], ids=["no-date", "bad-period", "bad-type", "bad-date", "missing-input"])
def test_usage_problems_stop_before_drafting(run_cli: RunCli, tmp_path: Path, args: tuple[str, ...],
                                             message: str) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇")])
    result = run_cli("batch", "units.csv", "-o", "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()


def test_xlsx_end_to_end_with_chinese_headers(run_cli: RunCli, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["单位名称", "党组织书记", "专题研究意识形态工作（次）", "存在问题"])
    sheet.append(["甲镇", "王明", 3, "study_depth"])
    sheet.append(["乙街道", "李红", "二", ""])
    book.save(tmp_path / "units.xlsx")
    result = run_cli("batch", "units.xlsx", *COMMON, "--period", "2024Q1", "-o", "out")
    assert result.exit_code == 1
    assert "失败：units.xlsx（工作表“Sheet”） 第3行第3列：responsibility.special_meetings（专题研究意识形态工作）" in result.stdout
    text = (tmp_path / "out/甲镇-2024Q1-工作总结.md").read_text(encoding="utf-8")
    assert "研究意识形态工作3次" in text


def test_progress_is_plain_lines_off_a_terminal_and_notes_go_to_stderr(run_cli: RunCli, tmp_path: Path) -> None:
    write_units(tmp_path / "units.csv", [town("甲镇"), town("乙镇"), town("甲镇")])
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "-o", "out")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert lines[0] == "开始起草：共 3 份"
    assert "起草进度：3/3（100%）" in lines
    assert "\r" not in result.stderr
    assert any("“甲镇”的 2024Q1 工作总结出现了 2 次（units.csv 第2行、units.csv 第4行）" in line for line in lines)
    assert sorted(files(tmp_path / "out")) == ["乙镇-2024Q1-工作总结.md", "甲镇-2024Q1-工作总结-2.md",
                                               "甲镇-2024Q1-工作总结.md"]


def eight_char_runs(text: str) -> set[str]:
    body = re.sub(r"\s+", "", text)
    return {body[i:i + 8] for i in range(len(body) - 7)}


def test_different_units_drafts_do_not_read_alike(run_cli: RunCli, tmp_path: Path) -> None:
    """Drafts of different units from one template share well under 60% of their 8-character runs."""
    result = run_cli("batch", str(ROOT / "samples"), "-o", "out")
    assert result.exit_code == 0
    drafts = {p.name: eight_char_runs(p.read_text(encoding="utf-8")) for p in (tmp_path / "out").glob("*.md")}
    assert len(drafts) == len(SAMPLES) >= 3
    for (a, runs_a), (b, runs_b) in itertools.combinations(drafts.items(), 2):
        shared = len(runs_a & runs_b) / min(len(runs_a), len(runs_b))
        assert shared < 0.5, f"{a} and {b} share {shared:.0%} of their 8-character runs"


def test_docx_beside_markdown(run_cli: RunCli, tmp_path: Path) -> None:
    pytest.importorskip("reportgen.writers.docx")
    docx = pytest.importorskip("docx")
    write_units(tmp_path / "units.csv", [town("甲镇"), town("乙镇")])
    result = run_cli("batch", "units.csv", *COMMON, "--period", "2024Q1", "-o", "out", "--format", "both",
                     "--rollup", "--jobs", "2")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert sorted(files(tmp_path / "out")) == sorted(
        f"{stem}.{ext}" for stem in ("甲镇-2024Q1-工作总结", "乙镇-2024Q1-工作总结", "2024Q1-汇总") for ext in ("md", "docx"))
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "out/甲镇-2024Q1-工作总结.docx")).paragraphs)
    assert "甲镇2024年一季度意识形态工作总结" in text


def test_progress_on_a_terminal_is_one_redrawn_bar() -> None:
    import io

    from reportgen.batch import Outcome
    from reportgen.errors import Problem
    from reportgen.progress import Progress

    stream = io.StringIO()
    bar = Progress(stream, tty=True)
    bar.start(4)
    for i in range(4):
        bar.advance(Outcome(i, "x", problems=(Problem("坏"),) if i == 2 else ()))
    bar.finish()
    shown = stream.getvalue()
    assert "\n" not in shown.rstrip("\n") and shown.endswith("\n")
    assert shown.count("\r") >= 2
    assert shown.rstrip().endswith("4/4 100%  失败 1\x1b[K")
