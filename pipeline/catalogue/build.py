"""Every distinct activity in the archive, near-duplicate wordings merged into one entry.

Wordings are first grouped by their normalised key (same stems in any order), then keys
that are close by rapidfuzz's token_set_ratio are merged. Only keys that share one of
their rarest stems are compared, so the work grows with the archive, not with its square.
An entry's id comes from the key of its canonical wording (the earliest by year and
record id), so adding unrelated documents never changes it.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from pipeline.catalogue.normalise import activity_key, clean
from pipeline.record import Record

MERGE_SCORE = 88.0  # token_set_ratio at or above which two keys are one activity
MIN_SHARE = 0.6  # the shorter key must have at least this share of the longer key's stems
BLOCK_STEMS = 2  # a key is compared with the keys sharing one of its rarest stems
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

    @property
    def merged(self) -> int:
        """How many distinct wordings this entry stands for."""
        return len(self.wordings)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "text": self.text, "wordings": self.wordings, "merged": self.merged,
            "themes": self.themes, "actors": self.actors, "focus_areas": self.focus_areas,
            "documents": self.documents, "record_ids": self.record_ids,
            "municipalities": self.municipalities, "years": self.years,
        }


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


class _UnionFind:
    def __init__(self, items: Iterable[str]):
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _close(a: str, b: str, score: float) -> bool:
    na, nb = len(a.split()), len(b.split())
    return score >= MERGE_SCORE and min(na, nb) / max(na, nb) >= MIN_SHARE


def _merge_keys(keys: list[str]) -> _UnionFind:
    """Union keys that are near-duplicates, comparing only within blocks of shared rare stems."""
    from rapidfuzz import fuzz, process

    frequency: dict[str, int] = defaultdict(int)
    for key in keys:
        for s in key.split():
            frequency[s] += 1
    blocks: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        for s in sorted(key.split(), key=lambda s: (frequency[s], s))[:BLOCK_STEMS]:
            blocks[s].append(key)
    groups = _UnionFind(keys)
    for members in blocks.values():
        if len(members) < 2:
            continue
        scores = process.cdist(members, members, scorer=fuzz.token_set_ratio,
                               score_cutoff=MERGE_SCORE, dtype="uint8")
        for i, j in zip(*scores.nonzero()):
            if i < j and _close(members[i], members[j], float(scores[i, j])):
                groups.union(members[i], members[j])
    return groups


def _union(lists: Iterable[list[str]]) -> list[str]:
    seen: dict[str, str] = {}
    for values in lists:
        for v in values:
            seen.setdefault(clean(v).casefold(), clean(v))
    return sorted(seen.values(), key=str.casefold)


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
    )


def build_catalogue(records: Iterable[Record]) -> list[CatalogueEntry]:
    """One entry per distinct activity, most used first, then by id."""
    uses = _uses(records)
    by_key: dict[str, list[_Use]] = defaultdict(list)
    for use in uses:
        by_key[use.key].append(use)
    groups = _merge_keys(sorted(by_key))
    clusters: dict[str, list[_Use]] = defaultdict(list)
    for key, key_uses in by_key.items():
        clusters[groups.find(key)].extend(key_uses)
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
