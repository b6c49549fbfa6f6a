"""The Swedish words drafting puts into an agreement, kept in data/labels.json."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def _labels() -> dict[str, Any]:
    return json.loads(resources.files("pipeline.draft").joinpath("data", "labels.json").read_text(encoding="utf-8"))


def label(key: str) -> Any:
    return _labels()[key]


def join_and(items: list[str]) -> str:
    """'a', 'a och b', 'a, b och c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {label('and')} {items[-1]}"


def month_name(month: int) -> str:
    """'januari' for 1: the full Swedish name, the longest of the month's names in the data."""
    from pipeline.lang.dates import months

    return max((name for name, number in months().items() if number == month), key=len)


def date_in_words(iso: str) -> str:
    """'2027-01-15' -> '15 januari 2027', as an agreement writes its date."""
    import datetime as dt

    day = dt.date.fromisoformat(iso)
    return f"{day.day} {month_name(day.month)} {day.year}"
