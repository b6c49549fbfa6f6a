"""A bounded cache of search responses, as search engines keep one (Elasticsearch's request
cache, Solr's queryResultCache): coordinators repeat the same searches, and a server's
workers should not search the same index state twice for the same request.

An entry is keyed by the normalised request and a token of the state it was computed on: the
records folder and the index's live generation with its write-ahead log (a commit changes their change
times, a rebuild changes CURRENT). The token is read before searching, so a change during a
search leaves the entry under the old token, which no later lookup gives. A state that changed
less than RACY_NS ago is not cached at all, since a second change within the file system's
timestamp granularity would keep the same token.
"""

from __future__ import annotations

import os
import threading
import time
import unicodedata
from collections import OrderedDict
from pathlib import Path

SEARCH_CACHE_HITS = 10_000  # hits of all responses kept per process; least recently used go first
RACY_NS = 2_000_000_000


def request_key(request) -> tuple:
    """The same search however it was typed: NFC, whitespace collapsed, themes as a set."""
    query = " ".join(unicodedata.normalize("NFC", request.query).split())
    return (query, tuple(sorted(set(request.themes))), request.municipality, request.county,
            request.year_from, request.year_to, request.kind, request.activities, request.limit,
            request.exact)


def _stamp(path: Path) -> tuple | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (path.name, st.st_ino, st.st_mtime_ns, st.st_size)


def state_token(records: Path, index_dir: Path) -> tuple:
    """What the answer to a search depends on, as cheap stats of the archive's files."""
    from pipeline.search import generations

    live = generations.live(index_dir)
    # SQLite's write-ahead log takes every commit; its -shm file changes on reads too
    files = [live, *(f for f in generations.sidecars(live) if f.name.endswith("-wal"))] if live is not None else []
    return (_stamp(records), *(_stamp(f) for f in files))


def _newest_ns(token: tuple) -> int:
    return max((stamp[2] for stamp in token if stamp is not None), default=0)


def _weight(response) -> int:
    return max(1, len(response.hits))


class ResultCache:
    """Bounded by the hits it holds (a 1,000-hit response weighs a hundred 10-hit pages), LRU,
    thread-safe; everything is dropped when the state token changes. The responses it returns
    are shared: read them, do not change them."""

    def __init__(self, budget: int = SEARCH_CACHE_HITS):
        self.budget = budget
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._held = 0
        self._token: tuple | None = None
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_search(self, key: tuple, token: tuple, search):
        """The cached response to `key` on state `token`, or `search()`'s, kept for next time."""
        with self._lock:
            if token != self._token:
                self._items.clear()
                self._held, self._token = 0, token
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        response = search()
        weight = _weight(response)
        if weight <= self.budget and _newest_ns(token) < time.time_ns() - RACY_NS:
            with self._lock:
                if token == self._token and key not in self._items:
                    self._items[key] = response
                    self._held += weight
                    while self._held > self.budget:
                        self._held -= _weight(self._items.popitem(last=False)[1])
        return response

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._held, self._token = 0, None
