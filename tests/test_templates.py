"""The built-in Word templates and `check_template` for templates users bring."""

from __future__ import annotations

import json
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docxtpl import DocxTemplate

from pipeline.cli import cli
from pipeline.draft import check_template
from pipeline.draft.build_templates import build_all
from pipeline.draft.context import CONTEXT_FIELDS
from pipeline.draft.templates import BUILTIN, resolve_template, templates_dir
from pipeline.errors import TemplateError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(params=BUILTIN)
def builtin(request):
    return resolve_template(request.param)


def test_every_template_variable_is_provided_by_the_spec_model(builtin):
    variables = DocxTemplate(str(builtin)).get_undeclared_template_variables()
    assert {"title", "focus_areas", "signatories"} <= variables
    assert variables <= CONTEXT_FIELDS
    report = check_template(builtin)
    assert report.ok and report.unknown == []
    assert any(loop.startswith("for area in focus_areas") for loop in report.loops)


def test_committed_templates_match_the_build_script(tmp_path):
    for built in build_all(tmp_path):
        committed = templates_dir() / built.name
        with zipfile.ZipFile(built) as a, zipfile.ZipFile(committed) as b:
            for part in ("word/document.xml", "word/styles.xml", "word/numbering.xml"):
                assert a.read(part) == b.read(part), f"{committed} is stale: run python -m pipeline.draft.build_templates"


def _bullet_levels(document) -> dict[str, tuple[str, str]]:
    """numId -> (numFmt of level 0, numFmt of level 1), read from numbering.xml."""
    numbering = document.part.numbering_part.element
    abstract = {
        a.get(qn("w:abstractNumId")): {lvl.get(qn("w:ilvl")): lvl.find(qn("w:numFmt")).get(qn("w:val"))
                                       for lvl in a.iter(qn("w:lvl"))}
        for a in numbering.iter(qn("w:abstractNum"))
    }
    return {
        n.get(qn("w:numId")): (abstract[aid].get("0"), abstract[aid].get("1"))
        for n in numbering.iter(qn("w:num"))
        for aid in [n.find(qn("w:abstractNumId")).get(qn("w:val"))]
    }


def test_activities_are_real_word_bullets_on_two_levels(builtin):
    document = docx.Document(str(builtin))
    levels = _bullet_levels(document)
    for style, level in (("List Bullet", "0"), ("List Bullet 2", "1")):
        num_pr = document.styles[style].element.pPr.find(qn("w:numPr"))
        assert num_pr.find(qn("w:ilvl")).get(qn("w:val")) == level
        assert levels[num_pr.find(qn("w:numId")).get(qn("w:val"))] == ("bullet", "bullet")
    bullets = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("List Bullet")}
    assert bullets == {"{{ activity.text }}": "List Bullet", "{{ detail }}": "List Bullet 2"}
    assert not any(p.text.lstrip().startswith("•") for p in document.paragraphs)
    headings = {p.text: p.style.name for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert headings["{{ area.title }}"] == "Heading 2"
    assert headings["Lägesbild"] == headings["Uppföljning"] == "Heading 1"


def test_signature_block_cannot_split(builtin):
    document = docx.Document(str(builtin))
    (table,) = document.tables
    texts = [row.cells[0].text for row in table.rows]
    assert texts[1:] == ["Namnförtydligande: {{ signatory.name }}", "Titel: {{ signatory.role }}",
                         "Organisation: {{ signatory.organisation }}", "Ort och datum: {{ signatory.place_date }}"]
    assert set(texts[0]) == {"_"}
    for i, row in enumerate(table.rows):
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        assert row.cells[0].paragraphs[0].paragraph_format.keep_with_next is (i < len(table.rows) - 1)


def _template(tmp_path, *lines: str):
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    path = tmp_path / "egen-mall.docx"
    document.save(str(path))
    return path


def test_own_template_variables_loops_and_unknowns(tmp_path):
    path = _template(tmp_path, "Kommunens logga", "{{ title }}", "Kontakt: {{ kontaktperson }}",
                     "{%p for area in focus_areas %}", "{{ area.title }}", "{%p endfor %}")
    report = check_template(path)
    assert report.ok
    assert report.variables == ["focus_areas", "kontaktperson", "title"]
    assert report.unknown == ["kontaktperson"]
    assert report.loops == ["for area in focus_areas (stycke 4)"]


@pytest.mark.parametrize("lines, where, message, text", [
    (("Rubrik", "{%p for area in focus_areas %}", "{{ area.title }}"),
     "stycke 2", "“for” stängs aldrig med “endfor”", "{%p for area in focus_areas %}"),
    (("{{ title }}", "{%p endif %}"), "stycke 2", "“endif” stänger ingenting (inget block är öppet)", "{%p endif %}"),
    (("Rubrik", "Ansvarig: {{ signatory.name }", "Slut"),
     "stycke 2", "“{{” stängs aldrig med “}}”", "Ansvarig: {{ signatory.name }"),
    (("Text", "Datum: {{ date | }}"), "stycke 2",
     "ogiltig mallsyntax (expected token 'name', got 'end of print statement')", "Datum: {{ date | }}"),
])
def test_broken_tags_are_located_with_their_text(tmp_path, lines, where, message, text):
    report = check_template(_template(tmp_path, *lines))
    assert not report.ok
    problem = report.problems[0]
    assert (problem.where, problem.message, problem.text) == (where, message, text)


def test_not_a_word_file(tmp_path):
    path = tmp_path / "mall.docx"
    path.write_text("inte en docx", encoding="utf-8")
    with pytest.raises(TemplateError, match="inte en läsbar Word-fil"):
        check_template(path)


def test_cli_template_check(tmp_path, builtin):
    runner = CliRunner()
    result = runner.invoke(cli, ["template", "check", str(builtin), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ok"] is True

    broken = _template(tmp_path, "{%p for area in focus_areas %}")
    result = runner.invoke(cli, ["template", "check", str(broken)])
    assert result.exit_code == 1
    assert ("Problem: stycke 1: “for” stängs aldrig med “endfor”: “{%p for area in focus_areas %}”"
            in result.output.splitlines())


def test_builtin_template_opens_in_libreoffice(tmp_path, builtin):
    from pipeline.draft.pdf import convert_to_pdf, find_soffice

    if not find_soffice():
        pytest.skip("LibreOffice (soffice) is not installed")
    import pdfplumber

    pdf = convert_to_pdf(builtin, tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages)
    assert "{{ title }}" in text and "Namnförtydligande: {{ signatory.name }}" in text
