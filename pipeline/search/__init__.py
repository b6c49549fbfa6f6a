"""Swedish full-text search over the records: compound-aware analysis, a thesaurus, typo
tolerance, ranking by coverage and literalness, facets, match explanations.

`open_backend(index_dir, name)` gives an `Index`: one searcher (searcher.py) over an engine
that provides only primitives. Engines: "sqlite" (SQLite FTS5, the default) and "whoosh"
(the optional extra `loften[whoosh]`). Engines are imported only when opened, so the CLI
starts fast.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import ArchiveError
from pipeline.search.backend import SearchRequest, SearchResponse

__all__ = ["BACKENDS", "DEFAULT_BACKEND", "SearchRequest", "SearchResponse", "open_backend"]

BACKEND_ENV = "LOFTEN_SEARCH_BACKEND"
BACKENDS = ("sqlite", "whoosh")
DEFAULT_BACKEND = "sqlite"


def backend_name(name: str | None = None) -> str:
    """The engine asked for: the given name, else $LOFTEN_SEARCH_BACKEND, else the default."""
    choice = (name or os.environ.get(BACKEND_ENV) or DEFAULT_BACKEND).strip().lower()
    if choice not in BACKENDS:
        raise ArchiveError(f"Okänd sökmotor: {choice} (välj en av: {', '.join(BACKENDS)})")
    return choice


def open_backend(index_dir: Path, name: str | None = None):
    """The index in `index_dir` on the named engine (see backend_name)."""
    from pipeline.search.searcher import Index

    choice = backend_name(name)
    if choice == "whoosh":
        try:
            from pipeline.search.whoosh_backend import WhooshEngine
        except ModuleNotFoundError as e:
            if e.name != "whoosh":
                raise
            raise ArchiveError("Sökmotorn whoosh är inte installerad: pip install 'loften[whoosh]'") from e
        return Index(WhooshEngine(Path(index_dir)))
    from pipeline.search.sqlite_backend import SqliteEngine

    return Index(SqliteEngine(Path(index_dir)))
