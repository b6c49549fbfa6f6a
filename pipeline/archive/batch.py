"""`index_paths`: archive and index many publications in one run.

Order of work, chosen so that a kill at any moment loses nothing archived:
  1. take the write lock; finish a batch a killed run published; bring the catalog and the
     index in step with the records (reconcile.open_archive);
  2. walk the folders (what is skipped is reported), hash every file (cheap) and look each
     digest and path up in the catalog;
  3. extract new content, and archived originals made by another extraction version, in
     worker processes with per-file limits; the main process alone writes: each batch of
     `batch_size` documents (originals, new records, and older records giving up a path) is
     published at once (journal.py), then added to the index and the catalog.

A file whose extraction failed is remembered by its content and the conditions it failed
under (extraction version, OCR, limits): the next run reports it as failed before, with the
same reason, instead of extracting it again, until the file, the code or the limits change or
`retry_failed` is given.

Nothing archived is ever deleted here. Paths are stored absolute, so a path means the same
file from any working directory. When the content at an archived path changes, the new
document is linked to the one it replaces (`previous`) and takes the path over; the older
version keeps its record and original, and stays searchable as the document it was.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Callable, Iterable

from pipeline.archive import journal, store
from pipeline.archive.catalog import Catalog, paths_of
from pipeline.archive.extract_jobs import Limits, run_jobs
from pipeline.archive.lock import archive_lock
from pipeline.archive.reconcile import open_archive
from pipeline.errors import ArchiveError, InputError
from pipeline.fingerprint import extraction_version
from pipeline.parse import MAX_BYTES, file_type, read_input, sha256
from pipeline.record import Record
from pipeline.walk import walk_inputs

SLOW_ENV = "LOFTEN_TEST_SLOW_INDEX"  # seconds to pause after each stored document (tests only)
STATUSES = ("unchanged", "reextracted", "restored", "updated", "added")  # weakest first


@dataclass
class Failure:
    path: str
    reason: str


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    reextracted: list[str] = field(default_factory=list)  # archived, extracted again by new code
    restored: list[str] = field(default_factory=list)  # brought back from the trash (--restore)
    in_trash: list[Failure] = field(default_factory=list)  # removed before; left there
    skipped: list[Failure] = field(default_factory=list)  # found in a folder, not read
    failed: list[Failure] = field(default_factory=list)
    failed_before: list[str] = field(default_factory=list)  # of the failed: not extracted again

    def to_dict(self) -> dict:
        def listed(items: list[Failure]) -> list[dict]:
            return [{"path": f.path, "reason": f.reason} for f in items]

        return {
            "added": self.added, "updated": self.updated, "unchanged": self.unchanged,
            "reextracted": self.reextracted, "restored": self.restored,
            "in_trash": listed(self.in_trash), "skipped": listed(self.skipped), "failed": listed(self.failed),
            "failed_before": self.failed_before,
        }


@dataclass(frozen=True)
class Progress:
    """One file finished: what a progress display needs."""

    done: int
    total: int
    status: str  # added | updated | unchanged | reextracted | restored | in_trash | failed
    path: str
    reason: str = ""
    id: str = ""  # the document the file is archived as, when it is


@dataclass
class _Job:
    path: Path  # the file to extract (an input, or an archived original)
    digest: str
    names: list[Path]  # the input files holding these bytes (none for a stale original)
    keys: list[str]  # how those files are stored (`_key`), in the same order


def index_paths(
    paths: Iterable[str | Path],
    corpus: Path,
    index: Path,
    workers: int | None = None,
    progress: Callable[[Progress], None] | None = None,
    wait: float = 10.0,
    batch_size: int = 50,
    extract: Callable[[Path], Record] | None = None,
    limits: Limits = Limits(),
    max_bytes: int = MAX_BYTES,
    restore: bool = False,
    backend_name: str | None = None,
    ocr: bool = False,
    retry_failed: bool = False,
) -> IndexReport:
    """Archive and index every file under `paths`; one bad file never stops the batch.
    `extract` (a module-level function, run in worker processes) defaults to extract_file;
    `retry_failed` extracts again the files that failed before under the same conditions."""
    corpus, index = Path(corpus), Path(index)
    walk = walk_inputs(list(paths))
    with archive_lock(corpus, wait), store.one_report_each():
        backend, catalog = open_archive(corpus, index, backend_name)
        try:
            conditions = f"{extraction_version()} ocr={int(ocr)} {limits.seconds:g} s {limits.memory_mb} MB"
            run = _Run(corpus, backend, catalog, progress, batch_size, restore, conditions, retry_failed)
            run.total = len(walk.files) + len(walk.missing) + len(walk.skipped)
            run.note_walk(walk)
            run.hash_all(walk.files, max_bytes)
            run.plan_stale()
            run.extract_all(extract or partial(_extract_file, max_bytes=max_bytes, ocr=ocr), workers or os.cpu_count() or 1, limits)
            run.flush()
            return run.report()
        finally:
            catalog.close()


def _extract_file(path: Path, max_bytes: int, ocr: bool = False) -> Record:
    from pipeline.extract import extract_file

    return extract_file(path, max_bytes, ocr=ocr)


class _Run:
    """The state of one indexing run; only the main process touches corpus and index."""

    def __init__(self, corpus: Path, backend, catalog: Catalog, progress, batch_size: int, restore: bool,
                 conditions: str, retry_failed: bool):
        self.corpus, self.backend, self.catalog = corpus, backend, catalog
        self.progress, self.batch_size, self.restore = progress, batch_size, restore
        self.conditions, self.retry_failed = conditions, retry_failed
        self.failed_before: list[str] = []
        self.retried: set[str] = set()  # digests that failed before and are extracted again
        self.version = extraction_version()
        self.status: dict[str, str] = {}  # id -> strongest status this run
        self.order: dict[str, int] = {}  # id -> position of its first file, for a stable report
        self.failed: list[tuple[int, Failure]] = []
        self.skipped: list[Failure] = []
        self.in_trash: list[Failure] = []
        self.jobs: dict[str, _Job] = {}
        self.owners: dict[str, str] = {}  # path -> id, for paths this run gave a new owner
        self.staged: dict[str, Record] = {}  # records of the batch being built, by id
        self.renames: list[tuple[Path, Path]] = []  # its temp files and their final names
        self.total = self.done = 0
        self.slow = float(os.environ.get(SLOW_ENV) or 0)

    # planning

    def note_walk(self, walk) -> None:
        for n, path in enumerate(walk.missing):
            self._fail(-1 - n, store.printable_path(path), "does not exist")
        for path, reason in walk.skipped:
            self.skipped.append(Failure(store.printable_path(path), reason))
            self._progress("skipped", store.printable_path(path), reason)

    def hash_all(self, files: list[Path], max_bytes: int) -> None:
        for n, path in enumerate(files):
            try:
                file_type(path)
                digest = sha256(read_input(path, max_bytes))
            except InputError as e:
                self._fail(n, store.printable_path(path), e.reason)
                continue
            except OSError as e:
                self._fail(n, store.printable_path(path), e.strerror or "could not be read")
                continue
            self._plan(n, path, digest)

    def _plan(self, n: int, path: Path, digest: str) -> None:
        rid, key = digest[:16], _key(path)
        self.order.setdefault(rid, n)
        if rid in self.jobs:
            self.jobs[rid].names.append(path)
            self.jobs[rid].keys.append(key)
            return
        doc = self.catalog.doc(rid)
        if doc is not None and doc.folder == "trash" and rid not in self.staged:
            if not self.restore:
                self.in_trash.append(Failure(key, f"in the trash (document {rid}); give --restore to bring it back"))
                self._progress("in_trash", key, f"in the trash (document {rid})")
                return
            self._restore(rid)
            doc = self.catalog.doc(rid)
        archived = self._load(rid) if doc is not None else None
        if archived is None or archived.pipeline_version != self.version:
            if not self._failed_before(n, digest, key):
                self.jobs[rid] = _Job(path, digest, [path], [key])
            return
        restored = self.status.get(rid) == "restored"
        if self._owner(key) == rid and key in archived.source.paths and not restored:
            self._tick("unchanged", key, rid)
            return
        before = self._take_path(archived, key, new=False)
        self._stage(archived)
        self._tick("restored" if restored else "updated" if before else "unchanged", key, rid)
        self._flush_if_full()

    def _restore(self, rid: str) -> None:
        from pipeline.archive.trash import restore_file

        restore_file(self.corpus, rid)
        self.catalog.update([("records", store.read_record(self.corpus, rid))], [("trash", rid)])
        self.status[rid] = "restored"

    def plan_stale(self) -> None:
        """Archived documents extracted by other code are extracted again from their originals."""
        for rid in self.catalog.stale(self.version):
            if rid in self.jobs:
                continue
            doc = self.catalog.doc(rid)
            originals = store.find_originals(self.corpus, doc.sha256) if doc else []
            self.order.setdefault(rid, len(self.order))
            self.total += 1
            if not originals:
                self._fail(self.order[rid], rid, "its archived original is missing; run `loften check`")
                continue
            if not self._failed_before(self.order[rid], doc.sha256, rid):
                self.jobs[rid] = _Job(originals[0], doc.sha256, [], [])

    def _failed_before(self, n: int, digest: str, name: str) -> bool:
        """Reports content that failed before under these conditions (and is not retried)."""
        known = self.catalog.failure(digest)
        if known is None:
            return False
        conditions, reason = known
        if conditions != self.conditions or self.retry_failed:
            self.retried.add(digest)
            return False
        self.failed_before.append(name)
        self._fail(n, name, f"{reason} (failed before; not extracted again until the file or loften changes, "
                            "or with --retry-failed)")
        return True

    # extraction and staging

    def extract_all(self, extract, workers: int, limits: Limits) -> None:
        by_path = {str(job.path): rid for rid, job in self.jobs.items()}
        for path, outcome in run_jobs(extract, [job.path for job in self.jobs.values()], workers, limits):
            rid = by_path[str(path)]
            job = self.jobs[rid]
            names = job.keys or [rid]
            reason = outcome if isinstance(outcome, str) else None
            data = b""
            if reason is None and job.names:
                try:
                    data = Path(path).read_bytes()
                except OSError as e:
                    reason = e.strerror or "could not be read"
            if reason is None and (outcome.source.sha256 != job.digest or (job.names and sha256(data) != job.digest)):
                reason = "file changed while it was being indexed"
            if reason is not None:
                if isinstance(outcome, str):  # the extraction itself failed: remembered
                    self.catalog.remember_failure(job.digest, self.conditions, reason)
                    self.retried.discard(job.digest)
                for name in names:
                    self._fail(self.order[rid], name, reason)
                continue
            self._accept(rid, job, outcome, data)
            if self.slow:
                time.sleep(self.slow)

    def _accept(self, rid: str, job: _Job, record: Record, data: bytes) -> None:
        old = self._load(rid)
        record.pipeline_version = self.version
        if old is not None:  # the same bytes, extracted again: the archive's facts stay
            record.source.path, record.source.paths, record.previous = old.source.path, paths_of(old), old.previous
        else:
            record.source.path, record.source.paths = job.keys[0], []
            final = store.original_path(self.corpus, job.digest, Path(job.path).suffix)
            if not final.exists():  # content-addressed: the same bytes are stored once
                self.renames.append((store.temp_file(final, data), final))
        befores = [self._take_path(record, key, new=old is None) for key in job.keys]
        if old is None:
            status = "updated" if any(befores) else "added"
        elif not job.names:
            status = "reextracted"
        else:
            status = "updated" if any(befores) else "reextracted"
        self._stage(record)
        for key in job.keys or [rid]:
            self._tick(status, key, rid)
        self._flush_if_full()

    def _take_path(self, record: Record, key: str, new: bool) -> str | None:
        """Give `key` to `record`; the document that held it gives it up (and keeps its record,
        as an older version). Returns that document's id."""
        before = self._owner(key)
        if key not in record.source.paths:
            record.source.paths.append(key)
        if before is None or before == record.id:
            return None
        older = self._load(before)
        if older is not None:
            older.source.paths = [p for p in older.source.paths if p != key]
            self._stage(older)
        if new and record.previous is None:
            record.previous = before
        self.owners[key] = record.id
        return before

    def _owner(self, key: str) -> str | None:
        return self.owners[key] if key in self.owners else self.catalog.owner(key)

    def _load(self, rid: str) -> Record | None:
        if rid in self.staged:
            return self.staged[rid]
        try:
            return store.read_record(self.corpus, rid)
        except ArchiveError as e:
            if store.record_path(self.corpus, rid).exists():
                store.report_damaged(e)
            return None

    def _stage(self, record: Record) -> None:
        self.staged[record.id] = record
        for key in record.source.paths:
            self.owners[key] = record.id

    def _flush_if_full(self) -> None:
        """Called between documents only, so a new version and the older one giving up its
        path are always in the same batch."""
        if len(self.staged) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Publish the batch (one sync, atomically), then index it and note it in the catalog."""
        if not self.staged and not self.renames:
            return
        records = list(self.staged.values())
        renames = self.renames + [
            (store.temp_file(final, store.record_bytes(r)), final)
            for r in records for final in [store.record_path(self.corpus, r.id)]
        ]
        journal.publish(self.corpus, renames)
        self.backend.add(records)
        self.catalog.update(("records", r) for r in records)
        self.catalog.forget_failures(d for d in (r.source.sha256 for r in records) if d in self.retried)
        self.staged, self.renames = {}, []
        self.owners = {}

    # reporting

    def _tick(self, status: str, path: str, rid: str) -> None:
        """A document appears once in the report, under its strongest status this run."""
        if STATUSES.index(status) >= STATUSES.index(self.status.get(rid, "unchanged")):
            self.status[rid] = status
        self._progress(status, path, rid=rid)

    def _fail(self, n: int, path: str, reason: str) -> None:
        self.failed.append((n, Failure(path, reason)))
        self._progress("failed", path, reason)

    def _progress(self, status: str, path: str, reason: str = "", rid: str = "") -> None:
        self.done += 1
        if self.progress is not None:
            self.progress(Progress(self.done, max(self.total, self.done), status, path, reason, rid))

    def report(self) -> IndexReport:
        report = IndexReport(skipped=self.skipped, in_trash=self.in_trash, failed_before=self.failed_before)
        for rid in sorted(self.status, key=lambda i: self.order.get(i, 0)):
            getattr(report, self.status[rid]).append(rid)
        report.failed = [f for _, f in sorted(self.failed, key=lambda x: x[0])]
        logged = [(f.path, f.reason) for f in report.failed + report.skipped + report.in_trash]
        if logged:
            when = datetime.now().astimezone().isoformat(timespec="seconds")
            store.append_log(self.corpus, logged, when)
        return report


def _key(path: Path) -> str:
    """How a source path is stored: absolute, and printable even when the name is not UTF-8."""
    return store.printable_path(Path(path).resolve())
