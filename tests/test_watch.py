"""`loften watch INBOX` as a real process: files are archived once their size is stable and
moved to done/ or failed/ (with a reason file); a file arriving while it works, or while it is
stopped, is not lost."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.archive import store

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 120


def lofte(kommun: str, year: int) -> str:
    return (f"Medborgarlöfte {year} för {kommun}\n\nLokalpolisområde {kommun} och {kommun} kommun lovar:\n\n"
            f"• Polisen genomför fotpatrullering i {kommun} centrum varje fredag\n")


def start(inbox: Path, root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "watch", str(inbox), "--corpus", str(root / "corpus"),
         "--index", str(root / "index"), "--interval", "0.2", "--settle", "1", "--workers", "1", "--json"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def test_watch_archives_stable_files_moves_them_and_survives_a_restart(tmp_path):
    inbox = tmp_path / "inkommet"
    inbox.mkdir()
    (inbox / "mora.txt").write_text(lofte("Mora", 2025), encoding="utf-8")
    (inbox / "trasig.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> trasigt slut")
    proc = start(inbox, tmp_path)
    try:
        wait_for(lambda: (inbox / "done" / "mora.txt").exists() and (inbox / "failed" / "trasig.pdf").exists(),
                 "the first two files")
        # a file written slowly, in two halves: it must not be read half-written
        slow = inbox / "orsa.txt"
        text = lofte("Orsa", 2026).encode("utf-8")
        with open(slow, "wb") as f:
            f.write(text[: len(text) // 2])
            f.flush()
            time.sleep(0.6)
            f.write(text[len(text) // 2:])
        wait_for(lambda: (inbox / "done" / "orsa.txt").exists(), "the slowly written file")
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=TIMEOUT)
    lines = [json.loads(line) for line in out.splitlines()]
    assert {(Path(o["path"]).name, o["status"]) for o in lines} == {
        ("mora.txt", "added"), ("trasig.pdf", "failed"), ("orsa.txt", "added")}
    reason = (inbox / "failed" / "trasig.pdf.reason.txt").read_text(encoding="utf-8").strip()
    assert reason == next(o["detail"] for o in lines if o["status"] == "failed") and reason
    records = {r.id: r for r in store.iter_records(tmp_path / "corpus")}
    orsa = next(o["detail"] for o in lines if o["path"].endswith("orsa.txt"))
    assert records[orsa].source.sha256 == hashlib.sha256(text).hexdigest()  # the whole file

    # stopped: a file arrives, and one of the same name as an archived one with new content
    (inbox / "rattvik.txt").write_text(lofte("Rättvik", 2025), encoding="utf-8")
    (inbox / "mora.txt").write_text(lofte("Mora", 2026), encoding="utf-8")
    proc = start(inbox, tmp_path)
    try:
        wait_for(lambda: (inbox / "done" / "rattvik.txt").exists() and (inbox / "done" / "mora (2).txt").exists(),
                 "the files that arrived while it was stopped")
    finally:
        os.kill(proc.pid, signal.SIGKILL)  # killed outright: nothing to lose either
        proc.communicate(timeout=TIMEOUT)
    records = list(store.iter_records(tmp_path / "corpus"))
    assert sorted((r.municipalities[0], r.year) for r in records) == [
        ("Mora", 2025), ("Mora", 2026), ("Orsa", 2026), ("Rättvik", 2025)]
    newer = next(r for r in records if r.year == 2026 and r.municipalities == ["Mora"])
    older = next(r for r in records if r.year == 2025 and r.municipalities == ["Mora"])
    assert newer.previous == older.id  # the same name again is the next version
    assert sorted(p.name for p in inbox.iterdir()) == ["done", "failed"]
