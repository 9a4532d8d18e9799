"""Report wording lives in the phrasebooks, never in Python: the modules that draft hold no
Chinese but error messages and a short list of numerals and markers."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "reportgen"
CJK = re.compile(r"[\u3400-\u9fff]")

# Modules on the drafting path: facts → context → phrases → document → writers.
DRAFTING = {
    "compare.py", "derive.py", "document.py", "marks.py", "pipeline.py", "rollup.py", "say.py",
    "template_helpers.py", "templating.py", "values.py", "wording.py", "writers/docx.py",
    "writers/markdown.py", "writers/docx_package.py",
}
# Modules whose Chinese is what the user reads about their input and the tool: messages, the facts
# format's titles and help, what is wrong with a wording file, the command line, the layout's
# font names.
MESSAGES = {
    "__init__.py", "__main__.py", "batch.py", "cli.py", "errors.py", "initfile.py", "jsonschema_export.py",
    "kinds.py", "loading.py", "naming.py", "output.py", "progress.py", "reporttypes.py", "schema.py",
    "script.py", "sheets.py", "template_errors.py", "template_files.py", "trace.py", "typefacts.py",
    "validate.py", "workers.py", "xlsx.py", "writers/__init__.py", "writers/gongwen.py",
    "phrasebook.py", "problems.py", "terms.py", "wording_check.py", "phrase_search.py",
    "inputfiles.py", "sandbox.py", "ziplimits.py",
    # the 公文 elements' fixed labels as GB/T 9704-2012 prescribes them (附件：, 抄送：, 印发)
    "official.py", "official_kinds.py", "pdf.py", "writers/docx_official.py", "writers/pagination.py",
    "writers/letterhead.py",
    # `serve`: the preview's messages about its files, address and downloads
    "serve/__init__.py", "serve/build.py", "serve/page.py", "serve/server.py", "serve/sheet.py",
    "serve/watcher.py", "serve/workspace.py",
}
# Chinese a drafting module may hold, with why: numerals and markers, not wording.
ALLOWED = {
    ("derive.py", "零一二三四五六七八九"): "the digits of Chinese ordinals (一、二、十二)",
    ("derive.py", "十"): "the tens of Chinese ordinals",
    ("values.py", "余"): "a 约数 as the facts write it (20余)",
    ("template_helpers.py", "是"): "the name of the default ordinal style (terms.yaml ordinals)",
    ("marks.py", "【待补充】"): "the placeholder of --gaps, which check finds",
    ("wording.py", "（内置）"): "how messages mark a built-in file",
    ("writers/docx.py", r"(\d{4})年(\d{1,2})月(\d{1,2})日"): "reads the 成文日期 back for the core properties",
    ("writers/docx_package.py", '"><w:name w:val="标题 '): "Word's own name of a heading's character style",
    ("writers/docx_package.py", ' 字符"/><w:basedOn w:val="DefaultParagraphFont"/><w:link w:val="'): "the same",
    ("document.py", "模板输出"): "names the template output in messages",
    ("pipeline.py", "模板 "): "names the template output in messages",
    ("pipeline.py", " 的输出"): "the same",
    ("templating.py", "汇总报告"): "the roll-up's name in `templates list`",
    ("pipeline.py", "草稿"): "the name LibreOffice's copy of a draft goes by while it converts",
    ("writers/docx_package.py", "公文签发人姓名"): "the name of the 签发人 style in Word's style list",
    ("writers/docx_package.py", "标题 "): "Word's own name of a heading's character style",
    ("writers/docx_package.py", " 字符"): "the same",
}
MESSAGE_CALLS = {"Problem", "FactsError", "TemplateError", "OutputError", "ReportgenError", "WordingError",
                 "VariantError", "ValueError", "Invalid", "append"}


def _module(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def _chinese_outside_messages(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    allowed: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            allowed.add(id(body[0].value))  # docstrings
        if isinstance(node, ast.Raise) or (
                isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", ""))
                in MESSAGE_CALLS):
            allowed |= {id(inner) for inner in ast.walk(node)}
        if isinstance(node, ast.Assign) and any(
                (isinstance(t, ast.Name) and t.id.isupper() and "MESSAGE" in t.id) or
                (isinstance(t, ast.Name) and t.id in ("message", "COMMON")) for t in node.targets):
            allowed |= {id(inner) for inner in ast.walk(node.value)}
    return [node.value for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CJK.search(node.value)
            and id(node) not in allowed and (_module(path), node.value) not in ALLOWED]


def test_every_module_is_classified() -> None:
    modules = {_module(p) for p in PACKAGE.rglob("*.py") if "check/" not in _module(p)}
    assert modules - DRAFTING - MESSAGES == set(), "classify new modules as drafting or messages"


def test_drafting_modules_hold_no_report_wording() -> None:
    found = {name: _chinese_outside_messages(PACKAGE / name) for name in sorted(DRAFTING)}
    assert {name: texts for name, texts in found.items() if texts} == {}
