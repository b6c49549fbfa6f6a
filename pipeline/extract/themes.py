"""Themes from the taxonomy in `themes.yaml`, matched on lemmas and words."""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lang.resources import load_yaml


@lru_cache(maxsize=1)
def taxonomy() -> list[dict]:
    return load_yaml("themes.yaml")


def theme_ids() -> list[str]:
    return [t["id"] for t in taxonomy()]


def _tokens(text: str) -> list[str]:
    return re.findall(r"[\wåäöÅÄÖéü-]+", text.lower())


def has_stem(word: str, stem: str) -> bool:
    """The stem starts the word or one of its compound parts ("förskolor", "gymnasieskola"):
    a hit two letters in ("relevant" for "elev") is chance, not a part."""
    i = word.find(stem)
    while i != -1:
        if i == 0 or i >= 3:
            return True
        i = word.find(stem, i + 1)
    return False


@lru_cache(maxsize=200_000)
def _word_hits(tok: str, lem: str) -> tuple[tuple[str, int], ...]:
    """(theme id, matching single-word stems) for one word and its lemma; words recur across
    documents, so this is worked out once per word."""
    hits = []
    for theme in taxonomy():
        excl = [e for e in theme.get("exclude", []) if " " not in e]
        if any(e in tok for e in excl):
            continue
        n = sum(1 for stem in theme.get("stems", []) if " " not in stem and (has_stem(tok, stem) or has_stem(lem, stem)))
        if n:
            hits.append((theme["id"], n))
    return tuple(hits)


def count_themes(tokens: list[str], lemmas: list[str], joined: str) -> dict[str, int]:
    """How often each theme's patterns occur. `tokens`/`lemmas` are parallel lower-case lists;
    `joined` is the lower-case text (for multi-word stems)."""
    from collections import Counter

    counts: dict[str, int] = {}
    for (tok, lem), times in Counter(zip(tokens, lemmas)).items():
        for theme_id, n in _word_hits(tok, lem):
            counts[theme_id] = counts.get(theme_id, 0) + n * times
    starts: dict[str, list[int]] = {}
    for i, (tok, lem) in enumerate(zip(tokens, lemmas)):
        starts.setdefault(tok, []).append(i)
        if lem != tok:
            starts.setdefault(lem, []).append(i)
    for theme in taxonomy():
        n = sum(joined.count(stem) for stem in theme.get("stems", []) if " " in stem)
        for phrase in theme.get("phrases", []):
            k = len(phrase)
            for i in starts.get(phrase[0], []):
                if i + k <= len(tokens) and all(p in (tokens[i + j], lemmas[i + j]) for j, p in enumerate(phrase)):
                    n += 1
        if n:
            counts[theme["id"]] = counts.get(theme["id"], 0) + n
    return counts


def document_themes(counts: dict[str, int]) -> list[str]:
    return [t["id"] for t in taxonomy() if counts.get(t["id"], 0) >= t.get("min_count", 1)]


def text_themes(text: str) -> list[str]:
    """Themes of a short text (an activity): any match counts, except for the everyday words
    (trygghet, samverkan) that need a document's worth of mentions."""
    from pipeline.lang.lemmas import lemmatize

    toks = _tokens(text)
    counts = count_themes(toks, [lemmatize(t) for t in toks], text.lower())
    return [t["id"] for t in taxonomy() if counts.get(t["id"], 0) >= 1 and not t.get("everyday")]
