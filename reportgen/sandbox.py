"""The sandbox templates run in: Jinja's immutable sandbox, plus bounds on what a template can
build, on the CPU time of a render and on the memory it may take.

Jinja's sandbox stops a template from reaching Python's internals; it does not stop one from
asking for a string of a billion characters, which C code then builds before any check runs
("%0999999999d" % 1, "a".center(10**9), "{:>999999999}".format(1)). So every operation that
makes a string or a list from smaller ones is bounded by the size of what it would make,
before it makes it: * ** % + and ~, str.format, the padding, replacing and joining methods
and filters, and the joining of what macros, call blocks and {% set %} blocks output. What
a bound misses (a loop collecting many distinct long strings before they are joined) the
memory limit catches: while a template renders, the process may take no more than MAX_MEMORY
beyond what it had (RLIMIT_AS), and a render stops after templating.MAX_SECONDS of CPU time
(not wall time: 300 processes on 2 cores must not time out).

Every attribute a template reads goes through the sandbox's checks, whatever its type: no type
is trusted for where it comes from (reportgen's own types once skipped the checks). The checks'
verdict depends only on the object's type and the attribute's name, so it is kept per pair
(bench/hostile_inputs.py --sandbox measures what that saves).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import resource
import signal
import sys
import threading
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import EvalContext
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter
from jinja2.utils import _PassArg
from markupsafe import EscapeFormatter, Markup

from reportgen.errors import Problem, TemplateError
from reportgen.marks import as_markup
from reportgen.template_errors import LimitExceeded, Timeout

MAX_STRING = 1_000_000  # characters of any one string a template makes: the whole draft's bound
MAX_ITEMS = 100_000  # items of any one list a template makes
MAX_INT_BITS = 4_096  # about 1,200 digits: no count comes near
MAX_NESTING = 60  # tags and expressions inside one another; Python compiles no deeper than ~100
MAX_MEMORY = 200 * 1024 * 1024  # bytes a render may add to the process


def _too_long(size: int, what: str = "模板生成的文字") -> LimitExceeded:
    return LimitExceeded(f"{what}过长（约 {size} 字符，上限 {MAX_STRING}）")


def _check_size(size: int, what: str = "模板生成的文字") -> None:
    if size > MAX_STRING:
        raise _too_long(size, what)


def _checked(result: Any) -> Any:
    """A result of a call or filter, refused if larger than any bound allows."""
    if isinstance(result, str):
        _check_size(len(result))
    elif isinstance(result, (list, tuple)) and len(result) > MAX_ITEMS:
        raise LimitExceeded(f"模板生成的列表过长（{len(result)} 项，上限 {MAX_ITEMS}）")
    return result


# --- % formatting and str.format --------------------------------------------------------------

_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])")


def _percent(fmt: str, args: Any) -> Any:
    """fmt % args, refused before formatting if its widths and precisions would make too much."""
    given = list(args) if isinstance(args, tuple) else [args]
    size = len(fmt)
    for m in _PERCENT.finditer(fmt):
        for part in (m.group(1), m.group(2)):
            if part == "*":
                width = given.pop(0) if given and isinstance(given[0], int) else 0
                size += abs(width)
            elif part:
                size += int(part) if len(part) < 12 else MAX_STRING + 1
        if m.group(3) != "%" and given:
            given.pop(0)
    _check_size(size, "格式化生成的文字")
    return _checked(fmt % args)


_SPEC_NUMBERS = re.compile(r"\d+")


class _BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, each field's width and precision bounded, and the whole."""

    def __init__(self, env: Any, **kwargs: Any) -> None:
        super().__init__(env, **kwargs)
        self.size = 0

    def format_field(self, value: Any, format_spec: str) -> Any:
        numbers = _SPEC_NUMBERS.findall(format_spec)
        widest = max((int(n) if len(n) < 12 else MAX_STRING + 1 for n in numbers), default=0)
        _check_size(self.size + widest, "格式化生成的文字")
        out = super().format_field(value, format_spec)
        self.size += len(out)
        _check_size(self.size, "格式化生成的文字")
        return out


class _BoundedEscapeFormatter(_BoundedFormatter, EscapeFormatter):
    pass


# --- str methods and filters that make more than they are given --------------------------------


def _int_arg(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _materialize(items: Any) -> list[Any]:
    out = []
    for item in items:
        out.append(item)
        if len(out) > MAX_ITEMS:
            raise LimitExceeded(f"模板处理的列表过长（上限 {MAX_ITEMS} 项）")
    return out


def _joined_size(items: list[Any], sep: Any) -> int:
    return sum(len(str(item)) for item in items) + len(str(sep)) * max(len(items) - 1, 0)


def _replaced_size(text: str, old: Any, new: Any, count: Any = -1) -> int:
    old, new = str(old), str(new)
    hits = text.count(old) if old else len(text) + 1
    if _int_arg(count) >= 0 and count is not None and count != -1:
        hits = min(hits, _int_arg(count))
    return len(text) + hits * max(len(new) - len(old), 0)


def _padded_size(text: str, width: Any = 0, *rest: Any) -> int:
    return max(len(text), _int_arg(width))


def _tabs_size(text: str, tabsize: Any = 8) -> int:
    return len(text) + text.count("\t") * max(_int_arg(tabsize), 0)


def _translated_size(text: str, table: Any) -> int:
    values = table.values() if isinstance(table, dict) else ()
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    return len(text) * max(longest, 1)


# Each: the size of what the method would make, from its arguments, computed without making it.
_STR_METHODS: dict[str, Callable[..., int]] = {
    "center": _padded_size, "ljust": _padded_size, "rjust": _padded_size, "zfill": _padded_size,
    "expandtabs": _tabs_size, "replace": _replaced_size, "translate": _translated_size,
}


def _bounded_str_method(method: Any) -> Callable[..., Any]:
    name, text = method.__name__, method.__self__

    if name == "join":
        def join(items: Iterable[Any]) -> Any:
            listed = _materialize(items)
            _check_size(_joined_size(listed, text))
            return method(listed)
        return join

    size_of = _STR_METHODS[name]

    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_size(size_of(str(text), *args, **kwargs))
        return method(*args, **kwargs)

    return bounded


def _indent_size(text: Any, width: Any = 4, *rest: Any, **kwargs: Any) -> int:
    width = kwargs.get("width", width)
    pad = len(width) if isinstance(width, str) else _int_arg(width)
    return len(str(text)) + (str(text).count("\n") + 1) * pad


def _wordwrap_size(text: Any, width: Any = 79, break_long: Any = True, wrapstring: Any = None,
                   *rest: Any, **kwargs: Any) -> int:
    wrap = kwargs.get("wrapstring", wrapstring)
    return len(str(text)) * (1 + len(str(wrap)) if wrap else 2)


# Filters whose output can be far larger than their input: the size before it is made.
_FILTER_SIZES: dict[str, Callable[..., int]] = {
    "center": lambda value, width=80, *a, **k: _padded_size(str(value), k.get("width", width)),
    "indent": _indent_size,
    "replace": lambda value, old, new, count=None, *a, **k: _replaced_size(
        str(value), old, new, count if count is not None else -1),
    "wordwrap": _wordwrap_size,
}


# Filters whose arguments say, before they run, how much they would make.
_SIZED_FILTERS = frozenset({"format", "batch", "slice", "join", *_FILTER_SIZES})


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """The filter, with its output bounded: before it runs where its arguments say how much it
    makes, and after it runs in every case."""
    passed = 1 if _PassArg.from_obj(func) is not None else 0
    if name not in _SIZED_FILTERS:  # its output is bounded by its input: checked once made

        @functools.wraps(func)
        def plain(*args: Any, **kwargs: Any) -> Any:
            return _checked(func(*args, **kwargs))

        return plain

    @functools.wraps(func)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        head, value, rest = args[:passed], args[passed] if len(args) > passed else None, args[passed + 1:]
        if name == "format" and isinstance(value, str):
            _percent(value, tuple(rest) if rest else kwargs)
        elif name in ("batch", "slice") and rest and _int_arg(rest[0]) > MAX_ITEMS:
            raise LimitExceeded(f"{name} 的份数或每份项数过大（上限 {MAX_ITEMS}）")
        elif name == "join" and len(args) > passed:
            value = _materialize(value)
            sep = rest[0] if rest else kwargs.get("d", kwargs.get("sep", ""))
            _check_size(_joined_size(value, sep))
            args = (*head, value, *rest)
        elif name in _FILTER_SIZES and len(args) > passed:
            _check_size(_FILTER_SIZES[name](value, *rest, **kwargs))
        return _checked(func(*args, **kwargs))

    return bounded


class _BoundedFilters(dict[str, Any]):
    """The environment's filters, each bounded as it is added (make_environment adds ours)."""

    def __init__(self, filters: dict[str, Any]) -> None:
        super().__init__()
        for name, func in filters.items():
            self[name] = func

    def __setitem__(self, name: str, func: Any) -> None:
        super().__setitem__(name, _bounded_filter(name, func))


# --- the output of blocks, and ~ --------------------------------------------------------------


def _bounded_join(parts: Any) -> str:
    """What joins the output of a macro, call block, {% set %} or filter block: refused before
    joining if it would be too long (the parts may be one long string many times over)."""
    listed = parts if isinstance(parts, list) else list(parts)
    _check_size(sum(map(len, listed)), "模板块的输出")
    return "".join(listed)


def _concat(values: tuple[Any, ...], markup: bool) -> str:
    """a ~ b ~ c, refused before joining if the result would be too long."""
    parts = [v if isinstance(v, str) else str(v) for v in values]
    _check_size(sum(len(p) for p in parts), "用 ~ 连接的文字")
    return markup_join(parts) if markup else str_join(parts)


class _QuickMacro(Macro):
    """Jinja's Macro, called straight away when given just its positional arguments (how a
    skeleton calls its items and callers, some 120 times a draft); any other call, as Jinja does."""

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        if (kwargs or len(args) != self._argument_count or self.caller or self.catch_varargs
                or self.catch_kwargs or self._environment.is_async
                or (args and isinstance(args[0], EvalContext))):
            return super().__call__(*args, **kwargs)
        out = self._func(*args)
        return as_markup(out) if self._default_autoescape else out


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with ~ going through the bound above, and printed values not
    escaped a second time where the environment's finalize already returns markup."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        markup_out = getattr(self.environment, "finalize_returns_markup", False)
        if markup_out and finalize.src is not None and not frame.eval_ctx.volatile \
                and frame.eval_ctx.autoescape:
            self.write("(" + finalize.src)  # escape(Markup) is a copy of it: skipped
            return
        super()._output_child_pre(node, frame, finalize)

    def macro_def(self, macro_ref: Any, frame: Frame) -> None:
        """Jinja's own, making the environment's macro class instead of Macro."""
        arg_tuple = ", ".join(repr(x.name) for x in macro_ref.node.args)
        name = getattr(macro_ref.node, "name", None)
        if len(macro_ref.node.args) == 1:
            arg_tuple += ","
        self.write(
            f"environment.macro_class(environment, macro, {name!r}, ({arg_tuple}),"
            f" {macro_ref.accesses_kwargs!r}, {macro_ref.accesses_varargs!r},"
            f" {macro_ref.accesses_caller!r}, context.eval_ctx.autoescape)"
        )

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        else:
            markup = "True" if frame.eval_ctx.autoescape else "False"
        self.write("environment.bounded_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {markup})")


# --- the environment ------------------------------------------------------------------------


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox (no list.append, dict.update: nothing can grow in place) with
    every operation that makes strings or lists bounded, and templates of bounded nesting."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    # True where finalize returns Markup for every value (template_helpers.finalize does): what
    # a template prints is then not passed to escape(), which would only copy it
    finalize_returns_markup = False
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._verdicts: dict[tuple[type, str], bool] = {}
        self._helpers: dict[int, tuple[Callable[..., Any], _PassArg | None]] = {}
        self.filters = _BoundedFilters(self.filters)
        self.globals.pop("lipsum", None)  # placeholder text: no use in a report, and unbounded

    macro_class = _QuickMacro
    concat = staticmethod(_bounded_join)  # joins every macro's and block's output, and render()'s
    bounded_concat = staticmethod(_concat)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            big_exponent = isinstance(right, int) and abs(right) > 64
            if big_exponent or (isinstance(left, int) and abs(left) > 2**64):
                raise LimitExceeded("乘方运算的数值过大")
            return left**right
        if operator == "%":
            return _percent(left, right) if isinstance(left, str) else left % right
        sequences = (str, list, tuple)
        if operator == "+":
            if isinstance(left, sequences) and isinstance(right, sequences):
                _check_size(len(left) + len(right), "相加得到的内容")
            return self._int_result(left + right)
        if isinstance(left, sequences) or isinstance(right, sequences):
            seq, times = (left, right) if isinstance(left, sequences) else (right, left)
            limit = MAX_STRING if isinstance(seq, str) else MAX_ITEMS
            if isinstance(times, int) and len(seq) * times > limit:
                raise LimitExceeded(f"重复生成的内容过长（上限 {limit}）")
            return left * right
        if (isinstance(left, int) and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_INT_BITS):
            raise LimitExceeded("乘法运算的数值过大")
        return left * right

    @staticmethod
    def _int_result(value: Any) -> Any:
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise LimitExceeded("运算的数值过大")
        return value

    def getattr(self, obj: Any, attribute: str) -> Any:
        """obj.attribute, as Jinja's sandbox allows it. Its verdict on a plain value depends on
        the type of obj and the attribute's name alone (is_safe_attribute looks at nothing
        else), so it is worked out once per pair and kept; methods, which it also wraps or
        bounds, always take the full way."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return super().getattr(obj, attribute)  # item access, or undefined
        if callable(value) and type(value) is not _QuickMacro:  # a method may be wrapped or bounded
            return self._bounded(super().getattr(obj, attribute))
        key = (type(obj), attribute)
        safe = self._verdicts.get(key)
        if safe is None:
            safe = self._verdicts[key] = self.is_safe_attribute(obj, attribute, value)
        return value if safe else self.unsafe_undefined(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        return self._bounded(super().getitem(obj, argument))

    @staticmethod
    def _bounded(value: Any) -> Any:
        if (isinstance(value, (types.MethodType, types.BuiltinMethodType))
                and isinstance(getattr(value, "__self__", None), str)
                and value.__name__ in (*_STR_METHODS, "join")):
            return _bounded_str_method(value)
        return value

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map as Jinja's sandbox wraps them, with bounded formatters."""
        wrapper = super().wrap_str_format(value)
        if wrapper is None:
            return None
        text: str = value.__self__
        formatter = (_BoundedEscapeFormatter(self, escape=text.escape) if isinstance(text, Markup)
                     else _BoundedFormatter(self))

        def bounded(*args: Any, **kwargs: Any) -> str:
            if value.__name__ == "format_map":
                if kwargs or len(args) != 1:
                    raise TypeError("format_map")
                args, kwargs = (), args[0]  # type: ignore[misc]  # format_map(mapping)
            formatter.size = 0
            return type(text)(formatter.vformat(text, args, kwargs))

        return bounded

    def helpers(self, **functions: Callable[..., Any]) -> None:
        """Make functions globals that templates call as often as they print text (say, measure…):
        the sandbox's verdict on them is known, so call() passes them what they take and calls them."""
        for name, function in functions.items():
            if not self.is_safe_callable(function):
                raise ValueError(f"{name} is marked unsafe")
            self.globals[name] = function
            self._helpers[id(function)] = (function, _PassArg.from_obj(function))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        # A template's own macro, or a helper: the sandbox's verdict on them is "safe", always,
        # so they are called straight away, as Context.call would (a report makes 200 such calls).
        helper = __self._helpers.get(id(__obj))
        if type(__obj) is _QuickMacro or (helper is not None and helper[0] is __obj):
            loop_vars = kwargs.pop("_loop_vars", None) if kwargs else None
            block_vars = kwargs.pop("_block_vars", None) if kwargs else None
            passed = helper[1] if helper is not None else None
            if passed is _PassArg.context:
                if loop_vars:
                    __context = __context.derived(loop_vars)
                if block_vars:
                    __context = __context.derived(block_vars)
                args = (__context, *args)
            elif passed is _PassArg.environment:
                args = (__self, *args)
            result = __obj(*args, **kwargs)
        else:
            result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, (str, list, tuple)) and len(result) > MAX_ITEMS:
            _checked(result)
        return result

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        try:
            tree = super()._parse(source, name, filename)
        except RecursionError:
            problem = Problem(f"模板嵌套过深（超过 {MAX_NESTING} 层）", file=filename or name)
            raise TemplateError([problem]) from None
        _check_nesting(tree, filename or name)
        return tree

    def _compile(self, source: str, filename: str) -> types.CodeType:
        try:
            return super()._compile(source, filename)
        except (SyntaxError, RecursionError, MemoryError, ValueError):
            problem = Problem("模板过于复杂，无法编译：表达式或标签嵌套过深", file=filename)
            raise TemplateError([problem]) from None


def _check_nesting(tree: nodes.Node, filename: str | None) -> None:
    """Refuse a template nested deeper than MAX_NESTING, naming the line where it gets too deep
    (Python cannot compile what Jinja makes of `1 * 1 * … * 1` two hundred times)."""
    stack: list[tuple[nodes.Node, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_NESTING:
            problem = Problem(f"模板嵌套过深（超过 {MAX_NESTING} 层）：请拆分表达式或标签",
                              file=filename, line=getattr(node, "lineno", None))
            raise TemplateError([problem])
        stack.extend((child, depth + 1) for child in node.iter_child_nodes())


# --- time and memory ------------------------------------------------------------------------


@contextlib.contextmanager
def limits(seconds: float, memory: int = MAX_MEMORY) -> Iterator[None]:
    """Stop a render after `seconds` of CPU time, and let it take at most `memory` bytes more.

    Both use process-wide means (a profiling timer signal, RLIMIT_AS), so they apply in the
    main thread of a Unix process (the CLI and batch workers); elsewhere the bounds on each
    operation still hold.
    """
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    with _cpu_time(seconds), _memory(memory):
        yield


@contextlib.contextmanager
def _cpu_time(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: Any) -> None:
        raise Timeout(seconds)

    def unraisable(hook: Any) -> None:
        if not isinstance(hook.exc_value, Timeout):  # raised in a __del__: the next tick retries
            previous_hook(hook)

    previous = signal.signal(signal.SIGPROF, expire)
    previous_hook = sys.unraisablehook
    sys.unraisablehook = unraisable
    signal.setitimer(signal.ITIMER_PROF, seconds, 0.05)  # then every 50 ms, should one be swallowed
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        sys.unraisablehook = previous_hook


@contextlib.contextmanager
def _memory(extra: int) -> Iterator[None]:
    size = _address_space()
    if size is None:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = size + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft <= wanted:
        yield  # already bounded more tightly
        return
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _address_space() -> int | None:
    """The process's virtual size in bytes (what RLIMIT_AS counts), where /proc tells it. The
    file is opened once per process and read again from its start: a batch renders thousands."""
    global _statm
    try:
        if _statm is None or _statm[0] != os.getpid():  # a forked worker opens its own
            _statm = (os.getpid(), os.open("/proc/self/statm", os.O_RDONLY | os.O_CLOEXEC))
        pages = int(os.pread(_statm[1], 64, 0).split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * resource.getpagesize()


_statm: tuple[int, int] | None = None  # (pid, descriptor of /proc/self/statm)
