"""Turn the paths a user names into the files to process."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.parse import SUPPORTED_EXTENSIONS


def iter_inputs(paths: list[str | Path]) -> Iterator[Path]:
    """Files named explicitly are always yielded (so a bad one gets its error); folders are
    walked in sorted order for supported file types, skipping hidden files and folders."""
    seen: set[Path] = set()
    for raw in paths:
        p = Path(raw)
        if _is_dir(p):
            candidates = sorted(
                f for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUPPORTED_EXTENSIONS
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        else:
            candidates = [p]
        for f in candidates:
            key = f.resolve() if _exists(f) else f
            if key not in seen:
                seen.add(key)
                yield f


def _is_dir(p: Path) -> bool:
    """False also for a name the system refuses (too long, …): reading it then says why."""
    try:
        return p.is_dir()
    except OSError:
        return False


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError:
        return False
