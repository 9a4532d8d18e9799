"""The {% oneof %} tag: several phrasings of a sentence, one chosen per unit.

    {% oneof "item-deputy" %}
    {{ unit.deputy }}同志作为分管领导履行直接责任
    {% or %}
    分管领导{{ unit.deputy }}同志履行直接责任
    {% endoneof %}

It compiles to `variant(key, n)` and an if-chain, so only the chosen phrasing is rendered
(the others cost nothing at render time). The chosen text is trimmed and ends its line.
"""

from __future__ import annotations

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser


class OneOf(Extension):
    tags = {"oneof"}  # noqa: RUF012 (Extension declares it so)

    def parse(self, parser: Parser) -> nodes.Node | list[nodes.Node]:
        lineno = next(parser.stream).lineno
        key = parser.parse_expression()
        branches: list[list[nodes.Node]] = []
        while True:
            branches.append(parser.parse_statements(("name:or", "name:endoneof")))
            if next(parser.stream).test("name:endoneof"):
                break
        chosen = nodes.Name("_oneof_choice", "store", lineno=lineno)
        pick = nodes.Call(nodes.Name("variant", "load"), [key, nodes.Const(len(branches))], [], None, None)
        chain: list[nodes.Stmt] = []
        for index in reversed(range(len(branches))):
            line: list[nodes.Stmt] = [
                nodes.FilterBlock(branches[index], nodes.Filter(None, "trim", [], [], None, None)),
                nodes.Output([nodes.TemplateData("\n")]),
            ]
            if not chain:
                chain = line
                continue
            test = nodes.Compare(nodes.Name("_oneof_choice", "load"),
                                 [nodes.Operand("eq", nodes.Const(index))])
            chain = [nodes.If(test, line, [], chain)]
        return [nodes.Assign(chosen, pick, lineno=lineno), *chain]
