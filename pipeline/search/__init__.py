"""Swedish full-text search over the records: compound-aware analysis, a full-text
index with one entry per document and per activity, facets and "Menade du …?" suggestions.

The archive codes against `SearchBackend` (backend.py); `open_backend` gives the SQLite FTS5
implementation (or whoosh's, by LOFTEN_SEARCH_BACKEND), imported only when called so the CLI
starts fast.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import ArchiveError
from pipeline.search.backend import SearchBackend, SearchRequest, SearchResponse

__all__ = ["BACKENDS", "SearchBackend", "SearchRequest", "SearchResponse", "open_backend"]


BACKEND_ENV = "LOFTEN_SEARCH_BACKEND"


BACKENDS = ("sqlite", "whoosh")


def open_backend(index_dir: Path, name: str | None = None) -> SearchBackend:
    """The backend called `name`; without one, SQLite FTS5 unless LOFTEN_SEARCH_BACKEND says
    whoosh."""
    choice = name or os.environ.get(BACKEND_ENV) or "sqlite"
    if choice not in BACKENDS:
        raise ArchiveError(f"{choice} is not a search backend (sqlite or whoosh)")
    if choice == "whoosh":
        from pipeline.search.whoosh_backend import WhooshBackend

        return WhooshBackend(Path(index_dir))
    from pipeline.search.sqlite_backend import SqliteBackend

    return SqliteBackend(Path(index_dir))
