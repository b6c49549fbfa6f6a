"""The domain thesaurus as data: every form of every entry means something to the analysis,
and an entry's forms are different searches (two forms the analysis makes one add nothing)."""

from __future__ import annotations

from pipeline.search import plan
from pipeline.search.vocabulary import read_yaml


def entries() -> list[list[str]]:
    return [[str(f) for f in entry] for entry in read_yaml("thesaurus.yaml")]


def test_every_form_is_searchable():
    empty = [f for entry in entries() for f in entry if plan.text_node(f) is None]
    assert empty == []


def test_the_forms_of_an_entry_are_different_searches():
    repeated = []
    for entry in entries():
        keys = [plan.thesaurus_key(f) for f in entry]
        repeated += [f for f, k in zip(entry, keys) if keys.count(k) > 1]
    assert repeated == []


def test_every_form_finds_the_others():
    for entry in entries():
        key = plan.thesaurus_key(entry[0])
        found = {form for form, _ in plan._thesaurus()[key]}
        assert found >= set(entry[1:]) - {f for f in entry[1:] if plan.thesaurus_key(f) == key}


def families() -> list[list[str]]:
    return [[str(f) for f in family] for family in read_yaml("derivations.yaml")]


def test_the_words_of_a_derivation_family_are_different_searches():
    """A family whose words the analysis already joins would be dead data."""
    repeated = []
    for family in families():
        keys = [plan.thesaurus_key(f) for f in family]
        assert all(keys), family
        repeated += [f for f, k in zip(family, keys) if keys.count(k) > 1]
    assert repeated == []


def test_every_word_of_a_family_finds_the_others():
    for family in families():
        for word in (f for f in family if len(plan.thesaurus_key(f)) == 1):
            related = {a.form for a in plan.word_alternatives(word) if a.how == "derived"}
            assert related == set(family) - {word}, word


def test_a_word_heading_compound_forms_finds_their_entries_but_a_form_keeps_its_own():
    walks = {a.form for a in plan.synonym_alternatives(plan.thesaurus_key("vandring"))}
    assert {"trygghetsrond", "night walks", "safety walk"} <= walks
    assert "nattvandring" not in walks  # holds "vandring" itself: found as a compound
    presence = {a.form for a in plan.synonym_alternatives(plan.thesaurus_key("närvaro"))}
    assert "polisnärvaro" in presence and "gångpatrull" not in presence
