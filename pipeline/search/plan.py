"""The backend-neutral query plan: what a search means, before any engine sees it.

A query is a list of *concepts* (what the user asked for: a word, a quoted phrase, a run of
words the thesaurus knows, a place). Each concept has *alternatives*: the word itself, the word
inside a longer compound, the query word's own compound parts, thesaurus forms, spelling
neighbours. Each alternative is a node tree of three leaf kinds, which every backend compiles
into its own query language:

    Word(term)              an analysed term; `whole` = as a whole word (inflections included),
                            else also as a compound part of a longer word
    Word(term, prefix=True) any term starting with it
    Phrase(terms)           whole words side by side, in order
    All(...), Any(...)      every child / some child

An alternative has a *level* (LITERAL: the word itself, COMPOUND: the word inside a longer
compound, RELATED: synonyms, typos, all parts of the query's compound; PART: one part alone)
that decides ranking tiers, and a *weight* for scoring within a tier.

Two data files give related forms: thesaurus.yaml (synonyms; a word that is no form of its
own but the last part of one-word forms, "vandring" of "nattvandring", also finds those
entries: a nattvandring is a vandring) and derivations.yaml (a noun's verb and participles,
"närvaro", "närvara", "närvarande").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Union

from pipeline.search.analysis import ANALYZER_VERSION, word_groups

# Ranking: a literal match outranks every related one (levels), and within a tier the scores
# of the alternatives count with these weights (tuned on the development pages). Few distinct
# weights keep scoring fast: an engine scores each weight in one pass. A literal word also
# matches as a compound term, so it scores twice what the word inside a compound scores.
WORD_WEIGHT = 1.0
COMPOUND_WEIGHT = 1.0  # the query word inside a longer compound of the text
PARTS_WEIGHT = 0.4  # all parts of a query compound, apart
PART_WEIGHT = 0.15  # one part of a query compound alone
SYNONYM_WEIGHT = 0.4
DERIVED_WEIGHT = 0.4  # a word of the query word's derivation family
TYPO_WEIGHT = 0.4
LITERAL, COMPOUND, RELATED, PART = 3, 2, 1, 0
MIN_ACRONYM, MAX_ACRONYM = 3, 6  # letters of an abbreviation that may be hyphenated
ENUMERATION_SLACK_FROM = 4  # an enumeration of this many words holds with one missing
THESAURUS_FORMAT = 6  # of the cached analysed thesaurus: change it with how forms become nodes


@dataclass(frozen=True)
class Word:
    term: str
    whole: bool = True
    prefix: bool = False


@dataclass(frozen=True)
class Phrase:
    terms: tuple[str, ...]


@dataclass(frozen=True)
class All:
    children: tuple["Node", ...]


@dataclass(frozen=True)
class Any:
    children: tuple["Node", ...]


Node = Union[Word, Phrase, All, Any]
Leaf = Union[Word, Phrase]


@dataclass(frozen=True)
class Alternative:
    node: Node
    how: str  # word, compound, apart, parts, part, derived, synonym, typo, place
    level: int
    weight: float
    form: str  # the text this alternative stands for (the query word, a synonym, a correction)


@dataclass
class Concept:
    """One thing asked for. `text` is as the user typed it; `docs` are the documents (a bit
    mask, pipeline.search.masks) the concept holds for without any text (a place's own
    documents, the documents of the kind a word names), found by the searcher."""

    text: str
    alternatives: list[Alternative]
    required: bool = False
    docs: int = 0
    docs_how: str = "place"  # why `docs` hold it: the record's place, or its kind
    by_level: dict[int, int] = field(default_factory=dict)  # level -> documents at it or better (mask)
    part_docs: int = 0  # held only by a telling part of the word (mask)

    def nodes(self, min_level: int = PART) -> list[Node]:
        return [a.node for a in self.alternatives if a.level >= min_level]


def any_of(nodes: list[Node]) -> Node | None:
    unique = list(dict.fromkeys(nodes))
    return None if not unique else unique[0] if len(unique) == 1 else Any(tuple(unique))


def all_of(nodes: list[Node]) -> Node | None:
    unique = list(dict.fromkeys(nodes))
    return None if not unique else unique[0] if len(unique) == 1 else All(tuple(unique))


def for_matching(node: Node) -> Node:
    """The same documents with fewer leaves, for finding matches (not for scoring): every
    term of a whole word is also indexed as a term of any kind, so beside Word(t, whole=False)
    Word(t) adds no document."""
    if isinstance(node, All):
        return all_of([for_matching(c) for c in node.children])
    if not isinstance(node, Any):
        return node
    children = [for_matching(c) for c in node.children]
    anywhere = {c.term for c in children if isinstance(c, Word) and not c.whole and not c.prefix}
    return any_of([c for c in children if not (isinstance(c, Word) and c.whole and not c.prefix
                                               and c.term in anywhere)])


def leaves(node: Node | None) -> list[Leaf]:
    if node is None:
        return []
    if isinstance(node, (Word, Phrase)):
        return [node]
    return [leaf for child in node.children for leaf in leaves(child)]


def text_node(text: str, whole: bool = True) -> Node | None:
    """A form of one or more words: one word matches itself; two words must stand side by
    side; three or more are an enumeration of whole words (a part of a longer word is no
    member: "polis" in "lokalpolisområde"), matched when all are present, or all but one
    of four or more ("socialtjänst, skola och polis" is SSPF without its F)."""
    groups = word_groups(text)
    if not groups:
        return None
    if len(groups) == 1:
        return Word(groups[0][0], whole)
    if len(groups) == 2:
        return Phrase(tuple(g[0] for g in groups))
    members = list(dict.fromkeys(Word(g[0]) for g in groups))
    if len(members) < ENUMERATION_SLACK_FROM:
        return all_of(members)
    return any_of([all_of(list(subset)) for subset in combinations(members, len(members) - 1)])


def word_alternatives(text: str) -> list[Alternative]:
    """The alternatives of a typed word (or hyphenated words), without thesaurus forms."""
    groups = word_groups(text)
    if not groups:
        return []
    if len(groups) > 1:  # "EPA-traktor", "gång- och cykelväg"
        return [
            Alternative(Phrase(tuple(g[0] for g in groups)), "word", LITERAL, WORD_WEIGHT, text),
            *_acronym_spellings(text),
            Alternative(all_of([Word(g[0], False) for g in groups]), "compound", COMPOUND,
                        COMPOUND_WEIGHT, text),
        ]
    whole, *parts = groups[0]
    out = [
        Alternative(Word(whole), "word", LITERAL, WORD_WEIGHT, text),
        *_acronym_spellings(text),
        Alternative(Word(whole, whole=False), "compound", COMPOUND, COMPOUND_WEIGHT, text),
    ]
    out += [Alternative(node, "derived", RELATED, DERIVED_WEIGHT, form)
            for form, node in _derived().get(whole, [])]
    out += _written_apart(text)
    parts = [p for p in dict.fromkeys(parts) if p != whole]
    if parts:
        # the parts as words of their own ("överenskommelse om trygghet") are related; a part
        # inside some other compound ("samverkansöverenskommelse") is the weakest match
        each = [any_of([Word(p), *(n for _, n in _derived().get(p, []) + _synonym_nodes(p))])
                for p in parts]
        out.append(Alternative(all_of(each), "parts", RELATED, PARTS_WEIGHT, text))
        out += [Alternative(Word(p), "part", PART, PART_WEIGHT, text) for p in parts]
        out += [Alternative(Word(p, False), "part", PART, PART_WEIGHT, text) for p in parts]
    return out


def _written_apart(text: str) -> list[Alternative]:
    """A compound of two parts written apart, last part first, as Swedish does with a
    preposition between ("överenskommelse om samverkan", "tillsyn av krogar"): related,
    and closer than the parts anywhere in the text."""
    from pipeline.search.analysis import terms_of, words
    from pipeline.search.compounds import split

    typed = words(text)
    parts = split(typed[0]) if len(typed) == 1 else ()
    if len(parts) != 2:
        return []
    head, last = (terms_of(part) for part in parts)
    if not head or not last:
        return []
    return [Alternative(Phrase((last[0], head[0])), "apart", RELATED, PARTS_WEIGHT, text)]


def _acronym_spellings(text: str) -> list[Alternative]:
    """An abbreviation is the same with or without a hyphen inside: "SSPF" finds "SSP-F"
    and "SSP-F" finds "SSPF"."""
    letters = text.replace("-", "")
    if not (letters.isalpha() and letters.isupper() and MIN_ACRONYM <= len(letters) <= MAX_ACRONYM):
        return []
    if "-" in text:
        return [Alternative(Word(letters.lower()), "word", LITERAL, WORD_WEIGHT, text)]
    out = []
    for cut in range(1, len(letters)):
        pieces = [word_groups(piece) for piece in (letters[:cut], letters[cut:])]
        if all(len(g) == 1 for g in pieces):
            node = Phrase(tuple(g[0][0] for g in pieces))
            out.append(Alternative(node, "word", LITERAL, WORD_WEIGHT, text))
    return out


def synonym_alternatives(key: tuple[str, ...]) -> list[Alternative]:
    """The thesaurus forms of a key. A one-word form scores more as a word of its own
    ("droger": as a word and as a compound term) than inside a longer compound
    ("droganvändningen": as a compound term only), as the query word itself does. A word
    that is no form of its own finds the entries of the forms it is the last part of."""
    out = []
    forms = _thesaurus().get(key)
    if forms is None and len(key) == 1:
        forms = _tables()[1].get(key[0], [])
    for form, node in forms or []:
        if isinstance(node, Word) and not node.whole and not node.prefix:
            out.append(Alternative(Word(node.term), "synonym", RELATED, SYNONYM_WEIGHT, form))
            out.append(Alternative(node, "synonym", RELATED, SYNONYM_WEIGHT, form))
        else:
            out.append(Alternative(node, "synonym", RELATED, SYNONYM_WEIGHT, form))
    return out


def _synonym_nodes(term: str) -> list[tuple[str, Node]]:
    return _thesaurus().get((term,), [])


def _thesaurus() -> dict[tuple[str, ...], list[tuple[str, Node]]]:
    return _tables()[0]


def _derived() -> dict[str, list[tuple[str, Node]]]:
    return _tables()[2]


def thesaurus_key(text: str) -> tuple[str, ...]:
    """What a form is looked up by: its words' whole analysed terms."""
    return tuple(g[0] for g in word_groups(text))


def longest_form(keys: list[tuple[str, ...]]) -> int:
    """How many of these words (each a key of one word) make the longest thesaurus form of
    two or more words starting at the first; 0 when there is none. Stop words ride along."""
    table = _thesaurus()
    if not keys or not keys[0]:
        return 0
    for n in range(len(keys), 1, -1):
        joined = tuple(t for k in keys[:n] for t in k)
        if keys[n - 1] and len(joined) >= 2 and len(joined) <= _longest() and joined in table:
            return n
    return 0


@lru_cache(maxsize=1)
def _tables():
    """(key of each thesaurus form -> the other forms of its entries; last part of one-word
    forms -> those entries' forms; term of each derivation-family word -> the family's other
    words), all with their nodes. Analysing the forms needs the whole vocabulary, so the
    tables are kept in the cache folder."""
    from pipeline.search.vocabulary import DATA, cached

    def encoded(table):
        return {key: [(form, _encode(node)) for form, node in others]
                for key, others in table.items()}

    def decoded(table, as_key):
        return {as_key(key): [(form, _decode(node)) for form, node in others]
                for key, others in table.items()}

    depends = sorted(p.name for p in DATA.glob("*.txt")) + ["thesaurus.yaml", "derivations.yaml"]
    stored = cached(f"sv-thesaurus-{THESAURUS_FORMAT}-{ANALYZER_VERSION}", depends, lambda: (
        encoded(_analysed_thesaurus()), encoded(_by_last_part()), encoded(_families())))
    return decoded(stored[0], tuple), decoded(stored[1], str), decoded(stored[2], str)


def _encode(node: Node):
    if isinstance(node, Word):
        return ("w", node.term, node.whole, node.prefix)
    if isinstance(node, Phrase):
        return ("p", node.terms)
    return ("a" if isinstance(node, All) else "o", tuple(_encode(c) for c in node.children))


def _decode(data) -> Node:
    kind = data[0]
    if kind == "w":
        return Word(data[1], data[2], data[3])
    if kind == "p":
        return Phrase(tuple(data[1]))
    children = tuple(_decode(c) for c in data[1])
    return All(children) if kind == "a" else Any(children)


def _analysed_thesaurus() -> dict[tuple[str, ...], list[tuple[str, Node]]]:
    from pipeline.search.vocabulary import read_yaml

    table: dict[tuple[str, ...], list[tuple[str, Node]]] = {}
    for entry in read_yaml("thesaurus.yaml"):
        forms = [(str(f), thesaurus_key(str(f)), text_node(str(f), whole=False)) for f in entry]
        for _, key, _ in forms:
            others = table.setdefault(key, [])
            others += [(f, n) for f, k, n in forms if k != key and n is not None
                       and (f, n) not in others]
        abbreviations = [(f, n) for f, k, n in forms if len(k) == 1 and f.isupper() and n is not None]
        for _, key, _ in forms:
            if len(key) >= 3:  # an enumeration: each of its words finds the abbreviation
                for term in key:
                    others = table.setdefault((term,), [])
                    others += [a for a in abbreviations if a not in others]
    return table


def _by_last_part() -> dict[str, list[tuple[str, Node]]]:
    """The last part of each one-word thesaurus form that is no form itself -> the forms of
    the entries it ends ("vandring": trygghetsrond, night walks, …), except the forms it
    is already a part of."""
    from pipeline.search.analysis import terms_of
    from pipeline.search.compounds import split
    from pipeline.search.vocabulary import read_yaml

    forms_of = _analysed_thesaurus()
    table: dict[str, list[tuple[str, Node]]] = {}
    for entry in read_yaml("thesaurus.yaml"):
        nodes = [(str(f), text_node(str(f), whole=False)) for f in entry]
        for form in map(str, entry):
            parts = split(form.lower()) if len(thesaurus_key(form)) == 1 else ()
            last = terms_of(parts[-1]) if len(parts) > 1 else ()
            if not last or (last[0],) in forms_of:
                continue
            others = table.setdefault(last[0], [])
            others += [(f, n) for f, n in nodes if n is not None and (f, n) not in others
                       and last[0] not in {t for g in word_groups(f) for t in g}]
    return table


def _families() -> dict[str, list[tuple[str, Node]]]:
    """Term of each word of a derivation family -> the family's other words."""
    from pipeline.search.vocabulary import read_yaml

    table: dict[str, list[tuple[str, Node]]] = {}
    for family in read_yaml("derivations.yaml"):
        forms = [(str(f), thesaurus_key(str(f)), text_node(str(f), whole=False)) for f in family]
        for _, key, _ in forms:
            if len(key) != 1:
                continue
            others = table.setdefault(key[0], [])
            others += [(f, n) for f, k, n in forms if k != key and n is not None
                       and (f, n) not in others]
    return table


@lru_cache(maxsize=1)
def _longest() -> int:
    return max((len(k) for k in _thesaurus()), default=1)
