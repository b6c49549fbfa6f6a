"""Per-file limits on extraction: a parser made to hang and one made to eat memory get one
line each, their workers are killed or end themselves and are never reused, and the files
after them go through. The misbehaving parsers are test extractors handed to the real pool
(`index_paths(extract=...)`), run in real worker processes."""

from __future__ import annotations

import os
import time
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.batch import index_paths
from pipeline.archive.extract_jobs import Limits
from pipeline.extract import extract_file
from pipeline.search import open_backend

CHUNK = 32 * 1024 * 1024


def note_pid(path: Path) -> None:
    """Beside the input folder (workers are reused across tests, so not through their environment)."""
    with open(Path(path).parent.parent / "pids.log", "a", encoding="utf-8") as f:
        f.write(f"{Path(path).name}\t{os.getpid()}\n")


def misbehaving(path: Path):
    """Hangs on hang*.txt, eats memory on hog*.txt, extracts everything else."""
    note_pid(path)
    name = Path(path).stem
    if "hang" in name:
        while True:
            time.sleep(1)
    if "hog" in name:
        hoard = []
        while True:
            hoard.append(bytearray(CHUNK))  # zero-filled: every page is touched
            time.sleep(0.01)
    return extract_file(path)


def write_inputs(folder: Path, names: list[str]) -> None:
    folder.mkdir(parents=True)
    for n, name in enumerate(names):
        (folder / f"{name}.txt").write_text(
            f"Medborgarlöfte {2015 + n} för Sala\n\nVi lovar trygghetsvandring nummer {n} i Sala.\n", encoding="utf-8")


def runs(path: Path) -> list[tuple[str, int]]:
    """(file, worker pid) in the order the files started."""
    return [(name, int(pid)) for name, pid in (line.split("\t") for line in path.read_text(encoding="utf-8").splitlines())]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not status.exists() or "zombie" not in status.read_text()


def test_a_hanging_and_a_memory_eating_file_fail_alone_and_their_workers_are_replaced(tmp_path):
    good = [f"bra{n}" for n in range(6)]
    write_inputs(tmp_path / "in", ["0-hang", "1-hog", *good])
    limits = Limits(seconds=8, memory_mb=700)  # a worker with the language pipeline loaded holds ~350 MB
    started = time.monotonic()
    report = index_paths([tmp_path / "in"], tmp_path / "corpus", tmp_path / "index", workers=2,
                         extract=misbehaving, limits=limits)
    elapsed = time.monotonic() - started
    failed = {Path(f.path).name: f.reason for f in report.failed}
    assert failed == {
        "0-hang.txt": "took longer than 8 s (the per-file time limit)",
        "1-hog.txt": "needed more than 700 MB of memory (the per-file limit)",
    }
    assert len(report.added) == len(good)
    assert store.record_ids(tmp_path / "corpus") == set(report.added) == open_backend(tmp_path / "index").doc_ids()
    ran = runs(tmp_path / "pids.log")
    for bad in ("0-hang.txt", "1-hog.txt"):
        at, pid = next((n, pid) for n, (name, pid) in enumerate(ran) if name == bad)
        assert pid not in {p for _, p in ran[at + 1:]}  # a worker that hit a limit is never reused
        assert not alive(pid)
    assert {name for name, _ in ran} == {f"{name}.txt" for name in ["0-hang", "1-hog", *good]}
    assert elapsed < 120


def test_the_time_limit_is_a_setting_and_the_batch_goes_on(tmp_path):
    write_inputs(tmp_path / "in", ["hang1", "hang2", "bra"])
    report = index_paths([tmp_path / "in"], tmp_path / "corpus", tmp_path / "index", workers=1,
                         extract=misbehaving, limits=Limits(seconds=2, memory_mb=1024))
    assert [(Path(f.path).name, f.reason) for f in report.failed] == [
        ("hang1.txt", "took longer than 2 s (the per-file time limit)"),
        ("hang2.txt", "took longer than 2 s (the per-file time limit)"),
    ]
    assert len(report.added) == 1
