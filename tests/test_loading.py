"""Reading facts files: encodings, line ends, YAML safety, positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import FactsError
from reportgen.loading import MAX_BYTES, load_facts, load_yaml_text

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
