"""Local accounts: names, roles and argon2 password hashes in one JSON file (mode 0600).

The file also holds the key that signs session cookies, so deleting it logs everyone out.
Each user has a `stamp` that a session carries; a new password or role renews it, which
ends that user's other sessions.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import LoftenError

ROLES = ("läsare", "handläggare", "arkivarie", "admin")  # each may do what the ones before may
ROLE_ALIASES = {"lasare": "läsare", "handlaggare": "handläggare"}
ROLE_HELP = {
    "läsare": "söka och läsa",
    "handläggare": "söka, läsa och skriva utkast",
    "arkivarie": "dessutom ladda upp, ta bort och återställa dokument",
    "admin": "dessutom hantera användare",
}
NAME = re.compile(r"^[\w.@-]{1,64}$")
MIN_PASSWORD = 10


class UserError(LoftenError):
    """A user name, role or password that cannot be used."""


@dataclass(frozen=True)
class User:
    name: str
    role: str
    stamp: str

    def may(self, role: str) -> bool:
        return role_rank(self.role) >= role_rank(role)


def canonical_role(text: str) -> str:
    role = unicodedata.normalize("NFC", text.strip().casefold())
    role = ROLE_ALIASES.get(role, role)
    if role not in ROLES:
        raise UserError(f"okänd roll '{text}' (välj en av: {', '.join(ROLES)})")
    return role


def role_rank(role: str | None) -> int:
    return ROLES.index(role) if role in ROLES else -1


def check_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not NAME.match(name):
        raise UserError(f"'{name}' går inte som användarnamn (1–64 bokstäver, siffror, . _ - @)")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"lösenordet måste ha minst {MIN_PASSWORD} tecken")


class UserStore:
    """The users file; re-read when it changes on disk, so `loften user add` while the server
    runs takes effect at once. Safe to share between threads."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._data: dict | None = None
        self._mtime: float | None = None

    # -- reading -------------------------------------------------------------------------
    def _load(self) -> dict:
        with self._lock:
            try:
                mtime = self.path.stat().st_mtime_ns
            except FileNotFoundError:
                mtime = None
            if self._data is None or mtime != self._mtime:
                self._data = self._read() if mtime is not None else {"users": {}}
                self._mtime = mtime
            return self._data

    def _read(self) -> dict:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise UserError(f"{self.path}: användarfilen går inte att läsa ({e})") from None
        if not isinstance(data, dict) or not isinstance(data.get("users"), dict):
            raise UserError(f"{self.path}: användarfilen har fel form")
        return data

    def get(self, name: str) -> User | None:
        entry = self._load()["users"].get(unicodedata.normalize("NFC", name))
        return User(name, entry["role"], entry["stamp"]) if entry else None

    def all(self) -> list[User]:
        users = self._load()["users"]
        return [User(n, e["role"], e["stamp"]) for n, e in sorted(users.items())]

    def verify(self, name: str, password: str) -> User | None:
        """The user when the password is right; None otherwise. An unknown name costs as much
        time as a wrong password, so a guesser cannot tell which names exist."""
        from argon2 import PasswordHasher
        from argon2.exceptions import InvalidHashError, VerificationError

        hasher = PasswordHasher()
        entry = self._load()["users"].get(unicodedata.normalize("NFC", name))
        try:
            hasher.verify(entry["hash"] if entry else _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        return User(name, entry["role"], entry["stamp"]) if entry else None

    def session_key(self) -> str:
        """The key that signs session cookies; made (and the file written) on first use."""
        data = self._load()
        if not data.get("session_key"):
            with self._lock:
                data = self._read() if self.path.exists() else {"users": {}}
                data.setdefault("session_key", secrets.token_urlsafe(48))
                self._write(data)
        return self._load()["session_key"]

    # -- changing ------------------------------------------------------------------------
    def add(self, name: str, role: str, password: str) -> User:
        """Add a user, or give an existing one a new password and role."""
        from argon2 import PasswordHasher

        name, role = check_name(name), canonical_role(role)
        check_password(password)
        entry = {"role": role, "hash": PasswordHasher().hash(password), "stamp": secrets.token_hex(8)}
        self._change(lambda users: users.__setitem__(name, entry))
        return User(name, role, entry["stamp"])

    def set_role(self, name: str, role: str) -> None:
        role = canonical_role(role)

        def change(users):
            if name not in users:
                raise UserError(f"ingen användare heter '{name}'")
            users[name] = {**users[name], "role": role, "stamp": secrets.token_hex(8)}

        self._change(change)

    def remove(self, name: str) -> None:
        def change(users):
            if users.pop(name, None) is None:
                raise UserError(f"ingen användare heter '{name}'")

        self._change(change)

    def _change(self, change) -> None:
        with self._lock:
            data = self._read() if self.path.exists() else {"users": {}}
            data.setdefault("session_key", secrets.token_urlsafe(48))
            change(data["users"])
            self._write(data)

    def _write(self, data: dict) -> None:
        """Atomically, and readable by the owner only (it holds hashes and the session key)."""
        from pipeline.archive.store import atomic_write

        atomic_write(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        os.chmod(self.path, 0o600)


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        from argon2 import PasswordHasher

        _DUMMY.append(PasswordHasher().hash(secrets.token_urlsafe(16)))
    return _DUMMY[0]
