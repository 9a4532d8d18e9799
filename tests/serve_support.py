"""`reportgen serve` run as a user runs it: a process on a free port, stopped with Ctrl-C."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from conftest import ROOT

T = TypeVar("T")

# A unit's facts with numbers no other fact has: a number on the page names its fact.
FACTS = """type: summary
period: 2024H1
date: 2024-07-05
unit:
  name: 青禾镇
  kind: 镇
  party_org: 镇党委
  superior: 县委
  secretary: 周明
responsibility:
  special_meetings: 7
study:
  group_study: 17
  seminars: 5
  topics: [党的二十大精神]
publicity:
  articles:
    - {outlet: 《雅安日报》, count: 43}
problems:
  - study_depth
"""
BROKEN = FACTS.replace("group_study: 17", "group_study: 十七")  # 第13行: not a number


class Served:
    """A running `reportgen serve`; leaving the with-block presses Ctrl-C and checks it stops cleanly."""

    def __init__(self, *args: str, cwd: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen([sys.executable, "-m", "reportgen", "serve", *args, "--port", "0"],
                                        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, encoding="utf-8")
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        found = re.search(r"http://([\d.]+):(\d+)/", line)
        if not found:
            self.process.kill()
            raise AssertionError(f"no address printed: {line!r} {self.process.communicate()[1]!r}")
        self.url = found.group(0)
        self.host, self.port = found.group(1), int(found.group(2))
        self.stderr = ""

    def __enter__(self) -> Served:
        return self

    def __exit__(self, *exc: object) -> None:
        self.process.send_signal(signal.SIGINT)
        _, self.stderr = self.process.communicate(timeout=20)
        if exc[0] is None:
            assert self.process.returncode == 0, self.stderr
            assert "预览已停止" in self.stderr and "Traceback" not in self.stderr

    def get(self, path: str, host: str | None = None, method: str = "GET") -> http.client.HTTPResponse:
        """The answer to one request; host: the Host header to send (default: the address)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host if host is not None else f"{self.host}:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        response.read_body = response.read()  # type: ignore[attr-defined]
        connection.close()
        return response

    def json(self, path: str = "/draft.json") -> dict[str, Any]:
        response = self.get(path)
        assert response.status == 200, response.read_body  # type: ignore[attr-defined]
        return json.loads(response.read_body)  # type: ignore[attr-defined,no-any-return]


def body(response: http.client.HTTPResponse) -> bytes:
    return response.read_body  # type: ignore[attr-defined,no-any-return]


def wait_for(check: Callable[[], T], seconds: float = 20) -> T:
    """check()'s first true value; seconds bound the wait (the server polls files 5 times a second)."""
    end = time.monotonic() + seconds
    while True:
        value = check()
        if value or time.monotonic() > end:
            assert value, "not reached in time"
            return value
        time.sleep(0.1)


def write(path: Path, text: str) -> None:
    """Save as an editor does: a whole new file, its time surely moved on."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    if path.stat().st_mtime_ns == before:
        os.utime(path, ns=(before + 1_000_000, before + 1_000_000))
