"""Bytes -> text for TXT and HTML: the encoding a file declares or carries, else a guess.

Order: a byte-order mark (UTF-8/16/32), the charset an HTML page declares, UTF-8, UTF-16/32
without a mark (told by where the NUL bytes sit), then charset-normalizer's guess, which is
named in the document's warnings. Content that is not text in any encoding (random bytes,
NUL runs, an image renamed .txt) is refused rather than archived as a document.
"""

from __future__ import annotations

import codecs
import re

from pipeline.errors import EncodingProblem

_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
_SAMPLE = 65536  # bytes and characters inspected for the checks below
_NUL_SHARE = 0.3  # of the bytes at even or odd positions: text in a 16/32-bit encoding
_BINARY_SHARE = 0.01  # control or replacement characters over this share: not text
_BINARY_MIN = 8  # ...and over this count, so one stray control character is tolerated
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")  # control characters but \t \n \f \r; U+FFFD
NOT_TEXT = "not a text file: binary content"
# The single-byte encodings Swedish text has been written in (Windows, ISO, old Mac, DOS); left
# free, charset-normalizer takes å/ä/ö in a short text for Central European (cp1250's Ĺ).
SWEDISH_ENCODINGS = ["cp1252", "iso8859_15", "mac_roman", "cp850"]
# Non-ASCII characters a Swedish text plausibly holds; among charset-normalizer's candidates the
# decoding with most of these and fewest others wins (it ranks "Medborgarlˆfte" over "löfte").
_SWEDISH = set("åäöÅÄÖéÉüÜèàáøæØÆ–—“”‘’«»…•·§°½€£")


def decode(data: bytes, path: str, html: bool = False) -> tuple[str, list[str]]:
    """The text and the warnings to record (a guessed encoding); EncodingProblem if not text."""
    text, warnings = _decode(data, html)
    if text is None or _is_binary(text):
        raise EncodingProblem(path, NOT_TEXT)
    return text, warnings


def _decode(data: bytes, html: bool) -> tuple[str | None, list[str]]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):  # a marked file cut short loses a character, not its text
            return data[len(bom):].decode(encoding, errors="replace"), []
    if html:
        declared = _declared_charset(data)
        if declared:
            text = _strict(data, declared)
            if text is not None:
                return text, []
    text = _strict(data, "utf-8")
    if text is not None and "\x00" not in text[:_SAMPLE]:
        return text, []
    wide = _wide_encoding(data[:_SAMPLE])
    if wide:
        text = _strict(data, wide)
        if text is not None:
            return text, []
    return _guess(data)


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared_charset(data: bytes) -> str | None:
    m = _DECLARED.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    return None if name in ("utf-16", "utf-32") else name  # a declared wide charset without BOM lies


def _wide_encoding(sample: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, from the NUL bytes of its ASCII letters."""
    if len(sample) < 8:
        return None
    share = [sample[i::4].count(0) / len(sample[i::4]) for i in range(4)]
    if min(share[1:]) > 0.9:
        return "utf-32-le"
    if min(share[:3]) > 0.9:
        return "utf-32-be"
    odd, even = sample[1::2].count(0) / len(sample[1::2]), sample[0::2].count(0) / len(sample[0::2])
    if odd > _NUL_SHARE and even < 0.05:
        return "utf-16-le"
    if even > _NUL_SHARE and odd < 0.05:
        return "utf-16-be"
    return None


def _guess(data: bytes) -> tuple[str | None, list[str]]:
    from charset_normalizer import from_bytes

    decoded = []
    for match in from_bytes(data[: 4 * _SAMPLE], cp_isolation=SWEDISH_ENCODINGS):
        text = _strict(data, match.encoding)
        if text is not None:
            decoded.append((_swedish_score(text[:_SAMPLE]), -len(decoded), match.encoding, text))
    if not decoded:
        return None, []
    _, _, encoding, text = max(decoded)
    return text, [f"the text encoding was not stated and was guessed as {_label(encoding)}"]


def _swedish_score(text: str) -> int:
    wide = [c for c in text if ord(c) > 127]
    return sum(1 if c in _SWEDISH else -1 for c in wide)


def _label(encoding: str) -> str:
    return codecs.lookup(encoding).name


def _is_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    bad = len(_NOT_TEXT.findall(sample))
    return bad > max(_BINARY_MIN, len(sample) * _BINARY_SHARE)
