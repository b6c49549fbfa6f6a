"""Place names in activity wordings: which municipality a wording talks about.

A wording reused from another municipality's promise may carry its places ("fotpatrullering i
Ludvika centrum och i Grängesberg"). Places are municipality names in all their forms (from the
gazetteer in pipeline.lang), and localities and city districts with their municipality
(data/orter.csv). Matching is case-sensitive and whole-word, so "vara" the verb is not Vara
kommun, and a name that is also a common word does not count first in a sentence.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

MARK = "{ort}"  # how a catalogue pattern shows a place: "fotpatrullering i {ort} centrum"
_SENTENCE_END = re.compile(r"(?:^|[.!?:]\s*|\n\s*)$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")  # a word, hyphenated parts included: "Malung-Sälen"
_CAPITALISED = re.compile(r"(?<![\w-])[^\W\d_a-zåäöéü][^\W\d_]*(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Place:
    name: str  # "Grängesberg", "Ludvika"
    municipalities: tuple[str, ...]  # canonical municipality names the place lies in
    common_word: bool = False


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str  # as written: "Ludvika kommun", "Grängesbergs"
    place: Place


def _genitive(name: str) -> str | None:
    return None if name[-1] in "sxz" else name + "s"


@lru_cache(maxsize=1)
def places() -> dict[str, Place]:
    """Every written form -> its place. A name used by several municipalities lies in all of them."""
    from pipeline.lang.gazetteer import municipalities

    found: dict[str, tuple[str, set[str], bool]] = {}

    def add(form: str, name: str, municipality: str, common: bool) -> None:
        _, owners, was_common = found.get(form, (name, set(), False))
        found[form] = (name, owners | {municipality}, was_common or common)

    for m in municipalities():
        for form in {m.name, m.genitive, m.official, *m.forms}:
            add(form, m.name, m.name, m.ambiguous and form in (m.name, m.genitive))  # "Vara kommun" is clear
        if genitive := _genitive(m.name):
            add(genitive, m.name, m.name, m.ambiguous)
    text = resources.files("pipeline.catalogue").joinpath("data", "orter.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    for row in rows:
        name, municipality, common = row["ort"], row["kommun"], row["ord"] == "ord"
        add(name, name, municipality, common)
        if genitive := _genitive(name):
            add(genitive, name, municipality, common)
    return {form: Place(name, tuple(sorted(owners)), common) for form, (name, owners, common) in found.items()}


@lru_cache(maxsize=1)
def _by_first_word() -> dict[str, tuple[str, ...]]:
    """First word -> the forms that start with it, longest first ("Ludvika kommun" before "Ludvika")."""
    index: dict[str, list[str]] = {}
    for form in places():
        index.setdefault(_WORD.match(form).group(0), []).append(form)
    return {word: tuple(sorted(forms, key=len, reverse=True)) for word, forms in index.items()}


def find_places(text: str) -> list[PlaceMention]:
    """The places a text names, left to right. Every form starts with a capitalised word, so only
    those are looked up: a dictionary probe per capitalised word, not a scan per place."""
    mentions, end = [], 0
    by_first = _by_first_word()
    for word in _CAPITALISED.finditer(text):
        start = word.start()
        if start < end or (start and (text[start - 1].isalnum() or text[start - 1] in "-_")):
            continue
        for form in by_first.get(word.group(0), ()):
            stop = start + len(form)
            if text.startswith(form, start) and not (stop < len(text) and (text[stop].isalnum() or text[stop] in "-_")):
                place = places()[form]
                if not (place.common_word and _SENTENCE_END.search(text[:start])):
                    mentions.append(PlaceMention(start, stop, form, place))
                    end = stop
                break
    return mentions


def mark_places(text: str) -> str:
    """The wording as a pattern, every place replaced by {ort}."""
    return replace_places(text, lambda mention: MARK)


def replace_places(text: str, replacement) -> str:
    """The text with each place mention replaced by replacement(mention) (None keeps it)."""
    out, last = [], 0
    for mention in find_places(text):
        new = replacement(mention)
        if new is not None:
            out.append(text[last:mention.start])
            out.append(new)
            last = mention.end
    out.append(text[last:])
    return "".join(out)


def belongs_to(mention: PlaceMention, municipalities: set[str]) -> bool:
    return bool(set(mention.place.municipalities) & municipalities)
