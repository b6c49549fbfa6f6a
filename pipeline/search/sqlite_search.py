"""One search, and `similar`, on an open SQLite index (see sqlite_schema.py).

Ranking as in the whoosh backend: documents with every query word first, then documents
missing some word; within each, bm25 over the analysed columns with FIELD_BOOSTS. Filters
on facet values intersect bit masks, kind and years are read from doc_meta; facets count the
whole result set (sqlite_facets.py).
"""

from __future__ import annotations

import json
import math
import operator
import sqlite3
import unicodedata
from collections import Counter
from functools import reduce

from pipeline.search import query as q
from pipeline.search import sqlite_facets
from pipeline.search.backend import ActivityHit, Hit, SearchRequest, SearchResponse
from pipeline.search.sqlite_query import (
    WORDS,
    all_of,
    any_of,
    highlight_terms,
    leaves,
    synonym_expression,
    term_expression,
)
from pipeline.search.sqlite_schema import writes
from pipeline.search.sqlite_snippets import excerpt, snippet
from pipeline.search.sqlite_tokens import word_groups

# Tuned on the development pages indexed through the real pipeline (title, text,
# activities, places; the phrase columns the same).
FIELD_BOOSTS = (1.25, 1.0, 0.6, 2.0)
SYNONYM_WEIGHT = 0.4
ACTIVITIES_PER_HIT = 3
SIMILAR_TERMS = 15
MAX_EDITS = 2
_BM25 = "bm25({table}, " + ", ".join(map(str, FIELD_BOOSTS * 2)) + ")"


class Search:
    def __init__(self, con: sqlite3.Connection, request: SearchRequest, parsed: q.ParsedQuery):
        self.con = con
        self.request = request
        self.parsed = parsed

    def run(self) -> SearchResponse:
        allowed = self._allowed()
        groups = self.parsed.groups
        suggestion, corrections = self._corrections(groups)
        excluded = any_of([term_expression(t) for t in self.parsed.excluded])
        limit = max(self.request.limit, 0)
        if not groups:
            found = self._every(excluded, allowed)
            top = [(d, 0.0) for d in found[:limit]]
        else:
            found, top = self._ranked(groups, corrections, excluded, allowed, limit)
        hits = self._hits(top, *highlight_terms(groups, corrections))
        if self.request.activities and hits and groups:
            any_term = any_of([term_expression(t, corrections) for g in groups for t in g])
            self._attach_activities(hits, [d for d, _ in top], any_term)
        facets = sqlite_facets.counts(self.con, found, writes(self.con))
        return SearchResponse(self.request.query, len(found), hits, facets, suggestion)

    # --- the result set ----------------------------------------------------------------

    def _ranked(self, groups, corrections, excluded, allowed, limit):
        """(every matching rowid, the top `limit` with scores): documents with every word
        first, then by bm25 of the query's words plus part of their synonyms'. bm25 costs
        far more than finding a match, so the result set is read as rowids alone, and only
        the documents with every word are scored, the others only when fewer than `limit`
        have every word; the best are picked in SQL."""
        strict = all_of([any_of([term_expression(t, corrections) for t in g]) for g in groups])
        soft = any_of([term_expression(t, corrections, soft=True) for g in groups for t in g])
        if soft is None:
            return [], []
        primary = leaves(any_of([term_expression(t, corrections, soft=True, with_synonyms=False)
                                 for g in groups for t in g]))
        synonyms = [leaf for leaf in leaves(synonym_expression(groups)) if leaf not in primary]
        soft, strict = _unscoped(_without(soft, excluded)), _unscoped(_without(strict, excluded))
        rows = self.con.execute("SELECT rowid FROM docs WHERE docs MATCH ?", (soft,))
        found = [d for (d,) in rows if allowed is None or d in allowed]
        if strict == soft:
            # a plain OR: its matches are those of the words and synonyms scored
            whole = " AND " not in soft and " NOT " not in soft
            if whole and allowed is None:
                return found, self._scored(None, primary, synonyms, limit)
            chosen = _Chosen(None if whole else soft, allowed)
            return found, self._scored(chosen, primary, synonyms, limit)
        top = self._scored(_Chosen(strict, allowed), primary, synonyms, limit)
        if len(top) < limit:
            rest = _Chosen(soft, allowed, missing=strict)
            top += self._scored(rest, primary, synonyms, limit - len(top))
        return found, top

    def _scored(self, chosen: "_Chosen | None", primary: list[str], synonyms: list[str],
                limit: int) -> list[tuple[int, float]]:
        """The best `limit` documents of `chosen` (every match of the words when None) as
        (rowid, score)."""
        if limit <= 0:
            return []
        score = _BM25.format(table="docs")
        within = "" if chosen is None else " AND +rowid IN chosen"  # + : no lookup per rowid
        sql = "" if chosen is None else f"WITH chosen(doc) AS MATERIALIZED ({chosen.sql}) "
        args = [] if chosen is None else chosen.args
        if not synonyms:
            sql += (f"SELECT rowid, -{score} AS s FROM docs WHERE docs MATCH ?{within} "
                    "ORDER BY s DESC, rowid LIMIT ?")
            return self.con.execute(sql, [*args, any_of(primary), limit]).fetchall()
        # Every document of the result set matches a word or a synonym, so the sum over
        # both lists scores each of them (a join of the two lists cost quadratic time).
        sql += (f"SELECT doc, sum(s) AS t FROM (SELECT rowid AS doc, -{score} AS s FROM docs "
                f"WHERE docs MATCH ?{within} UNION ALL SELECT rowid, {SYNONYM_WEIGHT} * -{score} "
                f"FROM docs WHERE docs MATCH ?{within}) GROUP BY doc ORDER BY t DESC, doc LIMIT ?")
        return self.con.execute(sql, [*args, any_of(primary), any_of(synonyms), limit]).fetchall()

    def _every(self, excluded, allowed) -> list[int]:
        rowids = [d for (d,) in self.con.execute("SELECT rowid FROM doc_meta ORDER BY id")]
        dropped = {d for (d,) in self.con.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ?", (excluded,))} if excluded else set()
        return [d for d in rowids if d not in dropped and (allowed is None or d in allowed)]

    def _match(self, table: str, expression: str, rowids: list[int]):
        score = _BM25.format(table=table)
        # `+rowid`: one pass over the matches; a plain `rowid IN` makes FTS5 start the
        # query over for each rowid, and bm25 count the whole table again each time
        sql = (f"SELECT rowid, -{score} FROM {table} WHERE {table} MATCH ? "
               "AND +rowid IN (SELECT value FROM json_each(?))")
        return self.con.execute(sql, [expression, json.dumps(rowids)]).fetchall()

    def _allowed(self) -> set[int] | None:
        """Rowids the filters let through; None without filters. Facet filters intersect
        the facets' bit masks; kind and years are read from doc_meta."""
        r = self.request
        version = writes(self.con)
        masks = [sqlite_facets.having(self.con, version, "themes", [t]) for t in r.themes]
        for field, name in (("municipality", r.municipality), ("county", r.county)):
            if name:
                values = _matching_values(self.con, version, field, name)
                masks.append(sqlite_facets.having(self.con, version, field, values))
        where, args = [], []
        if r.kind:
            where.append("kind = ?")
            args.append(r.kind)
        if r.year_from is not None:  # the promise's years overlap the range asked for
            where.append("year_to >= ?")
            args.append(r.year_from)
        if r.year_to is not None:
            where.append("year_from <= ?")
            args.append(r.year_to)
        if not masks and not where:
            return None
        allowed = None
        if masks:
            allowed = sqlite_facets.members(reduce(operator.and_, masks))
        if where:
            sql = "SELECT rowid FROM doc_meta WHERE " + " AND ".join(where)
            rows = self.con.execute(sql, args)
            allowed = {d for (d,) in rows if allowed is None or d in allowed}
        return allowed

    # --- "Menade du …?" ----------------------------------------------------------------

    def _corrections(self, groups: list[list[q.Term]]) -> tuple[str | None, dict[str, str]]:
        """Each plain word without any match gets the closest indexed word, which is then
        searched beside it."""
        corrections = {}
        for term in (t for g in groups for t in g):
            if term.phrase or term.prefix or not word_groups(term.text):
                continue
            if self._matches(term_expression(term)):
                continue
            fixed = closest_word(self.con, term.text)
            if fixed and fixed != term.text.lower() and self._matches(term_expression(q.Term(fixed))):
                corrections[term.text] = fixed
        if not corrections:
            return None, {}
        return q.suggestion_text(self.request.query, corrections), corrections

    def _matches(self, expression: str | None) -> bool:
        if not expression:
            return False
        sql = "SELECT 1 FROM docs WHERE docs MATCH ? LIMIT 1"
        return self.con.execute(sql, (expression,)).fetchone() is not None

    # --- hits --------------------------------------------------------------------------

    def _hits(self, top: list[tuple[int, float]], terms: set[str], prefixes: set[str]) -> list[Hit]:
        stored = _stored(self.con, [d for d, _ in top])
        return [
            _hit(stored[d], score, snippet(stored[d][2], terms, prefixes)) for d, score in top
        ]

    def _attach_activities(self, hits: list[Hit], docs: list[int], expression: str | None) -> None:
        if not expression:
            return
        marks = ",".join("?" * len(docs))
        acts = {
            a: (doc, text, focus) for a, doc, text, focus in self.con.execute(
                f"SELECT rowid, doc, text, focus_area FROM act_meta WHERE doc IN ({marks})", docs)
        }
        if not acts:
            return
        by_doc = dict(zip(docs, hits))
        found = self._match("acts", expression, list(acts))
        for a, score in sorted(found, key=lambda x: (-x[1], x[0])):
            doc, text, focus = acts[a]
            owner = by_doc[doc]
            if len(owner.activities) < ACTIVITIES_PER_HIT:
                owner.activities.append(ActivityHit(text, focus, round(score, 3)))


def similar(con: sqlite3.Connection, record_id: str, limit: int) -> SearchResponse | None:
    """Documents sharing the record's most telling terms (tf × idf), not the record itself;
    None when the record is not in the index."""
    found = con.execute("SELECT rowid FROM doc_meta WHERE id = ?", (record_id,)).fetchone()
    if found is None:
        return None
    doc = found[0]
    (text,) = con.execute("SELECT text FROM docs WHERE rowid = ?", (doc,)).fetchone()
    tf = Counter(t for t in text.split() if len(t) > 2 and not t.isdigit())
    total = con.execute("SELECT count(*) FROM doc_meta").fetchone()[0]
    ranked = sorted(tf, key=lambda t: (-tf[t] * _idf(con, t, total), t))[:SIMILAR_TERMS]
    expression = any_of([f'{WORDS}"{t}"' for t in ranked])
    rows = []
    if expression:
        sql = (f"SELECT rowid, -{_BM25.format(table='docs')} AS s FROM docs "
               "WHERE docs MATCH ? AND rowid != ? ORDER BY s DESC, rowid LIMIT ?")
        rows = con.execute(sql, (expression, doc, max(limit, 0))).fetchall()
    stored = _stored(con, [d for d, _ in rows])
    hits = [_hit(stored[d], s, excerpt(stored[d][2])) for d, s in rows]
    facets = sqlite_facets.counts(con, [d for d, _ in rows], writes(con))
    return SearchResponse(record_id, len(hits), hits, facets, None)


def _idf(con: sqlite3.Connection, term: str, total: int) -> float:
    sql = "SELECT count(*) FROM docs WHERE docs MATCH ?"
    df = con.execute(sql, (f'{WORDS}"{term}"',)).fetchone()[0]
    return math.log((total + 1) / (df + 1))


def closest_word(con: sqlite3.Connection, word: str) -> str | None:
    """The indexed surface word nearest in edits (at most MAX_EDITS), the commonest of equals;
    looked for among the words with the same first letter."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    word = unicodedata.normalize("NFC", word.lower())
    words, counts = _words_starting(con, word[0], writes(con))
    found = process.extract(word, words, scorer=Levenshtein.distance,
                            score_cutoff=MAX_EDITS, limit=None)
    if not found:  # the first letter may be the misspelt one ("bolisen")
        words, counts = _words_starting(con, "", writes(con))
        found = process.extract(word, words, scorer=Levenshtein.distance,
                                score_cutoff=MAX_EDITS, limit=None)
    if not found:
        return None
    return min(found, key=lambda f: (f[1], -counts[f[2]], f[0]))[0]


_VOCAB_CACHE: dict[tuple[str, str, int], tuple[list[str], list[int]]] = {}


def _words_starting(con: sqlite3.Connection, letter: str, version: int) -> tuple[list[str], list[int]]:
    """Indexed words starting with `letter` ("" for all), with their document counts; kept per
    database file and commit (not per connection, which a cache would keep open)."""
    key = (sqlite_facets.database_file(con), letter, version)
    found = _VOCAB_CACHE.get(key)  # read once: another thread may clear the cache meanwhile
    if found is None:
        if len(_VOCAB_CACHE) >= 64:
            _VOCAB_CACHE.clear()
        sql = "SELECT term, doc FROM spelling_vocab WHERE term >= ? AND term <= ?"
        rows = con.execute(sql, (letter, letter + "\U0010ffff")).fetchall()
        found = _VOCAB_CACHE[key] = ([t for t, _ in rows], [n for _, n in rows])
    return found


def _matching_values(con: sqlite3.Connection, version: int, field: str, name: str) -> list[str]:
    """Values of `field` equal to the name, ignoring case, "kommun", "län" and genitive s."""
    wanted = q.place_variants(name)
    return [v for v in sqlite_facets.values(con, version, field) if q.place_variants(v) & wanted]


def _stored(con: sqlite3.Connection, docs: list[int]) -> dict[int, tuple]:
    if not docs:
        return {}
    sql = ("SELECT rowid, id, text, title, municipalities, year, kind, source_path "
           "FROM doc_meta WHERE rowid IN (SELECT value FROM json_each(?))")
    return {row[0]: row for row in con.execute(sql, (json.dumps(docs),))}


def _hit(row: tuple, score: float, text_snippet: str) -> Hit:
    _, rid, _, title, municipalities, year, kind, source_path = row
    return Hit(
        id=rid,
        title=title or "",
        municipalities=municipalities.split("\n") if municipalities else [],
        year=year,
        kind=kind or "other",
        score=float(f"{float(score):.4g}"),  # bm25 of a very common word is tiny, not zero
        snippet=text_snippet,
        source_path=source_path or "",
    )


class _Chosen:
    """The documents to score, as one SELECT of rowids: those matching an expression (any
    when None), let through by the filters, and not matching `missing`."""

    def __init__(self, expression: str | None, allowed: set[int] | None,
                 missing: str | None = None):
        listed = "[" + ",".join(map(str, allowed)) + "]" if allowed is not None else None
        if expression is None:
            self.sql, self.args = "SELECT value FROM json_each(?)", [listed]
            return
        self.sql, self.args = "SELECT rowid FROM docs WHERE docs MATCH ?", [expression]
        if listed is not None:
            self.sql += " AND +rowid IN (SELECT value FROM json_each(?))"
            self.args.append(listed)
        if missing:
            self.sql += " AND +rowid NOT IN (SELECT rowid FROM docs WHERE docs MATCH ?)"
            self.args.append(missing)


def _unscoped(expression: str | None) -> str | None:
    """The expression without the word columns' scope, for finding matches only: each p*
    column holds the whole words of its column, so a word or prefix matches the same
    documents in all columns, and FTS5 finds them without reading positions."""
    return expression.replace(WORDS, "") if expression else expression


def _without(expression: str, excluded: str | None) -> str:
    return f"{expression} NOT {excluded}" if excluded else expression
