"""The Jinja environment: sandboxed, strict about undefined names, user folders first.

Every value a template prints is wrapped in invisible markers that carry its fact path
(see marks.py). The markers make a value's text pure data, so a unit name such as
"## {{ 7*7 }}" can never become a heading or an expression, and they let the document
say where each number came from.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from reportgen import say as speech
from reportgen import template_helpers as helpers
from reportgen.derive import cn_number
from reportgen.errors import FactsError, Problem, TemplateError
from reportgen.inputfiles import read_bounded
from reportgen.loading import MAX_BYTES, decode
from reportgen.sandbox import Sandbox, limits
from reportgen.template_errors import template_errors
from reportgen.wording import Wording, builtin_templates_dir

TEMPLATE_SUFFIX = ".md.j2"
MAX_OUTPUT_CHARS = 1_000_000
MAX_SECONDS = 5  # CPU seconds; a report renders in milliseconds: this only stops runaway templates


class _RootedLoader(jinja2.FileSystemLoader):
    """A file-system loader that refuses, loudly, any file resolving outside its root (a symlink
    to a file or folder elsewhere): falling back to the built-in template would hide it. Templates
    are read the way facts files are read: only regular files, bounded in size, and a template
    edited in Notepad may be saved as GBK or with a BOM and CRLF line ends."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        root = self.searchpath[0]
        # posixpath, as jinja does: no drive or UNC segment can leave the root
        filename = os.path.normpath(posixpath.join(root, *split_template_path(template)))
        if not os.path.lexists(filename):
            raise jinja2.TemplateNotFound(template)
        real_root = os.path.realpath(root)
        real = os.path.realpath(filename)
        if os.path.commonpath([real_root, real]) != real_root:
            message = (f"模板文件经符号链接指向模板目录之外（{real}），出于安全不予读取："
                       "请把文件本身复制到模板目录中")
            raise TemplateError([Problem(message, file=filename)])
        if os.path.isdir(real):
            raise jinja2.TemplateNotFound(template)
        if not os.path.exists(real):
            raise TemplateError([Problem("符号链接指向的文件不存在", file=filename)])
        try:
            source = decode(read_bounded(Path(real), filename, MAX_BYTES), filename)
        except FactsError as exc:
            raise TemplateError(exc.problems) from None
        mtime = os.path.getmtime(real)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(real) == mtime
            except OSError:
                return False

        return source, filename, uptodate


class _Undefined(jinja2.StrictUndefined):
    """Undefined names are errors: a misspelt fact must not vanish from a draft."""


def make_environment(user_dir: Path | None = None, phrase_marks: bool = True) -> SandboxedEnvironment:
    """An environment whose loader looks in user_dir first, then the built-in templates, and
    whose wording (env.wording: phrasebooks, problem library, word lists) is read the same way.

    phrase_marks: mark each phrase with its key and variant, for the trace and the preview
    (a batch, which shows neither, drafts quicker without them)."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError([Problem("模板目录不存在或不是文件夹", file=str(user_dir))])
        loaders.append(_RootedLoader(str(user_dir)))
    loaders.append(_RootedLoader(str(builtin_templates_dir())))
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=_Undefined,
        autoescape=True,  # with finalize: values are marked, never HTML-escaped
        finalize=helpers.finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.finalize_returns_markup = True
    env.wording = Wording(user_dir)  # type: ignore[attr-defined]
    env.phrase_marks = phrase_marks  # type: ignore[attr-defined]
    env.filters["join"] = helpers.join
    env.filters["cn"] = cn_number
    env.helpers(enumerate=helpers.enumerate_items, sentence=helpers.join_clauses, gap=helpers.gap,
                say=speech.say, library=speech.library, has_cause=speech.has_cause, measure=speech.measure)
    env.tests["zero"] = helpers.is_zero
    return env


def template_name(report_type: str) -> str:
    return f"{report_type}/report{TEMPLATE_SUFFIX}"


# The 汇总 of `batch --rollup`: not a report type drafted from facts, so not report.md.j2.
ROLLUP = "rollup"
ROLLUP_TEMPLATE = f"{ROLLUP}/rollup{TEMPLATE_SUFFIX}"
ROLLUP_NAME = "汇总报告"


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template; every failure becomes a TemplateError naming file and line.
    Loading, compiling and running count towards MAX_SECONDS of CPU time (sandbox.limits)."""
    if "variant" in context:  # a draft: it speaks with one voice (say.py)
        marks = getattr(env, "phrase_marks", True)
        context = {**context, speech.VOICE: speech.Voice(env.wording, context, marks)}  # type: ignore[attr-defined]
    with template_errors(), limits(MAX_SECONDS):
        template = env.get_template(name)
        out: list[str] = []
        size = 0
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise TemplateError(f"模板输出超过 {MAX_OUTPUT_CHARS} 字符，可能存在失控的循环")
            out.append(chunk)
        return "".join(out)
