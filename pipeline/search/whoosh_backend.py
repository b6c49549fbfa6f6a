"""The search backend on whoosh.

Layout of the index folder:

    index/
      CURRENT          name of the live generation folder, replaced atomically
      gen-<n>/         a whoosh index plus loften-index.json (the index version)

`add` and `remove` commit into the live generation: whoosh writes new segment files
first and the table of contents last (temp file + rename), so a process killed mid-commit
leaves the previous index readable; its write lock is an fcntl lock, which the kernel
drops when the process dies. `rebuild` fills a new generation and then switches CURRENT,
so searches keep working on the old one meanwhile. Callers hold the archive's lock.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Iterable

from whoosh import highlight, index, query
from whoosh.index import LockError
from whoosh.searching import Searcher

from pipeline.archive.store import atomic_write
from pipeline.errors import ArchiveError, LockTimeout, NotFound
from pipeline.record import Record
from pipeline.search import generations
from pipeline.search import query as q
from pipeline.search.analysis import analyze, index_version, swedish_analyzer
from pipeline.search.backend import (
    FACET_FIELDS,
    ActivityHit,
    Hit,
    SearchRequest,
    SearchResponse,
)
from pipeline.search.schema import build_schema, entries

META = "loften-index.json"
# Tuned on the development pages indexed through the real pipeline; activity wording is also
# in "text", so its own field only nudges.
FIELD_BOOSTS = {"title": 1.25, "text": 1.0, "activities": 0.6, "places": 2.0}
WRITE_TIMEOUT = 30.0  # seconds to wait for whoosh's own write lock
SNIPPET_CHARS = 240
SYNONYM_WEIGHT = 0.4
PART_WEIGHT = 0.3
ACTIVITIES_PER_HIT = 3


class WhooshBackend:
    def __init__(self, index_dir: Path):
        self.index_dir = Path(index_dir)

    # --- state -------------------------------------------------------------------------

    def needs_rebuild(self) -> bool:
        gen = self._live()
        if gen is None or not index.exists_in(str(gen)):
            return True
        try:
            stored = json.loads((gen / META).read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return True
        return stored != index_version()

    def doc_ids(self) -> set[str]:
        gen = self._live()
        if gen is None or not index.exists_in(str(gen)):
            return set()
        with self._searcher() as s:
            return {f["id"] for f in s.documents(type="doc")}

    # --- writing -----------------------------------------------------------------------

    def add(self, records: Iterable[Record]) -> None:
        ix = self._open_or_create()
        with self._writer(ix) as w:
            for record in records:
                w.delete_by_term("parent", record.id)
                for entry in entries(record):
                    w.add_document(**entry)

    def remove(self, ids: Iterable[str]) -> None:
        ix = self._open_or_create()
        with self._writer(ix) as w:
            for record_id in ids:
                w.delete_by_term("parent", record_id)

    def rebuild(self, records: Iterable[Record]) -> None:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        gen = self._new_generation()
        ix = index.create_in(str(gen), build_schema())
        with self._writer(ix) as w:
            for record in records:
                for entry in entries(record):
                    w.add_document(**entry)
        self._write_meta(gen)
        generations.publish(self.index_dir, gen)
        self._drop_old_generations()

    # --- reading -----------------------------------------------------------------------

    def search(self, request: SearchRequest) -> SearchResponse:
        q.check_filters(request.themes, request.year_from, request.year_to, request.kind)
        parsed = q.parse_query(request.query)
        with self._searcher() as s:
            return _Search(s, request, parsed).run()

    def similar(self, record_id: str, limit: int = 10) -> SearchResponse:
        with self._searcher() as s:
            docnum = s.document_number(id=record_id)
            if docnum is None:
                raise NotFound(f"No record {record_id} in the index")
            results = s.more_like(
                docnum, "text", top=limit, numterms=15, filter=query.Term("type", "doc")
            )
            hits = [_hit(h, h.score, _excerpt(h.get("text", ""))) for h in results]
            facets = _facets([h.fields() for h in results])
            return SearchResponse(record_id, len(hits), hits, facets, None)

    # --- storage -----------------------------------------------------------------------

    def _live(self) -> Path | None:
        return generations.live(self.index_dir)

    def _open_or_create(self):
        gen = self._live()
        if gen is not None and index.exists_in(str(gen)):
            return index.open_dir(str(gen))
        self.rebuild([])
        return index.open_dir(str(self._live()))

    def _searcher(self) -> Searcher:
        """A searcher on the live generation; retried briefly, as a concurrent commit may
        remove a segment between reading the table of contents and opening its files."""
        attempts = 5
        for attempt in range(1, attempts + 1):
            gen = self._live()
            if gen is None or not index.exists_in(str(gen)):
                raise ArchiveError(f"No search index in {self.index_dir}; run: loften index")
            try:
                return index.open_dir(str(gen)).searcher()
            except OSError as e:
                if attempt == attempts:
                    raise ArchiveError(f"Cannot open the search index in {self.index_dir}: {e}") from e
                time.sleep(0.05 * attempt)

    def _writer(self, ix):
        try:
            return ix.writer(timeout=WRITE_TIMEOUT)
        except LockError as e:
            raise LockTimeout(f"The search index in {self.index_dir} is busy (write lock)") from e

    def _new_generation(self) -> Path:
        gen = generations.next_name(self.index_dir)
        gen.mkdir()
        return gen

    def _write_meta(self, gen: Path) -> None:
        atomic_write(gen / META, json.dumps({"version": index_version()}).encode())

    def _drop_old_generations(self) -> None:
        generations.drop_stale(self.index_dir)


class _Search:
    """One search: AND of all words ranked first, then documents missing some word."""

    def __init__(self, searcher: Searcher, request: SearchRequest, parsed: q.ParsedQuery):
        self.s = searcher
        self.request = request
        self.parsed = parsed

    def run(self) -> SearchResponse:
        doc_filter = self._filter()
        terms = self.parsed.groups
        suggestion, corrections = self._corrections(terms)
        excluded = [_term_query(t) for t in self.parsed.excluded]
        if not terms:
            ranked = [(d, 0.0, None) for d in self._docnums(excluded, doc_filter)]
        else:
            strict = [_any([_term_query(t, corrections) for t in g]) for g in terms]
            soft = [_any([_term_query(t, corrections, soft=True) for t in g]) for g in terms]
            ranked = self._ranked(query.And(strict), excluded, doc_filter)
            seen = {d for d, _, _ in ranked}
            fallback = self._ranked(query.Or(soft), excluded, doc_filter)
            ranked += [r for r in fallback if r[0] not in seen]
        top = ranked[: max(self.request.limit, 0)]
        hits = [self._hit(docnum, score, matched) for docnum, score, matched in top]
        if self.request.activities and hits and terms:
            any_term = query.Or([_term_query(t, corrections) for g in terms for t in g])
            self._attach_activities(hits, any_term)
        facets = _facets([self.s.stored_fields(d) for d, _, _ in ranked])
        return SearchResponse(self.request.query, len(ranked), hits, facets, suggestion)

    def _ranked(self, q_, excluded, doc_filter) -> list[tuple[int, float, set[str]]]:
        if excluded:
            q_ = query.AndNot(q_, query.Or(excluded))
        results = self.s.search(q_, filter=doc_filter, limit=None, terms=True)
        out = []
        for hit in results:
            terms = {t.decode("utf-8") for f, t in hit.matched_terms() if f in ("text", "title")}
            out.append((hit.docnum, hit.score, terms))
        return out

    def _docnums(self, excluded, doc_filter) -> list[int]:
        q_ = query.Every()
        if excluded:
            q_ = query.AndNot(q_, query.Or(excluded))
        return list(self.s.search(q_, filter=doc_filter, limit=None, sortedby="id").docs())

    def _filter(self):
        r = self.request
        parts = [query.Term("type", "doc")]
        parts += [query.Term("themes", t) for t in r.themes]
        if r.municipality:
            parts.append(self._any_value("municipality", r.municipality))
        if r.county:
            parts.append(self._any_value("county", r.county))
        if r.kind:
            parts.append(query.Term("kind", r.kind))
        if r.year_from is not None:  # the promise's years overlap the range asked for
            parts.append(query.NumericRange("year_to", r.year_from, None))
        if r.year_to is not None:
            parts.append(query.NumericRange("year_from", None, r.year_to))
        return query.And(parts)

    def _any_value(self, field: str, name: str):
        """Terms of `field` equal to the name, ignoring case, "kommun", "län" and genitive s."""
        wanted = q.place_variants(name)
        values = [v.decode("utf-8") for v in self.s.lexicon(field)]
        matching = [v for v in values if q.place_variants(v) & wanted]
        return query.Or([query.Term(field, v) for v in matching]) if matching else query.NullQuery

    def _corrections(self, groups: list[list[q.Term]]) -> tuple[str | None, dict[str, str]]:
        """"Menade du …?": each plain word without any match gets the closest indexed word,
        which is then searched beside it."""
        corrections = {}
        for term in (t for g in groups for t in g):
            if term.phrase or term.prefix or not analyze(term.text):
                continue
            if self._matches(_term_query(term)):
                continue
            fixed = self._closest(term.text)
            if fixed and fixed != term.text.lower() and self._matches(_term_query(q.Term(fixed))):
                corrections[term.text] = fixed
        if not corrections:
            return None, {}
        return q.suggestion_text(self.request.query, corrections), corrections

    def _matches(self, clause) -> bool:
        return bool(self.s.search(clause, filter=query.Term("type", "doc"), limit=1).scored_length())

    def _closest(self, word: str) -> str | None:
        found = self.s.corrector("words").suggest(word.lower(), limit=1, maxdist=2)
        return found[0] if found else None

    def _hit(self, docnum: int, score: float, terms) -> Hit:
        fields = self.s.stored_fields(docnum)
        return _hit_from_fields(fields, score, _snippet(fields.get("text", ""), terms))

    def _attach_activities(self, hits: list[Hit], any_query) -> None:
        by_id = {h.id: h for h in hits}
        parents = query.Or([query.Term("parent", i) for i in by_id])
        wanted = query.And([query.Term("type", "activity"), parents])
        for hit in self.s.search(any_query, filter=wanted, limit=None):
            owner = by_id[hit["parent"]]
            if len(owner.activities) < ACTIVITIES_PER_HIT:
                owner.activities.append(
                    ActivityHit(hit.get("text", ""), hit.get("focus_area"), round(hit.score, 3))
                )


def _term_query(term: q.Term, corrections: dict[str, str] | None = None, soft: bool = False):
    """One search term over every searched field, with the field boosts. The term also
    finds its synonyms and its spelling correction; `soft` lets a compound match on
    some of its parts, for the fallback below the documents with every word."""
    alternatives = [(term, 1.0)]
    if not term.phrase and not term.prefix:
        alternatives += [(q.Term(s), SYNONYM_WEIGHT) for s in q.synonyms(term.text)]
    if corrections and term.text in corrections:
        alternatives.append((q.Term(corrections[term.text]), 1.0))
    per_field = []
    for field, boost in FIELD_BOOSTS.items():
        for alt, weight in alternatives:
            sub = _field_query(field, alt, soft)
            if sub is not None:
                per_field.append(_boosted(sub, boost * weight))
    return query.Or(per_field) if per_field else query.NullQuery


def _field_query(field: str, term: q.Term, soft: bool = False):
    if term.prefix:
        stems = {term.text.lower()}
        stems |= {g[0] for g in analyze(term.text)}
        return query.Or([query.Prefix(field, s) for s in sorted(stems)])
    groups = analyze(term.text)
    if not groups:
        return None
    if term.phrase:
        if len(groups) == 1:
            return query.Term(field, groups[0][0])
        return query.Phrase(field, [g[0] for g in groups])
    words = [_word_query(field, g, soft) for g in groups]
    return words[0] if len(words) == 1 else query.And(words)


def _word_query(field: str, terms: list[str], soft: bool = False):
    """A compound matches itself, or all of its parts ("narkotikahund" ~ narkotika + hund);
    soft, any part alone matches too, at a low weight."""
    whole = query.Term(field, terms[0])
    if len(terms) == 1:
        return whole
    options = [whole, query.And([query.Term(field, t) for t in terms[1:]])]
    if soft:
        options += [_boosted(query.Term(field, t), PART_WEIGHT) for t in terms[1:]]
    return query.Or(options)


def _boosted(q_, boost: float):
    q_.boost = boost
    return q_


def _any(group: list):
    return group[0] if len(group) == 1 else query.Or(group)


def _hit_from_fields(fields: dict, score: float, snippet: str) -> Hit:
    return Hit(
        id=fields["id"],
        title=fields.get("title", ""),
        municipalities=list(fields.get("municipalities", [])),
        year=fields.get("year"),
        kind=fields.get("kind", "other"),
        score=round(float(score), 3),
        snippet=snippet,
        source_path=fields.get("source_path", ""),
    )


def _hit(hit, score: float, snippet: str) -> Hit:
    return _hit_from_fields(hit.fields(), score, snippet)


class _MarkdownFormatter(highlight.Formatter):
    between = " … "

    def format_token(self, text, token, replace=False):
        return f"**{highlight.get_text(text, token, replace)}**"


def _snippet(text: str, terms: set[str] | None) -> str:
    """Up to two fragments around matched words, marked **word**; else the opening."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
        marked = highlight.highlight(
            text, frozenset(terms), swedish_analyzer(), fragmenter, _MarkdownFormatter(), top=2
        )
        if marked:
            return " ".join(marked.split())
    return _excerpt(text)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _facets(stored: list[dict]) -> dict[str, dict[str, int]]:
    """Counts per value over the whole result set; multi-valued fields count each value."""
    facets: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}
    for fields in stored:
        for f in FACET_FIELDS:
            raw = fields.get(f)
            if raw is None or raw == "":
                continue
            values = raw.split(",") if f in ("municipality", "themes") else [str(raw)]
            for v in values:
                facets[f][v] = facets[f].get(v, 0) + 1
    return {f: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for f, c in facets.items()}
