"""Swedish dates: "28 maj 2024", "Den 1 februari" (year from context), "2017-01-24",
"Publicerad …" and "Senast uppdaterad …" lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.lang.resources import load_yaml


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets in the text searched
    end: int
    year: int | None  # None when the text gives no year ("den 1 februari")
    month: int
    day: int

    def iso(self, default_year: int | None = None) -> str | None:
        y = self.year or default_year
        if y is None:
            return None
        try:
            return date(y, self.month, self.day).isoformat()
        except ValueError:
            return None


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    return load_yaml("dates.yaml")["months"]


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern]:
    names = "|".join(sorted(months(), key=len, reverse=True))
    textual = re.compile(rf"\b(\d{{1,2}})(?:\s*:e|\s*:a)?\s+({names})\.?(?:\s+(\d{{4}}))?\b", re.IGNORECASE)
    iso = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])")
    return textual, iso


def find_dates(text: str) -> list[DateMention]:
    """Every date in the text, in order."""
    textual, iso = _patterns()
    found = []
    for m in textual.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        found.append(DateMention(m.start(), m.end(), year, months()[m.group(2).lower()], int(m.group(1))))
    for m in iso.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found.append(DateMention(m.start(), m.end(), y, mo, d))
    found = [d for d in found if d.iso(2000) is not None]
    return sorted(found, key=lambda d: d.start)


def _labelled(text: str, labels: list[str]) -> str | None:
    low = text.lower()
    for label in sorted(labels, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\wåäö]){re.escape(label)}(?![\wåäö])\s*:?\s*", low):
            rest = text[m.end():m.end() + 40]
            dates = [d for d in find_dates(rest) if d.start <= 3]
            if dates and dates[0].year:
                return dates[0].iso()
    return None


def published_date(lines: list[str]) -> str | None:
    """The date a page carries: "Publicerad …" first, else "Senast uppdaterad …"."""
    cfg = load_yaml("dates.yaml")
    for labels in (cfg["published"], cfg["updated"]):
        for line in lines:
            found = _labelled(line, labels)
            if found:
                return found
    return None


DATELINE = re.compile(r"^\s*([A-ZÅÄÖ][\wåäöÅÄÖ-]+(?:\s[A-ZÅÄÖ][\wåäö-]+)?)\s*,?\s+(?:den\s+)?(\d{1,2}\s+\w+\s+\d{4}|\d{4}-\d{2}-\d{2})\s*$")


def dateline(line: str) -> tuple[str, str] | None:
    """A place-and-date line as signed agreements end: "Laxå den 26 oktober 2018" -> (place, iso)."""
    m = DATELINE.match(line)
    if not m:
        return None
    cfg = load_yaml("dates.yaml")
    if m.group(1).lower() in {w for w in cfg["published"] + cfg["updated"]} | {"den", "datum"}:
        return None
    dates = find_dates(m.group(2))
    if not dates or not dates[0].year:
        return None
    return m.group(1), dates[0].iso()
