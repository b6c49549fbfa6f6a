"""kill -9 in the middle of `loften index`: the old index stays usable and a re-run completes
the work with nothing lost and nothing twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from pipeline.archive import store
from pipeline.archive.batch import SLOW_ENV, index_paths
from pipeline.search import SearchRequest, open_backend

REPO = Path(__file__).resolve().parent.parent
KOMMUNER = ["Alingsås", "Bjuv", "Dals-Ed", "Enköping", "Falköping", "Gnosjö", "Hörby", "Järfälla"]


def make_inputs(folder: Path, count: int) -> None:
    """`count` distinct publications; the folder name is in the text, so folders never overlap."""
    folder.mkdir(parents=True)
    for n in range(count):
        kommun, year = KOMMUNER[n % len(KOMMUNER)], 2015 + n
        if n % 2:
            (folder / f"lofte{n:02}.html").write_text(
                f"<html><body><h1>Medborgarlöfte {year} för {kommun}</h1>"
                f"<p>Polisen och {kommun} kommun lovar insats nummer {n} ({folder.name}) mot skadegörelse.</p></body></html>",
                encoding="utf-8",
            )
        else:
            (folder / f"lofte{n:02}.txt").write_text(
                f"Medborgarlöfte {year} för {kommun}\n\n"
                f"Vi lovar trygghetsvandring nummer {n} ({folder.name}) i {kommun} tillsammans med föreningslivet.\n",
                encoding="utf-8",
            )


def test_kill_9_mid_batch_then_rerun_completes_without_duplicates(tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    make_inputs(tmp_path / "tidigare", 2)
    old_ids = set(index_paths([tmp_path / "tidigare"], corpus, index, workers=2).added)
    make_inputs(tmp_path / "nya", 40)

    env = {**os.environ, SLOW_ENV: "0.05"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "index", str(tmp_path / "nya"), "--corpus", str(corpus),
         "--index", str(index), "--workers", "1"],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while len(store.record_ids(corpus)) < len(old_ids) + 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    archived_at_kill = store.record_ids(corpus)
    assert len(old_ids) + 5 <= len(archived_at_kill) < len(old_ids) + 40

    backend = open_backend(index)
    assert not backend.needs_rebuild()
    assert backend.doc_ids() == old_ids  # the uncommitted batch is lost from the index, nothing else
    old_txt = next(r.id for r in store.iter_records(corpus) if r.source.path.endswith("tidigare/lofte00.txt"))
    found = backend.search(SearchRequest(query="trygghetsvandring"))
    assert [hit.id for hit in found.hits] == [old_txt]  # the old index still answers searches

    report = index_paths([tmp_path / "nya"], corpus, index, workers=2)
    assert report.failed == []
    assert len(report.added) + len(report.unchanged) == 40
    assert set(report.unchanged) == archived_at_kill - old_ids
    corpus_ids = store.record_ids(corpus)
    assert len(corpus_ids) == 42 and old_ids <= corpus_ids
    assert open_backend(index).doc_ids() == corpus_ids
    originals = [p for p in store.originals_dir(corpus).rglob("*") if p.is_file()]
    assert len(originals) == 42
    assert not any(p.name.endswith(".tmp") for p in corpus.rglob("*"))
