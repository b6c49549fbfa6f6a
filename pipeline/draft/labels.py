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
