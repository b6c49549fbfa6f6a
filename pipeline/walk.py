"""Turn the paths a user names into the files to process, and say what was left out."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.parse import SUPPORTED_EXTENSIONS


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # named on the command line, not there
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # found in a folder, not read


def walk_inputs(paths: list[str | Path]) -> Walk:
    """Files named explicitly are always taken (so a bad one gets its error); folders are
    walked in sorted order, following links to folders once. Files of unsupported types,
    broken links and unreadable folders are listed as skipped with the reason; hidden files
    and folders (names starting with a dot) are left out by design."""
    walk, seen, seen_dirs = Walk(), set(), set()
    for raw in paths:
        p = Path(raw)
        if _is_dir(p):
            candidates = _walk_folder(p, walk, seen_dirs)
        elif _exists(p) or not _lstat_ok(p):
            candidates = [p]  # a name the system refuses (too long, …): reading it says why
        elif p.is_symlink():
            walk.skipped.append((p, "a link to something that does not exist"))
            continue
        else:
            walk.missing.append(p)
            continue
        for f in candidates:
            key = f.resolve() if _exists(f) else f
            if key not in seen:
                seen.add(key)
                walk.files.append(f)
    return walk


def iter_inputs(paths: list[str | Path]) -> list[Path]:
    """The files alone (for `extract`, which names missing paths itself)."""
    walk = walk_inputs(paths)
    return walk.files + walk.missing


def _walk_folder(root: Path, walk: Walk, seen_dirs: set) -> list[Path]:
    found: list[Path] = []

    def unreadable(error: OSError) -> None:
        walk.skipped.append((Path(error.filename or root), f"folder could not be read ({error.strerror or error})"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=True):
        here = Path(folder)
        try:
            st = here.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen_dirs:  # a link loop, or a folder reached twice
            dirs[:] = []
            continue
        seen_dirs.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            f = here / name
            if not f.exists():
                walk.skipped.append((f, "a link to something that does not exist"))
            elif not f.is_file():
                walk.skipped.append((f, "not a regular file"))
            elif f.suffix.lower() not in SUPPORTED_EXTENSIONS:
                walk.skipped.append((f, _unsupported(f)))
            else:
                found.append(f)
    return found


def _is_dir(p: Path) -> bool:
    try:
        return p.is_dir()
    except OSError:
        return False


def _exists(p: Path) -> bool:
    try:
        return p.exists()
    except OSError:
        return False


def _lstat_ok(p: Path) -> bool:
    """Whether the system can answer for this name at all (it exists or plainly does not)."""
    try:
        p.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return True


def _unsupported(path: Path) -> str:
    ext = path.suffix.lower() or "(none)"
    shown = ", ".join(e.lstrip(".").upper() for e in SUPPORTED_EXTENSIONS)
    return f"file type '{ext}' is not read (loften reads {shown})"
