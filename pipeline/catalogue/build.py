"""Every distinct activity in the archive, near-duplicate wordings merged into one entry.

Wordings are first grouped by their normalised key (same stems in any order), then each key
joins the closest earlier cluster leader by rapidfuzz's token_set_ratio. Only leaders whose
longest stems the key contains are compared, so the work grows with the archive,
not with its square.
An entry's id comes from the key of its canonical wording (the earliest by year and
record id), so adding unrelated documents never changes it.
Each entry also reads as a pattern, its places marked ("fotpatrullering i {ort} centrum"), with
every wording as an example and the municipalities that used it, so a draft can take the
wording of its own municipality, or know which places in another's are not its own.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from pipeline.catalogue.normalise import activity_key, clean
from pipeline.catalogue.places import find_places, mark_places
from pipeline.record import Record

MERGE_SCORE = 88.0  # token_set_ratio at or above which two keys are one activity
MIN_SHARE = 0.6  # the shorter key must have at least this share of the longer key's stems
BLOCK_STEMS = 3  # a leader is found through its longest stems, by any key that has one of them
ID_DIGITS = 10
UNDATED = 9999


@dataclass
class CatalogueEntry:
    id: str
    text: str  # the canonical wording
    wordings: list[str] = field(default_factory=list)  # every distinct wording, canonical first
    themes: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    focus_areas: list[str] = field(default_factory=list)
    documents: int = 0
    record_ids: list[str] = field(default_factory=list)
    municipalities: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    pattern: str = ""  # the canonical wording, places marked {ort}
    places: list[str] = field(default_factory=list)  # the places the canonical wording names
    examples: list[Example] = field(default_factory=list)  # each wording as one record used it, earliest first

    @property
    def merged(self) -> int:
        """How many distinct wordings this entry stands for."""
        return len(self.wordings)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "text": self.text, "wordings": self.wordings, "merged": self.merged,
            "themes": self.themes, "actors": self.actors, "focus_areas": self.focus_areas,
            "documents": self.documents, "record_ids": self.record_ids,
            "municipalities": self.municipalities, "years": self.years, "pattern": self.pattern,
            "places": self.places, "examples": [dataclasses.asdict(x) for x in self.examples],
        }

    def wording_for(self, municipalities: set[str]) -> Example:
        """The earliest wording one of these municipalities used itself, else the canonical one:
        its own frequencies and places, never another municipality's."""
        own = [x for x in self.examples if set(x.municipalities) & municipalities]
        return own[0] if own else self.examples[0]


@dataclass
class Example:
    """One wording as one record used it."""

    text: str
    record_id: str
    municipalities: list[str]
    year: int | None
    actors: list[str]


@dataclass
class _Use:
    """One activity as one record used it."""

    text: str
    key: str
    record: Record
    position: int
    themes: list[str]
    actors: list[str]
    focus_area: str | None

    @property
    def order(self) -> tuple:
        return (_first_year(self.record), self.record.id, self.position)


def activity_id(key: str) -> str:
    return "A-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:ID_DIGITS]


def _first_year(record: Record) -> int:
    if record.year:
        return record.year
    if record.period:
        return record.period.from_
    return UNDATED


def _years(record: Record) -> list[int]:
    if record.period:
        return list(range(record.period.from_, record.period.to + 1))
    return [record.year] if record.year else []


def _uses(records: Iterable[Record]) -> list[_Use]:
    uses = []
    for record in records:
        for position, activity in enumerate(record.activities):
            text = clean(activity.text)
            key = activity_key(text)
            if key:
                uses.append(_Use(text, key, record, position, activity.themes, activity.actors,
                                 activity.focus_area))
    return uses


def _close(a: str, b: str) -> bool:
    na, nb = len(a.split()), len(b.split())
    return min(na, nb) / max(na, nb) >= MIN_SHARE


def _blocks_of(key: str) -> list[str]:
    """The key's longest stems: the content words two near-duplicates are sure to share,
    chosen without looking at the rest of the archive so that new documents change nothing."""
    return sorted(key.split(), key=lambda s: (-len(s), s))[:BLOCK_STEMS]


def _leaders(keys: list[str]) -> dict[str, str]:
    """key -> the key of its cluster's leader. Keys come earliest first; each joins the closest
    earlier leader whose longest stems it shares, or leads a cluster of its own. Comparing with leaders only,
    never with every member, keeps a chain of small differences from merging unlike activities."""
    from rapidfuzz import fuzz, process

    leader_of: dict[str, str] = {}
    rank: dict[str, int] = {}  # leaders in the order they appeared, for ties
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        candidates = list(dict.fromkeys(k for b in key.split() for k in blocks.get(b, ())))
        matches = process.extract(key, candidates, scorer=fuzz.token_set_ratio, score_cutoff=MERGE_SCORE,
                                  limit=None) if candidates else []
        best = [(-score, rank[c], c) for c, score, _ in matches if _close(key, c)]
        if best:
            leader_of[key] = min(best)[2]
        else:
            leader_of[key] = key
            rank[key] = len(rank)
            for b in _blocks_of(key):
                blocks[b].append(key)
    return leader_of


def _union(lists: Iterable[list[str]]) -> list[str]:
    seen: dict[str, str] = {}
    for values in lists:
        for v in values:
            seen.setdefault(clean(v).casefold(), clean(v))
    return sorted(seen.values(), key=str.casefold)


def _example(use: _Use) -> Example:
    year = _first_year(use.record)
    return Example(use.text, use.record.id, list(use.record.municipalities), year if year != UNDATED else None,
                   _union([use.actors]))


def _entry(uses: list[_Use]) -> CatalogueEntry:
    uses = sorted(uses, key=lambda u: u.order)
    canonical = uses[0]
    records = {u.record.id: u.record for u in uses}
    return CatalogueEntry(
        id=activity_id(canonical.key),
        text=canonical.text,
        wordings=list(dict.fromkeys(u.text for u in uses)),
        themes=_union(u.themes for u in uses),
        actors=_union(u.actors for u in uses),
        focus_areas=_union([u.focus_area] if u.focus_area else [] for u in uses),
        documents=len(records),
        record_ids=sorted(records),
        municipalities=_union(r.municipalities for r in records.values()),
        years=sorted({y for r in records.values() for y in _years(r)}),
        pattern=mark_places(canonical.text),
        places=list(dict.fromkeys(m.place.name for m in find_places(canonical.text))),
        examples=list({(u.text, u.record.id): _example(u) for u in uses}.values()),
    )


def build_catalogue(records: Iterable[Record]) -> list[CatalogueEntry]:
    """One entry per distinct activity, most used first, then by id."""
    uses = _uses(records)
    by_key: dict[str, list[_Use]] = defaultdict(list)
    for use in sorted(uses, key=lambda u: u.order):
        by_key[use.key].append(use)
    leader_of = _leaders(list(by_key))  # dicts keep insertion order: earliest first
    clusters: dict[str, list[_Use]] = defaultdict(list)
    for key, key_uses in by_key.items():
        clusters[leader_of[key]].extend(key_uses)
    entries = [_entry(members) for members in clusters.values()]
    return sorted(entries, key=lambda e: (-e.documents, e.id))


def find_entry(catalogue: list[CatalogueEntry], entry_id: str) -> CatalogueEntry | None:
    """The entry with this id, or the only one whose id starts with it ("A-3f2c")."""
    wanted = entry_id.strip()
    for entry in catalogue:
        if entry.id == wanted:
            return entry
    if len(wanted) < 4:
        return None
    matches = [e for e in catalogue if e.id.startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def entry_for_wording(catalogue: list[CatalogueEntry], text: str) -> CatalogueEntry | None:
    """The entry that merged this wording, if any."""
    wanted = clean(text)
    for entry in catalogue:
        if wanted in entry.wordings:
            return entry
    return None


def catalogue_of(corpus) -> list[CatalogueEntry]:
    """The catalogue of an archive's records: what the application object builds and caches."""
    from pipeline.archive.store import iter_records

    return build_catalogue(iter_records(corpus))
