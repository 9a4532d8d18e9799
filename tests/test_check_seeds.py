"""The five seed reports in ../shared/seeds: every defect their README names is found
where it stands, and so is their web-page debris."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from reportgen.check import Finding, check_file

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds 不存在（用户的克隆中没有这个目录）")
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def places(path: Path, pattern: str, group: int = 0) -> list[tuple[int, int]]:
    """(line, column) of every match of pattern in the file, found in the text itself."""
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        out += [(no, m.start(group) + 1) for m in re.finditer(pattern, line)]
    assert out, f"{pattern} is not in {path.name}"
    return out


def at(findings: list[Finding], code: str) -> set[tuple[int, int]]:
    return {(f.line, f.column) for f in findings if f.code == code}


@pytest.mark.parametrize(("prefix", "pattern", "code"), [
    ("004", r"X(?=次)", "placeholder"),  # X次
    ("004", r"XX(?=日报)", "placeholder"),  # 《XX日报》
    ("000", r"××(?=区)", "placeholder"),  # ××区
    ("002", r"\*(?=个)", "placeholder"),  # *个
    ("002", r"\*(?=次)", "placeholder"),
    ("001", r"20xx(?=年)", "placeholder"),  # 20xx年
    ("001", r"(?<![0-9A-Za-z])X(?=[年次.])", "placeholder"),
    ("002", r"，，", "double-punct"),
    ("001", r"的的", "double-char"),
    ("002", r"##paid(?:begin|end)##", "web-debris"),
    ("001", r"僅供參考", "web-debris"),  # 仅供参考, in traditional characters
    ("001", r"希望能夠幫助到大家", "web-debris"),
    ("001", r"【篇[一二三四五]】", "web-debris"),
    ("003", r"现在位置", "web-debris"),  # the site's breadcrumb
    ("003", r"第一文档网", "web-debris"),  # the site's name
    ("003", r"时间:2022", "web-debris"),
    ("004", r"仅供学习|禁止外传|酷乐文行|会员资料|免费QQ群", "web-debris"),
    ("000", r"范文", "web-debris"),
    ("001", r"∫|ㄟ|\?,F", "mojibake"),  # the garbled passages of the converted file
])
def test_named_defects_are_found_where_they_stand(prefix: str, pattern: str, code: str) -> None:
    path = seed(prefix)
    assert set(places(path, pattern)) <= at(check_file(path), code)


def test_structure_defects_of_the_seeds() -> None:
    # 001, variant five: 一要 … 二是 … 三要
    path = seed("001")
    assert places(path, r"二是(?=抓輿論)") == [
        (f.line, f.column) for f in check_file(path) if f.code == "enumeration"]
    # 003: the heading （二） ran into the paragraph before it, so （一） is followed by （三）
    path = seed("003")
    assert places(path, r"\(三\)(?=建立意识形态工作的保障机制)") == [
        (f.line, f.column) for f in check_file(path) if f.code == "heading-number"]


def test_seed_without_half_width_marks_has_no_half_width_findings() -> None:
    assert at(check_file(seed("004")), "half-width-punct") == set()
    found = at(check_file(seed("000")), "half-width-punct")
    assert set(places(seed("000"), r"(?<=[\u4e00-\u9fff])[;:](?=[\u4e00-\u9fff“])")) <= found


@pytest.mark.parametrize(("prefix", "pattern", "code"), [
    ("000", r"××(?=区)", "placeholder"),
    ("001", r"截止(?=目前)", "confusable"),  # 截止目前: 截至 before a time point
    ("002", r"，，", "double-punct"),
    ("003", r"现在位置", "web-debris"),
    ("004", r"X(?=次)", "placeholder"),
])
def test_every_seed_is_read_and_its_first_named_defect_is_at_its_line(prefix: str, pattern: str, code: str) -> None:
    path = seed(prefix)
    first = places(path, pattern)[0]
    assert first in at(check_file(path), code)


LEXICON_CODES = {"formulation", "typo", "confusable"}


def _held(path: Path) -> list[tuple[int, int, int]]:
    """(line, start column, end column) of every standard formulation the seed quotes."""
    from reportgen.check import lexicon

    rights = {r for e in lexicon.load().entries for r in e.right if "\\" not in r and len(r) >= 4}
    out = []
    for no, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        for right in rights:
            out += [(no, m.start() + 1, m.end() + 1) for m in re.finditer(re.escape(right), line)]
    return out


@pytest.mark.parametrize(("prefix", "expected"), [
    ("000", []), ("001", [("截止", "截至")]), ("002", []), ("003", []), ("004", []),
])
def test_the_seeds_fixed_formulations_pass_the_lexicon(prefix: str, expected: list[tuple[str, str]]) -> None:
    """The lexicon finds only the seeds' own slips; no standard formulation they quote is flagged."""
    path = seed(prefix)
    findings = [f for f in check_file(path) if f.code in LEXICON_CODES]
    assert [(f.excerpt, f.fix) for f in findings] == expected
    for no, start, end in _held(path):
        assert not [f for f in findings if f.line == no and start <= f.column < end], (no, start)


def test_the_seeds_quote_standard_formulations() -> None:
    quoted = {prefix: len(_held(seed(prefix))) for prefix in ("000", "002", "003", "004")}
    assert sum(quoted.values()) >= 10, quoted  # so the test above has something to hold
