"""The publication date a web page states in its markup, as an ISO date.

News and CMS pages state it for machines: Open Graph / article meta tags, schema.org JSON-LD
or microdata, and `<time datetime>`. These are read in that order, most explicit first; a date
in the running text is left to extraction. (htmldate does the same and more, but its extra
guessing from URLs and text, and its dependencies, are not needed for stated dates.)
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime

_META_NAMES = (  # property or name of <meta>, lower case, most specific first
    "article:published_time", "og:published_time", "og:article:published_time", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "dc.date.issued", "dcterms.issued",
    "dc.date", "dcterms.date", "dcterms.created", "date", "sailthru.date", "parsely-pub-date",
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?")
_EARLIEST, _LATEST = 1990, 2100  # a stated date outside these years is a placeholder, not a date
_TIME_ZONE = "Europe/Stockholm"  # a timestamp with an offset is dated as a Swedish reader sees it
_JSON_LD_MAX = 1_000_000  # characters of one JSON-LD script worth reading


def stated(root) -> str | None:
    """The date in meta tags, JSON-LD or microdata; read before the furniture (scripts) goes."""
    return _first_date(_stated(root))


def dated_in(main) -> str | None:
    """The first <time datetime> in the main content once its furniture is gone (a sidebar of
    other news has <time> elements of its own); a `pubdate` one first."""
    times = sorted(main.iter("time"), key=lambda t: t.get("pubdate") is None)
    return _first_date(t.get("datetime") for t in times if t.get("datetime"))


def _first_date(values) -> str | None:
    for value in values:
        iso = iso_date(value)
        if iso:
            return iso
    return None


def _stated(root):
    metas = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        if key and m.get("content") and key not in metas:
            metas[key] = m.get("content")
    for name in _META_NAMES:
        if name in metas:
            yield metas[name]
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() == "application/ld+json":
            yield from _json_ld_dates(script.text or "")
    for el in root.xpath("//*[@itemprop='datePublished']"):
        yield el.get("datetime") or el.get("content") or el.text_content()


def _json_ld_dates(text: str):
    if len(text) > _JSON_LD_MAX:
        return
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # broken, or nested deeper than the decoder goes
        return
    pending = [data]
    while pending:  # an iteration: JSON-LD nests objects in @graph lists and in each other
        item = pending.pop(0)
        if isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                yield value
            pending.extend(v for v in item.values() if isinstance(v, (list, dict)))


def iso_date(value: str) -> str | None:
    """YYYY-MM-DD from an ISO date or timestamp; None for anything else."""
    m = _ISO.search(value or "")
    if not m:
        return None
    year, month, day, hour, minute, offset = m.groups()
    try:
        d = date(int(year), int(month), int(day))
        if hour is not None and offset is not None:
            d = _local_date(d, int(hour), int(minute), offset)
    except ValueError:
        return None
    return d.isoformat() if _EARLIEST <= d.year <= _LATEST else None


def _local_date(d: date, hour: int, minute: int, offset: str) -> date:
    from datetime import timedelta, timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if offset == "Z":
        tz = timezone.utc
    else:
        sign = -1 if offset[0] == "-" else 1
        digits = offset[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    stamp = datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz)
    try:
        return stamp.astimezone(ZoneInfo(_TIME_ZONE)).date()
    except ZoneInfoNotFoundError:
        return d
