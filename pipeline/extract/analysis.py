"""Blocks plus what spaCy sees in them: the shared input of every extraction rule."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.blocks import Block
from pipeline.lang.resources import load_yaml


@dataclass
class Sentence:
    text: str
    block: int  # index of the block it came from
    span: object  # spacy Span


@dataclass
class Analysed:
    blocks: list[Block]
    docs: list  # one spaCy Doc per block
    title: str
    sentences: list[Sentence] = field(default_factory=list)
    _lemmas: str | None = field(default=None, repr=False)
    _words: tuple[list[str], list[str]] | None = field(default=None, repr=False)

    @property
    def lemma_key(self) -> str:
        """Every token's lemma, space-separated (see `lemma_key`), for the whole body."""
        if self._lemmas is None:
            self._lemmas = " " + " ".join(self.words[1]) + " "
        return self._lemmas

    @property
    def words(self) -> tuple[list[str], list[str]]:
        """Every token of the body, lower-case, and its lemma: two parallel lists, read from
        the docs as arrays (no Token objects)."""
        if self._words is None:
            from spacy.attrs import LEMMA, LOWER

            lowers, lemmas = [], []
            for doc in self.docs:
                strings = doc.vocab.strings
                for low, lemma in doc.to_array([LOWER, LEMMA]).tolist():
                    lowers.append(strings[low])
                    lemmas.append(strings[lemma])
            self._words = lowers, lemmas
        return self._words

    def ents(self, label: str):
        """(block index, span) for every entity with this label, in document order."""
        for i, doc in enumerate(self.docs):
            for ent in doc.ents:
                if ent.label_ == label:
                    yield i, ent


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def analyse(blocks: list[Block], title: str) -> Analysed:
    from pipeline.lang.nlp import get_nlp

    nlp = get_nlp()
    blocks = [Block(b.kind, nfc(b.text), b.level, b.depth, b.page, b.rows) for b in blocks]
    docs = list(nlp.pipe(b.text for b in blocks))
    a = Analysed(blocks=blocks, docs=docs, title=nfc(title))
    for i, doc in enumerate(docs):
        for s in doc.sents:
            if s.text.strip():
                a.sentences.append(Sentence(s.text.strip(), i, s))
    return a


@lru_cache(maxsize=1)
def cues() -> dict:
    return load_yaml("cues.yaml")


@lru_cache(maxsize=None)
def phrase_regex(phrases: tuple[str, ...]) -> re.Pattern:
    """Whole-word, case-insensitive alternation of the phrases."""
    alts = "|".join(re.escape(p.strip()) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\wåäöÅÄÖ])(?:{alts})(?![\wåäöÅÄÖ])", re.IGNORECASE)


def has_phrase(text: str, phrases) -> bool:
    return bool(phrase_regex(tuple(phrases)).search(text))


def count_phrases(text: str, phrases) -> int:
    return len(phrase_regex(tuple(phrases)).findall(text))


@lru_cache(maxsize=8192)
def lemma_key(text: str) -> str:
    """The text as its tokens' lemmas, space-separated and space-padded: " medborgarlöfte för
    2019 ". A cue word written once as its lemma then matches every inflection of it."""
    from pipeline.lang.lemmas import lemmatize
    from pipeline.lang.nlp import get_nlp

    return " " + " ".join(lemmatize(t.text) for t in get_nlp().make_doc(text)) + " "


def count_terms(key: str, terms) -> int:
    """How often the terms (cue words or phrases, matched by lemma) occur in a `lemma_key`."""
    return sum(key.count(lemma_key(t)) for t in terms)


def has_term(key: str, terms) -> bool:
    return any(lemma_key(t) in key for t in terms)
