"""A reference point for the search figures: SQLite FTS5 (stdlib sqlite3) over the same
records and queries. It does less than the real index (no compound splitting, lemmas,
facets, spelling suggestions or per-activity hits), so its figures are a floor to read
ratios against, not a competitor."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Iterable

from pipeline.record import Record

SCHEMA = """CREATE VIRTUAL TABLE docs USING fts5(
    title, text, activities,
    rid UNINDEXED, municipality UNINDEXED, county UNINDEXED, year UNINDEXED,
    kind UNINDEXED, themes UNINDEXED,
    tokenize = "unicode61 remove_diacritics 0")"""

_TOKENS = re.compile(r'"[^"]*"|\S+')


def build(db_path: Path, records: Iterable[Record]) -> None:
    """A fresh FTS5 database with one row per record: its text plus its activities."""
    Path(db_path).unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    with con:
        con.execute(SCHEMA)
        con.executemany(
            "INSERT INTO docs VALUES (?,?,?,?,?,?,?,?,?)",
            (
                (r.title, r.text,
                 "\n".join(a.text + " " + " ".join(a.details) for a in r.activities),
                 r.id, " ".join(r.municipalities), r.county or "", r.year, r.kind,
                 " " + " ".join(r.themes) + " ")
                for r in records
            ),
        )
    con.close()


def match_expression(query: str) -> str:
    """loften's syntax in FTS5 terms: words are alternatives ranked by bm25 (loften wants
    all words but still lists documents lacking some), "phrases" stay phrases, prefix*
    stays a prefix, -word becomes NOT, OR is kept."""
    wanted, unwanted = [], []
    for token in _TOKENS.findall(query):
        if token == "OR":
            continue
        target = unwanted if token.startswith("-") and len(token) > 1 else wanted
        token = token[1:] if target is unwanted else token
        prefix = token.endswith("*") and not token.startswith('"')
        words = token.strip('"*').replace('"', "")
        if not re.search(r"\w", words):
            continue
        target.append(f'"{words}"' + ("*" if prefix else ""))
    expression = "(" + " OR ".join(wanted) + ")"
    if unwanted:
        expression += " NOT (" + " OR ".join(unwanted) + ")"
    return expression


def search(con: sqlite3.Connection, spec: dict) -> tuple[int, list[tuple]]:
    """(total, top hits with a snippet) for one query spec from queries.yaml."""
    where, args = ["docs MATCH ?"], [match_expression(spec["query"])]
    if spec.get("municipality"):
        where.append("? LIKE municipality || '%'")
        args.append(spec["municipality"])
    if spec.get("county"):
        where.append("county = ?")
        args.append(spec["county"])
    if spec.get("year_from"):
        where.append("year >= ?")
        args.append(spec["year_from"])
    if spec.get("year_to"):
        where.append("year <= ?")
        args.append(spec["year_to"])
    if spec.get("kind"):
        where.append("kind = ?")
        args.append(spec["kind"])
    for theme in spec.get("themes", []):
        where.append("themes LIKE ?")
        args.append(f"% {theme} %")
    clause = " AND ".join(where)
    total = con.execute(f"SELECT count(*) FROM docs WHERE {clause}", args).fetchone()[0]
    hits = con.execute(
        f"SELECT rid, title, snippet(docs, 1, '**', '**', '…', 24) FROM docs WHERE {clause} "
        "ORDER BY rank LIMIT ?",
        [*args, spec.get("limit", 10)],
    ).fetchall()
    return total, hits
