"""The one searcher: it reads the query, plans it (pipeline.search.plan), asks an engine's
primitives (backend.Reader) and owns ranking, counts, facets, corrections, snippets, match
explanations, activities and "similar". Every engine gives the same answers through it.

Ranking: documents holding more of the query's concepts come first (coverage), then those
holding them more literally (the word itself over the word inside a compound over a related
form); within such a tier, the engine's bm25 of the plan's leaves, each leaf weighted by
its alternative.

Sets of documents are bit masks (pipeline.search.masks) from the engine's match to the facet
counts: a union or an intersection costs microseconds where Python sets of 100,000 keys cost
milliseconds.
"""

from __future__ import annotations

import math
import operator
import unicodedata
from collections import Counter
from functools import reduce
from typing import Iterable

from pipeline.errors import NotFound
from pipeline.search import masks as bits
from pipeline.search import plan as p
from pipeline.search import query as q
from pipeline.search import resolve
from pipeline.search.analysis import fold, remember, terms_of, word_groups, words
from pipeline.search.backend import (
    COVERS,
    FACET_FIELDS,
    ActivityHit,
    Engine,
    Hit,
    Match,
    Reader,
    SearchRequest,
    SearchResponse,
    Stored,
)
from pipeline.search.snippets import excerpt, snippet

ACTIVITIES_PER_HIT = 3
SIMILAR_TERMS = 15
SIMILAR_CANDIDATES = 60  # most frequent terms of a document whose rarity is looked up
FEW_MATCHES = 3  # a word in fewer documents than this also matches its spelling neighbours
TYPO_NEIGHBOURS = 3
SUGGEST_RATIO = 5  # a neighbour this many times commoner is offered as "Menade du …?"
MIN_HEAD, MIN_TAIL = 3, 5  # a compound's typed first part, and a last part long enough to mend
TELLING_PART = 0.25  # a part in at most this share of the documents tells what a text is about
YEAR_WEIGHT = p.SYNONYM_WEIGHT  # the query's year in the text; a weight most searches score anyway
MAIN_RARITY = 4  # a concept this many times rarer than the first one is the query's topic


def max_edits(word: str) -> int:
    """Typo tolerance as Elasticsearch's AUTO: none below 5 letters, 1 from 5, 2 from 9."""
    n = len(word)
    return 0 if n < 5 else 1 if n < 9 else 2


class Searcher:
    def __init__(self, reader: Reader, request: SearchRequest):
        self.reader = reader
        self.request = request
        self._masks: list[tuple[str, str, int]] | None = None
        self._vocab: dict[str, dict[str, int]] = {}
        self._dated = 0  # documents whose own year is one the query names
        self._matched: dict[p.Node, int] = {}
        self._year_leaves: dict[p.Leaf, float] = {}  # a text naming the year scores higher

    # --- the response --------------------------------------------------------------------

    def run(self) -> SearchResponse:
        r = self.request
        q.check_filters([], r.year_from, r.year_to, None)
        parsed = q.parse_query(r.query)
        remember(self.reader.lexicon(words(r.query)))
        allowed = self._allowed()
        concepts, years = self._concepts(parsed)
        if years:
            allowed = self._and(allowed, self._year_condition(years))
            # a record for the year asked for ranks above one whose period covers it or
            # whose text names it
            self._dated = self._mask("year", [str(y) for y in years])
            self._year_leaves = {p.Word(str(y)): YEAR_WEIGHT for y in years}
        excluded = self._excluded(parsed.excluded)
        corrections = {} if r.exact else self._correct(concepts)
        if corrections:
            # the corrected words may make a run the thesaurus knows ("motorburna ungdommar")
            fixed, _ = self._concepts(q.parse_query(q.suggestion_text(r.query, corrections)))
            if len(fixed) < len(concepts):
                concepts = [_as_typo(c, corrections) for c in fixed]
        for c in concepts:
            self._levels(c)
        suggestion = None if r.exact else self._expand_typos(concepts)
        found, literal = self._found(concepts, allowed, excluded)
        # a word matching nothing leaves the typed query without literal hits: the hits are
        # the corrected query's, and the response says so
        corrected = q.suggestion_text(r.query, corrections) if corrections else None
        top = self._top(concepts, found, allowed, excluded)
        stored = self.reader.stored([d for d, _ in top])
        shown = {d: words(_all_text(doc)) for d, doc in stored.items()}
        # the hits' words, analysed by the index
        remember(self.reader.lexicon(sorted(set().union(*shown.values()))))
        hits = [self._hit(d, stored[d], score, concepts, shown[d]) for d, score in top]
        masks = self.masks()
        facets = bits.counts(masks, found, FACET_FIELDS)
        total, literal_count = found.bit_count(), literal.bit_count()
        return SearchResponse(
            query=r.query, total=total, hits=hits, facets=facets, suggestion=suggestion,
            literal=literal_count, related=total - literal_count,
            literal_facets=(  # the literal documents are a subset of those found
                {f: dict(c) for f, c in facets.items()} if literal_count == total
                else bits.counts(masks, literal, FACET_FIELDS)),
            corrected=corrected,
        )

    # --- filters ---------------------------------------------------------------------------

    def masks(self) -> list[tuple[str, str, int]]:
        if self._masks is None:
            self._masks = self.reader.facet_masks()
        return self._masks

    def _mask(self, field: str, values: Iterable[str]) -> int:
        wanted = set(values)
        return reduce(operator.or_, (m for f, v, m in self.masks() if f == field and v in wanted), 0)

    def _values(self, field: str) -> list[str]:
        return [v for f, v, _ in self.masks() if f == field]

    def _allowed(self) -> int | None:
        """Documents the filters let through; None without filters."""
        r = self.request
        wanted = [self._mask("themes", [resolve.theme(t)]) for t in r.themes]
        if r.kind:
            wanted.append(self._mask("kind", [resolve.kind(r.kind)]))
        if r.municipality:
            wanted.append(self._mask("municipality", self._places("municipality", r.municipality,
                                                                  resolve.municipality)))
        if r.county:
            wanted.append(self._mask("county", self._places("county", r.county, resolve.county)))
        if r.year_from is not None or r.year_to is not None:
            low = r.year_from if r.year_from is not None else q.MIN_YEAR
            high = r.year_to if r.year_to is not None else q.MAX_YEAR
            wanted.append(self._mask(COVERS, [str(y) for y in range(low, high + 1)]))
        if not wanted:
            return None
        return reduce(operator.and_, wanted)

    def _places(self, field: str, name: str, canonical) -> list[str]:
        """Index values of `field` that are this place ("Älmhult", "Älmhults kommun",
        "Almhult"); a name no index value and no gazetteer entry has is an error offering the
        nearest ("Menade du Stockholm?")."""
        values = self._values(field)
        wanted = q.place_variants(name)
        found = [v for v in values if q.place_variants(v) & wanted]
        if found:
            return found
        known = canonical(name)  # raises for a name that is no place at all
        wanted = q.place_variants(known)
        return [v for v in values if q.place_variants(v) & wanted or fold(v) == fold(known)]

    @staticmethod
    def _and(a: int | None, b: int) -> int:
        return b if a is None else a & b

    # --- the plan --------------------------------------------------------------------------

    def _concepts(self, parsed: q.ParsedQuery) -> tuple[list[p.Concept], list[int]]:
        """Concepts of the query and the years it names. A year becomes a condition; a place
        name a concept that the record's own place satisfies best, required when the query
        has only one other concept; a run of words the thesaurus knows, one concept."""
        years: list[int] = []
        concepts: list[p.Concept] = []
        groups = list(parsed.groups)
        places: list[p.Concept] = []
        i = 0
        while i < len(groups):
            group = groups[i]
            term = group[0]
            plain = len(group) == 1 and not term.phrase and not term.prefix
            if plain and _is_year(term.text):
                years.append(int(term.text))
                i += 1
                continue
            if plain:
                place, used = self._place(groups[i:])
                if place is not None:
                    places.append(place)
                    i += used
                    continue
                run = [g[0] for g in groups[i:]]
                n = p.longest_form([p.thesaurus_key(t.text) for t in _plain_prefix(run)])
                if n:
                    concepts.append(_run_concept([t.text for t in run[:n]]))
                    i += n
                    continue
            concepts.append(self._with_kind(_group_concept(group)) if plain else _group_concept(group))
            i += 1
        concepts = [c for c in concepts if c.alternatives]
        if places and len(concepts) <= 1:
            for place in places:
                place.required = True
        if not concepts and not places and years and not parsed.excluded:
            return [], years
        return concepts + places, years

    def _place(self, groups: list[list[q.Term]]) -> tuple[p.Concept | None, int]:
        """A municipality or police area named by the next one to three words."""
        for n in (3, 2, 1):
            if len(groups) < n or any(len(g) != 1 or g[0].phrase or g[0].prefix for g in groups[:n]):
                continue
            typed = " ".join(g[0].text for g in groups[:n])
            wanted = q.place_variants(typed)
            municipalities = [v for v in self._values("municipality") if q.place_variants(v) & wanted]
            areas = [v for v in self._values("police_area") if _names_area(typed, v)]
            if not municipalities and not areas and (n > 1 or not _known_municipality(typed)):
                continue
            if not _looks_like_a_name(typed):
                continue
            docs = self._mask("municipality", municipalities) | self._mask("police_area", areas)
            alternatives = [
                p.Alternative(node, "place", p.COMPOUND, p.WORD_WEIGHT, typed)
                for node in [p.text_node(typed)] if node is not None
            ]
            return p.Concept(typed, alternatives, docs=docs), n
        return None, 0

    def _with_kind(self, c: p.Concept) -> p.Concept:
        """A word naming a kind ("medborgarlöfte", "trygghetsöverenskommelse") holds
        literally for the records of that kind, whatever their wording."""
        kind = resolve.kind_named(c.text)
        if kind:
            c.docs = self._mask("kind", [kind])
            c.docs_how = "kind"
        return c

    def _year_condition(self, years: list[int]) -> int:
        """Documents for one of these years (a multi-year promise covers each of its years),
        and documents without a year whose text names one."""
        covered = self._mask(COVERS, [str(y) for y in years])
        undated = self.reader.all() & ~self._mask(COVERS, self._values(COVERS))
        named = self._match(p.any_of([p.Word(str(y), whole=False) for y in years]))
        return covered | (undated & named)

    def _excluded(self, terms: list[q.Term]) -> int:
        nodes = [a.node for t in terms for a in _term_alternatives(t) if a.level >= p.COMPOUND]
        node = p.any_of(nodes)
        return self._match(node) if node is not None else 0

    def _match(self, node: p.Node) -> int:
        """The documents matching a node, asked of the engine once per search."""
        if node not in self._matched:
            self._matched[node] = self.reader.match(p.for_matching(node))
        return self._matched[node]

    def _count(self, node: p.Node) -> int:
        """How many documents a node matches, without fetching them when not yet fetched."""
        if node in self._matched:
            return self._matched[node].bit_count()
        leaf = p.for_matching(node)
        return self.reader.doc_count(leaf) if isinstance(leaf, (p.Word, p.Phrase)) \
            else self._match(node).bit_count()

    def _levels(self, c: p.Concept) -> None:
        """Each concept's documents at each level or better: each level adds the documents
        of the nodes the better levels did not have."""
        out: dict[int, int] = {}
        better = c.docs
        seen: set[p.Node] = set()
        for level in (p.COMPOUND, p.RELATED, p.PART):  # the ranking reads no finer level
            new = [n for n in c.nodes(level) if n not in seen]
            seen.update(new)
            node = p.any_of(new)
            if node is not None:
                better = better | self._match(node)
            out[level] = better
        c.by_level = out
        most = TELLING_PART * self.reader.all().bit_count()
        telling = [self._match(a.node) for a in c.alternatives if a.level == p.PART
                   and self._count(a.node) <= most]
        c.part_docs = reduce(operator.or_, telling, 0) & ~out[p.RELATED]

    # --- corrections -------------------------------------------------------------------------

    def _correct(self, concepts: list[p.Concept]) -> dict[str, str]:
        """A typed word that matches nothing anywhere is replaced by its nearest indexed word;
        the response says so and offers the literal search. A word whose synonyms or whose
        compound's parts are found ("tobakstillsyn": tillsyn av tobak) is no misspelling."""
        corrections = {}
        for c in concepts:
            if not _correctable(c):
                continue
            if any(self._match(n) for level in (p.COMPOUND, p.RELATED)
                   for n in [p.any_of(c.nodes(level))] if n is not None):
                continue
            fixed = self._neighbours(c.text, 1)
            better = fixed[0][0] if fixed else self._compound_fix(c.text)
            if better:
                corrections[c.text] = better
                c.alternatives = [
                    p.Alternative(a.node, "typo", a.level, a.weight, better)
                    for a in _word_concept(better).alternatives
                ]
        return corrections

    def _compound_fix(self, typed: str) -> str | None:
        """A compound no document holds, misspelt in its last part ("krogtilsyn"): the first
        part as typed and the last one's nearest indexed word, when the mended compound
        matches through its parts."""
        word = unicodedata.normalize("NFC", typed.lower())
        for cut in range(MIN_HEAD, len(word) - MIN_TAIL + 1):
            near = self._neighbours(word[cut:], 1)
            if not near:
                continue
            mended = word[:cut] + near[0][0]
            node = p.any_of(_word_concept(mended).nodes(p.RELATED))
            if node is not None and self._match(node):
                return mended
        return None

    def _expand_typos(self, concepts: list[p.Concept]) -> str | None:
        """A word in few documents also matches its spelling neighbours, ranked below it;
        a far commoner neighbour is suggested."""
        suggestions = {}
        for c in concepts:
            if not _correctable(c) or c.by_level[p.COMPOUND].bit_count() >= FEW_MATCHES:
                continue
            if any(a.how == "typo" for a in c.alternatives):
                continue
            near = self._neighbours(c.text, TYPO_NEIGHBOURS)
            own = c.by_level[p.COMPOUND].bit_count()
            added = [p.Alternative(p.Word(terms_of(w)[0]), "typo", p.RELATED, p.TYPO_WEIGHT, w)
                     for w, _ in near if terms_of(w)]
            if not added:
                continue
            c.alternatives += added
            self._levels(c)
            best, count = near[0]
            if count >= SUGGEST_RATIO * max(own, 1):
                suggestions[c.text] = best
        return q.suggestion_text(self.request.query, suggestions) if suggestions else None

    def _neighbours(self, typed: str, limit: int) -> list[tuple[str, int]]:
        """Indexed words within the typo tolerance of the typed word, nearest and commonest
        first. Distance counts on the analysed form too, so "krogtilsyn" finds
        "krogtillsynen"."""
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        word = unicodedata.normalize("NFC", typed.lower())
        edits = max_edits(word)
        own = terms_of(word)
        if not edits or not own or not word.isalpha():
            return []
        stem = own[0]
        found: dict[str, tuple[int, int]] = {}
        for first in (word[0], ""):  # the first letter may be the misspelt one ("bolisen")
            vocab = self._vocabulary(first)
            for cand, surface, _ in process.extract(word, list(vocab), scorer=Levenshtein.distance,
                                                    score_cutoff=edits + 3, limit=None):
                theirs = terms_of(cand)
                if not theirs or theirs[0] == stem:
                    continue
                # within the tolerance as written, or as analysed when the endings differ
                # ("krogtilsyn" ~ "krogtillsynen"); short stems get the short words' tolerance
                by_stem = Levenshtein.distance(stem, theirs[0])
                if surface <= edits or by_stem <= max_edits(stem):
                    found[cand] = (min(surface, by_stem), vocab[cand])
            if found:
                break
        ranked = sorted(found, key=lambda w: (found[w][0], -found[w][1], w))
        by_stem: dict[str, str] = {}
        for w in ranked:  # one surface word per analysed form
            by_stem.setdefault(terms_of(w)[0], w)
        chosen = [w for w in ranked if by_stem[terms_of(w)[0]] == w][:limit]
        return [(w, found[w][1]) for w in chosen]

    def _vocabulary(self, first: str) -> dict[str, int]:
        if first not in self._vocab:
            self._vocab[first] = self.reader.vocabulary(first)
        return self._vocab[first]

    # --- result set and ranking --------------------------------------------------------------

    def _found(self, concepts, allowed, excluded) -> tuple[int, int]:
        """(every document found, those holding every concept literally)."""
        if not concepts:
            everything = self.reader.all() if allowed is None else allowed
            found = everything & ~excluded
            return found, found
        found = 0
        for c in concepts:
            found |= c.by_level[p.PART]
        for c in concepts:
            if c.required:
                found &= c.by_level[p.RELATED]
        if allowed is not None:
            found &= allowed
        found &= ~excluded
        return found, self._literal(concepts, found)

    @staticmethod
    def _literal(concepts, found: int) -> int:
        literal = found
        for c in concepts:
            literal &= c.by_level[p.COMPOUND]
        return literal

    def _top(self, concepts, found: int, allowed, excluded) -> list[tuple[int, float]]:
        limit = max(self.request.limit, 0)
        if not concepts:
            return [(d, 0.0) for d in self._by_id(found)[:limit]]
        # among documents of equal coverage, those for the year asked, then those with the
        # main concept in its best form present (its synonyms when no document has the word
        # itself), then those holding it in a related form (a synonym, a correction, the
        # compound written apart), then those holding more of the rest through telling
        # parts rank first
        main = _main_concept(concepts, found.bit_count())
        related_main = self._related_forms(main)
        literal_main = main.by_level[p.COMPOUND] or related_main
        held_main = related_main & ~literal_main
        tiers: dict[tuple[int, bool, int, int], int] = {}
        for (n, parts), docs in _by_coverage(concepts, found).items():
            for dated in (True, False):
                part = docs & self._dated if dated else docs & ~self._dated
                for how_main, main_docs in ((2, literal_main), (1, held_main)):
                    tier = part & main_docs
                    part = part & ~main_docs
                    if tier:
                        tiers[(n, dated, how_main, parts)] = tier
                if part:
                    tiers[(n, dated, 0, parts)] = part
        weights = _weights(concepts) | self._year_leaves
        strong = _weights(concepts, p.RELATED) | self._year_leaves
        # one tier holding every document its leaves match needs no list of candidates; a
        # leaf inside an All matches documents the All does not
        whole = (len(tiers) == 1 and allowed is None and not excluded
                 and not any(c.required or c.docs for c in concepts)
                 and not any(_has_all(a.node) for c in concepts for a in c.alternatives))
        ranked: list[tuple[int, float]] = []
        for key in sorted(tiers, reverse=True):
            if len(ranked) >= limit:
                break
            within = None if whole else tiers[key]
            # documents covering a concept are scored without the parts alone, the weakest
            # and commonest terms (and the costliest to score)
            want = limit - len(ranked)
            scored = self.reader.top(strong if key[0] else weights, within, want)
            if within is not None and len(scored) < min(want, within.bit_count()):
                # documents held by their place or kind alone match no text: score 0
                seen = {d for d, _ in scored}
                scored += [(d, 0.0) for d in sorted(bits.members(within) - seen)[: want - len(scored)]]
            ranked += scored
        return ranked

    def _related_forms(self, c: p.Concept) -> int:
        """Documents holding a synonym or correction of the concept (not its compound's parts
        apart: "polisen" and "besökare" anywhere are no "polisbesök")."""
        nodes = [a.node for a in c.alternatives if a.level == p.RELATED and a.how != "parts"]
        node = p.any_of(nodes)
        return c.docs | (self._match(node) if node is not None else 0)

    def _by_id(self, docs: int) -> list[int]:
        keys = sorted(bits.members(docs))
        stored = self.reader.stored(keys)
        return sorted(keys, key=lambda d: stored[d].id)

    # --- hits ----------------------------------------------------------------------------------

    def _hit(self, key: int, doc: Stored, score: float, concepts: list[p.Concept],
             shown: list[str]) -> Hit:
        view = TermView(shown)
        matches, marked = [], []
        for c in concepts:
            best = _explain(c, key, doc, view)
            if best:
                matches.append(best[0])
                marked += best[1]
        terms = {leaf.term for leaf in marked if isinstance(leaf, p.Word) and not leaf.prefix}
        terms |= {t for leaf in marked if isinstance(leaf, p.Phrase) for t in leaf.terms}
        prefixes = {leaf.term for leaf in marked if isinstance(leaf, p.Word) and leaf.prefix}
        hit = Hit(
            id=doc.id, title=doc.title, municipalities=doc.municipalities, year=doc.year,
            kind=doc.kind or "other", score=float(f"{float(score):.4g}"),
            snippet=snippet(doc.text, terms, prefixes) if terms or prefixes else excerpt(doc.text),
            source_path=doc.source_path, matches=matches,
        )
        if self.request.activities and concepts:
            hit.activities = _activities(doc, concepts)
        return hit

    # --- similar ------------------------------------------------------------------------------

    def similar(self, record_id: str) -> SearchResponse:
        """Documents sharing the record's most telling terms (tf × idf), not the record itself."""
        key = self.reader.key(record_id)
        if key is None:
            raise NotFound(f"Dokumentet {record_id} finns inte i indexet")
        tf = Counter(t for t in self.reader.terms(key) if len(t) > 2 and not t.isdigit())
        total = self.reader.all().bit_count()
        common = [t for t, _ in tf.most_common(SIMILAR_CANDIDATES)]
        rarity = {t: math.log((total + 1) / (self.reader.doc_count(p.Word(t)) + 1)) for t in common}
        chosen = sorted(common, key=lambda t: (-tf[t] * rarity[t], t))[:SIMILAR_TERMS]
        limit = max(self.request.limit, 0)
        top = self.reader.top({p.Word(t): 1.0 for t in chosen}, None, limit + 1) if chosen else []
        top = [(d, s) for d, s in top if d != key][:limit]
        stored = self.reader.stored([d for d, _ in top])
        hits = [Hit(id=stored[d].id, title=stored[d].title, municipalities=stored[d].municipalities,
                    year=stored[d].year, kind=stored[d].kind or "other",
                    score=float(f"{float(s):.4g}"), snippet=excerpt(stored[d].text),
                    source_path=stored[d].source_path) for d, s in top]
        facets = bits.counts(self.masks(), bits.bitmask(d for d, _ in top), FACET_FIELDS)
        return SearchResponse(record_id, len(hits), hits, facets, literal=len(hits),
                              literal_facets=facets)


class TermView:
    """A text's analysed words (pipeline.search.analysis.words), to tell which plan nodes
    hold in it and with which words."""

    def __init__(self, text_words: list[str]):
        self.surface = [w for w in text_words if terms_of(w)]
        self.groups = [terms_of(w) for w in self.surface]
        self.whole = [g[0] for g in self.groups]
        self.whole_set = set(self.whole)
        self.any_set = {t for g in self.groups for t in g}

    def holds(self, node: p.Node) -> bool:
        if isinstance(node, p.Word):
            if node.prefix:
                return any(t.startswith(node.term) for t in self.any_set) or \
                    any(w.startswith(node.term) for w in self.surface)
            return node.term in (self.whole_set if node.whole else self.any_set)
        if isinstance(node, p.Phrase):
            n = len(node.terms)
            return node.terms[0] in self.whole_set and any(
                tuple(self.whole[i:i + n]) == node.terms for i in range(len(self.whole) - n + 1))
        if isinstance(node, p.All):
            return all(self.holds(c) for c in node.children)
        return any(self.holds(c) for c in node.children)

    def words_of(self, node: p.Node) -> str | None:
        """The text words a holding node matches: an enumeration's words one by one
        ("socialtjänst, skola, polis"), else the first words one of its leaves matches."""
        if isinstance(node, p.Any) and node.children and all(
                isinstance(c, p.All) for c in node.children):  # all but one of the words
            members = dict.fromkeys(leaf for leaf in p.leaves(node) if self.holds(leaf))
        elif isinstance(node, p.All):  # each child by its first holding leaf
            members = dict.fromkeys(next(leaf for leaf in p.leaves(c) if self.holds(leaf))
                                    for c in node.children if self.holds(c))
        else:
            return self.form_of(p.leaves(node))
        found = [self.form_of([leaf]) for leaf in members]
        return ", ".join(found) if found and all(found) else self.form_of(p.leaves(node))

    def form_of(self, marked: list[p.Leaf]) -> str | None:
        """The first text words that one of these leaves matches (a phrase's words where
        they stand side by side)."""
        for i, (word, group) in enumerate(zip(self.surface, self.groups)):
            for leaf in marked:
                if isinstance(leaf, p.Phrase):
                    n = len(leaf.terms)
                    if tuple(self.whole[i:i + n]) == leaf.terms:
                        return " ".join(self.surface[i:i + n])
                elif leaf.prefix:
                    if word.startswith(leaf.term) or any(t.startswith(leaf.term) for t in group):
                        return word
                elif leaf.term == group[0] or (not leaf.whole and leaf.term in group):
                    return word
        return None


# --- helpers ----------------------------------------------------------------------------------


def _is_year(text: str) -> bool:
    return text.isdigit() and len(text) == 4 and q.MIN_YEAR <= int(text) <= q.MAX_YEAR


def _plain_prefix(terms: list[q.Term]) -> list[q.Term]:
    out = []
    for t in terms:
        if t.phrase or t.prefix:
            break
        out.append(t)
    return out


def _looks_like_a_name(typed: str) -> bool:
    """A place name is capitalised, or no dictionary word ("mark" is ground, "Mark" the
    municipality; "härnösand" is no word, so it is the place)."""
    from pipeline.search.vocabulary import load_vocabulary

    if typed[:1].isupper():
        return True
    return all(load_vocabulary().lemma(w) is None for w in words(typed))


def _known_municipality(typed: str) -> bool:
    from pipeline.lang.gazetteer import canonical_municipality

    return canonical_municipality(typed) is not None


def _names_area(typed: str, area: str) -> bool:
    """"Arvika" names the police area "Arvika/Eda"; "Södra Älvsborg" names itself."""
    wanted = fold(typed)
    return fold(area) == wanted or wanted in fold(area).replace("/", " ").replace("-", " ").split() \
        or fold(area).startswith(wanted + " ")


def _explain(c: p.Concept, key: int, doc: Stored, view: TermView):
    """(Match, leaves to mark) of the concept's best alternative in this document."""
    marked = [leaf for a in c.alternatives if a.level >= p.COMPOUND for leaf in p.leaves(a.node)]
    held = c.docs >> key & 1  # the concept holds for the document without its text
    if held and c.docs_how == "kind":
        return Match(c.text, resolve.kind_label(doc.kind), "kind"), marked
    if held:
        wanted = q.place_variants(c.text)
        place = next((m for m in doc.municipalities if q.place_variants(m) & wanted), c.text)
        return Match(c.text, place, "place"), marked
    for a in sorted(c.alternatives, key=lambda a: (-a.level, -a.weight)):
        if not view.holds(a.node):
            continue
        marked = p.leaves(a.node)
        form = view.words_of(a.node) or a.form
        return Match(c.text, form, _how(a, c.text, form)), marked
    return None


def _term_alternatives(term: q.Term) -> list[p.Alternative]:
    if term.prefix:
        stems = {g[0] for g in word_groups(term.text)[:1]}
        lowered = term.text.lower()
        if lowered.replace("_", "").isalnum():
            stems.add(lowered)
        node = p.any_of([p.Word(s, whole=False, prefix=True) for s in sorted(stems)])
        return [p.Alternative(node, "word", p.LITERAL, p.WORD_WEIGHT, term.text)] if node else []
    if term.phrase:
        groups = word_groups(term.text)
        if not groups:
            return []
        if len(groups) == 1:
            return p.word_alternatives(term.text)[:2]
        node = p.Phrase(tuple(g[0] for g in groups))
        return [p.Alternative(node, "word", p.LITERAL, p.WORD_WEIGHT, term.text)]
    return _word_concept(term.text).alternatives


def _word_concept(text: str) -> p.Concept:
    alternatives = p.word_alternatives(text)
    alternatives += p.synonym_alternatives(p.thesaurus_key(text))
    return p.Concept(text, alternatives)


def _group_concept(group: list[q.Term]) -> p.Concept:
    """A word, a phrase or a prefix; OR-ed terms are one concept with all their alternatives."""
    alternatives = [a for t in group for a in _term_alternatives(t)]
    return p.Concept(" OR ".join(t.text for t in group), alternatives)


def _run_concept(texts: list[str]) -> p.Concept:
    """Words the thesaurus knows together ("våld i nära relationer", "skrev under"): the run
    itself, its thesaurus forms, and each word alone as a related match."""
    text = " ".join(texts)
    literal = p.text_node(text)
    alternatives = [p.Alternative(literal, "word", p.LITERAL, p.WORD_WEIGHT, text)] if literal else []
    alternatives += p.synonym_alternatives(p.thesaurus_key(text))
    singles = [a.node for t in texts for a in p.word_alternatives(t)[:1]]
    apart = p.all_of(singles)
    if apart is not None and apart != literal:  # all the words, not side by side
        alternatives.append(p.Alternative(apart, "parts", p.RELATED, p.PARTS_WEIGHT, text))
    for t, node in zip([t for t in texts if p.word_alternatives(t)], singles):
        alternatives.append(p.Alternative(node, "part", p.PART, p.PART_WEIGHT, t))
    return p.Concept(text, alternatives)


def _as_typo(c: p.Concept, corrections: dict[str, str]) -> p.Concept:
    """A concept of the corrected query: its own words' matches are typo matches."""
    fixed = set(corrections.values())
    if not any(w in fixed for w in c.text.split()):
        return c
    c.alternatives = [p.Alternative(a.node, "typo" if a.how == "word" else a.how, a.level,
                                    a.weight, a.form) for a in c.alternatives]
    return c


def _correctable(c: p.Concept) -> bool:
    """Only a single typed word is corrected (not a phrase, a prefix or a place)."""
    place = bool(c.docs) and c.docs_how == "place"
    return not place and " " not in c.text and c.text.isalpha() and any(
        a.how == "word" and isinstance(a.node, p.Word) and not a.node.prefix for a in c.alternatives)


def _by_coverage(concepts: list[p.Concept], found: int) -> dict[tuple[int, int], int]:
    """The documents found by (how many concepts each holds, how many more it holds only
    through a telling part of their compound, Concept.part_docs)."""
    held = _tally([c.by_level[p.RELATED] & found for c in concepts], found)
    by_part = _tally([c.part_docs & found for c in concepts], found)
    return {(n, k): h & t for n, h in enumerate(held) for k, t in enumerate(by_part) if h & t}


def _tally(masks: list[int], docs: int) -> list[int]:
    """exactly[n]: the documents of `docs` in n of the masks (counted as an adder counts bits)."""
    exactly = [docs]
    for m in masks:
        exactly = [exactly[0] & ~m] + [(exactly[n] & ~m) | (exactly[n - 1] & m)
                                      for n in range(1, len(exactly))] + [exactly[-1] & m]
    return exactly


def _main_concept(concepts: list[p.Concept], found: int) -> p.Concept:
    """The topic: the first concept a user typed, unless another one is far more specific
    (in MAIN_RARITY times fewer documents), as "nyanlända" is beside "information"."""
    def count(c: p.Concept) -> int:
        return c.by_level[p.RELATED].bit_count() or found + 1

    first = concepts[0]
    rarest = min(concepts, key=count)
    return rarest if count(rarest) * MAIN_RARITY < count(first) else first


def _has_all(node: p.Node) -> bool:
    if isinstance(node, p.All):
        return True
    return isinstance(node, p.Any) and any(_has_all(c) for c in node.children)


def _weights(concepts: list[p.Concept], min_level: int = p.PART) -> dict[p.Leaf, float]:
    weights: dict[p.Leaf, float] = {}
    for c in concepts:
        for a in (a for a in c.alternatives if a.level >= min_level):
            for leaf in p.leaves(a.node):
                weights[leaf] = max(weights.get(leaf, 0.0), a.weight)
    return weights


def _how(a: p.Alternative, typed: str, form: str) -> str:
    if a.how == "word":  # "SSP-F" is "SSPF" written literally
        return "literal" if _letters(form) == _letters(typed) else "inflection"
    if a.how == "parts":
        return "part"
    if a.how == "place":
        return "literal" if fold(form) == fold(typed) else "inflection"
    return a.how


def _letters(text: str) -> str:
    return "".join(c for c in fold(text) if c.isalnum())


def _all_text(doc: Stored) -> str:
    return " ".join([doc.title, doc.text, doc.places, *(_activity_text(a) for a in doc.activities)])


def _activity_text(a: dict) -> str:
    return " ".join([a["text"], *a.get("details", []), a.get("focus_area") or "", *a.get("actors", [])])


def _activities(doc: Stored, concepts: list[p.Concept]) -> list[ActivityHit]:
    """The document's activities holding the query's concepts, best first: each concept
    counts with the weight of its best alternative."""
    scored = []
    for i, a in enumerate(doc.activities):
        view = TermView(words(_activity_text(a)))
        score = sum(max((alt.weight for alt in c.alternatives if view.holds(alt.node)), default=0.0)
                    for c in concepts)
        if score > 0:
            text = a["text"] + "".join(" " + d for d in a.get("details", []))
            scored.append((-score, i, ActivityHit(text, a.get("focus_area"), round(score, 3))))
    return [hit for *_, hit in sorted(scored, key=lambda s: (s[0], s[1]))[:ACTIVITIES_PER_HIT]]


class Index:
    """An engine behind the one searcher: what the archive, the CLI and the web app hold."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def name(self) -> str:
        return self.engine.name

    def needs_rebuild(self) -> bool:
        return self.engine.needs_rebuild()

    def doc_ids(self) -> set[str]:
        return self.engine.doc_ids()

    def add(self, records) -> None:
        self.engine.add(records)

    def remove(self, ids) -> None:
        self.engine.remove(ids)

    def rebuild(self, records) -> None:
        self.engine.rebuild(records)

    def search(self, request: SearchRequest) -> SearchResponse:
        q.check_filters([], request.year_from, request.year_to, None)
        q.parse_query(request.query)
        with self.engine.reader() as reader:
            return Searcher(reader, request).run()

    def similar(self, record_id: str, limit: int = 10) -> SearchResponse:
        with self.engine.reader() as reader:
            return Searcher(reader, SearchRequest(limit=limit)).similar(record_id)
