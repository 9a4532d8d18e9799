"""The Jinja environment: sandboxed, strict about undefined names, user folders first.

Every value a template prints is wrapped in invisible markers that carry its fact path
(see marks.py). The markers make a value's text pure data, so a unit name such as
"## {{ 7*7 }}" can never become a heading or an expression, and they let the document
say where each number came from.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment

from reportgen import say as speech
from reportgen import template_helpers as helpers
from reportgen.derive import cn_number
from reportgen.errors import FactsError, Problem, TemplateError
from reportgen.loading import decode
from reportgen.template_errors import Timeout, template_errors
from reportgen.wording import SHARED, Wording, builtin_templates_dir

TEMPLATE_SUFFIX = ".md.j2"
MAX_OUTPUT_CHARS = 1_000_000
MAX_SECONDS = 5  # a report renders in milliseconds; this only stops runaway templates
MAX_REPEAT = 100_000  # longest string or list a template may build with * or **


class _RootedLoader(jinja2.FileSystemLoader):
    """A file-system loader that refuses any file resolving outside its root (symlinks)
    and reads templates the way facts files are read: a template edited in Notepad may be
    saved as GBK or with a BOM and CRLF line ends."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        root = self.searchpath[0]
        # posixpath, as jinja does: no drive or UNC segment can leave the root
        filename = posixpath.join(root, *split_template_path(template))
        if not os.path.isfile(filename):
            raise jinja2.TemplateNotFound(template)
        real_root = os.path.realpath(root)
        if os.path.commonpath([real_root, os.path.realpath(filename)]) != real_root:
            raise jinja2.TemplateNotFound(template)
        filename = os.path.normpath(filename)
        try:
            source = decode(Path(filename).read_bytes(), filename)
        except FactsError as exc:
            raise TemplateError(exc.problems) from None
        except OSError as exc:
            problem = Problem(f"无法读取模板：{exc.strerror or exc}", file=filename)
            raise TemplateError([problem]) from None
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, filename, uptodate


class _Undefined(jinja2.StrictUndefined):
    """Undefined names are errors: a misspelt fact must not vanish from a draft."""


class _Sandbox(SandboxedEnvironment):
    """The sandbox, plus bounds on * and ** so a template cannot build a huge value."""

    intercepted_binops = frozenset(["*", "**"])

    def getattr(self, obj: Any, attribute: str) -> Any:
        # Our own value objects (fact records, period phrases, problems, counts) and imported
        # template modules hold data only: reading their instance attributes needs none of
        # the sandbox's checks, which otherwise cost a tenth of a render. Methods, class
        # attributes, private names and every other type go the guarded way.
        if not attribute.startswith("_") and _plain_data(obj):
            try:
                return vars(obj)[attribute]
            except (KeyError, TypeError):
                pass
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # Template macros are template code: calling one needs none of the sandbox's checks.
        if type(__obj) is Macro:
            return __context.call(__obj, *args, **kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            big_exponent = isinstance(right, int) and abs(right) > 64
            if big_exponent or (isinstance(left, int) and abs(left) > 2**64):
                raise SecurityError("乘方运算的数值过大")
            return left**right
        if isinstance(left, (str, list, tuple)) or isinstance(right, (str, list, tuple)):
            seq, times = (left, right) if isinstance(left, (str, list, tuple)) else (right, left)
            if isinstance(times, int) and len(seq) * times > MAX_REPEAT:
                raise SecurityError(f"重复生成的内容过长（上限 {MAX_REPEAT}）")
        return left * right


def _plain_data(obj: Any) -> bool:
    kind = type(obj)
    return kind.__module__.startswith("reportgen.") or kind is TemplateModule


def make_environment(user_dir: Path | None = None) -> SandboxedEnvironment:
    """An environment whose loader looks in user_dir first, then the built-in templates, and
    whose wording (env.wording: phrasebooks, problem library, word lists) is read the same way."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError([Problem("模板目录不存在或不是文件夹", file=str(user_dir))])
        loaders.append(_RootedLoader(str(user_dir)))
    loaders.append(_RootedLoader(str(builtin_templates_dir())))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=_Undefined,
        autoescape=True,  # with finalize: values are marked, never HTML-escaped
        finalize=helpers.finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=["jinja2.ext.do"],  # {% do list.append(…) %}: build a list of phrases in a loop
    )
    env.wording = Wording(user_dir)  # type: ignore[attr-defined]
    env.filters["join"] = helpers.join
    env.filters["cn"] = cn_number
    env.globals["enumerate"] = helpers.enumerate_items
    env.globals["sentence"] = helpers.join_clauses
    env.globals["gap"] = helpers.gap
    env.globals["say"] = speech.say
    env.globals["library"] = speech.library
    env.globals["has_cause"] = speech.has_cause
    env.globals["measure"] = speech.measure
    env.tests["zero"] = helpers.is_zero
    return env


def template_name(report_type: str) -> str:
    return f"{report_type}/report{TEMPLATE_SUFFIX}"


# The 汇总 of `batch --rollup`: not a report type drafted from facts, so not report.md.j2.
ROLLUP = "rollup"
ROLLUP_TEMPLATE = f"{ROLLUP}/rollup{TEMPLATE_SUFFIX}"
ROLLUP_NAME = "汇总报告"


def render(env: SandboxedEnvironment, name: str, context: dict[str, Any]) -> str:
    """Render one template; every failure becomes a TemplateError naming file and line."""
    with template_errors():
        template = env.get_template(name)
        out: list[str] = []
        size = 0
        with _time_limit(MAX_SECONDS):
            for chunk in template.generate(context):
                size += len(chunk)
                if size > MAX_OUTPUT_CHARS:
                    raise TemplateError(f"模板输出超过 {MAX_OUTPUT_CHARS} 字符，可能存在失控的循环")
                out.append(chunk)
        return "".join(out)


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a render that runs too long. Uses SIGALRM, so only in the main thread of a
    Unix process (the CLI and batch workers); elsewhere the output-size bound still applies."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise Timeout(seconds)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


