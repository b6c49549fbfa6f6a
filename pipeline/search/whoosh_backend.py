"""The whoosh engine (optional: `pip install 'loften[whoosh]'`).

Whoosh stores loften's own analysis: every text field is the space-separated terms of
pipeline.search.rows, split by whoosh's SpaceSeparatedTokenizer, so whoosh never analyses
Swedish itself and gives the same matches as SQLite.

Layout of the index folder:

    index/
      CURRENT          name of the live generation folder, replaced atomically
      gen-<n>/         a whoosh index plus loften-index.json (the index version)

`add` and `remove` commit into the live generation: whoosh writes new segment files first
and the table of contents last (temp file + rename), so a process killed mid-commit leaves
the previous index readable; its write lock is an fcntl lock, which the kernel drops when the
process dies. `rebuild` fills a new generation and then switches CURRENT, so searches keep
working on the old one meanwhile. Callers hold the archive's lock.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import index, query
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.index import LockError

from pipeline.errors import ArchiveError, LockTimeout
from pipeline.record import Record
from pipeline.search import generations
from pipeline.search import masks as bits
from pipeline.search import plan as p
from pipeline.search.analysis import index_version
from pipeline.search.backend import COVERS, FACET_FIELDS, Stored
from pipeline.search.rows import FIELD_BOOSTS, TEXT_FIELDS, row

META = "loften-index.json"
WRITE_TIMEOUT = 30.0  # seconds to wait for whoosh's own write lock
PHRASE_FIELDS = {f: f"p{f}" for f in TEXT_FIELDS}
FACETS = (*FACET_FIELDS, COVERS)


def version() -> str:
    return f"{WhooshEngine.name}-{index_version()}"


def build_schema() -> Schema:
    terms = SpaceSeparatedTokenizer()
    fields = {"id": ID(stored=True, unique=True), "stored": STORED,
              "words": TEXT(analyzer=terms, phrase=False)}
    for f in TEXT_FIELDS:
        fields[f] = TEXT(analyzer=terms, phrase=False)
        fields[PHRASE_FIELDS[f]] = TEXT(analyzer=terms, phrase=True, stored=f == "text")
    for f in FACETS:
        fields[f] = KEYWORD(commas=True, scorable=False)
    return Schema(**fields)


def _document(record: Record) -> dict:
    r = row(record)
    doc = {"id": r.id, "stored": json.dumps(r.stored_dict(), ensure_ascii=False), "words": r.spelling}
    for f in TEXT_FIELDS:
        doc[f], doc[PHRASE_FIELDS[f]] = r.fields[f]
    values: dict[str, list[str]] = {}
    for f, v in r.facets:
        values.setdefault(f, []).append(v.replace(",", " "))
    doc.update({f: ",".join(v) for f, v in values.items()})
    return {k: v for k, v in doc.items() if v != ""}


class WhooshEngine:
    name = "whoosh"

    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)

    # --- state -------------------------------------------------------------------------

    def needs_rebuild(self) -> bool:
        gen = generations.live(self.index_dir)
        if gen is None or not index.exists_in(str(gen)):
            return True
        try:
            stored = json.loads((gen / META).read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return True
        return stored != version()

    def doc_ids(self) -> set[str]:
        gen = generations.live(self.index_dir)
        if gen is None or not index.exists_in(str(gen)):
            return set()
        with self._searcher() as s:
            return {f["id"] for f in s.all_stored_fields()}

    # --- writing -----------------------------------------------------------------------

    def add(self, records: Iterable[Record]) -> None:
        with self._writer(self._open_or_create()) as w:
            for record in records:
                w.delete_by_term("id", record.id)
                w.add_document(**_document(record))

    def remove(self, ids: Iterable[str]) -> None:
        with self._writer(self._open_or_create()) as w:
            for record_id in ids:
                w.delete_by_term("id", record_id)

    def rebuild(self, records: Iterable[Record]) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        gen = generations.next_name(self.index_dir)
        gen.mkdir()
        with self._writer(index.create_in(str(gen), build_schema())) as w:
            for record in records:
                w.add_document(**_document(record))
        generations.write_atomic(gen / META, json.dumps({"version": version()}).encode())
        generations.publish(self.index_dir, gen)
        generations.drop_stale(self.index_dir)

    # --- reading -----------------------------------------------------------------------

    @contextmanager
    def reader(self) -> Iterator["WhooshReader"]:
        with self._searcher() as s:
            yield WhooshReader(s)

    def _open_or_create(self):
        gen = generations.live(self.index_dir)
        if gen is not None and index.exists_in(str(gen)):
            return index.open_dir(str(gen))
        self.rebuild([])
        return index.open_dir(str(generations.live(self.index_dir)))

    def _searcher(self):
        """A searcher on the live generation; retried briefly, as a concurrent commit may
        remove a segment between reading the table of contents and opening its files, and a
        rebuild the generation CURRENT named a moment ago."""
        attempts = 5
        for attempt in range(1, attempts + 1):
            gen = generations.live(self.index_dir)
            if gen is not None and index.exists_in(str(gen)):
                try:
                    return index.open_dir(str(gen)).searcher()
                except OSError as e:
                    if attempt == attempts:
                        raise ArchiveError(f"Kan inte öppna sökindexet i {self.index_dir}: {e}") from e
            elif gen is None or attempt == attempts or generations.live(self.index_dir) == gen:
                raise ArchiveError(f"Inget sökindex i {self.index_dir}; kör: loften index")
            time.sleep(0.05 * attempt)

    def _writer(self, ix):
        try:
            return ix.writer(timeout=WRITE_TIMEOUT)
        except LockError as e:
            raise LockTimeout(f"Sökindexet i {self.index_dir} är upptaget (skrivlås)") from e


class WhooshReader:
    def __init__(self, searcher):
        self.s = searcher
        self._masks = None

    def all(self) -> int:
        return bits.bitmask(self.s.reader().all_doc_ids())

    def key(self, record_id: str) -> int | None:
        return self.s.document_number(id=record_id)

    def match(self, node: p.Node) -> int:
        return bits.bitmask(self.s.docs_for_query(compile_node(node)))

    def top(self, weights: dict, within: int | None, k: int) -> list[tuple[int, float]]:
        if k <= 0 or not weights:
            return []
        clauses = []
        for leaf, weight in weights.items():
            clause = compile_node(leaf)
            clause.boost = weight
            clauses.append(clause)
        allowed = None if within is None else bits.members(within)
        results = self.s.search(query.Or(clauses), filter=allowed, limit=None)
        ranked = sorted(((h.docnum, h.score) for h in results), key=lambda x: (-x[1], x[0]))
        return ranked[:k]

    def stored(self, keys: list[int]) -> dict[int, Stored]:
        return {k: Stored(**json.loads(self.s.stored_fields(k)["stored"])) for k in keys}

    def facet_masks(self) -> list[tuple[str, str, int]]:
        if self._masks is None:
            self._masks = [
                (f, value.decode("utf-8"),
                 bits.bitmask(self.s.docs_for_query(query.Term(f, value.decode("utf-8")))))
                for f in FACETS for value in self.s.lexicon(f)
            ]
        return self._masks

    def vocabulary(self, first: str) -> dict[str, int]:
        r = self.s.reader()
        found = (w.decode("utf-8") if isinstance(w, bytes) else w for w in r.expand_prefix("words", first))
        return {w: r.doc_frequency("words", w) for w in found}

    def lexicon(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        """Whoosh keeps no lexicon: its searches analyse every word."""
        return {}

    def terms(self, key: int) -> list[str]:
        return self.s.stored_fields(key).get("ptext", "").split()

    def doc_count(self, leaf: p.Leaf) -> int:
        return self.match(leaf).bit_count()


def compile_node(node: p.Node):
    """A plan node as a whoosh query over the analysed fields, with the field boosts."""
    if isinstance(node, p.Word):
        if node.prefix:
            return query.Or([query.Prefix(f, node.term, boost=FIELD_BOOSTS[f]) for f in TEXT_FIELDS])
        names = PHRASE_FIELDS if node.whole else {f: f for f in TEXT_FIELDS}
        return query.Or([query.Term(names[f], node.term, boost=FIELD_BOOSTS[f]) for f in TEXT_FIELDS])
    if isinstance(node, p.Phrase):
        return query.Or([query.Phrase(PHRASE_FIELDS[f], list(node.terms), boost=FIELD_BOOSTS[f])
                         for f in TEXT_FIELDS])
    children = [compile_node(c) for c in node.children]
    return query.And(children) if isinstance(node, p.All) else query.Or(children)
