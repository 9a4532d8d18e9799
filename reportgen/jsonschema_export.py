"""The facts format as a JSON Schema document, for editors that complete and check YAML.

Each kind in schema.py gives its own piece; this module adds the document around them:
the dialect, an id, Chinese titles, which report types read a block, and what each type
requires (if/then). Only keywords that draft-07 knows as well are used, because the YAML
extension of VS Code (yaml-language-server) implements draft-07; the document declares
2020-12, whose meaning for these keywords is the same.
"""

from __future__ import annotations

import json
from typing import Any

from reportgen import __version__
from reportgen.kinds import Block, ProblemItem
from reportgen.problems import Library
from reportgen.reporttypes import BLOCK_OWNERS, TYPES
from reportgen.schema import FACTS
from reportgen.typefacts import type_facts

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:reportgen:facts"
SCHEMA_FILE = "reportgen.schema.json"  # the name `init` files point to, next to them


def facts_schema(library: Library | None = None) -> dict[str, Any]:
    """library: the problem library in effect (a user's --templates may add codes)."""
    body = FACTS.json_schema()
    problems = body["properties"]["problems"]
    for branch in problems.get("anyOf", [problems]):
        if "items" in branch:  # a problem: a code or a sentence, or a block whose `problem` is one
            entry = branch["items"]
            entry["anyOf"][0] = ProblemItem(library=library).json_schema()
            entry["anyOf"][1]["properties"]["problem"] = {
                **ProblemItem(library=library).json_schema(),
                "title": entry["anyOf"][1]["properties"]["problem"].get("title", "问题")}
    for name, owners in BLOCK_OWNERS.items():
        prop = body["properties"][name]
        names = "、".join(TYPES[o].name for o in owners)
        lead = prop.get("description", prop["title"])
        prop["description"] = f"{lead}（只用于{names}，其他类型忽略此项）"
    type_list = "；".join(f"{t.code} {t.name}" for t in TYPES.values())
    body["properties"]["type"]["description"] = f"可选：{type_list}（也可直接写中文名称）"
    rules = [_type_rule(code) for code in TYPES]
    return {
        "$schema": DIALECT,
        "$id": SCHEMA_ID,
        "title": "reportgen 事实文件",
        "description": (
            "意识形态工作报告的事实文件：单位在报告期内做了什么、做了多少。"
            "草稿中的每个数字都来自这里。"
            f"由 reportgen {__version__} 的 reportgen schema 命令生成。"
        ),
        **body,
        "allOf": [rule for rule in rules if rule],
    }


def _type_rule(code: str) -> dict[str, Any] | None:
    """if type is this one, then what it requires beyond the common fields."""
    facts = type_facts(code)
    common = set.intersection(*(set(type_facts(c).required) for c in TYPES))
    needs = [_filled(path) for path in facts.required if path not in common]
    needs += [{"anyOf": [_filled(path) for path in group]} for group in facts.any_of]
    rtype = TYPES[code]
    document = FACTS.field("document")
    if document is not None and isinstance(document.kind, Block) and \
            len(rtype.document) < len(document.kind.fields):  # 公文 elements it has not
        needs.append({"properties": {"document": {"propertyNames": {"enum": list(rtype.document)}}}})
    if not needs:
        return None
    return {
        "if": {"properties": {"type": {"enum": [code, rtype.name]}}, "required": ["type"]},
        "then": needs[0] if len(needs) == 1 else {"allOf": needs},
    }


def _filled(path: str) -> dict[str, Any]:
    """A schema that holds when the field at the dotted path is present and not empty."""
    head, _, rest = path.partition(".")
    inner = _filled(rest) if rest else {"not": {"type": "null"}}
    return {"type": "object", "required": [head], "properties": {head: inner}}


def render(indent: int = 2, library: Library | None = None) -> str:
    return json.dumps(facts_schema(library), ensure_ascii=False, indent=indent) + "\n"
