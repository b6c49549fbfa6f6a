"""Swedish words for a search response, shared by the CLI and the web app: counts with the
right number ("1 träff", "2 träffar"), why a hit matched, facet headings and values."""

from __future__ import annotations

from pipeline.search import resolve
from pipeline.search.backend import Hit, SearchResponse

HOW = {
    "literal": "ordagrant",
    "inflection": "böjd form",
    "compound": "i sammansättning",
    "part": "del av ordet",
    "apart": "isärskrivet",
    "derived": "avledd form",
    "synonym": "synonym",
    "typo": "stavningsrättat",
    "place": "dokumentets ort",
    "kind": "dokumentets typ",
}
FACET_HEADINGS = {
    "kind": "Typ",
    "themes": "Tema",
    "municipality": "Kommun",
    "county": "Län",
    "police_area": "Lokalpolisområde",
    "year": "År",
}
FACET_VALUES_SHOWN = 8


def hits_phrase(n: int) -> str:
    return f"{n} träff" if n == 1 else f"{n} träffar"


def count_line(response: SearchResponse) -> str:
    """"14 träffar med orden, 52 till med närliggande ord" (the second part only when some)."""
    if not response.related:
        return hits_phrase(response.total)
    if not response.literal:
        return f"{hits_phrase(response.related)} med närliggande ord"
    return f"{hits_phrase(response.literal)} med orden, {response.related} till med närliggande ord"


def place_line(hit: Hit) -> str:
    """Municipalities, year and kind, leaving out what the record lacks."""
    parts = [", ".join(hit.municipalities), str(hit.year) if hit.year else "", resolve.kind_label(hit.kind)]
    return ", ".join(p for p in parts if p)


def why(hit: Hit) -> str:
    """"trygghetsvandringar (böjd form), narkotika i narkotikahund (i sammansättning)"."""
    out = []
    for m in hit.matches:
        if m.how == "literal":
            out.append(m.form)
        elif m.form.casefold() == m.query.casefold():
            out.append(f"{m.form} ({HOW[m.how]})")
        else:
            out.append(f"{m.query} → {m.form} ({HOW.get(m.how, m.how)})")
    return ", ".join(out)


def facet_value(field: str, value: str) -> str:
    if field == "kind":
        return resolve.kind_label(value)
    if field == "themes":
        return resolve.theme_label(value)
    return value


def facet_lines(response: SearchResponse) -> list[str]:
    """One line per facet with values: "Kommun: Älmhult 3 (+2), Ljungby 1"; the (+n) are the
    documents found through related words."""
    lines = []
    for field, heading in FACET_HEADINGS.items():
        counts = response.facets.get(field) or {}
        if not counts:
            continue
        literal = response.literal_facets.get(field, {})
        shown = []
        for value, n in list(counts.items())[:FACET_VALUES_SHOWN]:
            own = literal.get(value, 0)
            extra = f" (+{n - own})" if own and own < n else ""
            shown.append(f"{facet_value(field, value)} {own or n}{extra}")
        more = len(counts) - FACET_VALUES_SHOWN
        lines.append(f"{heading}: {', '.join(shown)}" + (f" och {more} till" if more > 0 else ""))
    return lines
