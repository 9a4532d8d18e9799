"""`reportgen schema`: the facts format as JSON Schema, agreeing with the validator."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from reportgen.errors import FactsError
from reportgen.initfile import facts_file
from reportgen.kinds import Block, ListOf
from reportgen.loading import load_yaml_text, read_text
from reportgen.reporttypes import TYPES
from reportgen.schema import FACTS
from reportgen.validate import validate

from conftest import ROOT
from conftest import invoke as run

SPEC = ROOT.parent / "shared" / "spec"


class _EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2): 2024-07-05 stays a string."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def as_editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=_EditorLoader)  # a SafeLoader subclass: no objects


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def validator(document: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(document)


def test_is_a_valid_2020_12_schema(document: dict[str, Any]) -> None:
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"]
    jsonschema.Draft202012Validator.check_schema(document)


def test_means_the_same_to_draft_07_editors(document: dict[str, Any]) -> None:
    """VS Code's YAML extension implements draft-07: the keywords used must mean the same."""
    jsonschema.Draft7Validator.check_schema(document)
    seven = jsonschema.Draft7Validator(document)
    for text in [*_sample_texts(), facts_file("speech")]:
        assert list(seven.iter_errors(as_editor_reads(text))) == []


def test_titles_and_descriptions_are_chinese(document: dict[str, Any]) -> None:
    assert "事实文件" in document["title"]
    described = document["properties"]["type"]["description"]
    for code, rtype in TYPES.items():
        assert f"{code} {rtype.name}" in described

    def walk(props: dict[str, Any], path: str) -> None:
        for name, sub in props.items():
            assert sub.get("title"), f"{path}{name} has no title"
            assert any("\u4e00" <= ch <= "\u9fff" for ch in sub["title"]), f"{path}{name}"
            inner = sub.get("items", sub)
            if "properties" in inner:
                walk(inner["properties"], f"{path}{name}.")

    walk(document["properties"], "")


def _sample_texts() -> list[str]:
    return [read_text(p) for p in sorted((ROOT / "samples").glob("*.yaml"))]


@pytest.mark.parametrize("path", sorted((ROOT / "samples").glob("*.yaml")), ids=lambda p: p.name)
def test_samples_validate(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    errors = [e.message for e in validator.iter_errors(as_editor_reads(read_text(path)))]
    assert errors == []


def _spec_files() -> list[Path]:
    return sorted(SPEC.glob("*.yaml")) if SPEC.is_dir() else []


@pytest.mark.parametrize("path", _spec_files() or [None], ids=lambda p: p.name if p else "absent")
def test_shared_spec_validates(validator: jsonschema.Draft202012Validator,
                               path: Path | None) -> None:
    if path is None:
        pytest.skip("../shared/spec is not present in this checkout")
    errors = [e.message for e in validator.iter_errors(as_editor_reads(read_text(path)))]
    assert errors == []


@pytest.mark.parametrize("code", list(TYPES))
def test_init_files_validate(validator: jsonschema.Draft202012Validator, code: str) -> None:
    text = run("init", code, "-o", "-").stdout
    errors = [e.message for e in validator.iter_errors(as_editor_reads(text))]
    assert errors == []


def _items(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema of a list's items (a list that also takes one item written alone: anyOf)."""
    return next(b["items"] for b in schema.get("anyOf", [schema]) if "items" in b)


def _object(schema: dict[str, Any]) -> dict[str, Any]:
    """The object form of a block a plain value may stand for (a problem: a code, or a block)."""
    return next(b for b in schema.get("anyOf", [schema]) if "properties" in b)


def test_every_example_fits_its_field(document: dict[str, Any]) -> None:
    def walk(block: Block, props: dict[str, Any], path: str) -> None:
        for field in block.fields:
            sub = props[field.name]
            if field.example is not None:
                check = jsonschema.Draft202012Validator(sub)
                assert list(check.iter_errors(field.example)) == [], f"{path}{field.name}"
            kind = field.kind.item if isinstance(field.kind, ListOf) else field.kind
            if isinstance(kind, Block):
                inner = _items(sub) if isinstance(field.kind, ListOf) else sub
                walk(kind, _object(inner)["properties"], f"{path}{field.name}.")

    walk(FACTS, document["properties"], "")


def test_schema_to_file_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "reportgen.schema.json"
    result = run("schema", "-o", str(target))
    assert result.exit_code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(target.read_text("utf-8")))
    target.write_text("{}", "utf-8")
    refused = run("schema", "-o", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text("utf-8") == "{}"
    assert run("schema", "-o", str(target), "--force").exit_code == 0
    assert json.loads(target.read_text("utf-8"))["$id"]


# --- the schema and the validator agree ---------------------------------------------------

BASE = {"type": "summary", "period": "2024H1", "date": "2024-07-05", "unit": {"name": "青禾镇"}}


def _with(**changes: Any) -> dict[str, Any]:
    doc = copy.deepcopy(BASE)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = doc
        for part in parents:
            target = target.setdefault(part, {})
        if value is _DROP:
            target.pop(last, None)
        else:
            target[last] = value
    return doc


_DROP = object()

AGREE = [
    ("minimal", _with(), True),
    ("chinese type name", _with(type="工作总结"), True),
    ("approximate count", _with(study={"staff_study": "20余"}), True),
    ("count with its measure", _with(study={"seminars": "3次"}), True),
    ("chinese period", _with(period="2024年上半年"), True),
    ("whole year as a number", _with(period=2024), True),
    ("chinese date", _with(date="2024年7月5日"), True),
    ("flag as 是", _with(responsibility={"leading_group": "是"}), True),
    ("empty block", _with(study=None), True),
    ("one topic without a dash", _with(study={"topics": "党的二十大精神"}), True),
    ("problem in words", _with(problems=["宣传员能力偏弱"]), True),
    ("speech with secretary only",
     _with(type="speech", meeting={"name": "会议"}, unit={"name": "青禾镇", "secretary": "张明华"}),
     True),
    ("duty with person", _with(type="duty", person={"name": "张明华"}), True),
    ("unknown field", _with(studdy={"seminars": 3}), False),
    ("unknown type", _with(type="report"), False),
    ("no unit name", _with(unit={"kind": "镇"}), False),
    ("no date", _with(date=_DROP), False),
    ("negative count", _with(study={"seminars": -1}), False),
    ("fractional count", _with(study={"seminars": 2.5}), False),
    ("approximate count the wrong way", _with(study={"seminars": "约20"}), False),
    ("fifth quarter", _with(period="2024Q5"), False),
    ("not a date", _with(date="七月五日"), False),
    ("misspelt problem code", _with(problems=["study_dept"]), False),
    ("unknown focus", _with(type="speech", meeting={"name": "会议", "speaker": "张"},
                            focus=["awarenes"]), False),
    ("duty without person", _with(type="duty"), False),
    ("duty with empty person", _with(type="duty", person=None), False),
    ("implementation without superior", _with(type="implementation"), False),
    ("speech without meeting", _with(type="speech", unit={"name": "青禾镇", "secretary": "张"}),
     False),
    ("speech without speaker or secretary", _with(type="speech", meeting={"name": "会议"}), False),
    ("text too long", _with(unit={"name": "镇" * 51}), False),
]


@pytest.mark.parametrize(("doc", "ok"), [(d, ok) for _, d, ok in AGREE],
                         ids=[name for name, _, _ in AGREE])
def test_schema_and_validator_agree(validator: jsonschema.Draft202012Validator,
                                    doc: dict[str, Any], ok: bool) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True)
    try:
        validate(load_yaml_text(text, "facts.yaml"))
        valid = True
    except FactsError:
        valid = False
    assert valid is ok
    assert validator.is_valid(as_editor_reads(text)) is ok
