"""Arkiv: upload publications, see what the archive holds, check it, remove documents."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline.errors import NotFound
from pipeline.web.access import allow, read_form
from pipeline.web.chart import themes_by_year_svg
from pipeline.web.labels import reason, theme_label
from pipeline.web.responses import page, refuse
from pipeline.web.uploads import archive_uploads

UPLOAD_FIELD = "filer"


def themes_by_year(loften, stats: dict) -> dict[str, dict[str, int]]:
    """{theme: {year: documents}}, from the search facets of each year."""
    table: dict[str, dict[str, int]] = {}
    for year in stats["by_year"]:
        if year.isdigit():
            for theme, n in loften.search("", year=int(year), limit=1).facets.get("themes", {}).items():
                table.setdefault(theme, {})[year] = n
    return table


def _overview(loften, run_check: bool) -> dict:
    stats = loften.stats()
    table = themes_by_year(loften, stats) if stats["documents"] else {}
    return {"stats": stats, "chart": themes_by_year_svg(table, theme_label), "table": table,
            "years": sorted({y for counts in table.values() for y in counts}),
            "problems": loften.check() if run_check else None, "trash": loften.trash()}


async def _files(request: Request) -> list[tuple[str, bytes]]:
    form = await read_form(request)
    files = []
    for item in form.getlist(UPLOAD_FIELD):
        if isinstance(item, UploadFile) and item.filename:
            files.append((item.filename, await item.read()))
    return files


async def upload_outcomes(request: Request):
    """(outcomes, report) of the posted files; shared by the page and the API."""
    files = await _files(request)
    if not files:
        return None, None
    app = request.app.state
    return await run_in_threadpool(archive_uploads, app.loften, app.settings.uploads_dir, files)


@allow("läsare", "se arkivet")
async def archive_page(request: Request):
    run_check = request.query_params.get("kontroll") == "1"
    context = await run_in_threadpool(_overview, request.app.state.loften, run_check)
    return page(request, "archive.html", {**context, "outcomes": None, "upload_error": None,
                                          "message": request.query_params.get("klart")})


@allow("arkivarie", "ladda upp dokument")
async def upload(request: Request):
    outcomes, _ = await upload_outcomes(request)
    context = await run_in_threadpool(_overview, request.app.state.loften, False)
    if outcomes is None:
        return page(request, "archive.html", {**context, "outcomes": None, "message": None,
                                              "upload_error": "Välj minst en fil att ladda upp."}, status=400)
    for o in outcomes:
        o.reason = reason(o.reason) if o.reason else ""
    return page(request, "archive.html", {**context, "outcomes": outcomes, "message": None, "upload_error": None})


@allow("arkivarie", "ta bort dokument")
async def remove(request: Request):
    return await _move(request, request.app.state.loften.remove, "borttaget",
                       "Det finns inget dokument med id {id} att ta bort.")


@allow("arkivarie", "återställa dokument")
async def restore(request: Request):
    return await _move(request, request.app.state.loften.restore, "aterstallt",
                       "Det finns inget dokument med id {id} i papperskorgen.")


async def _move(request: Request, move, done: str, missing: str):
    """Into the trash or out of it: the form's id, then back to the archive page saying so."""
    form = await read_form(request)
    record_id = str(form.get("id", "")).strip()
    try:
        await run_in_threadpool(move, record_id)
    except NotFound:
        return refuse(request, 404, missing.format(id=record_id))
    return RedirectResponse(f"/arkiv?klart={done}-{record_id}", status_code=303)
