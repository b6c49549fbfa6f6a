"""Who may do what: the signed-in user, role checks, CSRF checks and the login rate limit.

Every view is wrapped by `allow(role, action)`. A request whose role is too low, or that
changes something without the session's CSRF token, is refused before the view runs, so it
changes nothing.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import closing
from functools import wraps
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse

from pipeline.web.session import CSRF_FIELD, CSRF_HEADER, csrf_ok
from pipeline.web.users import User, role_rank

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
MAX_FORM_FIELD = 1024 * 1024  # bytes in one non-file form field
ANONYMOUS_ROLE = "läsare"


def current_user(request: Request) -> User | None:
    """The logged-in user, if the session names one that still exists with the same stamp
    (a new password or role, or removal, ends the user's sessions)."""
    name, stamp = request.session.get("user"), request.session.get("stamp")
    if not name:
        return None
    user = request.app.state.users.get(name)
    return user if user is not None and user.stamp == stamp else None


def effective_role(request: Request) -> str | None:
    user = request.state.user
    if user is not None:
        return user.role
    return ANONYMOUS_ROLE if request.app.state.settings.anonymous_read else None


async def read_form(request: Request):
    """The request's form, parsed once with the upload limits."""
    settings = request.app.state.settings
    return await request.form(max_files=settings.max_upload_files, max_part_size=MAX_FORM_FIELD)


def allow(role: str | None, action: str, api: bool = False):
    """Refuse before the view runs: no user (a page asks to log in), too low a role (403),
    or a change without the CSRF token (403)."""
    from pipeline.web.responses import refuse

    def wrap(view):
        @wraps(view)
        async def endpoint(request: Request):
            request.state.user = current_user(request)
            have = effective_role(request)
            if role is not None and role_rank(have) < role_rank(role):
                if have is None and request.method in SAFE_METHODS and not api:
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse(f"/logga-in?nasta={quote(target)}", status_code=303)
                if have is None:
                    return refuse(request, 401, f"Logga in för att {action}.", api)
                return refuse(request, 403, f"Din roll ({have}) får inte {action}; det kräver rollen {role}.", api)
            if request.method not in SAFE_METHODS:
                sent = request.headers.get(CSRF_HEADER)
                if sent is None and request.headers.get("content-type", "").startswith(FORM_TYPES):
                    sent = (await read_form(request)).get(CSRF_FIELD)
                if not csrf_ok(request.session, sent if isinstance(sent, str) else None):
                    return refuse(request, 403, "Formuläret saknar en giltig säkerhetskod (CSRF). "
                                                "Ladda om sidan och försök igen.", api)
            return await view(request)

        endpoint.role = role
        return endpoint

    return wrap


class LoginLimiter:
    """At most `attempts` failed logins per (address, user name) and four times as many per
    address within `window_s`, counted in a small SQLite table so the limit holds across the
    server's worker processes (and a restart); the table only keeps the window's failures."""

    MAX_ROWS = 100_000  # failures kept at most; the oldest go first when a flood passes it

    def __init__(self, db: Path, attempts: int, window_s: float):
        self.db, self.attempts, self.window_s = Path(db), attempts, window_s
        self.db.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as con:
            con.execute("CREATE TABLE IF NOT EXISTS failure (key TEXT NOT NULL, at REAL NOT NULL)")
            con.execute("CREATE INDEX IF NOT EXISTS failure_key ON failure (key, at)")

    def _connect(self) -> sqlite3.Connection:
        """A connection per call: logins are rare, and connections never cross threads."""
        con = sqlite3.connect(self.db, timeout=10, isolation_level=None)
        con.execute("PRAGMA journal_mode = WAL")
        return con

    def _keys(self, address: str, name: str) -> list[tuple[str, int]]:
        return [(f"{address}\x1f{name.casefold()}", self.attempts), (address, 4 * self.attempts)]

    def wait_s(self, address: str, name: str) -> float:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        now = time.time()
        waits = [0.0]
        with closing(self._connect()) as con:
            for key, limit in self._keys(address, name):
                count, first = con.execute("SELECT count(*), min(at) FROM failure WHERE key = ? AND at > ?",
                                           (key, now - self.window_s)).fetchone()
                if count >= limit:
                    waits.append(first + self.window_s - now)
        return max(waits)

    def failed(self, address: str, name: str) -> None:
        now = time.time()
        with closing(self._connect()) as con:
            con.execute("BEGIN IMMEDIATE")
            con.execute("DELETE FROM failure WHERE at <= ?", (now - self.window_s,))
            con.executemany("INSERT INTO failure VALUES (?, ?)", [(key, now) for key, _ in self._keys(address, name)])
            con.execute("DELETE FROM failure WHERE rowid <= (SELECT max(rowid) FROM failure) - ?", (self.MAX_ROWS,))
            con.execute("COMMIT")

    def succeeded(self, address: str, name: str) -> None:
        with closing(self._connect()) as con:
            con.execute("DELETE FROM failure WHERE key = ?", (self._keys(address, name)[0][0],))
