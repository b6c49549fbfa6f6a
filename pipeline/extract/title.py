"""The document's own title: its first heading (or headline) that is not web furniture.

Pages start with navigation, cookie banners, "Other languages", "Typ av artikel: Nyhet", a
phone number or a photo caption; none of these is the title. The furniture patterns are in
cues.yaml (`title`); the order of the candidates is decided here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.blocks import ParsedDocument
from pipeline.extract.analysis import cues
from pipeline.lang.dates import bare_date, find_dates, published_date

TITLE_SCAN = 8  # blocks from the top searched for the title
HEADLINE_MAX = 150  # characters in a paragraph line that can stand as a headline
HEADLINE_MIN_WORDS = 3
TITLE_MAX = 200


@lru_cache(maxsize=1)
def _furniture() -> re.Pattern:
    return re.compile("|".join(f"(?:{p})" for p in cues()["title"]["furniture"]), re.I)


def _is_caption(text: str) -> bool:
    """A photo caption naming people: "Anna Frej och Michael Rystedt", "Bo Ek skakar hand …"."""
    from pipeline.lang.nlp import is_first_name

    words = text.split()
    return len(words) >= 2 and is_first_name(words[0]) and words[1][:1].isupper() and not is_first_name(words[1])


def _is_places(text: str) -> bool:
    """A line of place names only: "Östersund, Jämtlands län"."""
    from pipeline.lang.gazetteer import canonical_municipality

    parts = [p.strip() for p in re.split(r",|\s+och\s+", text) if p.strip()]
    return bool(parts) and all(canonical_municipality(p) or re.fullmatch(r"[A-ZÅÄÖ]\w+s län", p) for p in parts)


def is_title_text(text: str) -> bool:
    t = text.strip()
    if len(t) < 3 or not re.search(r"[A-Za-zÅÄÖåäö]{3}", t) or _furniture().search(t):
        return False
    if published_date([t]) or bare_date(t) or (find_dates(t) and len(t.split()) <= 4):
        return False
    return not (_is_caption(t) or _is_places(t))


def _headline(text: str) -> str | None:
    """A short first line with no sentence punctuation reads as a headline."""
    line = text.strip().split("\n")[0].strip()
    if len(line) > HEADLINE_MAX or len(line.split()) < HEADLINE_MIN_WORDS or re.search(r"[.:!?;]\s|[.:!?;,]$", line):
        return None
    return line


def title(doc: ParsedDocument) -> str:
    """The first heading or headline near the top that is the document's own; else the
    container's title; else the first line that is not furniture."""
    for b in doc.blocks[:TITLE_SCAN]:
        text = b.text.strip() if b.kind == "heading" else _headline(b.text) if b.kind == "paragraph" else None
        if text and is_title_text(text):
            return text
    if doc.title and is_title_text(doc.title):
        return doc.title.strip()
    for b in doc.blocks:
        for line in b.text.split("\n"):
            if is_title_text(line):
                return line.strip()[:TITLE_MAX]
    first = next((b.text for b in doc.blocks if b.text.strip()), "")
    return first.strip().split("\n")[0][:TITLE_MAX]
