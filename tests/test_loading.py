"""Reading facts files: encodings, line ends, YAML safety, positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import FactsError
from reportgen.loading import MAX_BYTES, Mark, load_facts, load_yaml_text, read_text

TEXT = "type: summary\nunit:\n  name: 双胜镇\n  kind: 镇\nstudy:\n  group_study: 11\n"


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.replace("\n", "\r\n").encode("gbk"),
        TEXT.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gbk", "gb18030", "gbk-crlf", "utf16-bom"],
)
def test_encodings_and_line_ends(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(encoded)
    loaded = load_facts(path)
    assert loaded.data["unit"]["name"] == "双胜镇"
    assert loaded.marks[("study", "group_study")].line == 6


# 䶮 and 㑇 (two-byte in GB18030, absent from GBK) and 𠀀 (four-byte, U+20000): a file that
# holds them decodes only as GB18030; read as GBK it fails or shows other characters.
GB18030_ONLY = "𠀀䶮㑇"


def test_gb18030_characters_gbk_lacks(tmp_path: Path) -> None:
    text = f"type: summary\nunit:\n  name: {GB18030_ONLY}村\n  kind: 村\nhighlights:\n  - 开展“䶮㑇”文化活动\n"
    with pytest.raises(UnicodeEncodeError):
        GB18030_ONLY.encode("gbk")  # what makes the case: GBK has none of the three
    path = tmp_path / "facts.yaml"
    path.write_bytes(text.encode("gb18030"))
    loaded = load_facts(path)
    assert loaded.data["unit"]["name"] == "𠀀䶮㑇村"
    assert loaded.data["highlights"] == ["开展“䶮㑇”文化活动"]
    assert loaded.marks[("highlights", 0)].line == 6


def problems_of(text: str) -> list[str]:
    with pytest.raises(FactsError) as info:
        load_yaml_text(text, "f.yaml")
    return [p.render() for p in info.value.problems]


def test_duplicate_keys_at_any_depth_are_refused_with_both_lines() -> None:
    text = "unit:\n  name: 甲\n  kind: 镇\n  name: 乙\nstudy:\n  seminars: 1\nstudy:\n  seminars: 2\n"
    messages = problems_of(text)
    assert any("第4行" in m and "“name”重复出现（第一次在第2行）" in m for m in messages)
    assert any("第7行" in m and "“study”重复出现（第一次在第5行）" in m for m in messages)


@pytest.mark.parametrize(
    "text",
    [
        "unit: !!python/object/apply:os.system ['echo hi']\n",
        "unit: !!python/name:os.system\n",
        "unit: !custom 1\n",
        "unit: !!binary aGVsbG8=\n",
    ],
)
def test_unknown_tags_are_refused_never_constructed(text: str) -> None:
    [message] = problems_of(text)
    assert "第1行" in message and "不支持的 YAML 标签" in message


def test_syntax_error_has_line_column_and_chinese_hint() -> None:
    [message] = problems_of("unit:\n  name: 双胜镇\n\tkind: 镇\n")
    assert message.startswith("f.yaml 第3行第1列：YAML 格式错误：")
    assert "Tab" in message


def test_unclosed_bracket() -> None:
    [message] = problems_of("unit:\n  name: [双胜镇\n")
    assert "YAML 格式错误" in message and "第" in message


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("", "文件是空的"), ("# 只有注释\n", "文件是空的"), ("- a\n- b\n", "实际为列表"), ("双胜镇\n", "实际为单个值")],
)
def test_empty_and_wrong_top_level(text: str, fragment: str) -> None:
    [message] = problems_of(text)
    assert fragment in message


def test_alias_bomb_stops_at_node_budget_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{','.join(['*' + prev] * 10)}]")
    [message] = problems_of("\n".join(lines) + "\n")
    assert "内容过多" in message


def test_binary_and_undecodable_files(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FactsError) as info:
        load_facts(path)
    assert "x.yaml" in str(info.value)


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(FactsError) as info:
        load_facts(path)
    assert "上限为 5 MB" in str(info.value)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FactsError, match="文件不存在"):
        load_facts(tmp_path / "nope.yaml")
    with pytest.raises(FactsError, match="文件夹"):
        load_facts(tmp_path)


# --- found by mutation testing (scripts/mutation.py loading) --------------------------------


def rendered(path: Path, display: str | None = None) -> list[str]:
    with pytest.raises(FactsError) as info:
        load_facts(path, display)
    return [p.render() for p in info.value.problems]


def test_every_byte_order_mark_and_old_mac_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_text(path) == TEXT  # the mark is dropped, not a byte more
    path.write_bytes(b"\xfe\xff" + TEXT.encode("utf-16-be"))  # big-endian UTF-16, as some editors save
    assert load_facts(path).data["unit"]["name"] == "双胜镇"
    path.write_bytes(TEXT.replace("\n", "\r").encode("utf-8"))  # CR alone ends a line too
    assert read_text(path) == TEXT
    loaded = load_facts(path)
    assert loaded.data == {"type": "summary", "unit": {"name": "双胜镇", "kind": "镇"}, "study": {"group_study": 11}}
    assert loaded.marks[("study", "group_study")].line == 6


def test_file_problems_name_the_file_as_shown(tmp_path: Path) -> None:
    assert rendered(tmp_path / "nope.yaml", "显示名.yaml") == ["显示名.yaml：文件不存在"]
    assert rendered(tmp_path / "nope.yaml") == [f"{tmp_path / 'nope.yaml'}：文件不存在"]
    with pytest.raises(FactsError) as info:
        read_text(tmp_path / "nope.txt")
    assert [p.render() for p in info.value.problems] == [f"{tmp_path / 'nope.txt'}：文件不存在"]
    assert rendered(tmp_path, "资料") == ["资料：这是一个文件夹，不是文件"]
    path = tmp_path / "x.yaml"
    path.write_bytes(b"type: summary\x00\n")  # one NUL is enough to say it is not text
    assert rendered(path, "x.yaml") == ["x.yaml：这不是文本文件（含有二进制内容）"]
    path.write_bytes(b"\xff\xfe\xff\xfe\x00\xd8")
    assert rendered(path, "x.yaml") == ["x.yaml：无法识别文件编码：请另存为 UTF-8 或 GBK 编码的文本文件（可读取 UTF-8（可带 BOM）、UTF-16（带 BOM）和 GBK/GB18030）"]


def test_the_size_limit_is_five_mebibytes_exactly(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (5 * 1024 * 1024))  # at the limit: read, and found to hold nothing
    assert rendered(path, "big.yaml") == ["big.yaml：文件是空的：请按 reportgen init 生成的样式填写事实"]
    path.write_bytes(b"#" * (5 * 1024 * 1024 + 1))
    assert rendered(path, "big.yaml") == ["big.yaml：文件过大，上限为 5 MB"]  # counted as read


@pytest.mark.parametrize(("controls", "size", "binary"), [
    (2, 0, False), (3, 0, True),  # a short file: a couple of stray control characters are not binary
    (40, 4000, False), (41, 4000, True),  # about one in a hundred of the first 4096 characters
])
def test_a_few_control_characters_do_not_make_a_file_binary(tmp_path: Path, controls: int, size: int,
                                                            binary: bool) -> None:
    text = "办公室的文稿\n" + "\x0c" * controls + "\n"  # form feeds, as Word leaves in pasted text
    text += "文" * (size - len(text) - 1) + "\n" if size else ""
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    if binary:
        with pytest.raises(FactsError) as info:
            read_text(path, "report.txt")
        assert [p.render() for p in info.value.problems] == ["report.txt：这不是文本文件（含有二进制内容）"]
    else:
        assert read_text(path, "report.txt") == text


def test_only_the_first_4096_characters_are_sampled_for_binary_content(tmp_path: Path) -> None:
    head = "办公室的文稿\n" + "\x0c" * 40 + "\n"
    text = head + "文" * (4096 - len(head)) + "\x01" * 10 + "\n"
    assert text.index("\x01") == 4096  # the later controls start right after the sample
    path = tmp_path / "report.txt"
    path.write_bytes(text.encode("utf-8"))
    assert read_text(path) == text


def test_nesting_of_32_levels_is_read_and_33_refused_where_it_starts() -> None:
    siblings = "".join(f"k{i}: [1]\n" for i in range(40))  # closed collections do not add up
    assert len(load_yaml_text(siblings + "a: " + "[" * 31 + "]" * 31 + "\n", "f.yaml").data) == 41
    assert problems_of(siblings + "a: " + "[" * 32 + "]" * 32 + "\n") == [
        "f.yaml 第41行第35列：嵌套层次过深（上限 32 层）"]
    # a collection closed inside another still leaves the outer ones open
    assert problems_of("a: [[1], " + "[" * 31 + "]" * 31 + "]\n") == ["f.yaml 第1行第40列：嵌套层次过深（上限 32 层）"]


def test_the_node_budget_is_20000_values() -> None:
    def items(n: int) -> str:  # the mapping, the list and n numbers
        return "a: [" + ",".join(["1"] * n) + "]\n"

    assert len(load_yaml_text(items(19_998), "f.yaml").data["a"]) == 19_998
    assert problems_of(items(19_999)) == [
        "f.yaml 第1行第40001列：内容过多（超过 20000 个值）：一份事实文件用不到这么多项；已停止读取"]


def test_aliases_that_multiply_are_stopped_and_named_as_the_cause() -> None:
    ten = ",".join(["*x"] * 10)
    text = "a: &a [1,1,1,1,1,1,1,1,1,1]\n" + "".join(
        f"{k}: &{k} [{ten.replace('x', prev)}]\n" for prev, k in (("a", "b"), ("b", "c"), ("c", "d"))) + "e: [*d, *d]\n"
    assert problems_of(text) == [
        "f.yaml 第1行第24列：内容过多（超过 20000 个值），可能是别名（*）反复展开；已停止读取"]
    # an anchor used a few times is fine
    assert load_yaml_text("a: &a [1, 2]\nb: *a\nc: *a\n", "f.yaml").data["c"] == [1, 2]


@pytest.mark.parametrize(("text", "messages"), [
    ("", ["f.yaml：文件是空的：请按 reportgen init 生成的样式填写事实"]),
    ("- a\n", ["f.yaml 第1行第1列：文件顶层应为“字段: 值”的映射，实际为列表"]),
    ("unit: !!python/name:os.system\n",
     ["f.yaml 第1行第7列：不支持的 YAML 标签 tag:yaml.org,2002:python/name:os.system："
      "事实文件只能包含文字、数字、日期、列表和“字段: 值”"]),
    # after a refused key the rest of the mapping is still read: every problem in one run
    ("unit:\n  name: 甲\n  name: 乙\n  kind: !x 镇\n",
     ["f.yaml 第3行第3列：字段“name”重复出现（第一次在第2行）：请删去其中一个",
      "f.yaml 第4行第9列：不支持的 YAML 标签 !x：事实文件只能包含文字、数字、日期、列表和“字段: 值”"]),
    ("unit:\n  <<: {a: 1}\n  kind: !x 镇\n",
     ["f.yaml 第2行第3列：不支持合并键“<<”：请直接写出各字段",
      "f.yaml 第3行第9列：不支持的 YAML 标签 !x：事实文件只能包含文字、数字、日期、列表和“字段: 值”"]),
    ("? [a]\n: 1\nb: !x 2\n",
     ["f.yaml 第1行第3列：字段名应为文字",
      "f.yaml 第3行第4列：不支持的 YAML 标签 !x：事实文件只能包含文字、数字、日期、列表和“字段: 值”"]),
])
def test_structure_problems_are_said_in_full(text: str, messages: list[str]) -> None:
    assert problems_of(text) == messages


def test_yaml_errors_with_and_without_a_chinese_hint() -> None:
    [tab] = problems_of("unit:\n\tkind: 镇\n")
    assert tab == "f.yaml 第2行第1列：YAML 格式错误：此处有 Tab：缩进请用空格，不要用 Tab"
    [other] = problems_of("a: !x!y 1\n")  # no hint for this one: PyYAML's words, still located
    assert other.startswith("f.yaml 第1行第4列：YAML 格式错误：")
    assert "None" not in tab + other and "无法解析" not in tab + other


def test_a_missing_value_is_placed_at_its_nearest_enclosing_value() -> None:
    loaded = load_yaml_text("type: summary\nstudy:\n  group_study: 11\n", "f.yaml")
    assert loaded.mark(("study", "group_study", "x")) == Mark(3, 16)
    assert loaded.mark(("study", "seminars")) == Mark(3, 3)
    assert loaded.mark(("person", "name")) == Mark(1, 1)


def test_a_file_that_cannot_be_read_or_parsed_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"type: summary\nunit: \x07\n")  # a stray control character YAML refuses
    [message] = rendered(path, "x.yaml")
    assert message.startswith("x.yaml：YAML 格式错误：")

    def unreadable(*args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    import reportgen.inputfiles

    monkeypatch.setattr(reportgen.inputfiles.os, "open", unreadable)
    [message] = rendered(path, "x.yaml")
    assert message.startswith("x.yaml：无法读取文件：") and "Errno" not in message
