"""The JSON API under /api/: the same shapes as the CLI's --json output.

Changes (upload) need the session's CSRF token in the X-CSRF-Token header; GET /api/csrf
gives it, after logging in through /logga-in with the same cookie jar.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from pipeline.errors import LoftenError, QueryError
from pipeline.web.access import allow
from pipeline.web.responses import refuse, status_for
from pipeline.web.session import csrf_token
from pipeline.web.views.archive import upload_outcomes

DEFAULT_LIMIT = 10
TRUE = ("1", "true", "yes")


def _int(params, name: str) -> int | None:
    value = params.get(name)
    if value in (None, ""):
        return None
    if not value.strip().isdigit():
        raise QueryError(f"{name} must be a whole number, not '{value}'")
    return int(value)


async def _call(request: Request, function, *args, **kwargs):
    try:
        return JSONResponse(await run_in_threadpool(function, *args, **kwargs))
    except LoftenError as e:
        return refuse(request, status_for(e), str(e), api=True)


@allow(None, "hämta en säkerhetskod", api=True)
async def csrf(request: Request):
    return JSONResponse({"csrf": csrf_token(request.session)})


@allow("läsare", "söka", api=True)
async def search(request: Request):
    p, loften = request.query_params, request.app.state.loften

    def run():
        limit = _int(p, "limit")
        return loften.search(
            p.get("q", ""), themes=p.getlist("theme"), municipality=p.get("municipality") or None,
            county=p.get("county") or None, year=_int(p, "year"), years=p.get("years") or None,
            kind=p.get("kind") or None, activities=p.get("activities") in TRUE,
            exact=p.get("exact") in TRUE, limit=DEFAULT_LIMIT if limit is None else limit,
        ).to_dict()

    return await _call(request, run)


@allow("läsare", "läsa dokument", api=True)
async def document(request: Request):
    loften = request.app.state.loften
    return await _call(request, lambda: loften.document(request.path_params["record_id"]).to_dict())


@allow("läsare", "se aktiviteterna", api=True)
async def activities(request: Request):
    p, loften = request.query_params, request.app.state.loften
    return await _call(request, lambda: [e.to_dict() for e in loften.activities(
        theme=p.get("theme") or None, query=p.get("query") or None, municipality=p.get("municipality") or None)])


@allow("läsare", "se statistiken", api=True)
async def stats(request: Request):
    return await _call(request, request.app.state.loften.stats)


@allow("arkivarie", "ladda upp dokument", api=True)
async def upload(request: Request):
    try:
        outcomes, report = await upload_outcomes(request)
    except LoftenError as e:
        return refuse(request, status_for(e), str(e), api=True)
    if outcomes is None:
        return refuse(request, 400, "no files: send them as multipart form fields named 'filer'", api=True)
    body = report.to_dict() if report is not None else {"added": [], "updated": [], "unchanged": [], "failed": []}
    body["files"] = [o.to_dict() for o in outcomes]
    return JSONResponse(body, status_code=200)
