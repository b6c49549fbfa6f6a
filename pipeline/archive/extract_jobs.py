"""Extraction in worker processes, contained per file.

Every exception a file raises becomes that file's one-line reason. A worker that dies
outright (a crash inside a parser's C code) breaks its whole pool; the files it left
unfinished are then retried one at a time in a separate one-worker pool, so only the file
that kills its worker is reported, and the rest still go through.

Workers are spawned, not forked: a forked worker would inherit the corpus write lock (a
flock belongs to the open file, shared across fork) and keep it after the main process is
killed. Pools are kept for the life of the process, because a fresh worker spends seconds
loading the language pipeline; each worker ends itself when its main process is gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import failure_reason
from pipeline.record import Record

Outcome = Record | str  # the record, or why the file failed

CRASH_REASON = "the extracting process crashed on this file"
PARENT_POLL_SECONDS = 0.5

_pools: dict[int, ProcessPoolExecutor] = {}


def extract_one(extract: Callable[[Path], Record], path: Path) -> Outcome:
    """Run in a worker: never raises for a bad file."""
    try:
        return extract(path)
    except Exception as e:  # any bug in one file's extraction must not stop the batch
        return failure_reason(e)


def run_jobs(extract: Callable[[Path], Record], paths: list[Path], workers: int) -> Iterator[tuple[Path, Outcome]]:
    """Yield (path, outcome) for every path, in the order they finish."""
    if not paths:
        return
    size = max(1, workers)  # workers start on demand, so a small run starts few
    futures = {_submit(size, extract, p): p for p in paths}
    unfinished: list[Path] = []
    try:
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                unfinished.append(futures[future])
                continue
            yield futures[future], outcome
    finally:
        for future in futures:
            future.cancel()
    if unfinished:
        _discard(size)
    for path in unfinished:
        yield path, _alone(extract, path)


def _alone(extract: Callable[[Path], Record], path: Path) -> Outcome:
    try:
        return _submit(1, extract, path).result()
    except BrokenProcessPool:
        _discard(1)
        return CRASH_REASON


def _submit(size: int, extract: Callable[[Path], Record], path: Path) -> Future:
    try:
        return _pool(size).submit(extract_one, extract, path)
    except BrokenProcessPool:  # a worker died between runs
        _discard(size)
        return _pool(size).submit(extract_one, extract, path)


def _pool(size: int) -> ProcessPoolExecutor:
    if size not in _pools:
        _pools[size] = ProcessPoolExecutor(
            max_workers=size, mp_context=multiprocessing.get_context("spawn"),
            initializer=_exit_with_parent, initargs=(os.getpid(),),
        )
    return _pools[size]


def _discard(size: int) -> None:
    pool = _pools.pop(size, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _exit_with_parent(parent: int) -> None:
    """A worker whose main process was killed would wait for work forever; end it instead."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
