"""The `document` block (公文格式要素, GB/T 9704-2012 §7): the forms the standard fixes, what each
report type can carry, and the tools that read the schema (init, schema, sheet headers)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest

from reportgen.errors import FactsError
from reportgen.loading import load_facts, load_yaml_text
from reportgen.sheets import open_sheet
from reportgen.validate import validate

from conftest import RunCli, invoke

IMPLEMENTATION = """\
type: implementation
period: 2024
date: 2024-12-27
unit:
  name: 青川市交通运输局
  superior: 中共青川市委
document:
"""
SPEECH = """\
type: speech
period: 2024
date: 2024-12-27
unit:
  name: 青川市交通运输局
  secretary: 陈志远
meeting:
  name: 全局意识形态工作会议
document:
"""


def errors_of(text: str) -> list[str]:
    with pytest.raises(FactsError) as info:
        validate(load_yaml_text(text, "f.yaml"))
    return [p.render() for p in info.value.problems]


def document_of(text: str) -> dict[str, object]:
    return validate(load_yaml_text(text, "f.yaml")).data.document.as_dict()  # type: ignore[no-any-return]


def test_the_spec_file_validates_unchanged(shared: Path) -> None:
    facts = validate(load_facts(shared / "spec" / "implementation-2024-redhead.yaml"))
    block = facts.data.document
    assert block.copy_number == "000023"
    assert block.number == "青交党〔2024〕31号"
    assert block.signers == ["陈志远"]
    assert block.attachments == ["青川市交通运输局2024年意识形态工作责任清单",
                                 "青川市交通运输局2024年意识形态领域风险点台账"]
    assert block.signature == "stamped"
    assert block.printed_on == dt.date(2024, 12, 27)
    assert facts.warnings == []


@pytest.mark.parametrize(("line", "expected"), [
    ('  copy_number: "0023"', "份号一般用6位阿拉伯数字（GB/T 9704-2012 7.2.1），实际为“0023”（是否想写 000023？）"),
    ('  copy_number: "A00023"', "应为6位阿拉伯数字"),
    ("  number: 青交党[2024]31号", "年份用六角括号“〔〕”括入（GB/T 9704-2012 7.2.5），应写作“青交党〔2024〕31号”"),
    ("  number: 青交党（2024）31号", "应写作“青交党〔2024〕31号”"),
    ("  number: 青交党【2024】31号", "应写作“青交党〔2024〕31号”"),
    ("  number: 青交党〔2024〕第31号", "发文顺序号不加“第”字（GB/T 9704-2012 7.2.5），应写作“青交党〔2024〕31号”"),
    ("  number: 青交党〔2024〕031号", "发文顺序号不编虚位（1 不编为 01）"),
    ("  number: 青交党〔24〕31号", "年份应标全称（如 2024）"),
    ("  number: 青交党〔2024〕31", "在序号后加“号”字"),
    ("  number: 〔2024〕31号", "缺少发文机关代字"),
    ("  secrecy: 机密10年", "密级与保密期限之间用“★”隔开"),
    ("  secrecy: 秘密★六个月", "保密期限中的数字用阿拉伯数字标注，如“秘密★10年”"),
    ("  urgency: 急件", "“急件”不是可用的值；应为以下之一：特急（特急）、加急（加急）"),
    ("  signature: 盖章", "应为以下之一：stamped（加盖印章）、unstamped（不加盖印章）"),
    ("  printed_on: 2024-13-01", "日期“2024-13-01”不存在"),
])
def test_the_forms_the_standard_fixes(line: str, expected: str) -> None:
    errors = errors_of(IMPLEMENTATION + line + "\n")
    assert len(errors) == 1
    assert errors[0].startswith("f.yaml 第8行")
    assert expected in errors[0]


@pytest.mark.parametrize(("line", "value"), [
    ('  copy_number: "０００１２３"', "000123"),  # full-width digits, as an IME types them
    ("  copy_number: 000023", "000023"),  # unquoted: the loader keeps a leading zero's text as written
    ("  number: 青交党〔２０２４〕３１号", "青交党〔2024〕31号"),
    ("  secrecy: 机密★10年", "机密★10年"),
    ("  secrecy: 秘密*6个月", "秘密★6个月"),
    ("  secrecy: 内部", "内部"),
    ("  urgency: 特急", "特急"),
    ("  signature: 不加盖印章", "unstamped"),  # the Chinese name reads as its code
    ("  attachments: [责任清单。]", ["责任清单"]),  # §7.3.4: 附件名称后不加标点符号
])
def test_forms_people_type_are_read_as_meant(line: str, value: object) -> None:
    block = document_of(IMPLEMENTATION + "  issuer_mark: 青川市交通运输局文件\n" + line + "\n")
    name = line.split(":")[0].strip()
    assert block[name] == value


def test_elements_that_only_stand_together() -> None:
    errors = errors_of(IMPLEMENTATION + "  signers: [陈志远]\n  printed_on: 2024-12-30\n")
    assert errors == [
        "f.yaml 第8行第12列：document.signers（签发人）：签发人与发文字号编排在同一行（7.2.6）："
        "请同时填写 document.number（发文字号）",
        "f.yaml 第9行第15列：document.printed_on（印发日期）：印发日期与印发机关编排在同一行（7.4.3）："
        "请同时填写 document.printed_by（印发机关）",
    ]
    errors = errors_of(IMPLEMENTATION + "  number: 青交党〔2024〕31号\n")
    assert errors == ["f.yaml 第8行第11列：document.number（发文字号）：发文字号编排在发文机关标志之下（7.2.5）："
                      "请同时填写 document.issuer_mark（发文机关标志）"]


def test_printed_before_it_was_written_is_an_error() -> None:
    errors = errors_of(IMPLEMENTATION + "  printed_by: 办公室\n  printed_on: 2024-12-20\n")
    assert errors == ["f.yaml 第9行第15列：document.printed_on（印发日期）："
                      "印发日期 2024-12-20 早于成文日期 2024-12-27"]


def test_what_the_standard_expects_but_a_clerk_may_fill_later_is_a_warning() -> None:
    text = IMPLEMENTATION + "  issuer_mark: 青川市交通运输局文件\n  number: 青交〔2023〕31号\n"
    warnings = [w.render() for w in validate(load_yaml_text(text, "f.yaml")).warnings if "document" in w.render()]
    assert warnings == [
        "f.yaml 第9行第11列：document.number（发文字号）：发文字号的年份 2023 与成文日期的年份 2024 不同，请核对",
        "f.yaml 第9行第11列：document.number（发文字号）：落实情况报告是上行文，应当标注签发人（7.2.6）："
        "请填写 document.signers",
    ]


@pytest.mark.parametrize(("line", "title"), [
    ("  number: 青交党〔2024〕31号", "发文字号"),
    ("  issuer_mark: 青川市交通运输局文件", "发文机关标志"),
    ("  signers: [陈志远]", "签发人"),
    ("  to: 中共青川市委", "主送机关"),
    ("  cc: [市委宣传部]", "抄送机关"),
    ("  signature: stamped", "落款方式"),
    ("  urgency: 加急", "紧急程度"),
])
def test_a_speech_has_no_issuing_elements(line: str, title: str) -> None:
    errors = errors_of(SPEECH + line + "\n")
    name = line.split(":")[0].strip()
    assert errors == [f"f.yaml 第10行第3列：document.{name}：讲话稿没有{title}，请删去此项；"
                      "讲话稿可填：copy_number（份号）、secrecy（密级和保密期限）"]


def test_a_speech_may_be_numbered_and_marked() -> None:
    block = document_of(SPEECH + '  copy_number: "000001"\n  secrecy: 内部\n')
    assert (block["copy_number"], block["secrecy"]) == ("000001", "内部")


def test_the_command_line_says_where_and_exits_2(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "speech.yaml").write_text(SPEECH + "  number: 青交党〔2024〕31号\n", encoding="utf-8")
    result = run_cli("draft", "speech.yaml", "-o", "-")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("错误：speech.yaml 第10行第3列：document.number：讲话稿没有发文字号，请删去此项；"
                             "讲话稿可填：copy_number（份号）、secrecy（密级和保密期限）\n")


# --- the tools that read the schema ---------------------------------------------------------

def uncommented(text: str, block: str) -> str:
    """A facts file from `init` with its commented-out block switched on, as the note says."""
    lines = text.split("\n")
    start = lines.index(f"# {block}:")
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("#"))
    lines[start:end] = [line[2:] for line in lines[start:end]]
    return "\n".join(lines)


@pytest.mark.parametrize(("code", "fields"), [
    ("summary", ["copy_number", "secrecy", "urgency", "issuer_mark", "number", "signers", "to",
                 "attachments", "signature", "cc", "printed_by", "printed_on"]),
    ("implementation", ["copy_number", "secrecy", "urgency", "issuer_mark", "number", "signers", "to",
                        "attachments", "signature", "cc", "printed_by", "printed_on"]),
    ("duty", ["copy_number", "secrecy"]),
    ("speech", ["copy_number", "secrecy"]),
    ("exchange", ["copy_number", "secrecy"]),
])
def test_init_writes_the_block_commented_out_with_the_type_s_fields(code: str, fields: list[str]) -> None:
    text = invoke("init", code, "-o", "-").stdout
    assert "# 公文格式要素：" in text
    on = uncommented(text, "document")
    facts = validate(load_yaml_text(on, "facts.yaml"))
    assert facts.warnings == []
    block = facts.data.document.as_dict()
    assert [k for k, v in block.items() if v not in (None, [])] == fields
    for name in fields:  # each field keeps its Chinese comment once switched on
        assert re.search(rf"^  (# .*\n  )*{name}:|^  {name}:.*# ", on, re.MULTILINE), name


def test_schema_knows_the_block_and_what_each_type_may_carry(shared: Path) -> None:
    schema = json.loads(invoke("schema").stdout)
    props = schema["properties"]["document"]["properties"]
    assert props["number"]["title"] == "发文字号"
    assert props["copy_number"]["pattern"] == "^[0-9]{6}$"
    validator = jsonschema.Draft202012Validator(schema)
    spec = {"type": "implementation", "period": "2024", "date": "2024-12-27",
            "unit": {"name": "青川市交通运输局", "superior": "中共青川市委"},
            "document": {"copy_number": "000023", "number": "青交党〔2024〕31号", "urgency": "加急"}}
    assert list(validator.iter_errors(spec)) == []
    bad = {**spec, "document": {"number": "青交党[2024]31号", "copy_number": "23"}}
    assert len(list(validator.iter_errors(bad))) == 2
    speech = {**spec, "type": "speech", "meeting": {"name": "会议", "speaker": "陈志远"},
              "document": {"copy_number": "000023", "number": "青交党〔2024〕31号"}}
    assert len(list(validator.iter_errors(speech))) == 1
    speech["document"] = {"copy_number": "000023", "secrecy": "内部"}
    assert list(validator.iter_errors(speech)) == []


def test_sheet_columns_by_path_or_chinese_title(tmp_path: Path) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text("单位名称,上级党委,报告类型,报告期,成文日期,发文机关标志,发文字号,签发人,抄送机关,"
                     "document.printed_by\n"
                     "甲局,中共青川市委,落实情况报告,2024,2024-12-27,甲局文件,甲〔2024〕3号,王五,"
                     "市委宣传部、市委办公室,甲局办公室\n", encoding="utf-8")
    [row] = list(open_sheet(sheet, "units.csv").rows())
    block = row.validate().data.document
    assert (block.number, block.signers, block.printed_by) == ("甲〔2024〕3号", ["王五"], "甲局办公室")
    assert block.cc == ["市委宣传部", "市委办公室"]
