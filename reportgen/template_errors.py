"""Whatever loading, parsing or running a template raises, said in Chinese with the file
and line at fault (the user's own file when it is theirs)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from types import TracebackType

import jinja2
from jinja2.exceptions import SecurityError

from reportgen.errors import Problem, TemplateError
from reportgen.say import WordingError


class Timeout(Exception):
    """A render ran past its CPU time limit (raised by sandbox.limits)."""


class LimitExceeded(SecurityError):
    """A template asked for more than a bound allows; the message says which bound, in Chinese."""


@contextlib.contextmanager
def template_errors() -> Iterator[None]:
    """Turn whatever loading, parsing or running a template raises into a TemplateError
    that names the template file and line at fault (the user's file when it is theirs)."""
    try:
        yield
    except TemplateError:
        raise
    except Timeout as exc:
        message = f"模板运行超过 {exc.args[0]} 秒（CPU 时间），可能存在失控的循环，已停止"
        raise _located(exc, message) from None
    except LimitExceeded as exc:
        raise _located(exc, f"{exc}，已停止") from None
    except MemoryError as exc:
        raise _located(exc, "模板占用的内存超过上限，可能存在失控的循环或过长的文字，已停止") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([Problem(f"模板语法错误：{syntax_message(exc.message or '')}",
                                     file=exc.filename or exc.name, line=exc.lineno)]) from None
    except jinja2.TemplateNotFound as exc:
        raise _located(exc, f"找不到模板 {exc.name}（模板路径只能在模板目录之内）") from None
    except jinja2.UndefinedError as exc:
        raise _located(exc, f"模板使用了未定义的名称：{_undefined_name(exc)}") from None
    except SecurityError as exc:
        raise _located(exc, f"模板试图访问不安全的内容，已阻止：{security_message(str(exc))}") from None
    except WordingError as exc:
        raise _located(exc, str(exc)) from None
    except RecursionError as exc:
        raise _located(exc, "模板递归过深（宏或 include 循环调用自身）") from None
    except (TypeError, ValueError, ArithmeticError, AttributeError, IndexError, KeyError) as exc:
        raise _located(exc, f"模板运行出错：{runtime_message(exc)}") from None


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
    (r"Block '(\w+)' defined twice", lambda m: f"块“{m[1]}”定义了两次"),
    (r"unexpected end of template, expected '(.+)'", lambda m: f"模板意外结束，缺少 {_token(m[1])}"),
    (r"Missing end of (raw|comment) directive", lambda m: "raw 块或注释没有结束"),
    (r"tuple\.\w+|.*can't assign to .*|.*cannot assign attribute.*", lambda m: "不能给这个名称赋值"),
]


# Python's and Jinja's sandbox messages, in Chinese; the exception's own text never reaches the user.
_SECURITY_ZH: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"access to attribute '([^']+)' of '([^']+)' object is unsafe\.?",
     lambda m: f"不允许访问 {m[2]} 的属性“{m[1]}”"),
    (r".* is not safely callable", lambda m: "不允许调用这个函数"),
    (r"Range too big\..*\((\d+)\)\.?", lambda m: f"range 的范围过大（上限 {m[1]}）"),
]
_CANNOT = {"callable": "不能调用", "iterable": "不能循环", "subscriptable": "不能取下标"}
_RUNTIME_ZH: list[tuple[str, Callable[[re.Match[str]], str]]] = [
    (r"Exceeds the limit \((\d+) digits\).*", lambda m: f"数字位数过多（上限 {m[1]} 位）"),
    (r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'",
     lambda m: f"{m[2]} 与 {m[3]} 不能做“{m[1]}”运算"),
    (r"can only concatenate (\w+) \(not \"(\w+)\"\) to \w+",
     lambda m: f"{m[2]} 不能与 {m[1]} 相加，请用 ~ 连接文字"),
    (r"(integer )?division( or modulo)? by zero|float division by zero|.*by zero", lambda m: "除数为零"),
    (r"(list|tuple|string) index out of range", lambda m: "序号超出范围"),
    (r"'(\w+)' object is not (callable|iterable|subscriptable)",
     lambda m: _CANNOT[m[2]] + f"（{m[1]}）"),
    (r"invalid literal for int\(\).*", lambda m: "无法转换为整数"),
    (r"could not convert string to float.*", lambda m: "无法转换为数字"),
    (r".*not all arguments converted.*|.*not enough arguments for format string.*|"
     r".*format requires.*|.*unsupported format character.*|.*Invalid format specifier.*",
     lambda m: "格式化的写法与参数不符"),
    (r"enumerate style must be one of .*", lambda m: "enumerate 的 style 应为“是”“要”“序”之一"),
]


def security_message(message: str) -> str:
    return _translated(message, _SECURITY_ZH, "不允许的操作")


def runtime_message(exc: BaseException) -> str:
    """What went wrong while a template ran, in Chinese; the exception's type where we have no words."""
    if isinstance(exc, KeyError):
        return f"没有这一项：{exc.args[0]!r}" if exc.args else "没有这一项"
    return _translated(str(exc), _RUNTIME_ZH, f"{type(exc).__name__}（请检查这一行的写法）")


def _translated(message: str, table: list[tuple[str, Callable[[re.Match[str]], str]]], fallback: str) -> str:
    for pattern, word in table:
        m = re.fullmatch(pattern, message.strip(), re.DOTALL)
        if m:
            return word(m)
    return fallback


def syntax_message(message: str) -> str:
    """A Jinja syntax message in Chinese; a general one where we have no words for it."""
    for pattern, word in _SYNTAX_ZH:
        m = re.match(pattern, message)
        if m:
            return word(m)
    return "此处的写法不符合模板语法"


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
