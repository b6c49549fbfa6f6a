"""Extraction in worker processes, contained per file.

Every exception a file raises becomes that file's one-line reason. A worker that dies
outright (a crash inside a parser's C code) breaks the whole pool; the files it left
unfinished are then retried one per fresh process, so only the file that kills its
worker is reported, and the rest still go through.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Callable, Iterator

from pipeline.errors import InputError
from pipeline.record import Record

Outcome = Record | str  # the record, or why the file failed

CRASH_REASON = "the extracting process crashed on this file"


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
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(paths)))) as pool:
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
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(extract_one, extract, path).result()
        except BrokenProcessPool:
            return CRASH_REASON
