"""Extraction in worker processes, contained per file, with a time limit and a memory cap.

Every exception a file raises becomes that file's one-line reason. The pool is pebble's: a
file that takes longer than the time limit has its worker killed and replaced; a worker that
grows past the memory cap ends itself (a watchdog thread reads its resident size, and a
MemoryError ends it too), so a worker that hit a limit is never reused: parsers and spaCy are
not fit to go on after running out of memory. A worker that crashes (a parser's C code) fails
only its own file.

Workers are spawned, not forked: a forked worker would inherit the corpus write lock (a
flock belongs to the open file, shared across fork) and keep it after the main process is
killed. Pools are kept for the life of the process, because a fresh worker spends seconds
loading the language pipeline; each worker ends itself when its main process is gone.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import failure_reason
from pipeline.record import Record

Outcome = Record | str  # the record, or why the file failed

CRASH_REASON = "the extracting process crashed on this file"
MEMORY_EXIT = 86  # a worker's exit status when it ends itself for using too much memory
PARENT_POLL_SECONDS = 0.5
MEMORY_POLL_SECONDS = 0.05


@dataclass(frozen=True)
class Limits:
    """Per-file limits on extraction; settings, passed in by the application object."""

    seconds: float = 60.0
    memory_mb: int = 1024

    def time_reason(self) -> str:
        return f"took longer than {self.seconds:g} s (the per-file time limit)"

    def memory_reason(self) -> str:
        size = f"{self.memory_mb // 1024} GB" if self.memory_mb % 1024 == 0 else f"{self.memory_mb} MB"
        return f"needed more than {size} of memory (the per-file limit)"


_pools: dict[tuple[int, int], object] = {}


def extract_one(extract: Callable[[Path], Record], path: Path) -> Outcome:
    """Run in a worker: never raises for a bad file; out of memory, the worker ends."""
    try:
        return extract(path)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except Exception as e:  # any bug in one file's extraction must not stop the batch
        return failure_reason(e)


def run_jobs(extract: Callable[[Path], Record], paths: list[Path], workers: int,
             limits: Limits = Limits()) -> Iterator[tuple[Path, Outcome]]:
    """Yield (path, outcome) for every path, in the order they finish."""
    if not paths:
        return
    pool = _pool(max(1, workers), limits)  # one pool per size: a small run reuses the warm workers
    futures = {pool.schedule(extract_one, args=(extract, p), timeout=limits.seconds): p for p in paths}
    try:
        for future in as_completed(futures):
            yield futures[future], _outcome(future, limits)
    finally:
        for future in futures:
            future.cancel()


def _outcome(future, limits: Limits) -> Outcome:
    from pebble import ProcessExpired

    try:
        return future.result()
    except FutureTimeout:
        return limits.time_reason()
    except ProcessExpired as e:
        return limits.memory_reason() if e.exitcode == MEMORY_EXIT else CRASH_REASON
    except Exception as e:  # the pool could not run or return it (a result that does not pickle)
        return failure_reason(e)


def _pool(size: int, limits: Limits):
    from pebble import ProcessPool

    key = (size, limits.memory_mb)
    pool = _pools.get(key)
    if pool is None or not pool.active:
        pool = _pools[key] = ProcessPool(
            max_workers=size, context=multiprocessing.get_context("spawn"),
            initializer=_worker_start, initargs=(os.getpid(), limits.memory_mb),
        )
    return pool


@atexit.register
def _stop_pools() -> None:
    for pool in _pools.values():
        pool.stop()
    _pools.clear()


def _worker_start(parent: int, memory_mb: int) -> None:
    """A worker whose main process was killed would wait for work forever: it ends instead;
    one that grows past the memory cap ends too (its file is then reported)."""
    cap = memory_mb * 1024 * 1024

    def watch() -> None:
        last_parent_check = 0.0
        while True:
            now = time.monotonic()
            if now - last_parent_check >= PARENT_POLL_SECONDS:
                if os.getppid() != parent:
                    os._exit(1)
                last_parent_check = now
            if resident_bytes() > cap:
                os._exit(MEMORY_EXIT)
            time.sleep(MEMORY_POLL_SECONDS)

    threading.Thread(target=watch, daemon=True).start()
    _warm_up()


def _warm_up() -> None:
    """Load the language pipeline before the first file, so its seconds of loading are not
    counted against that file's time limit."""
    from pipeline.lang.nlp import get_nlp

    get_nlp()("Polisen och kommunen lovar trygghetsvandringar.")


def resident_bytes() -> int:
    """This process's resident memory (Linux /proc; elsewhere its peak, from getrusage)."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
