"""An evaluation, not an engine loften ships: the `tantivy` package (a Rust engine of the Lucene
family) behind the same primitives as the SQLite and whoosh engines (pipeline.search.backend
.Reader), so the one searcher runs on it unchanged and the figures compare like with like.

    python bench/tantivy_eval.py RECORDS.pickle [--sizes 10000,100000]

builds, at each size, the tantivy index and the SQLite FTS5 one from records cloned from the
pickled ones, then runs the queries of bench/queries.yaml through the searcher on each and
prints build time, size on disk, median and p95. Keys are our own (a fast u64 field); facet
masks are read from the index's postings once per reader, as a real engine would keep them.
"""

from __future__ import annotations

import argparse
import copy
import json
import pickle
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

import tantivy  # noqa: E402
import yaml  # noqa: E402

from pipeline.search import masks as bits  # noqa: E402
from pipeline.search import open_backend  # noqa: E402
from pipeline.search import plan as p  # noqa: E402
from pipeline.search.backend import COVERS, FACET_FIELDS, SearchRequest, Stored  # noqa: E402
from pipeline.search.rows import FIELD_BOOSTS, TEXT_FIELDS, row  # noqa: E402
from pipeline.search.searcher import Searcher  # noqa: E402

FACETS = (*FACET_FIELDS, COVERS)
PHRASE = {f: f"p{f}" for f in TEXT_FIELDS}


def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", tokenizer_name="raw", index_option="basic")
    b.add_unsigned_field("key", stored=True, indexed=True, fast=True)
    b.add_bytes_field("stored", stored=True)
    b.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
    for f in TEXT_FIELDS:
        b.add_text_field(f, tokenizer_name="whitespace", index_option="freq")
        b.add_text_field(PHRASE[f], tokenizer_name="whitespace", index_option="position",
                         stored=f == "text")
    for f in FACETS:
        b.add_text_field(f, tokenizer_name="raw", index_option="basic")
    return b.build()


def build(path: Path, records) -> tantivy.Index:
    index = tantivy.Index(schema(), path=str(path))
    writer = index.writer(heap_size=200_000_000)
    for key, record in enumerate(records, 1):
        r = row(record)
        doc = tantivy.Document()
        doc.add_text("id", r.id)
        doc.add_unsigned("key", key)
        doc.add_bytes("stored", json.dumps(r.stored_dict(), ensure_ascii=False).encode())
        doc.add_text("words", r.spelling)
        for f in TEXT_FIELDS:
            doc.add_text(f, r.fields[f][0])
            doc.add_text(PHRASE[f], r.fields[f][1])
        for f, v in r.facets:
            doc.add_text(f, v)
        writer.add_document(doc)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index


class TantivyReader:
    def __init__(self, index: tantivy.Index):
        self.index = index
        self.schema = index.schema
        self.s = index.searcher()
        self.n = self.s.num_docs
        self._masks = None

    def _keys(self, query) -> list[int]:
        hits = self.s.search(query, limit=max(self.n, 1), count=False).hits
        return self.s.fast_field_values("key", [a for _, a in hits])

    def all(self) -> int:
        return bits.bitmask(self._keys(tantivy.Query.all_query()))

    def key(self, record_id: str) -> int | None:
        found = self._keys(tantivy.Query.term_query(self.schema, "id", record_id))
        return found[0] if found else None

    def match(self, node) -> int:
        return bits.bitmask(self._keys(self.compile(node)))

    def top(self, weights: dict, within, k: int):
        if k <= 0 or not weights:
            return []
        should = [(tantivy.Occur.Should, tantivy.Query.boost_query(self.compile(leaf), w))
                  for leaf, w in weights.items()]
        query = tantivy.Query.boolean_query(should)
        if within is not None:
            keep = tantivy.Query.const_score_query(
                tantivy.Query.term_set_query(self.schema, "key", sorted(bits.members(within))), 0.0)
            query = tantivy.Query.boolean_query([(tantivy.Occur.Must, keep), (tantivy.Occur.Must, query)])
        hits = self.s.search(query, limit=k, count=False).hits
        keys = self.s.fast_field_values("key", [a for _, a in hits])
        return sorted(zip(keys, (s for s, _ in hits)), key=lambda x: (-x[1], x[0]))

    def stored(self, keys):
        if not keys:
            return {}
        q = tantivy.Query.term_set_query(self.schema, "key", list(keys))
        out = {}
        for _, address in self.s.search(q, limit=len(keys), count=False).hits:
            doc = self.s.doc(address)
            out[doc.get_first("key")] = Stored(**json.loads(bytes(doc.get_first("stored"))))
        return out

    def facet_masks(self):
        if self._masks is None:
            self._masks = []
            for f in FACETS:
                for value, _ in self.s.terms_with_prefix(f, ""):
                    keys = self._keys(tantivy.Query.term_query(self.schema, f, value))
                    self._masks.append((f, value, bits.bitmask(keys)))
        return self._masks

    def vocabulary(self, first: str) -> dict[str, int]:
        return dict(self.s.terms_with_prefix("words", first))

    def lexicon(self, words):
        return {}

    def terms(self, key: int) -> list[str]:
        q = tantivy.Query.term_query(self.schema, "key", key)
        hits = self.s.search(q, limit=1).hits
        return (self.s.doc(hits[0][1]).get_first("ptext") or "").split() if hits else []

    def doc_count(self, leaf) -> int:
        return self.s.search(self.compile(leaf), limit=0, count=True).count

    def compile(self, node):
        Q = tantivy.Query
        if isinstance(node, p.Word):
            if node.prefix:
                pattern = re.escape(node.term) + ".*"
                parts = [Q.boost_query(Q.regex_query(self.schema, f, pattern), FIELD_BOOSTS[f])
                         for f in TEXT_FIELDS]
            else:
                names = PHRASE if node.whole else {f: f for f in TEXT_FIELDS}
                parts = [Q.boost_query(Q.term_query(self.schema, names[f], node.term), FIELD_BOOSTS[f])
                         for f in TEXT_FIELDS]
            return Q.boolean_query([(tantivy.Occur.Should, q) for q in parts])
        if isinstance(node, p.Phrase):
            parts = [Q.boost_query(Q.phrase_query(self.schema, PHRASE[f], list(node.terms)), FIELD_BOOSTS[f])
                     for f in TEXT_FIELDS]
            return Q.boolean_query([(tantivy.Occur.Should, q) for q in parts])
        occur = tantivy.Occur.Must if isinstance(node, p.All) else tantivy.Occur.Should
        return Q.boolean_query([(occur, self.compile(c)) for c in node.children])


def _request(spec: dict) -> SearchRequest:
    return SearchRequest(query=spec.get("query", ""), municipality=spec.get("municipality"),
                         county=spec.get("county"), themes=spec.get("themes", []),
                         kind=spec.get("kind"), activities=spec.get("activities", False))


def _latency(run, queries) -> tuple[float, float]:
    run(queries[0])
    times = []
    for _ in range(2):
        for spec in queries:
            t = time.perf_counter()
            run(spec)
            times.append(time.perf_counter() - t)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def _size(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="a pickle of extracted Record objects")
    parser.add_argument("--sizes", default="10000")
    args = parser.parse_args()
    base = pickle.loads(args.records.read_bytes())
    queries = yaml.safe_load((ROOT / "bench" / "queries.yaml").read_text(encoding="utf-8"))
    for size in (int(s) for s in args.sizes.split(",")):
        records = []
        for i in range(size):
            r = copy.copy(base[i % len(base)])
            r.id = f"{i:016x}"
            records.append(r)
        work = Path(tempfile.mkdtemp(prefix="loften-tantivy-"))
        (work / "tantivy").mkdir()
        t = time.perf_counter()
        index = build(work / "tantivy", records)
        tantivy_build = time.perf_counter() - t
        reader = TantivyReader(index)
        tantivy_ms = _latency(lambda spec: Searcher(reader, _request(spec)).run(), queries)
        t = time.perf_counter()
        sqlite = open_backend(work / "sqlite", "sqlite")
        sqlite.rebuild(records)
        sqlite_build = time.perf_counter() - t
        sqlite_ms = _latency(lambda spec: sqlite.search(_request(spec)), queries)
        pairs = [(Searcher(reader, _request(spec)).run(), sqlite.search(_request(spec))) for spec in queries]
        same_total = sum(a.total == b.total and a.literal == b.literal for a, b in pairs)
        same_set = sum({h.id for h in a.hits} == {h.id for h in b.hits} for a, b in pairs)
        print(f"{size} documents: the same counts for {same_total}, the same top 10 (as a set) for "
              f"{same_set} of {len(queries)} queries")
        print(f"  tantivy  build {tantivy_build:6.1f} s  size {_size(work / 'tantivy'):6.1f} MB  "
              f"median {tantivy_ms[0]:6.1f} ms  p95 {tantivy_ms[1]:6.1f} ms")
        print(f"  sqlite   build {sqlite_build:6.1f} s  size {_size(work / 'sqlite'):6.1f} MB  "
              f"median {sqlite_ms[0]:6.1f} ms  p95 {sqlite_ms[1]:6.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
