"""Both search backends (SQLite FTS5, the default, and whoosh) on fictional records: writing,
the two index levels, facets, filters, query syntax, suggestions, similar documents and crash
safety. Every test runs once per backend; whoosh's own write lock is tested for whoosh only,
and tests/test_search_sqlite.py has SQLite's crash test."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from pipeline.errors import NotFound, QueryError
from pipeline.record import Activity, Record, Source
from pipeline.search import BACKEND_ENV, SearchRequest, analysis, open_backend

REPO = Path(__file__).resolve().parents[1]


def engines() -> list:
    """Both engines; whoosh, an optional extra, is skipped (with the reason) when absent."""
    whoosh_mark = () if importlib.util.find_spec("whoosh") else pytest.mark.skip(
        reason="whoosh is not installed (pip install 'loften[whoosh]')")
    return ["sqlite", pytest.param("whoosh", marks=whoosh_mark)]


@pytest.fixture(scope="module", autouse=True, params=engines())
def backend_name(request):
    """Every test here once per engine, chosen by the environment variable as an older
    setup would and by name as the application object does."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(BACKEND_ENV, request.param)
        yield request.param


def record(rid, title, text, **kw) -> Record:
    return Record(id=rid, source=Source(path=f"in/{rid}.txt", sha256=rid * 4, format="txt"),
                  title=title, text=text, **kw)


def corpus() -> list[Record]:
    return [
        record(
            "almhult2022", "Medborgarlöfte för Älmhult 2022",
            "Polisen och kommunen lovar att använda narkotikahund vid skolor och att göra "
            "trygghetsvandringar i centrum tillsammans med invånarna.",
            kind="medborgarlofte", municipalities=["Älmhult"], county="Kronobergs län",
            police_area="Älmhult", year=2022, themes=["narkotika", "trygghet"],
            activities=[
                Activity("Kontroller med narkotikahund vid skolorna varje termin",
                         focus_area="Narkotika", themes=["narkotika"]),
                Activity("Trygghetsvandringar i centrum under hösten",
                         focus_area="Trygghet i centrum", themes=["trygghet"]),
            ],
        ),
        record(
            "ljungby2020", "Ljungbys medborgarlöfte",
            "Fotpatrullering i bostadsområden och fler grannsamverkansgrupper mot inbrott.",
            kind="medborgarlofte", municipalities=["Ljungby"], county="Kronobergs län",
            year=2020, themes=["grannsamverkan"],
            activities=[Activity("Grannsamverkan startas i två nya områden",
                                 focus_area="Inbrott")],
        ),
        record(
            "vaxjo2019", "Trygghetsöverenskommelse i Växjö",
            "Nattvandring på helgerna, ungdomar på fritidsgården och insatser mot narkotika.",
            kind="trygghetsoverenskommelse", municipalities=["Växjö"],
            county="Kronobergs län", year=2019, themes=["barn_och_unga", "narkotika"],
        ),
        record(
            "boras2023", "Trafikkontroller i Borås",
            "Polisen gjorde trafikkontroller där hastigheten var för hög nära skolan.",
            kind="news", municipalities=["Borås"], county="Västra Götalands län", year=2023,
        ),
        record(
            "metod", "Så går en medborgardialog till",
            "En enkät och en medborgardialog ger underlag till lägesbilden.",
            kind="method",
        ),
        record(
            "almhult2018", "Älmhults kommun och polisen 2018",
            "Bättre belysning på otrygga platser och en tryggare skolgård.",
            kind="medborgarlofte", municipalities=["Älmhult"], county="Kronobergs län",
            year=2018, themes=["trygghet"],
        ),
    ]


@pytest.fixture(scope="module")
def backend(backend_name, tmp_path_factory):
    b = open_backend(tmp_path_factory.mktemp("index"))
    b.rebuild(corpus())
    return b


def ids(response) -> list[str]:
    return [h.id for h in response.hits]


def search(backend, text="", **kw):
    return backend.search(SearchRequest(query=text, **kw))


# --- writing -------------------------------------------------------------------------


def test_new_index_needs_rebuild_and_then_not(tmp_path):
    b = open_backend(tmp_path / "index")
    assert b.needs_rebuild()
    assert b.doc_ids() == set()
    b.rebuild(corpus()[:2])
    assert not b.needs_rebuild()
    assert b.doc_ids() == {"almhult2022", "ljungby2020"}


def test_needs_rebuild_when_the_analyzer_version_changes(tmp_path, monkeypatch):
    b = open_backend(tmp_path)
    b.rebuild(corpus()[:1])
    monkeypatch.setattr(analysis, "ANALYZER_VERSION", analysis.ANALYZER_VERSION + 1)
    assert b.needs_rebuild()


def test_add_replaces_by_id_and_remove_deletes(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus())
    changed = record("vaxjo2019", "Trygghetsöverenskommelse i Växjö",
                     "Kameraövervakning vid resecentrum.", municipalities=["Växjö"])
    b.add([changed])
    assert len(b.doc_ids()) == 6
    assert ids(search(b, "kameraövervakning")) == ["vaxjo2019"]
    assert "vaxjo2019" not in ids(search(b, "nattvandring"))
    b.remove(["vaxjo2019", "metod"])
    assert b.doc_ids() == {"almhult2022", "ljungby2020", "boras2023", "almhult2018"}
    assert search(b, "kameraövervakning").total == 0


def test_rebuild_keeps_only_the_given_records(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild(corpus())
    b.rebuild(corpus()[3:4])
    assert b.doc_ids() == {"boras2023"}
    assert search(b, "narkotika").total == 0


def test_add_on_a_missing_index_creates_it(tmp_path):
    b = open_backend(tmp_path / "new")
    b.add(corpus()[:1])
    assert b.doc_ids() == {"almhult2022"}
    assert not b.needs_rebuild()


# --- two levels, snippets, response shape ----------------------------------------------


def test_compound_parts_and_inflections_are_found(backend):
    assert set(ids(search(backend, "narkotika"))) == {"almhult2022", "vaxjo2019"}
    assert "almhult2022" in ids(search(backend, "vandring"))
    assert ids(search(backend, "trygghetsvandring"))[0] == "almhult2022"
    assert ids(search(backend, "inbrotten")) == ["ljungby2020"]


def test_matching_activities_come_with_their_document(backend):
    r = search(backend, "narkotikahund", activities=True)
    hit = r.hits[0]
    assert hit.id == "almhult2022"
    assert [a.focus_area for a in hit.activities] == ["Narkotika"]
    assert "narkotikahund" in hit.activities[0].text


def test_snippet_marks_matched_words(backend):
    hit = search(backend, "fotpatrullering").hits[0]
    assert "**Fotpatrullering**" in hit.snippet


def test_response_dict_has_exactly_the_agreed_keys(backend):
    d = search(backend, "narkotika", activities=True).to_dict()
    assert list(d) == ["query", "total", "literal", "related", "corrected", "suggestion", "hits",
                       "facets", "literal_facets"]
    assert list(d["hits"][0]) == ["id", "title", "municipalities", "year", "kind", "score",
                                  "snippet", "source_path", "activities", "matches"]
    assert d["hits"][0]["matches"][0]["query"] == "narkotika"
    assert d["hits"][0]["source_path"].startswith("in/")


def test_facets_count_the_whole_result_set(backend):
    r = search(backend, "", limit=1)
    assert r.total == 6 and len(r.hits) == 1
    assert r.facets["municipality"] == {"Älmhult": 2, "Borås": 1, "Ljungby": 1, "Växjö": 1}
    assert r.facets["kind"]["medborgarlofte"] == 3
    assert r.facets["themes"]["narkotika"] == 2
    assert r.facets["county"]["Kronobergs län"] == 4
    assert r.facets["year"]["2022"] == 1


# --- filters ------------------------------------------------------------------------------


def test_theme_filter(backend):
    assert set(ids(search(backend, themes=["narkotika"]))) == {"almhult2022", "vaxjo2019"}
    assert ids(search(backend, themes=["narkotika", "trygghet"])) == ["almhult2022"]


@pytest.mark.parametrize("name", ["Älmhult", "älmhult", "Älmhults kommun", "Älmhult kommun"])
def test_municipality_filter_accepts_kommun_forms(backend, name):
    assert set(ids(search(backend, municipality=name))) == {"almhult2022", "almhult2018"}


def test_municipality_named_in_the_query_text(backend):
    assert set(ids(search(backend, "Älmhults kommun trygghetsvandring"))[:1]) == {"almhult2022"}
    assert ids(search(backend, "Region Borås"))[:1] == ["boras2023"]


def test_county_kind_and_year_filters(backend):
    assert len(ids(search(backend, county="Kronobergs län"))) == 4
    assert ids(search(backend, county="Västra Götaland")) == ["boras2023"]
    assert ids(search(backend, kind="news")) == ["boras2023"]
    assert set(ids(search(backend, year_from=2019, year_to=2020))) == {"vaxjo2019", "ljungby2020"}
    assert set(ids(search(backend, year_from=2022))) == {"almhult2022", "boras2023"}


def test_unknown_municipality_finds_nothing(backend):
    assert search(backend, municipality="Ystad").total == 0


# --- query syntax -------------------------------------------------------------------------


def test_prefix(backend):
    assert ids(search(backend, "fotpatrull*")) == ["ljungby2020"]


def test_phrase_needs_the_words_in_order(backend):
    assert ids(search(backend, '"narkotikahund vid skolor"')) == ["almhult2022"]
    assert search(backend, '"skolor vid narkotikahund"').total == 0


def test_exclusion(backend):
    found = ids(search(backend, "narkotika -skolor"))
    assert "vaxjo2019" in found and "almhult2022" not in found


def test_or(backend):
    found = ids(search(backend, "nattvandring OR fotpatrullering"))
    assert set(found[:2]) == {"vaxjo2019", "ljungby2020"}


def test_documents_with_every_word_rank_first_and_partial_ones_follow(backend):
    found = ids(search(backend, "narkotika ungdomar fritidsgård"))
    assert found[0] == "vaxjo2019"
    assert "almhult2022" in found[1:]


def test_three_words_rank_by_how_many_of_them_a_document_holds(tmp_path):
    b = open_backend(tmp_path)
    b.rebuild([
        record("en", "Reflexväst", "Reflexväst till alla barn. " * 8),
        record("tre", "Utrustning", "En reflexväst, en cykelhjälm och en ficklampa till barnen."),
        record("två", "Cykelhjälm", "Reflexväst och cykelhjälm till alla barn. " * 5),
        record("ingen", "Nattvandring", "Vuxna nattvandrar på helgerna."),
    ])
    response = b.search(SearchRequest(query="reflexväst cykelhjälm ficklampa"))
    assert ids(response) == ["tre", "två", "en"]
    assert (response.total, response.literal, response.related) == (3, 1, 2)


def test_a_missing_word_does_not_empty_the_result(backend):
    found = ids(search(backend, "narkotikahund skolor centrum helikopter"))
    assert found[0] == "almhult2022"


def test_a_word_that_finds_nothing_shows_the_results_of_its_correction(backend):
    r = search(backend, "grannsamvekan")
    assert r.corrected == "grannsamverkan" and r.suggestion is None
    assert ids(r)[:1] == ["ljungby2020"]
    assert r.hits[0].matches[0].how == "typo"
    assert search(backend, "grannsamverkan").corrected is None
    exact = search(backend, "grannsamvekan", exact=True)
    assert exact.total == 0 and exact.corrected is None


@pytest.mark.parametrize(
    "text,message",
    [
        ('"narkotika skola', "Ett citattecken saknar sin partner"),
        ("OR", "OR behöver ett ord på varje sida"),
        ("narkotika OR", "OR behöver ett ord på varje sida"),
        ("narkotika OR OR skola", "OR behöver ett ord på varje sida"),
    ],
)
def test_bad_queries(backend, text, message):
    with pytest.raises(QueryError, match=message):
        search(backend, text)


def test_bad_filters(backend):
    with pytest.raises(QueryError, match="Årsintervallet är omvänt: 2022-2019"):
        search(backend, "narkotika", year_from=2022, year_to=2019)
    with pytest.raises(QueryError, match="Okänt tema: flygplan"):
        search(backend, themes=["flygplan"])
    with pytest.raises(QueryError, match="Okänd typ: blogg"):
        search(backend, kind="blogg")


# --- similar ------------------------------------------------------------------------------


def test_similar_finds_related_documents_but_not_itself(backend):
    r = backend.similar("almhult2018", limit=3)
    assert "almhult2018" not in ids(r)
    assert r.hits
    with pytest.raises(NotFound):
        backend.similar("saknas")


# --- crash safety and concurrency ---------------------------------------------------------


def test_killed_whoosh_writer_leaves_the_old_index_readable_and_unlocked(backend_name, tmp_path):
    if backend_name != "whoosh":
        pytest.skip("whoosh's writer; SQLite's is in test_search_sqlite.py")
    b = open_backend(tmp_path)
    b.rebuild(corpus()[:2])
    child = textwrap.dedent(f"""
        import os, signal
        from whoosh import index
        gen = open({str(tmp_path / 'CURRENT')!r}).read().strip()
        w = index.open_dir(os.path.join({str(tmp_path)!r}, gen)).writer()
        for i in range(200):
            w.add_document(id=f"half{{i}}", text="halvfärdig", ptext="halvfärdig")
        w.delete_by_term("id", "almhult2022")
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", child], cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == -signal.SIGKILL
    assert b.doc_ids() == {"almhult2022", "ljungby2020"}
    assert search(b, "halvfärdig").total == 0
    b.add(corpus()[2:3])  # the write lock died with the process
    assert "vaxjo2019" in b.doc_ids()


def test_search_works_while_a_whoosh_writer_holds_the_lock(backend_name, tmp_path):
    if backend_name != "whoosh":
        pytest.skip("whoosh's write lock; SQLite's is in test_search_sqlite.py")
    from whoosh import index

    b = open_backend(tmp_path)
    b.rebuild(corpus()[:2])
    gen = (tmp_path / "CURRENT").read_text().strip()
    writer = index.open_dir(str(tmp_path / gen)).writer()
    try:
        assert ids(search(b, "fotpatrullering")) == ["ljungby2020"]
    finally:
        writer.cancel()



def test_searches_keep_working_while_the_index_is_rebuilt_again_and_again(tmp_path):
    """Back-to-back rebuilds drop old generations while searches open them: every search
    answers from a whole generation, none sees an empty or missing index."""
    open_backend(tmp_path).rebuild(corpus())
    stop, errors, answers = threading.Event(), [], []

    def searching():
        while not stop.is_set():
            try:  # each search opens the index afresh, as a command does
                answers.append(frozenset(ids(search(open_backend(tmp_path), "narkotika"))))
            except Exception as e:  # noqa: BLE001 - every failure is the finding
                errors.append(repr(e))

    threads = [threading.Thread(target=searching) for _ in range(4)]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # threads interleave between any two steps of opening
    for t in threads:
        t.start()
    try:
        writer, deadline = open_backend(tmp_path), time.monotonic() + 20
        for _ in range(30):
            writer.rebuild(corpus())
            if time.monotonic() > deadline:
                break
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=30)
        sys.setswitchinterval(switching)
    assert errors == []
    assert answers and set(answers) == {frozenset({"almhult2022", "vaxjo2019"})}



def test_a_search_finding_its_generation_just_removed_reads_the_live_one(tmp_path, monkeypatch):
    """The race the stress test above looks for, made certain: CURRENT named a generation
    that two rebuilds removed before the search opened it."""
    from pipeline.search import generations

    b = open_backend(tmp_path)
    b.rebuild(corpus())
    gone = generations.live(tmp_path)
    b.rebuild(corpus())
    b.rebuild(corpus())
    assert not gone.exists()
    real, calls = generations.live, []

    def stale_first(index_dir):
        calls.append(index_dir)
        return gone if len(calls) == 1 else real(index_dir)

    monkeypatch.setattr(generations, "live", stale_first)
    assert set(ids(search(open_backend(tmp_path), "narkotika"))) == {"almhult2022", "vaxjo2019"}
    assert not gone.exists()  # no empty database left where the old one was


# --- edge cases found in review ------------------------------------------------------------


def test_a_compound_no_document_holds_misspelt_in_its_last_part_is_mended(backend):
    """"skolhastigheten" is in no document, and "hastigheetn" has no neighbour as one
    word: the first part is kept and the last part mended to an indexed word."""
    r = search(backend, "skolhastigheetn")
    assert r.corrected == "skolhastigheten"
    assert ids(r)[:1] == ["boras2023"]
    assert search(backend, "skolhastigheetn", exact=True).total == 0
    assert search(backend, "qwertyhastigheetn").corrected is None  # no part to keep


def test_a_misspelt_first_letter_still_gets_a_suggestion(backend):
    assert search(backend, "bolisen").corrected == "polisen"


def test_a_query_without_searchable_words_is_an_error(backend):
    for text in ("(", "*", '""'):
        with pytest.raises(QueryError, match="Sökningen har inga sökbara ord"):
            search(backend, text)


def test_a_year_out_of_range_is_an_error(backend):
    with pytest.raises(QueryError, match="Inte ett årtal: 99999"):
        search(backend, "narkotika", year_from=99999)


def test_a_word_in_most_documents_still_scores(backend):
    assert all(h.score > 0 for h in search(backend, "polisen").hits)


def test_suggestion_text_replaces_whole_words_only():
    from pipeline.search.query import suggestion_text

    assert suggestion_text("polisn polisnatt", {"polisn": "polisen"}) == "polisen polisnatt"


# --- finding more, finding less --------------------------------------------------------------


def related_corpus() -> list[Record]:
    return [
        record("sspf", "Samverkan kring unga", "Skola, socialtjänst, polis och fritid möts varje månad."),
        record("signed", "Avtalet klart", "Kommunalrådet och polischefen skrev under avtalet i går."),
        record("camera", "Torget", "Kamerabevakning vid torget från hösten."),
        record("camera2", "Kameraövervakning", "Kameraövervakning vid torget och kameraövervakning i parken."),
        record("night", "Helger", "Nattvandring i centrum varje fredag."),
        record("night2", "Helger", "Natvandring i centrum varje lördag."),
        record("glued", "Sjön", "Polisen startar i sommar ochBåtsamverkan med hamnarna."),
    ]


@pytest.fixture(scope="module")
def related(backend_name, tmp_path_factory):
    b = open_backend(tmp_path_factory.mktemp("related"))
    b.rebuild(related_corpus())
    return b


def test_an_abbreviation_finds_what_it_stands_for_and_explains_it(related):
    r = search(related, "SSPF")
    assert ids(r) == ["sspf"]
    assert r.hits[0].matches[0].how == "synonym"
    assert (r.literal, r.related) == (0, 1)


def test_a_signing_verb_finds_the_other_ways_of_signing(related):
    assert "signed" in ids(search(related, "undertecknade"))


def test_the_literal_word_outranks_its_synonym(related):
    r = search(related, "kameraövervakning")
    assert ids(r) == ["camera2", "camera"]
    assert [m.how for h in r.hits for m in h.matches] == ["literal", "synonym"]
    assert (r.literal, r.related) == (1, 1)


def test_a_rare_word_also_finds_its_misspellings_below_itself(related):
    r = search(related, "nattvandring")
    assert ids(r) == ["night", "night2"]
    assert r.hits[1].matches[0].how == "typo"


def test_words_glued_across_page_elements_are_found(related):
    r = search(related, "båtsamverkan")
    assert ids(r)[0] == "glued" and r.literal == 1


def test_a_year_in_the_query_is_a_year_condition(backend):
    r = search(backend, "medborgarlöfte 2022")
    assert ids(r) == ["almhult2022"] and r.total == 1


def test_a_place_beside_one_topic_word_filters(backend):
    r = search(backend, "trygghetsvandring Älmhult")
    assert ids(r)[0] == "almhult2022"
    assert set(ids(r)) <= {"almhult2022", "almhult2018"}
    assert {m.how for m in r.hits[0].matches} >= {"place"}


def test_a_word_naming_a_kind_finds_records_of_that_kind(backend):
    r = search(backend, "nyhet")
    assert ids(r) == ["boras2023"]
    assert r.hits[0].matches[0].how == "kind"


def test_counts_split_the_word_itself_from_related_forms(backend):
    r = search(backend, "trygghetsvandring")
    assert r.literal == 1 and r.total == r.literal + r.related
    assert ids(r)[0] == "almhult2022"
    assert sum(r.literal_facets["kind"].values()) == 1
