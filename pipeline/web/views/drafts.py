"""Nytt utkast: the draft form, the basket of catalogue activities, and the finished files
(downloaded, or archived as a document by a role that may upload)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from pipeline.errors import LoftenError, NotFound, SpecError, TemplateError
from pipeline.web.access import allow, read_form
from pipeline.web.draftform import KINDS, TEMPLATES, DraftForm, field_of, for_the_form
from pipeline.web.labels import reason
from pipeline.web.responses import page, refuse
from pipeline.web.uploads import archive_uploads
from pipeline.web.users import role_rank

MAX_BASKET = 40
ARCHIVE_ROLE = "arkivarie"  # archiving a finished draft is an upload
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _basket_entries(loften, ids: list[str]) -> list[tuple[str, str]]:
    by_id = {e.id: e for e in loften.catalogue()} if ids else {}
    return [(i, by_id[i].text) for i in ids if i in by_id]


def _base(loften, record_id: str):
    return loften.show(record_id) if record_id else None


def _form_page(request: Request, form: DraftForm, errors: dict, base=None, general: str | None = None,
               status: int = 200):
    """The form as filled in, with each error beside its field and a summary on top."""
    from pipeline.office import find_soffice
    from pipeline.lang.gazetteer import municipality_names, police_areas

    return page(request, "draft.html", {
        "form": form, "errors": errors, "general": general, "base": base, "kinds": KINDS, "templates": TEMPLATES,
        "municipality_names": municipality_names(), "police_areas": sorted(a.name for a in police_areas()),
        "can_pdf": find_soffice() is not None}, status=status)


@allow("handläggare", "skriva utkast")
async def draft_form(request: Request):
    loften = request.app.state.loften
    based_on = request.query_params.get("baserat_pa", "").strip()
    basket = await run_in_threadpool(_basket_entries, loften, request.session.get("basket", []))
    form = DraftForm.blank(basket)
    base = None
    if based_on:
        try:
            base = await run_in_threadpool(_base, loften, based_on)
        except (NotFound, ValueError):
            return refuse(request, 404, f"Det finns inget dokument med id {based_on} att förnya.")
        form.based_on, form.municipality = base.id, ", ".join(base.municipalities[:1])
        form.police_area, form.kind = base.police_area or "", base.kind if base.kind in KINDS else "medborgarlofte"
        if base.period:
            length = base.period.to - base.period.from_
            form.years = f"{base.period.to + 1}–{base.period.to + 1 + length}"
        elif base.year:
            form.years = str(base.year + 1)
    return _form_page(request, form, {}, base)


def _draft(loften, spec: dict, template_bytes: bytes | None, pdf: bool, strict: bool):
    """Check an uploaded template, then draft; both under one temporary folder."""
    with tempfile.TemporaryDirectory(prefix="loften-mall-") as tmp:
        chosen = None
        if template_bytes is not None:
            chosen = Path(tmp) / "mall.docx"  # never the uploaded name
            chosen.write_bytes(template_bytes)
            report = loften.template_check(chosen)
            if not report.ok:
                problems = "; ".join(str(p) for p in report.problems)
                raise TemplateError(f"Mallen klarar inte kontrollen: {problems}")
        return loften.draft(spec, template=chosen, pdf=pdf, strict=strict)


@allow("handläggare", "skriva utkast")
async def draft_submit(request: Request):
    loften = request.app.state.loften
    fields = await read_form(request)
    form = DraftForm.from_fields(fields.get, fields.getlist)
    action = str(fields.get("atgard", "skapa"))
    base = None
    if form.based_on:
        try:
            base = await run_in_threadpool(_base, loften, form.based_on)
        except (NotFound, ValueError):
            return _form_page(request, form, {"baserat_pa": f"Det finns inget dokument med id {form.based_on} att förnya."},
                              status=400)
    if form.grow(action):
        return _form_page(request, form, {}, base)
    upload = fields.get("mallfil")
    upload = upload if isinstance(upload, UploadFile) and upload.filename and form.template == "egen" else None
    errors = form.errors(template_uploaded=upload is not None)
    if errors:
        return _form_page(request, form, errors, base, "Utkastet har fel: se markerade fält.", status=400)
    spec, where = form.spec()
    template_bytes = await upload.read() if upload is not None else None
    try:
        drafted = await run_in_threadpool(_draft, loften, spec, template_bytes, action == "pdf",
                                          form.strict)
    except TemplateError as e:
        return _form_page(request, form, {"mallfil": str(e)}, base, "Mallen kunde inte användas.", status=400)
    except SpecError as e:
        name = field_of(str(e), where)
        errors = {name: for_the_form(str(e))} if name else {}
        return _form_page(request, form, errors, base, None if name else for_the_form(str(e)), status=400)
    except LoftenError as e:
        return _form_page(request, form, {}, base, f"Utkastet kunde inte skapas: {e}",
                          status=502 if action == "pdf" else 400)
    finished = request.app.state.finished
    token = await run_in_threadpool(finished.put, request.state.user.name, drafted)
    return _drafted_page(request, finished.get(request.state.user.name, token))


def _drafted_page(request: Request, finished, archived=None, status: int = 200):
    """The finished draft's page: its downloads and, for a role that may upload, archiving."""
    return page(request, "drafted.html", {
        "drafted": finished, "token": finished.token, "archived": archived,
        "can_archive": role_rank(request.state.user.role) >= role_rank(ARCHIVE_ROLE)}, status=status)


GONE = "Utkastet finns inte längre: skapa det igen från formuläret."


@allow("handläggare", "hämta utkast")
async def download(request: Request):
    token, kind = request.path_params["token"], request.path_params["format"]
    finished = request.app.state.finished.get(request.state.user.name, token)
    data = await run_in_threadpool(finished.data, kind) if finished is not None else None
    if not data:
        return refuse(request, 404, GONE)
    media = DOCX_TYPE if kind == "docx" else "application/pdf"
    return Response(data, media_type=media,
                    headers={"content-disposition": f'attachment; filename="utkast.{kind}"'})


@allow(ARCHIVE_ROLE, "arkivera utkast")
async def archive_draft(request: Request):
    """Archive a finished DOCX as a document of its own, named by its token (archiving the same
    draft again finds it unchanged)."""
    fields = await read_form(request)
    app = request.app.state
    finished = app.finished.get(request.state.user.name, str(fields.get("token", "")))
    data = await run_in_threadpool(finished.data, "docx") if finished is not None else None
    if not data:
        return refuse(request, 404, GONE)
    outcomes, _ = await run_in_threadpool(archive_uploads, app.loften, app.settings.uploads_dir,
                                          [(f"utkast-{finished.token}.docx", data)])
    outcome = outcomes[0]
    if outcome.status == "failed" or not outcome.id:
        outcome.reason = reason(outcome.reason) if outcome.reason else "arkiveringen gav ingen uppgift om filen"
        return _drafted_page(request, finished, outcome, status=400)
    return _drafted_page(request, finished, outcome)


@allow("handläggare", "ändra utkastet")
async def basket(request: Request):
    """Add or take out one catalogue activity; JSON for the page's script, else back to the page."""
    fields = await read_form(request)
    entry_id, action = str(fields.get("id", "")), str(fields.get("atgard", "lagg-till"))
    wants_json = "application/json" in request.headers.get("accept", "")
    catalogue = await run_in_threadpool(request.app.state.loften.catalogue)
    entry = next((e for e in catalogue if e.id == entry_id), None)
    if entry is None and action != "tom":
        return refuse(request, 404, f"Det finns ingen aktivitet med id {entry_id} i katalogen.", api=wants_json)
    chosen = [i for i in request.session.get("basket", []) if action != "tom" and i != entry.id]
    if action == "lagg-till":
        if len(chosen) >= MAX_BASKET:
            return refuse(request, 400, f"Utkastet kan ta högst {MAX_BASKET} aktiviteter från katalogen.",
                          api=wants_json)
        chosen.append(entry.id)
    request.session["basket"] = chosen
    message = f"Utkastet har {len(chosen)} {'aktivitet' if len(chosen) == 1 else 'aktiviteter'} från katalogen."
    if wants_json:
        return JSONResponse({"basket": chosen, "message": message})
    back = urlsplit(request.headers.get("referer", ""))
    same_site = back.netloc == request.url.netloc and back.path.startswith("/")
    return RedirectResponse(back.path + (f"?{back.query}" if back.query else "") if same_site else "/aktiviteter",
                            status_code=303)
