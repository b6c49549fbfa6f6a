"""Signed session cookies and the CSRF token they carry.

The cookie holds a small signed dict (user name, the user's stamp, a CSRF token); it is
HttpOnly and SameSite=Lax always, and Secure whenever the request came over HTTPS (directly,
or through a proxy uvicorn trusts). Every visitor gets a CSRF token, so the login form is
protected too.
"""

from __future__ import annotations

import hmac
import secrets
from http.cookies import SimpleCookie

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "loften_session"
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"


class Session(dict):
    """A dict that knows whether it changed, so the cookie is only sent when needed."""

    changed = False

    def __setitem__(self, key, value):
        self.changed = True
        super().__setitem__(key, value)

    def clear(self):
        self.changed = True
        super().clear()

    def pop(self, *args):
        self.changed = True
        return super().pop(*args)


class SessionMiddleware:
    def __init__(self, app: ASGIApp, secret: str, max_age_s: int):
        self.app = app
        self.serializer = URLSafeTimedSerializer(secret, salt="loften-session")
        self.max_age_s = max_age_s

    def _load(self, scope: Scope) -> Session:
        cookie = SimpleCookie()
        for name, value in scope["headers"]:
            if name == b"cookie":
                try:
                    cookie.load(value.decode("latin-1"))
                except Exception:  # a malformed Cookie header is a visitor without a session
                    pass
        morsel = cookie.get(COOKIE)
        if morsel is not None:
            try:
                data = self.serializer.loads(morsel.value, max_age=self.max_age_s)
                if isinstance(data, dict):
                    return Session(data)
            except BadSignature:
                pass
        return Session()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self._load(scope)
        if not session.get(CSRF_FIELD):
            session[CSRF_FIELD] = secrets.token_urlsafe(32)
        scope["session"] = session

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and session.changed:
                value = self.serializer.dumps(dict(session))
                secure = "; Secure" if scope.get("scheme") == "https" else ""
                MutableHeaders(scope=message).append(
                    "Set-Cookie",
                    f"{COOKIE}={value}; Path=/; Max-Age={self.max_age_s}; HttpOnly; SameSite=Lax{secure}",
                )
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def csrf_token(session: dict) -> str:
    return session.get(CSRF_FIELD, "")


def csrf_ok(session: dict, sent: str | None) -> bool:
    expected = csrf_token(session)
    return bool(expected and sent) and hmac.compare_digest(expected.encode(), sent.encode())
