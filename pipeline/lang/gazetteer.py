"""Municipalities, counties and police areas: canonical names from the shipped gazetteer."""

from __future__ import annotations

import re
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


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Municipality]:
    return {m.name: m for m in municipalities()}


def municipality(name: str) -> Municipality | None:
    key = canonical_municipality(name)
    return _by_name().get(key) if key else None


def county_of(name: str) -> str | None:
    m = municipality(name)
    return m.county if m else None


@dataclass(frozen=True)
class PoliceArea:
    name: str  # "Piteå älvdal", "Medelpad", "Storgöteborg Kungälv-Ale"
    polisomrade: str
    region: str
    municipalities: tuple[str, ...]  # canonical municipality names
    variants: tuple[str, ...]


@lru_cache(maxsize=1)
def police_areas() -> tuple[PoliceArea, ...]:
    return tuple(
        PoliceArea(a["name"], a["polisområde"], a["region"], tuple(a["municipalities"]), tuple(a.get("variants", ())))
        for a in load_yaml("police_areas.yaml")["areas"]
    )


def area_key(text: str) -> str:
    """How area names are compared: case, "/", "-", "–" and " och " between parts, and spacing
    do not matter ("Luleå / Boden" = "luleå-boden")."""
    key = unicodedata.normalize("NFC", text).strip().lower()
    key = re.sub(r"\s*(?:/|-|–|\boch\b)\s*", "/", key)
    return re.sub(r"\s+", " ", key)


@lru_cache(maxsize=1)
def _areas_by_key() -> dict[str, PoliceArea]:
    index: dict[str, PoliceArea] = {}
    for a in police_areas():
        for form in (a.name, *a.variants):
            index.setdefault(area_key(form), a)
    return index


def police_area(text: str) -> PoliceArea | None:
    """The lokalpolisområde a name or variant stands for, else None."""
    return _areas_by_key().get(area_key(text))


@lru_cache(maxsize=1)
def _areas_by_municipality() -> dict[str, tuple[PoliceArea, ...]]:
    index: dict[str, list[PoliceArea]] = {}
    for a in police_areas():
        for m in a.municipalities:
            index.setdefault(m, []).append(a)
    return {m: tuple(v) for m, v in index.items()}


def areas_of(municipality_name: str) -> tuple[PoliceArea, ...]:
    """The lokalpolisområden that cover a municipality (Stockholm and Göteborg have several)."""
    return _areas_by_municipality().get(canonical_municipality(municipality_name) or "", ())
