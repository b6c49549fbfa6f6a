"""Pages without a text layer (scans of the signed paper) -> blocks, with Tesseract's Swedish model.

pytesseract rather than ocrmypdf: loften needs the words, their boxes and confidences, not a new
PDF; pytesseract is a thin wrapper over the `tesseract` program that gives exactly that, while
ocrmypdf brings Ghostscript, pikepdf and a PDF rewrite. Pages are rendered with PDFium, which
the PDF parser already uses. Tesseract's own paragraphs become blocks: bullet lines are list
items, a short line set clearly larger than the page's text is a heading.
"""

from __future__ import annotations

import os
import statistics
from collections import Counter
from dataclasses import dataclass, field

from pipeline.blocks import Block
from pipeline.errors import NeedsOCR
from pipeline.parse.textutil import DASHES, clean, is_heading_like, join_lines, split_bullet

LANGUAGE = "swe"
DPI = 300  # Tesseract reads body text best at 300 dpi
_HEADING_HEIGHT = 1.2  # a short line this much taller than the page's median line is a heading
INSTALL_HINT = "install Tesseract with Swedish: apt-get install tesseract-ocr tesseract-ocr-swe"


@dataclass
class OcrResult:
    blocks: list[Block] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    confidences: list[tuple[float, int]] = field(default_factory=list)  # (word confidence, letters)

    @property
    def confidence(self) -> float:
        """Mean word confidence (0-1), each word weighted by its length."""
        letters = sum(n for _, n in self.confidences)
        return round(sum(c * n for c, n in self.confidences) / letters / 100, 3) if letters else 0.0

    def summary(self) -> dict:
        return {"pages": self.pages, "confidence": self.confidence}


def check_tesseract(path: str) -> None:
    """NeedsOCR naming the install command when Tesseract or its Swedish model is missing."""
    import pytesseract

    try:
        languages = pytesseract.get_languages(config="")
    except (pytesseract.TesseractNotFoundError, OSError):
        raise NeedsOCR(path, f"PDF has no text layer (scanned?) and Tesseract is not installed; {INSTALL_HINT}") \
            from None
    if LANGUAGE not in languages:
        raise NeedsOCR(path, f"PDF has no text layer (scanned?) and Tesseract has no Swedish model; {INSTALL_HINT}")


def read_pages(document, page_numbers: list[int], path: str) -> OcrResult:
    """OCR the given pages (1-based) of an open pypdfium2 document."""
    check_tesseract(path)
    result = OcrResult()
    for n in page_numbers:
        page = document[n - 1]
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        page.close()
        blocks = _page_blocks(_words(image), n, result)
        if blocks:
            result.pages.append(n)
            result.blocks.extend(blocks)
    return result


def _words(image) -> list[dict]:
    import pytesseract

    # One thread per Tesseract: files are read in parallel by the worker pool, and Tesseract's
    # own OpenMP threads on a busy machine made a page three times slower (10 s against 3 s).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    data = pytesseract.image_to_data(image, lang=LANGUAGE, output_type=pytesseract.Output.DICT)
    keys = ("block_num", "par_num", "line_num", "left", "top", "height", "conf", "text")
    return [dict(zip(keys, values)) for values in zip(*(data[k] for k in keys)) if str(values[-1]).strip()]


def _page_blocks(words: list[dict], page: int, result: OcrResult) -> list[Block]:
    lines: dict[tuple, list[dict]] = {}
    for w in words:
        lines.setdefault((w["block_num"], w["par_num"], w["line_num"]), []).append(w)
        if float(w["conf"]) >= 0:
            result.confidences.append((float(w["conf"]), len(w["text"])))
    if not lines:
        return []
    heights = {key: max(w["height"] for w in ws) for key, ws in lines.items()}
    median = statistics.median(heights.values())
    lines_in = Counter(key[:2] for key in lines)
    blocks: list[Block] = []
    paragraph: tuple | None = None
    for key, ws in lines.items():
        kind, text = _bullet([w["text"] for w in sorted(ws, key=lambda w: w["left"])])
        alone = lines_in[key[:2]] == 1
        if kind:
            blocks.append(Block("list_item", text, depth=1 if kind == "sub" else 0, page=page))
        elif is_heading_like(text) and (heights[key] >= median * _HEADING_HEIGHT or alone):
            blocks.append(Block("heading", text, level=2, page=page))
        elif blocks and key[:2] == paragraph and blocks[-1].kind in ("paragraph", "list_item"):
            blocks[-1].text = join_lines(blocks[-1].text, text)  # the next line of the same paragraph or item
        else:
            blocks.append(Block("paragraph", text, page=page))
        paragraph = key[:2]
    return blocks


def _bullet(words: list[str]) -> tuple[str | None, str]:
    """A list glyph at the start of a line, also as Tesseract misreads one ("»«", "©", "®")."""
    text = clean(" ".join(words))
    kind, rest = split_bullet(text)
    if kind in ("bullet", "sub"):
        return kind, rest
    if len(words) > 1 and len(words[0]) <= 2 and not any(c.isalnum() for c in words[0]) \
            and words[0] not in DASHES:
        return "bullet", clean(" ".join(words[1:]))
    return None, text
