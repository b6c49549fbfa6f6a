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
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """Day-first ("3 maj 2021", "3rd May 2021", also glued to a dateline's place:
    "GÄVLE12 mars 2019"), month-first ("May 3, 2021") and ISO ("2021-05-03", "2021-05-03T10:34")."""
    names = "|".join(sorted(months(), key=len, reverse=True))
    day_first = re.compile(
        rf"(?<!\d)(\d{{1,2}})(?:\s*:e|\s*:a|st|nd|rd|th)?\.?\s+({names})\.?(?:,?\s+(\d{{4}}))?(?![\wåäö])", re.IGNORECASE)
    month_first = re.compile(
        rf"(?<![\wåäö])({names})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)", re.IGNORECASE)
    iso = re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?!\d)")
    return day_first, month_first, iso


def find_dates(text: str) -> list[DateMention]:
    """Every date in the text, in order."""
    day_first, month_first, iso = _patterns()
    found = []
    for m in day_first.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        found.append(DateMention(m.start(), m.end(), year, months()[m.group(2).lower()], int(m.group(1))))
    for m in month_first.finditer(text):
        if not any(d.start <= m.start() < d.end for d in found):
            found.append(DateMention(m.start(), m.end(), int(m.group(3)), months()[m.group(1).lower()], int(m.group(2))))
    for m in iso.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            found.append(DateMention(m.start(), m.end(), y, mo, d))
    found = [d for d in found if d.iso(2000) is not None]
    return sorted(found, key=lambda d: d.start)


@lru_cache(maxsize=1)
def _config() -> tuple[dict, re.Pattern, re.Pattern]:
    cfg = load_yaml("dates.yaml")
    return cfg, re.compile(cfg["label_gap"], re.I), re.compile(cfg["time_tail"], re.I)


LABEL_REACH = 60  # characters after a label searched for its date


@lru_cache(maxsize=None)
def _label_pattern(which: str) -> re.Pattern:
    cfg, _, _ = _config()
    alts = "|".join(re.escape(label) for label in sorted(cfg[which], key=len, reverse=True))
    return re.compile(rf"(?<![\wåäö])(?:{alts})(?![\wåäö])", re.I)


def _labelled(text: str, which: str) -> str | None:
    """The first full date right after a label of this kind (a weekday, "den" or a time between)."""
    _, gap, _ = _config()
    for m in _label_pattern(which).finditer(text):
        rest = text[m.end():m.end() + LABEL_REACH]
        dates = find_dates(rest)
        if dates and dates[0].year and gap.match(rest[:dates[0].start]):
            return dates[0].iso()
    return None


def published_date(lines: list[str]) -> str | None:
    """The date a page carries after a "Publicerad …" label, else after "Senast uppdaterad …"."""
    return labelled_date(lines, "published") or labelled_date(lines, "updated")


def labelled_date(lines: list[str], which: str) -> str | None:
    """The first date after a label of this kind ("published" or "updated") in any line."""
    for line in lines:
        found = _labelled(line, which)
        if found:
            return found
    return None


def bare_date(line: str) -> str | None:
    """A line that is only a full date, perhaps with a time of day: "2023-05-12 10:34",
    "12 maj 2023", "May 12, 2023 at 9:00"."""
    _, _, tail = _config()
    text = line.strip()
    dates = find_dates(text)
    if not dates or dates[0].start != 0 or not dates[0].year:
        return None
    return dates[0].iso() if tail.match(text[dates[0].end:]) else None


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


NEWS_DATELINE = re.compile(r"^\s*([A-ZÅÄÖ][A-ZÅÄÖa-zåäöé-]+(?:[ /][A-ZÅÄÖ][A-ZÅÄÖa-zåäöé-]+)?)[.,]?\s*(?=\d)")


def news_dateline(text: str) -> str | None:
    """A newspaper dateline opening a paragraph: the place, then the date, perhaps glued
    together by text extraction: "ÖSTERSUND 12 maj 2023.", "Gävle, 2019-03-12 –", "KIRUNA12 mars 2019"."""
    m = NEWS_DATELINE.match(text)
    if not m:
        return None
    cfg, _, _ = _config()
    if m.group(1).lower() in set(cfg["published"] + cfg["updated"]) | {"den"}:
        return None
    rest = text[m.end():m.end() + 40]
    dates = find_dates(rest)
    if not dates or dates[0].start != 0 or not dates[0].year:
        return None
    after = rest[dates[0].end:]
    return dates[0].iso() if re.match(r"^\s*(?:[.:–—-]|$|\n|[A-ZÅÄÖ])", after) else None
