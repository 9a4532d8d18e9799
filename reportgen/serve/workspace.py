"""What `serve` shows: the facts files it offers, the draft of each, and the last good one.

Drafts are built on the main thread only, where the sandbox's bounds on CPU time and memory
apply (sandbox.limits works in the main thread of a process): a request thread that needs a
draft queues the job and waits for it. Each save seen by the watcher moves the version on; a
draft built at an older version is built again when next asked for. When a build fails, the
last draft that built for the same file stays available, for the page to show greyed.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from reportgen.errors import Problem
from reportgen.serve import watcher
from reportgen.serve.build import Draft, Environments, Outcome, build
from reportgen.wording import inside

FACTS_SUFFIXES = (".yaml", ".yml")
MAX_FACTS_FILES = 500  # listed from a folder; a folder with more is not a unit's own
WAIT_SECONDS = 120  # a request gives up on its draft after this long (a build takes well under 1 s)
NO_FACTS = "文件夹中没有事实文件（.yaml 或 .yml）：请把事实文件放进这个文件夹，页面会自动显示"


@dataclass
class Entry:
    """A draft as asked for: the build of this version, and the last that built."""

    version: int
    outcome: Outcome
    last_good: Draft | None

    @property
    def shown(self) -> Draft | None:
        return self.outcome.draft or self.last_good


class Workspace:
    def __init__(self, target: Path, templates: Path | None, gaps: bool) -> None:
        self.target = target
        self.templates = templates
        self.gaps = gaps  # the page's --gaps toggle starts here
        self.folder = target.is_dir()
        self.version = 0
        self.changed = threading.Condition()
        self.stopping = False
        self._entries: dict[tuple[str, bool], Entry] = {}
        self._last_good: dict[str, Draft] = {}
        self._jobs: queue.Queue[Callable[[], None]] = queue.Queue()
        self._environments = Environments(templates)

    # --- the facts files ------------------------------------------------------------------

    def files(self) -> dict[str, Path]:
        """name shown on the page → path: the file given, or the facts files of the folder
        (its templates folder, where it lies inside, left out)."""
        if not self.folder:
            return {str(self.target): self.target}
        found = watcher.tree(self.target, FACTS_SUFFIXES, MAX_FACTS_FILES)
        found.sort(key=lambda p: p.relative_to(self.target).parts)  # as `batch` takes them
        return {path.relative_to(self.target).as_posix(): path for path in found
                if self.templates is None or not inside(path, self.templates)}

    def watched(self) -> list[Path]:
        """Every file whose change changes a draft: the facts, and the templates folder's files."""
        paths = list(self.files().values())
        if self.templates is not None:
            paths += watcher.tree(self.templates)
        return paths

    def shown_name(self, name: str) -> str:
        """A facts file as messages name it: as the user would type it."""
        return name if not self.folder else str(self.target / name)

    # --- versions ---------------------------------------------------------------------------

    def bump(self) -> None:
        """A watched file changed: every draft is out of date, and the pages are told."""
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    # --- drafts -----------------------------------------------------------------------------

    def entry(self, name: str, gaps: bool) -> Entry:
        """The draft of a listed file at the current version, built on the main thread if need be."""
        key = (name, gaps)
        current = self._entries.get(key)
        if current is not None and current.version == self.version:
            return current
        done = threading.Event()

        def job() -> None:
            try:
                self._build(key)
            finally:
                done.set()

        self._jobs.put(job)
        built = self._entries.get(key) if done.wait(WAIT_SECONDS) else None
        if built is None:
            problem = Problem("没能起草：请检查模板中是否有失控的循环，或重新启动 reportgen serve",
                              file=self.shown_name(name))
            return Entry(self.version, Outcome(None, [problem]), self._last_good.get(name))
        return built

    def _build(self, key: tuple[str, bool]) -> None:
        name, gaps = key
        version = self.version  # taken first: a save during the build makes it stale again
        current = self._entries.get(key)
        if current is not None and current.version == version:
            return  # another request had it built meanwhile
        path = self.files().get(name)
        if path is None:
            outcome = Outcome(None, [Problem("文件已不存在", file=self.shown_name(name))])
        elif self.templates is not None and not self.templates.is_dir():
            outcome = Outcome(None, [Problem("模板目录不存在或不是文件夹", file=str(self.templates))])
        else:
            outcome = build(path, self.shown_name(name), self._environments, gaps)
        if outcome.draft is not None:
            self._last_good[name] = outcome.draft
        last = (current.last_good if current is not None else None) or self._last_good.get(name)
        self._entries[key] = Entry(version, outcome, outcome.draft or last)

    def run_jobs(self, until: Callable[[], bool]) -> None:
        """Build what requests ask for, on this (the main) thread, until `until()` holds."""
        while not until():
            try:
                job = self._jobs.get(timeout=0.5)
            except queue.Empty:
                continue
            try:
                job()
            except Exception:  # a defect in one build (said on the page) must not stop the server
                if os.environ.get("REPORTGEN_DEBUG"):
                    raise
