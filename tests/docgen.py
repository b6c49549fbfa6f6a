"""Render one neutral test document as a real PDF, DOCX, HTML or TXT file.

Tests across the project need the same content in every format to check that parsing,
extraction and drafting agree; this writes it with the real tools (reportlab, python-docx)
so the parsers read files like the ones found in the wild.

A neutral document:

    {"title": "Exempel – Medborgarlöfte 2026 för Årjäng",
     "blocks": [{"h": "Rubrik", "level": 2}, {"p": "Stycke ..."},
                {"li": "Punkt", "depth": 0}, {"li": "Underpunkt", "depth": 1},
                {"table": [["Aktivitet", "Ansvar"], ["Trygghetsvandring", "Kommunen"]]}],
     "options": {"header": "Exempel – Medborgarlöfte 2026", "footer": "Exempelkommun",
                 "page_numbers": True, "boilerplate": True, "encoding": "cp1252",
                 "min_pages": 3}}

The title is rendered as the first, level-1 heading in every format. A soft hyphen
(U+00AD) inside a paragraph word marks where the PDF breaks that word across two lines
with a visible hyphen ("trygghets-" / "vandringar"); the other formats drop the mark.
Options only the PDF knows: header, footer, page_numbers, min_pages, password
(encrypts), scanned (pages with drawn shapes and no text layer). `boilerplate` wraps
HTML in nav, cookie banner, header and footer, and adds saved-page furniture to TXT.
"""

from __future__ import annotations

import html
from pathlib import Path

SOFT_HYPHEN = "\u00ad"

# What a neutral block looks like once parsed: used by cross-format tests.
TABLE_CELL_SEP = " | "


def render(doc: dict, fmt: str, path: Path) -> Path:
    """Write `doc` as `fmt` (pdf, docx, html, txt) to `path` and return the path."""
    path = Path(path)
    writers = {"pdf": _pdf, "docx": _docx, "html": _html, "txt": _txt}
    if fmt not in writers:
        raise ValueError(f"unknown format {fmt!r}")
    writers[fmt](doc, path)
    return path


def expected_blocks(doc: dict) -> list[tuple[str, str, int]]:
    """The (kind, text, level-or-depth) list every parser should give for `doc`."""
    out = []
    if doc.get("title"):
        out.append(("heading", doc["title"], 1))
    for b in doc["blocks"]:
        if "h" in b:
            out.append(("heading", b["h"], b.get("level", 2)))
        elif "p" in b:
            out.append(("paragraph", _plain(b["p"]), 0))
        elif "li" in b:
            out.append(("list_item", b["li"], b.get("depth", 0)))
        elif "table" in b:
            out.append(("table", "\n".join(TABLE_CELL_SEP.join(r) for r in b["table"]), 0))
    return out


def sample_doc(**options) -> dict:
    """A fictional medborgarlöfte used by many tests; options are passed through."""
    return {
        "title": "Exempel – Medborgarlöfte 2026 för Årjäng",
        "blocks": [
            {"p": "Detta är ett påhittat exempel. Årjängs kommun och lokalpolisområdet lovar "
                  "invånarna att arbeta för en tryggare vardag under året."},
            {"h": "Bakgrund", "level": 2},
            {"p": "Vid medborgardialogen i september framkom att många känner oro kring "
                  "busstationen på kvällarna. Kommunen och polisen planerar därför gemensamma "
                  f"trygghets{SOFT_HYPHEN}vandringar tillsammans med föreningar och ICA-butiker "
                  "i centrum."},
            {"h": "Våra aktiviteter", "level": 2},
            {"li": "Polisen genomför minst tolv riktade insatser vid busstationen.", "depth": 0},
            {"li": "Kommunen förbättrar belysningen längs gång- och cykelvägar.", "depth": 0},
            {"li": "Ny belysning vid skolan i Töcksfors.", "depth": 1},
            {"li": "Tillsammans håller vi två trygghetsvandringar under hösten.", "depth": 0},
            {"h": "Uppföljning", "level": 2},
            {"p": "Löftet följs upp varje kvartal och redovisas i kommunstyrelsen. "
                  "Frågor besvaras av kommunens trygghetssamordnare."},
        ],
        "options": options,
    }


def _plain(text: str) -> str:
    return text.replace(SOFT_HYPHEN, "")


def _heading_items(doc: dict):
    """Blocks with the title first, as (key, block) pairs."""
    if doc.get("title"):
        yield "h", {"h": doc["title"], "level": 1}
    for b in doc["blocks"]:
        key = next(k for k in ("h", "p", "li", "table") if k in b)
        yield key, b


# --- TXT -------------------------------------------------------------------

_TXT_FURNITURE_TOP = ["Hoppa till huvudinnehållet", "JavaScript är inte påslaget i din webbläsare."]
_TXT_FURNITURE_END = ["Hjälpte informationen på sidan dig?", "Till toppen"]


def _txt(doc: dict, path: Path) -> None:
    opts = doc.get("options") or {}
    parts: list[str] = []
    if opts.get("boilerplate"):
        parts.extend(_TXT_FURNITURE_TOP)
    prev = None
    for key, b in _heading_items(doc):
        if key == "li":
            line = ("• " if b.get("depth", 0) == 0 else "o ") + b["li"]
            if prev == "li":
                parts[-1] += "\n" + line
                continue
            parts.append(line)
        elif key == "table":
            parts.append("\n".join("\t".join(r) for r in b["table"]))
        else:
            parts.append(_plain(b[key]))
        prev = key
    if opts.get("boilerplate"):
        parts.extend(_TXT_FURNITURE_END)
    text = "\n\n".join(parts) + "\n"
    path.write_bytes(text.encode(opts.get("encoding", "utf-8")))


# --- HTML ------------------------------------------------------------------

_HTML_TOP = """<header class="site-header"><a href="#main" class="skip">Hoppa till huvudinnehållet</a>
<div class="logo">Exempelkommun</div></header>
<nav><ul><li><a href="/">Start</a></li><li><a href="/trygghet">Trygghet</a></li>
<li><a href="/kontakt">Kontakt</a></li></ul></nav>
<div id="cookie-consent" class="cookie-banner"><p>Vi använder kakor för att förbättra webbplatsen.</p>
<button>Jag godkänner</button></div>
"""
_HTML_BOTTOM = """<aside><h2>Mest läst</h2><ul><li>Lediga jobb</li><li>Sophämtning</li></ul></aside>
<footer><p>Exempelkommun, Storgatan 1, 672 00 Årjäng</p><p>Telefon 0573-00 00 00</p>
<p>Orgnr. 212000-0000</p></footer>
<script>var x = 1;</script>
"""


def _html(doc: dict, path: Path) -> None:
    opts = doc.get("options") or {}
    e = html.escape
    body: list[str] = []
    depth = -1  # current <ul> nesting, -1 = not in a list
    for key, b in _heading_items(doc):
        if key == "li":
            d = b.get("depth", 0)
            if d > depth:
                body.append("<ul>" * (d - depth))
            elif d < depth:
                body.append("</li></ul>" * (depth - d) + "</li>")
            else:
                body.append("</li>")
            depth = d
            body.append(f"<li>{e(b['li'])}")
            continue
        if depth >= 0:
            body.append("</li></ul>" * (depth + 1))
            depth = -1
        if key == "h":
            n = b.get("level", 2)
            body.append(f"<h{n}>{e(b['h'])}</h{n}>")
        elif key == "p":
            body.append(f"<p>{e(_plain(b['p']))}</p>")
        elif key == "table":
            rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b["table"])
            body.append(f"<table>{rows}</table>")
    if depth >= 0:
        body.append("</li></ul>" * (depth + 1))
    main = "\n".join(body)
    top, bottom = (_HTML_TOP, _HTML_BOTTOM) if opts.get("boilerplate") else ("", "")
    page = (
        '<!DOCTYPE html>\n<html lang="sv"><head><meta charset="utf-8">'
        f"<title>{e(doc.get('title', ''))}</title><style>body {{ margin: 0 }}</style></head>\n"
        f'<body>\n{top}<main id="main">\n{main}\n</main>\n{bottom}</body></html>\n'
    )
    path.write_text(page, encoding="utf-8")


# --- DOCX ------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _bullet_numbering(document) -> str:
    """Add a two-level bullet list definition (w:abstractNum + w:num); return its numId."""
    from docx.oxml import parse_xml

    numbering = document.part.numbering_part.element
    ids = [int(x) for x in numbering.xpath("./w:abstractNum/@w:abstractNumId")] + [0]
    nums = [int(x) for x in numbering.xpath("./w:num/@w:numId")] + [0]
    abstract_id, num_id = max(ids) + 1, max(nums) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="bullet"/>'
        f'<w:lvlText w:val="{glyph}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{720 * (i + 1)}" w:hanging="360"/></w:pPr></w:lvl>'
        for i, glyph in enumerate(("•", "o"))
    )
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{levels}</w:abstractNum>'
    )
    num = parse_xml(f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>')
    first_num = numbering.find(f"{{{_W}}}num")
    if first_num is not None:
        first_num.addprevious(abstract)  # schema order: every abstractNum before any num
    else:
        numbering.append(abstract)
    numbering.append(num)
    return str(num_id)


def _docx(doc: dict, path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    if doc.get("title"):
        document.core_properties.title = doc["title"]
    num_id = None
    for key, b in _heading_items(doc):
        if key == "h":
            level = b.get("level", 2)
            if level == 1 and b["h"] == doc.get("title"):
                document.add_paragraph(b["h"], style="Title")
            else:
                document.add_heading(b["h"], level=level)
        elif key == "p":
            document.add_paragraph(_plain(b["p"]))
        elif key == "li":
            num_id = num_id or _bullet_numbering(document)
            para = document.add_paragraph(b["li"], style="List Paragraph")
            para._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr xmlns:w="{_W}"><w:ilvl w:val="{b.get("depth", 0)}"/>'
                    f'<w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
        elif key == "table":
            rows = b["table"]
            table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for i, row in enumerate(rows):
                for j, cell in enumerate(row):
                    table.cell(i, j).text = cell
    document.save(str(path))


# --- PDF -------------------------------------------------------------------

_PAGE_W, _PAGE_H = 595.0, 842.0
_LEFT, _RIGHT, _TOP, _BOTTOM = 70.0, 70.0, 90.0, 90.0
_BODY, _LEADING = 11.0, 15.0
_HEADING_SIZE = {1: 20.0, 2: 15.0, 3: 13.0}
_BULLET_INDENT = {0: 0.0, 1: 22.0}  # where the glyph goes, relative to the left margin
_BULLET_TEXT = 16.0  # text starts this far after the glyph


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap; a soft hyphen forces a break there with a visible hyphen."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines, line = [], ""
    for word in text.split():
        head, _, tail = word.partition(SOFT_HYPHEN)
        candidate = f"{line} {head}".strip()
        if line and stringWidth(candidate + ("-" if tail else ""), font, size) > width:
            lines.append(line)
            candidate = head
        if tail:
            lines.append(candidate + "-")
            line = tail
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _pdf_layout(doc: dict, capacity: float) -> list[list[tuple]]:
    """Place blocks on pages; each op is (x, y, font, size, text) or ("rect", ...)."""
    width = _PAGE_W - _LEFT - _RIGHT
    pages: list[list[tuple]] = [[]]
    y = _PAGE_H - _TOP
    floor = _PAGE_H - _TOP - capacity
    for key, b in _heading_items(doc):
        ops: list[tuple] = []
        if key == "h":
            size = _HEADING_SIZE.get(b.get("level", 2), 12.0)
            for line in _wrap(b["h"], "Helvetica-Bold", size, width):
                ops.append((_LEFT, "Helvetica-Bold", size, line, size * 1.3))
            after = 8.0
        elif key == "p":
            for line in _wrap(b["p"], "Helvetica", _BODY, width):
                ops.append((_LEFT, "Helvetica", _BODY, line, _LEADING))
            after = 10.0
        elif key == "li":
            d = b.get("depth", 0)
            x = _LEFT + _BULLET_INDENT.get(d, 22.0 * d)
            glyph = "•" if d == 0 else "o"
            text_x = x + _BULLET_TEXT
            for i, line in enumerate(_wrap(b["li"], "Helvetica", _BODY, width - (text_x - _LEFT))):
                if i == 0:
                    ops.append((x, "Helvetica", _BODY, glyph, 0.0))
                ops.append((text_x, "Helvetica", _BODY, line, _LEADING))
            after = 4.0
        else:
            rows = b["table"]
            col_w = width / max(len(r) for r in rows)
            for r, row in enumerate(rows):
                ops.append(("row", row, col_w, r == 0, None, 22.0))
            after = 12.0
        height = sum(op[-1] for op in ops)
        if y - height < floor and pages[-1]:
            pages.append([])
            y = _PAGE_H - _TOP
        for op in ops:
            if op[0] == "row":
                pages[-1].append(("row", _LEFT, y, op[1], op[2]))
            else:
                pages[-1].append((op[0], y - op[2], op[1], op[2], op[3]))
            y -= op[-1]
        y -= after
    return pages


def _pdf(doc: dict, path: Path) -> None:
    from reportlab.pdfgen import canvas

    opts = doc.get("options") or {}
    capacity = _PAGE_H - _TOP - _BOTTOM
    pages = _pdf_layout(doc, capacity)
    while len(pages) < opts.get("min_pages", 1) and capacity > 60:
        capacity *= 0.85
        pages = _pdf_layout(doc, capacity)
    c = canvas.Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H), encrypt=opts.get("password"))
    if doc.get("title"):
        c.setTitle(doc["title"])
    total = len(pages)
    for n, ops in enumerate(pages, start=1):
        if opts.get("scanned"):
            c.setFillGray(0.85)
            c.rect(_LEFT, 200, _PAGE_W - _LEFT - _RIGHT, 500, fill=1)
            c.showPage()
            continue
        if opts.get("header"):
            c.setFont("Helvetica", 9)
            c.drawString(_LEFT, _PAGE_H - 45, opts["header"])
        if opts.get("footer"):
            c.setFont("Helvetica", 9)
            c.drawString(_LEFT, 40, opts["footer"])
        if opts.get("page_numbers"):
            c.setFont("Helvetica", 9)
            c.drawRightString(_PAGE_W - _RIGHT, 40, f"Sida {n} av {total}")
        for op in ops:
            if op[0] == "row":
                _pdf_row(c, *op[1:])
            else:
                x, y, font, size, text = op
                c.setFont(font, size)
                c.drawString(x, y, text)
        c.showPage()
    c.save()


def _pdf_row(c, x: float, y: float, row: list[str], col_w: float) -> None:
    """One ruled table row, so pdfplumber finds the table by its lines."""
    height = 22.0
    for j, cell in enumerate(row):
        c.rect(x + j * col_w, y - height, col_w, height, fill=0)
        c.setFont("Helvetica", _BODY)
        c.drawString(x + j * col_w + 4, y - height + 7, cell)


def scan(source: Path, target: Path, pages: list[int] | None = None, dpi: int = 200) -> Path:
    """A scan of the PDF `source` as `target`: its pages (the named ones, or all) as images with
    no text layer, as a scanner makes them; any other page gets one line of real text."""
    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    document = pdfium.PdfDocument(str(source))
    c = canvas.Canvas(str(target), pagesize=(595, 842))
    for n, page in enumerate(document, start=1):
        if pages is None or n in pages:
            c.drawImage(ImageReader(page.render(scale=dpi / 72, grayscale=True).to_pil()), 0, 0, 595, 842)
        else:
            c.setFont("Helvetica", 11)
            c.drawString(72, 770, "Bilaga: polisens och kommunens gemensamma lägesbild för Årjäng.")
        c.showPage()
    c.save()
    return target
