"""Narrowing the catalogue by theme, municipality and a free-text query."""

from __future__ import annotations

from pipeline.catalogue.build import CatalogueEntry
from pipeline.catalogue.normalise import clean

QUERY_SCORE = 85.0  # partial_ratio at or above which a wording matches a query


def _matches_query(entry: CatalogueEntry, query: str) -> bool:
    from rapidfuzz import fuzz

    q = clean(query).casefold()
    for wording in entry.wordings:
        w = wording.casefold()
        if q in w or fuzz.partial_ratio(q, w) >= QUERY_SCORE:
            return True
    return False


def filter_catalogue(
    catalogue: list[CatalogueEntry],
    theme: str | None = None,
    query: str | None = None,
    municipality: str | None = None,
) -> list[CatalogueEntry]:
    """The entries that match every given filter, in catalogue order."""
    from pipeline.lang.gazetteer import canonical_municipality
    from pipeline.search.query import check_filters

    out = catalogue
    if theme:
        t = clean(theme).casefold()
        check_filters([t], None, None, None)  # an unknown theme is a QueryError, as in search
        out = [e for e in out if any(x.casefold() == t for x in e.themes)]
    if municipality:
        m = (canonical_municipality(municipality) or clean(municipality)).casefold()
        out = [e for e in out if any(x.casefold() == m for x in e.municipalities)]
    if query:
        out = [e for e in out if _matches_query(e, query)]
    return out


def wording_in(entry: CatalogueEntry, municipality: str | None) -> str:
    """How the entry reads for one municipality: its own wording if it used one, else the canonical."""
    from pipeline.lang.gazetteer import canonical_municipality

    name = canonical_municipality(municipality) if municipality else None
    return entry.wording_for({name}).text if name else entry.text
