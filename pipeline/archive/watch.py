"""A watched inbox (paperless-ngx's consume folder is the model): files dropped into INBOX are
archived and indexed once they stop changing, then moved to INBOX/done/ or INBOX/failed/ (with
a `<name>.reason.txt` beside a failed one).

A file is indexed where it was delivered (its source path is INBOX/<name>, so a later file of
the same name becomes its next version) and moved only after its batch is published. So a
watcher stopped or killed at any moment loses nothing: what is still in INBOX is indexed again
when it restarts (unchanged bytes cost a hash) and then moved. A file that arrives while a
batch runs is not in it and waits for the next poll.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from pipeline.archive import store

DONE, FAILED = "done", "failed"
REASON_SUFFIX = ".reason.txt"


@dataclass(frozen=True)
class Outcome:
    """One file handled: where it went and why."""

    path: str  # where it was delivered
    moved_to: str
    status: str  # added | updated | unchanged | reextracted | restored | failed
    detail: str  # the document id, or the reason it failed


class Watcher:
    """Polls INBOX; `index(paths, progress=...)` is the archive's indexing, whose per-file
    progress events say what became of each file."""

    def __init__(self, inbox: Path, index: Callable, settle: float = 2.0):
        self.inbox = Path(inbox).resolve()  # files are named as the archive stores them
        if not self.inbox.is_dir():
            from pipeline.errors import ArchiveError

            raise ArchiveError(f"{inbox}: not a folder to watch (it does not exist)")
        self.index, self.settle = index, settle
        self.seen: dict[Path, tuple[tuple[int, int], float]] = {}  # path -> (size, mtime), since

    def poll(self) -> list[Outcome]:
        """Index and move every file that has not changed for `settle` seconds."""
        ready = self._ready()
        if not ready:
            return []
        events = {}
        self.index(ready, progress=lambda e: events.setdefault(e.path, e))
        outcomes = []
        for path in ready:
            event = events.get(store.printable_path(path))
            if event is None:
                continue  # changed while it was read, or the run was stopped: the next poll takes it
            if event.status in ("failed", "skipped", "in_trash"):
                outcomes.append(self._move(path, FAILED, "failed", event.reason))
            else:
                outcomes.append(self._move(path, DONE, event.status, event.id))
        return outcomes

    def run(self, interval: float = 1.0, stop: Callable[[], bool] = lambda: False,
            report: Callable[[Outcome], None] = lambda o: None) -> None:
        while not stop():
            for outcome in self.poll():
                report(outcome)
            time.sleep(interval)

    def _ready(self) -> list[Path]:
        now, ready, present = time.monotonic(), [], set()
        for path in self._candidates():
            try:
                st = path.stat()
            except OSError:
                continue
            present.add(path)
            state = (st.st_size, st.st_mtime_ns)
            before = self.seen.get(path)
            if before is None or before[0] != state:
                self.seen[path] = (state, now)
            elif now - before[1] >= self.settle:
                ready.append(path)
        for gone in set(self.seen) - present:
            del self.seen[gone]
        return sorted(ready)

    def _candidates(self) -> list[Path]:
        found = []
        for folder, dirs, files in os.walk(self.inbox):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here == self.inbox and d in (DONE, FAILED)))
            found += [here / f for f in files if not f.startswith(".") and (here / f).is_file()]
        return found

    def _move(self, path: Path, folder: str, status: str, detail: str) -> Outcome:
        target_dir = self.inbox / folder / path.parent.relative_to(self.inbox)
        target_dir.mkdir(parents=True, exist_ok=True)
        target = _free_name(target_dir / path.name)
        os.replace(path, target)
        if folder == FAILED:
            store.atomic_write(target.with_name(target.name + REASON_SUFFIX), (detail + "\n").encode("utf-8"))
        self.seen.pop(path, None)
        return Outcome(store.printable_path(path), store.printable_path(target), status, detail)


def _free_name(path: Path) -> Path:
    """`name.pdf`, else `name (2).pdf`, `name (3).pdf` …: nothing in done/ or failed/ is overwritten."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
