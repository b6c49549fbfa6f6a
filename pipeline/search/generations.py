"""Index generations, shared by both backends: `rebuild` fills a new generation (gen-<n>, a
folder for whoosh, a database file for SQLite) and then switches CURRENT to it atomically, so
searches keep reading the old one meanwhile."""

from __future__ import annotations

import shutil
from pathlib import Path

from pipeline.archive.store import atomic_write

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
    atomic_write(index_dir / "CURRENT", gen.name.encode())


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
            for path in (gen, gen.with_name(gen.name + "-wal"), gen.with_name(gen.name + "-shm")):
                path.unlink(missing_ok=True)
