"""Spec values are data wherever they land: never template code, never Word XML, one paragraph."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from pipeline.draft import draft
from pipeline.draft.pdf import convert_to_pdf, find_soffice
from pipeline.draft.spec import spec_from_dict
from tests.test_draft import spec_dict

NASTY = ["{{ 7*7 }}", "{% for %}", "</w:t></w:r></w:p><w:p><w:r><w:t>X", "]]>", "a\x07b\x0cc\x00d"]
SHOWN = {"a\x07b\x0cc\x00d": "a b c d"}  # control characters Word's XML cannot hold become spaces


def _set(path: str):
    """A setter that puts a value at one place in a spec dict."""
    def setter(spec: dict, value: str) -> None:
        target = spec
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if last == "details" or last == "actors":
            target[last] = [value]
        else:
            target[last] = value
    return setter


FIELDS = {
    "lagesbild": lambda spec, value: spec.update(lagesbild=f"{value}\n\nOron gäller centrum på kvällstid."),
    "focus area title": _set("focus_areas.0.title"),
    "activity text": _set("focus_areas.0.activities.0.text"),
    "detail": _set("focus_areas.0.activities.0.details"),
    "actor": _set("focus_areas.0.activities.0.actors"),
    "signatory name": _set("signatories.0.name"),
    "signatory role": _set("signatories.0.role"),
    "signatory organisation": _set("signatories.0.organisation"),
    "signatory place": _set("signatories.0.place"),
    "place": _set("place"),
    "followup": _set("followup"),
    "police area": _set("police_area"),
    "party": lambda spec, value: spec.update(parties=["Malung-Sälens kommun", "Polisen", value]),
}


def _paragraphs(path) -> list[str]:
    document = docx.Document(str(path))
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p"))]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    out = tmp_path_factory.mktemp("baseline") / "lofte.docx"
    draft(spec_from_dict(spec_dict()), out)
    return len(_paragraphs(out))


@pytest.mark.parametrize("value", NASTY)
@pytest.mark.parametrize("field", sorted(FIELDS))
def test_value_comes_out_literally_in_one_paragraph(tmp_path, baseline, field, value):
    spec = spec_dict()
    FIELDS[field](spec, value)
    out = tmp_path / "lofte.docx"
    draft(spec_from_dict(spec), out)
    paragraphs = _paragraphs(out)
    shown = SHOWN.get(value, value)
    assert any(shown in p for p in paragraphs), (field, paragraphs)
    assert len(paragraphs) == baseline  # nothing split a paragraph or added one
    assert not any("49" in p for p in paragraphs)  # {{ 7*7 }} was never evaluated


@pytest.mark.parametrize("value", NASTY)
def test_own_template_key_is_data(tmp_path, value):
    template = docx.Document()
    template.add_paragraph("{{ title }}")
    template.add_paragraph("Kontakt: {{ kontakt.namn }}, {{ kontakt.telefon }}")
    path = tmp_path / "egen.docx"
    template.save(str(path))
    out = tmp_path / "ut.docx"
    draft(spec_from_dict(spec_dict(kontakt={"namn": value, "telefon": "010-123 45 67"})), out, template=path)
    assert _paragraphs(out) == ["Medborgarlöfte 2027 för Malung-Sälens kommun",
                                f"Kontakt: {SHOWN.get(value, value)}, 010-123 45 67"]


@pytest.mark.skipif(not find_soffice(), reason="LibreOffice (soffice) is not installed")
def test_document_with_every_field_hostile_opens_in_libreoffice(tmp_path):
    import pdfplumber

    spec = spec_dict()
    value = " ".join(NASTY[:4])
    for field in sorted(FIELDS):
        FIELDS[field](spec, f"{field}: {value}")
    out = tmp_path / "lofte.docx"
    draft(spec_from_dict(spec), out)
    pdf = convert_to_pdf(out, tmp_path)
    with pdfplumber.open(pdf) as document:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in document.pages)
    for field in ("lagesbild", "activity text", "followup", "signatory name"):
        assert f"{field}: {value}" in text, field
