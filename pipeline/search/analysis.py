"""The Swedish text analyzer the index and the queries share.

NFC, words (letters with å ä ö, and digits), lowercase, Swedish stop words, then each word
as its lemma followed by its compound parts at the same position, then the Swedish
Snowball stemmer. So "narkotika" finds "narkotikahund" and "vandring" finds
"trygghetsvandringar". Changing any of this (or the word lists) changes INDEX_VERSION,
which makes the archive rebuild its index.

Whoosh pickles the analyzer into the index, so its classes live at module level; only the
whoosh backend imports this module, never the CLI at start-up.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter

from pipeline.search import compounds
from pipeline.search.vocabulary import data_fingerprint, read_word_list

ANALYZER_VERSION = 2
SCHEMA_VERSION = 2
WORD_PATTERN = r"\w+"


def index_version() -> str:
    """Stored in the index; any difference from the code's means rebuild."""
    return f"schema{SCHEMA_VERSION}-analyzer{ANALYZER_VERSION}-{data_fingerprint()}"


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(w for line in read_word_list("stopwords.txt") for w in line.split())


def word_terms(word: str) -> list[str]:
    """Unstemmed index terms of one lowercase word: its lemma, then its compound parts and
    theirs ("lokalpolisområde": lokal, polisområde, polis, område)."""
    terms = [compounds.lemma(word)]
    parts = list(compounds.split(word))
    if len(parts) < 2:
        return terms
    while parts:
        part = parts.pop(0)
        if part in terms:
            continue
        terms.append(part)
        sub = compounds.split(part)
        if len(sub) > 1:
            parts.extend(sub)
    return terms


class NfcTokenizer(RegexTokenizer):
    def __call__(self, value, **kwargs):
        return super().__call__(unicodedata.normalize("NFC", value), **kwargs)


class CompoundFilter(Filter):
    """Each word as its lemma, then its compound parts at the same position and characters."""

    def __call__(self, tokens):
        for t in tokens:
            if t.stopped:
                yield t
                continue
            for term in word_terms(t.text):
                t.text = term
                yield t


class DerivationFilter(Filter):
    """After Snowball: drop the verb-noun endings -ering, -ing and a left-over -er, so
    "nattvandring", "nattvandrare" and "nattvandra" meet, as do "patrullering" and
    "patrullera"."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = derive(t.text)
            yield t


def derive(stem: str) -> str:
    for ending, keep in (("ering", 4), ("ing", 4), ("er", 5)):
        if stem.endswith(ending) and len(stem) - len(ending) >= keep and stem.isalpha():
            return stem[: -len(ending)]
    return stem


@lru_cache(maxsize=1)
def swedish_analyzer():
    """Tokenizer | lowercase | stop words | lemma and compound parts | stemmer | -ing."""
    return (
        NfcTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | StopFilter(stoplist=stop_words(), minsize=1)
        | CompoundFilter()
        | StemFilter(lang="sv", cachesize=100_000)
        | DerivationFilter()
    )


@lru_cache(maxsize=1)
def words_analyzer():
    """Surface words, unstemmed: the vocabulary "Menade du …?" suggestions come from."""
    return NfcTokenizer(WORD_PATTERN) | LowercaseFilter()


def analyze(text: str) -> list[list[str]]:
    """Index terms of a text grouped by word: [[whole, part, part], [whole], …]."""
    groups: dict[int, list[str]] = {}
    for t in swedish_analyzer()(text, positions=True):
        groups.setdefault(t.pos, []).append(t.text)
    return [groups[p] for p in sorted(groups)]
