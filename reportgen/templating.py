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
import re
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
from jinja2.environment import TemplateModule
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from reportgen.derive import cn_number
from reportgen.errors import FactsError, Problem, TemplateError
from reportgen.loading import decode
from reportgen.marks import CLOSE, GAP, mark, plain
from reportgen.phrasing import OneOf
from reportgen.values import Count

TEMPLATE_SUFFIX = ".md.j2"
SHARED = "_shared"
MAX_OUTPUT_CHARS = 1_000_000
MAX_SECONDS = 5  # a report renders in milliseconds; this only stops runaway templates
MAX_REPEAT = 100_000  # longest string or list a template may build with * or **


def builtin_templates_dir() -> Path:
    """templates/ inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "templates", here.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise TemplateError("找不到内置模板目录 templates/：安装可能不完整，请重新执行 pip install")


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


_ORDINAL_STYLES: dict[str, Callable[[int, int], str]] = {
    "是": lambda i, n: f"{cn_number(i)}是",
    "要": lambda i, n: f"{cn_number(i)}要",
    "序": lambda i, n: ("最后，" if i == n and n >= 4 else
                        ("首先，", "其次，", "再次，", "同时，", "此外，")[i - 1] if i <= 5 else
                        f"第{cn_number(i)}，"),
}
_TRAILING_PUNCTUATION = frozenset("。；;，,、 \t\r\n\u3000")


def enumerate_items(caller: Callable[[], str], style: str = "是", end: str = "。") -> Markup:
    """Join the non-empty lines of a call block as 一是……；二是……。

    One item is written without an ordinal. Items that hold full stops of their own are
    joined with 。 instead of ；.
    """
    if style not in _ORDINAL_STYLES:
        raise ValueError(f"enumerate style must be one of {sorted(_ORDINAL_STYLES)}")
    items = _lines(caller)
    if not items:
        return Markup("")
    if len(items) == 1:
        return Markup(items[0] + end + "\n")
    sep = "。" if any("。" in plain(item) for item in items) else "；"
    ordinal = _ORDINAL_STYLES[style]
    joined = sep.join(ordinal(i, len(items)) + item for i, item in enumerate(items, 1))
    return Markup(joined + end + "\n")


def join_clauses(caller: Callable[[], str], sep: str = "，") -> Markup:
    """Join the non-empty lines of a call block into one clause: a，b，c."""
    items = _lines(caller)
    return Markup(sep.join(items) + "\n") if items else Markup("")


def _lines(caller: Callable[[], str]) -> list[str]:
    """The non-empty lines of a call block, without their trailing punctuation."""
    items = [_strip_end(line.strip()) for line in str(caller()).splitlines()]
    return [item for item in items if plain(item).strip()]


def _strip_end(text: str) -> str:
    """Trailing punctuation goes, even when it sits just inside a value's closing marker:
    "…。" + CLOSE becomes "…" + CLOSE."""
    end = len(text)
    closes = 0
    while end and (text[end - 1] in _TRAILING_PUNCTUATION or text[end - 1] == CLOSE):
        closes += text[end - 1] == CLOSE
        end -= 1
    return text[:end] + CLOSE * closes if end < len(text) else text


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    return Markup(mark(value))


def _join(items: Iterable[Any], sep: str = "、") -> Markup:
    return Markup(sep).join(_finalize(item) for item in items)


def gap(label: str) -> Markup:
    """A placeholder a person must fill in: shown as 【label】, highlighted in .docx."""
    return Markup(mark(_Gap(f"【{label}】")))


class _Gap(str):
    source = GAP


def _is_zero(value: Any) -> bool:
    return isinstance(value, Count) and value.value == 0


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
            if (isinstance(right, int) and abs(right) > 64) or (isinstance(left, int) and abs(left) > 2**64):
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
    """An environment whose loader looks in user_dir first, then the built-in templates."""
    loaders: list[jinja2.BaseLoader] = []
    if user_dir is not None:
        if not user_dir.is_dir():
            raise TemplateError([Problem("模板目录不存在或不是文件夹", file=str(user_dir))])
        loaders.append(_RootedLoader(str(user_dir)))
    loaders.append(_RootedLoader(str(builtin_templates_dir())))
    env = _Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=_Undefined,
        autoescape=True,  # with _finalize: values are marked, never HTML-escaped
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=[OneOf],
    )
    env.filters["join"] = _join
    env.filters["cn"] = cn_number
    env.globals["enumerate"] = enumerate_items
    env.globals["sentence"] = join_clauses
    env.globals["gap"] = gap
    env.tests["zero"] = _is_zero
    return env


def template_name(report_type: str) -> str:
    return f"{report_type}/report{TEMPLATE_SUFFIX}"


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
def template_errors() -> Iterator[None]:
    """Turn whatever loading, parsing or running a template raises into a TemplateError
    that names the template file and line at fault (the user's file when it is theirs)."""
    try:
        yield
    except TemplateError:
        raise
    except _Timeout as exc:
        raise _located(exc, f"模板运行超过 {MAX_SECONDS} 秒，可能存在失控的循环，已停止") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([Problem(f"模板语法错误：{syntax_message(exc.message or '')}",
                                     file=exc.filename or exc.name, line=exc.lineno)]) from None
    except jinja2.TemplateNotFound as exc:
        raise _located(exc, f"找不到模板 {exc.name}（模板路径只能在模板目录之内）") from None
    except jinja2.UndefinedError as exc:
        raise _located(exc, f"模板使用了未定义的名称：{_undefined_name(exc)}") from None
    except SecurityError as exc:
        raise _located(exc, f"模板试图访问不安全的内容，已阻止：{exc}") from None
    except RecursionError as exc:
        raise _located(exc, "模板递归过深（宏或 include 循环调用自身）") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, IndexError, KeyError) as exc:
        raise _located(exc, f"模板运行出错：{exc}") from None


class _Timeout(Exception):
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop a render that runs too long. Uses SIGALRM, so only in the main thread of a
    Unix process (the CLI and batch workers); elsewhere the output-size bound still applies."""
    usable = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Jinja's parser messages that template editors meet most, in Chinese.
_TOKENS = {
    "end of statement block": "%}", "end of print statement": "}}", "end of template": "模板结尾",
    "begin of statement block": "{%", "begin of print statement": "{{", "name": "名称",
}
_SYNTAX_ZH: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"Encountered unknown tag '(\w+)'\. Jinja was looking for the following tags: (.*)\. "
     r"The innermost block that needs to be closed is '(\w+)'",
     lambda m: f"无法识别的标签“{m[1]}”：此处应为 {_tags(m[2])}（尚未结束的是 {m[3]} 块）"),
    (r"Encountered unknown tag '(\w+)'", lambda m: f"无法识别的标签“{m[1]}”"),
    (r"Unexpected end of template\. Jinja was looking for the following tags: (.*)\. "
     r"The innermost block that needs to be closed is '(\w+)'",
     lambda m: f"模板意外结束：{m[2]} 块没有结束，缺少 {{% end{m[2]} %}}"),
    (r"Unexpected end of template", lambda m: "模板意外结束：有标签没有闭合"),
    (r"No filter named '([^']+)'", lambda m: f"没有名为“{m[1]}”的过滤器"),
    (r"No test named '([^']+)'", lambda m: f"没有名为“{m[1]}”的测试"),
    (r"Expected an expression, got '([^']+)'",
     lambda m: f"此处缺少表达式（遇到的是 {_token(m[1])}）"),
    (r"expected token '([^']+)', got '([^']+)'",
     lambda m: f"此处应为 {_token(m[1])}，实际为 {_token(m[2])}"),
    (r"unexpected '([^']+)'", lambda m: f"此处不应出现 {_token(m[1])}"),
    (r"unexpected char '(.+)' at \d+", lambda m: f"无法识别的字符 {m[1]}"),
]


def syntax_message(message: str) -> str:
    """A Jinja syntax message in Chinese where we know it; Jinja's own words otherwise."""
    for pattern, word in _SYNTAX_ZH:
        m = re.match(pattern, message)
        if m:
            return word(m)
    return message


def _token(text: str) -> str:
    return _TOKENS.get(text, f"“{text}”")


def _tags(text: str) -> str:
    names = re.findall(r"'(\w+)'", text)
    return "、".join(f"{{% {name} %}}" for name in names)


def _undefined_name(exc: jinja2.UndefinedError) -> str:
    m = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc))
    return (m.group(1) or m.group(2)) if m else str(exc)


def _located(exc: BaseException, message: str) -> TemplateError:
    """The innermost template frame of the traceback: the file and line at fault.

    Jinja rewrites the traceback of a failing template so that each template frame
    carries the template's file name and source line (jinja2.debug.fake_traceback).
    """
    filename, line = None, None
    tb: TracebackType | None = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            filename, line = tb.tb_frame.f_code.co_filename, tb.tb_lineno
        tb = tb.tb_next
    return TemplateError([Problem(message, file=filename, line=line)])
