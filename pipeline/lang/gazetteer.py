"""Municipalities, counties and police areas: canonical names from the shipped gazetteer."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pipeline.lang.resources import load_json, load_yaml


@dataclass(frozen=True)
class Municipality:
    name: str  # canonical, without "kommun": "Årjäng", "Upplands Väsby"
    official: str  # "Årjängs kommun", "Falu kommun", "Region Gotland", "Malmö stad"
    genitive: str
    forms: tuple[str, ...]
    ambiguous: bool
    county: str
    code: str


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    return tuple(
        Municipality(**{**m, "forms": tuple(m["forms"])}) for m in load_json("municipalities.json")
    )


@lru_cache(maxsize=1)
def _by_form() -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in municipalities():
        for form in (m.name, m.genitive, m.official, *m.forms):
            index.setdefault(form.lower(), m)
    return index


def municipality_names() -> list[str]:
    return [m.name for m in municipalities()]


def canonical_municipality(text: str) -> str | None:
    """'Årjängs kommun', 'årjäng', 'Falu kommun', 'Region Gotland' -> canonical name, else None."""
    key = unicodedata.normalize("NFC", text).strip().lower()
    m = _by_form().get(key)
    return m.name if m else None


def municipality(name: str) -> Municipality | None:
    key = canonical_municipality(name)
    return next((m for m in municipalities() if m.name == key), None) if key else None


def county_of(name: str) -> str | None:
    m = municipality(name)
    return m.county if m else None


@lru_cache(maxsize=1)
def police_area_names() -> tuple[str, ...]:
    return tuple(load_yaml("police_areas.yaml")["multiword"])
