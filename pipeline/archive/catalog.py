"""`corpus/catalog.sqlite`: what the records say, for lookups without reading every record.

For each record file (in records/ or trash/): its digest, extraction version, the version it
replaced, and the file's size and mtime; for each source path: the archived document that
currently holds it; for each content that failed to extract: why, and under which conditions
(extraction version and limits), so an unchanged bad file is not extracted again every run.
The records stay the truth. The catalog is derived: `sync` compares it with the record files'
sizes and mtimes (a directory scan, no parsing) and re-reads only what changed, so a record
written by hand or by a killed run is caught; a damaged record file is reported every time
and what the catalog knew of it (its paths) is kept for `check --repair`.
A missing or unreadable catalog is simply built again (the remembered failures are then
tried once more).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from pipeline.archive import store
from pipeline.errors import ArchiveError
from pipeline.record import Record

NAME = "catalog.sqlite"
SCHEMA_VERSION = 1
FOLDERS = ("records", "trash")
SYNC_CHUNK = 500  # records handed to the index at a time while syncing

_SCHEMA = """
CREATE TABLE docs (id TEXT, folder TEXT, sha256 TEXT, version TEXT, previous TEXT,
                   mtime_ns INTEGER, size INTEGER, PRIMARY KEY (folder, id));
CREATE INDEX docs_previous ON docs (previous);
CREATE TABLE paths (path TEXT PRIMARY KEY, id TEXT);
CREATE INDEX paths_id ON paths (id);
"""
_FAILURES = "CREATE TABLE IF NOT EXISTS failures (sha256 TEXT PRIMARY KEY, conditions TEXT, reason TEXT)"


@dataclass(frozen=True)
class Doc:
    id: str
    folder: str  # records | trash
    sha256: str
    version: str
    previous: str | None


class Catalog:
    def __init__(self, corpus: Path, writable: bool = True):
        self.corpus = Path(corpus)
        self.path = self.corpus / NAME
        self.con = self._open(writable)

    def _open(self, writable: bool) -> sqlite3.Connection:
        if not writable:
            con = sqlite3.connect(self.path.resolve().as_uri() + "?mode=ro", uri=True)
            if con.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                con.close()
                raise ArchiveError(f"{self.path}: made by another version")
            return con
        try:
            con = self._connect()
            if con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
                con.execute(_FAILURES)  # a catalog made before failures were remembered gains the table
                return con
            con.close()
        except sqlite3.DatabaseError:
            pass
        for p in (self.path, self.path.with_name(NAME + "-wal"), self.path.with_name(NAME + "-shm")):
            p.unlink(missing_ok=True)
        con = self._connect()
        con.executescript(_SCHEMA)
        con.execute(_FAILURES)
        con.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return con

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.path)
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("PRAGMA synchronous = NORMAL")
        con.execute("PRAGMA user_version").fetchone()
        return con

    def close(self) -> None:
        self.con.close()

    # lookups

    def owner(self, path: str) -> str | None:
        row = self.con.execute("SELECT id FROM paths WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def doc(self, record_id: str) -> Doc | None:
        """The document, archived first, else in the trash."""
        row = self.con.execute(
            "SELECT id, folder, sha256, version, previous FROM docs WHERE id = ? "
            "ORDER BY folder = 'trash'", (record_id,),
        ).fetchone()
        return Doc(*row) if row else None

    def successors(self, record_id: str) -> list[str]:
        rows = self.con.execute("SELECT id FROM docs WHERE previous = ? AND folder = 'records' ORDER BY id", (record_id,))
        return [r[0] for r in rows]

    def stale(self, version: str) -> list[str]:
        """Archived documents extracted by another version of the extraction code."""
        rows = self.con.execute("SELECT id FROM docs WHERE folder = 'records' AND version != ? ORDER BY id", (version,))
        return [r[0] for r in rows]

    def failure(self, sha256: str) -> tuple[str, str] | None:
        """(conditions, reason) of the last failed extraction of this content, if any."""
        row = self.con.execute("SELECT conditions, reason FROM failures WHERE sha256 = ?", (sha256,)).fetchone()
        return (row[0], row[1]) if row else None

    def ids(self, folder: str = "records") -> set[str]:
        return {r[0] for r in self.con.execute("SELECT id FROM docs WHERE folder = ?", (folder,))}

    # writes

    def update(self, records: Iterable[tuple[str, Record]], gone: Iterable[tuple[str, str]] = ()) -> None:
        """Note record files as they now are on disk: (folder, record) written, (folder, id) gone."""
        with self.con:
            for folder, rid in gone:
                self._forget(folder, rid)
            self._note_all([(folder, record, _stat(store.record_path(self.corpus, record.id, folder)))
                            for folder, record in records])

    def remember_failure(self, sha256: str, conditions: str, reason: str) -> None:
        with self.con:
            self.con.execute("INSERT OR REPLACE INTO failures VALUES (?, ?, ?)", (sha256, conditions, reason))

    def forget_failures(self, digests: Iterable[str]) -> None:
        with self.con:
            self.con.executemany("DELETE FROM failures WHERE sha256 = ?", [(d,) for d in digests])

    def sync(self, index: Callable[[list[Record], list[str]], None]) -> None:
        """Bring the catalog in step with the record files. `index(records, gone_ids)` is called
        for archived records that are new or changed and ids no longer archived, before the
        catalog commits, so a kill in between only repeats the work."""
        on_disk = {(folder, p.stem): _stat(p) for folder in FOLDERS for p in store.record_files(self.corpus, folder)}
        known = {(f, i): (m, s) for f, i, m, s in self.con.execute("SELECT folder, id, mtime_ns, size FROM docs")}
        changed = sorted(k for k, st in on_disk.items() if known.get(k) != st)
        gone = [k for k in known if k not in on_disk]
        with self.con:
            for folder, rid in gone:
                self._forget(folder, rid)
        unindex = [rid for folder, rid in gone if folder == "records"]
        for start in range(0, len(changed), SYNC_CHUNK):
            loaded = []
            for folder, rid in changed[start:start + SYNC_CHUNK]:
                try:
                    loaded.append((folder, store.read_record(self.corpus, rid, folder)))
                except ArchiveError as e:  # reported each time; what was known of it stays, for repair
                    store.report_damaged(e)
            index([r for folder, r in loaded if folder == "records"], unindex)
            unindex = []
            with self.con:
                self._note_all([(folder, record, on_disk[(folder, record.id)]) for folder, record in loaded])
        if unindex:
            index([], unindex)

    def _note_all(self, noted: list[tuple[str, Record, tuple[int, int]]]) -> None:
        """(folder, record, its file's stat) for many records: three statements in all."""
        self.con.executemany(
            "INSERT OR REPLACE INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(record.id, folder, record.source.sha256, str(record.pipeline_version),
              getattr(record, "previous", None), stat[0], stat[1]) for folder, record, stat in noted],
        )
        self.con.executemany("DELETE FROM paths WHERE id = ?", [(record.id,) for _, record, _ in noted])
        self.con.executemany(
            "INSERT OR REPLACE INTO paths VALUES (?, ?)",
            [(p, record.id) for folder, record, _ in noted if folder == "records" for p in paths_of(record)],
        )

    def _forget(self, folder: str, rid: str) -> None:
        self.con.execute("DELETE FROM docs WHERE folder = ? AND id = ?", (folder, rid))
        if folder == "records":
            self.con.execute("DELETE FROM paths WHERE id = ?", (rid,))


def paths_of(record: Record) -> list[str]:
    """The source paths a document currently holds (none once newer versions took them all)."""
    return list(record.source.paths)


def _stat(path: Path) -> tuple[int, int]:
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size
