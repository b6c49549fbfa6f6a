"""What only the SQLite backend has: its analysis matches the whoosh analyzer's token for
token, a killed writer leaves the previous state, readers are not blocked by a writer, and a
whoosh index is rebuilt when the SQLite backend is chosen."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pipeline.search import BACKEND_ENV, SearchRequest, open_backend
from pipeline.search.analysis import analyze
from pipeline.search.sqlite_tokens import word_groups
from test_search_backend import corpus

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def sqlite_backend(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "sqlite")


def ids(backend, text):
    return [h.id for h in backend.search(SearchRequest(query=text)).hits]


def test_word_by_word_analysis_equals_the_analyzer():
    text = ("Trygghetsvandringar i Älmhults centrum, epa-traktorer och gång- och cykelvägar; "
            "narkotikahunden söker vid skolgården 2024.")
    assert [list(g) for g in word_groups(text)] == analyze(text)


def test_killed_writer_leaves_the_previous_state(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus()[:2])
    child = textwrap.dedent(f"""
        import os, signal
        from pipeline.search.sqlite_backend import SqliteBackend, _transaction, _delete, _insert
        from test_search_backend import record
        b = SqliteBackend({str(tmp_path)!r})
        con = b._writable()
        with _transaction(con, b.index_dir):
            _delete(con, ["almhult2022"])
            _insert(con, [record(f"half{{i}}", "Halv", "halvfärdig") for i in range(200)])
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", child], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'tests'}"})
    assert proc.returncode == -signal.SIGKILL
    b = open_backend(tmp_path)
    assert b.doc_ids() == {"almhult2022", "ljungby2020"}
    assert ids(b, "halvfärdig") == []
    b.add(corpus()[2:3])  # the write lock died with the process
    assert "vaxjo2019" in b.doc_ids()
    assert ids(b, "nattvandring")[:1] == ["vaxjo2019"]


def test_search_works_while_a_writer_holds_the_lock(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus()[:2])
    db = tmp_path / (tmp_path / "CURRENT").read_text().strip()
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM doc_meta")
    try:
        assert ids(open_backend(tmp_path), "fotpatrullering") == ["ljungby2020"]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_facet_counts_follow_add_and_remove(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus())
    assert b.search(SearchRequest()).facets["municipality"]["Älmhult"] == 2
    b.remove(["almhult2018"])
    facets = b.search(SearchRequest()).facets
    assert facets["municipality"]["Älmhult"] == 1 and "2018" not in facets["year"]


def test_a_whoosh_index_is_rebuilt_for_sqlite(tmp_path, monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "whoosh")
    open_backend(tmp_path).rebuild(corpus()[:1])
    monkeypatch.setenv(BACKEND_ENV, "sqlite")
    b = open_backend(tmp_path)
    assert b.needs_rebuild()
    b.rebuild(corpus()[:2])
    assert not b.needs_rebuild()
    assert (tmp_path / "CURRENT").read_text().endswith(".sqlite")
    assert b.doc_ids() == {"almhult2022", "ljungby2020"}
