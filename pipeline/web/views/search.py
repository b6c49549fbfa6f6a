"""Sök: the query box, facets that combine as filters, hits, paging and sorting.

The URL holds the whole state (q, tema…, kommun, lan, ar, typ, sortera, sida), so a search
can be shared and the browser's Back button works.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline.app import MAX_LIMIT as MAX_HITS  # the most hits one search returns; no pages beyond
from pipeline.errors import QueryError
from pipeline.web.access import allow
from pipeline.web.responses import page, status_for

SORTS = {"relevans": "Relevans", "ar": "År, nyast först"}
FACET_PARAMS = {"municipality": "kommun", "county": "lan", "year": "ar", "kind": "typ", "themes": "tema"}
FACET_SHOWN = 12  # values per facet list
_HERE = object()  # where a facet's value goes among the other parameters


class SearchState:
    """The search as the URL gives it."""

    def __init__(self, params):
        self.q = params.get("q", "").strip()
        self.themes = [t for t in params.getlist("tema") if t]
        self.municipality = params.get("kommun") or None
        self.county = params.get("lan") or None
        self.years = params.get("ar") or None
        self.kind = params.get("typ") or None
        self.sort = params.get("sortera") if params.get("sortera") in SORTS else "relevans"
        self.exact = params.get("exakt") == "1"  # no spelling correction
        try:
            self.page = max(1, int(params.get("sida", "1")))
        except ValueError:
            self.page = 1
        self._encoded: dict = {}

    def items(self, **change) -> list[tuple[str, str]]:
        values = {"q": self.q, "kommun": self.municipality, "lan": self.county, "ar": self.years,
                  "typ": self.kind, "sortera": None if self.sort == "relevans" else self.sort,
                  "exakt": "1" if self.exact else None,
                  "sida": None if self.page == 1 else str(self.page)}
        themes = change.pop("tema", self.themes)
        values.update(change)
        pairs = [(k, v) for k, v in values.items() if v and k != "tema"]
        return pairs + [("tema", t) for t in themes]

    def url(self, **change) -> str:
        change.setdefault("sida", None)  # any change of filters starts again at page 1
        return "/sok?" + urlencode(self.items(**change))

    def page_url(self, n: int) -> str:
        return "/sok?" + urlencode(self.items(sida=None if n == 1 else str(n)))

    def facet_url(self, facet: str, value: str) -> str:
        """url(…) with this one value chosen, from the rest of the query encoded once per page
        (a page has some fifty facet links)."""
        if facet == "themes":
            if value in self.themes:
                return self.url()
            pre, post = self._around("tema"), ""
        else:
            pre, post = self._around(FACET_PARAMS[facet])
        return "/sok?" + "&".join(part for part in (pre, urlencode([(FACET_PARAMS[facet], value)]), post) if part)

    def _around(self, param: str):
        """The encoded query before and after `param`'s place (themes go last)."""
        if param not in self._encoded:
            if param == "tema":
                self._encoded[param] = urlencode(self.items(sida=None))
            else:
                pairs = self.items(sida=None, **{param: _HERE})
                at = pairs.index((param, _HERE))
                self._encoded[param] = (urlencode(pairs[:at]), urlencode(pairs[at + 1:]))
        return self._encoded[param]

    def selected(self) -> list[tuple[str, str, str]]:
        """(facet, value, url without it) of every filter in use."""
        chosen = [("themes", t, self.url(tema=[x for x in self.themes if x != t])) for t in self.themes]
        for facet, param, value in (("municipality", "kommun", self.municipality), ("county", "lan", self.county),
                                    ("year", "ar", self.years), ("kind", "typ", self.kind)):
            if value:
                chosen.append((facet, value, self.url(**{param: None})))
        return chosen

    def is_selected(self, facet: str, value: str) -> bool:
        current = {"municipality": self.municipality, "county": self.county, "year": self.years,
                   "kind": self.kind}.get(facet)
        return value in self.themes if facet == "themes" else current == value

    def search_args(self) -> dict:
        return {"themes": self.themes, "municipality": self.municipality, "county": self.county,
                "years": self.years, "kind": self.kind, "exact": self.exact}


def run_search(loften, state: SearchState, size: int):
    """One page of hits and the response they came from. Sorting by year needs every hit."""
    wanted = MAX_HITS if state.sort == "ar" else min(MAX_HITS, state.page * size)
    response = loften.search(state.q, activities=True, limit=wanted, **state.search_args())
    hits = response.hits
    if state.sort == "ar":
        hits = sorted(hits, key=lambda h: -(h.year or 0))
    start = (state.page - 1) * size
    return response, hits[start:start + size]


@allow("läsare", "söka")
async def home(request: Request):
    return RedirectResponse("/sok", status_code=303)


@allow("läsare", "söka")
async def search_page(request: Request):
    state = SearchState(request.query_params)
    size = request.app.state.settings.page_size
    context = {"state": state, "sorts": SORTS, "facet_params": FACET_PARAMS, "facet_shown": FACET_SHOWN,
               "error": None, "response": None, "hits": [], "pages": 0}
    try:
        response, hits = await run_in_threadpool(run_search, request.app.state.loften, state, size)
    except QueryError as e:
        context["error"] = f"Sökningen går inte att göra: {e}"
        return page(request, "search.html", context, status=status_for(e))
    pages = math.ceil(min(response.total, MAX_HITS) / size)
    context.update(response=response, hits=hits, pages=pages, first=(state.page - 1) * size + 1)
    return page(request, "search.html", context)
