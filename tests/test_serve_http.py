"""`reportgen serve` over HTTP: a real server process on a free port, asked what a browser asks."""

from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, unquote

import pytest

from conftest import ROOT
from serve_support import BROKEN, FACTS, Served, body, wait_for, write


@pytest.fixture
def unit(tmp_path: Path) -> Path:
    facts = tmp_path / "facts.yaml"
    facts.write_text(FACTS, encoding="utf-8")
    return facts


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server for the tests that only read: a facts file, and a file beside it no one may read."""
    folder = tmp_path_factory.mktemp("serve")
    (folder / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (folder / "secret.txt").write_text("机密内容", encoding="utf-8")
    with Served("facts.yaml", cwd=folder) as running:
        running.folder = folder  # type: ignore[attr-defined]
        yield running


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_page_loads_only_its_own_assets(served: Served) -> None:
    page = served.get("/")
    assert page.status == 200 and page.getheader("Content-Type") == "text/html; charset=utf-8"
    html = body(page).decode("utf-8")
    assert '<html lang="zh-CN">' in html and "草稿预览" in html
    policy = page.getheader("Content-Security-Policy") or ""
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    linked = re.findall(r'(?:src|href)="([^"]*)"', html)
    assert "/assets/page.js" in linked and "/assets/page.css" in linked and "/assets/measures.css" in linked
    for path in [link for link in linked if link.startswith("/")]:
        asset = served.get(path)
        assert asset.status == 200, path
        text = body(asset).decode("utf-8")
        assert not re.search(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, re.I), f"{path} reaches out"
    assert all(link.startswith(("/", "#", "data:")) for link in linked)


def test_the_sheet_has_the_gongwen_measures_and_font_chain(served: Served) -> None:
    css = body(served.get("/assets/measures.css")).decode("utf-8")
    assert "--page-width: 210mm;" in css and "--page-height: 297mm;" in css  # A4
    assert "--text-width: 156mm;" in css and "--text-height: 225mm;" in css  # 版心
    assert "--margin-top: 37mm;" in css and "--margin-left: 28mm;" in css
    assert "--line: calc(225mm / 22);" in css and "--zi: calc(156mm / 28);" in css  # 22 lines × 28 字
    assert "--body-size: 16pt;" in css and "--title-size: 22pt;" in css  # 3号, 2号
    body_fonts = re.search(r"--font-body: (.*);", css)
    assert body_fonts
    chain = [name.strip(' "') for name in body_fonts.group(1).split(",")]
    order = [chain.index(name) for name in ("仿宋_GB2312", "FangSong", "STFangsong", "Noto Serif CJK SC")]
    assert order == sorted(order)
    assert '"黑体"' in css.split("--font-h1:")[1].split(";")[0]
    assert '"楷体_GB2312"' in css.split("--font-h2:")[1].split(";")[0]
    assert '"方正小标宋简体"' in css.split("--font-title:")[1].split(";")[0]


def test_the_draft_json_carries_the_page_and_its_trace(served: Served) -> None:
    data = served.json()
    assert data["ok"] is True and data["errors"] == [] and data["file"] == "facts.yaml"
    draft = data["draft"]
    assert draft["title"] == "青禾镇2024年上半年意识形态工作总结"
    trace = draft["trace"]
    assert trace["format"] == "reportgen-trace/1"
    numbers = {(n["text"], n["source"]) for n in trace["numbers"]}
    assert {("17", "study.group_study"), ("5", "study.seminars"), ("43", "publicity.articles[1].count"),
            ("7", "responsibility.special_meetings")} <= numbers
    assert trace["untraced"] == []
    # every sentence names its phrase: key, variant k of n, the phrasebook and its line
    assert trace["sentences"]
    for sentence in trace["sentences"]:
        phrase = sentence["phrase"]
        assert phrase["key"] and 1 <= phrase["variant"] <= phrase["of"]
        assert phrase["file"].endswith("phrases.yaml") or "problems" in phrase["file"]
        assert phrase["line"] >= 1 and len(phrase["others"]) == phrase["of"] - 1
    html = draft["html"]
    # the page marks each sentence with its place in the trace, each value with its facts
    for i in range(len(trace["sentences"])):
        assert f'data-s="{i}"' in html
    values = draft["values"]
    seventeen = [v for v in values if v["text"] == "17"]
    assert seventeen and seventeen[0]["facts"] == [
        {"path": "study.group_study", "compare": False, "value": "17", "line": 13}]
    index = values.index(seventeen[0])
    assert f'<span class="v" data-v="{index}">17</span>' in html
    text = re.sub(r"<[^>]+>", "", html.replace("<br>", ""))
    assert "青禾镇党委" in text and "集中学习17次" in text
    assert '<p class="title" data-p="0"' in html and 'class="h1"' in html and 'class="signature"' in html


def test_only_the_bound_address_and_localhost_are_answered(served: Served) -> None:
    for host in (f"127.0.0.1:{served.port}", f"localhost:{served.port}", "localhost", "127.0.0.1"):
        assert served.get("/", host=host).status == 200, host
    for host in ("attacker.example", f"attacker.example:{served.port}", "127.0.0.1.attacker.example",
                 f"localhost.attacker.example:{served.port}", ""):
        refused = served.get("/draft.json", host=host)
        assert refused.status == 403, host
        assert "拒绝访问" in body(refused).decode("utf-8") and b"draft" not in body(refused)
    # an HTTP/1.0 request without any Host header
    with socket.create_connection((served.host, served.port), timeout=30) as raw:
        raw.sendall(b"GET /draft.json HTTP/1.0\r\n\r\n")
        answer = b""
        while chunk := raw.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.0 403")


def test_nothing_but_its_assets_is_served_from_disk(served: Served) -> None:
    for path in ("/assets/../../secret.txt", "/assets/..%2f..%2fsecret.txt", "/assets/%2e%2e/%2e%2e/secret.txt",
                 "/../secret.txt", "/secret.txt", "/facts.yaml", "/assets/page.js/../../secret.txt",
                 "/assets/", "/assets/__init__.py", "/assets/../server.py", "//etc/passwd",
                 "/download?format=md&file=../secret.txt", "/download?format=md&file=secret.txt",
                 "/download?format=yaml&file=facts.yaml"):
        answer = served.get(path)
        assert answer.status == 404, path
        assert "机密".encode() not in body(answer) and b"import" not in body(answer)
    unknown = served.get("/draft.json?file=../secret.txt")
    assert unknown.status == 404 and "机密".encode() not in body(unknown)


def test_no_request_writes_a_file(served: Served) -> None:
    before = _files(served.folder)  # type: ignore[attr-defined]
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        refused = served.get("/draft.json", method=method)
        assert refused.status == 405 and "只读" in body(refused).decode("utf-8")
    for path in ("/", "/draft.json", "/download?format=md", "/download?format=docx"):
        assert served.get(path).status == 200
    assert _files(served.folder) == before  # type: ignore[attr-defined]


def test_a_broken_facts_file_shows_its_errors_over_the_last_good_draft(unit: Path) -> None:
    with Served("facts.yaml", cwd=unit.parent) as served:
        good = served.json()
        assert good["ok"] is True
        write(unit, BROKEN)
        broken = wait_for(lambda: (d := served.json()) and not d["ok"] and d)
        [error] = broken["errors"]
        assert error["file"] == "facts.yaml" and error["line"] == 13 and error["field"] == "study.group_study"
        assert "阿拉伯数字" in error["message"] and error["text"].startswith("facts.yaml 第13行")
        assert broken["stale"] is True  # the last good draft, for the page to show greyed
        assert broken["draft"]["html"] == good["draft"]["html"]
        assert served.get("/download?format=md").status == 200  # the draft on the page can still be had
        write(unit, FACTS.replace("group_study: 17", "group_study: 19"))
        fixed = wait_for(lambda: (d := served.json()) and d["ok"] and d)
        assert fixed["stale"] is False and fixed["errors"] == []
        assert ">19</span>次" in fixed["draft"]["html"] and ">17</span>" not in fixed["draft"]["html"]


def test_a_broken_phrasebook_names_its_file_and_line(unit: Path, tmp_path: Path) -> None:
    mine = tmp_path / "我的模板"
    subprocess.run([sys.executable, "-m", "reportgen", "templates", "export", "summary", str(mine)],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    phrases = mine / "summary" / "phrases.yaml"
    text = phrases.read_text(encoding="utf-8")
    with Served("facts.yaml", "--templates", "我的模板", cwd=tmp_path) as served:
        assert served.json()["ok"] is True
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if line.startswith("  - "))  # a key's first variant
        key = lines[at - 1].rstrip(":")
        lines[at] = '  - "{nosuchblank}工作，"'
        write(phrases, "\n".join(lines))
        broken = wait_for(lambda: (d := served.json()) and not d["ok"] and d)
        assert broken["stale"] is True and broken["draft"] is not None
        [error] = broken["errors"]
        assert error["file"] == str(Path("我的模板", "summary", "phrases.yaml")) and error["line"] == at + 1
        assert error["field"] == key and "未知的空位" in error["message"]
        write(phrases, text)
        assert wait_for(lambda: served.json()["ok"])


def test_a_save_is_announced_on_the_event_stream(unit: Path) -> None:
    with Served("facts.yaml", cwd=unit.parent) as served:
        connection = socket.create_connection((served.host, served.port), timeout=30)
        connection.sendall(f"GET /events HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n\r\n".encode())
        stream = connection.makefile("rb")
        assert stream.readline().startswith(b"HTTP/1.0 200")
        while stream.readline() not in (b"\r\n", b"\n"):  # the headers
            pass
        assert stream.readline() == b"event: version\n" and stream.readline() == b"data: 0\n"
        write(unit, FACTS.replace("seminars: 5", "seminars: 6"))
        assert stream.readline() == b"\n" and stream.readline() == b"event: version\n"
        assert stream.readline() == b"data: 1\n"
        connection.close()
        assert served.json()["version"] == 1


def test_downloads_are_the_current_draft(served: Served) -> None:
    md = served.get("/download?format=md")
    assert md.status == 200 and md.getheader("Content-Type") == "text/markdown; charset=utf-8"
    assert body(md).decode("utf-8").startswith("# 青禾镇2024年上半年意识形态工作总结\n")
    disposition = md.getheader("Content-Disposition") or ""
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "青禾镇2024年上半年意识形态工作总结.md"
    docx = served.get("/download?format=docx")
    assert docx.status == 200
    document = zipfile.ZipFile(io.BytesIO(body(docx))).read("word/document.xml").decode("utf-8")
    assert "集中学习17次" in document
    data = served.json()
    if shutil.which("soffice"):
        assert data["pdf"] is True
        pdf = served.get("/download?format=pdf")
        assert pdf.status == 200 and body(pdf).startswith(b"%PDF")
    else:
        assert data["pdf"] is False and served.get("/download?format=pdf").status == 404


def test_a_folder_offers_its_facts_files(tmp_path: Path) -> None:
    folder = tmp_path / "各单位"
    (folder / "乡镇").mkdir(parents=True)
    (folder / "青禾镇.yaml").write_text(FACTS, encoding="utf-8")
    (folder / "乡镇" / "白石镇.yml").write_text(FACTS.replace("青禾镇", "白石镇"), encoding="utf-8")
    (folder / "说明.txt").write_text("不是事实文件", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "reportgen", "templates", "export", "summary", str(folder / "模板")],
                   check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    with Served("各单位", "--templates", "各单位/模板", cwd=tmp_path) as served:
        first = served.json()
        assert first["folder"] is True and first["files"] == ["乡镇/白石镇.yml", "青禾镇.yaml"]
        assert first["draft"]["title"].startswith("白石镇")
        other = served.json("/draft.json?file=" + quote("青禾镇.yaml"))
        assert other["file"] == "青禾镇.yaml" and other["draft"]["title"].startswith("青禾镇")
        write(folder / "红星村.yaml", FACTS.replace("青禾镇", "红星村").replace("kind: 镇", "kind: 村"))
        assert wait_for(lambda: "红星村.yaml" in served.json()["files"])


def test_gaps_is_a_toggle(served: Served) -> None:
    plain = served.json()
    assert plain["gaps"] is False and "【待补充】" not in plain["draft"]["html"]
    gaps = served.json("/draft.json?gaps=1")
    assert gaps["gaps"] is True and re.search(r'<span class="gap">(<span class="f" data-f="\d+">)?【待补充】<',
                                              gaps["draft"]["html"])
    placeholders = [f for f in gaps["draft"]["findings"] if f["code"] == "placeholder"]
    assert placeholders and all(f'data-f="{gaps["draft"]["findings"].index(f)}"' in gaps["draft"]["html"]
                                for f in placeholders)


def test_startup_errors_are_clear(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = [sys.executable, "-m", "reportgen", "serve"]
    missing = subprocess.run([*run, "没有.yaml"], cwd=tmp_path, env=env, capture_output=True, text=True, check=False)
    assert missing.returncode == 2 and "没有.yaml：文件或文件夹不存在" in missing.stderr
    (tmp_path / "facts.yaml").write_text(FACTS, encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = subprocess.run([*run, "facts.yaml", "--port", str(port)], cwd=tmp_path, env=env,
                              capture_output=True, text=True, check=False, timeout=60)
    assert busy.returncode == 2 and f"端口 {port} 已被占用" in busy.stderr and "Traceback" not in busy.stderr


def test_a_wider_host_warns_and_still_checks_the_host_header(unit: Path) -> None:
    with Served("facts.yaml", "--host", "127.0.0.2", cwd=unit.parent) as served:
        assert served.host == "127.0.0.2"
        assert served.get("/").status == 200  # its own address
        assert served.get("/", host=f"localhost:{served.port}").status == 200
        assert served.get("/", host="attacker.example").status == 403
    assert "提示：--host 127.0.0.2 让其他电脑也能打开预览" in served.stderr


def test_help_and_draft_do_not_load_the_server(tmp_path: Path) -> None:
    sample = ROOT / "samples" / "双胜镇-2024H1.yaml"
    code = ("import sys\nfrom reportgen.cli import cli\n"
            f"for args in (['--help'], ['draft', {str(sample)!r}, '-o', {str(tmp_path / 'x.md')!r}]):\n"
            "    try:\n        cli(args, prog_name='reportgen')\n    except SystemExit:\n        pass\n"
            "print([m for m in ('reportgen.serve', 'http.server', 'socketserver', 'webbrowser') if m in sys.modules])")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert (tmp_path / "x.md").read_text(encoding="utf-8").startswith("# 双胜镇")


def test_open_starts_the_users_browser_on_the_address(unit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    browser = unit.parent / "browser.sh"  # stands in for a browser: notes the address it is given
    browser.write_text('#!/bin/sh\necho "$1" > "$(dirname "$0")/opened.txt"\n', encoding="utf-8")
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(browser))
    with Served("facts.yaml", "--open", cwd=unit.parent) as served:
        opened = wait_for(lambda: (unit.parent / "opened.txt").exists() and (unit.parent / "opened.txt"))
        assert opened.read_text(encoding="utf-8").strip() == served.url
