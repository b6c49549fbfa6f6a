"""The SQLite index's tables and how a Record becomes rows in them.

    docs       FTS5, one row per record: title, text, activities, places as analysed terms
               (whole words and compound parts), and p* copies with whole words only, for
               phrases. rowid = doc_meta.rowid.
    doc_meta   the stored fields a hit shows, the filter fields and the years it covers.
    facet      (doc, field, value) rows, for filters; facet_mask the same as one bit
               mask per value, for counting (sqlite_facets.py).
    acts       FTS5, one row per activity (same columns, title and places empty);
    act_meta   its stored text, focus area and owning document.
    spelling   FTS5 over doc_meta's title, text and activity text: surface words unstemmed: the vocabulary
               "Menade du …?" suggestions come from (spelling_vocab).
    info       key/value: the index version, and `writes`, a count of committed writes
               that read-side caches are keyed by.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from pipeline.record import Record
from pipeline.search.sqlite_facets import MASK_DDL
from pipeline.search.sqlite_tokens import join, streams

TEXT_COLUMNS = ("title", "text", "activities", "places")
PHRASE_COLUMNS = tuple(f"p{c}" for c in TEXT_COLUMNS)
_FTS = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\""

DDL = f"""
CREATE TABLE info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE doc_meta (
    rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT, text TEXT,
    kind TEXT, county TEXT, year INTEGER, year_from INTEGER, year_to INTEGER,
    municipalities TEXT, source_path TEXT, activity_text TEXT);
CREATE INDEX doc_meta_filters ON doc_meta (year_to, year_from, kind, county);
CREATE TABLE facet (doc INTEGER NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL);
{MASK_DDL};
CREATE INDEX facet_doc ON facet (doc);
CREATE INDEX facet_value ON facet (field, value, doc);
CREATE TABLE act_meta (
    rowid INTEGER PRIMARY KEY, doc INTEGER NOT NULL, text TEXT, focus_area TEXT);
CREATE INDEX act_meta_doc ON act_meta (doc);
CREATE VIRTUAL TABLE docs USING fts5({", ".join(TEXT_COLUMNS + PHRASE_COLUMNS)}, {_FTS});
CREATE VIRTUAL TABLE acts USING fts5({", ".join(TEXT_COLUMNS + PHRASE_COLUMNS)}, {_FTS});
CREATE VIRTUAL TABLE spelling USING fts5(
    title, text, activity_text, content = 'doc_meta', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE spelling_vocab USING fts5vocab(spelling, 'row');
"""


def writes(con) -> int:
    """Changes with every committed write; caches of what was read are keyed by it."""
    row = con.execute("SELECT value FROM info WHERE key = 'writes'").fetchone()
    return int(row[0]) if row else 0


@dataclass
class Rows:
    """One record's rows, without rowids (the writer assigns them)."""

    meta: tuple
    fts: tuple
    facets: list[tuple[str, str]]
    activities: list[tuple[str, str | None, tuple]]  # text, focus area, fts row


def rows(record: Record) -> Rows:
    """Each piece of text is analysed once: an activity's terms serve both its own row and
    the document's activities column."""
    title, text = _nfc(record.title), _nfc(record.text)
    acts, act_columns = [], []
    for a in record.activities:
        own = streams(_nfc(" ".join([a.text, *a.details])))
        labels = streams(_nfc(" ".join([a.focus_area or "", *a.actors])))
        act_columns.append(join(own, labels))
        acts.append((_nfc(a.text + "".join(" " + d for d in a.details)), a.focus_area,
                     ("", own[0], labels[0], "", "", own[1], labels[1], "")))
    activities = join(*act_columns, streams(_nfc(" ".join(record.focus_areas))))
    places = streams(_nfc(" ".join(
        [*record.municipalities, record.county or "", record.police_area or "", str(record.year or "")]
    )))
    title_s, text_s = streams(title), streams(text)
    fts = (title_s[0], text_s[0], activities[0], places[0],
           title_s[1], text_s[1], activities[1], places[1])
    year_from, year_to = (
        (record.period.from_, record.period.to) if record.period and record.year is not None
        else (record.year, record.year)
    )
    municipalities = [_nfc(m) for m in record.municipalities]
    activity_text = _nfc("\n".join(
        " ".join([a.text, a.focus_area or "", *a.actors, *a.details]) for a in record.activities
    ))
    meta = (record.id, title, text, record.kind, _nfc(record.county or "") or None, record.year,
            year_from, year_to, "\n".join(municipalities), record.source.path, activity_text)
    facets = [("municipality", m) for m in municipalities]
    facets += [("themes", t) for t in record.themes]
    facets += [(f, v) for f, v in (("county", _nfc(record.county or "")),
                                   ("police_area", _nfc(record.police_area or "")),
                                   ("kind", record.kind),
                                   ("year", str(record.year) if record.year is not None else ""))
               if v]
    return Rows(meta, fts, facets, acts)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
