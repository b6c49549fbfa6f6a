"""Parse and check a search before the engine sees it.

Syntax: plain words (all wanted; a document lacking some still ranks below those having
all), `a OR b`, `-excluded`, `"a phrase"`, `prefix*`. "Älmhults kommun", "Borås stad" and
"Region Gotland" become the bare place name, which matches the record's municipality.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.errors import QueryError

_PLACE_SUFFIX = re.compile(r"\b([A-ZÅÄÖ][\w-]*)\s+(?:kommun|stad|län)\b")
_REGION = re.compile(r"\bRegion\s+([A-ZÅÄÖ][\w-]*)")
MIN_YEAR, MAX_YEAR = 1900, 2199
_ITEM = re.compile(r'-?"[^"]*"|\S+')


@dataclass(frozen=True)
class Term:
    text: str
    phrase: bool = False
    prefix: bool = False


@dataclass
class ParsedQuery:
    """`groups` are all wanted; the terms inside one group are alternatives (OR)."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)


def parse_query(text: str) -> ParsedQuery:
    text = normalise_places(unicodedata.normalize("NFC", text)).strip()
    if text.count('"') % 2:
        raise QueryError(f"Ett citattecken saknar sin partner i sökningen: {text}")
    parsed = ParsedQuery()
    items = _ITEM.findall(text)
    pending_or = False
    for i, item in enumerate(items):
        if item == "OR":
            if i == 0 or i == len(items) - 1 or pending_or or items[i - 1].startswith("-"):
                raise QueryError("OR behöver ett ord på varje sida, som i: nattvandring OR trygghetsvandring")
            pending_or = True
            continue
        negated = item.startswith("-") and len(item) > 1
        term = _term(item[1:] if negated else item)
        if negated:
            if pending_or:
                raise QueryError("OR kan inte binda ihop ett uteslutet ord")
            if term:
                parsed.excluded.append(term)
            continue
        if term is None:
            pending_or = False
            continue
        if pending_or and parsed.groups:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    if text and not parsed.groups and not parsed.excluded:
        raise QueryError(f"Sökningen har inga sökbara ord: {text}")
    return parsed


def _term(item: str) -> Term | None:
    if item.startswith('"'):
        inner = item.strip('"').strip()
        return Term(inner, phrase=True) if inner else None
    prefix = item.endswith("*")
    word = item.rstrip("*").strip(".,;:!?()[]{}'")
    if not word:
        return None
    return Term(word, prefix=prefix)


def normalise_places(text: str) -> str:
    """"Älmhults kommun" -> "Älmhults", "Region Gotland" -> "Gotland" (the stemmer then
    takes the genitive s)."""
    return _REGION.sub(r"\1", _PLACE_SUFFIX.sub(r"\1", text))


@lru_cache(maxsize=4096)
def place_variants(name: str) -> frozenset[str]:
    """Case-folded spellings a municipality or county filter may match; the gazetteer knows
    the irregular forms ("Falu kommun" is Falun, "Region Gotland" is Gotland). Kept: a
    search compares every word of the query with every place name of the index."""
    from pipeline.lang.gazetteer import canonical_municipality

    name = unicodedata.normalize("NFC", name.strip())
    base = normalise_places(name).casefold()
    variants = {base}
    canonical = canonical_municipality(name)
    if canonical:
        variants.add(canonical.casefold())
    if base.endswith("s") and len(base) > 3:
        variants.add(base[:-1])
    return frozenset(variants)


def check_filters(
    themes: list[str], year_from: int | None, year_to: int | None, kind: str | None
) -> None:
    """Refuse impossible filters before the index is touched; themes and kinds may be given as
    ids or Swedish labels (pipeline.search.resolve)."""
    from pipeline.search import resolve

    for year in (year_from, year_to):
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            raise QueryError(f"Inte ett årtal: {year} (ange ett år mellan {MIN_YEAR} och {MAX_YEAR})")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise QueryError(f"Årsintervallet är omvänt: {year_from}-{year_to}; skriv {year_to}-{year_from}")
    if kind is not None:
        resolve.kind(kind)
    for theme in themes:
        resolve.theme(theme)


def suggestion_text(query_text: str, corrections: dict[str, str]) -> str:
    """The query with each misspelt word, as a whole word, replaced by its correction."""
    out = unicodedata.normalize("NFC", query_text)
    for wrong, right in corrections.items():
        out = re.sub(rf"(?<![\w-]){re.escape(wrong)}(?![\w-])", right, out)
    return out
