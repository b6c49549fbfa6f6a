"""Small hand-built PDFs with broken structure: page trees that loop, huge page trees."""

from __future__ import annotations


def pdf(objects: list[str]) -> bytes:
    """A PDF of these object bodies (object n is objects[n - 1]) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


_PAGE = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def page_tree_loop() -> bytes:
    """The page tree's second node lists the first as its kid: a walk never ends."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        _PAGE,
    ])


def self_parent_loop() -> bytes:
    """A page tree node that is its own kid."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
        _PAGE,
    ])


def wide_page_tree(pages: int) -> bytes:
    """One page object listed `pages` times: a huge page tree in a small file."""
    kids = " ".join(["3 0 R"] * pages)
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>",
        _PAGE,
    ])


def deep_page_tree(depth: int) -> bytes:
    """Page tree nodes nested `depth` levels, one page at the bottom."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for n in range(2, depth + 2):
        objects.append(f"<< /Type /Pages /Kids [{n + 1} 0 R] /Count 1 >>")
    objects.append(f"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] >>")
    return pdf(objects)


def reference_loop() -> bytes:
    """A kid that is a reference to a reference to itself: resolving it never ends."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "4 0 R",
        "3 0 R",
    ])


def length_loop() -> bytes:
    """A content stream whose /Length is a reference to a reference to itself."""
    return pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        "<< /Length 5 0 R >>\nstream\nBT /F1 12 Tf 72 700 Td (Polisen lovar) Tj ET\nendstream",
        "6 0 R",
        "5 0 R",
    ])
