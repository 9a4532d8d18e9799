"""What each report type reads from the facts and what it cannot do without.

Derived from reporttypes.TYPES and schema.FACTS, so `reportgen types`, `reportgen init`
and the JSON Schema all say the same thing as validation does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportgen.kinds import Block, Field
from reportgen.reporttypes import BLOCK_OWNERS, TYPES
from reportgen.schema import FACTS, lookup


@dataclass(frozen=True)
class TypeFacts:
    code: str
    fields: tuple[Field, ...]  # the top-level fields this type reads, in file order
    required: tuple[str, ...]  # dotted paths that must be filled
    any_of: tuple[tuple[str, ...], ...]  # groups of paths of which one must be filled


def type_facts(code: str) -> TypeFacts:
    rtype = TYPES[code]
    fields = tuple(f for f in FACTS.fields if code in BLOCK_OWNERS.get(f.name, (code,)))
    required: list[str] = []
    for f in fields:
        if f.required or f.name in rtype.required:
            required.extend(_required_inside(f, f.name))
    for need in rtype.required:
        if need not in required and "." in need:
            required.append(need)
    return TypeFacts(code, fields, tuple(required), rtype.any_of)


def _required_inside(f: Field, path: str) -> list[str]:
    """A required block is filled when its required fields are: unit → unit.name."""
    if not isinstance(f.kind, Block):
        return [path]
    inner = [p for sub in f.kind.fields if sub.required
             for p in _required_inside(sub, f"{path}.{sub.name}")]
    return inner or [path]


def reads(code: str, path: str) -> bool:
    """Whether a file of this type may fill the field at path: its blocks, and within
    `document` only the 公文 elements the type has."""
    head, _, rest = path.partition(".")
    if code not in BLOCK_OWNERS.get(head, (code,)):
        return False
    return not (head == "document" and rest) or rest.partition(".")[0] in TYPES[code].document


def is_required(code: str, path: str) -> bool:
    """Whether a file of this type must fill the field at path (a block: any part of it)."""
    return any(p == path or p.startswith(path + ".") for p in type_facts(code).required)


def title_of(path: str) -> str:
    f = lookup(path)
    return f.label if f else path


def describe(code: str) -> dict[str, Any]:
    """One report type as `reportgen types --format json` gives it."""
    rtype, facts = TYPES[code], type_facts(code)
    return {
        "code": code,
        "name": rtype.name,
        "sections": list(rtype.sections),
        "required": [{"path": p, "title": title_of(p)} for p in facts.required],
        "any_of": [[{"path": p, "title": title_of(p)} for p in group] for group in facts.any_of],
        "fields": [{"name": f.name, "title": f.title,
                    "only_for": list(BLOCK_OWNERS.get(f.name, ()))} for f in facts.fields],
    }


def format_types() -> str:
    """Every report type, for people: its parts, what it must have and what it reads."""
    out = []
    for code in TYPES:
        d = describe(code)
        out.append(f"{code}  {d['name']}")
        out.append("  结构：" + " → ".join(d["sections"]))
        out.append("  必填：" + "、".join(_path(r) for r in d["required"]))
        for group in d["any_of"]:
            out.append("  至少填一项：" + " 或 ".join(_path(r) for r in group))
        fields = [f"{f['name']}（{f['title']}{_only(f['only_for'])}）" for f in d["fields"]]
        out.append("  使用：" + "、".join(fields))
        out.append("")
    return "\n".join(out)


def _only(codes: list[str]) -> str:
    return "，只用于" + "、".join(TYPES[c].name for c in codes) if codes else ""


def _path(entry: dict[str, str]) -> str:
    return f"{entry['path']}（{entry['title']}）"
