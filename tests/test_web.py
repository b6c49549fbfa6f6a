"""The web app's routes through Starlette's test client: every page and API call, every
role, CSRF refusals and bad input, on a real archive of the bundled samples."""

from __future__ import annotations

import re

import pytest
from webarchive import PASSWORD, ROLE_USER, USERS, sample_archive

from pipeline.web.labels import counted

ROLES = [role for _, role, _ in USERS]


def make_client(folder, **settings):
    from starlette.testclient import TestClient

    from pipeline.app import Loften
    from pipeline.web import WebSettings, create_app

    web = WebSettings(users_file=folder / "users.json", uploads_dir=folder / "uploads", **settings)
    return TestClient(create_app(Loften(corpus=folder / "corpus", index=folder / "index"), web),
                      base_url="http://testserver")


def csrf_of(client) -> str:
    return client.get("/api/csrf").json()["csrf"]


def log_in(client, role: str):
    name = ROLE_USER[role]
    response = client.post("/logga-in", data={"csrf": csrf_of(client), "namn": name,
                                              "losenord": PASSWORD[name], "nasta": "/sok"},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return sample_archive(tmp_path_factory, "web-read")


@pytest.fixture(scope="module")
def clients(folder):
    """One logged-in client per role, and one anonymous."""
    made = {role: log_in(make_client(folder), role) for role in ROLES}
    made[None] = make_client(folder)
    return made


@pytest.fixture
def writable(tmp_path_factory):
    """An archive of its own, for tests that change it."""
    return sample_archive(tmp_path_factory, "web-write")


def any_record_id(client, query="narkotikahund") -> str:
    return client.get(f"/api/search?q={query}").json()["hits"][0]["id"]


# --- logging in -----------------------------------------------------------------------------

def test_pages_ask_an_anonymous_visitor_to_log_in(clients):
    response = clients[None].get("/sok?q=trafik", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/logga-in?nasta=/sok%3Fq%3Dtrafik"
    assert clients[None].get("/api/search?q=trafik").status_code == 401
    assert clients[None].get("/api/search?q=trafik").json()["error"] == "Logga in för att söka."


def test_login_sets_a_hardened_session_cookie_and_returns_to_the_page(folder):
    client = make_client(folder)
    response = client.post("/logga-in", data={"csrf": csrf_of(client), "namn": "lisa",
                                              "losenord": PASSWORD["lisa"], "nasta": "/sok?q=trafik"},
                           follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/sok?q=trafik"
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert client.get("/sok?q=trafik").status_code == 200


def test_the_session_cookie_is_secure_over_https(folder):
    from starlette.testclient import TestClient

    client = TestClient(make_client(folder).app, base_url="https://testserver")
    response = client.get("/logga-in")
    assert "; Secure" in response.headers["set-cookie"]


def test_login_refuses_a_wrong_password_and_an_outside_return_address(folder):
    client = make_client(folder)
    wrong = client.post("/logga-in", data={"csrf": csrf_of(client), "namn": "lisa", "losenord": "fel"})
    assert wrong.status_code == 401
    assert "Fel användarnamn eller lösenord." in wrong.text
    away = client.post("/logga-in", data={"csrf": csrf_of(client), "namn": "lisa", "losenord": PASSWORD["lisa"],
                                          "nasta": "https://example.org/"}, follow_redirects=False)
    assert away.headers["location"] == "/sok"


def test_login_is_rate_limited(folder):
    client = make_client(folder, login_attempts=3)
    token = csrf_of(client)
    statuses = [client.post("/logga-in", data={"csrf": token, "namn": "arvid", "losenord": "gissning"}).status_code
                for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    right = client.post("/logga-in", data={"csrf": token, "namn": "arvid", "losenord": PASSWORD["arvid"]})
    assert right.status_code == 429  # even the right password waits out the window
    assert "För många misslyckade inloggningar. Försök igen om 15 minuter." in right.text


def test_login_without_csrf_token_is_refused(folder):
    client = make_client(folder)
    response = client.post("/logga-in", data={"namn": "lisa", "losenord": PASSWORD["lisa"]})
    assert response.status_code == 403
    assert "säkerhetskod (CSRF)" in response.text


def test_logout_ends_the_session(folder):
    client = log_in(make_client(folder), "läsare")
    assert client.post("/logga-ut", data={"csrf": csrf_of(client)}, follow_redirects=False).status_code == 303
    assert client.get("/sok", follow_redirects=False).status_code == 303


def test_a_new_password_ends_the_users_other_sessions(writable):
    from pipeline.web.users import UserStore

    client = log_in(make_client(writable), "läsare")
    assert client.get("/sok").status_code == 200
    UserStore(writable / "users.json").add("lisa", "läsare", "ett-nytt-lösenord")
    assert client.get("/sok", follow_redirects=False).status_code == 303


def test_anonymous_read_only_access(folder):
    client = make_client(folder, anonymous_read=True)
    page = client.get("/sok?q=trafik")
    assert page.status_code == 200 and "träffar" in page.text
    assert client.get("/api/stats").status_code == 200
    refused = client.get("/utkast")
    assert refused.status_code == 403
    assert "Din roll (läsare) får inte skriva utkast; det kräver rollen handläggare." in refused.text
    upload = client.post("/api/upload", headers={"x-csrf-token": csrf_of(client)},
                         files={"filer": ("a.txt", "Medborgarlöfte".encode(), "text/plain")})
    assert upload.status_code == 403


# --- who may do what ------------------------------------------------------------------------

PAGES = {  # path -> the lowest role allowed
    "/sok": "läsare", "/aktiviteter": "läsare", "/arkiv": "läsare", "/utkast": "handläggare",
    "/anvandare": "admin",
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", PAGES)
def test_every_page_for_every_role(clients, role, path):
    from pipeline.web.users import role_rank

    response = clients[role].get(path)
    allowed = role_rank(role) >= role_rank(PAGES[path])
    assert response.status_code == (200 if allowed else 403), response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    assert 'lang="sv"' in response.text
    if not allowed:
        assert f"Din roll ({role}) får inte" in response.text


def test_navigation_offers_only_what_the_role_may_do(clients):
    nav = lambda role: re.findall(r'<li><a href="(/[a-z]+)"', clients[role].get("/sok").text)
    assert nav("läsare") == ["/sok", "/aktiviteter", "/arkiv"]
    assert nav("handläggare") == ["/sok", "/aktiviteter", "/utkast", "/arkiv"]
    assert nav("admin") == ["/sok", "/aktiviteter", "/utkast", "/arkiv", "/anvandare"]


@pytest.mark.parametrize("role", ["läsare", "handläggare"])
def test_upload_and_remove_are_refused_below_arkivarie_and_change_nothing(writable, role):
    client = log_in(make_client(writable), role)
    before = client.get("/api/stats").json()["documents"]
    record_id = any_record_id(client)
    token = csrf_of(client)
    upload = client.post("/arkiv/ladda-upp", data={"csrf": token},
                         files={"filer": ("ny.txt", "Medborgarlöfte 2027 för Orsa kommun".encode(), "text/plain")})
    assert upload.status_code == 403
    assert client.post("/api/upload", headers={"x-csrf-token": token},
                       files={"filer": ("ny.txt", b"x", "text/plain")}).status_code == 403
    assert client.post("/arkiv/ta-bort", data={"csrf": token, "id": record_id}).status_code == 403
    assert client.post("/arkiv/aterstall", data={"csrf": token, "id": record_id}).status_code == 403
    assert client.get("/api/stats").json()["documents"] == before
    assert client.get(f"/api/documents/{record_id}").status_code == 200
    assert not (writable / "uploads").exists()


def test_changes_without_the_csrf_token_are_refused_and_change_nothing(writable):
    client = log_in(make_client(writable), "arkivarie")
    record_id = any_record_id(client)
    for data in ({"id": record_id}, {"id": record_id, "csrf": "förfalskad"}):
        response = client.post("/arkiv/ta-bort", data=data)
        assert response.status_code == 403
        assert "Formuläret saknar en giltig säkerhetskod (CSRF)" in response.text
    refused = client.post("/api/upload", files={"filer": ("a.txt", b"Medborgarlofte", "text/plain")})
    assert refused.status_code == 403 and "CSRF" in refused.json()["error"]
    assert client.post("/utkast/korg", data={"id": "A-0"}).status_code == 403
    assert client.get(f"/api/documents/{record_id}").status_code == 200


# --- Sök ---------------------------------------------------------------------------------------

def test_search_page_shows_hits_facets_and_marked_snippets(clients):
    page = clients["läsare"].get("/sok?q=narkotikahund").text
    total = clients["läsare"].get("/api/search?q=narkotikahund").json()["total"]
    assert f"{counted(total, 'träff', 'träffar')} för ”narkotikahund”" in page
    assert "<mark>narkotikahund" in page.lower()
    assert "Narkotika och droger" in page  # the theme facet by its Swedish label
    assert 'href="/sok?q=narkotikahund&amp;tema=narkotika"' in page
    assert "Medborgarlöfte" in page  # the kind by its Swedish label


def test_facets_combine_as_filters_and_the_url_holds_the_state(clients):
    client = clients["läsare"]
    wide = client.get("/api/search?q=trafik&limit=100").json()
    municipality = next(iter(wide["facets"]["municipality"]))
    page = client.get(f"/sok?q=trafik&tema=trafik&kommun={municipality}").text
    narrow = client.get(f"/api/search?q=trafik&theme=trafik&municipality={municipality}").json()
    assert 1 <= narrow["total"] < wide["total"]
    assert counted(narrow["total"], "träff", "träffar") in page
    assert f"Kommun: {municipality}" in page and "Tema: Trafik och trafiksäkerhet" in page
    assert 'name="kommun" value="' + municipality in page  # kept when the words change


def test_one_hit_is_counted_in_the_singular(clients):
    client = clients["läsare"]
    one = next(q for q in ("Haparanda", "Kiruna", "Boden")
               if client.get(f"/api/search?q={q}").json()["total"] == 1)
    assert ">1 träff för" in client.get(f"/sok?q={one}").text


def test_paging_and_sorting_by_year(clients):
    client = clients["läsare"]
    total = client.get("/api/search?q=polisen&limit=100").json()["total"]
    assert total > 10
    first, second = client.get("/sok?q=polisen").text, client.get("/sok?q=polisen&sida=2").text
    ids = lambda html: re.findall(r'<h3><a href="/dokument/([0-9a-f]{16})"', html)
    assert len(ids(first)) == 10 and ids(second) and not set(ids(first)) & set(ids(second))
    assert 'rel="next"' in first and 'rel="prev"' in second
    by_year = client.get("/sok?q=polisen&sortera=ar").text
    years = [int(y) for y in re.findall(r'class="meta">[^<]*· (\d{4})</p>', by_year)]
    assert years == sorted(years, reverse=True)


def test_a_misspelt_query_is_corrected_and_can_be_searched_exactly(clients):
    client = clients["läsare"]
    corrected = client.get("/api/search?q=narkotikahnd").json()["corrected"]
    assert corrected and "narkotikahund" in corrected
    page = client.get("/sok?q=narkotikahnd").text
    assert f"Inget dokument hade ”narkotikahnd”, så träffarna gäller ”{corrected}”." in page
    assert 'href="/sok?q=narkotikahnd&amp;exakt=1"' in page
    exact = client.get("/sok?q=narkotikahnd&exakt=1").text
    assert "0 träffar för ”narkotikahnd”" in exact and "träffarna gäller" not in exact
    assert client.get("/api/search?q=narkotikahnd&exact=1").json()["total"] == 0


def test_a_malformed_query_gets_a_message_beside_the_box(clients):
    response = clients["läsare"].get('/sok?q=%22otrygg')
    assert response.status_code == 400
    assert 'id="q-error"' in response.text and "Sökningen går inte att göra" in response.text
    api = clients["läsare"].get('/api/search?q=%22otrygg')
    assert api.status_code == 400 and api.json()["error"]
    assert clients["läsare"].get("/api/search?q=trafik&limit=många").status_code == 400
    assert clients["läsare"].get("/api/search?theme=finns-inte").status_code == 400


def test_search_api_has_the_cli_shape(clients):
    body = clients["läsare"].get("/api/search?q=trafik&activities=1&limit=3").json()
    assert {"query", "total", "hits", "facets", "suggestion"} <= set(body)
    hit = body["hits"][0]
    assert {"id", "title", "municipalities", "year", "kind", "snippet", "activities"} <= set(hit)
    assert len(body["hits"]) == 3 and body["facets"]["kind"]


# --- Dokument -----------------------------------------------------------------------------------

def test_document_page_shows_the_record(clients):
    client = clients["läsare"]
    record_id = any_record_id(client, "narkotikahund Katrineholm")
    record = client.get(f"/api/documents/{record_id}").json()
    page = client.get(f"/dokument/{record_id}").text
    assert record["title"] in page
    for s in record["signatories"]:
        assert s["name"] in page
    assert record["activities"][0]["text"] in page
    assert "Liknande dokument" in page
    assert 'href="/dokument/' + record_id + '/original"' in page
    assert "Förnya" not in page  # a reader cannot draft


def test_document_original_download(clients, folder):
    client = clients["läsare"]
    record_id = any_record_id(client)
    record = client.get(f"/api/documents/{record_id}").json()
    response = client.get(f"/dokument/{record_id}/original")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    import hashlib

    assert hashlib.sha256(response.content).hexdigest() == record["source"]["sha256"]


def test_timeline_lists_the_municipalitys_documents_by_year(writable):
    client = log_in(make_client(writable), "arkivarie")
    later = ("Medborgarlöfte 2027 för Ljusdals kommun\n\nPolisen och Ljusdals kommun lovar att genomföra "
             "trygghetsvandringar i Ljusdal under 2027.\n")
    uploaded = client.post("/api/upload", headers={"x-csrf-token": csrf_of(client)},
                           files={"filer": ("ljusdal-2027.txt", later.encode("utf-8"), "text/plain")}).json()
    assert uploaded["files"][0]["status"] == "added"
    hits = client.get("/api/search?municipality=Ljusdal&limit=50").json()["hits"]
    assert len(hits) == 2
    page = client.get(f"/dokument/{uploaded['added'][0]}").text
    assert "Ljusdal genom åren" in page
    timeline = page.split('class="timeline"')[1].split("</ol>")[0]
    years = [int(y) for y in re.findall(r"<li[^>]*>(\d{4}):", timeline)]
    assert years == [2025, 2027]
    assert 'aria-current="true">2027: ' in timeline


@pytest.mark.parametrize("bad", ["0000000000000000", "..%2F..%2Fetc", "nope", "a.b"])
def test_unknown_document_ids(clients, bad):
    client = clients["läsare"]
    page = client.get(f"/dokument/{bad}")
    assert page.status_code == 404
    assert ("Det finns inget dokument med id" if "%2F" not in bad else "Sidan finns inte.") in page.text
    assert client.get(f"/dokument/{bad}/original").status_code == 404
    api = client.get(f"/api/documents/{bad}")
    assert api.status_code == 404 and api.json()["status"] == 404


def test_unknown_page_is_a_swedish_404(clients):
    response = clients["läsare"].get("/finns-inte")
    assert response.status_code == 404 and "Sidan finns inte." in response.text


# --- Aktiviteter and the basket --------------------------------------------------------------------

def test_activities_page_filters_by_theme_and_text(clients):
    client = clients["handläggare"]
    entries = client.get("/api/activities?theme=narkotika").json()
    page = client.get("/aktiviteter?tema=narkotika").text
    assert counted(len(entries), "aktivitet", "aktiviteter") in page
    assert entries[0]["text"] in page
    assert counted(len(entries[0]["municipalities"]), "kommun", "kommuner") in page
    assert f'href="/dokument/{entries[0]["record_ids"][0]}"' in page
    assert "Lägg till i utkast" in page
    assert "Lägg till i utkast" not in clients["läsare"].get("/aktiviteter").text
    merged = next(e for e in client.get("/api/activities").json() if len(e["wordings"]) > 1)
    listing = client.get("/aktiviteter", params={"q": merged["text"]}).text
    assert re.search(f'”{re.escape(merged["wordings"][1])}” – <a href="/dokument/[0-9a-f]{{16}}">', listing)
    text = client.get("/aktiviteter?q=trygghetsvandring").text
    assert "trygghetsvandring" in text.lower()
    assert client.get("/aktiviteter?tema=finns-inte").status_code == 400


def test_basket_fills_the_draft_form(folder):
    client = log_in(make_client(folder), "handläggare")
    entries = client.get("/api/activities").json()[:2]
    token = csrf_of(client)
    for e in entries:
        added = client.post("/utkast/korg", data={"csrf": token, "id": e["id"], "atgard": "lagg-till"},
                            headers={"accept": "application/json"})
        assert added.status_code == 200
    assert added.json() == {"basket": [e["id"] for e in entries],
                            "message": "Utkastet har 2 aktiviteter från katalogen."}
    form = client.get("/utkast").text
    for e in entries:
        assert f'value="{e["id"]}"' in form
    unknown = client.post("/utkast/korg", data={"csrf": token, "id": "A-finnsinte"},
                          headers={"accept": "application/json"})
    assert unknown.status_code == 404


# --- Nytt utkast ----------------------------------------------------------------------------------

def draft_fields(token: str, **extra) -> dict:
    fields = {
        "csrf": token, "mall": "medborgarlofte", "typ": "medborgarlofte", "kommun": "Ljusdal",
        "polisomrade": "Hudiksvall", "ar": "2027", "lagesbild": "Otryggt i centrum.",
        "fokus_antal": "1", "fokus-0-rader": "1", "fokus-0-titel": "Synlighet",
        "fokus-0-0-text": "Polisen genomför fotpatrullering i centrum varje fredag",
        "fokus-0-0-detaljer": "särskilt under sommaren", "fokus-0-0-aktorer": "polisen",
        "undertecknare_antal": "2", "undertecknare-0-namn": "Karin Olsson",
        "undertecknare-0-roll": "Kommunstyrelsens ordförande", "undertecknare-0-organisation": "Ljusdals kommun",
        "undertecknare-1-namn": "Per Andersson", "undertecknare-1-roll": "Lokalpolisområdeschef",
        "undertecknare-1-organisation": "Polisen", "ort": "Ljusdal", "datum": "2027-01-15", "atgard": "skapa",
    }
    fields.update(extra)
    return fields


def test_a_draft_is_made_and_reads_back(folder, tmp_path):
    from pipeline.extract import extract_file

    client = log_in(make_client(folder), "handläggare")
    page = client.post("/utkast", data=draft_fields(csrf_of(client)))
    assert page.status_code == 200 and "Utkastet är klart" in page.text
    link = re.search(r'href="(/utkast/fil/[^"]+\.docx)"', page.text).group(1)
    docx = client.get(link)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    (tmp_path / "u.docx").write_bytes(docx.content)
    record = extract_file(tmp_path / "u.docx")
    assert record.municipalities == ["Ljusdal"] and record.year == 2027
    assert any("fotpatrullering i centrum" in a.text for a in record.activities)
    assert {s.name for s in record.signatories} == {"Karin Olsson", "Per Andersson"}
    other = log_in(make_client(folder), "arkivarie")
    assert other.get(link).status_code == 404  # a draft is its author's


def test_draft_errors_are_shown_beside_their_fields(clients):
    client = clients["handläggare"]
    token = csrf_of(client)
    response = client.post("/utkast", data=draft_fields(token, kommun="", ar="tjugotjugosju", datum="2027-02-30",
                                                         **{"undertecknare-0-namn": "", "undertecknare-1-namn": ""}))
    assert response.status_code == 400
    html = response.text
    assert '<span class="field-error" id="kommun-fel">Ange kommunen.</span>' in html
    assert "”tjugotjugosju” är inte ett år (2027) eller en period (2027–2029)." in html
    assert "”2027-02-30” är inte ett datum (ÅÅÅÅ-MM-DD)." in html
    assert 'id="undertecknare-0-namn-fel">Ange namnet på den som skriver under.' in html
    assert re.search(r'id="kommun" name="kommun" value=""[^>]*aria-describedby="[^"]*kommun-fel"', html)


def test_an_unknown_municipality_is_named_beside_its_field(clients):
    client = clients["handläggare"]
    response = client.post("/utkast", data=draft_fields(csrf_of(client), kommun="Ljusdl"))
    assert response.status_code == 400
    assert "Det finns ingen kommun som heter ”Ljusdl”. Menade du Ljusdal?" in response.text
    assert 'id="kommun-fel"' in response.text


def test_more_rows_without_javascript(clients):
    client = clients["handläggare"]
    response = client.post("/utkast", data=draft_fields(csrf_of(client), atgard="fler-rader-0"))
    assert response.status_code == 200
    assert 'name="fokus-0-1-text"' in response.text and "Polisen genomför fotpatrullering" in response.text
    more = client.post("/utkast", data=draft_fields(csrf_of(client), atgard="fler-fokus"))
    assert "Fokusområde 2" in more.text


def test_renewal_based_on_an_archived_promise(clients):
    client = clients["handläggare"]
    record_id = any_record_id(client, "Ljusdal medborgarlöfte")
    record = client.get(f"/api/documents/{record_id}").json()
    form = client.get(f"/utkast?baserat_pa={record_id}").text
    assert "Förnyar" in form and record["activities"][0]["text"] in form
    assert f'value="{record["year"] + 1}"' in form
    assert client.get("/utkast?baserat_pa=0000000000000000").status_code == 404


def test_an_uploaded_template_must_pass_the_check(clients):
    client = clients["handläggare"]
    broken = client.post("/utkast", data=draft_fields(csrf_of(client), mall="egen"),
                         files={"mallfil": ("min mall.docx", b"inte en docx", "application/octet-stream")})
    assert broken.status_code == 400
    assert 'id="mallfil-fel"' in broken.text
    missing = client.post("/utkast", data=draft_fields(csrf_of(client), mall="egen"))
    assert "Välj en Word-mall (.docx) att ladda upp" in missing.text


# --- Arkiv ------------------------------------------------------------------------------------------

def test_archive_page_shows_stats_and_the_chart(clients):
    client = clients["läsare"]
    stats = client.get("/api/stats").json()
    page = client.get("/arkiv").text
    assert f"{counted(stats['documents'], 'dokument', 'dokument')} med" in page
    assert "<svg" in page and "Dokument per tema och år" in page
    assert "Ladda upp dokument" not in page  # a reader cannot upload
    checked = client.get("/arkiv?kontroll=1").text
    assert "Arkivet är i ordning" in checked


def test_upload_reports_each_file(writable):
    client = log_in(make_client(writable), "arkivarie")
    before = client.get("/api/stats").json()["documents"]
    token = csrf_of(client)
    good = "Medborgarlöfte 2027 för Orsa kommun\n\nPolisen och kommunen lovar trygghetsvandringar i Orsa.\n"
    files = [("filer", ("orsa.txt", good.encode("utf-8"), "text/plain")),
             ("filer", ("../../trasig.pdf", b"%PDF-1.7 inte alls en pdf", "application/pdf")),
             ("filer", ("bild.exe", b"MZ", "application/octet-stream"))]
    page = client.post("/arkiv/ladda-upp", data={"csrf": token}, files=files)
    assert page.status_code == 200
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"outcome-(\w+)\">[^<]+</td><td>([^<]+)</td></tr>", page.text)
    assert rows == [("orsa.txt", "added", "–"), ("trasig.pdf", "failed", "inte en läsbar PDF-fil"),
                    ("bild.exe", "failed", "filtypen .exe kan loften inte läsa")]
    assert client.get("/api/stats").json()["documents"] == before + 1
    stored = sorted(p.name for p in (writable / "uploads").iterdir())
    assert len(stored) == 2 and all(re.fullmatch(r"[0-9a-f]{16}\.(txt|pdf)", n) for n in stored)
    assert not (writable / "trasig.pdf").exists() and not (writable.parent / "trasig.pdf").exists()
    again = client.post("/api/upload", headers={"x-csrf-token": token},
                        files=[("filer", ("orsa.txt", good.encode("utf-8"), "text/plain"))]).json()
    archived_as = again["files"][0].pop("id")
    assert again["files"] == [{"name": "orsa.txt", "status": "unchanged", "reason": ""}]
    assert "Orsa" in client.get(f"/api/documents/{archived_as}").json()["municipalities"]
    changed = client.post("/api/upload", headers={"x-csrf-token": token},
                          files=[("filer", ("orsa.txt", (good + "Uppföljning sker varje år.\n").encode(), "text/plain"))])
    assert changed.json()["files"][0]["status"] == "updated"


def test_an_empty_upload_and_a_too_large_one(writable):
    client = log_in(make_client(writable, max_upload_bytes=2048), "arkivarie")
    token = csrf_of(client)
    empty = client.post("/arkiv/ladda-upp", data={"csrf": token})
    assert empty.status_code == 400 and "Välj minst en fil att ladda upp." in empty.text
    big = client.post("/arkiv/ladda-upp", data={"csrf": token},
                      files={"filer": ("stor.txt", b"x" * 10_000, "text/plain")})
    assert big.status_code == 413
    assert "större än vad loften tar emot" in big.text
    assert not (writable / "uploads").exists()


def test_remove_takes_a_document_out(writable):
    client = log_in(make_client(writable), "arkivarie")
    record_id = any_record_id(client)
    response = client.post("/arkiv/ta-bort", data={"csrf": csrf_of(client), "id": record_id})
    assert response.status_code == 200 and f"Dokumentet {record_id} ligger nu i papperskorgen" in response.text
    assert f'href="/dokument/{record_id}"' in response.text.split("Papperskorgen</h2>")[1]
    assert record_id not in [h["id"] for h in client.get("/api/search?q=narkotikahund").json()["hits"]]
    trashed = client.get(f"/dokument/{record_id}").text
    assert "Dokumentet ligger i papperskorgen" in trashed and "Återställ dokumentet" in trashed
    assert client.get(f"/dokument/{record_id}/original").status_code == 200  # nothing is lost
    restored = client.post("/arkiv/aterstall", data={"csrf": csrf_of(client), "id": record_id})
    assert restored.status_code == 200 and f"Dokumentet {record_id} är återställt." in restored.text
    assert record_id in [h["id"] for h in client.get("/api/search?q=narkotikahund").json()["hits"]]
    assert client.post("/arkiv/aterstall", data={"csrf": csrf_of(client), "id": "0000000000000000"}).status_code == 404


# --- Användare ---------------------------------------------------------------------------------------

def test_admin_manages_users(writable):
    client = log_in(make_client(writable), "admin")
    token = csrf_of(client)
    added = client.post("/anvandare", data={"csrf": token, "atgard": "lagg-till", "namn": "nina",
                                            "roll": "handläggare", "losenord": "ett-långt-lösen"})
    assert "Användaren nina är sparad." in added.text
    short = client.post("/anvandare", data={"csrf": token, "atgard": "lagg-till", "namn": "ola",
                                            "roll": "läsare", "losenord": "kort"})
    assert short.status_code == 400 and "minst 10 tecken" in short.text
    client.post("/anvandare", data={"csrf": token, "atgard": "roll", "namn": "nina", "roll": "arkivarie"})
    assert "<td>nina</td><td>arkivarie</td>" in client.get("/anvandare").text
    self_removal = client.post("/anvandare", data={"csrf": token, "atgard": "ta-bort", "namn": "adam"})
    assert self_removal.status_code == 400
    client.post("/anvandare", data={"csrf": token, "atgard": "ta-bort", "namn": "nina"})
    assert "<td>nina</td>" not in client.get("/anvandare").text


# --- the API ------------------------------------------------------------------------------------------

def test_api_shapes_match_the_cli(clients, folder):
    from click.testing import CliRunner

    import json

    from pipeline.cli import cli

    client = clients["läsare"]
    args = ["--corpus", str(folder / "corpus"), "--index", str(folder / "index"), "--json"]
    run = lambda *a: json.loads(CliRunner().invoke(cli, [*a, *args]).output)
    assert client.get("/api/stats").json() == run("stats")
    record_id = any_record_id(client)
    assert client.get(f"/api/documents/{record_id}").json() == run("show", record_id)
    assert client.get("/api/activities?theme=trafik").json() == run("activities", "--theme", "trafik")
    assert client.get("/api/search?q=trafik&limit=5").json() == run("search", "trafik", "--limit", "5")


def test_security_headers(clients):
    response = clients["läsare"].get("/sok")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


def test_basket_works_without_javascript(folder):
    client = log_in(make_client(folder), "handläggare")
    entry = client.get("/api/activities").json()[0]
    back = "http://testserver/aktiviteter?tema=trafik"
    response = client.post("/utkast/korg", data={"csrf": csrf_of(client), "id": entry["id"], "atgard": "lagg-till"},
                           headers={"referer": back}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/aktiviteter?tema=trafik"
    assert "Utkastet har 1 aktivitet från katalogen." in client.get("/aktiviteter").text
    elsewhere = client.post("/utkast/korg", data={"csrf": csrf_of(client), "atgard": "tom"},
                            headers={"referer": "https://example.org/"}, follow_redirects=False)
    assert elsewhere.headers["location"] == "/aktiviteter"  # never back to another site
    assert "Inga aktiviteter valda till utkastet ännu." in client.get("/aktiviteter").text


def test_a_pdf_a_draft_where_libreoffice_is_installed(folder):
    from pipeline.office import find_soffice

    client = log_in(make_client(folder), "handläggare")
    form = client.get("/utkast").text
    if find_soffice() is None:
        assert "PDF/A kan inte skapas här: LibreOffice är inte installerat på servern." in form
        pytest.skip("LibreOffice (soffice) is not installed: the page says so, which is checked")
    page = client.post("/utkast", data=draft_fields(csrf_of(client), atgard="pdf"))
    assert page.status_code == 200, page.text[:500]
    link = re.search(r'href="(/utkast/fil/[^"]+\.pdf)"', page.text).group(1)
    pdf = client.get(link)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"pdfaid:part" in pdf.content  # PDF/A identification in the XMP metadata


def test_other_municipalities_places_are_replaced_or_warned(folder):
    client = log_in(make_client(folder), "handläggare")
    entry = next(e for e in client.get("/api/activities").json() if "i Östersund" in e["text"])
    reused = draft_fields(csrf_of(client), **{"fokus-0-0-id": entry["id"], "fokus-0-0-original": entry["text"],
                                             "fokus-0-0-text": entry["text"]})
    page = client.post("/utkast", data=reused).text
    assert "Orter från andra kommuner är ersatta med en lucka att fylla i:" in page
    assert "“Östersund” (Östersunds kommun) ersatt med [fyll i ort]" in page
    typed = draft_fields(csrf_of(client), **{"fokus-0-0-text": "Polisen patrullerar i Östersund varje fredag"})
    warned = client.post("/utkast", data=typed).text
    assert "Varning: andra kommuners orter finns kvar i utkastet." in warned
    assert "“Östersund” hör till Östersunds kommun, inte till Ljusdals kommun" in warned
    strict = client.post("/utkast", data={**typed, "strikt": "1"})
    assert strict.status_code == 400
    assert "--strict: andra kommuners orter finns kvar i utkastet" in strict.text
    assert "Utkastet är klart" not in strict.text


def test_an_uploaded_template_that_reaches_python_internals_is_refused(clients, tmp_path):
    import docx

    template = docx.Document()
    template.add_paragraph("{{ cycler.__init__.__globals__.os.popen('id').read() }}")
    template.add_paragraph("{{ title }}")
    template.save(tmp_path / "mall.docx")
    client = clients["handläggare"]
    response = client.post("/utkast", data=draft_fields(csrf_of(client), mall="egen"),
                           files={"mallfil": ("mall.docx", (tmp_path / "mall.docx").read_bytes(), DOCX)})
    assert response.status_code == 400
    error = re.search(r'id="mallfil-fel">([^<]+)<', response.text).group(1)
    assert error.startswith("Mallen klarar inte kontrollen:")
    assert "uid=" not in response.text and "Utkastet är klart" not in response.text


def test_an_uploaded_template_that_passes_the_check_is_used(clients, tmp_path):
    import docx

    from pipeline.draft.templates import resolve_template

    own = tmp_path / "egen.docx"
    own.write_bytes(resolve_template("medborgarlofte").read_bytes())
    document = docx.Document(own)
    document.add_paragraph("Egen mall för Ljusdal")
    document.save(own)
    client = clients["handläggare"]
    page = client.post("/utkast", data=draft_fields(csrf_of(client), mall="egen"),
                       files={"mallfil": ("../../egen mall.docx", own.read_bytes(), DOCX)})
    assert page.status_code == 200, page.text[:400]
    link = re.search(r'href="(/utkast/fil/[^"]+\.docx)"', page.text).group(1)
    (tmp_path / "ut.docx").write_bytes(client.get(link).content)
    assert "Egen mall för Ljusdal" in "\n".join(p.text for p in docx.Document(tmp_path / "ut.docx").paragraphs)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.mark.parametrize("english, swedish", [
    ("PDF is encrypted (password protected)", "PDF-filen är krypterad (lösenordsskyddad)"),
    ("DOCX unpacks to 900 MB in one part (packed 1,000 to 1): a zip bomb, not a document",
     "filen packas upp till orimligt mycket (en zip-bomb, inte ett dokument)"),
    ("file is 61.0 MB, over the 50.0 MB limit", "filen är för stor"),
    ("a reason no one has written down", "a reason no one has written down"),
])
def test_upload_reasons_are_shown_in_swedish(english, swedish):
    from pipeline.web.labels import reason

    assert reason(english) == swedish
