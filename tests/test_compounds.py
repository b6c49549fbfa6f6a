"""Swedish compound splitting: domain compounds split into dictionary words, while
ordinary words (also inflected ones) stay whole."""

from __future__ import annotations

import marshal

import pytest

from pipeline.search import compounds, vocabulary

COMPOUNDS = {
    "narkotikahund": ("narkotika", "hund"),
    "narkotikahundar": ("narkotika", "hund"),
    "trygghetsvandring": ("trygghet", "vandring"),
    "trygghetsvandringar": ("trygghet", "vandring"),
    "fotpatrullering": ("fot", "patrullering"),
    "grannsamverkansgrupper": ("grannsamverkan", "grupp"),
    "grannsamverkansgrupp": ("grannsamverkan", "grupp"),
    "nattvandring": ("natt", "vandring"),
    "nattvandringar": ("natt", "vandring"),
    "nattvandrare": ("natt", "vandrare"),
    "föräldravandring": ("förälder", "vandring"),
    "trafikkontroller": ("trafik", "kontroll"),
    "trafikkontroll": ("trafik", "kontroll"),
    "brottsförebyggande": ("brott", "förebyggande"),
    "kommunpolis": ("kommun", "polis"),
    "kommunpoliser": ("kommun", "polis"),
    "lokalpolisområde": ("lokal", "polisområde"),
    "lokalpolisområdet": ("lokal", "polisområde"),
    "polisområde": ("polis", "område"),
    "områdespolis": ("område", "polis"),
    "polisstation": ("polis", "station"),
    "polisstationen": ("polis", "station"),
    "skolgård": ("skola", "gård"),
    "skolgårdar": ("skola", "gård"),
    "skolgården": ("skola", "gård"),
    "skolområde": ("skola", "område"),
    "skolområden": ("skola", "område"),
    "skolpersonal": ("skola", "personal"),
    "ungdomsgård": ("ungdom", "gård"),
    "ungdomsgårdar": ("ungdom", "gård"),
    "fritidsgård": ("fritid", "gård"),
    "fritidsgårdarna": ("fritid", "gård"),
    "medborgarlöfte": ("medborgare", "löfte"),
    "medborgarlöften": ("medborgare", "löfte"),
    "medborgarlöftet": ("medborgare", "löfte"),
    "medborgardialog": ("medborgare", "dialog"),
    "medborgardialoger": ("medborgare", "dialog"),
    "lägesbild": ("läge", "bild"),
    "lägesbilder": ("läge", "bild"),
    "problembild": ("problem", "bild"),
    "trygghetsmätning": ("trygghet", "mätning"),
    "trygghetsmätningar": ("trygghet", "mätning"),
    "trygghetsarbete": ("trygghet", "arbete"),
    "trygghetsskapande": ("trygghet", "skapande"),
    "trygghetsöverenskommelse": ("trygghet", "överenskommelse"),
    "samverkansöverenskommelse": ("samverkan", "överenskommelse"),
    "samverkansöverenskommelsen": ("samverkan", "överenskommelse"),
    "samverkansgrupp": ("samverkan", "grupp"),
    "samverkansavtal": ("samverkan", "avtal"),
    "kameraövervakning": ("kamera", "övervakning"),
    "ordningsvakt": ("ordning", "vakt"),
    "ordningsvakter": ("ordning", "vakt"),
    "handlingsplan": ("handling", "plan"),
    "handlingsplaner": ("handling", "plan"),
    "bostadsinbrott": ("bostad", "inbrott"),
    "bostadsområde": ("bostad", "område"),
    "bostadsområden": ("bostad", "område"),
    "kvinnofrid": ("kvinna", "frid"),
    "gatubelysning": ("gata", "belysning"),
    "polisnärvaro": ("polis", "närvaro"),
    "polismyndigheten": ("polis", "myndighet"),
    "narkotikabrott": ("narkotika", "brott"),
    "narkotikaförsäljning": ("narkotika", "försäljning"),
    "droganvändning": ("drog", "användning"),
    "kollektivtrafik": ("kollektiv", "trafik"),
    "trafiksäkerhet": ("trafik", "säkerhet"),
    "fordonskontroller": ("fordon", "kontroll"),
    "hastighetskontroller": ("hastighet", "kontroll"),
    "nykterhetskontroller": ("nykterhet", "kontroll"),
    "socialtjänst": ("social", "tjänst"),
    "socialtjänsten": ("social", "tjänst"),
    "räddningstjänst": ("räddning", "tjänst"),
    "kommunstyrelsen": ("kommun", "styrelse"),
    "kommuninvånare": ("kommun", "invånare"),
    "ungdomsbrottslighet": ("ungdom", "brottslighet"),
    "brottsstatistik": ("brott", "statistik"),
    "cykelstöld": ("cykel", "stöld"),
    "busshållplats": ("buss", "hållplats"),
    "busshållplatser": ("buss", "hållplats"),
    "tobaksförsäljning": ("tobak", "försäljning"),
    "alkoholtillsyn": ("alkohol", "tillsyn"),
    "idrottsföreningar": ("idrott", "förening"),
    "fältassistenter": ("fält", "assistent"),
    "lokalsamhälle": ("lokal", "samhälle"),
    "samhällsinstitutioner": ("samhälle", "institution"),
    "stadskärna": ("stad", "kärna"),
    "butiksinnehavare": ("butik", "innehavare"),
}

WHOLE = [
    "kommunerna", "kommunen", "medborgare", "medborgarna", "polisen", "polis", "trygghet",
    "samverkan", "narkotika", "myndigheter", "genomföra", "fortsätta", "undertecknade",
    "gemensamma", "personalen", "verksamheten", "information", "situationen", "kontroller",
    "beskriver", "samhälle", "ungdomar", "tillsammans", "arbetet", "förebyggande",
    "överenskommelse", "anmälan", "beredskap", "insatser", "skolan", "skolor", "hundar",
    "vandring", "klotter", "2017", "hund",
]


def test_the_table_is_large_enough():
    assert len(COMPOUNDS) + len(WHOLE) >= 100


@pytest.mark.parametrize("word,parts", sorted(COMPOUNDS.items()))
def test_compound_splits_into_dictionary_words(word, parts):
    assert compounds.split(word) == parts


@pytest.mark.parametrize("word", WHOLE)
def test_ordinary_word_stays_whole(word):
    assert compounds.split(word) == (word,)


def test_split_is_case_and_normalisation_insensitive():
    decomposed = "Trygghetso\u0308verenskommelse"  # ö as o + combining diaeresis
    assert compounds.split(decomposed) == ("trygghet", "överenskommelse")


@pytest.mark.parametrize(
    "word,lemma",
    [
        ("trygghetsvandringar", "trygghetsvandring"),
        ("kommunerna", "kommun"),
        ("polisen", "polis"),
        ("narkotikahundar", "narkotikahund"),
        ("medborgarlöften", "medborgarlöfte"),
    ],
)
def test_lemma_of_inflected_words_and_compounds(word, lemma):
    assert compounds.lemma(word) == lemma


def test_vocabulary_is_compiled_once_into_the_cache(tmp_path, monkeypatch):
    table = {"hundar": "hund", "hunden": "hund", "skolor": "skola", "skolan": "skola",
             "gårdar": "gård", "gården": "gård", "Annor": "Anna"}
    monkeypatch.setenv("LOFTEN_CACHE", str(tmp_path))
    monkeypatch.setattr(vocabulary, "_read_lookup_table", lambda: table)
    vocabulary.load_vocabulary.cache_clear()
    try:
        vocab = vocabulary.load_vocabulary()
        assert vocab.lemma("hundar") == "hund"
        assert vocab.lemma("skolan") == "skola"
        assert not vocab.is_lemma("anna")  # proper names are left out
        assert vocab.is_lemma("medborgarlöfte")  # domain words join the vocabulary
        cached = list(tmp_path.glob("sv-vocabulary-*.marshal"))
        assert len(cached) == 1
        paradigms, _, _ = marshal.loads(cached[0].read_bytes())
        assert "gård" in paradigms

        def no_table():
            raise AssertionError("the lemma table was read although a cache exists")

        monkeypatch.setattr(vocabulary, "_read_lookup_table", no_table)
        vocabulary.load_vocabulary.cache_clear()
        assert vocabulary.load_vocabulary().lemma("gården") == "gård"
    finally:
        vocabulary.load_vocabulary.cache_clear()
