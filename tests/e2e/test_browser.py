"""The web app in a real Chromium: the jobs of a coordinator, a handläggare and an archivist,
a refusal, and axe-core on every page."""

from __future__ import annotations

import re

from conftest import log_in

from pipeline.web.labels import theme_label


def _hits(page) -> int:
    heading = page.locator("#resultat").inner_text()
    return int(re.match(r"([\d\u00a0]+) träff", heading).group(1).replace("\u00a0", ""))


def test_log_in_search_and_narrow_by_a_facet(page, axe):
    page.goto("/sok?q=trafik")
    assert "/logga-in" in page.url  # not logged in: the login page, which then returns here
    page.get_by_label("Användarnamn").fill("lisa")
    page.get_by_label("Lösenord").fill("lösenord-lisa-1")
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(re.compile(r"/sok\?q=trafik"))
    before = _hits(page)
    assert before >= 2
    assert page.locator(".hit mark").count() > 0  # the snippets mark the matched words
    facet = page.locator("aside.facets ul[aria-labelledby=facet-municipality] a").first
    municipality = facet.inner_text()
    facet.click()
    page.wait_for_url(re.compile(r"kommun="))
    after = _hits(page)
    assert 1 <= after < before
    metas = page.locator(".hit .meta").all_inner_texts()
    assert metas and all(municipality in m for m in metas), (municipality, metas)
    assert page.get_by_role("link", name=re.compile(f"Kommun: {municipality}")).is_visible()
    page.go_back()  # the URL holds the state: Back gives the wider search again
    page.wait_for_url(re.compile(r"/sok\?q=trafik$"))
    assert _hits(page) == before
    axe(page)


def test_open_a_document(page, axe):
    log_in(page, "läsare")
    page.goto("/sok?q=narkotikahund&kommun=Katrineholm")
    first = page.locator(".hit h3 a").first
    title = first.inner_text()
    first.click()
    page.wait_for_url(re.compile(r"/dokument/[0-9a-f]{16}$"))
    assert page.locator("h1").inner_text() == title
    assert page.get_by_role("heading", name="Fokusområden och aktiviteter").is_visible()
    assert page.get_by_role("heading", name="Undertecknare").is_visible()
    assert len(page.locator("ul.signatories li").all()) == 2
    themes = page.locator("dl.record ul.tags li").all_inner_texts()
    assert theme_label("narkotika") in themes
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Ladda ner originalet")).click()
    assert download.value.suggested_filename.startswith(page.url.rsplit("/", 1)[1])
    axe(page)


DRAFT_FIELDS = {  # label -> what the user types
    "Kommun": "Ljusdal", "Lokalpolisområde": "Hudiksvall", "År eller period": "2027",
    "Rubrik för fokusområde 1": "Trygghet i centrum", "Lägesbild": "Otryggheten är störst i centrum på kvällarna.",
    "Namn, undertecknare 1": "Karin Olsson", "Roll, undertecknare 1": "Kommunstyrelsens ordförande",
    "Organisation, undertecknare 1": "Ljusdals kommun", "Namn, undertecknare 2": "Per Andersson",
    "Roll, undertecknare 2": "Lokalpolisområdeschef", "Organisation, undertecknare 2": "Polisen",
    "Ort": "Ljusdal", "Datum": "2027-01-15",
}


def test_draft_from_two_catalogue_activities(page, axe, tmp_path):
    from pipeline.extract import extract_file

    log_in(page, "handläggare")
    page.goto("/aktiviteter")
    entries = page.locator("ol.catalogue > li")
    chosen = [entries.nth(i).locator(".wording").inner_text() for i in (0, 1)]
    for i in (0, 1):
        entries.nth(i).get_by_role("button", name=re.compile("Lägg till i utkast")).click()
        page.locator(f"ol.catalogue > li >> nth={i} >> button:has-text('Tillagd i utkastet')").wait_for()
    assert "2 aktiviteter" in page.locator("#korg-status").inner_text()
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Nytt utkast").click()
    assert page.get_by_label("Aktivitet 1 i fokusområde 1").input_value() == chosen[0]
    assert page.get_by_label("Aktivitet 2 i fokusområde 1").input_value() == chosen[1]
    for label, value in DRAFT_FIELDS.items():
        page.get_by_label(re.compile("^" + re.escape(label))).fill(value)
    page.get_by_role("button", name="Skapa utkast (Word)").click()
    page.get_by_role("heading", name="Utkastet är klart").wait_for()
    assert page.get_by_role("button", name="Arkivera utkastet").count() == 0  # a handläggare may not upload
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner Word-filen").click()
    docx = tmp_path / "utkast.docx"
    download.value.save_as(docx)
    record = extract_file(docx)
    assert record.municipalities == ["Ljusdal"]
    assert record.year == 2027
    texts = " ".join(a.text for a in record.activities)
    for wording in chosen:  # in Ljusdal's own wording where Ljusdal used the activity itself
        entry = next(e for e in page.request.get("/api/activities").json() if e["text"] == wording)
        own = [x["text"] for x in entry["examples"] if "Ljusdal" in x["municipalities"]]
        assert (own[0] if own else wording).rstrip(".") in texts, (wording, own, texts)
    assert {s.name for s in record.signatories} == {"Karin Olsson", "Per Andersson"}
    axe(page)


def test_an_archivist_archives_a_finished_draft(page, axe):
    log_in(page, "arkivarie")
    page.goto("/utkast")
    for label, value in {**DRAFT_FIELDS, "Kommun": "Nordanstig", "Ort": "Bergsjö",
                         "Aktivitet 1 i fokusområde 1": "Polisen genomför trygghetsvandringar i Bergsjö."}.items():
        page.get_by_label(re.compile("^" + re.escape(label))).fill(value)
    page.get_by_role("button", name="Skapa utkast (Word)").click()
    page.get_by_role("heading", name="Utkastet är klart").wait_for()
    page.get_by_role("button", name="Arkivera utkastet").click()
    status = page.locator("p.success[role=status]")
    assert "Utkastet är arkiverat som dokument" in status.inner_text()
    axe(page)
    status.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/dokument/[0-9a-f]{16}$"))
    assert "Nordanstig" in page.locator("dl.record").inner_text()
    axe(page)


DROP = """([selector, files]) => {
    const data = new DataTransfer();
    for (const [name, b64] of files) {
        const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
        data.items.add(new File([bytes], name));
    }
    const zone = document.querySelector(selector);
    for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, {dataTransfer: data, bubbles: true, cancelable: true}));
    }
}"""


def drop_files(page, selector: str, paths) -> None:
    """What a user's drag and drop does: drag events carrying the files, on the element."""
    import base64

    page.evaluate(DROP, [selector, [[p.name, base64.b64encode(p.read_bytes()).decode()] for p in paths]])


def test_upload_a_batch_with_one_corrupt_file(page, axe, tmp_path):
    good = tmp_path / "medborgarlofte-orsa-2027.txt"
    good.write_text("Medborgarlöfte 2027 för Orsa kommun\n\nPolisen och Orsa kommun lovar att "
                    "genomföra trygghetsvandringar i Orsa centrum under 2027.\n", encoding="utf-8")
    corrupt = tmp_path / "trasig.pdf"
    corrupt.write_bytes(b"%PDF-1.7\n this is not a PDF at all \x00\x01\x02")
    log_in(page, "arkivarie")
    page.goto("/arkiv")
    before = page.locator("main p").filter(has_text=re.compile(r"dokument med")).inner_text()
    drop_files(page, ".dropzone", [good, corrupt])  # dragged onto the upload area
    assert page.locator(".chosen-files li").all_inner_texts() == [good.name, corrupt.name]
    assert page.evaluate("() => document.getElementById('filer').files.length") == 2
    page.get_by_role("button", name="Ladda upp och arkivera").click()
    page.get_by_role("heading", name="Resultat av uppladdningen").wait_for()
    rows = [r.locator("td").all_inner_texts() for r in page.locator("table[aria-labelledby=resultat] tbody tr").all()]
    assert rows[0][:2] == [good.name, "tillagd"]
    assert rows[1][:2] == [corrupt.name, "misslyckades"]
    assert rows[1][2] == "inte en läsbar PDF-fil"
    after = page.locator("main p").filter(has_text=re.compile(r"dokument med")).inner_text()
    assert int(after.split()[0]) == int(before.split()[0]) + 1
    axe(page)


def test_a_reader_is_refused_and_nothing_changes(page, axe):
    log_in(page, "läsare")
    assert page.get_by_role("link", name="Nytt utkast").count() == 0  # not offered at all
    response = page.goto("/utkast")
    assert response.status == 403
    assert "Din roll (läsare) får inte skriva utkast" in page.locator("[role=alert]").inner_text()
    page.goto("/arkiv")
    count = page.locator("main p").filter(has_text=re.compile(r"dokument med")).inner_text()
    assert page.get_by_role("heading", name="Ladda upp dokument").count() == 0
    token = page.evaluate("() => document.querySelector('input[name=csrf]').value")
    refused = page.request.post("/arkiv/ladda-upp", multipart={
        "csrf": token, "filer": {"name": "x.txt", "mimeType": "text/plain", "buffer": "Medborgarlöfte".encode()}})
    assert refused.status == 403
    page.reload()
    assert page.locator("main p").filter(has_text=re.compile(r"dokument med")).inner_text() == count
    page.goto("/utkast")
    axe(page)


PAGES = (
    ("sok", "/sok"),
    ("sok-traffar", "/sok?q=trygghetsvandring&sortera=ar"),
    ("sok-fel", '/sok?q=%22otrygg'),
    ("aktiviteter", "/aktiviteter?tema=narkotika"),
    ("utkast", "/utkast"),
    ("arkiv", "/arkiv?kontroll=1"),
    ("anvandare", "/anvandare"),
    ("saknas", "/dokument/0000000000000000"),
)


def test_every_page_passes_axe(page, axe):
    from conftest import SCREENSHOTS

    page.goto("/logga-in")
    axe(page)
    page.keyboard.press("Tab")  # the keyboard's first stop is the skip link, and it shows
    skip = page.locator("a.skip")
    assert skip.evaluate("e => e === document.activeElement") and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "innehall"
    log_in(page, "admin")
    page.goto("/sok?q=narkotikahund")
    document = page.locator(".hit h3 a").first.get_attribute("href")
    for name, url in (*PAGES, ("dokument", document)):
        page.goto(url)
        axe(page)
        page.screenshot(path=str(SCREENSHOTS / f"sida-{name}.png"), full_page=True)
    page.goto("/utkast")
    page.get_by_role("button", name="Skapa utkast (Word)").click()  # empty: errors beside fields
    assert page.locator("#kommun-fel").inner_text() == "Ange kommunen."
    assert page.get_by_label(re.compile("^Kommun")).get_attribute("aria-invalid") == "true"
    axe(page)
