"""Aktiviteter: the catalogue of activities promised before, filtered by theme and text, each
addable to the draft basket."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from pipeline.errors import ArchiveError, QueryError
from pipeline.web.access import allow
from pipeline.web.labels import theme_labels
from pipeline.web.responses import page

PAGE_SIZE = 20
EXAMPLES = 3  # wordings shown per activity
SOURCES = 6  # documents linked per activity


def _page(loften, theme, query, municipality, number: int) -> dict:
    """One page of the catalogue, with the documents behind each entry and which of them used
    which wording."""
    entries = loften.activities(theme=theme, query=query, municipality=municipality)
    pages = max(1, math.ceil(len(entries) / PAGE_SIZE))
    shown = entries[(number - 1) * PAGE_SIZE: number * PAGE_SIZE]
    sources, used_in = {}, {}
    for entry in shown:
        for example in entry.examples:
            sources[example.record_id] = {"municipalities": example.municipalities, "year": example.year}
            used_in.setdefault((entry.id, example.text), []).append(example.record_id)
    return {"entries": shown, "total": len(entries), "pages": pages, "sources": sources,
            "used_in": {key: list(dict.fromkeys(ids)) for key, ids in used_in.items()}}


@allow("läsare", "se aktiviteterna")
async def activities_page(request: Request):
    params = request.query_params
    theme, query, municipality = params.get("tema") or None, params.get("q") or None, params.get("kommun") or None
    try:
        number = max(1, int(params.get("sida", "1")))
    except ValueError:
        number = 1
    context = {"theme": theme, "query": query or "", "municipality": municipality or "", "themes": theme_labels(),
               "basket": request.session.get("basket", []), "error": None, "entries": [], "total": 0,
               "pages": 1, "number": number, "sources": {}, "used_in": {}, "examples": EXAMPLES,
               "source_count": SOURCES}

    def page_url(n: int) -> str:
        pairs = [(k, v) for k, v in (("tema", theme), ("q", query), ("kommun", municipality)) if v]
        return "/aktiviteter?" + urlencode(pairs + ([("sida", str(n))] if n > 1 else []))

    context["page_url"] = page_url
    try:
        context.update(await run_in_threadpool(_page, request.app.state.loften, theme, query, municipality, number))
    except QueryError as e:
        context["error"] = f"Filtret går inte att använda: {e}"
        return page(request, "activities.html", context, status=400)
    except ArchiveError:
        context["error"] = "Arkivet är tomt: det finns inga aktiviteter att visa ännu."
    return page(request, "activities.html", context)
