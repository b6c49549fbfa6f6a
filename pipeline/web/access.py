"""Who may do what: the signed-in user, role checks, CSRF checks and the login rate limit.

Every view is wrapped by `allow(role, action)`. A request whose role is too low, or that
changes something without the session's CSRF token, is refused before the view runs, so it
changes nothing.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from functools import wraps
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
    address within `window_s`; thread-safe, and its memory stays bounded."""

    MAX_KEYS = 10_000

    def __init__(self, attempts: int, window_s: float):
        self.attempts, self.window_s = attempts, window_s
        self._failures: dict[tuple, deque] = {}
        self._lock = threading.Lock()

    def _keys(self, address: str, name: str) -> list[tuple[tuple, int]]:
        return [((address, name.casefold()), self.attempts), ((address,), 4 * self.attempts)]

    def wait_s(self, address: str, name: str) -> float:
        """Seconds until another attempt is allowed; 0 when it is allowed now."""
        now = time.monotonic()
        with self._lock:
            waits = [0.0]
            for key, limit in self._keys(address, name):
                times = self._failures.get(key)
                while times and times[0] <= now - self.window_s:
                    times.popleft()
                if times and len(times) >= limit:
                    waits.append(times[0] + self.window_s - now)
            return max(waits)

    def failed(self, address: str, name: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > self.MAX_KEYS:
                self._failures = {k: v for k, v in self._failures.items() if v and v[-1] > now - self.window_s}
            for key, _ in self._keys(address, name):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, address: str, name: str) -> None:
        with self._lock:
            self._failures.pop((address, name.casefold()), None)
