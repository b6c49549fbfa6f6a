"""Swedish lemmas: the project's one vocabulary (pipeline.search.vocabulary, compiled from
spacy-lookups-data) with the corrections in lemma_overrides.yaml.

Compounds the table lacks ("trygghetsvandringar") get the lemma of their last part, by the
same compound splitting that search uses, so extraction and search agree on every word.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.lang.resources import load_yaml


@lru_cache(maxsize=1)
def overrides() -> dict[str, str]:
    return load_yaml("lemma_overrides.yaml")


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """The lemma of a word, lower-case; the word itself (lower-case) when nothing is known."""
    from pipeline.search.compounds import lemma

    w = word.lower()
    fixed = overrides().get(w)
    if fixed:
        return fixed
    return lemma(w) if w.isalpha() else w


def is_word(word: str) -> bool:
    """True for a dictionary word or a compound of dictionary words ("fotpatrullering");
    "per" and "bo" are not words here, "år" and "dag" are."""
    from pipeline.search.compounds import split
    from pipeline.search.vocabulary import load_vocabulary

    w = word.lower()
    return w in overrides() or load_vocabulary().lemma(w) is not None or len(split(w)) > 1
