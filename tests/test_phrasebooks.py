"""The clerk's side of the wording: edit only phrasebook files in an exported folder, draft
with --templates, find a sentence of a draft, and be told exactly what is wrong with an edit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.wording import Wording
from reportgen.wording_check import check

from conftest import ROOT
from conftest import invoke as run

SUMMARY = "mine/summary/phrases.yaml"
SHARED = "mine/_shared/phrases.yaml"
PROBLEMS = "mine/_shared/problems.yaml"


@pytest.fixture
def cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run("init", "summary").exit_code == 0
    assert run("templates", "export", "summary", "mine").exit_code == 0
    return tmp_path


def draft(*extra: str, facts: str = "facts-summary.yaml") -> tuple[int, str, str]:
    result = run("draft", facts, "-o", "-", *extra)
    return result.exit_code, result.stdout, result.stderr


def edit(path: str, old: str, new: str) -> None:
    text = Path(path).read_text("utf-8")
    assert old in text, old
    Path(path).write_text(text.replace(old, new, 1), "utf-8")


def key_block(path: str, key: str) -> tuple[int, int]:
    """The line span (0-based, end exclusive) of a key and its list in a phrasebook."""
    lines = Path(path).read_text("utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("  "):
        end += 1
    return start, end


def replace_key(path: str, key: str, variants: list[str]) -> None:
    lines = Path(path).read_text("utf-8").split("\n")
    start, end = key_block(path, key)
    lines[start:end] = [f"{key}:", *(f'  - "{v}"' for v in variants)]
    Path(path).write_text("\n".join(lines), "utf-8")


# --- the clerk's tasks -------------------------------------------------------------------------


def test_change_the_closing_sentence_of_the_summary_opening(cwd: Path) -> None:
    code, before, _ = draft()
    turn = re.search(r"现将[^。]*总结如下。", before)[0]  # type: ignore[index]
    replace_key(SUMMARY, "opening-turn", ["现将本期工作报告如下。"])
    code, after, err = draft("--templates", "mine")
    assert (code, err) == (0, "")
    assert "现将本期工作报告如下。" in after and turn not in after
    assert after.replace("现将本期工作报告如下。", turn) == before  # nothing else moved


def test_a_fifth_heading_variant_is_chosen_for_some_unit(cwd: Path) -> None:
    # the example facts tell the study block in full: its heading is the "-full" kind
    variants = Wording().group("summary")["h-study-full"].phrase.variants
    replace_key(SUMMARY, "h-study-full", [v.text for v in variants] + ["狠抓学习教育，夯实理论根基。"])
    facts = Path("facts-summary.yaml").read_text("utf-8")
    chosen = 0
    for i in range(40):
        Path(f"u{i}.yaml").write_text(facts.replace("name: 青禾镇", f"name: 第{i}镇"), "utf-8")
        code, out, err = draft("--templates", "mine", facts=f"u{i}.yaml")
        assert code == 0, err
        chosen += "（二）狠抓学习教育，夯实理论根基。" in out
    assert 0 < chosen < 40


def test_a_key_reduced_to_one_variant_is_in_every_draft(cwd: Path) -> None:
    replace_key(SUMMARY, "h-problems", ["存在的突出问题"])
    facts = Path("facts-summary.yaml").read_text("utf-8")
    for i in range(12):
        Path(f"u{i}.yaml").write_text(facts.replace("name: 青禾镇", f"name: 第{i}镇"), "utf-8")
        code, out, err = draft("--templates", "mine", facts=f"u{i}.yaml")
        assert code == 0, err
        assert re.search(r"^## [一二三四五六七]、存在的突出问题$", out, re.MULTILINE)


NEW_CODE = """
archive_management:
  title: 意识形态档案管理不规范
  keywords: [档案, 台账]
  problem:
    - 意识形态工作档案资料归档不及时，台账记录不够完整
  measure:
    - 规范工作台账。指定专人按月整理意识形态工作资料，做到及时归档、分类保存。
"""


def test_a_new_problem_code_is_used_in_a_facts_file_and_a_sheet(cwd: Path) -> None:
    with Path(PROBLEMS).open("a", encoding="utf-8") as fh:
        fh.write(NEW_CODE)
    facts = Path("facts-summary.yaml").read_text("utf-8")
    facts = re.sub(r"(problems:.*?\n)", r"\1  - archive_management\n", facts, count=1, flags=re.S)
    Path("facts-summary.yaml").write_text(facts, "utf-8")
    code, out, err = draft("--templates", "mine")
    assert code == 0, err
    assert "意识形态工作档案资料归档不及时，台账记录不够完整" in out
    assert "规范工作台账。指定专人按月整理意识形态工作资料" in out
    # without the folder the code is unknown: the usual located error with its did-you-mean
    code, out, err = draft()
    assert code == 2 and out == ""
    assert re.search(r"facts-summary\.yaml 第\d+行第\d+列：problems\[\d\]（存在问题）：“archive_management”不是问题库中的代码", err)
    # a sheet's problems column takes it too
    Path("units.csv").write_text("单位名称,存在问题\n甲镇,archive_management；study_depth\n", "utf-8")
    result = run("batch", "units.csv", "--type", "summary", "--period", "2024Q1", "--date", "2024-04-08",
                 "-o", "out", "--templates", "mine")
    assert result.exit_code == 0, result.stdout + result.stderr
    (drafted,) = Path("out").glob("甲镇*.md")
    assert "台账记录不够完整" in drafted.read_text("utf-8")
    # and init and schema list it
    assert "archive_management" in run("init", "summary", "-o", "-", "--templates", "mine").stdout
    assert '"archive_management"' in run("schema", "--templates", "mine").stdout


def test_find_a_sentence_and_change_it_at_the_printed_line(cwd: Path) -> None:
    code, before, _ = draft("--templates", "mine")
    sentence = re.search(r"[^，；。]*研究意识形态工作\d+次", before)[0]  # type: ignore[index]
    found = run("templates", "find", sentence, "--type", "summary", "--templates", "mine")
    assert found.exit_code == 0, found.stderr
    first = found.stdout.splitlines()[0]
    m = re.match(r"(.+):(\d+)  (\S+)  （第(\d)种说法，共(\d)种）$", first)
    assert m, first
    path, line, key = Path(m[1]), int(m[2]), m[3]
    assert path.resolve() == (cwd / SHARED).resolve()
    lines = path.read_text("utf-8").split("\n")
    assert "研究意识形态工作{n}次" in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace("研究意识形态工作", "研究部署意识形态工作")
    path.write_text("\n".join(lines), "utf-8")
    code, after, err = draft("--templates", "mine")
    assert (code, err) == (0, ""), err
    assert sentence.replace("研究意识形态工作", "研究部署意识形态工作") in after
    assert key.startswith("item-")


def test_find_lists_the_variant_whose_wording_gives_most_of_the_text_first(cwd: Path) -> None:
    # both variants can give the text (a blank takes any text); the second gives more of it itself
    Path(SUMMARY).write_text(Path(SUMMARY).read_text("utf-8") + (
        "my-meetings:\n"
        "  - 坚持专题议事，{org}研究意识形态工作{n}次\n"
        "  - \"{org}专题研究意识形态工作{n}次\"\n"), "utf-8")
    found = run("templates", "find", "镇党委专题研究意识形态工作4次", "--type", "summary", "--templates", "mine")
    assert found.exit_code == 0, found.stderr
    heads = [line for line in found.stdout.splitlines() if "my-meetings" in line]
    assert [re.search(r"第(\d)种说法", line)[1] for line in heads] == ["2", "1"]  # type: ignore[index]


def test_find_says_when_nothing_matches(cwd: Path) -> None:
    result = run("templates", "find", "这句话不在任何措辞库中")
    assert result.exit_code == 1 and result.stdout == ""
    assert "没有找到" in result.stderr


def test_trace_names_each_sentence(cwd: Path) -> None:
    result = run("draft", "facts-summary.yaml", "-o", "out/", "--trace", "--templates", "mine")
    assert result.exit_code == 0, result.stderr
    import json

    (sidecar,) = Path("out").glob("*.trace.json")
    sentences = json.loads(sidecar.read_text("utf-8"))["sentences"]
    opening = next(s for s in sentences if s["phrase"]["key"] == "opening-lead")
    assert opening["phrase"]["file"] == str(Path("mine/summary/phrases.yaml"))
    line = Path(SUMMARY).read_text("utf-8").split("\n")[opening["phrase"]["line"] - 1]
    assert line.strip().strip("-").strip().strip('"') == opening["phrase"]["text"]
    assert 1 <= opening["phrase"]["variant"] <= opening["phrase"]["of"] == len(opening["phrase"]["others"]) + 1


# --- a wrong phrasebook: located errors, all at once, exit 2, nothing written ---------------


def broken(cwd: Path, path: str, old: str, new: str) -> tuple[str, int]:
    """Edit a phrasebook; returns the error output of `draft` and of `templates check`."""
    edit(path, old, new)
    result = run("draft", "facts-summary.yaml", "-o", "out/", "--templates", "mine")
    assert result.exit_code == 2 and result.stdout == ""
    assert not (cwd / "out").exists()
    checked = run("templates", "check", "mine")
    assert checked.exit_code == 2 and checked.stderr == result.stderr
    return result.stderr, 0


def line_of(path: str, text: str) -> int:
    return next(n for n, line in enumerate(Path(path).read_text("utf-8").split("\n"), 1) if text in line)


def test_yaml_syntax_error(cwd: Path) -> None:
    err, _ = broken(cwd, SUMMARY, "h-main:\n", "h-main\n")
    assert re.match(r"错误：mine/summary/phrases\.yaml 第\d+行第\d+列：YAML 格式错误", err), err


def test_unknown_blank_name(cwd: Path) -> None:
    edit(SUMMARY, "现将{label}工作情况总结如下。", "现将{lable}工作情况总结如下。")
    line = line_of(SUMMARY, "{lable}")
    err, _ = broken(cwd, SUMMARY, "{lable}", "{lable}")
    assert f"错误：mine/summary/phrases.yaml 第{line}行：opening-turn：未知的空位 {{lable}}" in err
    assert len(err.splitlines()) == 1


def test_empty_list(cwd: Path) -> None:
    start, end = key_block(SUMMARY, "h-plan")
    lines = Path(SUMMARY).read_text("utf-8").split("\n")
    lines[start:end] = ["h-plan: []"]
    Path(SUMMARY).write_text("\n".join(lines), "utf-8")
    err, _ = broken(cwd, SUMMARY, "h-plan: []", "h-plan: []")
    assert f"错误：mine/summary/phrases.yaml 第{start + 1}行：h-plan：说法列表是空的：至少写一种说法" in err


def test_unknown_key_with_did_you_mean(cwd: Path) -> None:
    edit(SUMMARY, "h-problems:", "h-problem:")
    line = line_of(SUMMARY, "h-problem:")
    err, _ = broken(cwd, SUMMARY, "h-problem:", "h-problem:")
    assert f"错误：mine/summary/phrases.yaml 第{line}行：h-problem：未知的键“h-problem”（是否想写 h-problems？）" in err


def test_key_the_skeleton_needs_but_no_phrasebook_defines(cwd: Path) -> None:
    assert run("templates", "export", "summary", "mine", "--skeleton", "--force").exit_code == 0
    skeleton = "mine/summary/report.md.j2"
    edit(skeleton, 'say("h-main")', 'say("h-main-title")')
    line = line_of(skeleton, "h-main-title")
    err, _ = broken(cwd, skeleton, "h-main-title", "h-main-title")
    assert f"错误：mine/summary/report.md.j2 第{line}行：措辞库中没有“h-main-title”（是否想写 h-main？）" in err


@pytest.mark.parametrize(("old", "new", "message"), [
    ("现将{label}工作情况总结如下。", "现将“{label}工作情况总结如下。", "““”没有对应的“””"),
    ("现将{label}工作情况总结如下。", "现将《{label}工作情况总结如下。", "“《”没有对应的“》”"),
])
def test_unbalanced_quotes_and_titles(cwd: Path, old: str, new: str, message: str) -> None:
    edit(SUMMARY, old, new)
    line = line_of(SUMMARY, new)
    err, _ = broken(cwd, SUMMARY, new, new)
    assert f"错误：mine/summary/phrases.yaml 第{line}行第3列：opening-turn[1]：{message}" in err


def test_arabic_digits_are_refused(cwd: Path) -> None:
    edit(SUMMARY, "现将{label}工作情况总结如下。", "现将{label}的3项工作情况总结如下。")
    line = line_of(SUMMARY, "的3项")
    err, _ = broken(cwd, SUMMARY, "的3项", "的3项")
    assert f"错误：mine/summary/phrases.yaml 第{line}行" in err and "不能写阿拉伯数字" in err


def test_invisible_characters_are_refused(cwd: Path) -> None:
    edit(SUMMARY, "现将{label}工作情况总结如下。", "现将{label}工作\u200b情况总结如下。")
    line = line_of(SUMMARY, "工作\u200b情况")
    err, _ = broken(cwd, SUMMARY, "\u200b", "\u200b")
    assert f"错误：mine/summary/phrases.yaml 第{line}行第12列：opening-turn[1]：含有控制字符或不可见字符" in err


def test_every_error_at_once(cwd: Path) -> None:
    edit(SUMMARY, "h-problems:", "h-problem:")
    edit(SUMMARY, "现将{label}工作情况总结如下。", "现将{lable}工作情况总结如下。")
    edit(SHARED, "开展意识形态形势分析研判{n}次", "开展意识形态形势分析研判{m}次")
    result = run("templates", "check", "mine")
    assert result.exit_code == 2
    assert "h-problem" in result.stderr and "{lable}" in result.stderr and "{m}" in result.stderr
    assert "共 3 处错误。" in result.stderr


def test_check_passes_a_clean_export_and_the_built_ins(cwd: Path) -> None:
    result = run("templates", "check", "mine")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "没有发现问题" in result.stdout
    assert check(None) == []


def test_every_built_in_key_is_used_and_every_used_key_defined() -> None:
    """No phrase sits unused in a built-in phrasebook, for any report type."""
    from reportgen.template_files import template_sets, uses
    from reportgen.templating import make_environment
    from reportgen.wording_check import say_calls

    env = make_environment()
    wording = env.wording
    used: set[str] = set()
    for code, (_, main) in template_sets().items():
        calls = say_calls(env, uses(env, main))
        effective = wording.effective(code)
        for call in calls:
            keys = [k for k in effective if k.startswith(call.key)] if call.prefix else [call.key]
            assert keys and all(k in effective for k in keys), call
            used |= {f"{code}:{k}" if k in wording.group(code) else f"_shared:{k}" for k in keys}
    defined = {f"{group}:{key}" for group in [*template_sets(), "_shared"] for key in wording.group(group)}
    assert defined - used == set()


def test_the_builtin_wording_files_are_where_the_docs_say() -> None:
    root = ROOT / "templates"
    for code in ("summary", "duty", "implementation", "speech", "exchange", "rollup"):
        assert (root / code / "phrases.yaml").is_file()
    for name in ("phrases.yaml", "problems.yaml", "terms.yaml"):
        assert (root / "_shared" / name).is_file()
