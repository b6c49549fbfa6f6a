"""`create_app(loften, settings)`: the Starlette application over one `Loften` object.

Views translate HTTP to the object's methods and back; they hold no workflow of their own.
Blocking library calls run in Starlette's thread pool, so the event loop keeps serving.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import LoftenError
from pipeline.web import labels
from pipeline.web.access import LoginLimiter, effective_role
from pipeline.web.finished import FinishedDrafts
from pipeline.web.responses import TITLES, library_error, refuse
from pipeline.web.session import SessionMiddleware, csrf_token
from pipeline.web.settings import WebSettings
from pipeline.web.users import ROLES, UserStore, role_rank

HERE = Path(__file__).parent
LOGINS_DB = "inloggningar.sqlite"  # in the shared folder: failed logins of the rate limit
DRAFTS_DIR = "utkast"  # in the shared folder: finished drafts
SETTINGS_ENV = "LOFTEN_WEB_SETTINGS"  # the web settings, as JSON, for the server's worker processes

# Content-Security-Policy: everything from the app itself, nothing inline, no framing.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                               "script-src 'self'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
}

# (path, label, role needed) of the main navigation.
NAVIGATION = (
    ("/sok", "Sök", "läsare"),
    ("/aktiviteter", "Aktiviteter", "läsare"),
    ("/utkast", "Nytt utkast", "handläggare"),
    ("/arkiv", "Arkiv", "läsare"),
    ("/anvandare", "Användare", "admin"),
)

HTTP_MESSAGES = {
    400: "Förfrågan kunde inte läsas.",
    404: "Sidan finns inte.",
    405: "Den här adressen tar inte emot den sortens förfrågan.",
    413: "Det som skickades är större än vad loften tar emot.",
}


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.lower() for k, _ in headers}
                headers.extend((k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                               if k.encode() not in present)
            await send(message)

        await self.app(scope, receive, send_with_headers if scope["type"] == "http" else send)


class BodyLimitMiddleware:
    """Refuse a request body over `limit` bytes with 413 while it is read, whether or not it
    declares its length, so an upload never fills the disk or memory; the app's own error
    handler then says so in Swedish."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"")
        received = 0

        async def limited() -> Message:
            nonlocal received
            if declared.isdigit() and int(declared) > self.limit:
                raise HTTPException(413)
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise HTTPException(413)
            return message

        await self.app(scope, limited, send)


def _templates() -> Jinja2Templates:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters.update(theme=labels.theme_label, kind=labels.kind_label, number=labels.number,
                       facet_value=labels.facet_value_label, marked=labels.marked)
    from pipeline.search import present

    env.globals.update(counted=labels.counted, count_line=present.count_line, why=present.why,
                       facet_labels=labels.FACET_LABELS,
                       outcome_labels=labels.OUTCOME_LABELS, roles=ROLES)

    def common(request: Request) -> dict:
        role = effective_role(request) if hasattr(request.state, "user") else None
        nav = [(path, label) for path, label, need in NAVIGATION if role_rank(role) >= role_rank(need)]
        return {"user": getattr(request.state, "user", None), "role": role,
                "csrf": csrf_token(request.scope.get("session", {})), "nav": nav, "path": request.url.path}

    return Jinja2Templates(env=env, context_processors=[common])


def _routes() -> list:
    from pipeline.web.views import activities, api, archive, auth, document, drafts, search, users

    return [
        Route("/", search.home),
        Route("/sok", search.search_page, name="search"),
        Route("/dokument/{record_id}", document.document_page, name="document"),
        Route("/dokument/{record_id}/original", document.original, name="original"),
        Route("/aktiviteter", activities.activities_page, name="activities"),
        Route("/utkast", drafts.draft_form, name="draft"),
        Route("/utkast", drafts.draft_submit, methods=["POST"]),
        Route("/utkast/korg", drafts.basket, methods=["POST"], name="basket"),
        Route("/utkast/fil/{token}.{format}", drafts.download, name="drafted"),
        Route("/utkast/arkivera", drafts.archive_draft, methods=["POST"], name="archive_draft"),
        Route("/arkiv", archive.archive_page, name="archive"),
        Route("/arkiv/ladda-upp", archive.upload, methods=["POST"], name="upload"),
        Route("/arkiv/ta-bort", archive.remove, methods=["POST"], name="remove"),
        Route("/arkiv/aterstall", archive.restore, methods=["POST"], name="restore"),
        Route("/logga-in", auth.login_form, name="login"),
        Route("/logga-in", auth.login, methods=["POST"]),
        Route("/logga-ut", auth.logout, methods=["POST"], name="logout"),
        Route("/anvandare", users.users_page, name="users"),
        Route("/anvandare", users.users_change, methods=["POST"]),
        Route("/api/csrf", api.csrf),
        Route("/api/search", api.search),
        Route("/api/documents/{record_id}", api.document),
        Route("/api/activities", api.activities),
        Route("/api/stats", api.stats),
        Route("/api/upload", api.upload, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]


async def _http_error(request: Request, exc: HTTPException):
    message = HTTP_MESSAGES.get(exc.status_code, TITLES.get(exc.status_code, "Något gick fel."))
    if exc.status_code == 413:
        limit = request.app.state.settings.max_upload_bytes
        message += f" Gränsen är {labels.number(limit // (1024 * 1024))} MB per uppladdning."
    return refuse(request, exc.status_code, message)


async def _library_error(request: Request, exc: LoftenError):
    return library_error(request, exc)


async def _server_error(request: Request, exc: Exception):
    return refuse(request, 500, "Något gick fel på servern. Försök igen, eller be en administratör titta i loggen.")


def create_app(loften, settings: WebSettings | None = None) -> Starlette:
    """The web app over `loften` (a pipeline.app.Loften); settings default to those of its index."""
    settings = settings or WebSettings.beside_index(loften.index_dir)
    users = UserStore(settings.users_file)
    app = Starlette(
        routes=_routes(),
        middleware=[
            Middleware(SecurityHeadersMiddleware),
            Middleware(BodyLimitMiddleware, limit=settings.max_upload_bytes),
            Middleware(SessionMiddleware, secret=users.session_key(), max_age_s=int(settings.session_hours * 3600)),
        ],
        exception_handlers={HTTPException: _http_error, LoftenError: _library_error, 500: _server_error},
    )
    app.state.loften, app.state.settings, app.state.users = loften, settings, users
    app.state.templates = _templates()
    settings.shared.mkdir(parents=True, exist_ok=True, mode=0o700)
    app.state.limiter = LoginLimiter(settings.shared / LOGINS_DB, settings.login_attempts, settings.login_window_s)
    app.state.finished = FinishedDrafts(settings.shared / DRAFTS_DIR)
    return app


def app_from_environment() -> Starlette:
    """The app of one worker process of `loften serve --workers N` (uvicorn's factory): the
    archive from LOFTEN_CORPUS and LOFTEN_INDEX, the web settings from LOFTEN_WEB_SETTINGS."""
    from pipeline.app import Loften

    return create_app(Loften(), WebSettings.from_json(os.environ[SETTINGS_ENV]))
