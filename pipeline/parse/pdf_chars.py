"""The words of a PDF page from PDFium's characters, as pdfplumber's `extract_words` gives them.

pdfplumber spends about 90% of a parse building a Python object per character through
pdfminer; PDFium (pypdfium2, which pdfplumber itself depends on) has the characters already.
This module reads text, box, size and font per character and groups them into words with
pdfplumber's own rules (runs of one size and font, lines within 3 pt, a gap over 3 pt or a
space ends a word), and pdfminer's geometry (a character's box is its size tall, from the
font's descent), so the layout code sees the same words from either reader. Pages with
vector paths that may rule a table, or with rotated text, are left to pdfplumber.
"""

from __future__ import annotations

import ctypes
import functools
import re
from dataclasses import dataclass

X_TOLERANCE = 3.0  # pdfplumber's defaults for extract_words
Y_TOLERANCE = 3.0
FLAT = 2.0  # points: a path no taller than this is a horizontal rule
# pdfplumber's ligature expansions, and PDFium's marks for a hyphen that ends a line
_REPLACE = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st", "\x02": "-", "\ufffe": "-"}
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class _Font:
    size: float
    name: str
    descent: float  # per point of size, negative, as pdfminer reads it
    upright: bool


def needs_pdfplumber(page) -> bool:
    """A page whose vector paths may make a ruled table, which pdfplumber finds from its edges.
    A table's cells need vertical edges of at least pdfplumber's 3 pt, so paths no taller than
    FLAT (rules under headings, underlines) cannot make one and leave the page to PDFium."""
    import pypdfium2.raw as raw

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=4):
        if not raw.FPDFPageObj_GetBounds(obj.raw, left, bottom, right, top) or top.value - bottom.value > FLAT:
            return True
    return False


def page_words(page, height: float) -> list[dict] | None:
    """Words with text, x0, x1, top, bottom, size and fontname; None when the page has rotated
    text, which pdfplumber reads in its own directions."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    try:
        chars = _chars(raw, textpage.raw, height)
    finally:
        textpage.close()
    return None if chars is None else _words(chars)


def _chars(raw, textpage, height: float) -> list[tuple] | None:
    count = raw.FPDFText_CountChars(textpage)
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = buffer.raw[: 2 * count].decode("utf-16-le", "surrogatepass")  # one code unit per character index
    fonts: dict[int, tuple] = {}  # text object -> (height above and below the baseline, size, name)
    box = raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    get_object, get_box, get_origin = _per_char(raw)
    page, box_ref, x_ref, y_ref = ctypes.cast(textpage, ctypes.c_void_p), ctypes.byref(box), ctypes.byref(x), \
        ctypes.byref(y)
    replace = _REPLACE.get
    chars = []
    for i in range(count):
        address = get_object(page, i)
        if not address:  # a space or line break PDFium made up between text objects
            continue
        metrics = fonts.get(address)
        if metrics is None:
            font = _font(raw, textpage, i, ctypes.cast(address, raw.FPDF_PAGEOBJECT))
            if not font.upright:
                return None
            metrics = fonts[address] = (font.size * (1 + font.descent), font.size * font.descent, font.size,
                                        font.name)
        get_box(page, i, box_ref)
        get_origin(page, i, x_ref, y_ref)
        baseline = height - y.value
        text = units[i]
        chars.append((replace(text, text), box.left, box.right, baseline - metrics[0], baseline - metrics[1],
                      metrics[2], metrics[3]))
    return chars


@functools.cache
def _per_char(raw):
    """PDFium's three per-character calls with untyped pointers: the typed bindings build a
    Python pointer object per character, a fifth of the reading time."""
    def untyped(function, *args):
        return ctypes.CFUNCTYPE(*args)(ctypes.cast(function, ctypes.c_void_p).value)

    pointer, index = ctypes.c_void_p, ctypes.c_int
    return (untyped(raw.FPDFText_GetTextObject, pointer, pointer, index),
            untyped(raw.FPDFText_GetLooseCharBox, ctypes.c_int, pointer, index, pointer),
            untyped(raw.FPDFText_GetCharOrigin, ctypes.c_int, pointer, index, pointer, pointer))


def _font(raw, textpage, i: int, obj) -> _Font:
    from pdfminer.fontmetrics import FONT_METRICS

    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    handle = raw.FPDFTextObj_GetFont(obj)
    buf = ctypes.create_string_buffer(256)
    length = raw.FPDFFont_GetBaseFontName(handle, buf, len(buf))
    name = buf.value.decode("latin-1", "replace") if length else "unknown"
    standard = FONT_METRICS.get(name.split("+", 1)[-1])
    if standard is not None:  # the 14 standard fonts: pdfminer's own metrics, not PDFium's substitutes
        descent = float(standard[0].get("Descent", 0)) / 1000
    else:
        value = ctypes.c_float()
        ok = raw.FPDFFont_GetDescent(handle, ctypes.c_float(1000), ctypes.byref(value))
        descent = -abs(value.value) / 1000 if ok else 0.0
    return _Font(size=float(raw.FPDFText_GetFontSize(textpage, i)), name=name, descent=descent,
                 upright=abs(matrix.b) < 1e-9 and abs(matrix.c) < 1e-9)


def _words(chars: list[tuple]) -> list[dict]:
    """pdfplumber's grouping: consecutive runs of one size and font; in each, lines clustered by
    top within Y_TOLERANCE and read left to right; words split at spaces and gaps."""
    words = []
    start, first, count = 0, chars[0] if chars else None, len(chars)
    for end in range(1, count + 1):
        c = chars[end] if end < count else None
        if c is None or (c[5] is not first[5] and c[5] != first[5]) or c[6] != first[6]:  # as tuples compare
            for line in _lines(chars[start:end]):
                words.extend(_split_words(line))
            start, first = end, c
    return words


def _lines(run: list[tuple]) -> list[list[tuple]]:
    tops = sorted({c[3] for c in run})
    cluster: dict[float, int] = {}
    group, last = 0, None
    for t in tops:
        if last is not None and t > last + Y_TOLERANCE:
            group += 1
        cluster[t] = group
        last = t
    lines: dict[int, list[tuple]] = {}
    for c in run:
        lines.setdefault(cluster[c[3]], []).append(c)
    return [sorted(lines[g], key=lambda c: c[1]) for g in sorted(lines)]


def _split_words(line: list[tuple]) -> list[dict]:
    words, current = [], []
    last = None  # the current word's last character
    for c in line:
        if c[0].isspace():
            if current:
                words.append(_merge(current))
            current, last = [], None
        elif last is not None and (c[1] < last[1] or c[1] > last[2] + X_TOLERANCE
                                   or abs(c[3] - last[3]) > Y_TOLERANCE):
            words.append(_merge(current))
            current, last = [c], c
        else:
            current.append(c)
            last = c
    if current:
        words.append(_merge(current))
    return words


def _merge(chars: list[tuple]) -> dict:
    texts, x0s, x1s, tops, bottoms, _, _ = zip(*chars)
    text = "".join(texts)
    if _SURROGATE.search(text):  # a character outside the BMP, in two halves
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return {"text": text, "x0": min(x0s), "x1": max(x1s), "top": min(tops), "bottom": max(bottoms),
            "size": chars[0][5], "fontname": chars[0][6]}
