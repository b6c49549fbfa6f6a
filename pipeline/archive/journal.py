"""Publish a batch of corpus files at once: durable with one sync, atomic as a whole.

Every file of a batch is first written under a temp name beside its final place. Then the
list of renames (the journal) is written, the file systems are synced once, and the journal is
renamed into place: from that moment the batch is published. The renames follow, one more
sync, and the journal is removed (two syncs per batch instead of several per document). A writer killed anywhere leaves either no journal (the temp files are
stray and removed) or a published one, which the next writer replays; replaying twice is
harmless. So a new version and the old record it takes a path from change together.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.archive import store

JOURNAL_NAME = "batch.journal"


def journal_path(corpus: Path) -> Path:
    return Path(corpus) / JOURNAL_NAME


def publish(corpus: Path, renames: list[tuple[Path, Path]]) -> None:
    """Make every (temp, final) rename of one batch happen, or none of them."""
    if not renames:
        return
    corpus = Path(corpus)
    root = os.path.join(os.path.abspath(corpus), "")
    entries = [[_relative(root, tmp), _relative(root, final)] for tmp, final in renames]
    tmp_journal = store.temp_file(journal_path(corpus), json.dumps(entries).encode("utf-8"))
    os.sync()  # the batch's files and its journal reach the disk with one call
    os.replace(tmp_journal, journal_path(corpus))
    store.fsync_dir(corpus)
    _apply(corpus, entries)


def replay(corpus: Path) -> bool:
    """Finish a batch a killed writer published but did not complete. Returns whether one was."""
    path = journal_path(corpus)
    if not path.is_file():
        return False
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        entries = []  # a journal is renamed into place whole; an unreadable one names nothing
    _apply(Path(corpus), [e for e in entries if _valid(e)])
    return True


def _apply(corpus: Path, entries: list[list[str]]) -> None:
    for tmp, final in entries:
        source, target = corpus / tmp, corpus / final
        if source.is_file():
            os.replace(source, target)
    os.sync()  # the renames are on disk before the journal that would redo them goes
    journal_path(corpus).unlink(missing_ok=True)


def _relative(root: str, path: Path) -> str:
    """`path` relative to the corpus folder `root` (absolute, ending in a separator): temp files
    come from mkstemp, which names them absolutely even in a relative folder."""
    full = os.path.abspath(path)
    if not full.startswith(root):
        raise ValueError(f"{path} is not inside {root}")
    return full[len(root):]


def _valid(entry) -> bool:
    """A journal names temp files and their final names inside the corpus, nothing else."""
    if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(p, str) for p in entry)):
        return False
    tmp, final = (Path(p) for p in entry)
    if tmp.is_absolute() or final.is_absolute() or ".." in tmp.parts or ".." in final.parts:
        return False
    return (tmp.parent == final.parent and tmp.name.startswith(f".{final.name}.")
            and store.TEMP_NAME.match(tmp.name) is not None)
