"""The spaCy pipeline: `spacy.blank("sv")` + lookup lemmas + rule components over gazetteers.

Components (registered here, in order):
  loften_lemmatizer  lemma for every token (pipeline.lang.lemmas, the project's one vocabulary)
  sentencizer        sentence boundaries
  municipality_ruler MUNICIPALITY (name forms from municipalities.json; ent_id_ = canonical name)
  role_ruler         ROLE (roles.yaml; ent_id_ = side|canonical role); both are PhraseRulers
                     (EntityRuler's behaviour for phrase patterns built from the data files)
  loften_people      PERSON spans: a first name from first_names.txt + capitalised surname(s)
  loften_police      POLICE_AREA spans after "lokalpolisområde", "LPO", "lokalpolisen i" …
The pipeline is built once per process; spaCy is imported only here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lang.gazetteer import municipalities
from pipeline.lang.resources import load_lines, load_yaml



@lru_cache(maxsize=1)
def _rules() -> dict:
    cues = load_yaml("cues.yaml")
    return {
        "triggers": frozenset(cues["police"]["triggers"]),
        "trigger_spelling": _spelled_like(re.compile(cues["police"]["trigger_spelling"])),
        "chief_triggers": frozenset(cues["police"]["chief_triggers"]),
        "directions": frozenset(cues["police"]["area_directions"]),
        "local_police": frozenset(cues["police"]["local_police"]),
        "trailing": [t.split() for t in cues["police"]["trailing_triggers"]],
        "compound_suffix": cues["police"]["compound_suffix"],
        "at": cues["police"]["place_preposition"],
        "particles": frozenset(cues["people"]["surname_particles"]),
        "also_words": frozenset(cues["people"]["first_names_also_words"]),
    }


def _spelled_like(pattern: re.Pattern):
    """Whether a lower-case word matches `pattern`, remembered per word (asked of every token)."""
    return lru_cache(maxsize=65536)(lambda low: pattern.match(low) is not None)


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    return frozenset(load_lines("first_names.txt"))


def is_first_name(text: str) -> bool:
    parts = text.split("-")
    return all(p in first_names() for p in parts) and bool(parts[0])


def _municipality_patterns() -> list[dict]:
    """Phrase patterns matched on the exact text (a capital matters: "Vara" but not "vara");
    "kommun"/"stad" are also written with a capital or in capitals."""
    patterns = []
    for m in municipalities():
        forms = set(m.forms) | {m.official}
        if not m.ambiguous:
            forms |= {m.name, m.genitive, m.name.upper()}
        for form in forms:
            head, _, last = form.rpartition(" ")
            variants = {form}
            if last in ("kommun", "stad"):
                variants |= {f"{head} {last.capitalize()}", f"{head} {last.upper()}"}
            for v in variants:
                patterns.append({"label": "MUNICIPALITY", "pattern": v, "id": m.name})
    return patterns


def _role_patterns() -> list[dict]:
    """Phrase patterns matched case-insensitively."""
    return [
        {"label": "ROLE", "pattern": role["phrase"].lower(),
         "id": f"{role['side']}|{role.get('canonical', role['phrase'])}"}
        for role in load_yaml("roles.yaml")["roles"]
    ]


class PhraseRuler:
    """Entities from phrase patterns ({label, pattern, id}), as spaCy's EntityRuler sets them
    (longest match first, existing entities kept), without its per-document pattern count."""

    def __init__(self, nlp, patterns: list[dict], attr: str):
        from spacy.matcher import PhraseMatcher

        self.matcher = PhraseMatcher(nlp.vocab, attr=attr)
        self.labels: dict[int, tuple[str, str]] = {}
        grouped: dict[tuple[str, str], list[str]] = {}
        for p in patterns:
            grouped.setdefault((p["label"], p["id"]), []).append(p["pattern"])
        for (label, ent_id), texts in grouped.items():
            key = f"{label}|{ent_id}"
            self.matcher.add(key, [nlp.make_doc(t) for t in texts])
            self.labels[nlp.vocab.strings[key]] = (label, ent_id)

    def __call__(self, doc):
        from spacy.tokens import Span

        matches = sorted({(m, s, e) for m, s, e in self.matcher(doc) if s != e},
                         key=lambda m: (m[2] - m[1], -m[1]), reverse=True)
        taken = {i for e in doc.ents for i in range(e.start, e.end)}
        new = []
        for match_id, start, end in matches:
            if taken.intersection(range(start, end)):
                continue
            label, ent_id = self.labels[match_id]
            new.append(Span(doc, start, end, label=label, span_id=ent_id))
            taken.update(range(start, end))
        if new:
            doc.ents = list(doc.ents) + new
        return doc


def _person_spans(doc):
    from spacy.attrs import IS_TITLE, ORTH

    from pipeline.lang.lemmas import is_word

    rules = _rules()
    strings = doc.vocab.strings
    starts = [bool(title) and is_first_name(strings[orth]) for title, orth in doc.to_array([IS_TITLE, ORTH]).tolist()]
    spans, i = [], 0
    while i < len(doc):
        if not starts[i]:  # a name starts with a capitalised first name; most tokens are not one
            i += 1
            continue
        tok = doc[i]
        j = i + 1
        surnames = 0
        while j < len(doc) and surnames < 2:
            t = doc[j]
            if t.ent_type_ == "ROLE":
                break  # "Jonas Eek Chef lokalpolisområde …": the title ends the name
            if t.lower_ in rules["particles"] and j + 1 < len(doc) and doc[j + 1].is_title:
                j += 1
                continue
            # a first name is a surname too ("Anna Frej") when no surname follows it
            last = j + 1 >= len(doc) or not doc[j + 1].is_title
            if (t.is_title or (t.text[:1].isupper() and "-" in t.text)) and (not is_first_name(t.text) or last) and t.text.isalpha() | ("-" in t.text):
                j += 1
                surnames += 1
                continue
            break
        if surnames and not (tok.text in rules["also_words"] and is_word(doc[i + 1].text)):
            spans.append((i, j))
            i = j
            continue
        i += 1
    return spans


def _is_municipality_token(tok) -> bool:
    from pipeline.lang.gazetteer import canonical_municipality

    text = tok.text.rstrip(".,")
    return bool(canonical_municipality(text) or (text.endswith("s") and canonical_municipality(text[:-1])))


MAX_AREA_TOKENS = 5  # "Storgöteborg Mölndal - Härryda - Partille"


def _area_name_at(doc, start: int) -> tuple[int, str] | None:
    """The area name that starts at token `start`: the longest known name or variant (any case,
    "/" and "-" alike); else a direction and a capitalised word ("södra Bohuslän"), parts joined
    by "/" ("Luleå/Boden"), or one capitalised word. Returns (end token, name)."""
    known = _known_area_at(doc, start)
    first = doc[start]
    if first.lower_ in _rules()["directions"] and start + 1 < len(doc) and doc[start + 1].is_title:
        return known or (start + 2, f"{first.text.capitalize()} {doc[start + 1].text}")
    if not first.text[:1].isupper():
        return known
    end = start + 1
    while end + 1 < len(doc) and doc[end].text in ("/", "-") and doc[end + 1].is_title:
        end += 2
    if known and known[0] >= end:
        return known
    return end, doc[start:end].text.replace(" ", "")


def _known_area_at(doc, start: int) -> tuple[int, str] | None:
    """The longest known area name or variant that starts at token `start`."""
    from pipeline.lang.gazetteer import police_area

    for n in range(min(MAX_AREA_TOKENS, len(doc) - start), 0, -1):
        area = police_area(doc[start:start + n].text)
        if area:
            return start + n, area.name
    return None


def _named_before_trigger(doc, i: int, lows: list[str]) -> str | None:
    """"Växjö Local Police Area": a municipality or known area's name before the trigger words."""
    for words in _rules()["trailing"]:
        if lows[i + 1:i + 1 + len(words)] == words:
            tok = doc[i]
            if tok.is_title and (_is_known_area(tok.text) or _is_municipality_token(tok)):
                return tok.text
    return None


def _compound_area(tok) -> str | None:
    """"Landskronapolisen", "Umeåpolisen": the police of a known area, in one word."""
    from pipeline.lang.gazetteer import police_area

    low = tok.lower_
    suffix = _rules()["compound_suffix"]
    if not tok.is_title or not low.endswith(suffix) or len(low) <= len(suffix) + 2:
        return None
    head = tok.text[: -len(suffix)]
    area = police_area(head) or (police_area(head[:-1]) if head.endswith("s") else None)
    return area.name if area else None


def _police_spans(doc):
    """Area names after a trigger word ("lokalpolisområde", "LPO", "lokalpolisen i", a chief's
    title); after a chief's title only a known area or a municipality is trusted as the name."""
    from spacy.attrs import LOWER

    rules = _rules()
    triggers, chiefs = rules["triggers"], rules["chief_triggers"]
    spans = []
    strings = doc.vocab.strings
    lows = [strings[h] for h in doc.to_array(LOWER).tolist()]
    firsts = {words[0] for words in rules["trailing"]}
    for i, low in enumerate(lows):
        start = None
        if low in triggers or low in chiefs or rules["trigger_spelling"](low):
            start = i + 1
            if low in chiefs and start < len(doc) and doc[start].lower_ == rules["at"]:
                start += 1
        elif low in rules["local_police"] and i + 2 < len(doc) and doc[i + 1].lower_ == rules["at"]:
            start = i + 2
        elif low in rules["local_police"] and i + 1 < len(doc):
            known = _known_area_at(doc, i + 1)  # "lokalpolisen Södra Ångermanland": known names only
            if known:
                spans.append((i + 1, *known))
            continue
        else:
            compound = None
            if low.endswith(rules["compound_suffix"]):
                compound = _compound_area(doc[i])
            elif i + 1 < len(lows) and lows[i + 1] in firsts:
                compound = _named_before_trigger(doc, i, lows)
            if compound:
                spans.append((i, i + 1, compound))
            continue
        if start >= len(doc):
            continue
        if low in chiefs and doc[start].text == "," and start + 1 < len(doc):
            known = _known_area_at(doc, start + 1)  # "lokalpolisområdeschef, Uppsala/Knivsta"
            if known:
                spans.append((start + 1, *known))
            continue
        first = doc[start]
        if first.lower_ in triggers or first.lower_ in chiefs or is_first_name(first.text):
            continue  # "lokalpolischef i Lokalpolisområde Klippan": the next trigger reads the name
        found = _area_name_at(doc, start)
        if found is None:
            continue
        end, name = found
        if low in chiefs and not (_is_known_area(name) or _is_municipality_token(first)):
            continue
        spans.append((start, end, name))
    return spans


def _is_known_area(name: str) -> bool:
    from pipeline.lang.gazetteer import police_area

    return police_area(name) is not None


MAX_LEMMA_IDS = 200_000  # words whose lemma id the lemmatizer keeps
_lemma_ids: dict[int, int] = {}  # a word's id (orth) -> its lemma's id, in the one vocabulary


@lru_cache(maxsize=1)
def get_nlp():
    import numpy
    import spacy
    from spacy.attrs import LEMMA, ORTH
    from spacy.language import Language
    from spacy.tokens import Span

    from pipeline.lang.lemmas import lemmatize

    if not Language.has_factory("loften_lemmatizer"):

        @Language.component("loften_lemmatizer")
        def loften_lemmatizer(doc):
            # by the word's id, as arrays: a word's lemma is looked up and stored once
            if len(_lemma_ids) >= MAX_LEMMA_IDS:
                _lemma_ids.clear()
            strings, ids = doc.vocab.strings, []
            for orth in doc.to_array(ORTH).tolist():
                lemma = _lemma_ids.get(orth)
                if lemma is None:
                    lemma = _lemma_ids[orth] = strings.add(lemmatize(strings[orth]))
                ids.append(lemma)
            if ids:
                doc.from_array([LEMMA], numpy.array(ids, dtype="uint64").reshape(-1, 1))
            return doc

        @Language.factory("loften_phrases")
        def loften_phrases(nlp, name: str, patterns: str, attr: str):
            source = {"municipalities": _municipality_patterns, "roles": _role_patterns}[patterns]
            return PhraseRuler(nlp, source(), attr)

        @Language.component("loften_people")
        def loften_people(doc):
            people = [Span(doc, s, e, label="PERSON") for s, e in _person_spans(doc)]
            doc.ents = spacy.util.filter_spans(list(doc.ents) + people)
            return doc

        @Language.component("loften_police")
        def loften_police(doc):
            areas = [Span(doc, s, e, label="POLICE_AREA", kb_id=name) for s, e, name in _police_spans(doc)]
            # an area name always wins over a municipality read in the same words
            kept = [e for e in doc.ents if not any(e.start < a.end and a.start < e.end for a in areas)]
            doc.ents = spacy.util.filter_spans(kept + areas)
            return doc

    nlp = spacy.blank("sv")
    nlp.add_pipe("loften_lemmatizer")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("loften_phrases", name="municipality_ruler", config={"patterns": "municipalities", "attr": "ORTH"})
    nlp.add_pipe("loften_phrases", name="role_ruler", config={"patterns": "roles", "attr": "LOWER"})
    nlp.add_pipe("loften_people")
    nlp.add_pipe("loften_police")
    return nlp
