"""kill -9 at random moments of `loften index`, many times, with files changing in between:
after one complete run, each source path belongs to exactly one current document, older
versions are linked and kept, nothing is duplicated, stale or lost, and searches never fail."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.batch import SLOW_ENV, index_paths
from pipeline.archive.check import check
from pipeline.archive.journal import journal_path
from pipeline.search import SearchRequest, open_backend

REPO = Path(__file__).resolve().parent.parent
KOMMUNER = ["Alingsås", "Bjuv", "Dals-Ed", "Enköping", "Falköping", "Gnosjö", "Hörby", "Järfälla"]
KILLS = 15
MAX_ROUNDS = 3 * KILLS  # a run that finishes before its kill lands is followed by another round
FILES = 60


def write_one(folder: Path, n: int, edition: int) -> None:
    kommun, year = KOMMUNER[n % len(KOMMUNER)], 2015 + n + edition
    if n % 2:
        (folder / f"lofte{n:02}.html").write_text(
            f"<html><body><h1>Medborgarlöfte {year} för {kommun}</h1>"
            f"<p>Polisen och {kommun} kommun lovar insats nummer {n} (utgåva {edition}) mot skadegörelse.</p></body></html>",
            encoding="utf-8",
        )
    else:
        (folder / f"lofte{n:02}.txt").write_text(
            f"Medborgarlöfte {year} för {kommun}\n\n"
            f"Vi lovar trygghetsvandring nummer {n} (utgåva {edition}) i {kommun} tillsammans med föreningslivet.\n",
            encoding="utf-8",
        )


def start(inbox: Path, corpus: Path, index: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "index", str(inbox), "--corpus", str(corpus), "--index", str(index),
         "--workers", "1"],
        cwd=REPO, env={**os.environ, SLOW_ENV: "0.1"}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def test_kill_9_at_random_moments_then_one_run_leaves_one_current_document_per_path(tmp_path):
    rng = random.Random(20261201)
    inbox, corpus, index = tmp_path / "in", tmp_path / "corpus", tmp_path / "index"
    inbox.mkdir()
    editions = dict.fromkeys(range(FILES), 0)
    for n in editions:
        write_one(inbox, n, 0)
    index_paths([inbox], corpus, index, workers=1)  # a first archive, so later runs make versions
    searched = killed = rounds = 0
    while killed < KILLS and rounds < MAX_ROUNDS:  # as many kills whatever the machine's speed
        rounds += 1
        for n in rng.sample(range(FILES), 12):  # municipalities replace files under the same name
            editions[n] += 1
            write_one(inbox, n, editions[n])
        proc = start(inbox, corpus, index)
        time.sleep(rng.uniform(0.2, 3.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait()
        found = open_backend(index).search(SearchRequest(query="trygghetsvandring"))  # never fails
        searched += found.total > 0

    report = index_paths([inbox], corpus, index, workers=2)
    assert report.failed == []
    assert searched == rounds and killed == KILLS

    records = {r.id: r for r in store.iter_records(corpus)}
    holders: dict[str, list[str]] = {}
    for r in records.values():
        for p in r.source.paths:
            holders.setdefault(p, []).append(r.id)
    files = sorted(inbox.iterdir())
    assert sorted(holders) == [str(f.resolve()) for f in files]
    for f in files:
        (rid,) = holders[str(f.resolve())]  # exactly one current document per path
        assert records[rid].source.sha256 == hashlib.sha256(f.read_bytes()).hexdigest()
    older = [r for r in records.values() if not r.source.paths]
    linked = {r.previous for r in records.values() if r.previous}
    assert all(r.id in linked for r in older)  # every older version is some newer one's predecessor
    assert len(records) == FILES + len(older) and len(older) >= FILES // 10
    assert open_backend(index).doc_ids() == set(records)
    assert check(corpus, index) == []
    assert not journal_path(corpus).exists()
    assert not any(p.name.endswith(".tmp") for p in corpus.rglob("*"))
    originals = [p for p in store.originals_dir(corpus).rglob("*") if p.is_file()]
    assert len(originals) == len(records)


def test_a_batch_published_but_not_applied_is_finished_by_the_next_writer(tmp_path):
    """The moment between the journal's rename and the last of its renames, made by hand."""
    import json

    from pipeline.archive import journal
    from pipeline.archive.reconcile import open_index

    inbox, corpus, index = tmp_path / "in", tmp_path / "corpus", tmp_path / "index"
    inbox.mkdir()
    write_one(inbox, 0, 0)
    (rid,) = index_paths([inbox], corpus, index, workers=1).added
    record = store.read_record(corpus, rid)
    record.title = "Titel från en avbruten körning"
    final = store.record_path(corpus, rid)
    tmp = store.temp_file(final, store.record_bytes(record))
    stray = store.temp_file(store.record_path(corpus, "0" * 16), b"{}")  # written, never published
    journal.journal_path(corpus).write_text(json.dumps([[str(tmp.relative_to(corpus)), str(final.relative_to(corpus))],
                                                        ["../../utanför", "records/x.json"]]), encoding="utf-8")
    backend = open_index(corpus, index)
    assert store.read_record(corpus, rid).title == "Titel från en avbruten körning"
    assert [h.id for h in backend.search(SearchRequest(query="avbruten")).hits] == [rid]
    assert not journal.journal_path(corpus).exists() and not tmp.exists() and not stray.exists()
    assert not (tmp_path / "utanför").exists()
