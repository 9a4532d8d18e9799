"""Issue 12, hardening round two: the hostile inputs too big or too odd to keep in
tests/bad_inputs (devices, FIFOs, zips that inflate to GiB, workbooks with hidden sheets, files
in other encodings), built here at run time. Each asserts the exit code and what the user reads;
how long each takes and how much memory is measured by bench/hostile_inputs.py, not here."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, RunCli

SAMPLE = ROOT / "samples" / "双胜镇-2024H1.yaml"
SHEET_ARGS = ("--type", "summary", "--period", "2024Q1", "--date", "2024-04-08")
MIB = 1024 * 1024
posix = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def town(path: Path, name: str) -> Path:
    path.write_text(SAMPLE.read_text(encoding="utf-8").replace("双胜镇", name), encoding="utf-8")
    return path


def assert_refused(result: object, fragment: str) -> None:
    assert result.exit_code == 2, result.output  # type: ignore[attr-defined]
    assert fragment in result.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]


# --- item 1: devices and pipes; the size bound counts bytes read -------------------------------


@posix
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_not_read(run_cli: RunCli, tmp_path: Path, device: str) -> None:
    assert_refused(run_cli("draft", device, "-o", "x/"), f"错误：{device}：不是普通文件（而是命名管道、设备或套接字），不能读取")
    assert_refused(run_cli("draft", str(SAMPLE), "--compare", device, "-o", "x/"), f"{device}：不是普通文件")
    assert not (tmp_path / "x").exists()


@posix
def test_a_pipe_like_process_substitution_is_not_read(run_cli: RunCli) -> None:
    read, write = os.pipe()  # what bash's <(yes '# a') hands over: /dev/fd/N
    try:
        os.write(write, b"# a\n" * 1000)
        assert_refused(run_cli("draft", f"/dev/fd/{read}", "-o", "x/"), "不是普通文件")
    finally:
        os.close(read)
        os.close(write)


def test_the_size_bound_counts_bytes_read_not_stat() -> None:
    from reportgen.errors import FactsError
    from reportgen.inputfiles import read_bounded

    proc = Path("/proc/self/maps")  # a regular file whose stat() says 0 bytes
    if not proc.exists() or proc.stat().st_size != 0:
        pytest.skip("needs Linux /proc")
    with pytest.raises(FactsError, match="文件过大，上限为 0 KB"):
        read_bounded(proc, "maps", 100)


# --- item 2: FIFOs ------------------------------------------------------------------------------


@posix
def test_a_fifo_as_facts_file_is_refused_at_once(run_cli: RunCli, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "facts.yaml")  # no writer: opening it to read would wait for ever
    assert_refused(run_cli("draft", "facts.yaml"), "错误：facts.yaml：不是普通文件")
    assert_refused(run_cli("check", "facts.yaml", "--facts", "facts.yaml"), "facts.yaml：不是普通文件")


@posix
def test_a_fifo_in_a_batch_folder_is_skipped_and_the_others_drafted(run_cli: RunCli, tmp_path: Path) -> None:
    folder = tmp_path / "units"
    folder.mkdir()
    town(folder / "甲镇.yaml", "甲镇")
    os.mkfifo(folder / "中间.yaml")
    town(folder / "乙镇.yaml", "乙镇")
    result = run_cli("batch", "units", "-o", "out/")
    assert result.exit_code == 0, result.output
    assert "提示：units/中间.yaml：不是普通文件（而是命名管道、设备或套接字），不能读取，已跳过" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["乙镇-2024H1-工作总结.md", "甲镇-2024H1-工作总结.md"]


# --- items 3 and 17: zip packages that inflate to GiB, or are damaged ---------------------------


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _bloated(source: Path, target: Path, part: str, marker: bytes, pad: int) -> Path:
    """source with pad spaces put into part: small on disk, large inflated (as an attacker would)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename == part:
                head, _, tail = data.rpartition(marker)
                data = head + b" " * pad + marker + tail
            new.writestr(info.filename, data, zipfile.ZIP_DEFLATED)
    return target


def _declaring(source: Path, target: Path, part: str, size: int) -> Path:
    """source with part's uncompressed size in the central directory rewritten to size."""
    data = bytearray(source.read_bytes())
    offset = data.find(b"PK\x05\x06")
    cd_start = int.from_bytes(data[offset + 16:offset + 20], "little")
    entry = cd_start
    while data[entry:entry + 4] == b"PK\x01\x02":
        name_len = int.from_bytes(data[entry + 28:entry + 30], "little")
        extra_len = int.from_bytes(data[entry + 30:entry + 32], "little")
        comment_len = int.from_bytes(data[entry + 32:entry + 34], "little")
        if data[entry + 46:entry + 46 + name_len].decode() == part:
            data[entry + 24:entry + 28] = size.to_bytes(4, "little")
        entry += 46 + name_len + extra_len + comment_len
    target.write_bytes(bytes(data))
    return target


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return _workbook(tmp_path / "book.xlsx", [["unit.name", "study.group_study"], ["甲镇", 3]])


def test_an_xlsx_part_inflating_far_beyond_its_size_is_refused(run_cli: RunCli, tmp_path: Path,
                                                               book: Path) -> None:
    bomb = _bloated(book, tmp_path / "bomb.xlsx", "xl/workbook.xml", b"</workbook>", 16 * MIB)
    assert bomb.stat().st_size < MIB
    result = run_cli("batch", "bomb.xlsx", *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2, result.output
    assert "bomb.xlsx：Excel 文件中的 xl/workbook.xml 压缩比异常" in result.output
    assert "可能是恶意构造的压缩包" in result.output


def test_an_xlsx_part_declaring_gib_is_refused(run_cli: RunCli, tmp_path: Path, book: Path) -> None:
    bomb = _declaring(book, tmp_path / "big.xlsx", "xl/worksheets/sheet1.xml", 3 * 1024 * MIB)
    result = run_cli("batch", str(bomb), *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2, result.output
    assert "xl/worksheets/sheet1.xml 解压后为 3072 MB，超过上限 200 MB" in result.output


def test_an_xlsx_part_inflating_to_more_than_it_declares_is_corrupt(run_cli: RunCli, tmp_path: Path,
                                                                    book: Path) -> None:
    bomb = _declaring(book, tmp_path / "lying.xlsx", "xl/workbook.xml", 10)  # inflates to more than 10
    result = run_cli("batch", str(bomb), *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2, result.output
    assert "无法读取 Excel 文件：文件已损坏，或不是 .xlsx 格式" in result.output


@pytest.fixture
def docx(tmp_path: Path, run_cli: RunCli) -> Path:
    assert run_cli("draft", str(SAMPLE), "-o", "r.docx").exit_code == 0
    return tmp_path / "r.docx"


def test_check_refuses_a_docx_bomb(run_cli: RunCli, tmp_path: Path, docx: Path) -> None:
    _bloated(docx, tmp_path / "bomb.docx", "word/document.xml", b"</w:body>", 8 * MIB)
    assert_refused(run_cli("check", "bomb.docx"), "bomb.docx：Word 文档中的 word/document.xml 压缩比异常")


def test_check_calls_a_docx_with_flipped_bytes_damaged(run_cli: RunCli, tmp_path: Path, docx: Path) -> None:
    data = bytearray(docx.read_bytes())
    start = data.find(b"word/document.xml") + 40  # inside the compressed document, before the directory
    for i in range(start, start + 100):
        data[i] ^= 0xFF
    (tmp_path / "flipped.docx").write_bytes(bytes(data))
    assert_refused(run_cli("check", "flipped.docx"), "flipped.docx：无法读取 Word 文档：文件已损坏")


# --- item 4 and 5: the render's CPU time and memory ----------------------------------------------


@posix
def test_the_time_bound_counts_cpu_time_not_waiting() -> None:
    import time

    from reportgen.sandbox import limits
    from reportgen.template_errors import Timeout

    with limits(0.3):
        time.sleep(0.6)  # waiting for the CPU (300 processes on 2 cores) is not running
    with pytest.raises(Timeout), limits(0.3):
        while True:
            pass


@posix
def test_the_memory_bound_stops_a_render_that_takes_too_much() -> None:
    from reportgen.sandbox import limits

    if not Path("/proc/self/statm").exists():
        pytest.skip("needs Linux /proc")
    with pytest.raises(MemoryError), limits(10, memory=64 * MIB):
        bytearray(512 * MIB)
    assert len(bytearray(256 * MIB)) == 256 * MIB  # the limit is lifted after the render


def test_jobs_are_capped_at_twice_the_cores(run_cli: RunCli, tmp_path: Path) -> None:
    from reportgen.cli import _cpu_count

    town(tmp_path / "甲镇.yaml", "甲镇")
    result = run_cli("batch", "甲镇.yaml", "-o", "out/", "--jobs", "300")
    assert result.exit_code == 0, result.output
    assert f"提示：--jobs 300 超过 CPU 核数（{_cpu_count()}）的 2 倍，按 {2 * _cpu_count()} 个进程起草" in result.stderr
    assert "Traceback" not in result.output and "Exception ignored" not in result.output


# --- items 6 and 15: roll-ups of any size, naming the units that failed --------------------------


def test_a_roll_up_of_20000_units_names_ten_and_counts_the_rest() -> None:
    import datetime as dt

    from reportgen.pipeline import render_document
    from reportgen.rollup import Contribution, Rollup
    from reportgen.templating import ROLLUP_TEMPLATE, make_environment
    from reportgen.values import Period
    from reportgen.wording import Wording

    roll = Rollup(Period(2024, "Q", 1))
    for i in range(20_000):
        roll.add(i, Contribution(f"{i:05d}号镇", "2024Q1", dt.date(2024, 4, 8), (("study.group_study", 1, False),),
                                 (f"开设{i}号院坝课堂",), ("study_depth",), (f"{i}号问题",)))
    roll.fail(20_000, "坏镇")
    doc = render_document(make_environment(), ROLLUP_TEMPLATE, roll.context(Wording(), "县委宣传部"), "县委宣传部")
    text = "\n".join(block.text for block in doc.blocks)
    assert "理论学习不够深入（20000个单位：00000号镇、00001号镇、00002号镇、00003号镇、00004号镇、00005号镇、" \
           "00006号镇、00007号镇、00008号镇、00009号镇等）" in text
    sentences = re.split("[。；]", text)
    assert any("19990个单位" in s and "特色做法" in s for s in sentences)
    assert any("19990条" in s for s in sentences)
    assert any("20001个单位" in s and "1个单位" in s and "有误" in s and "坏镇" in s for s in sentences)
    assert "00010号镇" not in text
    assert max(len(block.text) for block in doc.blocks) < 1000


def test_a_batch_roll_up_names_the_unit_that_failed(run_cli: RunCli, tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("unit.name,study.group_study\n甲镇,3\n乙镇,三\n丙镇,4\n", encoding="utf-8")
    result = run_cli("batch", "units.csv", *SHEET_ARGS, "-o", "out/", "--rollup")
    assert result.exit_code == 1, result.output
    rollup = (tmp_path / "out" / "2024Q1-汇总.md").read_text(encoding="utf-8")
    submitted = rollup.split("## 一、报送情况")[1].split("##")[0]  # 3 units, 2 summed up, 乙镇 not
    assert "3个单位" in submitted and "2个单位" in submitted and "1个单位" in submitted
    assert "有误" in submitted and "乙镇" in submitted


# --- item 9: encodings ---------------------------------------------------------------------------


BIG5_FACTS = """type: summary
period: 2024H1
date: 2024-07-05
unit:
  name: 雙勝鎮
  kind: 鎮
  party_org: 鎮黨委
  secretary: 王建國
study:
  group_study: 11
  topics: [黨的二十大精神, 習近平文化思想]
highlights:
  - 開設院壩微黨課，組織幹部進村入戶宣講
"""


def test_a_big5_facts_file_is_refused_with_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "big5.yaml").write_bytes(BIG5_FACTS.encode("big5"))
    result = run_cli("draft", "big5.yaml")
    assert_refused(result, "big5.yaml 第8行：按 GBK 读出的文字像乱码")  # the first line showing characters GB2312 lacks
    assert "繁体 Big5 编码" in result.stderr and "可读取的编码：UTF-8（可带 BOM）、UTF-16（带 BOM）和 GBK/GB18030" in result.stderr


def test_mixed_utf8_and_gbk_is_refused_at_the_first_garbled_line(run_cli: RunCli, tmp_path: Path) -> None:
    utf8 = "type: summary\nperiod: 2024H1\ndate: 2024-07-05\nunit:\n  name: 双胜镇\n".encode()
    gbk = "  secretary: 王建国\n".encode("gbk")
    (tmp_path / "mixed.yaml").write_bytes(utf8 + gbk)
    assert_refused(run_cli("draft", "mixed.yaml"), "mixed.yaml 第6行：从这一行起不是 UTF-8 编码，而前面是：文件混用了 UTF-8 和 GBK")


def test_a_gbk_file_with_a_rare_character_in_a_name_is_read(run_cli: RunCli, tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace("王建国", "王喆")  # 喆: GBK, not GB2312
    (tmp_path / "gbk.yaml").write_bytes(text.encode("gbk"))
    assert run_cli("draft", "gbk.yaml", "-o", "r.md").exit_code == 0


def test_a_big5_sheet_is_refused_with_its_row(run_cli: RunCli, tmp_path: Path) -> None:
    rows = "unit.name,unit.party_org,highlights\n甲鎮,甲鎮黨委,開設院壩微黨課\n雙勝鎮,雙勝鎮黨委,組織幹部進村入戶宣講\n"
    (tmp_path / "units.csv").write_bytes(rows.encode("big5"))
    result = run_cli("batch", "units.csv", *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2, result.output
    assert "units.csv 第2行：按 GBK 读出的文字像乱码" in result.output
    assert not (tmp_path / "out").exists()


# --- item 10: which sheet of a workbook ----------------------------------------------------------


@pytest.fixture
def hidden_first(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "旧表"
    old.append(["unit.name", "study.group_study"])
    old.append(["旧镇", 1])
    old.sheet_state = "hidden"
    new = book.create_sheet("乡镇")
    new.append(["unit.name", "study.group_study"])
    new.append(["新镇", "三"])
    book.active = 1
    book.save(tmp_path / "units.xlsx")
    return tmp_path / "units.xlsx"


def test_the_active_sheet_is_read_not_a_hidden_first_one(run_cli: RunCli, tmp_path: Path, hidden_first: Path) -> None:
    result = run_cli("batch", "units.xlsx", *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2, result.output  # 新镇's only row fails: and the message names the sheet
    assert "units.xlsx（工作表“乡镇”） 第2行第2列：study.group_study（党委理论学习中心组集中学习）：请用阿拉伯数字书写" in result.output
    assert "旧镇" not in result.output


def test_sheet_names_a_worksheet(run_cli: RunCli, tmp_path: Path, hidden_first: Path) -> None:
    result = run_cli("batch", "units.xlsx", *SHEET_ARGS, "-o", "out/", "--sheet", "旧表")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["旧镇-2024Q1-工作总结.md"]
    result = run_cli("batch", "units.xlsx", *SHEET_ARGS, "-o", "out2/", "--sheet", "汇总")
    assert result.exit_code == 2
    assert "没有名为“汇总”的工作表；工作簿中有：“旧表”（隐藏）、“乡镇”" in result.output


# --- item 11: symlinks in a template folder (issue 17 asks for these three) ----------------------


@posix
def test_a_template_linked_to_a_file_outside_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md.j2"
    outside.write_text("# 外面\n", encoding="utf-8")
    (tmp_path / "mine" / "summary").mkdir(parents=True)
    (tmp_path / "mine" / "summary" / "report.md.j2").symlink_to(outside)
    result = run_cli("draft", str(SAMPLE), "--templates", "mine", "-o", "out/")
    assert_refused(result, "summary/report.md.j2：模板文件经符号链接指向模板目录之外")
    assert_refused(run_cli("templates", "list", "--templates", "mine"), "经符号链接指向模板目录之外")


@posix
def test_a_template_folder_linked_outside_is_refused(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "report.md.j2").write_text("# 外面\n", encoding="utf-8")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "summary").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert_refused(run_cli("draft", str(SAMPLE), "--templates", "mine", "-o", "out/"),
                   "模板文件经符号链接指向模板目录之外")


@posix
def test_a_link_that_stays_inside_the_folder_is_fine(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mine" / "summary").mkdir(parents=True)
    (tmp_path / "mine" / "drafts").mkdir()
    (tmp_path / "mine" / "drafts" / "mine.md.j2").write_text("# 自己的模板\n\n正文。\n", encoding="utf-8")
    (tmp_path / "mine" / "summary" / "report.md.j2").symlink_to(Path("..") / "drafts" / "mine.md.j2")
    result = run_cli("draft", str(SAMPLE), "--templates", "mine", "-o", "out/r.md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "r.md").read_text(encoding="utf-8").startswith("# 自己的模板")
    listing = run_cli("templates", "list", "--templates", "mine").stdout
    assert re.search(r"summary/report\.md\.j2\s+自定义，覆盖内置", listing)


@posix
def test_a_link_to_a_missing_file_is_said_plainly(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mine" / "summary").mkdir(parents=True)
    (tmp_path / "mine" / "summary" / "report.md.j2").symlink_to("gone.md.j2")  # inside, but dangling
    assert_refused(run_cli("draft", str(SAMPLE), "--templates", "mine", "-o", "out/"),
                   "summary/report.md.j2：符号链接指向的文件不存在")


# --- item 12: check flags an enumeration that says one thing twice -------------------------------


def test_check_flags_two_identical_items_in_one_enumeration(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "r.md").write_text("# 题\n\n问题：一是理论学习不够深入；二是理论学习不够深入；三是宣传方式创新不足。\n",
                                   encoding="utf-8")
    result = run_cli("check", "r.md")
    assert result.exit_code == 1
    assert "r.md:3:15: 疑似：“二是”与“一是”的内容相同：同一组中重复写了一项 [enumeration]" in result.stdout


# --- item 14: every format character goes ---------------------------------------------------------


def test_every_format_character_is_stripped() -> None:
    from reportgen.kinds import clean_text

    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf")
    assert "\u00ad" in every and "\U000e0041" in every
    assert clean_text(f"双{every}胜镇") == ("双胜镇", True)


# --- item 16: output paths that cannot be --------------------------------------------------------


def test_a_file_name_too_long(run_cli: RunCli, tmp_path: Path) -> None:
    assert_refused(run_cli("draft", str(SAMPLE), "-o", "a" * 300 + ".md"), "无法写入：文件名过长（“aaaaaaaaaaaaaaaaaaaa…”有 303 字节，上限 255 字节）")


def test_a_path_too_long(run_cli: RunCli) -> None:
    result = run_cli("draft", str(SAMPLE), "-o", "a/" * 2100 + "x.md")
    assert_refused(result, "x.md：无法写入：路径过长（")
    assert "字节，上限 4095 字节）" in result.stderr


def test_a_parent_that_is_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("x", encoding="utf-8")
    assert_refused(run_cli("draft", str(SAMPLE), "-o", "good.yaml/x.md"), "good.yaml/x.md：无法写入：上级路径不是文件夹：good.yaml 是一个文件")


# --- item 19: exit codes ----------------------------------------------------------------------------


def test_help_and_readme_list_every_exit_code(run_cli: RunCli) -> None:
    text = run_cli("--help").stdout
    for line in ("0    成功", "1    检查发现问题", "2    输入或用法错误", "3    内部错误", "130  已中断"):
        assert line in text
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "| 3 | internal error" in readme and "| 130 | interrupted" in readme
    assert "3 内部错误" in readme and "130 已中断" in readme


# --- item 20: file modes, and what a killed batch leaves ---------------------------------------


@posix
def test_new_files_follow_the_umask_and_a_replaced_file_keeps_its_mode(run_cli: RunCli, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli("draft", str(SAMPLE), "-o", "r.md", "--format", "both").exit_code == 0
        assert run_cli("init", "summary").exit_code == 0
        assert run_cli("schema", "-o", "s.json").exit_code == 0
        assert run_cli("templates", "export", "summary", "mine").exit_code == 0
        assert run_cli("batch", str(SAMPLE), "-o", "out/").exit_code == 0
        written = [tmp_path / "r.md", tmp_path / "r.docx", tmp_path / "facts-summary.yaml", tmp_path / "s.json",
                   tmp_path / "mine" / "summary" / "phrases.yaml", tmp_path / "out" / "双胜镇-2024H1-工作总结.md"]
        assert [oct(stat.S_IMODE(p.stat().st_mode)) for p in written] == ["0o644"] * 6
        os.umask(0o077)
        assert run_cli("draft", str(SAMPLE), "-o", "private.md").exit_code == 0
        assert stat.S_IMODE((tmp_path / "private.md").stat().st_mode) == 0o600
        os.chmod(tmp_path / "r.md", 0o640)
        assert run_cli("draft", str(SAMPLE), "-o", "r.md", "--force").exit_code == 0
        assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o640
    finally:
        os.umask(old)


@posix
def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # a process that has ended
    left = out / f".双胜镇-2024H1-工作总结.md.reportgen-{dead}-k3j9x2ab.tmp"
    left.write_text("半", encoding="utf-8")
    live = out / f".甲镇.md.reportgen-{os.getpid()}-a1b2c3d4.tmp"  # a run still writing: not ours to remove
    live.write_text("半", encoding="utf-8")
    others = out / ".其他程序.tmp"
    others.write_text("别人的", encoding="utf-8")
    result = run_cli("batch", str(SAMPLE), "-o", "out/")
    assert result.exit_code == 0, result.output
    assert "删除了此前被中断的运行留下的 1 个临时文件" in result.stderr
    assert not left.exists() and live.exists() and others.exists()


# --- item 21: no English reaches the user ---------------------------------------------------------


@pytest.mark.parametrize(("args", "fragment"), [
    (("batch", "x.yaml", "-o", "o", "-j", "0"), "用法错误：选项或参数 -j 的值无效：0 超出范围，应不小于 1"),
    (("check", "x.md", "--max-chars", "9" * 5000), "“999"),
    (("draft", "x.yaml", "--format", "odt"), "选项 --format 的值“odt”无效，应为 'md', 'docx', 'pdf', 'both', 'all' 之一"),
])
def test_click_messages_are_chinese(run_cli: RunCli, args: tuple[str, ...], fragment: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert not re.search(r"[A-Za-z]{2,} [A-Za-z]{2,} [A-Za-z]{2,}", result.stderr)


def test_yaml_and_csv_limits_are_chinese(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("type: summary\nstudy: " + "[" * 2000 + "\n", encoding="utf-8")
    result = run_cli("draft", "deep.yaml")
    assert_refused(result, "deep.yaml 第2行第1007列：YAML 格式错误：嵌套层次过深（上限 32 层）")
    assert "nesting" not in result.stderr
    (tmp_path / "long.csv").write_text('unit.name,study.group_study\n"甲镇,' + "长" * 200_000 + "\n",
                                       encoding="utf-8")
    result = run_cli("batch", "long.csv", *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 2
    assert "long.csv 第2行：CSV 格式错误：单元格内容过长（超过 131072 个字符）：可能是引号没有闭合" in result.output
    assert "field limit" not in result.output


def test_a_template_error_never_shows_pythons_words(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "mine" / "summary").mkdir(parents=True)
    (tmp_path / "mine" / "summary" / "report.md.j2").write_text("# 题\n\n{{ 1 / 0 }}{{ 9 ** 64 * 9 ** 64 }}\n",
                                                                encoding="utf-8")
    result = run_cli("draft", str(SAMPLE), "--templates", "mine", "-o", "out/")
    assert_refused(result, "report.md.j2 第3行：模板运行出错：除数为零")
    assert "division" not in result.stderr


# --- item 23: a sheet of 100,000 unknown columns gets one line -------------------------------------


def test_many_unknown_columns_make_one_note(run_cli: RunCli, tmp_path: Path) -> None:
    header = ["unit.name", "study.group_study", *(f"备注{i}" for i in range(100_000))]
    (tmp_path / "wide.csv").write_text(",".join(header) + "\n甲镇,3\n", encoding="utf-8")
    result = run_cli("batch", "wide.csv", *SHEET_ARGS, "-o", "out/")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.stderr.splitlines() if "不是已知的字段" in line]
    assert len(notes) == 1
    assert "“备注0”（第3列）" in notes[0] and "“备注9”（第12列）等，共 100000 列不是已知的字段，已忽略" in notes[0]


# --- item 24: smaller ------------------------------------------------------------------------------


def test_check_reads_a_folder(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "reports" / "sub").mkdir(parents=True)
    (tmp_path / "reports" / "a.md").write_text("# 题\n\n正文，，重复。\n", encoding="utf-8")
    (tmp_path / "reports" / "sub" / "b.txt").write_text("正文。\n", encoding="utf-8")
    (tmp_path / "reports" / "notes.csv").write_text("x\n", encoding="utf-8")
    result = run_cli("check", "reports")
    assert result.exit_code == 1, result.output
    assert "reports/a.md:3:3:" in result.stdout and "检查了 2 个文件" in result.stdout


def test_a_long_plain_list_is_not_blamed_on_aliases(run_cli: RunCli, tmp_path: Path) -> None:
    items = "".join("    - 学习\n" for _ in range(200_000))
    (tmp_path / "long.yaml").write_text("type: summary\nstudy:\n  topics:\n" + items, encoding="utf-8")
    result = run_cli("draft", "long.yaml")
    assert_refused(result, "内容过多（超过 20000 个值）：一份事实文件用不到这么多项")
    assert "别名" not in result.stderr


@posix
def test_a_closed_stdout_does_not_fail_a_complete_batch(tmp_path: Path) -> None:
    for name in ("甲镇", "乙镇", "丙镇"):
        town(tmp_path / f"{name}.yaml", name)
    proc = subprocess.Popen([sys.executable, "-m", "reportgen", "batch", ".", "-o", "out"], cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # as `| head -1` does once it has its line: every later write fails
    stderr = proc.stderr.read().decode("utf-8")
    proc.stderr.close()
    assert proc.wait(timeout=120) == 0, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert len(list((tmp_path / "out").iterdir())) == 3
