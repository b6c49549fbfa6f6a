"""A parsed query as FTS5 match expressions over the analysed columns.

The same meaning as the whoosh backend's queries: a word matches its whole form or all of
its compound parts; `soft` (the fallback below documents with every word) lets any part
alone match; a word also finds its synonyms and its spelling correction; "phrases" match
whole words in order in the p* columns; prefix* matches the word and its stem as prefixes.
FTS5's bm25 cannot weigh alternatives, so synonyms are also gathered apart (`synonym_terms`)
and the backend takes part of their score back.
"""

from __future__ import annotations

import re

from pipeline.search import query as q
from pipeline.search.sqlite_schema import PHRASE_COLUMNS, TEXT_COLUMNS
from pipeline.search.sqlite_tokens import word_groups

WORDS = "{" + " ".join(TEXT_COLUMNS) + "} : "
PHRASES = "{" + " ".join(PHRASE_COLUMNS) + "} : "
_LEAF = re.compile(r'\{[^}]*\} : "[^"]*"\*?')


def term_expression(
    term: q.Term, corrections: dict[str, str] | None = None, soft: bool = False,
    with_synonyms: bool = True,
) -> str | None:
    """One search term with its synonyms and correction as alternatives; None when nothing
    of it is searchable (stop words only)."""
    alternatives = [term]
    if with_synonyms and not term.phrase and not term.prefix:
        alternatives += [q.Term(s) for s in q.synonyms(term.text)]
    if corrections and term.text in corrections:
        alternatives.append(q.Term(corrections[term.text]))
    return any_of([_single(alt, soft) for alt in alternatives])


def synonym_expression(groups: list[list[q.Term]]) -> str | None:
    """The synonyms of every plain word, alone: their share of a score."""
    return any_of([
        _single(q.Term(s)) for g in groups for t in g
        if not t.phrase and not t.prefix for s in q.synonyms(t.text)
    ])


def leaves(expression: str | None) -> list[str]:
    """The distinct words, prefixes and phrases of an expression. bm25 of their plain OR
    scores like the expression, and FTS5 computes it several times faster than over the
    nested alternatives, where a compound part may occur many times."""
    return list(dict.fromkeys(_LEAF.findall(expression or "")))


def all_of(parts: list[str | None]) -> str | None:
    present = [p for p in parts if p]
    return None if not present else present[0] if len(present) == 1 else \
        "(" + " AND ".join(present) + ")"


def any_of(parts: list[str | None]) -> str | None:
    present = list(dict.fromkeys(p for p in parts if p))
    return None if not present else present[0] if len(present) == 1 else \
        "(" + " OR ".join(present) + ")"


def highlight_terms(groups: list[list[q.Term]], corrections: dict[str, str]) -> tuple[set[str], set[str]]:
    """(terms, prefixes) a snippet marks: every analysed term of the query's words."""
    terms, prefixes = set(), set()
    for term in (t for g in groups for t in g):
        texts = [term.text, *([] if term.phrase or term.prefix else q.synonyms(term.text))]
        if term.text in corrections:
            texts.append(corrections[term.text])
        for text in texts:
            if term.prefix:
                prefixes |= _prefix_stems(text)
            else:
                terms |= {t for g in word_groups(text) for t in g}
    return terms, prefixes


def _single(term: q.Term, soft: bool = False) -> str | None:
    if term.prefix:
        return any_of([f'{WORDS}"{s}"*' for s in sorted(_prefix_stems(term.text))])
    groups = word_groups(term.text)
    if not groups:
        return None
    if term.phrase:
        if len(groups) == 1:
            return f'{WORDS}"{groups[0][0]}"'
        return PHRASES + '"' + " ".join(g[0] for g in groups) + '"'
    return all_of([_word(g, soft) for g in groups])


def _word(group: tuple[str, ...], soft: bool) -> str:
    whole = f'{WORDS}"{group[0]}"'
    if len(group) == 1:
        return whole
    parts = [f'{WORDS}"{t}"' for t in group[1:]]
    return any_of([whole, *parts] if soft else [whole, all_of(parts)])


def _prefix_stems(text: str) -> set[str]:
    stems = {w for w in word_groups(text) for w in w[:1]}
    lowered = text.lower()
    if lowered.replace("_", "").isalnum():
        stems.add(lowered)
    return stems


