"""Rendering pages and errors: every refusal or failure is one Swedish sentence, as a page
for a browser and as {"error": …} for the API, with the status that fits."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from pipeline.errors import (
    ArchiveError,
    ConversionError,
    InputError,
    LockTimeout,
    LoftenError,
    NotFound,
    QueryError,
    SpecError,
    TemplateError,
)

# The library's exceptions mapped to HTTP statuses (the CLI maps them to exit statuses).
STATUS = (
    (NotFound, 404),
    (QueryError, 400),
    (SpecError, 400),
    (TemplateError, 400),
    (InputError, 400),
    (LockTimeout, 503),
    (ConversionError, 502),
    (ArchiveError, 500),
    (LoftenError, 400),
)

TITLES = {
    400: "Det gick inte",
    401: "Logga in",
    403: "Inte tillåtet",
    404: "Finns inte",
    405: "Fel metod",
    413: "För stor",
    429: "För många försök",
    500: "Något gick fel",
    502: "Omvandlingen misslyckades",
    503: "Arkivet är upptaget",
}


def status_for(error: LoftenError) -> int:
    return next(status for cls, status in STATUS if isinstance(error, cls))


def page(request: Request, template: str, context: dict | None = None, status: int = 200,
         headers: dict | None = None) -> HTMLResponse:
    return request.app.state.templates.TemplateResponse(request, template, context or {},
                                                        status_code=status, headers=headers)


def refuse(request: Request, status: int, message: str, api: bool | None = None) -> Response:
    """An error for this request: JSON under /api/, else a page saying what went wrong."""
    if api is None:
        api = request.url.path.startswith("/api/")
    if api:
        return JSONResponse({"error": message, "status": status}, status_code=status)
    if not hasattr(request.state, "user") and "session" in request.scope:
        from pipeline.web.access import current_user

        request.state.user = current_user(request)
    return page(request, "error.html", {"status": status, "title": TITLES.get(status, "Fel"),
                                        "message": message}, status=status)


def library_error(request: Request, error: LoftenError) -> Response:
    return refuse(request, status_for(error), str(error))
