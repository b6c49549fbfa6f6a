"""The Swedish text analysis every backend indexes and every query is read with.

NFC, words (letters with å ä ö, and digits), lowercase, Swedish stop words, then each word as
its lemma followed by its compound parts, then the Swedish Snowball stemmer (PyStemmer) and a
verb-noun ending rule. So "narkotika" finds "narkotikahund" and "vandring" finds
"trygghetsvandringar". Plain Python: no search engine is imported here. Changing any of this
(or the word lists) changes `index_version`, which makes the archive rebuild its index.

Text is analysed word by word (no rule looks at a neighbour), so a word's terms are cached: a
corpus repeats its words.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.search import compounds
from pipeline.search.vocabulary import data_fingerprint, read_word_list

ANALYZER_VERSION = 5
SCHEMA_VERSION = 3
WORD_PATTERN = r"\w+"
_WORD = re.compile(WORD_PATTERN)
# A lower-case letter directly before a capital inside a word is two words whose space was
# lost between two web page elements ("ochBåtsamverkan"); acronyms ("SSPF") are untouched.
_GLUED = re.compile(r"(?<=[a-zåäöéü])(?=[A-ZÅÄÖÉÜ][a-zåäöéü])")


def index_version() -> str:
    """Stored in the index; any difference from the code's means rebuild."""
    return f"schema{SCHEMA_VERSION}-analyzer{ANALYZER_VERSION}-{_data_fingerprint()}"


@lru_cache(maxsize=1)
def _data_fingerprint() -> str:
    """The word lists are package data: hashed once per process, not at every search."""
    return data_fingerprint()


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return frozenset(w for line in read_word_list("stopwords.txt") for w in line.split())


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("swedish", 100_000)


def snowball(word: str) -> str:
    """The Swedish Snowball stem of a lowercase word, keeping the adjective endings -ig and
    -lig, whose removal joins words of other meanings: "fastighet" is no "fast", "synlig" no
    "syn", "myndighet" no "mynd"."""
    stem = _stemmer().stemWord(word)
    for ending in ("lig", "ig"):
        if word.startswith(stem + ending) and len(stem) < len(word):
            return stem + ending
    return stem


def words(text: str) -> list[str]:
    """The text's words, NFC and lowercase, stop words included."""
    return _WORD.findall(_GLUED.sub(" ", unicodedata.normalize("NFC", text)).lower())


def word_terms(word: str) -> list[str]:
    """Unstemmed index terms of one lowercase word: its lemma, then its compound parts and
    theirs ("lokalpolisområde": lokal, polisområde, polis, område), then the compounds of
    adjacent parts inside it ("fastighetsägarföreningen": fastighetsägare)."""
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
    terms += [t for t in compounds.inner(word) if t not in terms]
    return terms


def derive(stem: str) -> str:
    """After Snowball: drop the verb-noun endings -ering, -ing and a left-over -er, so
    "nattvandring", "nattvandrare" and "nattvandra" meet, as do "patrullering" and
    "patrullera"."""
    for ending, keep in (("ering", 4), ("ing", 4), ("er", 5)):
        if stem.endswith(ending) and len(stem) - len(ending) >= keep and stem.isalpha():
            return stem[: -len(ending)]
    return stem


_KNOWN: dict[str, tuple[str, ...]] = {}


def remember(known: dict[str, tuple[str, ...]]) -> None:
    """Terms of words as the index analysed them (same analysis version): a search whose
    words the index knows needs no vocabulary, whose loading costs a fresh process the most."""
    _KNOWN.update(known)


@lru_cache(maxsize=500_000)
def terms_of(word: str) -> tuple[str, ...]:
    """Terms of one lowercase word: the whole form, then its compound parts; () for a stop
    word. Terms repeated by stemming stay, so positions match the word's parts."""
    known = _KNOWN.get(word)
    if known is not None:
        return known
    if word in stop_words():
        return ()
    return tuple(derive(snowball(t)) for t in word_terms(word))


def word_groups(text: str) -> list[tuple[str, ...]]:
    """Index terms of a text grouped by word: [(whole, part, part), (whole,), …]."""
    return [g for g in (terms_of(w) for w in words(text)) if g]


def streams(text: str) -> tuple[str, str]:
    """(every term, whole words only) as space-separated terms: the first for matching words
    and compound parts, the second for literal words and phrases, whose positions compound
    parts would shift."""
    groups = word_groups(text)
    return " ".join(t for g in groups for t in g), " ".join(g[0] for g in groups)


def join(*parts: tuple[str, str]) -> tuple[str, str]:
    """Streams of texts analysed apart, as if the texts had been one."""
    return (
        " ".join(p[0] for p in parts if p[0]),
        " ".join(p[1] for p in parts if p[1]),
    )


@lru_cache(maxsize=20_000)
def fold(text: str) -> str:
    """Case and diacritics folded, for matching what a user types against labels and names
    ("Medborgarlofte" finds "medborgarlöfte")."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())
