"""Snippets of the hits shown: up to two fragments around matched words, each matched word as
**word**, fragments joined by " … "; without a match, the opening. Engines store analysed
terms, not the text's words, so the stored text is scanned here, only for the hits shown."""

from __future__ import annotations

import re

from pipeline.search.analysis import terms_of

SNIPPET_CHARS = 240
SURROUND = 60
FRAGMENTS = 2
CUE = 3  # letters of a term a word must contain to be analysed


def snippet(text: str, terms: set[str], prefixes: set[str] = frozenset()) -> str:
    """Only words holding the start of a searched term are analysed: analysing every word
    of ten long texts took longer than the search itself."""
    starts = sorted({t[:CUE] for t in (*terms, *prefixes) if t})
    if not starts:
        return excerpt(text)
    cue = re.compile("|".join(map(re.escape, starts)), re.IGNORECASE)
    spans = []
    for m in cue.finditer(text):
        a, b = _word_around(text, m.start(), m.end())
        if (not spans or a >= spans[-1][1]) and _matches(text[a:b].lower(), terms, prefixes):
            spans.append((a, b))
    if not spans:
        return excerpt(text)
    fragments = []  # (first span index, last span index)
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][1] - spans[i][0] <= SNIPPET_CHARS - 2 * SURROUND:
            j += 1
        fragments.append((i, j))
        i = j + 1
    best = sorted(sorted(fragments, key=lambda f: f[0] - f[1])[:FRAGMENTS])
    merged: list[tuple[int, int]] = []  # fragments whose windows overlap become one
    for a, b in best:
        if merged and spans[a][0] - SURROUND <= spans[merged[-1][1]][1] + SURROUND:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return " … ".join(_mark(text, spans[a : b + 1]) for a, b in merged)


def excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET_CHARS else flat[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


def _matches(word: str, terms: set[str], prefixes: set[str]) -> bool:
    group = terms_of(word)
    return any(t in terms for t in group) or any(
        t.startswith(p) for p in prefixes for t in (word, *group)
    )


def _mark(text: str, spans: list[tuple[int, int]]) -> str:
    start = _clip_start(text, max(spans[0][0] - SURROUND, 0))
    end = _clip_end(text, min(spans[-1][1] + SURROUND, len(text)))
    out, pos = [], start
    for a, b in spans:
        out += [text[pos:a], "**", text[a:b], "**"]
        pos = b
    out.append(text[pos:end])
    return " ".join("".join(out).split())


def _word_around(text: str, a: int, b: int) -> tuple[int, int]:
    while a > 0 and (text[a - 1].isalnum() or text[a - 1] == "_"):
        a -= 1
    while b < len(text) and (text[b].isalnum() or text[b] == "_"):
        b += 1
    return a, b


def _clip_start(text: str, i: int) -> int:
    """Move a fragment's start forward past a word it would cut."""
    while 0 < i < len(text) and text[i - 1].isalnum():
        i += 1
    return i


def _clip_end(text: str, i: int) -> int:
    """Move a fragment's end back before a word it would cut."""
    while 0 < i < len(text) and text[i].isalnum():
        i -= 1
    return i
