"""The search-response cache of the application object, which the web app's workers rely on:
a repeat is served from memory, any change of the archive (by this object or another process)
is seen at once, the cache stays bounded, and it can be turned off."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from webarchive import sample_archive

from pipeline.app import Loften, Settings
from pipeline.errors import SettingError
from pipeline.result_cache import ResultCache


def age(folder: Path, seconds: float = 60.0) -> None:
    """Make the archive's files look as if written a while ago (a fresh copy is just written)."""
    then = time.time() - seconds
    for path in [*folder.rglob("*"), folder]:
        os.utime(path, (then, then))


@pytest.fixture
def folder(tmp_path_factory):
    return sample_archive(tmp_path_factory, "search-cache")


def app(folder: Path, **settings) -> Loften:
    """The application object on an archive unchanged for a while, after a first search that
    opens the index (and may rebuild it, when the copy's index is of another version)."""
    loften = Loften(corpus=folder / "corpus", index=folder / "index", **settings)
    loften.search("")
    age(folder)
    return loften


def test_a_repeated_search_is_the_same_response_however_it_was_typed(folder):
    loften = app(folder)
    first = loften.search("trygghetsvandring", themes=["narkotika", "trafik"], activities=True)
    assert loften.search("  trygghetsvandring ", themes=["trafik", "narkotika"], activities=True) is first
    assert loften.search("trygghetsvandring", themes=["narkotika", "trafik"]) is not first  # other options
    assert loften.search("trygghetsvandring", themes=["narkotika", "trafik"], activities=True, limit=20) is not first


def test_the_cache_can_be_turned_off(folder, monkeypatch):
    loften = app(folder, search_cache=False)
    first = loften.search("trafik")
    again = loften.search("trafik")
    assert again is not first and again.to_dict() == first.to_dict()
    monkeypatch.setenv("LOFTEN_SEARCH_CACHE", "0")
    assert Settings.from_env().search_cache is False
    monkeypatch.setenv("LOFTEN_SEARCH_CACHE", "kanske")
    with pytest.raises(SettingError, match="LOFTEN_SEARCH_CACHE=kanske is not 1 or 0"):
        Settings.from_env()


def test_a_change_by_another_process_is_seen_at_once(folder, tmp_path):
    server, other = app(folder), app(folder)
    before = server.search("Orsa")
    assert server.search("Orsa") is before
    (tmp_path / "orsa.txt").write_text("Medborgarlöfte 2027 för Orsa kommun\n\n"
                                       "Polisen och kommunen lovar trygghetsvandringar i Orsa.\n", encoding="utf-8")
    assert other.index([tmp_path / "orsa.txt"]).added
    after = server.search("Orsa")
    assert after.total == before.total + 1
    assert server.search("Orsa") is not after  # changed just now: not cached until it settles
    new = {h.id for h in after.hits} - {h.id for h in before.hits}
    age(folder)
    assert server.search("Orsa") is server.search("Orsa")
    other.remove(new.pop())
    assert server.search("Orsa").total == before.total


def test_an_index_rebuild_is_seen(folder):
    server = app(folder)
    first = server.search("narkotikahund")
    app(folder).reindex()
    assert server.search("narkotikahund") is not first


def test_the_cache_is_bounded_by_the_hits_it_holds_and_drops_the_least_recent():
    class Response:
        def __init__(self, n):
            self.hits = [None] * n

    cache, token = ResultCache(budget=25), (("records", 1, 10**18, 4096),)  # (name, inode, mtime ns, size)
    a = cache.get_or_search(("a",), token, lambda: Response(10))
    b = cache.get_or_search(("b",), token, lambda: Response(10))
    assert cache.get_or_search(("a",), token, lambda: Response(10)) is a  # a is now the most recent
    cache.get_or_search(("c",), token, lambda: Response(10))  # over 25 hits: b goes
    assert cache.get_or_search(("a",), token, lambda: Response(10)) is a
    assert cache.get_or_search(("b",), token, lambda: Response(10)) is not b
    assert cache.get_or_search(("big",), token, lambda: Response(26)) is not cache.get_or_search(
        ("big",), token, lambda: Response(26))  # larger than the whole budget: never kept
    assert cache.get_or_search(("a",), (("records", 1, 10**18 + 1, 4096),), lambda: Response(10)) is not a

