"""The ranking and explanation rules behind the quality figures, on fictional records, once
per engine: enumerations and abbreviations, compounds inside compounds and written apart,
literal before related, the year named in the text, corrections and English pages."""

from __future__ import annotations

import pytest
from test_search_backend import engines, ids, record, search

from pipeline.record import Period
from pipeline.search import BACKEND_ENV, open_backend


@pytest.fixture(scope="module", params=engines())
def index(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(BACKEND_ENV, request.param)
        b = open_backend(tmp_path_factory.mktemp("rules"))
        b.rebuild(corpus())
        yield b


def corpus():
    return [
        # SSPF, literally, hyphenated, spelt out with one member missing, and not at all
        record("sspf", "Samverkan", "Kommunen arbetar i SSPF med unga som riskerar att fara illa."),
        record("ssp-f", "Modellen", "Kommunen arbetar enligt modellen SSP-F med unga i riskzonen."),
        record("three", "Grupp", "Socialtjänst, skola och polis startar en samverkansgrupp för barn."),
        record("area", "Området", "Lokalpolisområdet ordnar möten med skolan och socialtjänsten."),
        # a compound, the same compound written apart, its parts anywhere, one part alone
        record("visit", "Vår", "Ett polisbesök på varje skola under våren."),
        record("apart", "Höst", "Ett besök av polisen på varje skola under hösten."),
        record("scattered", "Vinter", "Polisen fanns på plats. Ett besök av föräldrarna i december."),
        record("museum", "Sommar", "Besöksmålen vid kusten lockar många under sommaren."),
        # a compound inside a longer compound
        record("owners", "Föreningen", "Fastighetsägarföreningen deltar i arbetet mot otrygghet."),
        # the main concept in a related form, and a side word literally
        record("survey", "Enkäten", "Trygghetsundersökningen visar att fler känner sig säkra."),
        record("result", "Siffror", "Resultatet för trygghet i kommunen redovisas i maj."),
        # a synonym as a word of its own, and inside a compound
        record("drugs", "Skolan", "Insatser mot droger bland unga i skolan under hösten."),
        record("druguse", "Skolan", "Insatser mot droganvändningen bland unga i skolan under hösten."),
        # supervision of tobacco, written apart: a real compound, not a misspelling
        record("tobacco", "Tillsyn", "Kommunen gör tillsyn av tobak och folköl i butikerna."),
        # promises for 2022: one says so, one is for a longer period
        record("y2122", "Medborgarlöfte 2021-2022", "Löftet gäller 2021-2022 för hela kommunen.",
               kind="medborgarlofte", year=2021, period=Period(2021, 2022)),
        record("y2023", "Medborgarlöfte", "Löftet gäller 2020–2023 för hela kommunen och byarna.",
               kind="medborgarlofte", year=2020, period=Period(2020, 2023)),
        # an English page
        record("english", "Promise", "Police volunteers and night walkers will be out on Fridays."),
    ]


def test_an_abbreviation_comes_first_then_its_hyphenated_spelling_then_what_it_stands_for(index):
    r = search(index, "SSPF")
    assert ids(r) == ["sspf", "ssp-f", "three"]
    assert [m.how for h in r.hits for m in h.matches] == ["literal", "literal", "synonym"]


def test_an_enumeration_is_explained_by_the_words_found_never_by_a_compound_part(index):
    r = search(index, "SSPF")
    assert r.hits[2].matches[0].form == "skola, socialtjänst, polis"
    # "polis" only inside "lokalpolisområdet" is no member of skola, socialtjänst, polis, fritid
    assert "area" not in ids(r)


def test_a_compound_outranks_it_written_apart_which_outranks_its_parts_anywhere(index):
    r = search(index, "polisbesök")
    assert ids(r)[:3] == ["visit", "apart", "scattered"]
    assert [h.matches[0].how for h in r.hits[:3]] == ["literal", "apart", "part"]
    assert r.hits[1].matches[0].form == "besök polisen"
    assert (r.literal, r.related) == (1, len(r.hits) - 1)


def test_a_compound_is_found_inside_a_longer_compound(index):
    r = search(index, "fastighetsägare")
    assert ids(r) == ["owners"]
    assert r.hits[0].matches[0].how == "compound"
    assert r.hits[0].matches[0].form == "fastighetsägarföreningen"


def test_the_main_word_in_a_related_form_outranks_a_side_word_held_literally(index):
    r = search(index, "trygghetsmätning resultat")
    assert ids(r)[:2] == ["survey", "result"]
    assert r.hits[0].matches[0].how == "synonym"


def test_a_synonym_as_a_word_of_its_own_outranks_it_inside_a_compound(index):
    r = search(index, "narkotika")
    assert ids(r) == ["drugs", "druguse"]
    assert [h.matches[0].form for h in r.hits] == ["droger", "droganvändningen"]


def test_a_compound_whose_parts_are_found_is_not_corrected_as_a_misspelling(index):
    r = search(index, "tobakstillsyn")
    assert r.corrected is None
    assert ids(r)[0] == "tobacco"


def test_a_promise_whose_text_names_the_year_outranks_a_longer_period_covering_it(index):
    r = search(index, "medborgarlöfte 2022")
    assert ids(r) == ["y2122", "y2023"]


def test_an_english_page_is_found_by_the_swedish_word(index):
    r = search(index, "polisvolontärer")
    assert ids(r)[0] == "english"
    assert r.hits[0].matches[0].form == "police volunteers"
    assert r.hits[0].matches[0].how == "synonym"


@pytest.fixture(scope="module", params=engines())
def related(request, tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(BACKEND_ENV, request.param)
        b = open_backend(tmp_path_factory.mktemp("related"))
        b.rebuild([
            # one meaning as a noun, a participle and a verb
            record("noun", "Torget", "Polisens närvaro på torget ökar under sommaren."),
            record("participle", "Parkeringen", "Polisen är närvarande på parkeringen varje torsdag."),
            record("verb", "Skolan", "Polisen ska närvara vid skolans föräldramöten."),
            # a kind of walk the query word heads, in English, and no walk at all
            record("walk", "Kvällen", "Vuxna går trygghetsvandring i centrum på fredagar."),
            record("english", "Promise", "Night walkers will be out on Fridays."),
            # real estate, and an adjective Snowball used to make of it
            record("estate", "Ägarna", "Fastighetsägare rustar upp entréerna."),
            record("fixed", "Tider", "Fasta tider för mottagningen i stadshuset."),
        ])
        yield b


def test_a_derivation_is_found_below_the_word_itself(related):
    r = search(related, "närvaro")
    assert ids(r)[0] == "noun"
    assert set(ids(r)) == {"noun", "participle", "verb"}
    assert {h.id: [m.how for m in h.matches] for h in r.hits}["participle"] == ["derived"]


def test_a_word_that_heads_thesaurus_compounds_finds_their_entries(related):
    r = search(related, "vandring")
    assert ids(r) == ["walk", "english"]
    assert [m.how for h in r.hits for m in h.matches] == ["compound", "synonym"]


def test_a_compound_part_is_not_an_adjective_snowball_made_the_same(related):
    assert ids(search(related, "fastighet")) == ["estate"]
    assert ids(search(related, "fast")) == ["fixed"]
