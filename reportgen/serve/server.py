"""The HTTP side of `serve`: one page, its assets, the draft as JSON, a stream of change
notices (Server-Sent Events) and the downloads. Read-only, and for this machine by default.

The standard library's ThreadingHTTPServer is enough for one person's browser: a thread per
connection holds the event stream open while the page fetches drafts beside it. Every answer
checks the Host header first (DNS rebinding: a web page elsewhere must not reach us under its
own name), and says in a Content-Security-Policy that the page loads nothing from outside.
Nothing on disk is served but the package's own assets, by name from a fixed list.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from reportgen.errors import Problem, ReportgenError
from reportgen.serve import sheet
from reportgen.serve.build import problem_dict
from reportgen.serve.workspace import NO_FACTS, Workspace

ASSETS = {"/": ("index.html", "text/html"), "/assets/page.css": ("page.css", "text/css"),
          "/assets/page.js": ("page.js", "text/javascript")}
LOCAL_NAMES = {"localhost", "127.0.0.1", "::1"}
WILDCARDS = {"0.0.0.0", "::", ""}
KEEPALIVE_SECONDS = 15
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
DOWNLOADS = {"md": "text/markdown; charset=utf-8",
             "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
             "pdf": "application/pdf"}


def asset(name: str) -> bytes:
    return resources.files("reportgen.serve").joinpath("assets", name).read_bytes()


def host_allowed(header: str | None, bound: str) -> bool:
    """Whether a request's Host names this server: localhost, the address it is bound to, or,
    bound to every address (--host 0.0.0.0), any IP address: a DNS name there could be a
    rebinding attacker's, an address cannot."""
    if not header:
        return False
    name = header.strip().lower()
    if name.startswith("["):  # [::1]:8000
        name = name[1:].partition("]")[0]
    elif name.count(":") == 1:
        name = name.partition(":")[0]
    name = name.rstrip(".")
    if name in LOCAL_NAMES or name == bound.lower().strip("[]"):
        return True
    if bound in WILDCARDS:
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True
    return False


class Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up the exit

    def __init__(self, host: str, port: int, workspace: Workspace) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.workspace = workspace
        self.bound = host
        self.pages = {path: (asset(name), kind) for path, (name, kind) in ASSETS.items()}
        self.pages["/assets/measures.css"] = (sheet.measures_css().encode("utf-8"), "text/css")
        super().__init__((host, port), Handler)

    @property
    def port(self) -> int:
        return int(self.server_address[1])


class Handler(BaseHTTPRequestHandler):
    server: Server
    server_version = "reportgen"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows the address and what goes wrong, not every request."""

    def do_GET(self) -> None:
        if not host_allowed(self.headers.get("Host"), self.server.bound):
            self._text(403, "拒绝访问：请求的主机名不是本预览服务的地址（请用启动时显示的地址打开）")
            return
        url = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        if url.path in self.server.pages:
            body, kind = self.server.pages[url.path]
            self._send(200, body, f"{kind}; charset=utf-8")
        elif url.path == "/draft.json":
            self._draft(query)
        elif url.path == "/events":
            self._events()
        elif url.path == "/download":
            self._download(query)
        else:
            self._text(404, "没有这个页面")

    def _refuse(self) -> None:
        self._text(405, "预览服务只读：不接受提交或修改", allow=True)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _refuse

    def do_HEAD(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET")
        self._common()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """What the base class answers itself (a malformed request, an unknown method), in Chinese."""
        self.close_connection = True
        self._text(code, f"请求无法处理（{code}）")

    # --- answers --------------------------------------------------------------------------

    def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self._common(headers)
        self.wfile.write(body)

    def _common(self, headers: dict[str, str] | None = None) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cache-Control", "no-store")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()

    def _text(self, status: int, message: str, allow: bool = False) -> None:
        headers = {"Allow": "GET"} if allow else None
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", headers)

    def _json(self, status: int, data: dict[str, Any]) -> None:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _choice(self, query: dict[str, str]) -> tuple[str | None, bool, list[str]]:
        """The facts file asked for (the first listed by default) and the gaps toggle."""
        workspace = self.server.workspace
        names = list(workspace.files())
        name = query.get("file") or (names[0] if names else None)
        gaps = query["gaps"] == "1" if "gaps" in query else workspace.gaps
        return name, gaps, names

    def _draft(self, query: dict[str, str]) -> None:
        workspace = self.server.workspace
        name, gaps, names = self._choice(query)
        data: dict[str, Any] = {"version": workspace.version, "folder": workspace.folder,
                                "files": names, "file": name, "gaps": gaps,
                                "pdf": shutil.which("soffice") is not None}
        if name is None:
            problem = Problem(NO_FACTS, file=str(workspace.target))
            self._json(200, {**data, "ok": False, "errors": [problem_dict(problem)], "draft": None})
            return
        if name not in names:
            self._json(404, {**data, "ok": False, "errors": [problem_dict(Problem("不是本页列出的事实文件",
                                                                                   file=name))]})
            return
        entry = workspace.entry(name, gaps)
        shown = entry.shown
        self._json(200, {**data, "version": entry.version, "ok": entry.outcome.draft is not None,
                         "errors": [problem_dict(p) for p in entry.outcome.problems],
                         "stale": entry.outcome.draft is None and shown is not None,
                         "draft": shown.payload if shown is not None else None})

    def _events(self) -> None:
        """A change notice whenever a watched file changes; a comment now and then keeps the
        connection open through anything that closes idle ones."""
        workspace = self.server.workspace
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self._common()
        seen = -1

        def news() -> bool:
            return workspace.version != seen or workspace.stopping

        try:
            while True:
                with workspace.changed:
                    workspace.changed.wait_for(news, timeout=KEEPALIVE_SECONDS)
                    if workspace.stopping:
                        return
                    version = workspace.version
                if version != seen:
                    seen = version
                    self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
                else:
                    self.wfile.write(b": \n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed

    def _download(self, query: dict[str, str]) -> None:
        from reportgen.pipeline import serialize

        fmt = query.get("format", "")
        name, gaps, names = self._choice(query)
        if fmt not in DOWNLOADS or name not in names:
            self._text(404, "没有这个下载")
            return
        if fmt == "pdf" and shutil.which("soffice") is None:
            self._text(404, "生成 PDF 需要 LibreOffice（soffice 命令），本机没有安装")
            return
        assert name is not None
        shown = self.server.workspace.entry(name, gaps).shown
        if shown is None:
            self._text(404, "还没有可下载的草稿：请先改正页面上方列出的错误")
            return
        try:
            body = serialize(shown.document, fmt)
        except ReportgenError as exc:
            self._text(500, "\n".join(p.render() for p in exc.problems))
            return
        filename = f"{shown.stem}.{fmt}"
        disposition = f"attachment; filename=\"draft.{fmt}\"; filename*=UTF-8''{quote(filename)}"
        self._send(200, body, DOWNLOADS[fmt], {"Content-Disposition": disposition})
