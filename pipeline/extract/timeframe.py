"""When: the year (or period) a promise is for, and the dates it was published and signed."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.analysis import Analysed, cues
from pipeline.lang.dates import bare_date, dateline, find_dates, labelled_date, news_dateline

YEAR = r"(?:19[89]\d|20\d\d)"
BARE_YEAR = re.compile(rf"\b({YEAR})\b")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern | list[re.Pattern]]:
    """The year patterns of cues.yaml (`years`), compiled."""
    y = cues()["years"]
    agreement = y["agreement"]
    return {
        "range": re.compile(rf"(?<![\d-])({YEAR})(?:-\d\d-\d\d)?{y['year_range']}(?:\d\d-\d\d-\d\d\s*[-–—]\s*)?({YEAR})(?:-\d\d-\d\d)?(?![\d])"),
        "agreement": re.compile(agreement, re.I),
        "promise_verb": re.compile(y["promise_verbs"], re.I),
        "date_range": re.compile(y["date_range"], re.I),
        "strong": [re.compile(p.replace("{agreement}", agreement).replace("{year}", YEAR), re.I) for p in y["strong"]],
    }


def _words(name: str) -> str:
    """An alternation of the cue words, longest first."""
    return "|".join(re.escape(w) for w in sorted(cues()["years"][name], key=len, reverse=True))


@lru_cache(maxsize=1)
def _year_rules() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """(year after a cue word in a sentence about the agreement, years that are not the
    promise's, years that are not a plan's, a committing word)."""
    medium = re.compile(rf"\b(?:{_words('before_year')})\s+(?:år(?:en)?\s+)?({YEAR})\b", re.I)
    not_promise = re.compile(rf"\b(?:{_words('not_promise_year')})\s+(?:år\s+)?({YEAR})\b", re.I)
    not_plan = re.compile(rf"\b(?:{_words('not_plan_year')})\s+(?:år\s+)?({YEAR})\b", re.I)
    commitment = re.compile(rf"\b(?:{_words('commitment')})\b", re.I)
    return medium, not_promise, not_plan, commitment


def _strip_dates(text: str) -> str:
    """Blank out full dates, and a month with its year ("i februari 2017"), so their years are
    not read as the promise year: they say when something happened."""
    out = list(text)
    starts = _period_start()
    spans = [(d.start, d.end) for d in find_dates(text)
             if d.year and not _patterns()["range"].match(text[d.start:])
             and not starts.search(text[max(0, d.start - START_REACH):d.start])]
    spans += [m.span() for m in _month_year().finditer(text)]
    for start, end in spans:
        out[start:end] = " " * (end - start)
    return "".join(out)


START_REACH = 40  # characters before a date searched for a period-start phrase


@lru_cache(maxsize=1)
def _period_start() -> re.Pattern:
    """A period-start phrase right before a date, a weekday and "den" allowed between."""
    return re.compile(rf"\b(?:{_words('period_start')})\s+(?:\w+dag(?:en)?\s+)?(?:den\s+)?$", re.I)


@lru_cache(maxsize=1)
def _month_year() -> re.Pattern:
    from pipeline.lang.dates import months

    names = "|".join(sorted((m for m in months() if len(m) > 3), key=len, reverse=True))
    return re.compile(rf"(?<!\d\s)(?<!\d)\b(?:{names})\s+{YEAR}\b(?!\s*[-–/]\s*\d)", re.I)


def year_and_period(a: Analysed) -> tuple[int | None, tuple[int, int] | None]:
    """Strong patterns anywhere (title first), then years in sentences about the agreement,
    then a bare year in a committing sentence. Each text is stripped of dates once, and the
    whole text is searched for an agreement word once, so the work grows linearly."""
    MEDIUM, NOT_PROMISE_YEAR, NOT_PLAN_YEAR, COMMITMENT = _year_rules()
    pat = _patterns()
    year_range = pat["range"]
    originals = [a.title] + [s.text for s in a.sentences]
    texts = [_strip_dates(t) for t in originals]
    for pattern in pat["strong"]:
        for t in texts:
            m = pattern.search(t)
            if m:
                return _with_period(t, m.start(1), int(m.group(1)))
    about = [bool(pat["agreement"].search(t)) for t in texts]
    for t, original, is_about in zip(texts, originals, about):
        if not is_about and not pat["promise_verb"].search(t):
            continue
        period = _date_period(original)
        if period:
            return period[0], period
        r = year_range.search(t)
        if r and int(r.group(1)) <= int(r.group(2)) and not NOT_PROMISE_YEAR.search(t[max(0, r.start() - 20):r.end()]):
            return int(r.group(1)), (int(r.group(1)), int(r.group(2)))
        for m in MEDIUM.finditer(t):
            if not NOT_PROMISE_YEAR.search(t[max(0, m.start() - 20):m.end()]):
                return int(m.group(1)), None
    if not any(about):
        return None, None
    for t in texts:  # weakest: a bare year in a sentence that commits to something
        if not COMMITMENT.search(t):
            continue
        for m in BARE_YEAR.finditer(t):
            if NOT_PLAN_YEAR.search(t[max(0, m.start() - 20):m.end()]):
                continue
            return int(m.group(1)), None
    return None, None


def _date_period(text: str) -> tuple[int, int] | None:
    """A period given by two full dates: "från den 1 mars 2023 till 28 februari 2027",
    "från och med 2023-12-15 till och med 2026-12-31"."""
    dates = [d for d in find_dates(text) if d.year]
    gap = _patterns()["date_range"]
    for d1, d2 in zip(dates, dates[1:]):
        if d1.year <= d2.year and gap.fullmatch(text[d1.end:d2.start]):
            return d1.year, d2.year
    return None


def _with_period(text: str, pos: int, year: int) -> tuple[int, tuple[int, int] | None]:
    r = _patterns()["range"].match(text, pos)
    if r and int(r.group(1)) <= int(r.group(2)):
        return year, (int(r.group(1)), int(r.group(2)))
    return year, None


TOP_BLOCKS = 6  # a bare date line or a news dateline counts only this near the top


def published(a: Analysed, meta: dict | None = None) -> str | None:
    """The date the page carries, strongest evidence first: a date after "Publicerad"; the
    publication date in the HTML metadata; a news dateline or a bare date line near the top;
    a date after "Senast uppdaterad"; a place-and-date line as agreements are signed."""
    lines = [a.title] + [b.text for b in a.blocks]
    found = labelled_date(lines, "published") or (meta or {}).get("published")
    if found:
        return found
    for b in a.blocks[:TOP_BLOCKS]:
        first = b.text.strip().split("\n")[0]
        found = news_dateline(b.text) or bare_date(first)
        if found:
            return found
    found = labelled_date(lines, "updated")
    if found:
        return found
    for b in a.blocks:  # a dateline such as "Laxå den 26 oktober 2018"
        dl = dateline(b.text)
        if dl:
            return dl[1]
    return None


def signed(a: Analysed, published_iso: str | None, year: int | None) -> str | None:
    """The date of a sentence that says the agreement was signed; a day without a year takes it
    from the publication date, else from the promise year."""
    from datetime import date, timedelta

    from pipeline.extract.people import is_signing

    for s in a.sentences:
        low = s.text.lower()
        if not is_signing(s.text):
            continue
        dates = find_dates(s.text)
        if dates:
            default = int(published_iso[:4]) if published_iso else year
            iso = dates[0].iso(default)
            if iso:
                return iso
        for word, delta in cues()["years"]["relative_days"].items():
            if re.search(rf"(?<!\w){word}(?!\w)", low) and published_iso:
                return (date.fromisoformat(published_iso) + timedelta(days=delta)).isoformat()
    for b in a.blocks:  # a signature page: "Ort och datum: Malung 2027-01-15" or a dateline
        label = re.escape(cues()["signing"]["place_and_date"])
        m = re.search(rf"{label}\s*:\s*([^|\n]*?\d{{4}}(?:-\d\d-\d\d)?)", b.text, re.I)
        dl = dateline(m.group(1)) if m else dateline(b.text)
        if dl:
            return dl[1]
    return None
