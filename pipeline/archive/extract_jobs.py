"""Extraction in worker processes, contained per file.

Every exception a file raises becomes that file's one-line reason. A worker that dies
outright (a crash inside a parser's C code) breaks the whole pool; the files it left
unfinished are then retried one per fresh process, so only the file that kills its
worker is reported, and the rest still go through.

Workers are spawned, not forked: a forked worker would inherit the corpus write lock (a
flock belongs to the open file, shared across fork) and keep it after the main process is
killed, and it would not notice that its parent died.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import InputError
from pipeline.record import Record

Outcome = Record | str  # the record, or why the file failed

CRASH_REASON = "the extracting process crashed on this file"
PARENT_POLL_SECONDS = 0.5


def extract_one(extract: Callable[[Path], Record], path: Path) -> Outcome:
    """Run in a worker: never raises for a bad file."""
    try:
        return extract(path)
    except InputError as e:
        return e.reason
    except Exception as e:  # any other bug in one file's extraction must not stop the batch
        return f"unexpected {type(e).__name__}: {e}"


def run_jobs(extract: Callable[[Path], Record], paths: list[Path], workers: int) -> Iterator[tuple[Path, Outcome]]:
    """Yield (path, outcome) for every path, in the order they finish."""
    if not paths:
        return
    unfinished: list[Path] = []
    with _pool(min(workers, len(paths))) as pool:
        futures = {pool.submit(extract_one, extract, p): p for p in paths}
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            yield futures[future], outcome
    for path in unfinished:
        yield path, _alone(extract, path)


def _alone(extract: Callable[[Path], Record], path: Path) -> Outcome:
    with _pool(1) as pool:
        try:
            return pool.submit(extract_one, extract, path).result()
        except BrokenProcessPool:
            return CRASH_REASON


def _pool(workers: int) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(
        max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"),
        initializer=_exit_with_parent, initargs=(os.getpid(),),
    )


def _exit_with_parent(parent: int) -> None:
    """A worker whose main process was killed would wait for work forever; end it instead."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
