"""`reportgen serve`: a live preview of a draft as a 公文 page, for whoever edits the facts or the
wording. Imported by the `serve` command only, so `--help` and `draft` never load it.

    server.py     the HTTP side: page, assets, draft JSON, change events, downloads, Host check
    workspace.py  the facts files offered, each one's draft at the current version, the last good
    watcher.py    noticing a save (stat polling)
    build.py      one draft as the page needs it: Document, trace, findings
    page.py       the draft's blocks as HTML, every sentence and value marked
    sheet.py      the page's measures and fonts, the 版头 and the 版记
    assets/       the page itself: index.html, page.css, page.js

Threads: the server answers on its own threads, the watcher polls on one, and the main thread
builds drafts (where the template sandbox's CPU and memory bounds apply) until Ctrl-C.
"""

from __future__ import annotations

import errno
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import FactsError, Problem, ReportgenError, TemplateError, os_reason

if TYPE_CHECKING:
    from reportgen.serve.server import Server
    from reportgen.serve.workspace import Workspace

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def run(target: Path, templates: Path | None, host: str, port: int, open_browser: bool, gaps: bool,
        say: Callable[[str], None], note: Callable[[str], None]) -> int:
    """Serve until Ctrl-C; say: a line on stdout (the address), note: a line on stderr."""
    from reportgen.serve.watcher import Watcher
    from reportgen.serve.workspace import Workspace

    if not target.exists():
        raise FactsError([Problem("文件或文件夹不存在", file=str(target))])
    if templates is not None and not templates.is_dir():
        raise TemplateError([Problem("模板目录不存在或不是文件夹", file=str(templates))])
    if host not in LOCAL_HOSTS:
        note(f"提示：--host {host} 让其他电脑也能打开预览，草稿内容对同一网络中的人可见；"
             "请只在可信的网络中使用，用完即停")
    workspace = Workspace(target, templates, gaps)
    server = _bind(host, port, workspace)
    watch = Watcher(workspace.watched, workspace.bump)
    watch.start()
    serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                               name="reportgen-server", daemon=True)
    serving.start()
    url = f"http://{_url_host(host)}:{server.port}/"
    say(f"预览地址：{url}")
    note("按 Ctrl-C 停止。保存事实文件、措辞库或模板后，页面自动更新。")
    if open_browser:
        _open(url, note)
    try:
        workspace.run_jobs(lambda: False)
    except KeyboardInterrupt:
        pass
    finally:
        workspace.stop()
        watch.stop()
        server.shutdown()
        server.server_close()
        serving.join(timeout=5)
    note("预览已停止。")
    return 0


def _bind(host: str, port: int, workspace: Workspace) -> Server:
    from reportgen.serve.server import Server

    try:
        return Server(host, port, workspace)
    except socket.gaierror:
        raise ReportgenError(f"无法识别地址 --host {host}：请写 IP 地址（如 127.0.0.1）或本机名称") from None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ReportgenError(f"端口 {port} 已被占用：请用 --port 换一个端口（如 --port {port + 1}），"
                                 "或 --port 0 自动选择") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ReportgenError(f"本机没有地址 {host}：--host 请写本机的地址，"
                                 "或不写（只供本机访问）") from None
        if exc.errno == errno.EACCES:
            raise ReportgenError(f"没有权限使用端口 {port}：1024 以下的端口需要管理员权限，"
                                 "请换一个端口") from None
        raise ReportgenError(f"无法在 {host}:{port} 启动预览服务：{os_reason(exc)}") from None


def _url_host(host: str) -> str:
    """The address a browser on this machine opens: a wildcard binding is reached by 127.0.0.1."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _open(url: str, note: Callable[[str], None]) -> None:
    import webbrowser

    try:
        opened = webbrowser.open(url)
    except Exception:  # no browser a program can start (a server, a container)
        opened = False
    if not opened:
        note(f"提示：没能自动打开浏览器，请手动打开 {url}")
