"""Index generations, shared by both backends: `rebuild` fills a new generation (gen-<n>, a
folder for whoosh, a database file for SQLite) and then switches CURRENT to it atomically, so
searches keep reading the old one meanwhile."""

from __future__ import annotations

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


def stale(index_dir: Path, suffix: str = "") -> list[Path]:
    """Generations of this kind that are neither live nor among the newest KEEP."""
    gens = sorted((p for p in index_dir.glob(f"gen-*{suffix}") if number(p) is not None and
                   (p.suffix == suffix or (not suffix and p.is_dir()))), key=number)
    keep = {live(index_dir), *gens[-KEEP:]}
    return [g for g in gens if g not in keep]
