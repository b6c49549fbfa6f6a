"""The search backend on SQLite FTS5 (the standard library's sqlite3).

Layout of the index folder:

    index/
      CURRENT            name of the live database file, replaced atomically
      gen-<n>.sqlite     one database per generation (with its -wal and -shm files)

The database is in WAL mode: readers never wait for a writer and see the last commit. Every
`add` and `remove` is one transaction, so a process killed in the middle leaves the previous
state (SQLite rolls the rest back on the next open). `rebuild` fills a new generation and
then switches CURRENT, so searches keep working on the old one meanwhile. Callers hold the
archive's lock; SQLite's own write lock is waited for WRITE_TIMEOUT seconds.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterable

from pipeline.errors import ArchiveError, LockTimeout, NotFound
from pipeline.record import Record
from pipeline.search import generations
from pipeline.search import query as q
from pipeline.search.analysis import index_version
from pipeline.search.backend import SearchRequest, SearchResponse
from pipeline.search import sqlite_facets
from pipeline.search.sqlite_schema import DDL, rows
from pipeline.search.sqlite_search import Search, similar

BACKEND_NAME = "sqlite-fts5"
WRITE_TIMEOUT = 30.0  # seconds to wait for another writer
BATCH = 500  # records analysed per executemany round


def version() -> str:
    """Stored in the index: the backend's name, so switching backends rebuilds, and the
    analysis version."""
    return f"{BACKEND_NAME}-{index_version()}"


class SqliteBackend:
    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._con: sqlite3.Connection | None = None
        self._con_path: Path | None = None

    # --- state -------------------------------------------------------------------------

    def needs_rebuild(self) -> bool:
        db = self._live()
        if db is None or not db.is_file():
            return True
        try:
            row = self._connection().execute("SELECT value FROM info WHERE key = 'version'").fetchone()
        except sqlite3.DatabaseError:
            return True
        return row is None or row[0] != version()

    def doc_ids(self) -> set[str]:
        db = self._live()
        if db is None or not db.is_file():
            return set()
        return {i for (i,) in self._connection().execute("SELECT id FROM doc_meta")}

    # --- writing -----------------------------------------------------------------------

    def add(self, records: Iterable[Record]) -> None:
        con = self._writable()
        with _transaction(con, self.index_dir):
            touched = set()
            for batch in _batches(records):
                touched |= _delete(con, [r.id for r in batch])
                touched |= _insert(con, batch)
            sqlite_facets.refresh(con, touched)

    def remove(self, ids: Iterable[str]) -> None:
        con = self._writable()
        with _transaction(con, self.index_dir):
            sqlite_facets.refresh(con, _delete(con, list(ids)))

    def rebuild(self, records: Iterable[Record]) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        db = self._new_generation()
        con = _connect(db)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            with _transaction(con, self.index_dir):
                for statement in DDL.split(";"):
                    if statement.strip():
                        con.execute(statement)
                for batch in _batches(records):
                    _insert(con, batch)
                sqlite_facets.refresh(con)
                con.execute("INSERT INTO info VALUES ('version', ?), ('writes', 0)", (version(),))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        generations.publish(self.index_dir, db)
        self._drop_old_generations()

    # --- reading -----------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        q.check_filters(request.themes, request.year_from, request.year_to, request.kind)
        parsed = q.parse_query(request.query)
        con = self._reader()
        with _snapshot(con):
            return Search(con, request, parsed).run()

    def similar(self, record_id: str, limit: int = 10) -> SearchResponse:
        con = self._reader()
        with _snapshot(con):
            response = similar(con, record_id, limit)
        if response is None:
            raise NotFound(f"No record {record_id} in the index")
        return response

    # --- storage -----------------------------------------------------------------------

    def _live(self) -> Path | None:
        return generations.live(self.index_dir)

    def _connection(self) -> sqlite3.Connection:
        """One connection per live generation, kept while CURRENT names it."""
        db = self._live()
        if self._con is None or self._con_path != db:
            if self._con is not None:
                self._con.close()
            self._con, self._con_path = _connect(db), db
        return self._con

    def _reader(self) -> sqlite3.Connection:
        db = self._live()
        if db is None or not db.is_file():
            raise ArchiveError(f"No search index in {self.index_dir}; run: loften index")
        return self._connection()

    def _writable(self) -> sqlite3.Connection:
        db = self._live()
        if db is None or not db.is_file():
            self.rebuild([])
        return self._connection()

    def _new_generation(self) -> Path:
        db = generations.next_name(self.index_dir, ".sqlite")
        for leftover in (db, *_sidecars(db)):
            leftover.unlink(missing_ok=True)
        return db

    def _drop_old_generations(self) -> None:
        generations.drop_stale(self.index_dir)


# --- helpers ---------------------------------------------------------------------------


class _Connection(sqlite3.Connection):
    """A connection that knows its database file, so per-file caches need no PRAGMA query."""

    path = ""


def _connect(db: Path) -> sqlite3.Connection:
    con = sqlite3.connect(db, timeout=WRITE_TIMEOUT, isolation_level=None, factory=_Connection)
    con.path = str(db)
    con.execute("PRAGMA temp_store = MEMORY")
    return con


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; a writer that holds the lock
    past the timeout is reported as LockTimeout."""

    def __init__(self, con: sqlite3.Connection, where: Path):
        self.con, self.where = con, where

    def __enter__(self):
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise LockTimeout(f"The search index in {self.where} is busy (write lock)") from e

    def __exit__(self, kind, value, tb):
        if kind:
            self.con.execute("ROLLBACK")
            return
        self.con.execute("UPDATE info SET value = value + 1 WHERE key = 'writes'")
        self.con.execute("COMMIT")


class _snapshot:
    """One read transaction: every query of a search sees the same commit."""

    def __init__(self, con: sqlite3.Connection):
        self.con = con

    def __enter__(self):
        self.con.execute("BEGIN")

    def __exit__(self, kind, value, tb):
        self.con.execute("COMMIT")


def _batches(records: Iterable[Record]) -> Iterable[list[Record]]:
    batch: dict[str, Record] = {}
    for record in records:
        batch[record.id] = record  # a later version of the same id wins
        if len(batch) >= BATCH:
            yield list(batch.values())
            batch = {}
    if batch:
        yield list(batch.values())


def _insert(con: sqlite3.Connection, records: list[Record]) -> set[tuple[str, str]]:
    """Rows for these records; gives the facet values they carry."""
    doc = con.execute("SELECT coalesce(max(rowid), 0) FROM doc_meta").fetchone()[0]
    act = con.execute("SELECT coalesce(max(rowid), 0) FROM act_meta").fetchone()[0]
    meta, fts, facets, act_meta, act_fts = [], [], [], [], []
    for record in records:
        doc += 1
        r = rows(record)
        meta.append((doc, *r.meta))
        fts.append((doc, *r.fts))
        facets += [(doc, f, v) for f, v in r.facets]
        for text, focus, columns in r.activities:
            act += 1
            act_meta.append((act, doc, text, focus))
            act_fts.append((act, *columns))
    con.executemany("INSERT INTO doc_meta VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", meta)
    con.executemany("INSERT INTO docs (rowid, title, text, activities, places, ptitle, ptext, "
                    "pactivities, pplaces) VALUES (?,?,?,?,?,?,?,?,?)", fts)
    con.executemany("INSERT INTO spelling (rowid, title, text, activity_text) VALUES (?,?,?,?)",
                    ((m[0], m[2], m[3], m[11]) for m in meta))
    con.executemany("INSERT INTO facet VALUES (?,?,?)", facets)
    con.executemany("INSERT INTO act_meta VALUES (?,?,?,?)", act_meta)
    con.executemany("INSERT INTO acts (rowid, title, text, activities, places, ptitle, ptext, "
                    "pactivities, pplaces) VALUES (?,?,?,?,?,?,?,?,?)", act_fts)
    return {(f, v) for _, f, v in facets}


def _delete(con: sqlite3.Connection, ids: list[str]) -> set[tuple[str, str]]:
    """Removes these records' rows; gives the facet values they carried."""
    touched = set()
    for record_id in ids:
        found = con.execute("SELECT rowid FROM doc_meta WHERE id = ?", (record_id,)).fetchone()
        if found is None:
            continue
        doc = found[0]
        touched |= sqlite_facets.pairs_of(con, [doc])
        con.execute("INSERT INTO spelling (spelling, rowid, title, text, activity_text) SELECT "
                    "'delete', rowid, title, text, activity_text FROM doc_meta WHERE rowid = ?", (doc,))
        con.execute("DELETE FROM docs WHERE rowid = ?", (doc,))
        con.execute("DELETE FROM acts WHERE rowid IN (SELECT rowid FROM act_meta WHERE doc = ?)", (doc,))
        con.execute("DELETE FROM act_meta WHERE doc = ?", (doc,))
        con.execute("DELETE FROM facet WHERE doc = ?", (doc,))
        con.execute("DELETE FROM doc_meta WHERE rowid = ?", (doc,))
    return touched



def _sidecars(db: Path) -> list[Path]:
    return [db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]
