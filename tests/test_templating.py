"""The template environment: enumerations, sandboxing, strict names, user overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import TemplateError
from reportgen.marks import unmark
from reportgen.templating import make_environment, render

from support import BASE_FACTS, draft_text


def summary_template(root: Path, text: str) -> Path:
    """A user's edited summary template under root; returns its path."""
    path = root / "summary" / "report.md.j2"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def render_string(source: str, **context: object) -> str:
    env: SandboxedEnvironment = make_environment()
    return unmark(env.from_string(source).render(**context))[0]


@pytest.mark.parametrize(
    ("lines", "style", "expected"),
    [
        (["甲", "乙", "丙"], "是", "一是甲；二是乙；三是丙。\n"),
        (["甲。", "乙；", ""], "是", "一是甲；二是乙。\n"),
        (["甲", ""], "是", "甲。\n"),
        (["", "  "], "是", ""),
        (["甲", "乙"], "要", "一要甲；二要乙。\n"),
        (["甲", "乙", "丙"], "序", "首先，甲；其次，乙；再次，丙。\n"),
        (["甲", "乙", "丙", "丁"], "序", "首先，甲；其次，乙；再次，丙；最后，丁。\n"),
        (["甲。补充", "乙"], "是", "一是甲。补充。二是乙。\n"),
    ],
)
def test_enumerate(lines: list[str], style: str, expected: str) -> None:
    body = "\n".join(lines)
    source = f'{{% call enumerate(style="{style}") %}}\n{body}\n{{% endcall %}}'
    assert render_string(source) == expected


def test_sentence_joins_clauses() -> None:
    source = "{% call sentence() %}\n{% if a %}\n召开会议{{ a }}次\n{% endif %}\n{% if b %}\n研判{{ b }}次\n{% endif %}\n{% endcall %}"
    assert render_string(source, a=3, b=None) == "召开会议3次\n"
    assert render_string(source, a=3, b=2) == "召开会议3次，研判2次\n"


def test_values_are_data_not_template_code() -> None:
    draft = draft_text(BASE_FACTS.replace("name: 双胜镇", "name: '{{ 7*7 }}镇'"))
    assert draft.document.title.startswith("{{ 7*7 }}镇")
    assert "49" not in draft.document.title


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ unit.__class__ }}",
        "{{ unit._fields }}",
        "{{ variant.__globals__ }}",
    ],
)
def test_sandbox_blocks_internals(tmp_path: Path, source: str) -> None:
    summary_template(tmp_path, f"# 题\n\n{source}\n")
    with pytest.raises(TemplateError) as info:
        draft_text(BASE_FACTS, tmp_path)
    message = info.value.problems[0].render()
    assert "report.md.j2" in message and "第3行" in message


def test_undefined_name_names_file_and_line(tmp_path: Path) -> None:
    path = summary_template(tmp_path, "# 题\n\n正文\n{% if study.seminar %}x{% endif %}\n")
    with pytest.raises(TemplateError) as info:
        draft_text(BASE_FACTS, tmp_path)
    problem = info.value.problems[0]
    assert problem.file == str(path) and problem.line == 4
    assert "seminar" in problem.message


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = summary_template(tmp_path, "# 题\n\n{% if %}\n")
    with pytest.raises(TemplateError) as info:
        draft_text(BASE_FACTS, tmp_path)
    problem = info.value.problems[0]
    assert problem.file == str(path) and problem.line == 3 and "模板语法错误" in problem.message


def test_user_folder_overrides_key_by_key(tmp_path: Path) -> None:
    """A user's problem library that gives one code's sentences only: the rest stays built-in."""
    (tmp_path / "_shared").mkdir()
    (tmp_path / "_shared" / "problems.yaml").write_text(
        "study_depth:\n  problem:\n    - 自定义问题\n  measure:\n    - 自定义措施。措施正文。\n",
        encoding="utf-8",
    )
    draft = draft_text(BASE_FACTS + "problems:\n  - study_depth\n  - online_management\n", tmp_path)
    texts = [b.full()[0] for b in draft.document.blocks]
    assert any("一是自定义问题" in t for t in texts)
    assert any(t.startswith("（一）自定义措施。措施正文。") for t in texts)
    assert any(t.startswith("（二）") and "自定义" not in t for t in texts)  # online_management: built-in
    assert draft.document.title.endswith("意识形态工作总结")  # the built-in summary template filled the rest


def test_include_outside_template_folders_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text("秘密", encoding="utf-8")
    root = tmp_path / "tpl"
    report = summary_template(root, '# 题\n\n{% include "../secret.txt" %}\n')
    (root / "summary" / "link.md.j2").symlink_to(outside)
    with pytest.raises(TemplateError, match="找不到模板"):
        draft_text(BASE_FACTS, root)
    report.write_text('# 题\n\n{% include "summary/link.md.j2" %}\n', encoding="utf-8")
    with pytest.raises(TemplateError, match="经符号链接指向模板目录之外"):
        draft_text(BASE_FACTS, root)


def test_runaway_output_is_bounded(tmp_path: Path) -> None:
    summary_template(tmp_path, "# 题\n\n{% for i in range(100000) %}{% for j in range(100) %}"
                               "很长的一段文字{% endfor %}{% endfor %}\n")
    with pytest.raises(TemplateError, match="失控"):
        draft_text(BASE_FACTS, tmp_path)


def test_missing_template_folder() -> None:
    with pytest.raises(TemplateError, match="模板目录不存在"):
        make_environment(Path("/nonexistent/templates"))


def test_render_reports_missing_type_template() -> None:
    with pytest.raises(TemplateError, match="找不到模板"):
        render(make_environment(), "nope/report.md.j2", {})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{{ "很长" * 10000000 }}', "重复生成的内容过长"),
        ("{{ [1] * 10000000 }}", "重复生成的内容过长"),
        ("{{ 10 ** 1000000 }}", "乘方运算的数值过大"),
        ("{{ (10 ** 60) ** 60 }}", "乘方运算的数值过大"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "模板递归过深"),
    ],
)
def test_templates_cannot_exhaust_memory_or_stack(tmp_path: Path, body: str, message: str) -> None:
    summary_template(tmp_path, f"# 题\n\n{body}\n")
    with pytest.raises(TemplateError, match=message):
        draft_text(BASE_FACTS, tmp_path)


def test_runaway_loops_are_stopped_in_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import templating

    monkeypatch.setattr(templating, "MAX_SECONDS", 0.3)
    summary_template(tmp_path, "# 题\n\n{% for i in range(100000) %}{% for j in range(100000) %}"
                               "{% endfor %}{% endfor %}\n")
    with pytest.raises(TemplateError, match=r"模板运行超过 0\.3 秒") as info:
        draft_text(BASE_FACTS, tmp_path)  # 10^10 iterations: only the bound ends it
    assert info.value.problems[0].line == 3


# --- found by mutation testing (scripts/mutation.py sandbox) --------------------------------


def rendered(tmp_path: Path, source: str) -> str:
    (tmp_path / "t.md.j2").write_text(source, encoding="utf-8")
    return unmark(render(make_environment(tmp_path), "t.md.j2", {}))[0]


@pytest.mark.parametrize(("source", "expected"), [
    ("{{ 6 * 7 }}", "42"),
    ("{{ 2 ** 3 }}", "8"),
    ("{{ 2 ** 64 }}", "18446744073709551616"),  # the largest exponent allowed
    ("{{ (2 ** 64) ** 2 }}", "340282366920938463463374607431768211456"),  # the largest base
    ('{{ "-" * 3 }}', "---"),
    ('{{ 3 * "ab" }}', "ababab"),
    ('{{ ("ab" * 500000) | length }}', "1000000"),  # a million characters: the longest string allowed
    ("{% macro m(a, b=1) %}{{ a }}{{ b }}{% endmacro %}{{ m(1, b=2) }}", "12"),
])
def test_the_sandbox_lets_ordinary_arithmetic_through(tmp_path: Path, source: str, expected: str) -> None:
    assert rendered(tmp_path, source) == expected


@pytest.mark.parametrize(("source", "refusal"), [
    ("{{ 2 ** 65 }}", "乘方运算的数值过大"),
    ("{{ (2 ** 64 + 1) ** 2 }}", "乘方运算的数值过大"),
    ('{{ "ab" * 500001 }}', "重复生成的内容过长（上限 1000000）"),
    ('{{ 500001 * "ab" }}', "重复生成的内容过长（上限 1000000）"),
])
def test_the_sandbox_refuses_just_past_its_bounds(tmp_path: Path, source: str, refusal: str) -> None:
    with pytest.raises(TemplateError) as info:
        rendered(tmp_path, source)
    assert [p.render() for p in info.value.problems] == [f"{tmp_path / 't.md.j2'} 第1行：{refusal}，已停止"]


def test_str_format_goes_through_the_sandbox(tmp_path: Path) -> None:
    """format() reaches attributes by itself: the sandbox must see the call, not pass it on."""
    with pytest.raises(TemplateError) as info:
        rendered(tmp_path, '{{ "{0.__class__.__mro__}".format(1) }}')
    [message] = [p.render() for p in info.value.problems]
    assert message.startswith(f"{tmp_path / 't.md.j2'} 第1行：模板试图访问不安全的内容，已阻止：")


def test_output_is_bounded_at_its_limit_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportgen import templating

    monkeypatch.setattr(templating, "MAX_OUTPUT_CHARS", 10)
    assert rendered(tmp_path, "0123456789") == "0123456789"
    with pytest.raises(TemplateError) as info:
        rendered(tmp_path, "0123456789A")
    assert [p.message for p in info.value.problems] == ["模板输出超过 10 字符，可能存在失控的循环"]


def test_a_template_that_cannot_be_found_or_read_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(TemplateError) as info:
        rendered(tmp_path, '{% include "nope.md.j2" %}')
    assert [p.render() for p in info.value.problems] == [
        f"{tmp_path / 't.md.j2'} 第1行：找不到模板 nope.md.j2（模板路径只能在模板目录之内）"]
    (tmp_path / "bad.md.j2").write_bytes(b"\xff\xfe\xff\xfe\x00\xd8")
    with pytest.raises(TemplateError) as info:
        render(make_environment(tmp_path), "bad.md.j2", {})
    assert [p.render() for p in info.value.problems] == [
        f"{tmp_path / 'bad.md.j2'}：无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本文件（可读取 UTF-8（可带 BOM）、UTF-16（带 BOM）和 GBK/GB18030）"]

    def unreadable(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    import reportgen.inputfiles

    env = make_environment(tmp_path)
    monkeypatch.setattr(reportgen.inputfiles.os, "open", unreadable)
    with pytest.raises(TemplateError) as info:
        render(env, "bad.md.j2", {})
    [message] = [p.render() for p in info.value.problems]
    assert message.startswith(f"{tmp_path / 'bad.md.j2'}：无法读取") and "Permission" not in message
