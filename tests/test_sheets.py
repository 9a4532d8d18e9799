"""Spreadsheets of facts: headers by path or Chinese title, encodings Excel writes, list cells,
and errors that name the file, row, column and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.errors import FactsError
from reportgen.kinds import split_items
from reportgen.sheets import open_sheet, resolve_header
from reportgen.values import Count

HEADER = "unit.name,type,period,date,study.group_study,problems\n"


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def rows(path: Path) -> list:
    return list(open_sheet(path, path.name).rows())


def test_the_spec_csv_loads_with_its_row_numbers(shared: Path) -> None:
    found = rows(shared / "spec" / "units-2024Q1.csv")
    assert [r.number for r in found] == [2, 3, 4, 5, 6, 7]
    first = found[0].loaded.data
    assert first["unit"]["name"] == "双胜镇"
    assert first["study"]["group_study"] == "3"
    assert first["publicity"]["materials"] == "800余"
    assert first["problems"] == ["study_depth", "online_management"]
    assert "seminars" not in found[1].loaded.data["study"]  # an empty cell is no fact


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_the_encodings_excel_saves(tmp_path: Path, encoding: str) -> None:
    text = "单位名称,报告类型,报告期,成文日期,党委理论学习中心组集中学习（次）,存在问题\n" \
           "芦阳街道,工作总结,2024年一季度,2024/4/8,4,学习形式比较单一；宣传阵地使用不充分\n"
    found = rows(write_csv(tmp_path / "units.csv", text, encoding))
    facts = found[0].validate()
    assert str(facts.data.unit.name) == "芦阳街道"
    assert facts.data.type == "summary"
    assert facts.data.period.code == "2024Q1"
    assert facts.data.date == dt.date(2024, 4, 8)
    assert facts.data.study.group_study == Count(4, False, "study.group_study")
    assert [str(p.problem) for p in facts.data.problems] == ["学习形式比较单一", "宣传阵地使用不充分"]


def test_csv_in_gb18030_with_characters_gbk_lacks(tmp_path: Path) -> None:
    """䶮 and 㑇 (two bytes) and 𠀀 (four bytes) exist in GB18030 only: read as GBK, the row fails."""
    text = "单位名称,报告类型,报告期,成文日期,特色亮点\n" \
           "𠀀䶮㑇村,工作总结,2024Q1,2024-04-08,开展“䶮㑇”文化活动；建成𠀀字号书屋\n"
    with pytest.raises(UnicodeEncodeError):
        "𠀀䶮㑇".encode("gbk")
    [row] = rows(write_csv(tmp_path / "units.csv", text, "gb18030"))
    facts = row.validate()
    assert str(facts.data.unit.name) == "𠀀䶮㑇村"
    assert [str(h) for h in facts.data.highlights] == ["开展“䶮㑇”文化活动", "建成𠀀字号书屋"]


def test_xlsx_written_by_openpyxl_with_typed_cells(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["各镇一季度意识形态工作情况"])  # a title above the header is skipped
    sheet.append([])
    sheet.append(["单位名称", "type", "period", "date", "专题研讨（次）", "发放宣传资料", "宣传阵地"])
    sheet.append(["双胜镇", "summary", "2024Q1", dt.datetime(2024, 4, 8), 3, "800余", "公众号、宣传展板"])
    sheet.append([])
    sheet.append(["思延镇", "summary", "2024Q1", dt.datetime(2024, 4, 9), 2.0, 1200, None])
    book.save(tmp_path / "units.xlsx")
    first, second = rows(tmp_path / "units.xlsx")
    assert (first.number, second.number) == (4, 6)
    facts = first.validate()
    assert facts.data.date == dt.date(2024, 4, 8)
    assert facts.data.study.seminars.value == 3
    assert str(facts.data.publicity.materials) == "800余"
    assert facts.data.positions.media == ["公众号", "宣传展板"]
    facts = second.validate()
    assert (facts.data.study.seminars.value, facts.data.publicity.materials.value) == (2, 1200)
    assert facts.data.positions.media == []


def test_a_bad_cell_is_located_by_file_row_and_column(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "units.csv", HEADER + "双胜镇,summary,2024Q1,2024-04-08,3,\n"
                     "思延镇,summary,2024Q1,2024-04-08,三,\n")
    good, bad = rows(path)
    good.validate()
    with pytest.raises(FactsError) as caught:
        bad.validate()
    (problem,) = caught.value.problems
    assert problem.render().startswith("units.csv 第3行第5列：study.group_study（党委理论学习中心组集中学习）："
                                       "请用阿拉伯数字书写")


def test_a_missing_required_value_points_at_its_empty_cell_or_the_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "units.csv", "unit.kind,unit.name,type,period\n镇,,summary,2024Q1\n")
    (row,) = rows(path)
    assert row.loaded.data["unit"] == {"kind": "镇"}
    with pytest.raises(FactsError) as caught:
        row.validate()
    rendered = [p.render() for p in caught.value.problems]
    assert "units.csv 第2行第2列：unit.name（单位名称）：必填，但没有填写" in rendered
    assert any(r.startswith("units.csv 第2行：date（成文日期）") for r in rendered)  # no column: the row


@pytest.mark.parametrize(("text", "expected"), [
    ("unit.name,study.group_stduy,学习次数\n甲镇,1,2\n",  # a mistyped path would lose its data: refused
     ["units.csv 第1行第2列：未知的列“study.group_stduy”（是否想写 study.group_study？）"]),
    ("名称,次数\n甲镇,1\n",  # no cell names a field: the first row is still taken for the header
     ["units.csv 第1行第1列：未知的列“名称”", "units.csv 第1行第2列：未知的列“次数”"]),
], ids=["misspelt", "none-known"])
def test_unknown_headers_are_refused_naming_each_column(tmp_path: Path, text: str, expected: list[str]) -> None:
    with pytest.raises(FactsError) as caught:
        open_sheet(write_csv(tmp_path / "units.csv", text), "units.csv")
    rendered = [p.render() for p in caught.value.problems]
    assert len(rendered) == len(expected)
    for line, start in zip(rendered, expected, strict=True):
        assert line.startswith(start)


@pytest.mark.parametrize(("header", "message"), [
    ("study", "是一组字段，请分列填写"),
    ("发表宣传信息", "每项有多个字段，请分列填写，如 publicity.articles[1].outlet"),
    ("study.group_study[1]", "不能带序号"),
    ("publicity.articles[1]", "请写明该项的字段"),
])
def test_headers_that_cannot_be_one_column(header: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace(".", r"\.")):
        resolve_header(header)


def test_headers_by_path_title_and_label() -> None:
    assert resolve_header("study.group_study") == (("study", "group_study"), False)
    assert resolve_header("党委理论学习中心组集中学习") == (("study", "group_study"), False)
    assert resolve_header(" 专题研讨(次) ") == (("study", "seminars"), False)  # half-width brackets, spaces
    assert resolve_header("学习专题") == (("study", "topics"), True)
    assert resolve_header("publicity.articles[2].count") == (("publicity", "articles", 1, "count"), False)


def test_items_of_a_list_of_blocks_by_indexed_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "units.csv",
                     "unit.name,type,period,date,publicity.articles[1].outlet,publicity.articles[1].count,"
                     "publicity.articles[2].outlet,publicity.articles[2].count\n"
                     "双胜镇,summary,2024Q1,2024-04-08,《雅安日报》,5,,\n")
    (row,) = rows(path)
    facts = row.validate()
    (article,) = facts.data.publicity.articles
    assert (str(article.outlet), article.count.value) == ("《雅安日报》", 5)


def test_list_cells_split_on_the_strongest_separator_outside_brackets() -> None:
    assert split_items("《实施细则》、《审核办法》") == ["《实施细则》", "《审核办法》"]
    assert split_items("分管领导审核、主要领导审批；每周巡查") == ["分管领导审核、主要领导审批", "每周巡查"]
    assert split_items("study_depth;online_management") == ["study_depth", "online_management"]
    assert split_items("《关于甲、乙的决定》") == ["《关于甲、乙的决定》"]
    assert split_items("第一项\n第二项、附带说明") == ["第一项", "第二项、附带说明"]
    assert split_items("《甲（乙）、丙》、丁") == ["《甲（乙）、丙》", "丁"]  # brackets inside brackets
    assert split_items("  ") == []


def test_content_under_no_header_fails_that_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "units.csv", HEADER + "双胜镇,summary,2024Q1,2024-04-08,3,,多出来的\n")
    (row,) = rows(path)
    with pytest.raises(FactsError) as caught:
        row.validate()
    assert caught.value.problems[0].render() == \
        "units.csv 第2行第7列：此列有内容但没有列名：请在列名行补上列名，或删去这一列"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("old.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 Excel（.xls）文件"),
    ("broken.xlsx", b"PK\x03\x04 not really a zip", "无法读取 Excel 文件"),
    ("empty.csv", b"\n\n", "表格是空的"),
    ("binary.csv", b"\x00\x01\x02\x03" * 100, "不是文本文件"),
], ids=["xls", "broken-xlsx", "empty", "binary"])
def test_unreadable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(FactsError) as caught:
        open_sheet(tmp_path / name, name)
    assert message in caught.value.problems[0].render()


def test_an_item_after_a_gap_keeps_its_own_cells_in_messages(tmp_path: Path) -> None:
    """articles[1] left empty and articles[3] filled: the item becomes the list's first, and a
    bad value in it is still reported at its own column."""
    path = write_csv(tmp_path / "units.csv",
                     "unit.name,type,period,date,publicity.articles[1].outlet,publicity.articles[1].count,"
                     "publicity.articles[3].outlet,publicity.articles[3].count,publicity.articles[4].outlet\n"
                     "双胜镇,summary,2024Q1,2024-04-08,,,《雅安日报》,五次多,《四川日报》\n")
    (row,) = rows(path)
    with pytest.raises(FactsError) as caught:
        row.validate()
    bad, missing = caught.value.problems
    assert (bad.line, bad.column, bad.field) == (2, 8, "publicity.articles[1].count")
    assert (missing.line, missing.column, missing.field) == (2, 9, "publicity.articles[2].count")
