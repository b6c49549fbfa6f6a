"""`loften search` and `loften similar` over a small corpus of fictional records, once per
search backend."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.archive.store import write_record
from pipeline.cli import cli
from pipeline.record import Activity, Record, Source
from test_search_backend import engines


def record(rid, title, text, **kw) -> Record:
    return Record(id=rid, source=Source(path=f"in/{rid}.pdf", sha256=rid * 4, format="pdf"),
                  title=title, text=text, **kw)


@pytest.fixture(params=engines())
def dirs(request, tmp_path):
    corpus = tmp_path / "corpus"
    for r in [
        record("a1", "Medborgarlöfte Älmhult 2022",
               "Narkotikahund vid skolor och trygghetsvandringar i centrum.",
               kind="medborgarlofte", municipalities=["Älmhult"], county="Kronobergs län", year=2022,
               activities=[Activity("Narkotikahund vid skolorna", focus_area="Narkotika")]),
        record("b2", "Ljungbys medborgarlöfte 2020",
               "Grannsamverkan mot inbrott och fotpatrullering i centrum.",
               kind="medborgarlofte", municipalities=["Ljungby"], county="Kronobergs län", year=2020,
               themes=["grannsamverkan", "vald_i_nara_relationer"]),
        record("c3", "Nyheter från Borås",
               "Polisen gjorde trafikkontroller vid skolor i Borås.",
               kind="news", municipalities=["Borås"], year=2023),
    ]:
        write_record(corpus, r)
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--backend", request.param]


def run(args):
    return CliRunner().invoke(cli, args)


def test_search_json(dirs):
    result = run(["search", "narkotikahund", "skola", "--activities", "--json", *dirs])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["query"] == "narkotikahund skola"
    assert data["hits"][0]["id"] == "a1"
    assert data["hits"][0]["activities"][0]["focus_area"] == "Narkotika"
    assert data["facets"]["kind"] == {"medborgarlofte": 1, "news": 1}


def test_search_text_with_filters_and_a_correction(dirs):
    result = run(["search", "grannsamvekan", "-m", "Ljungby kommun", "--years", "2019-2021", *dirs])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Visar resultat för: grannsamverkan"
    assert lines[1] == "Sök exakt på det du skrev: loften search --exact grannsamvekan"
    assert lines[2] == "1 träff"
    assert "  Typ: Medborgarlöfte 1" in lines
    assert "1. Ljungbys medborgarlöfte 2020  (Ljungby, 2020, Medborgarlöfte)  [b2]" in lines
    assert "   Grannsamverkan mot inbrott och fotpatrullering i centrum." in lines  # no ** when piped
    assert "   Träff: grannsamvekan → grannsamverkan (stavningsrättat)" in lines
    exact = run(["search", "--exact", "grannsamvekan", *dirs])
    assert exact.output.splitlines()[0] == "0 träffar"


def test_readable_output_leaves_out_what_a_record_lacks(dirs):
    result = run(["search", "trafikkontroller", *dirs])
    assert "1. Nyheter från Borås  (Borås, 2023, Nyhet)  [c3]" in result.output.splitlines()
    result = run(["search", "centrum", *dirs])
    assert result.output.splitlines()[0] == "2 träffar"


@pytest.mark.parametrize("args", [
    ["--kind", "medborgarlöfte"], ["--kind", "Medborgarlofte"], ["--kind", "medborgarlofte"],
    ["--theme", "våld i nära relationer"], ["--theme", "Grannsamverkan"],
    ["--theme", "VALD_I_NARA_RELATIONER"], ["-m", "ljungby"], ["--county", "Kronoberg"],
])
def test_filters_take_what_a_swedish_user_types(dirs, args):
    result = run(["search", "centrum", *args, "--json", *dirs])
    assert result.exit_code == 0, result.output
    found = {h["id"] for h in json.loads(result.output)["hits"]}
    assert found == ({"a1", "b2"} if args[0] in ("--kind", "--county") else {"b2"})


def test_a_misspelt_filter_value_offers_the_nearest(dirs):
    result = run(["search", "centrum", "-m", "Stockholmm", *dirs])
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == "Error: Okänd kommun: Stockholmm. Menade du Stockholm?"
    result = run(["search", "centrum", "--theme", "Trygghetsvandrin", *dirs])
    assert result.output.strip().splitlines()[-1] == \
        "Error: Okänt tema: Trygghetsvandrin. Menade du Trygghetsvandringar?"


def test_json_explains_every_hit_and_splits_the_count(dirs):
    data = json.loads(run(["search", "hund", "--json", *dirs]).output)
    assert (data["total"], data["literal"], data["related"]) == (1, 1, 0)
    assert data["hits"][0]["matches"] == [{"query": "hund", "form": "narkotikahund", "how": "compound"}]
    data = json.loads(run(["search", "trygghetsvandring", "--json", *dirs]).output)
    assert data["hits"][0]["matches"] == [{"query": "trygghetsvandring", "form": "trygghetsvandringar",
                                           "how": "inflection"}]


def test_similar(dirs):
    result = run(["similar", "a1", "--json", *dirs])
    assert result.exit_code == 0, result.output
    assert "a1" not in [h["id"] for h in json.loads(result.output)["hits"]]


@pytest.mark.parametrize(
    "args,code,line",
    [
        (["search", '"narkotika'], 2, 'Error: Ett citattecken saknar sin partner i sökningen: "narkotika'),
        (["search", "narkotika", "OR"], 2,
         "Error: OR behöver ett ord på varje sida, som i: nattvandring OR trygghetsvandring"),
        (["search", "narkotika", "--years", "2022-2019"], 2,
         "Error: Årsintervallet är omvänt: 2022-2019; skriv 2019-2022"),
        (["similar", "saknas"], 1, "Error: Dokumentet saknas finns inte i indexet"),
    ],
)
def test_errors_are_one_line(dirs, args, code, line):
    result = run([*args, *dirs])
    assert result.exit_code == code
    assert result.output.strip().splitlines()[-1] == line


def test_bad_year_is_a_usage_error(dirs):
    result = run(["search", "narkotika", "--years", "tjugo", *dirs])
    assert result.exit_code == 2
    assert "'tjugo' is not a range of years like 2019-2022" in result.output
    result = run(["search", "narkotika", "--year", "2020", "--years", "2019-2022", *dirs])
    assert result.exit_code == 2
    assert "give either --year or --years, not both" in result.output
