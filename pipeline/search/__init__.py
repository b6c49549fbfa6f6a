"""Swedish full-text search over the records: compound-aware analysis, a whoosh index
with one entry per document and per activity, facets and "Menade du …?" suggestions.

The archive codes against `SearchBackend` (backend.py); `open_backend` gives the whoosh
implementation, imported only when called so the CLI starts fast.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.search.backend import SearchBackend, SearchRequest, SearchResponse

__all__ = ["SearchBackend", "SearchRequest", "SearchResponse", "open_backend"]


def open_backend(index_dir: Path) -> SearchBackend:
    from pipeline.search.whoosh_backend import WhooshBackend

    return WhooshBackend(Path(index_dir))
