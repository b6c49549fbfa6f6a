"""Build the two built-in Word templates in templates/ (run: python -m pipeline.draft.build_templates).

python-docx makes the structure and styles; Jinja tags for docxtpl are plain text in their
own paragraphs ({%p ... %}), so a person can open the .docx in Word and see the logic.
Activities are real Word bullets: the List Bullet styles point at a bullet numbering
definition (level 0 for activities, level 1 for their details), not typed "•".
Each signatory gets a table whose rows cannot split and whose lines keep together, so a
signature block never breaks across pages. Every style is set in Arial, which Word has on
every Windows machine and LibreOffice maps to the metric-compatible Liberation Sans, and the
footer numbers the pages "Sida 2 av 3" with Word fields.
"""

from __future__ import annotations

import sys
from pathlib import Path

BULLET_NUM_ID = 90
BULLET_ABSTRACT_ID = 90
BULLETS = ("•", "–")  # level 0 (activity), level 1 (detail)
SIGNATURE_LINE = "_" * 40
PARAGRAPH_SPACE = 8  # points after a paragraph: clear enough that PDF readers see paragraphs apart
LIST_SPACE = 2
MARGIN_CM = 2.5
TITLE_POINTS = 20  # small enough that a one-municipality title fits on one line
FONT = "Arial"
FOOTER_POINTS = 9


def _bullet_numbering(document) -> None:
    """A two-level bullet list definition, and List Bullet / List Bullet 2 bound to its levels."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{bullet}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{360 + 360 * i}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, bullet in enumerate(BULLETS)
    )
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{BULLET_ABSTRACT_ID}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )
    first_num = numbering.find(f'{{{abstract.nsmap["w"]}}}num')
    if first_num is not None:
        first_num.addprevious(abstract)  # abstractNum elements must come before num elements
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{BULLET_NUM_ID}"><w:abstractNumId w:val="{BULLET_ABSTRACT_ID}"/></w:num>'
    ))
    for style_name, level in (("List Bullet", 0), ("List Bullet 2", 1)):
        _set_num(document.styles[style_name].element.get_or_add_pPr(), level)


def _set_num(ppr, level: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn

    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    ppr.insert(0, parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{BULLET_NUM_ID}"/></w:numPr>'
    ))


def _a4(document) -> None:
    from docx.shared import Cm

    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(MARGIN_CM)


def _tag(document, text: str) -> None:
    """A paragraph holding only a docxtpl {%p %} tag; docxtpl removes it when rendering."""
    document.add_paragraph(text)


def _bullet(document, text: str, level: int) -> None:
    """A bullet paragraph with its numbering on the paragraph too, for readers that ignore styles."""
    paragraph = document.add_paragraph(text, style="List Bullet" if level == 0 else "List Bullet 2")
    _set_num(paragraph._p.get_or_add_pPr(), level)


def _arial(fonts) -> None:
    """Arial for every script, and no theme font that would override it."""
    from docx.oxml.ns import qn

    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):  # asciiTheme, hAnsiTheme, eastAsiaTheme, cstheme
            del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _fonts(document) -> None:
    """Arial in the defaults, in every style, and in the table styles' conditional formats."""
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in [defaults, *(s.element.get_or_add_rPr() for s in document.styles if s.type != 4)]:
        if rpr.find(qn("w:rFonts")) is None:  # numbering styles (type 4) carry no run properties
            rpr.insert(0, rpr.makeelement(qn("w:rFonts"), {}))
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        _arial(fonts)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out the page."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph._p.append(parse_xml(
        f'<w:fldSimple {nsdecls("w")} w:instr="{instruction}"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
    ))


def _page_numbers(document) -> None:
    """'Sida 2 av 3' centred in every page's footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from pipeline.draft.labels import label

    before, between = label("page_number")
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(before).font.size = Pt(FOOTER_POINTS)
    _field(paragraph, "PAGE")
    paragraph.add_run(between).font.size = Pt(FOOTER_POINTS)
    _field(paragraph, "NUMPAGES")


def _base(title_hint: str):
    import docx
    from docx.shared import Pt

    document = docx.Document()
    _bullet_numbering(document)
    _fonts(document)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(PARAGRAPH_SPACE)
    for style in ("List Bullet", "List Bullet 2"):
        document.styles[style].paragraph_format.space_after = Pt(LIST_SPACE)
    _a4(document)
    document.core_properties.title = title_hint
    document.core_properties.language = "sv-SE"
    document.core_properties.author = "loften"
    document.styles["Title"].font.size = Pt(TITLE_POINTS)
    _page_numbers(document)
    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ opening }}")
    return document


def _lagesbild(document) -> None:
    _tag(document, "{%p if lagesbild %}")
    document.add_heading("Lägesbild", level=1)
    _tag(document, "{%p for paragraph in lagesbild %}")
    document.add_paragraph("{{ paragraph }}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endif %}")


def _focus_areas(document) -> None:
    _tag(document, "{%p for area in focus_areas %}")
    document.add_heading("{{ area.title }}", level=2)
    _tag(document, "{%p for activity in area.activities %}")
    _bullet(document, "{{ activity.text }}", 0)
    _tag(document, "{%p for detail in activity.details %}")
    _bullet(document, "{{ detail }}", 1)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")


def _followup(document) -> None:
    _tag(document, "{%p if followup %}")
    document.add_heading("Uppföljning", level=1)
    document.add_paragraph("{{ followup }}")
    _tag(document, "{%p endif %}")


def _keep_together(row, last: bool) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from docx.shared import Pt

    row._tr.get_or_add_trPr().append(parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    for paragraph in row.cells[0].paragraphs:
        paragraph.paragraph_format.space_after = Pt(PARAGRAPH_SPACE)
        paragraph.paragraph_format.keep_together = True
        paragraph.paragraph_format.keep_with_next = not last


def _signatures(document) -> None:
    from docx.shared import Pt

    document.add_heading("Underskrifter", level=1)
    _tag(document, "{%p for signatory in signatories %}")
    lines = [
        SIGNATURE_LINE,
        "Namnförtydligande: {{ signatory.name }}",
        "Titel: {{ signatory.role }}",
        "Organisation: {{ signatory.organisation }}",
        "Ort och datum: {{ signatory.place_date }}",
    ]
    spacer = document.add_paragraph()
    spacer.paragraph_format.keep_with_next = True
    spacer.paragraph_format.space_before = Pt(18)
    table = document.add_table(rows=len(lines), cols=1)
    for i, (row, text) in enumerate(zip(table.rows, lines)):
        row.cells[0].paragraphs[0].text = text
        _keep_together(row, last=i == len(lines) - 1)
    _tag(document, "{%p endfor %}")


def _body(document, path: Path) -> None:
    """What both templates share after their parties: police area, lägesbild, focus areas,
    follow-up and signatures."""
    _tag(document, "{%p if police_area %}")
    document.add_paragraph("Lokalpolisområde: {{ police_area }}")
    _tag(document, "{%p endif %}")
    _lagesbild(document)
    _focus_areas(document)
    _followup(document)
    _signatures(document)
    document.save(str(path))


def build_medborgarlofte(path: Path) -> None:
    document = _base("Medborgarlöfte")
    document.add_paragraph("Parter: {{ parties_text }}")
    _body(document, path)


def build_overenskommelse(path: Path) -> None:
    document = _base("Överenskommelse")
    document.add_heading("Parter", level=1)
    _tag(document, "{%p for party in parties %}")
    document.add_paragraph("{{ party }}")
    _tag(document, "{%p endfor %}")
    document.add_paragraph(
        "Denna {{ kind_label|lower }} gäller {{ period_text }} och omfattar {{ municipality_text }}."
    )
    _body(document, path)


def build_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    built = []
    for name, build in (("medborgarlofte", build_medborgarlofte), ("overenskommelse", build_overenskommelse)):
        path = out_dir / f"{name}.docx"
        build(path)
        built.append(path)
    return built


if __name__ == "__main__":
    from pipeline.draft.templates import templates_dir

    for built_path in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else templates_dir()):
        sys.stdout.write(f"{built_path}\n")
