"""`loften search` and `loften similar` over a small corpus of fictional records, once per
search backend."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from pipeline.archive.store import write_record
from pipeline.cli import cli
from pipeline.record import Activity, Record, Source


def record(rid, title, text, **kw) -> Record:
    return Record(id=rid, source=Source(path=f"in/{rid}.pdf", sha256=rid * 4, format="pdf"),
                  title=title, text=text, **kw)


@pytest.fixture(params=["sqlite", "whoosh"])
def dirs(request, tmp_path, monkeypatch):
    monkeypatch.setenv("LOFTEN_SEARCH_BACKEND", request.param)
    corpus = tmp_path / "corpus"
    for r in [
        record("a1", "Medborgarlöfte Älmhult 2022",
               "Narkotikahund vid skolor och trygghetsvandringar i centrum.",
               kind="medborgarlofte", municipalities=["Älmhult"], year=2022,
               activities=[Activity("Narkotikahund vid skolorna", focus_area="Narkotika")]),
        record("b2", "Ljungbys medborgarlöfte 2020",
               "Grannsamverkan mot inbrott och fotpatrullering i centrum.",
               kind="medborgarlofte", municipalities=["Ljungby"], year=2020),
        record("c3", "Nyheter från Borås",
               "Polisen gjorde trafikkontroller vid skolor i Borås.",
               kind="news", municipalities=["Borås"], year=2023),
    ]:
        write_record(corpus, r)
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


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


def test_search_text_with_filters_and_suggestion(dirs):
    result = run(["search", "grannsamvekan", "-m", "Ljungby kommun", "--years", "2019-2021", *dirs])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Menade du: grannsamverkan?"
    assert lines[1] == "1 träff"
    assert "[b2]" in result.output and "**Grannsamverkan**" in result.output


def test_similar(dirs):
    result = run(["similar", "a1", "--json", *dirs])
    assert result.exit_code == 0, result.output
    assert "a1" not in [h["id"] for h in json.loads(result.output)["hits"]]


@pytest.mark.parametrize(
    "args,code,line",
    [
        (["search", '"narkotika'], 2, 'Error: Unbalanced quote in query: "narkotika'),
        (["search", "narkotika", "OR"], 2,
         "Error: OR needs a word on each side, as in: nattvandring OR trygghetsvandring"),
        (["search", "narkotika", "--years", "2022-2019"], 2,
         "Error: Year range is reversed: 2022-2019; write 2019-2022"),
        (["similar", "saknas"], 1, "Error: No record saknas in the index"),
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
