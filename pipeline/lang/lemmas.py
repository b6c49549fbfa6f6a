"""Swedish lemmas from the lookup table in spacy-lookups-data, with the fixes loften needs.

The table is keyed by lower-case forms, so words are lower-cased before lookup. Words the table
lacks are usually compounds ("trygghetsvandringar"): their lemma is the prefix plus the lemma of
the longest known last part ("trygghets" + "vandring").
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.lang.resources import load_yaml

MIN_TAIL = 4  # shortest last part trusted for a compound's lemma


@lru_cache(maxsize=1)
def lookup_table() -> dict[str, str]:
    from spacy.lookups import load_lookups

    table = dict(load_lookups("sv", ["lemma_lookup"]).get_table("lemma_lookup"))
    table.update(load_yaml("lemma_overrides.yaml"))
    return table


def lemmatize(word: str, table: dict[str, str] | None = None) -> str:
    table = lookup_table() if table is None else table
    w = word.lower()
    if w in table:
        return table[w]
    if len(w) > MIN_TAIL + 3 and w.isalpha():
        for i in range(3, len(w) - MIN_TAIL + 1):
            tail = w[i:]
            if tail in table:
                return w[:i] + table[tail]
    return w
