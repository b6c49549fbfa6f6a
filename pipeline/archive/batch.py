"""`index_paths`: archive and index many publications in one run.

Order of work, chosen so that a kill at any moment loses nothing archived:
  1. take the write lock; rebuild or reconcile the index against the corpus;
  2. hash every file (cheap) and skip what is archived already by the current pipeline;
  3. extract the rest in worker processes; the main process alone writes: the original,
     then the record (atomically), then the index in batches of `batch_size`.

Paths are stored absolute, so a path means the same file from any working directory.
When the content at an archived path changes, the new document counts as "updated" and the
path is taken off the old record; the old record (and its original) is removed only when no
other path refers to it any more, since the same bytes seen elsewhere are still a publication.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable

from pipeline import PIPELINE_VERSION
from pipeline.archive import store
from pipeline.archive.extract_jobs import run_jobs
from pipeline.archive.lock import archive_lock
from pipeline.archive.reconcile import clear_pending, mark_pending, open_index, reconcile
from pipeline.errors import InputError
from pipeline.extract import extract_file, record_id
from pipeline.parse import file_type, read_input, sha256
from pipeline.record import Record
from pipeline.walk import iter_inputs

SLOW_ENV = "LOFTEN_TEST_SLOW_INDEX"  # seconds to pause after each stored document (tests only)


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
        }


@dataclass(frozen=True)
class Progress:
    """One file finished: what a progress display needs."""

    done: int
    total: int
    status: str  # added | updated | unchanged | failed
    path: str
    reason: str = ""


def index_paths(
    paths: Iterable[str | Path],
    corpus: Path,
    index: Path,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    wait: float = 10.0,
    batch_size: int = 50,
    extract: Callable[[Path], Record] | None = None,
    backend_name: str | None = None,
) -> IndexReport:
    """Archive and index every file under `paths`; one bad file never stops the batch.
    `extract` (a module-level function, run in worker processes) defaults to extract_file."""
    corpus, index = Path(corpus), Path(index)
    with archive_lock(corpus, wait):
        backend = open_index(corpus, index, backend_name)
        reconcile(corpus, backend)
        run = _Run(corpus, backend, list(iter_inputs(list(paths))), progress, batch_size)
        run.hash_all()
        run.extract_all(extract or extract_file, workers or os.cpu_count() or 1)
        run.detach_moved_paths()
        run.flush()
        return run.report()


class _Run:
    """The state of one indexing run; only the main process touches corpus and index."""

    def __init__(self, corpus: Path, backend, files: list[Path], progress, batch_size: int):
        self.corpus, self.backend, self.files = corpus, backend, files
        self.progress, self.batch_size = progress, batch_size
        self.records = {r.id: r for r in store.iter_records(corpus)}
        self.path_owner = {p: r.id for r in self.records.values() for p in _paths_of(r)}
        self.status: dict[str, str] = {}  # id -> strongest status this run
        self.order: dict[str, int] = {}  # id -> position of its first file, for a stable report
        self.failed: list[tuple[int, Failure]] = []
        self.jobs: dict[str, tuple[Path, str, str]] = {}  # id -> (file, abs path, sha256)
        self.extra_paths: dict[str, list[Path]] = {}  # more names for a document being extracted
        self.moved: list[tuple[str, str]] = []  # (abs path, id it referred to before)
        self.to_add: dict[str, Record] = {}
        self.to_remove: set[str] = set()
        self.done = 0
        self.slow = float(os.environ.get(SLOW_ENV) or 0)

    def hash_all(self) -> None:
        for n, path in enumerate(self.files):
            try:
                file_type(path)
                digest = sha256(read_input(path))
            except InputError as e:
                self._fail(n, str(path), e.reason)
                continue
            except OSError as e:
                self._fail(n, str(path), e.strerror or str(e))
                continue
            self._plan(n, path, digest)

    def _plan(self, n: int, path: Path, digest: str) -> None:
        rid, abs_path = record_id(digest), str(path.resolve())
        self.order.setdefault(rid, n)
        before = self.path_owner.get(abs_path)
        if before is not None and before != rid:
            self.moved.append((abs_path, before))
        if rid in self.jobs:
            self.extra_paths[rid].append(path)
            return
        archived = self.records.get(rid)
        if archived is not None and archived.pipeline_version >= PIPELINE_VERSION:
            if abs_path not in _paths_of(archived):
                archived.source.paths = _paths_of(archived) + [abs_path]
                self._store(archived, None)
            status = "updated" if before is not None and before != rid else "unchanged"
            self._tick(status, str(path), rid)
            return
        self.jobs[rid] = (path, abs_path, digest)
        self.extra_paths[rid] = []

    def extract_all(self, extract, workers: int) -> None:
        by_path = {str(path): rid for rid, (path, _, _) in self.jobs.items()}
        for path, outcome in run_jobs(extract, [p for p, _, _ in self.jobs.values()], workers):
            rid = by_path[str(path)]
            _, abs_path, digest = self.jobs[rid]
            names = [path] + self.extra_paths[rid]
            reason = outcome if isinstance(outcome, str) else None
            data = b""
            if reason is None:
                try:
                    data = Path(path).read_bytes()
                except OSError as e:
                    reason = e.strerror or str(e)
            if reason is None and (outcome.source.sha256 != digest or sha256(data) != digest):
                reason = "file changed while it was being indexed"
            if reason is not None:
                for name in names:
                    self._fail(self.order[rid], str(name), reason)
                continue
            old = self.records.get(rid)
            absolute = [abs_path] + [str(p.resolve()) for p in self.extra_paths[rid]]
            outcome.source.paths = list(dict.fromkeys((_paths_of(old) if old else []) + absolute))
            outcome.source.path = outcome.source.paths[0]
            moved_here = any(p in absolute for p, _ in self.moved)
            status = "updated" if old is not None or moved_here else "added"
            self._store(outcome, (Path(path).suffix, data))
            for name in names:
                self._tick(status, str(name), rid)
            if self.slow:
                time.sleep(self.slow)

    def detach_moved_paths(self) -> None:
        """Take each changed path off the record it used to name, once its new content is in."""
        for abs_path, old_id in self.moved:
            new_id = self.path_owner.get(abs_path)
            old = self.records.get(old_id)
            if new_id == old_id or old is None or abs_path not in _paths_of(old):
                continue
            rest = [p for p in _paths_of(old) if p != abs_path]
            if rest:
                old.source.paths, old.source.path = rest, rest[0]
                self._store(old, None)
            else:
                store.delete_record(self.corpus, old_id)
                store.delete_originals(self.corpus, old.source.sha256)  # only this id has these bytes
                del self.records[old_id]
                self.to_add.pop(old_id, None)
                self.to_remove.add(old_id)

    def _store(self, record: Record, original: tuple[str, bytes] | None) -> None:
        """Original first, then the record, then (in a batch) the index."""
        if original is not None:
            store.write_original(self.corpus, record.source.sha256, original[0], original[1])
        mark_pending(self.corpus, [record.id])
        store.write_record(self.corpus, record)
        self.records[record.id] = record
        for p in _paths_of(record):
            self.path_owner[p] = record.id
        self.to_add[record.id] = record
        self.to_remove.discard(record.id)
        if len(self.to_add) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Commit the pending index work; the corpus already holds all of it."""
        if self.to_add:
            self.backend.add(list(self.to_add.values()))
        if self.to_remove:
            self.backend.remove(sorted(self.to_remove))
        if self.to_add or self.to_remove:
            clear_pending(self.corpus)
        self.to_add, self.to_remove = {}, set()

    def _tick(self, status: str, path: str, rid: str) -> None:
        """A document appears once in the report, under its strongest status this run."""
        rank = ("unchanged", "updated", "added")
        if rank.index(status) >= rank.index(self.status.get(rid, "unchanged")):
            self.status[rid] = status
        self._progress(status, path)

    def _fail(self, n: int, path: str, reason: str) -> None:
        self.failed.append((n, Failure(path, reason)))
        self._progress("failed", path, reason)

    def _progress(self, status: str, path: str, reason: str = "") -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(Progress(self.done, len(self.files), status, path, reason))

    def report(self) -> IndexReport:
        report = IndexReport()
        for rid in sorted(self.status, key=lambda i: self.order[i]):
            getattr(report, self.status[rid]).append(rid)
        report.failed = [f for _, f in sorted(self.failed, key=lambda x: x[0])]
        if report.failed:
            when = datetime.now().astimezone().isoformat(timespec="seconds")
            store.append_failures(self.corpus, [(f.path, f.reason) for f in report.failed], when)
        return report


def _paths_of(record: Record) -> list[str]:
    return list(record.source.paths) or [record.source.path]
