"""How a Record becomes what every engine stores: analysed term streams per field, the stored
fields a hit shows, facet values, and the surface words spelling suggestions come from.
Each piece of text is analysed once."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass

from pipeline.record import Record
from pipeline.search.analysis import join, streams, words
from pipeline.search.backend import COVERS, Stored

TEXT_FIELDS = ("title", "text", "activities", "places")
# Tuned on the development pages indexed through the real pipeline; activity wording is also
# in "text", so its own field only nudges.
FIELD_BOOSTS = {"title": 1.25, "text": 1.0, "activities": 0.6, "places": 2.0}


@dataclass
class Row:
    id: str
    fields: dict[str, tuple[str, str]]  # field -> (every term, whole words only)
    stored: Stored
    facets: list[tuple[str, str]]
    spelling: str  # the surface words of title, text and activities, lower case

    def stored_dict(self) -> dict:
        return asdict(self.stored)


def row(record: Record) -> Row:
    title, text = _nfc(record.title), _nfc(record.text)
    activities = [
        {"text": _nfc(a.text), "focus_area": a.focus_area, "details": [_nfc(d) for d in a.details],
         "actors": list(a.actors)}
        for a in record.activities
    ]
    activity_text = _nfc(" ".join(
        " ".join([a.text, a.focus_area or "", *a.actors, *a.details]) for a in record.activities
    ))
    municipalities = [_nfc(m) for m in record.municipalities]
    places = _nfc(" ".join(p for p in [*municipalities, record.county or "", record.police_area or ""] if p))
    fields = {
        "title": streams(title),
        "text": streams(text),
        "activities": join(streams(activity_text), streams(_nfc(" ".join(record.focus_areas)))),
        "places": streams(f"{places} {record.year or ''}"),
    }
    stored = Stored(record.id, title, text, municipalities, record.year, record.kind,
                    record.source.path, activities, places)
    facets = [("municipality", m) for m in municipalities]
    facets += [("themes", t) for t in record.themes]
    facets += [(f, v) for f, v in (("county", _nfc(record.county or "")),
                                   ("police_area", _nfc(record.police_area or "")),
                                   ("kind", record.kind),
                                   ("year", str(record.year) if record.year is not None else ""))
               if v]
    facets += [(COVERS, str(y)) for y in covered_years(record)]
    spelling = " ".join(words(f"{title} {text} {activity_text} {places}"))
    return Row(record.id, fields, stored, facets, spelling)


def covered_years(record: Record) -> range:
    """The years a record is for: its period's, else its year; none without a year."""
    if record.year is None:
        return range(0)
    if record.period and record.period.from_ and record.period.to:
        return range(record.period.from_, record.period.to + 1)
    return range(record.year, record.year + 1)


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)
