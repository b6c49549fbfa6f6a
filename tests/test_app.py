"""The application object used directly, as the web app uses it: real sample files, one
instance shared by many threads, the catalogue cached and renewed when the archive changes."""

from __future__ import annotations

import io
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from pipeline.app import MAX_LIMIT, Loften, Settings
from pipeline.errors import LoftenError, NotFound, QueryError, SettingError, SpecError

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
FOUR = ("ljusdal-medborgarlofte-2025.txt", "ostersund-medborgarlofte-2025.docx",
        "kiruna-medborgarlofte-2025-2027.pdf", "harnosand-medborgarlofte-2026.html")


def copy_samples(folder: Path, names=FOUR) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def age_records(app: Loften, seconds: int = 60) -> None:
    """Make the records folder look written a minute ago, as between a server's requests."""
    records = app.corpus / "records"
    st = records.stat()
    os.utime(records, ns=(st.st_atime_ns, st.st_mtime_ns - seconds * 1_000_000_000))


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    root = tmp_path_factory.mktemp("app")
    app = Loften(corpus=root / "corpus", index=root / "index", workers=2)
    report = app.index([copy_samples(root / "in")])
    assert report.failed == []
    return app, report, root


def test_settings_come_from_arguments_then_environment_then_defaults(tmp_path):
    env = {"LOFTEN_CORPUS": str(tmp_path / "c"), "LOFTEN_INDEX": str(tmp_path / "i"), "LOFTEN_MAX_MB": "2"}
    settings = Settings.from_env(env, index=tmp_path / "mine")
    assert (settings.corpus, settings.index, settings.max_bytes) == (tmp_path / "c", tmp_path / "mine", 2_000_000)
    assert Settings.from_env({}).corpus == Path("corpus")
    assert Settings.from_env({}).backend == "sqlite"
    assert Settings(corpus="arkiv").corpus == Path("arkiv")
    with pytest.raises(SettingError, match="LOFTEN_WORKERS=två is not a number"):
        Settings.from_env({"LOFTEN_WORKERS": "två"})
    with pytest.raises(SettingError, match="not both"):
        Loften(Settings(), corpus=tmp_path)


@pytest.mark.parametrize("given, message", [
    ({"max_mb": float("nan")}, "max_mb must be a number above 0, not nan"),
    ({"wait": float("nan")}, "wait must be a number above 0, not nan"),
    ({"wait": -1.0}, "wait must be a number above 0, not -1.0"),
    ({"workers": 0}, "workers must be a whole number from 1 to 256, not 0"),
    ({"backend": "elastic"}, "elastic is not a search backend (sqlite or whoosh)"),
    ({"colour": "blue"}, "unknown setting: colour"),
])
def test_bad_settings_are_one_line(given, message):
    with pytest.raises(SettingError) as e:
        Loften(**given)
    assert str(e.value) == message


def test_library_errors_carry_no_exit_codes():
    assert not any(hasattr(cls, "exit_code") for cls in (LoftenError, QueryError, SpecError, NotFound))


def test_extract_gives_a_record_or_a_reason_for_every_file(tmp_path):
    folder = copy_samples(tmp_path / "in", FOUR[:2])
    (folder / "tom.txt").write_bytes(b"")
    (folder / "trasig.docx").write_bytes(b"PK\x03\x04 inte en riktig docx")
    outcomes = list(Loften().extract([folder, tmp_path / "saknas.pdf"]))
    by_name = {Path(o.path).name: o for o in outcomes}
    assert sorted(by_name) == sorted([*FOUR[:2], "tom.txt", "trasig.docx", "saknas.pdf"])
    ljusdal = by_name[FOUR[0]].record
    assert (ljusdal.municipalities, ljusdal.year, ljusdal.kind) == (["Ljusdal"], 2025, "medborgarlofte")
    assert by_name[FOUR[1]].record.municipalities == ["Östersund"]
    assert by_name["tom.txt"].reason == "file is empty"
    assert by_name["saknas.pdf"].reason == "no such file"
    assert by_name["trasig.docx"].record is None and by_name["trasig.docx"].reason
    assert by_name["tom.txt"].to_dict() == {"path": str(folder / "tom.txt"), "error": "file is empty"}


def test_extract_honours_the_size_limit(tmp_path):
    folder = copy_samples(tmp_path / "in", FOUR[:1])
    [outcome] = Loften(max_mb=0.001).extract([folder])
    assert outcome.record is None and "over the 1.0 kB limit" in outcome.reason


def test_index_search_show_and_stats(archive):
    app, report, _ = archive
    assert len(report.added) == 4
    response = app.search("narkotikahund skola", activities=True)
    top = {hit.municipalities[0] for hit in response.hits[:2]}
    assert top == {"Ljusdal", "Östersund"}
    assert any("narkotikahund" in a.text for a in response.hits[0].activities)
    assert response.facets["year"]
    from_2026 = app.search("", years="2026-")  # Kiruna's promise runs 2025–2027
    assert sorted(h.municipalities[0] for h in from_2026.hits) == ["Härnösand", "Kiruna"]
    record = app.show(response.hits[0].id)
    assert record.id == response.hits[0].id and record.municipalities[0] in top
    stats = app.stats()
    assert stats["documents"] == 4 and stats["by_year"] == {"2025": 3, "2026": 1}
    assert app.check() == []


def test_show_and_similar_of_an_unknown_id(archive):
    app, report, _ = archive
    with pytest.raises(NotFound, match="did you mean"):
        app.show(report.added[0][:6])
    assert app.similar(report.added[0], limit=2).hits


@pytest.mark.parametrize("call, message", [
    (lambda app: app.search("narkotika", limit=MAX_LIMIT + 1), f"from 1 to {MAX_LIMIT}"),
    (lambda app: app.search("narkotika", limit=99999999999999999999), f"from 1 to {MAX_LIMIT}"),
    (lambda app: app.search("narkotika", year=2020, years="2019-2022"), "either a year or a range"),
    (lambda app: app.search("narkotika", years="tjugo"), "'tjugo' is not a range of years"),
    (lambda app: app.search('"obalanserad'), "Ett citattecken saknar sin partner"),
])
def test_bad_search_values_are_query_errors(archive, call, message):
    app, _, _ = archive
    with pytest.raises(QueryError, match=message):
        call(app)


def test_concurrent_searches_on_one_instance_agree_with_serial_ones(archive):
    app, _, _ = archive
    queries = ["narkotikahund skola", "nattvandring", "trafikkontroller", "trygghetsvandring",
               "bedrägerier", "fotpatrullering", "klotter", "snöskoter"] * 5
    expected = {q: [h.id for h in app.search(q).hits] for q in set(queries)}
    connections: dict[int, int] = {}

    def one(query: str):
        ids = [h.id for h in app.search(query).hits]
        connections[threading.get_ident()] = id(app._searcher())
        return query, ids

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(one, queries))
    assert all(ids == expected[q] for q, ids in results)
    assert all(expected[q] for q in ("nattvandring", "trafikkontroller"))
    assert len(set(connections.values())) == len(connections)  # no backend shared by threads


def test_activities_come_from_the_archive(archive):
    app, report, _ = archive
    hund = app.activities(query="narkotikahund")
    assert len(hund) == 2 and {m for e in hund for m in e.municipalities} == {"Ljusdal", "Östersund"}
    assert all(set(e.record_ids) <= set(report.added) for e in hund)
    assert all("trafik" in e.themes for e in app.activities(theme="trafik"))
    with pytest.raises(QueryError, match="Okänt tema: rymdfart"):
        app.activities(theme="rymdfart")


def test_catalogue_is_cached_and_renewed_after_an_index_run(tmp_path):
    app = Loften(corpus=tmp_path / "corpus", index=tmp_path / "index", workers=1)
    app.index([copy_samples(tmp_path / "in", FOUR[:1])])
    age_records(app)
    first = app.catalogue()
    assert app.catalogue()[0] is first[0]  # served from the cache
    assert not app.activities(query="snöskotertrafiken")

    app.index([copy_samples(tmp_path / "in2", FOUR[2:3])])  # this instance's own run
    assert [e.municipalities for e in app.activities(query="snöskotertrafiken")] == [["Kiruna"]]

    age_records(app)
    cached = app.catalogue()
    other = Loften(corpus=tmp_path / "corpus", index=tmp_path / "index", workers=1)
    other.index([copy_samples(tmp_path / "in3", FOUR[3:4])])  # another process's run
    assert app.catalogue()[0] is not cached[0]
    assert [e.municipalities for e in app.activities(query="bedrägerier mot äldre")] == [["Härnösand"]]


def spec(activity_id: str) -> dict:
    return {
        "municipalities": ["Ljusdal"], "year": 2027,
        "focus_areas": [{"title": "Narkotika", "activities": [{"id": activity_id},
                                                            {"text": "Polisen besöker skolorna varje vecka"}]}],
        "signatories": [{"name": "Anna Berg", "role": "kommunstyrelsens ordförande",
                         "organisation": "Ljusdals kommun"}],
        "place": "Ljusdal", "date": "2027-01-15",
    }


def test_draft_returns_bytes_and_leaves_nothing_behind(archive, tmp_path, monkeypatch):
    from docx import Document

    app, _, _ = archive
    [hund] = [e for e in app.activities(query="narkotikahund") if "Ljusdal" in e.municipalities]
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    drafted = app.draft(spec(hund.id))
    assert drafted.docx[:2] == b"PK" and drafted.pdf is None and drafted.docx_path is None
    assert list(tmp_path.iterdir()) == []
    document = Document(io.BytesIO(drafted.docx))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    text = "\n".join([p.text for p in document.paragraphs] + cells)
    assert hund.text in text and "Polisen besöker skolorna varje vecka" in text and "Anna Berg" in text
    assert (drafted.focus_areas, drafted.activities, drafted.signatories) == (1, 2, 1)

    out = tmp_path / "lofte.docx"
    written = app.draft(spec(hund.id), out)
    assert written.docx_path == out and out.read_bytes() == written.docx
    assert written.to_dict()["docx"] == str(out)


def test_draft_refuses_a_based_on_that_is_not_an_id(archive, tmp_path):
    app, _, _ = archive
    for bad in ("../../etc/passwd", "/etc/passwd", "a b"):
        with pytest.raises(SpecError, match="är inget dokument-id"):
            app.draft({**spec("A-x"), "based_on": bad, "focus_areas": []}, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


def test_template_check_of_the_built_in_template(archive):
    app, _, _ = archive
    report = app.template_check(Path(__file__).resolve().parents[1] / "templates" / "medborgarlofte.docx")
    assert report.ok and {"title", "focus_areas", "signatories"} <= set(report.variables)
