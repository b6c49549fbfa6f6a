"""Verify the archive (originals intact, records valid, each path held once, index in step)
and repair what can be repaired without losing anything.

Repair re-extracts a damaged record from its original (the paths it held come from the
catalog), restores a damaged original from a source path that still holds the same bytes,
and otherwise moves what is beyond repair to quarantine/ (never deletes it).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.catalog import Catalog
from pipeline.errors import ArchiveError
from pipeline.parse import sha256


@dataclass
class Repair:
    repaired: list[str] = field(default_factory=list)  # one line per file repaired
    quarantined: list[str] = field(default_factory=list)  # one line per file set aside
    problems: list[str] = field(default_factory=list)  # what is still wrong afterwards

    def to_dict(self) -> dict:
        return {"repaired": self.repaired, "quarantined": self.quarantined, "problems": self.problems}


def check(corpus: Path, index: Path, backend_name: str | None = None) -> list[str]:
    """Every problem found, one line each; an empty list means the archive is sound."""
    corpus = Path(corpus)
    problems = [f"original {p}: {why}" for p, why in damaged_originals(corpus)]
    problems += [f"record {p}: {why}" for p, why in damaged_records(corpus)]
    problems += _check_paths(corpus)
    from pipeline.archive.journal import journal_path

    if journal_path(corpus).is_file():
        problems.append(f"{journal_path(corpus)}: a batch was interrupted; the next `loften index` finishes it")
    problems += _check_index(corpus, Path(index), backend_name)
    return problems


def damaged_originals(corpus: Path) -> list[tuple[Path, str]]:
    found = []
    root = store.originals_dir(corpus)
    for p in sorted(root.rglob("*")) if root.is_dir() else []:
        if not p.is_file() or p.name.startswith("."):
            continue
        digest = p.name.split(".", 1)[0]
        if not store.SHA256.match(digest):
            found.append((p, "not a file loften stored (its name is not a sha256)"))
        elif sha256(p.read_bytes()) != digest:
            found.append((p, "content does not match its sha256 (changed or damaged)"))
    return found


def damaged_records(corpus: Path) -> list[tuple[Path, str]]:
    found = []
    for folder in ("records", "trash"):
        for p in store.record_files(corpus, folder):
            try:
                record = store.load_record(p)
            except ArchiveError as e:
                found.append((p, _reason(e)))
                continue
            if not store.SHA256.match(record.source.sha256) or record.source.sha256[:16] != record.id:
                found.append((p, f"its sha256 '{store.printable_path(record.source.sha256)[:80]}' does not match its id"))
            elif not store.find_originals(corpus, record.source.sha256):
                found.append((p, f"its original {record.source.sha256} is missing"))
    return found


def _reason(e: ArchiveError) -> str:
    return str(e).split(": ", 1)[-1]


def _check_paths(corpus: Path) -> list[str]:
    holders = defaultdict(list)
    for record in _intact(corpus):
        for p in record.source.paths:
            holders[p].append(record.id)
    return [f"path {p}: held by {len(ids)} documents ({', '.join(ids)}); run `loften check --repair`"
            for p, ids in sorted(holders.items()) if len(ids) > 1]


def _check_index(corpus: Path, index: Path, backend_name: str | None) -> list[str]:
    from pipeline.search import open_backend

    if not index.exists():
        return [f"index {index}: missing; run `loften reindex`"]
    backend = open_backend(index, backend_name)
    if backend.needs_rebuild():
        return [f"index {index}: made by another version or unreadable; run `loften reindex`"]
    corpus_ids, index_ids = store.record_ids(corpus), backend.doc_ids()  # damaged ones are named above
    problems = [f"index {index}: lacks {i}, which is in the corpus" for i in sorted(corpus_ids - index_ids)]
    problems += [f"index {index}: has {i}, which is not in the corpus" for i in sorted(index_ids - corpus_ids)]
    return problems


def repair(corpus: Path, index: Path, wait: float = 10.0, backend_name: str | None = None) -> Repair:
    """Repair what `check` finds; what cannot be repaired is quarantined, nothing is deleted."""
    from pipeline.archive.lock import archive_lock
    from pipeline.archive.reconcile import open_archive

    corpus, index = Path(corpus), Path(index)
    result = Repair()
    with archive_lock(corpus, wait), store.one_report_each():
        backend, catalog = open_archive(corpus, index, backend_name)
        try:
            for path, why in damaged_originals(corpus):
                _repair_original(corpus, catalog, path, result)
            for path, why in damaged_records(corpus):
                _repair_record(corpus, catalog, path, why, result)
            _repair_paths(corpus, result)
        finally:
            catalog.close()
        backend, catalog = open_archive(corpus, index, backend_name)  # index and catalog follow the repaired files
        catalog.close()
    result.problems = check(corpus, index, backend_name)
    return result


def _repair_original(corpus: Path, catalog: Catalog, path: Path, result: Repair) -> None:
    digest = path.name.split(".", 1)[0]
    if store.SHA256.match(digest):
        doc = catalog.doc(digest[:16])
        record = _readable(corpus, doc.id, doc.folder) if doc else None
        for source in record.source.paths if record else []:
            data = _bytes_of(source)
            if data is not None and sha256(data) == digest:
                store.atomic_write(path, data)
                result.repaired.append(f"original {path}: restored from {source}")
                return
    _quarantine(corpus, path, result, "original", "damaged and no source path holds its bytes")


def _repair_record(corpus: Path, catalog: Catalog, path: Path, why: str, result: Repair) -> None:
    """Extract the record again from its original, keeping what the catalog knew of it."""
    from pipeline.archive.extract_jobs import Limits, run_jobs
    from pipeline.extract import extract_file

    rid, folder = path.stem, path.parent.name
    originals = _originals_for(corpus, rid)
    if not originals:
        _quarantine(corpus, path, result, "record", f"{why}, and no intact original to extract it from")
        return
    (_, outcome), = run_jobs(extract_file, [originals[0]], 1, Limits())
    if isinstance(outcome, str):
        _quarantine(corpus, path, result, "record", f"{why}, and its original could not be read again ({outcome})")
        return
    doc = catalog.doc(rid)
    paths = [p for p, in catalog.con.execute("SELECT path FROM paths WHERE id = ?", (rid,))]
    outcome.source.paths = paths
    outcome.source.path = paths[0] if paths else str(originals[0])
    outcome.previous = doc.previous if doc else None
    store.atomic_write(store.record_path(corpus, rid, folder), store.record_bytes(outcome))
    result.repaired.append(f"record {path}: extracted again from {originals[0]}")


def _repair_paths(corpus: Path, result: Repair) -> None:
    """A path held by two documents goes to the newer version (the one naming the other)."""
    holders = defaultdict(list)
    records = {}
    for record in _intact(corpus):
        records[record.id] = record
        for p in record.source.paths:
            holders[p].append(record.id)
    for p, ids in holders.items():
        if len(ids) < 2:
            continue
        older = {records[i].previous for i in ids}
        keep = next((i for i in ids if i not in older), ids[-1])
        for i in ids:
            if i != keep:
                records[i].source.paths = [x for x in records[i].source.paths if x != p]
                store.write_record(corpus, records[i])
        result.repaired.append(f"path {p}: kept by {keep}, the newest of {', '.join(ids)}")


def _intact(corpus: Path):
    """The archived records that read; the damaged ones are the subject of their own lines."""
    for p in store.record_files(corpus):
        try:
            yield store.load_record(p)
        except ArchiveError:
            continue


def _originals_for(corpus: Path, rid: str) -> list[Path]:
    if not store.RECORD_ID.match(rid):
        return []
    folder = store.originals_dir(corpus) / rid[:2]
    candidates = sorted(folder.glob(f"{rid}*")) if folder.is_dir() else []
    return [p for p in candidates if p.is_file() and not p.name.startswith(".")
            and store.SHA256.match(p.name.split(".", 1)[0]) and sha256(p.read_bytes()) == p.name.split(".", 1)[0]]


def _readable(corpus: Path, rid: str, folder: str):
    try:
        return store.read_record(corpus, rid, folder)
    except ArchiveError:
        return None


def _bytes_of(path: str) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except (OSError, ValueError):
        return None


def _quarantine(corpus: Path, path: Path, result: Repair, what: str, why: str) -> None:
    target = store.quarantine_dir(corpus) / path.parent.name / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(path, target)
    result.quarantined.append(f"{what} {path}: {why}; moved to {target}")
