"""Counts over the archive, for a quick view of what it holds."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pipeline.archive import store


def stats(corpus: Path) -> dict:
    """Total documents and activities, and documents counted by year, theme, kind,
    municipality and län. A document with several themes or municipalities counts once
    under each; one without a year or län counts under "unknown"."""
    by = {key: Counter() for key in ("year", "theme", "kind", "municipality", "county")}
    documents = activities = 0
    for r in store.iter_records(corpus):
        documents += 1
        activities += len(r.activities)
        by["year"][str(r.year) if r.year else "unknown"] += 1
        by["kind"][r.kind] += 1
        by["county"][r.county or "unknown"] += 1
        by["theme"].update(set(r.themes))
        by["municipality"].update(set(r.municipalities))
    return {
        "documents": documents,
        "activities": activities,
        **{f"by_{key}": _ordered(counter, chronological=key == "year") for key, counter in by.items()},
    }


def _ordered(counter: Counter, chronological: bool) -> dict[str, int]:
    """Years in time order; everything else most frequent first, then by name."""
    if chronological:
        return dict(sorted(counter.items()))
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
