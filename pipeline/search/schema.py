"""The whoosh schema and how a Record becomes index entries.

Two levels: one entry per document (type "doc") and one per activity (type "activity",
`parent` = the record id), so a search can show which promised activities matched.
Only the whoosh backend imports this module.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Iterator

from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from pipeline.record import Record
from pipeline.search.analysis import swedish_analyzer, words_analyzer

def build_schema() -> Schema:
    analyzer = swedish_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        type=ID(stored=True),
        parent=ID(stored=True),
        title=TEXT(analyzer=analyzer, stored=True),
        text=TEXT(analyzer=analyzer, stored=True),
        activities=TEXT(analyzer=analyzer),
        places=TEXT(analyzer=analyzer),
        words=TEXT(analyzer=words_analyzer(), phrase=False),
        municipality=KEYWORD(stored=True, commas=True, scorable=False),
        county=ID(stored=True, sortable=True),
        police_area=ID(stored=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        themes=KEYWORD(stored=True, commas=True, scorable=False),
        year=NUMERIC(int, stored=True, sortable=True),
        year_from=NUMERIC(int),  # a multi-year promise covers every year of its period
        year_to=NUMERIC(int),
        published=ID(stored=True, sortable=True),
        municipalities=STORED,
        source_path=STORED,
        focus_area=STORED,
    )


def entries(record: Record) -> Iterator[dict[str, Any]]:
    """The document entry, then one entry per activity."""
    text = _nfc(record.text)
    activity_text = "\n".join(
        " ".join([a.text, a.focus_area or "", *a.actors, *a.details]) for a in record.activities
    )
    places = [*record.municipalities, record.county or "", record.police_area or ""]
    doc = {
        "id": record.id,
        "type": "doc",
        "parent": record.id,
        "title": _nfc(record.title),
        "text": text,
        "activities": _nfc(" ".join([activity_text, *record.focus_areas])),
        "places": _nfc(" ".join([*places, str(record.year or "")])),
        "words": " ".join([_nfc(record.title), text, _nfc(activity_text)]),
        "municipality": ",".join(_nfc(m) for m in record.municipalities),
        "county": _nfc(record.county or ""),
        "police_area": _nfc(record.police_area or ""),
        "kind": record.kind,
        "themes": ",".join(record.themes),
        "published": record.published or "",
        "municipalities": [_nfc(m) for m in record.municipalities],
        "source_path": record.source.path,
    }
    if record.year is not None:
        doc["year"] = record.year
        doc["year_from"], doc["year_to"] = (
            (record.period.from_, record.period.to) if record.period else (record.year, record.year)
        )
    yield _present(doc)
    for i, activity in enumerate(record.activities):
        yield _present({
            "id": f"{record.id}#{i}",
            "type": "activity",
            "parent": record.id,
            "text": _nfc(" ".join([activity.text, *activity.details])),
            "activities": _nfc(" ".join([activity.focus_area or "", *activity.actors])),
            "themes": ",".join(activity.themes),
            "focus_area": activity.focus_area,
        })


def _present(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if v not in ("", None)}


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
