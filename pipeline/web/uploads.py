"""Uploaded files onto disk under names of our own, so `Loften.index` can archive them.

An uploaded file's name is never used as a path: the file is stored as
<uploads>/<sha256 of the name, 16 hex><suffix>, the suffix only one the parsers know. The same
name always gets the same path, so uploading a new version of a file reports it as updated,
exactly as indexing a changed file on disk does.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath



@dataclass
class Upload:
    name: str  # what the user called the file, for display only
    path: Path | None  # where it was stored; None when it was refused
    reason: str | None = None


def display_name(filename: str | None) -> str:
    """The name a browser sent, without any folders, for showing back to the user."""
    name = unicodedata.normalize("NFC", filename or "")
    return PureWindowsPath(PurePosixPath(name).name).name.strip() or "(namnlös fil)"


def stored_path(folder: Path, name: str) -> Path | None:
    from pipeline.parse import SUPPORTED_EXTENSIONS

    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_EXTENSIONS:
        return None
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    return folder / f"{digest}{suffix}"


def save_uploads(folder: Path, files: list[tuple[str, bytes]]) -> list[Upload]:
    """Write each (name, bytes) atomically; a file of a kind loften cannot read is refused here."""
    from pipeline.archive.store import atomic_write

    saved = []
    for filename, data in files:
        name = display_name(filename)
        path = stored_path(folder, name)
        if path is None:
            saved.append(Upload(name, None, f"filtypen {Path(name).suffix or '(utan ändelse)'} kan loften inte läsa"))
            continue
        atomic_write(path, data)
        saved.append(Upload(name, path))
    return saved


@dataclass
class Outcome:
    name: str
    status: str  # added | updated | unchanged | failed, or another status of the indexing run
    reason: str = ""
    id: str = ""  # the document it is archived as, when it is

    def to_dict(self) -> dict:
        return {"name": self.name, "status": self.status, "reason": self.reason, "id": self.id}


def archive_uploads(loften, folder: Path, files: list[tuple[str, bytes]]):
    """Store the files and archive them in one indexing run; each file's outcome in upload order,
    and the run's report (None when no file could even be stored)."""
    saved = save_uploads(folder, files)
    outcomes = {i: Outcome(u.name, "failed", u.reason) for i, u in enumerate(saved) if u.path is None}
    by_path: dict[str, list[int]] = {}
    for i, u in enumerate(saved):
        if u.path is not None:
            by_path.setdefault(str(u.path.resolve()), []).append(i)

    def progress(event) -> None:
        for i in by_path.get(str(Path(event.path).resolve()), ()):
            outcomes[i] = Outcome(saved[i].name, event.status, event.reason or "", event.id)

    report = loften.index([Path(p) for p in by_path], progress=progress) if by_path else None
    return [outcomes.get(i, Outcome(u.name, "failed", "arkiveringen gav ingen uppgift om filen"))
            for i, u in enumerate(saved)], report
