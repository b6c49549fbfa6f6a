"""One writer at a time: an advisory flock on a file in the corpus folder.

The OS drops a flock when its process dies, so a killed run never leaves a stuck lock.
The file holds the holder's pid and start time, only to tell a waiting run who it waits for.
Readers (search, show, stats, check) never take it.
"""

from __future__ import annotations

import fcntl
import os
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Iterator

from pipeline.archive.store import refuse_foreign
from pipeline.errors import LockTimeout

LOCK_NAME = "writer.lock"
POLL_SECONDS = 0.1


def lock_path(corpus: Path) -> Path:
    return Path(corpus) / LOCK_NAME


@contextmanager
def archive_lock(corpus: Path, wait: float = 10.0) -> Iterator[None]:
    """Hold the corpus write lock; wait at most `wait` seconds, then raise LockTimeout."""
    refuse_foreign(Path(corpus))
    path = lock_path(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(wait, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(_held_message(path)) from None
                time.sleep(POLL_SECONDS)
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()} {started}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _held_message(path: Path) -> str:
    try:
        pid, _, started = path.read_text(encoding="utf-8").strip().partition(" ")
    except OSError:
        pid, started = "", ""
    return (
        f"another indexing run (pid {pid or '?'}, started {started or '?'}) "
        f"holds the lock on {path.parent}"
    )
