"""The files behind each report type: its skeletons (Jinja templates) and its wording
(phrasebooks, the problem library, the word lists); which file a draft uses (the user's or
the built-in one), and copying a type's files out for editing.

What a skeleton uses is read from the skeletons themselves ({% import %}, {% include %},
{% extends %}, {% from %}) with jinja2's meta API, so the list never goes stale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from reportgen.errors import Problem, TemplateError
from reportgen.output import check_free, write_atomic
from reportgen.problems import FILE as PROBLEMS_FILE
from reportgen.reporttypes import TYPES
from reportgen.template_errors import template_errors
from reportgen.templating import (
    ROLLUP,
    ROLLUP_NAME,
    ROLLUP_TEMPLATE,
    make_environment,
    template_name,
)
from reportgen.wording import PHRASES, SHARED, TERMS, builtin_templates_dir


@dataclass(frozen=True)
class TemplateFile:
    name: str  # as templates refer to it: summary/report.md.j2
    path: Path  # the file a draft reads
    custom: bool  # from the user's folder
    builtin: bool  # a built-in file of that name exists


def template_sets() -> dict[str, tuple[str, str]]:
    """What a user can list and export, by code: its Chinese name and its main template.
    The report types, then the roll-up of `batch --rollup`."""
    sets = {code: (rtype.name, template_name(code)) for code, rtype in TYPES.items()}
    sets[ROLLUP] = (ROLLUP_NAME, ROLLUP_TEMPLATE)
    return sets


@dataclass(frozen=True)
class Listing:
    types: dict[str, list[TemplateFile]]  # per template set: wording files, then skeletons
    shared: list[TemplateFile]  # the files under _shared/
    unused: list[Path]  # files in the user's folder that no report type reads


def wording_names(code: str) -> list[str]:
    """The wording files a template set reads: its phrasebook, the shared one (report types
    only: the roll-up has its own words), the problem library and the word lists."""
    own = [f"{code}/{PHRASES}"] + ([f"{SHARED}/{PHRASES}"] if code != ROLLUP else [])
    return [*own, f"{SHARED}/{PROBLEMS_FILE}", f"{SHARED}/{TERMS}"]


def uses(env: SandboxedEnvironment, name: str) -> list[str]:
    """The template and every template it reaches through import/include/extends/from,
    recursively, each once, in the order first met."""
    seen: list[str] = []
    todo = [name]
    with template_errors():
        while todo:
            current = todo.pop(0)
            if current in seen:
                continue
            seen.append(current)
            source, filename, _ = _source(env, current)
            tree = env.parse(source, current, filename)
            for ref in meta.find_referenced_templates(tree):
                if ref is None:  # a name computed while rendering: cannot be followed here
                    continue
                if _exists(env, ref):
                    todo.append(ref)
                    continue
                line, optional = _reference(tree, ref)
                if not optional:
                    message = f"找不到模板 {ref}（模板路径只能在模板目录之内）"
                    raise TemplateError([Problem(message, file=filename, line=line)])
    return seen


def listing(user_dir: Path | None = None) -> Listing:
    env = make_environment(user_dir)
    builtin = set(builtin_names())
    per_type: dict[str, list[TemplateFile]] = {}
    for code, (_, main) in template_sets().items():
        names = uses(env, main) if _exists(env, main) else []
        files = [_data_file(n, user_dir, builtin) for n in wording_names(code)]
        resolved = [_resolve(env, n, user_dir, builtin) for n in names]
        per_type[code] = [f for f in files if f is not None] + resolved
    used = {f.name for files in per_type.values() for f in files}
    shared_names = sorted(n for n in builtin | used if n.startswith(SHARED + "/"))
    shared = [f for n in shared_names if (f := _file(env, n, user_dir, builtin)) is not None]
    unused = [user_dir / n for n in _names_in(user_dir) if n not in used] if user_dir else []
    return Listing(per_type, shared, unused)


def export(code: str, dest: Path, force: bool = False, skeleton: bool = False) -> list[Path]:
    """Copy a template set's built-in wording files (and with skeleton, its templates and the
    partials they use) into dest for editing, keeping their layout so that `--templates dest`
    finds them."""
    env = make_environment()
    name, main = template_sets()[code]
    if not _exists(env, main):
        raise TemplateError(f"{name}（{code}）还没有内置模板，无法导出")
    root = builtin_templates_dir()
    names = [n for n in wording_names(code) if root.joinpath(*n.split("/")).is_file()]
    if skeleton:
        names += uses(env, main)
    targets = [dest.joinpath(*n.split("/")) for n in names]
    check_free(targets, force)
    for name, target in zip(names, targets, strict=True):
        write_atomic(target, root.joinpath(*name.split("/")).read_bytes(), force)
    return targets


def format_listing(found: Listing, user_dir: Path | None = None) -> str:
    """The listing for people: per type the files a draft reads, and where each comes from."""
    out = [f"内置模板：{builtin_templates_dir()}"]
    if user_dir is not None:
        out.append(f"自定义模板：{user_dir}（模板文件逐个覆盖同名的内置模板；措辞库 .yaml 逐个键覆盖）")
    width = max((len(f.name) for files in [*found.types.values(), found.shared] for f in files),
                default=0)
    names = template_sets()
    for code, files in found.types.items():
        heading = f"{code}  {names[code][0]}"
        out += ["", heading + ("（batch --rollup）" if code == ROLLUP else "")]
        out += [_row(f, width, user_dir) for f in files] or ["  （还没有模板）"]
    out += ["", "共用部分"]
    out += [_row(f, width, user_dir) for f in found.shared]
    if found.unused:
        out += ["", "以下自定义文件没有被任何报告使用（请核对文件名和所在文件夹）："]
        out += [f"  {path}" for path in found.unused]
    return "\n".join(out) + "\n"


def _row(f: TemplateFile, width: int, user_dir: Path | None) -> str:
    if user_dir is None:
        return f"  {f.name}"
    overrides = "自定义，逐个键覆盖内置" if f.name.endswith(".yaml") else "自定义，覆盖内置"
    where = (overrides if f.builtin else "自定义，新增") if f.custom else "内置"
    return f"  {f.name:<{width}}  {where}" + (f"  {f.path}" if f.custom else "")


def builtin_names() -> list[str]:
    return _names_in(builtin_templates_dir())


def _names_in(folder: Path) -> list[str]:
    """Template names of the files under folder (hidden files and folders skipped)."""
    out = []
    for base, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel = Path(base).relative_to(folder)
        out += [(rel / f).as_posix() for f in sorted(files) if not f.startswith(".")]
    return out


def _source(env: SandboxedEnvironment, name: str) -> tuple[str, str, object]:
    assert env.loader is not None
    source, filename, uptodate = env.loader.get_source(env, name)
    return source, filename or name, uptodate


def source_of(env: SandboxedEnvironment, name: str) -> tuple[str, str]:
    """A template's source and the file it is read from (the user's or the built-in one)."""
    source, filename, _ = _source(env, name)
    return source, filename


def _data_file(name: str, user_dir: Path | None, builtin: set[str]) -> TemplateFile | None:
    """A wording file as a draft reads it: the user's copy (which overrides key by key) or the
    built-in one; None where neither exists."""
    if user_dir is not None and (user_dir / name).is_file():
        return TemplateFile(name, user_dir / name, True, name in builtin)
    if name in builtin:
        return TemplateFile(name, builtin_templates_dir() / name, False, True)
    return None


def _file(env: SandboxedEnvironment, name: str, user_dir: Path | None,
          builtin: set[str]) -> TemplateFile | None:
    if name.endswith(".yaml"):
        return _data_file(name, user_dir, builtin)
    return _resolve(env, name, user_dir, builtin)


def _exists(env: SandboxedEnvironment, name: str) -> bool:
    try:
        _source(env, name)
    except jinja2.TemplateNotFound:
        return False
    return True


def _resolve(env: SandboxedEnvironment, name: str, user_dir: Path | None,
             builtin: set[str]) -> TemplateFile:
    _, filename, _ = _source(env, name)
    custom = user_dir is not None and _inside(Path(filename), user_dir)
    return TemplateFile(name, Path(filename), custom, name in builtin)


def _inside(path: Path, folder: Path) -> bool:
    root = os.path.realpath(folder)
    return os.path.commonpath([root, os.path.realpath(path)]) == root


def _reference(tree: nodes.Template, ref: str) -> tuple[int | None, bool]:
    """The line of the tag that names ref, and whether the tag does without it
    ({% include ... ignore missing %}, or a list of names of which the first found is used)."""
    tags = (nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)
    for node in tree.find_all(tags):
        assert isinstance(node, tags)  # find_all is typed as yielding any Node
        names = _names(node.template)
        if ref in names:
            optional = isinstance(node, nodes.Include) and node.ignore_missing
            return node.lineno, len(names) > 1 or optional
    return None, False


def _names(target: nodes.Expr) -> list[str]:
    if isinstance(target, nodes.Const):
        value = target.value
        values = value if isinstance(value, (list, tuple)) else [value]
        return [v for v in values if isinstance(v, str)]
    if isinstance(target, (nodes.Tuple, nodes.List)):
        return [n for item in target.items for n in _names(item)]
    return []
