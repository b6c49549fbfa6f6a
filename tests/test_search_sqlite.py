"""What only the SQLite engine has: a killed writer leaves the previous state, readers are not
blocked by a writer, and a whoosh index is rebuilt when the SQLite engine is chosen; and the
searcher's tiers, mask filters and snippets, seen through it."""

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
from test_search_backend import corpus, record

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def sqlite_backend(monkeypatch):
    monkeypatch.setenv(BACKEND_ENV, "sqlite")


def ids(backend, text):
    return [h.id for h in backend.search(SearchRequest(query=text)).hits]


def test_the_default_path_never_imports_whoosh(tmp_path):
    """The analysis is plain Python: indexing and searching on SQLite load no whoosh."""
    child = textwrap.dedent(f"""
        import sys
        from pipeline.search import SearchRequest, open_backend
        from test_search_backend import corpus
        b = open_backend({str(tmp_path)!r})
        b.rebuild(corpus())
        assert b.search(SearchRequest(query="trygghetsvandring")).hits
        print(sorted(m for m in sys.modules if m.split(".")[0] == "whoosh"))
    """)
    env = {**os.environ, "PYTHONPATH": f"{REPO}:{REPO / 'tests'}"}
    env.pop(BACKEND_ENV, None)
    proc = subprocess.run([sys.executable, "-c", child], cwd=REPO, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_killed_writer_leaves_the_previous_state(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus()[:2])
    child = textwrap.dedent(f"""
        import os, signal
        from pipeline.search.sqlite_backend import SqliteEngine, _transaction, _delete, _insert
        from test_search_backend import record
        b = SqliteEngine({str(tmp_path)!r})
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


def tiered_corpus():
    """Nybro's text says "cykelhjälm" often but never "reflexväst", so it outscores
    Emmaboda, which says both once; Lessebo's says only "reflexväst"."""
    return [
        record("nybro", "Cykelhjälm", "Cykelhjälm till alla. " * 6 + "Vi delar ut cykelhjälm.",
               municipalities=["Nybro"], themes=["trafik"], year=2021),
        record("emmaboda", "Emmaboda", "Vi delar ut en cykelhjälm och en reflexväst i skolan. "
               + "Kommunen och polisen arbetar för tryggare gator och torg. " * 15,
               municipalities=["Emmaboda"], themes=["trafik", "skola"], year=2023),
        record("lessebo", "Lessebo", "En reflexväst till varje barn som går till skolan.",
               municipalities=["Lessebo"], themes=["skola"], year=2024),
    ] + [record(f"filler{i}", "Nattvandring", "Vuxna nattvandrar på helgerna.") for i in range(7)]


def test_documents_with_every_word_come_first_and_the_rest_fill_the_list(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(tiered_corpus())
    full = b.search(SearchRequest(query="cykelhjälm reflexväst", limit=10))
    assert full.total == 3
    assert [h.id for h in full.hits] == ["emmaboda", "nybro", "lessebo"]
    assert full.hits[1].score > full.hits[0].score  # every word first, whatever the score
    for limit in (1, 2, 3):  # a shorter list is the start of the longer one
        short = b.search(SearchRequest(query="cykelhjälm reflexväst", limit=limit))
        assert [(h.id, h.score) for h in short.hits] == [(h.id, h.score) for h in full.hits[:limit]]
        assert short.total == 3


def test_filters_pick_from_the_facet_masks(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(tiered_corpus())

    def found(**kw):
        response = b.search(SearchRequest(query="cykelhjälm reflexväst", **kw))
        return sorted(h.id for h in response.hits), response.total

    assert found(themes=["trafik"]) == (["emmaboda", "nybro"], 2)
    assert found(themes=["trafik", "skola"]) == (["emmaboda"], 1)
    assert found(municipality="Lessebo kommun") == (["lessebo"], 1)
    assert found(themes=["skola"], year_from=2024) == (["lessebo"], 1)
    assert found(themes=["narkotika"]) == ([], 0)
    facets = b.search(SearchRequest(query="reflexväst", themes=["skola"])).facets
    assert facets["municipality"] == {"Emmaboda": 1, "Lessebo": 1}


def test_an_excluded_word_drops_documents_from_every_tier(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(tiered_corpus())
    response = b.search(SearchRequest(query="cykelhjälm reflexväst -skolan"))
    assert [h.id for h in response.hits] == ["nybro"] and response.total == 1


def test_bit_masks_give_back_their_rowids():
    from pipeline.search.masks import bitmask, members

    docs = [1, 2, 9, 64, 65, 1000]
    assert members(bitmask(docs)) == set(docs)
    assert bitmask([]) == 0 and members(0) == set()


def test_switching_backends_leaves_no_old_generations_behind(tmp_path, monkeypatch):
    from pipeline.search import generations

    for name in ("gen-1", "gen-2"):
        (tmp_path / name).mkdir()  # whoosh's folders
    for name in ("gen-3.sqlite", "gen-4.sqlite", "gen-5.sqlite"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "gen-3.sqlite-wal").write_bytes(b"")
    generations.publish(tmp_path, tmp_path / "gen-5.sqlite")
    generations.drop_stale(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["CURRENT", "gen-4.sqlite", "gen-5.sqlite"]


def test_snippet_fragments_never_repeat_text():
    """Two matches 100 characters apart make two fragments whose windows overlap."""
    from pipeline.search.analysis import terms_of
    from pipeline.search.snippets import snippet

    middle = "varje månad under läsåret efter överenskommelse med rektorerna och alla föräldrar i Mora"
    text = f"Polisen söker med narkotikahund {middle} och sedan skolledningen."
    marked = snippet(text, {*terms_of("narkotikahund"), *terms_of("skolledningen")})
    assert marked.replace("**", "").count(middle) == 1
    assert "**narkotikahund**" in marked and "**skolledningen**" in marked
