"""Split Swedish compounds into dictionary words, so "narkotika" finds "narkotikahund".

A word is cut into known parts: every part but the last is a dictionary word as it
appears in compounds (with a linking "s", or "skol" for "skola", "gatu" for "gata", see
data/linking.txt); the last part may be inflected and is given as its lemma
("trygghetsvandringar" -> trygghet + vandring). Fewest parts win, then longer parts.

A word that is itself in the dictionary ("medborgare", "polisen", "samverkan") is only cut
when every part is a solid word of four letters or more, so "med|borgare" and "pol|isen"
never happen while "skolgård" still gives skola + gård. data/compound_keep.txt lists words
that are never cut; data/compound_nonparts.txt lists suffix-like words never used as parts.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from pipeline.search.vocabulary import Vocabulary, load_vocabulary, read_word_list

MIN_PART = 3  # letters in a part of an unknown word
MIN_PART_KNOWN = 4  # letters in a part when the whole word is itself in the dictionary
MIN_WORD = 6


@lru_cache(maxsize=1)
def _rules() -> tuple[list[tuple[str, str]], frozenset[str], frozenset[str], frozenset[str]]:
    linking = []
    for line in read_word_list("linking.txt"):
        written, lemma = (s if s != "-" else "" for s in line.split())
        linking.append((written, lemma))
    keep = frozenset(read_word_list("compound_keep.txt")) | _place_names()
    nonparts = frozenset(read_word_list("compound_nonparts.txt"))
    particles = frozenset(read_word_list("compound_particles.txt"))
    return linking, keep, nonparts, particles


def _place_names() -> frozenset[str]:
    """Municipality names and their genitives stay whole: "karlstad" is no karl + stad."""
    from pipeline.lang.gazetteer import municipalities

    names = set()
    for m in municipalities():
        for form in (m.name, m.genitive):
            names.update(w.lower() for w in form.replace("-", " ").split())
    return frozenset(names)


def lemma(word: str) -> str:
    """The dictionary form of a lowercase word; a compound gets its last part's lemma."""
    return _lemma(unicodedata.normalize("NFC", word.lower()))


@lru_cache(maxsize=200_000)
def _lemma(word: str) -> str:
    known = load_vocabulary().lemma(word)
    if known:
        return known
    parts = _split(word)
    if len(parts) < 2:
        return word
    last_written = _last_written(word, parts[-1])
    return word[: len(word) - len(last_written)] + parts[-1] if last_written else word


def split(word: str) -> tuple[str, ...]:
    """The parts of a compound as dictionary words, or `(word,)` when it is not one."""
    return _split(unicodedata.normalize("NFC", word.lower()))


@lru_cache(maxsize=200_000)
def _split(word: str) -> tuple[str, ...]:
    linking, keep, nonparts, particles = _rules()
    vocab = load_vocabulary()
    if len(word) < MIN_WORD or not word.isalpha() or word in keep:
        return (word,)
    known = vocab.lemma(word)
    if known in keep or (known and vocab.inflects_like_verb(known)):
        return (word,)
    min_part = MIN_PART_KNOWN if known else MIN_PART
    best = _best(word, 0, vocab, linking, nonparts, min_part, {})
    if best is None or len(best[1]) < 2:
        return (word,)
    parts = tuple(best[1])
    if known and not _plausible(word, known, parts, particles):
        return (word,)
    return parts


def inner(word: str) -> tuple[str, ...]:
    """The compounds inside a compound of three or more parts, each as a run of adjacent
    parts ending in its last part's lemma: "centrumfastighetsägarna" holds
    "fastighetsägare", "narkotikasökhund" holds "sökhund"."""
    return _inner(unicodedata.normalize("NFC", word.lower()))


@lru_cache(maxsize=200_000)
def _inner(word: str) -> tuple[str, ...]:
    parts = _split(word)
    if len(parts) < 3:
        return ()
    written = _written(word, parts)
    if written is None:
        return ()
    out = []
    for i in range(len(parts) - 1):
        for j in range(i + 1, len(parts)):
            if (i, j) != (0, len(parts) - 1):
                out.append("".join(written[i:j]) + parts[j])
    return tuple(dict.fromkeys(out))


def _written(word: str, parts: tuple[str, ...]) -> list[str] | None:
    """How each part is written in the word ("fastighets" for fastighet), found as the
    split found it: every part but the last by the linking rules."""
    linking, _, nonparts, _ = _rules()
    vocab = load_vocabulary()
    if len(parts) == 1:
        return [word] if _last_lemma(word, vocab) == parts[0] else None
    for end in range(MIN_PART, len(word) - MIN_PART + 1):
        if _as_part(word[:end], vocab, linking, nonparts, MIN_PART) == parts[0]:
            rest = _written(word[end:], parts[1:])
            if rest is not None:
                return [word[:end], *rest]
    return None


def _plausible(word: str, known: str, parts: tuple[str, ...], particles: frozenset[str]) -> bool:
    """A dictionary word is a compound only if its lemma is the parts' lemma too
    ("misstankar" = miss + tanke, while "myndigheter" is not myndig + heta) and it does not
    start with a particle ("genomföra", "underteckna")."""
    if parts[0] in particles or word.startswith(tuple(p for p in particles if len(p) >= 4)):
        return False
    last_written = _last_written(word, parts[-1])
    return bool(last_written) and word[: len(word) - len(last_written)] + parts[-1] == known


def _best(word, start, vocab: Vocabulary, linking, nonparts, min_part, memo):
    """Best split of word[start:] as (score, parts); score sorts fewest, then longest parts."""
    if start in memo:
        return memo[start]
    rest = word[start:]
    candidates = []
    itself = start == 0  # the word itself is never its own split
    last = None if itself or len(rest) < min_part or rest in nonparts else _last_lemma(rest, vocab)
    if last and (len(last) < MIN_PART or last in nonparts):
        last = None
    if last:
        candidates.append(((1, -len(rest) ** 2), [last]))
    for end in range(start + min_part, len(word) - min_part + 1):
        head = _as_part(word[start:end], vocab, linking, nonparts, min_part)
        if not head:
            continue
        tail = _best(word, end, vocab, linking, nonparts, min_part, memo)
        if tail is None:
            continue
        (n, squares), parts = tail
        candidates.append(((n + 1, squares - (end - start) ** 2), [head, *parts]))
    memo[start] = min(candidates, key=lambda c: c[0]) if candidates else None
    return memo[start]


def _last_lemma(rest: str, vocab: Vocabulary) -> str | None:
    """The lemma of a compound's last part; a form the table lacks ("tillsyner") counts when
    its Snowball stem is a dictionary word of MIN_PART_KNOWN letters or more."""
    known = vocab.lemma(rest)
    if known:
        return known
    from pipeline.search.analysis import snowball

    stem = snowball(rest)
    return stem if stem != rest and len(stem) >= MIN_PART_KNOWN and vocab.is_lemma(stem) else None


def _as_part(written: str, vocab: Vocabulary, linking, nonparts, min_part) -> str | None:
    """The dictionary word behind a non-final part as written in a compound, if any."""
    for ending, lemma_ending in linking:
        if ending and not written.endswith(ending):
            continue
        stem = written[: len(written) - len(ending)]
        candidate = stem + lemma_ending
        long_enough = len(stem) >= MIN_PART and len(written) >= min_part
        if long_enough and candidate not in nonparts and vocab.is_lemma(candidate):
            return candidate
    return None


def _last_written(word: str, last_lemma: str) -> str:
    """The written form of the last part: the longest ending of `word` with that lemma."""
    vocab = load_vocabulary()
    for k in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        if vocab.lemma(word[-k:]) == last_lemma:
            return word[-k:]
    return ""
