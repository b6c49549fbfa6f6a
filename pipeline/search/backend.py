"""What the archive, the CLI and the web app code against: a search request, its response, and
the primitives every search engine provides. Nothing here imports an engine.

The engines (SQLite FTS5, whoosh) know nothing of Swedish or of ranking: they store what
`pipeline.search.rows` gives them, compile plan nodes (pipeline.search.plan) into their own
query language and answer the primitive questions of `Engine`. The one searcher
(pipeline.search.searcher) asks them and owns everything else.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, ContextManager, Iterable, Protocol

from pipeline.record import Record

FACET_FIELDS = ("municipality", "county", "police_area", "kind", "themes", "year")
COVERS = "covers"  # a hidden facet: every year a document's period covers, for year filters


@dataclass
class SearchRequest:
    """A query plus filters. Filters take what a user types: `themes` and `kind` ids or
    Swedish labels, `municipality` "Älmhult" or "Älmhults kommun", `county` "Kronoberg";
    `themes` narrows to records carrying every listed theme. `exact` turns spelling
    correction off."""

    query: str = ""
    themes: list[str] = field(default_factory=list)
    municipality: str | None = None
    county: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    kind: str | None = None
    activities: bool = False
    limit: int = 10
    exact: bool = False


@dataclass
class ActivityHit:
    text: str
    focus_area: str | None
    score: float


@dataclass
class Match:
    """Why a hit matched: which query word (`query`) matched which text form (`form`), and
    how: literal, inflection, compound (inside a longer word), apart (the query's compound
    written as two words, "överenskommelse om samverkan"), part (a part of the query's
    compound), derived (a word of its derivation family, "närvarande" for "närvaro"),
    synonym, typo, place (the record's municipality or police area), kind (the
    record is of the kind the word names)."""

    query: str
    form: str
    how: str


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
    matches: list[Match] = field(default_factory=list)


@dataclass
class SearchResponse:
    """`total` documents found: `literal` hold every query word in its own form (or
    inflected, or inside a compound), `related` more were found through parts, synonyms, typos
    or some of the words. `facets` count all of them, `literal_facets` the literal ones.
    `corrected` is the query the hits are for when the typed one found nothing;
    `suggestion` a better query when the typed one found little."""

    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]
    suggestion: str | None = None
    literal: int = 0
    related: int = 0
    literal_facets: dict[str, dict[str, int]] = field(default_factory=dict)
    corrected: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "total": self.total,
            "literal": self.literal,
            "related": self.related,
            "corrected": self.corrected,
            "suggestion": self.suggestion,
            "hits": [asdict(h) for h in self.hits],
            "facets": self.facets,
            "literal_facets": self.literal_facets,
        }


@dataclass
class Stored:
    """What a hit shows, as an engine stores it."""

    id: str
    title: str
    text: str
    municipalities: list[str]
    year: int | None
    kind: str
    source_path: str
    activities: list[dict]  # {text, focus_area, details, actors}
    places: str  # municipalities, county, police area: matched by place words


class Reader(Protocol):
    """One consistent view of an index. Documents are the engine's own integer keys; a set
    of documents is a bit mask of their keys (pipeline.search.masks)."""

    def all(self) -> int: ...

    def key(self, record_id: str) -> int | None: ...

    def match(self, node) -> int:
        """The documents matching a plan node."""

    def top(self, weights: dict, within: int | None, k: int) -> list[tuple[int, float]]:
        """The best k documents of `within` (all when None) by the sum of each leaf's
        score times its weight, best first; ties by key."""

    def stored(self, keys: list[int]) -> dict[int, Stored]: ...

    def facet_masks(self) -> list[tuple[str, str, int]]:
        """(field, value, bit mask of its documents' keys) for FACET_FIELDS and COVERS."""

    def vocabulary(self, first: str) -> dict[str, int]:
        """Surface words (lower case) starting with `first` ("" for all), with document counts."""

    def lexicon(self, words: list[str]) -> dict[str, tuple[str, ...]]:
        """The analysed terms of those of these words the index holds (may be none)."""

    def terms(self, key: int) -> list[str]:
        """A document's text as whole-word index terms, for "similar"."""

    def doc_count(self, leaf) -> int: ...


class Engine(Protocol):
    name: str

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

    def reader(self) -> ContextManager[Reader]: ...
