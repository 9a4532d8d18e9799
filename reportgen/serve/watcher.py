"""Noticing a save: the watched files' stat() polled a few times a second.

Polling a few dozen files costs microseconds a round and works the same on every system and
file system (a network share, WSL's drives, a Docker mount), where kernel notifications do
not; an editor that saves by writing a new file and renaming it changes the inode, which
polling sees too. What is watched is asked for anew each round, so a facts file added to the
folder, or a phrasebook added to the templates folder, is watched from then on.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

INTERVAL_SECONDS = 0.2  # a save shows within this, plus the time a draft takes
MAX_FILES = 2000  # of a templates folder: more is no templates folder, and is not walked further

Stamp = tuple[int, int, int]  # mtime in ns, size, inode


def stamp(path: Path) -> Stamp | None:
    try:
        st = path.stat()
    except (OSError, ValueError):
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


def tree(folder: Path, suffixes: tuple[str, ...] = (), limit: int = MAX_FILES) -> list[Path]:
    """The files under folder (hidden ones and hidden folders left out), at most limit of them,
    in name order; only those with one of the suffixes, if given."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith((".", "~$")) or (suffixes and not name.lower().endswith(suffixes)):
                continue
            found.append(Path(root) / name)
            if len(found) >= limit:
                return found
    return found


class Watcher:
    """Calls on_change (from its own thread) whenever a file of paths() changes, appears or goes."""

    def __init__(self, paths: Callable[[], Iterable[Path]], on_change: Callable[[], None],
                 interval: float = INTERVAL_SECONDS) -> None:
        self._paths = paths
        self._on_change = on_change
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reportgen-watcher", daemon=True)
        self._seen = self._snapshot()

    def _snapshot(self) -> dict[Path, Stamp | None]:
        return {path: stamp(path) for path in self._paths()}

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            now = self._snapshot()
            if now != self._seen:
                self._seen = now
                self._on_change()
