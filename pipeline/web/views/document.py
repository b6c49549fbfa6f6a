"""Dokument: one record, its text, its original, similar documents and a timeline of the same
municipality's documents."""

from __future__ import annotations

from itertools import groupby
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse

from pipeline.errors import NotFound
from pipeline.web.access import allow
from pipeline.web.responses import page, refuse

SIMILAR = 5
TIMELINE = 50  # documents of the same municipality shown at most


def focus_groups(record) -> list[tuple[str | None, list]]:
    """The activities under their focus areas, in document order."""
    return [(area, list(items)) for area, items in groupby(record.activities, key=lambda a: a.focus_area)]


def _document(loften, record_id: str) -> dict:
    shown = loften.document(record_id)
    record = shown.record
    similar = [] if shown.in_trash else \
        [h for h in loften.similar(record.id, limit=SIMILAR + 1).hits if h.id != record.id][:SIMILAR]
    timeline = []
    if record.municipalities:
        hits = loften.search("", municipality=record.municipalities[0], limit=TIMELINE).hits
        timeline = sorted(hits, key=lambda h: (h.year or 0, h.id))
    return {"record": record, "groups": focus_groups(record), "similar": similar, "timeline": timeline,
            "versions": shown.versions, "in_trash": shown.in_trash}


@allow("läsare", "läsa dokument")
async def document_page(request: Request):
    record_id = request.path_params["record_id"]
    try:
        context = await run_in_threadpool(_document, request.app.state.loften, record_id)
    except NotFound:
        return refuse(request, 404, f"Det finns inget dokument med id {record_id} i arkivet.")
    return page(request, "document.html", context)


@allow("läsare", "hämta original")
async def original(request: Request):
    record_id = request.path_params["record_id"]
    loften = request.app.state.loften
    try:
        shown = await run_in_threadpool(loften.document, record_id)
    except NotFound:
        return refuse(request, 404, f"Det finns inget dokument med id {record_id} i arkivet.")
    record, path = shown.record, Path(shown.archived_copy) if shown.archived_copy else None
    if path is None:
        return refuse(request, 404, f"Originalet till dokumentet {record.id} saknas i arkivet; "
                                    "en arkivarie kan köra kontrollen på sidan Arkiv.")
    return FileResponse(path, filename=f"{record.id}{path.suffix}",
                        content_disposition_type="attachment")
