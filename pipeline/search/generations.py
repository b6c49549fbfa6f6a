"""Index generations, shared by both backends: `rebuild` fills a new generation (gen-<n>, a
folder for whoosh, a database file for SQLite) and then switches CURRENT to it atomically, so
searches keep reading the old one meanwhile."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

KEEP = 2  # the live generation and the one before, for searches still reading it


def number(path: Path) -> int | None:
    digits = path.name[4:].removesuffix(".sqlite")
    return int(digits) if path.name.startswith("gen-") and digits.isdigit() else None


def live(index_dir: Path) -> Path | None:
    """The generation CURRENT names, or None before the first rebuild."""
    try:
        name = (index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return index_dir / name if name else None


def next_name(index_dir: Path, suffix: str = "") -> Path:
    """Numbered past every generation of either backend."""
    numbers = [n for n in (number(p) for p in index_dir.glob("gen-*")) if n is not None]
    return index_dir / f"gen-{max(numbers, default=0) + 1}{suffix}"


def publish(index_dir: Path, gen: Path) -> None:
    write_atomic(index_dir / "CURRENT", gen.name.encode())


def write_atomic(path: Path, data: bytes) -> None:
    """Temp file, fsync, rename: a reader or a crash sees the old file or the new one. (The
    index's own writer: the archive builds on search, not the other way round.)"""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sidecars(db: Path) -> list[Path]:
    """SQLite's -wal and -shm files beside a database."""
    return [db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")]


def drop_stale(index_dir: Path) -> None:
    """Remove generations, of either backend, that are neither live nor among the newest KEEP
    (switching backends leaves the other's behind otherwise)."""
    gens = sorted((p for p in index_dir.glob("gen-*") if number(p) is not None), key=number)
    keep = {live(index_dir), *gens[-KEEP:]}
    for gen in gens:
        if gen in keep:
            continue
        if gen.is_dir():
            shutil.rmtree(gen, ignore_errors=True)
        else:
            for path in (gen, *sidecars(gen)):
                path.unlink(missing_ok=True)
