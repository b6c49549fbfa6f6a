"""What the archive and the CLI code against: a search request, its response, and the
backend protocol. Nothing here imports the search engine."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Iterable, Protocol

from pipeline.record import Record

FACET_FIELDS = ("municipality", "county", "police_area", "kind", "themes", "year")


@dataclass
class SearchRequest:
    """A query plus filters. `themes` narrows to records carrying every listed theme;
    `municipality` and `county` accept "Älmhult", "Älmhults kommun" or "Kronobergs län"."""

    query: str = ""
    themes: list[str] = field(default_factory=list)
    municipality: str | None = None
    county: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    activities: bool = False
    limit: int = 10


@dataclass
class ActivityHit:
    text: str
    focus_area: str | None
    score: float


@dataclass
class Hit:
    """One document. `snippet` marks matched words as **word** (Markdown bold), in the
    text and the JSON alike; "…" joins fragments taken from different places."""

    id: str
    title: str
    municipalities: list[str]
    year: int | None
    kind: str
    score: float
    snippet: str
    source_path: str
    activities: list[ActivityHit] = field(default_factory=list)


@dataclass
class SearchResponse:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [asdict(h) for h in self.hits],
            "facets": self.facets,
            "suggestion": self.suggestion,
        }


class SearchBackend(Protocol):
    def needs_rebuild(self) -> bool:
        """No index yet, or one written with another schema or analyzer version."""

    def doc_ids(self) -> set[str]:
        """Record ids currently in the index."""

    def add(self, records: Iterable[Record]) -> None:
        """Add or replace records (by id) in one commit."""

    def remove(self, ids: Iterable[str]) -> None:
        """Remove records by id in one commit."""

    def rebuild(self, records: Iterable[Record]) -> None:
        """A fresh index from these records only."""

    def search(self, request: SearchRequest) -> SearchResponse: ...

    def similar(self, record_id: str, limit: int = 10) -> SearchResponse: ...
