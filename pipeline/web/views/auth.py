"""Logging in and out."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline.web.access import allow, read_form
from pipeline.web.responses import page


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an address elsewhere (an open redirect)."""
    parts = urlsplit(target or "")
    if not target or parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/sok"
    return target


@allow(None, "logga in")
async def login_form(request: Request):
    return page(request, "login.html", {"next": _safe_next(request.query_params.get("nasta")),
                                        "name": "", "error": None,
                                        "no_users": not request.app.state.users.all()})


@allow(None, "logga in")
async def login(request: Request):
    form = await read_form(request)
    name, password = str(form.get("namn", "")).strip(), str(form.get("losenord", ""))
    target = _safe_next(str(form.get("nasta", "")))
    limiter, address = request.app.state.limiter, request.client.host if request.client else "-"
    wait = limiter.wait_s(address, name)
    context = {"next": target, "name": name, "no_users": False}
    if wait:
        minutes = max(1, round(wait / 60))
        return page(request, "login.html", {**context, "error": (
            f"För många misslyckade inloggningar. Försök igen om {minutes} "
            f"{'minut' if minutes == 1 else 'minuter'}.")}, status=429)
    user = await run_in_threadpool(request.app.state.users.verify, name, password) if name and password else None
    if user is None:
        limiter.failed(address, name)
        return page(request, "login.html", {**context, "error": "Fel användarnamn eller lösenord."}, status=401)
    limiter.succeeded(address, name)
    basket = request.session.get("basket", [])
    request.session.clear()  # a new session and CSRF token on login; only the basket carries over
    for key, value in (("user", user.name), ("stamp", user.stamp), ("basket", basket),
                       ("csrf", secrets.token_urlsafe(32))):
        request.session[key] = value
    return RedirectResponse(target, status_code=303)


@allow(None, "logga ut")
async def logout(request: Request):
    request.session.clear()
    return RedirectResponse("/logga-in", status_code=303)
