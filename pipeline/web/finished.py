"""Finished drafts, kept as files for their author to download (and an archivist to archive)
for a while: files, not memory, so every worker process of the server finds them.

Each draft is <token>.docx (and .pdf) with <token>.json saying whose it is, written last, so a
draft whose JSON exists is whole. The token is random and checked against its form before any
file is named by it; a user's input never names a file.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)
FORMATS = ("docx", "pdf")


SUMMARY = ("title", "focus_areas", "activities", "signatories", "gaps", "warnings")  # what the page shows


@dataclass(frozen=True)
class Finished:
    """A kept draft: what its page shows, and its files."""

    token: str
    owner: str
    title: str
    focus_areas: int
    activities: int
    signatories: int
    gaps: list
    warnings: list
    folder: Path

    @property
    def pdf(self) -> bool:
        return (self.folder / f"{self.token}.pdf").is_file()

    def data(self, kind: str) -> bytes | None:
        """The file's bytes; None for a format not drafted (or one expired meanwhile)."""
        if kind not in FORMATS:
            return None
        try:
            return (self.folder / f"{self.token}.{kind}").read_bytes()
        except FileNotFoundError:
            return None


class FinishedDrafts:
    """A folder of finished drafts: each kept KEEP_S seconds, at most MOST at a time."""

    KEEP_S, MOST = 1800, 200

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def put(self, owner: str, drafted) -> str:
        """Keep `drafted` (a pipeline.app.Drafted) for `owner`; returns its token."""
        from pipeline.archive.store import atomic_write

        self.folder.mkdir(parents=True, exist_ok=True)
        self._expire()
        token = secrets.token_urlsafe(16)
        for kind in FORMATS:
            data = getattr(drafted, kind)
            if data:
                atomic_write(self.folder / f"{token}.{kind}", data)
        meta = {"owner": owner, **{name: getattr(drafted, name) for name in SUMMARY}}
        atomic_write(self.folder / f"{token}.json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        return token

    def get(self, owner: str, token: str) -> Finished | None:
        """The draft, if the token is one of ours, not expired, and `owner`'s."""
        if not TOKEN.fullmatch(token):
            return None
        path = self.folder / f"{token}.json"
        try:
            if path.stat().st_mtime < time.time() - self.KEEP_S:
                return None
            meta = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(meta, dict) or meta.get("owner") != owner or not set(SUMMARY) <= set(meta):
            return None
        return Finished(token=token, folder=self.folder, **meta)

    def _expire(self) -> None:
        """Delete expired drafts (by their JSON's age) and old leftovers of unfinished ones,
        then the oldest beyond MOST."""
        now, kept = time.time(), []
        for path in self.folder.iterdir():
            try:
                mtime = path.stat().st_mtime
            except FileNotFoundError:
                continue  # another worker expired it meanwhile
            if path.suffix == ".json" and mtime >= now - self.KEEP_S:
                kept.append((mtime, path.stem))
            elif path.suffix == ".json" or (mtime < now - self.KEEP_S and not path.with_suffix(".json").exists()):
                self._delete(path.stem)
        for _, token in sorted(kept)[:max(0, len(kept) - self.MOST + 1)]:
            self._delete(token)

    def _delete(self, token: str) -> None:
        for kind in ("json", *FORMATS):  # the JSON first: a draft without it is gone
            (self.folder / f"{token}.{kind}").unlink(missing_ok=True)
