"""What the server's worker processes share: two app instances over the same folders are two
workers of `loften serve --workers 2`. They share the session key, the login rate limit and the
finished drafts, and an archivist can archive a finished draft from either."""

from __future__ import annotations

import os
import re
import time

import pytest
from test_web import csrf_of, draft_fields, log_in, make_client
from webarchive import PASSWORD, sample_archive


@pytest.fixture
def folder(tmp_path_factory):
    return sample_archive(tmp_path_factory, "web-shared")


def same_session(client, folder, **settings):
    """A client of another app instance ("worker") over the same folders, with `client`'s cookies."""
    other = make_client(folder, **settings)
    other.cookies = client.cookies
    return other


def drafted_token(page_text: str) -> str:
    return re.search(r'href="/utkast/fil/([\w-]+)\.docx"', page_text).group(1)


def test_a_session_and_the_login_limit_hold_in_every_worker(folder):
    first = make_client(folder, login_attempts=2)
    token = csrf_of(first)
    for _ in range(2):
        assert first.post("/logga-in", data={"csrf": token, "namn": "lisa", "losenord": "gissning"}).status_code == 401
    second = same_session(first, folder, login_attempts=2)
    refused = second.post("/logga-in", data={"csrf": token, "namn": "lisa", "losenord": PASSWORD["lisa"]})
    assert refused.status_code == 429
    assert "För många misslyckade inloggningar." in refused.text
    hanna = log_in(make_client(folder), "handläggare")
    assert same_session(hanna, folder).get("/utkast").status_code == 200  # the cookie is signed alike
    assert (folder / "loften-web" / "inloggningar.sqlite").is_file()


def test_a_finished_draft_is_downloaded_from_another_worker_by_its_author_only(folder):
    hanna = log_in(make_client(folder), "handläggare")
    page = hanna.post("/utkast", data=draft_fields(csrf_of(hanna)))
    assert page.status_code == 200, page.text
    token = drafted_token(page.text)
    here = hanna.get(f"/utkast/fil/{token}.docx")
    there = same_session(hanna, folder).get(f"/utkast/fil/{token}.docx")
    assert there.status_code == 200 and there.content == here.content and there.content[:2] == b"PK"
    stored = sorted(p.name for p in (folder / "loften-web" / "utkast").iterdir())
    assert stored == [f"{token}.docx", f"{token}.json"]  # named by the token, never by the user
    adam = log_in(make_client(folder), "admin")
    assert adam.get(f"/utkast/fil/{token}.docx").status_code == 404  # someone else's draft
    assert hanna.get(f"/utkast/fil/{token}.pdf").status_code == 404  # not drafted as PDF
    assert hanna.get("/utkast/fil/..%2F..%2Fusers.docx").status_code == 404
    old = time.time() - 3600
    os.utime(folder / "loften-web" / "utkast" / f"{token}.json", (old, old))
    gone = hanna.get(f"/utkast/fil/{token}.docx")
    assert gone.status_code == 404 and "Utkastet finns inte längre" in gone.text
    hanna.post("/utkast", data=draft_fields(csrf_of(hanna)))  # a new draft clears out the expired one
    assert not (folder / "loften-web" / "utkast" / f"{token}.docx").exists()


def test_an_archivist_archives_a_finished_draft_as_a_searchable_document(folder):
    arvid = log_in(make_client(folder), "arkivarie")
    before = arvid.get("/api/stats").json()["documents"]
    page = arvid.post("/utkast", data=draft_fields(csrf_of(arvid), kommun="Nordanstig", ort="Bergsjö"))
    assert "Arkivera utkastet" in page.text
    token = drafted_token(page.text)
    archived = same_session(arvid, folder).post("/utkast/arkivera", data={"csrf": csrf_of(arvid), "token": token})
    assert archived.status_code == 200, archived.text
    record_id = re.search(r'Utkastet är arkiverat\s+som dokument <a href="/dokument/([0-9a-f]{16})">', archived.text).group(1)
    assert "Arkivera utkastet</button>" not in archived.text
    assert arvid.get("/api/stats").json()["documents"] == before + 1
    record = arvid.get(f"/api/documents/{record_id}").json()
    assert record["municipalities"] == ["Nordanstig"] and record["year"] == 2027
    hits = arvid.get("/api/search?q=fotpatrullering&municipality=Nordanstig").json()["hits"]
    assert [h["id"] for h in hits] == [record_id]
    again = arvid.post("/utkast/arkivera", data={"csrf": csrf_of(arvid), "token": token})
    said = re.sub(r"\s+", " ", again.text[again.text.index("halvtimme"):again.text.index("</main>")])
    assert f'Utkastet fanns redan i arkivet som dokument <a href="/dokument/{record_id}">' in said, said
    assert arvid.get("/api/stats").json()["documents"] == before + 1
    assert arvid.post("/utkast/arkivera", data={"token": token}).status_code == 403  # no CSRF token
    assert arvid.post("/utkast/arkivera", data={"csrf": csrf_of(arvid), "token": "x" * 22}).status_code == 404


def test_a_handlaggare_may_not_archive_a_draft_and_nothing_changes(folder):
    hanna = log_in(make_client(folder), "handläggare")
    before = hanna.get("/api/stats").json()
    page = hanna.post("/utkast", data=draft_fields(csrf_of(hanna)))
    assert "Arkivera utkastet" not in page.text
    refused = hanna.post("/utkast/arkivera", data={"csrf": csrf_of(hanna), "token": drafted_token(page.text)})
    assert refused.status_code == 403
    assert "Din roll (handläggare) får inte arkivera utkast; det kräver rollen arkivarie." in refused.text
    assert hanna.get("/api/stats").json() == before
    assert not (folder / "uploads").exists()


def test_a_worker_builds_its_app_from_the_environment(folder, monkeypatch):
    from starlette.testclient import TestClient

    from pipeline.web import WebSettings
    from pipeline.web.app import SETTINGS_ENV, app_from_environment

    settings = WebSettings.beside_index(folder / "index", anonymous_read=True, page_size=3,
                                        users_file=folder / "users.json")
    assert WebSettings.from_json(settings.to_json()) == settings
    monkeypatch.setenv("LOFTEN_CORPUS", str(folder / "corpus"))
    monkeypatch.setenv("LOFTEN_INDEX", str(folder / "index"))
    monkeypatch.setenv(SETTINGS_ENV, settings.to_json())
    app = app_from_environment()
    assert app.state.settings == settings and app.state.loften.corpus == folder / "corpus"
    page = TestClient(app).get("/sok?q=trygghetsvandring")
    assert page.status_code == 200 and page.text.count('<li class="hit">') == 3
