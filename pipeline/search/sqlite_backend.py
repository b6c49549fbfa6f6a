"""The SQLite FTS5 engine (the standard library's sqlite3), the default.

Layout of the index folder:

    index/
      CURRENT            name of the live database file, replaced atomically
      gen-<n>.sqlite     one database per generation (with its -wal and -shm files)

Tables:

    docs        FTS5, one row per record: title, text, activities, places as analysed terms
                (whole words and compound parts), and p* copies with whole words only, for
                literal words and phrases. rowid = doc_meta.rowid, the document's key.
    doc_meta    the record id and the stored fields a hit shows (JSON).
    facet       (doc, field, value) rows; facet_mask the same as one bit mask per value.
    spelling    FTS5 over the surface words, whose vocabulary (spelling_vocab) spelling
                corrections come from.
    lexicon     every indexed surface word with its analysed terms, so a search need not
                load the vocabulary to analyse words the index knows.
    info        key/value: the index version, and `writes`, a count of committed writes
                that read-side caches are keyed by.

The database is in WAL mode: readers never wait for a writer and see the last commit. Every
`add` and `remove` is one transaction, so a process killed in the middle leaves the previous
state (SQLite rolls the rest back on the next open). `rebuild` fills a new generation and
then switches CURRENT, so searches keep working on the old one meanwhile. Callers hold the
archive's lock; SQLite's own write lock is waited for WRITE_TIMEOUT seconds.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.errors import ArchiveError, LockTimeout
from pipeline.record import Record
from pipeline.search import generations
from pipeline.search import masks as bits
from pipeline.search import plan as p
from pipeline.search.analysis import index_version, terms_of
from pipeline.search.backend import Stored
from pipeline.search.rows import FIELD_BOOSTS, TEXT_FIELDS, row

WRITE_TIMEOUT = 30.0  # seconds to wait for another writer
OPEN_ATTEMPTS = 5  # tries to open the live generation while rebuilds replace it
OPEN_PAUSE = 0.02  # seconds, times the attempt, between them
BATCH = 500  # records analysed per executemany round
MMAP_BYTES = 1 << 32  # a reader maps up to this much of the database (address space only)
PHRASE_FIELDS = tuple(f"p{f}" for f in TEXT_FIELDS)
ANY = "{" + " ".join(TEXT_FIELDS) + "} : "
WHOLE = "{" + " ".join(PHRASE_FIELDS) + "} : "
_BM25 = "bm25(docs, " + ", ".join(map(str, [*FIELD_BOOSTS.values()] * 2)) + ")"
_FTS = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\""

DDL = f"""
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE doc_meta (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, stored TEXT NOT NULL);
CREATE TABLE facet (doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
CREATE TABLE facet_mask (field TEXT, value TEXT, mask BLOB, PRIMARY KEY (field, value));
CREATE INDEX facet_doc ON facet (doc);
CREATE INDEX facet_value ON facet (field, value, doc);
CREATE VIRTUAL TABLE docs USING fts5({", ".join(TEXT_FIELDS + PHRASE_FIELDS)}, {_FTS});
CREATE VIRTUAL TABLE spelling USING fts5(words, detail = none,
    tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE spelling_vocab USING fts5vocab(spelling, 'row');
CREATE TABLE lexicon (word TEXT PRIMARY KEY, terms TEXT NOT NULL) WITHOUT ROWID;
"""


def version() -> str:
    """Stored in the index: the engine's name, so switching engines rebuilds, and the
    analysis version."""
    return f"{SqliteEngine.name}-{index_version()}"


class SqliteEngine:
    name = "sqlite"

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)
        self._cons: dict[bool, tuple[Path, sqlite3.Connection]] = {}  # read-only? -> (file, connection)
        self._current: tuple | None = None  # the live generation's identity, its version checked

    # --- state -------------------------------------------------------------------------

    def needs_rebuild(self) -> bool:
        """Asked before every search of the application object: a generation whose version
        was read once is known by its file's identity (a rebuild writes another file)."""
        db = generations.live(self.index_dir)
        try:
            st = db.stat() if db is not None else None
        except OSError:
            st = None
        if st is None or not stat.S_ISREG(st.st_mode):
            return True
        identity = (str(db), st.st_ino, st.st_mtime_ns, version())
        if identity == self._current:
            return False
        try:
            found = self._reading().execute("SELECT value FROM info WHERE key = 'version'").fetchone()
        except (sqlite3.DatabaseError, ArchiveError):
            return True
        stale = found is None or found[0] != version()
        self._current = None if stale else identity
        return stale

    def doc_ids(self) -> set[str]:
        db = generations.live(self.index_dir)
        if db is None or not db.is_file():
            return set()
        return {i for (i,) in self._reading().execute("SELECT id FROM doc_meta")}

    # --- writing -----------------------------------------------------------------------

    def add(self, records: Iterable[Record]) -> None:
        con = self._writable()
        with _transaction(con, self.index_dir):
            touched = set()
            for batch in _batches(records):
                touched |= _delete(con, [r.id for r in batch])
                touched |= _insert(con, batch)
            _refresh_masks(con, touched)

    def remove(self, ids: Iterable[str]) -> None:
        con = self._writable()
        with _transaction(con, self.index_dir):
            _refresh_masks(con, _delete(con, list(ids)))

    def rebuild(self, records: Iterable[Record]) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        db = generations.next_name(self.index_dir, ".sqlite")
        for leftover in (db, *generations.sidecars(db)):
            leftover.unlink(missing_ok=True)
        con = _connect(db)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            with _transaction(con, self.index_dir):
                for statement in DDL.split(";"):
                    if statement.strip():
                        con.execute(statement)
                for batch in _batches(records):
                    _insert(con, batch)
                _refresh_masks(con)
                con.execute("INSERT INTO info VALUES ('version', ?), ('writes', 0)", (version(),))
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        generations.publish(self.index_dir, db)
        generations.drop_stale(self.index_dir)

    # --- reading -----------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator["SqliteReader"]:
        """One read transaction: every question of a search sees the same commit."""
        con = self._reading()
        con.execute("BEGIN")
        try:
            yield SqliteReader(con)
        finally:
            con.execute("COMMIT")

    def _reading(self) -> sqlite3.Connection:
        """A read-only connection to the live generation. A rebuild may drop the generation
        CURRENT named a moment ago; read-only, SQLite then fails to open it instead of
        creating an empty file, and the read is tried again on the one CURRENT names now."""
        attempt = 0
        while True:
            attempt += 1
            db = generations.live(self.index_dir)
            missing = db is None or not db.is_file()
            if missing and (db is None or generations.live(self.index_dir) == db):
                raise ArchiveError(f"Inget sökindex i {self.index_dir}; kör: loften index")
            reason = f"{db.name} är borttagen"
            if not missing:
                try:
                    con = self._connection(db, readonly=True)
                    _writes(con)  # the file is a whole index, not one being removed
                    return con
                except sqlite3.DatabaseError as e:
                    self._close(readonly=True)
                    reason = str(e)
            if attempt == OPEN_ATTEMPTS:
                raise ArchiveError(f"Kan inte öppna sökindexet i {self.index_dir}: {reason}")
            time.sleep(OPEN_PAUSE * attempt)

    def _connection(self, db: Path, readonly: bool = False) -> sqlite3.Connection:
        """One connection of each kind, kept while CURRENT names its generation."""
        path, con = self._cons.get(readonly, (None, None))
        if con is None or path != db:
            self._close(readonly)
            con = _connect(db, readonly)
            self._cons[readonly] = (db, con)
        return con

    def _close(self, readonly: bool) -> None:
        _, con = self._cons.pop(readonly, (None, None))
        if con is not None:
            con.close()

    def _writable(self) -> sqlite3.Connection:
        db = generations.live(self.index_dir)
        if db is None or not db.is_file():
            self.rebuild([])
            db = generations.live(self.index_dir)
        return self._connection(db)


class SqliteReader:
    def __init__(self, con: sqlite3.Connection):
        self.con = con
        self.version = (con.path, _writes(con))

    def all(self) -> int:
        return _cached(("all", *self.version), lambda: _keys(self.con.execute(
            "SELECT group_concat(rowid) FROM doc_meta")))

    def key(self, record_id: str) -> int | None:
        found = self.con.execute("SELECT rowid FROM doc_meta WHERE id = ?", (record_id,)).fetchone()
        return found[0] if found else None

    def match(self, node: p.Node) -> int:
        sql = "SELECT group_concat(rowid) FROM docs WHERE docs MATCH ?"
        return _keys(self.con.execute(sql, (compile_node(node, scoped=False),)))

    def top(self, weights: dict, within: int | None, k: int) -> list[tuple[int, float]]:
        if k <= 0 or not weights:
            return []
        classes: dict[float, list[str]] = {}
        for leaf, weight in weights.items():
            classes.setdefault(weight, []).append(compile_node(leaf))
        sql, args, inside = "", [], ""
        if within is not None:
            # the shorter list: the documents chosen, or those left out (a tier is often
            # nearly every document); + : no lookup per rowid
            outside = self.all() & ~within
            listed, test = (outside, "NOT IN") if outside.bit_count() < within.bit_count() else (within, "IN")
            sql = "WITH listed(doc) AS MATERIALIZED (SELECT value FROM json_each(?)) "
            args, inside = [json.dumps(sorted(bits.members(listed)))], f" AND +rowid {test} listed"
        parts = []
        for weight, expressions in sorted(classes.items(), reverse=True):
            parts.append(f"SELECT rowid AS doc, {weight} * -{_BM25} AS s FROM docs "
                         f"WHERE docs MATCH ?{inside}")
            args.append(_any(expressions))
        if len(parts) == 1:
            sql += parts[0] + " ORDER BY s DESC, doc LIMIT ?"
        else:
            sql += (f"SELECT doc, sum(s) AS t FROM ({' UNION ALL '.join(parts)}) "
                    "GROUP BY doc ORDER BY t DESC, doc LIMIT ?")
        return self.con.execute(sql, [*args, k]).fetchall()

    def stored(self, keys: list[int]) -> dict[int, Stored]:
        if not keys:
            return {}
        sql = "SELECT rowid, stored FROM doc_meta WHERE rowid IN (SELECT value FROM json_each(?))"
        return {d: Stored(**json.loads(s)) for d, s in self.con.execute(sql, (json.dumps(keys),))}

    def facet_masks(self) -> list[tuple[str, str, int]]:
        return _cached(("masks", *self.version), lambda: [
            (f, v, int.from_bytes(m, "little"))
            for f, v, m in self.con.execute("SELECT field, value, mask FROM facet_mask")])

    def vocabulary(self, first: str) -> dict[str, int]:
        sql = "SELECT term, doc FROM spelling_vocab WHERE term >= ? AND term <= ?"
        return _cached(("vocab", first, *self.version), lambda: dict(
            self.con.execute(sql, (first, first + "\U0010ffff"))))

    def lexicon(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        sql = "SELECT word, terms FROM lexicon WHERE word IN (SELECT value FROM json_each(?))"
        return {w: tuple(t.split()) for w, t in self.con.execute(sql, (json.dumps(words),))}

    def terms(self, key: int) -> list[str]:
        found = self.con.execute("SELECT ptext FROM docs WHERE rowid = ?", (key,)).fetchone()
        return found[0].split() if found else []

    def doc_count(self, leaf: p.Leaf) -> int:
        sql = "SELECT count(*) FROM docs WHERE docs MATCH ?"
        return self.con.execute(sql, (compile_node(leaf, scoped=False),)).fetchone()[0]


def compile_node(node: p.Node, scoped: bool = True) -> str:
    """A plan node as an FTS5 match expression. Unscoped (for finding matches only), a
    compound-part or prefix leaf leaves out its column filter: the p* columns hold the same
    documents' whole words, so the match is the same, and FTS5 finds it without positions."""
    if isinstance(node, p.Word):
        star = "*" if node.prefix else ""
        scope = WHOLE if node.whole and not node.prefix else ANY if scoped else ""
        return f'{scope}"{node.term}"{star}'
    if isinstance(node, p.Phrase):
        return WHOLE + '"' + " ".join(node.terms) + '"'
    joined = [compile_node(c, scoped) for c in node.children]
    return "(" + (" AND " if isinstance(node, p.All) else " OR ").join(joined) + ")"


def _keys(cursor: sqlite3.Cursor) -> int:
    """The keys of a `group_concat(rowid)` query as a bit mask: one row to Python, not one
    per document."""
    (joined,) = cursor.fetchone()
    return bits.bitmask(map(int, joined.split(","))) if joined else 0


def _any(expressions: list[str]) -> str:
    return expressions[0] if len(expressions) == 1 else "(" + " OR ".join(expressions) + ")"


# --- helpers ---------------------------------------------------------------------------

_CACHE: dict[tuple, object] = {}


def _cached(key: tuple, compute):
    """Read-side results kept per database file and commit (not per connection, which a
    cache would keep open); safe to share between the threads of a server."""
    found = _CACHE.get(key)  # read once: another thread may clear the cache meanwhile
    if found is None:
        if len(_CACHE) >= 256:
            _CACHE.clear()
        found = _CACHE[key] = compute()
    return found


class _Connection(sqlite3.Connection):
    """A connection that knows its database file, so per-file caches need no PRAGMA query."""

    path = ""


def _connect(db: Path, readonly: bool = False) -> sqlite3.Connection:
    target = Path(os.path.abspath(db)).as_uri() + "?mode=ro" if readonly else str(db)
    con = sqlite3.connect(target, timeout=WRITE_TIMEOUT, isolation_level=None, factory=_Connection,
                          uri=readonly)
    con.path = str(db)
    con.execute("PRAGMA temp_store = MEMORY")
    if readonly:
        # pages read in place from the file, not copied into each connection's page cache:
        # a fresh process (every `loften search`) starts with an empty cache
        con.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
    return con


def _writes(con) -> int:
    found = con.execute("SELECT value FROM info WHERE key = 'writes'").fetchone()
    return int(found[0]) if found else 0


class _transaction:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; a writer that holds the lock
    past the timeout is reported as LockTimeout."""

    def __init__(self, con: sqlite3.Connection, where: Path):
        self.con, self.where = con, where

    def __enter__(self):
        try:
            self.con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise LockTimeout(f"Sökindexet i {self.where} är upptaget (skrivlås)") from e

    def __exit__(self, kind, value, tb):
        if kind:
            self.con.execute("ROLLBACK")
            return
        self.con.execute("UPDATE info SET value = value + 1 WHERE key = 'writes'")
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
    meta, fts, facets, spelling = [], [], [], []
    for record in records:
        doc += 1
        r = row(record)
        meta.append((doc, r.id, json.dumps(r.stored_dict(), ensure_ascii=False)))
        fts.append((doc, *(r.fields[f][0] for f in TEXT_FIELDS), *(r.fields[f][1] for f in TEXT_FIELDS)))
        facets += [(doc, f, v) for f, v in r.facets]
        spelling.append((doc, r.spelling))
    con.executemany("INSERT INTO doc_meta VALUES (?,?,?)", meta)
    columns = ", ".join(TEXT_FIELDS + PHRASE_FIELDS)
    con.executemany(f"INSERT INTO docs (rowid, {columns}) VALUES (?,?,?,?,?,?,?,?,?)", fts)
    con.executemany("INSERT INTO spelling (rowid, words) VALUES (?,?)", spelling)
    known = {w for _, text in spelling for w in text.split()}
    con.executemany("INSERT OR IGNORE INTO lexicon VALUES (?, ?)",
                    ((w, " ".join(terms_of(w))) for w in sorted(known)))
    con.executemany("INSERT INTO facet VALUES (?,?,?)", facets)
    return {(f, v) for _, f, v in facets}


def _delete(con: sqlite3.Connection, ids: list[str]) -> set[tuple[str, str]]:
    """Removes these records' rows; gives the facet values they carried."""
    touched = set()
    for record_id in ids:
        found = con.execute("SELECT rowid FROM doc_meta WHERE id = ?", (record_id,)).fetchone()
        if found is None:
            continue
        doc = found[0]
        touched |= set(con.execute("SELECT DISTINCT field, value FROM facet WHERE doc = ?", (doc,)))
        for table in ("docs", "spelling", "doc_meta"):
            con.execute(f"DELETE FROM {table} WHERE rowid = ?", (doc,))
        con.execute("DELETE FROM facet WHERE doc = ?", (doc,))
    return touched


def _refresh_masks(con: sqlite3.Connection, pairs: set[tuple[str, str]] | None = None) -> None:
    """Rewrite the bit masks of these (field, value) pairs from `facet` (all when None)."""
    if pairs is None:
        con.execute("DELETE FROM facet_mask")
        docs: dict[tuple[str, str], list[int]] = {}
        for field, value, doc in con.execute("SELECT field, value, doc FROM facet"):
            docs.setdefault((field, value), []).append(doc)
    else:
        docs = {pair: [d for (d,) in con.execute(
            "SELECT doc FROM facet WHERE field = ? AND value = ?", pair)] for pair in pairs}
    for (field, value), found in docs.items():
        if found:
            mask = bits.bitmask(found)
            blob = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
            con.execute("INSERT OR REPLACE INTO facet_mask VALUES (?, ?, ?)", (field, value, blob))
        else:
            con.execute("DELETE FROM facet_mask WHERE field = ? AND value = ?", (field, value))
