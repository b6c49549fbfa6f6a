"""A seeded campaign of hostile inputs for the parsers: damaged copies of real documents,
random data under every extension, zip and XML bombs, XXE, deep nesting, PDFs whose
objects loop, odd encodings and odd file names. `cases(seed)` gives (file name, bytes)."""

from __future__ import annotations

import io
import random
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pdfs  # noqa: E402
from docgen import render, sample_doc  # noqa: E402

EXTENSIONS = (".pdf", ".docx", ".html", ".htm", ".xhtml", ".txt", ".md")
FLIPS_PER_SEED = 12
TRUNCATIONS_PER_SEED = 8
RANDOM_PER_EXTENSION = 6


def seeds(tmp: Path) -> dict[str, bytes]:
    """Real documents in each format, written by the same generator the other tests use."""
    out = {}
    for fmt in ("pdf", "docx", "html", "txt"):
        doc = sample_doc(boilerplate=fmt in ("html", "txt"))
        out[fmt] = render(doc, fmt, tmp / f"seed.{fmt}").read_bytes()
    return out


def cases(seed: int, tmp: Path) -> list[tuple[str, bytes]]:
    rng = random.Random(seed)
    real = seeds(tmp)
    found: list[tuple[str, bytes]] = []
    for fmt, data in real.items():
        found.append((f"ok.{fmt}", data))
        for n in range(FLIPS_PER_SEED):
            found.append((f"flip-{n}.{fmt}", _flip(rng, data, rng.choice((1, 4, 32, 256)))))
        for n in range(TRUNCATIONS_PER_SEED):
            found.append((f"cut-{n}.{fmt}", data[: rng.randrange(1, len(data))]))
    for ext in EXTENSIONS:
        for n in range(RANDOM_PER_EXTENSION):
            size = rng.choice((1, 7, 100, 5000, 100_000))
            found.append((f"random-{n}{ext}", rng.randbytes(size)))
        found.append((f"nul{ext}", b"\x00" * 4096))
        found.append((f"ff{ext}", b"\xff" * 4096))
        found.append((f"magic-pdf{ext}", b"%PDF-1.7\n" + rng.randbytes(2000)))
        found.append((f"magic-zip{ext}", b"PK\x03\x04" + rng.randbytes(2000)))
    found += [(f"random-{n}.odt", rng.randbytes(rng.choice((7, 5000)))) for n in range(2)]
    found.append(("zip-bomb.odt", _zip({"mimetype": b"application/vnd.oasis.opendocument.text",
                                        "content.xml": b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>"})))
    if seed % 2:  # LibreOffice takes seconds per file: random .doc and .rtf in every other campaign
        found += [("random.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(4000)),
                  ("random.rtf", b"{\\rtf1 " + rng.randbytes(4000))]
    found += _docx_cases(real["docx"])
    found += _html_cases()
    found += _pdf_cases()
    found += _text_cases(rng)
    return found


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


def _flip(rng: random.Random, data: bytes, count: int) -> bytes:
    out = bytearray(data)
    for _ in range(count):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def _replace_part(docx: bytes, name: str, content: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """The DOCX with one part replaced (and extra parts added), otherwise the same package."""
    src = zipfile.ZipFile(io.BytesIO(docx))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, content if info.filename == name else src.read(info.filename))
        for extra_name, extra_content in (extra or {}).items():
            out.writestr(extra_name, extra_content)
    return buf.getvalue()


_DOC_XML = "word/document.xml"
_W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _body(inner: str, prolog: str = "") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document {_W_NS}><w:body>{inner}</w:body></w:document>').encode()


def _docx_cases(docx: bytes) -> list[tuple[str, bytes]]:
    laughs = "<!DOCTYPE w:document [<!ENTITY a0 'ha'>" + "".join(
        f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>" for i in range(1, 10)) + "]>"
    xxe_file = "<!DOCTYPE w:document [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
    xxe_net = "<!DOCTYPE w:document [<!ENTITY x SYSTEM 'http://127.0.0.1:9/x'>]>"
    para = "<w:p><w:r><w:t>Polisen lovar &{}; fler trygghetsvandringar.</w:t></w:r></w:p>"
    deep = "<w:p><w:r><w:t>Djup</w:t></w:r></w:p>" + "<w:sdt><w:sdtContent>" * 20_000
    numbering = ("<w:p><w:pPr><w:numPr><w:ilvl w:val='{}'/><w:numId w:val='1'/></w:numPr></w:pPr>"
                 "<w:r><w:t>Fotpatrullering vid skolan.</w:t></w:r></w:p>")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        src = zipfile.ZipFile(io.BytesIO(docx))
        for info in src.infolist():
            z.writestr(info.filename, src.read(info.filename))
        z.writestr("word/media/bomb.bin", b"\x00" * (40 * 1024 * 1024))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w", zipfile.ZIP_STORED) as z:
        for n in range(6000):
            z.writestr(f"x/{n}", b"")
    return [
        ("billion-laughs.docx", _replace_part(docx, _DOC_XML, _body(para.format("a9"), laughs))),
        ("xxe-file.docx", _replace_part(docx, _DOC_XML, _body(para.format("x"), xxe_file))),
        ("xxe-network.docx", _replace_part(docx, _DOC_XML, _body(para.format("x"), xxe_net))),
        ("xxe-utf16.docx", _replace_part(docx, _DOC_XML, _body(para.format("x"), xxe_file).decode().replace(
            'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))),
        ("deep-xml.docx", _replace_part(docx, _DOC_XML, _body(deep))),
        ("zip-bomb.docx", bomb.getvalue()),
        ("many-parts.docx", many.getvalue()),
        ("no-document.docx", _replace_part(docx, "[Content_Types].xml", b"<Types/>")),
        ("empty-zip.docx", b"PK\x05\x06" + b"\x00" * 18),
        *((f"numbering-{v}.docx", _replace_part(docx, _DOC_XML, _body(numbering.format(v))))
          for v in ("abc", "-3", "99", "")),
    ]


def _html_cases() -> list[tuple[str, bytes]]:
    text = "<p>Polisen lovar fler trygghetsvandringar.</p>"
    return [
        ("deep-div.html", ("<html><body>" + "<div>" * 100_000 + text + "</div>" * 100_000).encode()),
        ("deep-inline.html", ("<html><body><p>" + "<b>" * 100_000 + "ord").encode()),
        ("deep-lists.html", ("<html><body>" + "<ul><li>ord " * 20_000).encode()),
        ("deep-tables.html", ("<html><body>" + "<table><tr><td>ord " * 20_000).encode()),
        ("wide.html", ("<html><body>" + "<p>ord</p>" * 200_000).encode()),
        ("xxe.html", (b"<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><html><body><p>&x; ord</p>"
                      b"</body></html>")),
        ("laughs.xhtml", ("<!DOCTYPE html [<!ENTITY a0 'ha'>" + "".join(
            f"<!ENTITY a{i} '{f'&a{i - 1};' * 10}'>" for i in range(1, 10)) + "]><html><body><p>&a9;</p></body></html>"
                          ).encode()),
        ("json-ld-deep.html", ('<html><head><script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000
                               + f"</script></head><body>{text}</body></html>").encode()),
        ("bad-charset.html", f'<html><head><meta charset="no-such-codec"></head><body>{text}</body></html>'.encode()),
        ("bad-date.html", ('<html><head><meta property="article:published_time" content="2023-02-30T25:99:00+99:99">'
                           f"</head><body>{text}</body></html>").encode()),
        ("only-furniture.html", b"<html><body><nav><a href='/'>Start</a></nav><footer>Kontakt</footer></body></html>"),
    ]


def _pdf_cases() -> list[tuple[str, bytes]]:
    return [
        ("loop-kids.pdf", pdfs.page_tree_loop()),
        ("loop-self.pdf", pdfs.self_parent_loop()),
        ("loop-reference.pdf", pdfs.reference_loop()),
        ("loop-length.pdf", pdfs.length_loop()),
        ("wide-tree.pdf", pdfs.wide_page_tree(100_000)),
        ("deep-tree.pdf", pdfs.deep_page_tree(5_000)),
        ("header-only.pdf", b"%PDF-1.4\n%%EOF\n"),
    ]


def _text_cases(rng: random.Random) -> list[tuple[str, bytes]]:
    swedish = "Polisen och kommunen i Åmål lovar fler trygghetsvandringar på torget.\n"
    return [
        ("utf16.txt", (swedish * 20).encode("utf-16")),
        ("utf16be-no-bom.txt", (swedish * 20).encode("utf-16-be")),
        ("utf32.txt", (swedish * 20).encode("utf-32")),
        ("mac-roman.txt", (swedish * 20).encode("mac_roman")),
        ("bom-only.txt", b"\xef\xbb\xbf"),
        ("utf16-odd-length.txt", (swedish * 20).encode("utf-16")[:-1]),
        ("mixed.txt", swedish.encode() + swedish.encode("latin-1") + swedish.encode("utf-16")),
        ("one-huge-block.txt", ("ord " * 400_000).encode()),
        ("one-huge-word.txt", b"a" * 1_500_000),
        ("long-lines.md", ("# " + "x" * 200_000 + "\n") .encode() * 3),
        ("form-feeds.txt", b"\f" * 100_000 + swedish.encode()),
        ("controls.txt", bytes(rng.randrange(1, 32) for _ in range(3000))),
        # odd names: not UTF-8, decomposed å, spaces, a leading dash, very long
        (b"l\xf6fte.txt", swedish.encode("latin-1")),
        ("lo\u0308fte med mellanslag.txt", swedish.encode()),
        ("-n.txt", swedish.encode()),
        ("å" * 100 + ".txt", swedish.encode()),
    ]
