"""PDF -> blocks, rebuilt from word positions and font sizes.

A PDF has no paragraphs, headings or lists, only positioned words; they are rebuilt
from layout: lines from shared baselines, paragraphs from vertical gaps, headings from
font size or bold, list items from bullet glyphs and indentation. Running headers,
footers and page numbers are removed, and words hyphenated across lines are mended.
PDFium opens the file and gives the words (pdf_chars); pdfplumber reads the pages that may
hold ruled tables; pages without a text layer are named, or read by OCR when asked (ocr).
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from pipeline.blocks import Block, ParsedDocument
from pipeline.errors import CorruptFile, EncryptedFile, NeedsOCR, TooLarge
from pipeline.parse.boilerplate import clean_blocks
from pipeline.parse.textutil import (
    clean,
    data_regex,
    is_heading_like,
    join_lines,
    mark_title,
    split_bullet,
    table_text,
)

_SAME_LINE = 2.5  # points: words whose tops differ less share a line
_MARGIN = 0.09  # top and bottom share of the page where running headers and footers live
_REPEATS = 0.6  # a margin line on this share of pages (at least two) is running furniture
_HEADING_RATIO = 1.15  # font size over the body median that makes a heading
_INDENT = 12.0  # points right of the body margin that make an indented line
SCANNED_CHARS = 20  # a page with less text than this is a scan (perhaps with a stamped page number)
MAX_PAGES = 2000  # a published agreement has tens of pages; more is a report collection or a trap


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    page_height: float
    page_width: float


def parse(data: bytes, path: str, ocr: bool = False, all_pdfplumber: bool = False) -> ParsedDocument:
    """`ocr`: read pages without a text layer with Tesseract (else they are named in the warnings).
    `all_pdfplumber`: read every page with pdfplumber, the reference the faster PDFium reading
    is tested against, instead of only the pages with ruled tables."""
    document = _open(data, path)
    with document:
        page_count = len(document)
        lines, tables = _text_layer(document, data, path, all_pdfplumber)
        meta_title = clean(document.get_metadata_dict().get("Title") or "")
        textless = _pages_without_text(lines, tables, page_count)
        if len(textless) == page_count and not ocr:
            raise NeedsOCR(path, "PDF has no text layer (scanned?); read it with --ocr (or LOFTEN_OCR=1)")
        # a page without text is a scan when it shows an image; else it is blank (or all drawings)
        scanned = [n for n in textless if len(textless) == page_count or _has_image(document[n - 1])]
        warnings, meta, scanned_blocks = [], {}, []
        if scanned and ocr:
            from pipeline.parse.ocr import read_pages

            result = read_pages(document, scanned, path)
            lines = [ln for ln in lines if ln.page not in scanned]
            tables = [t for t in tables if t[0] not in scanned]
            scanned_blocks = mark_title(result.blocks) if len(scanned) == page_count else result.blocks
            meta["ocr"] = result.summary()
        elif scanned:
            warnings.append(f"{_pages_label(scanned)} no text layer (scanned?) and {'was' if len(scanned) == 1 else 'were'}"
                            " not read; OCR reads them")
    lines = _drop_running_lines(lines, page_count)
    blocks = _blocks(lines, tables) if lines or tables else []
    blocks = clean_blocks(sorted(blocks + scanned_blocks, key=lambda b: b.page))
    if not blocks and scanned and ocr:
        raise NeedsOCR(path, "PDF has no text layer and OCR found no text in it")
    title = meta_title or next((b.text for b in blocks if b.kind == "heading"), None)
    return ParsedDocument(blocks=blocks, format="pdf", pages=page_count, title=title, warnings=warnings, meta=meta)


def _pages_without_text(lines: list[Line], tables, page_count: int) -> list[int]:
    """Pages with fewer than SCANNED_CHARS characters in their text layer (a scan, perhaps stamped)."""
    chars = Counter()
    for ln in lines:
        chars[ln.page] += len(ln.text)
    for page, _, rows in tables:
        chars[page] += sum(len(c) for r in rows for c in r)
    return [n for n in range(1, page_count + 1) if chars[n] < SCANNED_CHARS]


def _has_image(page) -> bool:
    import pypdfium2.raw as raw

    try:
        return any(True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=4))
    finally:
        page.close()


def _pages_label(pages: list[int]) -> str:
    if len(pages) == 1:
        return f"page {pages[0]} has"
    return f"pages {', '.join(map(str, pages[:-1]))} and {pages[-1]} have"


def _open(data: bytes, path: str):
    """Open the file with PDFium first: it refuses encrypted and broken files quickly and
    counts the pages of a page tree that loops or lists one page a hundred thousand times."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise EncryptedFile(path, "PDF is encrypted (password protected)") from None
        raise CorruptFile(path, "not a readable PDF (damaged or not a PDF)") from None
    count = len(document)
    if count > MAX_PAGES or count == 0:
        document.close()
        if count:
            raise TooLarge(path, f"PDF has {count:,} pages, over the {MAX_PAGES:,}-page limit")
        raise CorruptFile(path, "not a readable PDF: it has no pages")
    return document


def _reason(exc: BaseException) -> str:
    """A pdfminer failure in a reader's words; pdfplumber wraps the original in its own error."""
    from pipeline.parse.pdfminer_guard import ReferenceLoop

    chain = [exc]
    while chain[-1].__context__ is not None and len(chain) < 10:
        chain.append(chain[-1].__context__)
    if any(isinstance(e, ReferenceLoop) for e in chain) or "refers to itself" in str(exc):
        return "damaged PDF: its objects refer to each other in a loop"
    if any(isinstance(e, RecursionError) for e in chain) or "recursion depth" in str(exc):
        return "damaged PDF: its structure is nested too deeply to be read"
    return "not a readable PDF (damaged or not a PDF)"


def _text_layer(document, data: bytes, path: str, all_pdfplumber: bool) -> tuple[list[Line], list]:
    """Lines of words outside tables, in page order, and tables as (page, top, rows): PDFium's
    characters where it can (pdf_chars), pdfplumber for pages with ruled tables or rotated text."""
    from pipeline.parse.pdf_chars import needs_pdfplumber, page_words

    import pypdfium2 as pdfium

    by_page: dict[int, list[Line]] = {}
    for_pdfplumber = []
    for n in range(1, len(document) + 1):
        try:
            page = document[n - 1]
        except pdfium.PdfiumError:
            raise CorruptFile(path, f"damaged PDF: page {n} cannot be read") from None
        try:
            width, height = page.get_size()
            words = None if all_pdfplumber or needs_pdfplumber(page) else page_words(page, height)
        finally:
            page.close()
        if words is None:
            for_pdfplumber.append(n)
        else:
            by_page[n] = _lines(words, n, height, width)
    tables = []
    if for_pdfplumber:
        for n, page_lines, page_tables in _pdfplumber_pages(data, path, for_pdfplumber):
            by_page[n] = page_lines
            tables.extend(page_tables)
    return [ln for n in sorted(by_page) for ln in by_page[n]], tables


def _pdfplumber_pages(data: bytes, path: str, numbers: list[int]):
    """(page, lines, tables) for the given pages, read by pdfplumber with pdfminer's loops bounded."""
    import pdfplumber

    from pipeline.parse import pdfminer_guard

    pdfminer_guard.install()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            for n in numbers:
                if n <= len(pages):  # pdfminer may count a damaged page tree differently
                    yield (n, *_read_page(pages[n - 1], n))
    except Exception as exc:  # pdfminer wraps every failure in one exception type
        raise CorruptFile(path, _reason(exc)) from None


def _read_page(page, n: int) -> tuple[list[Line], list[tuple[int, float, list[list[str]]]]]:
    tables = []
    found = page.find_tables()
    boxes = [t.bbox for t in found]
    for t in found:
        rows = [[clean(c or "") for c in row] for row in t.extract()]
        rows = [r for r in rows if any(r)]
        if rows:
            tables.append((n, t.bbox[1], rows))
    words = [
        w for w in page.extract_words(extra_attrs=["size", "fontname"])
        if not any(b[0] - 1 <= w["x0"] and w["x1"] <= b[2] + 1 and b[1] - 1 <= w["top"] and w["bottom"] <= b[3] + 1
                   for b in boxes)
    ]
    return _lines(words, n, float(page.height), float(page.width)), tables


def _lines(words: list[dict], page: int, height: float, width: float) -> list[Line]:
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - w["top"]) < _SAME_LINE:
            rows[-1].append(w)
        else:
            rows.append([w])
    out = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = clean(" ".join(w["text"] for w in row))
        if not text:
            continue
        sizes = Counter()  # the size of most characters
        for w in row:
            sizes[round(w["size"], 1)] += len(w["text"])
        out.append(Line(
            text=text, x0=row[0]["x0"], x1=row[-1]["x1"], top=min(w["top"] for w in row),
            bottom=max(w["bottom"] for w in row), size=sizes.most_common(1)[0][0],
            bold=all("bold" in w["fontname"].lower() for w in row if len(w["text"]) > 1 or w["text"].isalnum()),
            page=page, page_height=height, page_width=width,
        ))
    return out


def _drop_running_lines(lines: list[Line], page_count: int) -> list[Line]:
    """Remove page numbers and lines repeated in the top or bottom margin of most pages."""

    def in_margin(ln: Line) -> bool:
        return ln.top < ln.page_height * _MARGIN or ln.bottom > ln.page_height * (1 - _MARGIN)

    def key(ln: Line) -> str:
        return re.sub(r"\d+", "#", ln.text.lower())

    pages_with = Counter()
    for k, p in {(key(ln), ln.page) for ln in lines if in_margin(ln)}:
        pages_with[k] += 1
    needed = max(2, _REPEATS * page_count)
    page_number = data_regex("page_furniture.txt")
    return [
        ln for ln in lines
        if not (in_margin(ln) and (page_number.match(ln.text) or (page_count > 1 and pages_with[key(ln)] >= needed)))
    ]


def _blocks(lines: list[Line], tables) -> list[Block]:
    body_lines = [ln for ln in lines if split_bullet(ln.text)[0] is None]
    weights = Counter()
    for ln in body_lines or lines:
        weights[ln.size] += len(ln.text)
    body = weights.most_common(1)[0][0]
    margin = Counter(round(ln.x0) for ln in body_lines if ln.size == body).most_common(1)
    left = margin[0][0] if margin else min(ln.x0 for ln in lines)
    big = sorted({ln.size for ln in lines if ln.size >= body * _HEADING_RATIO}, reverse=True)
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if a.page == b.page and a.size == b.size == body]
    gap = statistics.median([g for g in gaps if g > 0] or [body * 0.4])
    bullet_x = min((ln.x0 for ln in lines if split_bullet(ln.text)[0]), default=left)

    items: list[tuple[int, float, Block]] = [(p, top, Block("table", table_text(r), page=p, rows=r))
                                            for p, top, r in tables]
    current: Block | None = None
    prev: Line | None = None
    item_x = 0.0  # continuation lines of the current list item start right of this
    for ln in lines:
        level = 0
        if ln.size in big:
            level = big.index(ln.size) + 1
        elif ln.bold and ln.size >= body and is_heading_like(ln.text) and split_bullet(ln.text)[0] is None:
            level = len(big) + 1
        kind, rest = split_bullet(ln.text)
        new_page = prev is not None and prev.page != ln.page
        far = prev is not None and not new_page and ln.top - prev.bottom > max(gap * 1.6, gap + 3)
        if level:
            if current is not None and current.kind == "heading" and current.level == level and not far \
                    and not new_page:
                current.text = join_lines(current.text, ln.text)  # a heading wrapped over two lines
            else:
                current = Block("heading", ln.text, level=level, page=ln.page)
                items.append((ln.page, ln.top, current))
        elif kind:
            depth = 1 if kind == "sub" or ln.x0 - bullet_x > _INDENT else 0
            current = Block("list_item", rest, depth=depth, page=ln.page)
            items.append((ln.page, ln.top, current))
            item_x = ln.x0
        elif current is not None and current.kind == "list_item" and not far and ln.x0 > item_x + 2 \
                and (not new_page or ln.x0 > left + _INDENT):
            current.text = join_lines(current.text, ln.text)
        elif current is not None and current.kind == "paragraph" and (
                (not far and not new_page and abs(ln.x0 - left) <= _INDENT)
                or (new_page and not current.text.endswith((".", "!", "?", ":")) and ln.text[:1].islower())):
            current.text = join_lines(current.text, ln.text)
        elif ln.x0 - left > _INDENT and not _centred(ln, left) and ln.size <= body:
            depth = 0 if ln.x0 - left <= 2.5 * _INDENT else 1
            current = Block("list_item", ln.text, depth=depth, page=ln.page)
            items.append((ln.page, ln.top, current))
            item_x = ln.x0 - 3
        else:
            current = Block("paragraph", ln.text, page=ln.page)
            items.append((ln.page, ln.top, current))
        prev = ln
    items.sort(key=lambda it: (it[0], it[1]))
    for _, _, b in items:
        if b.kind != "table":
            b.text = clean(b.text)
    return [b for _, _, b in items]


def _centred(ln: Line, left: float) -> bool:
    """A line whose left and right spaces match, like a signature or caption: not indented."""
    right_space = ln.page_width - ln.x1
    return abs((ln.x0 - left) - (right_space - left)) < 15
