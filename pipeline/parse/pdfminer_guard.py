"""Bound pdfminer's reference resolving, which never ends on a reference loop.

pdfminer follows an indirect reference until it reaches a value (`resolve1`); a PDF whose
object 3 is "4 0 R" and object 4 is "3 0 R" keeps it there forever, so a 400-byte file
hangs a batch. `PDFObjRef.resolve` is wrapped once, to follow a chain itself and give up
after MAX_HOPS; all of pdfminer resolves through that method.
"""

from __future__ import annotations

MAX_HOPS = 32  # real files chain a reference to a reference once or twice at most


class ReferenceLoop(Exception):
    """Raised inside pdfminer; the PDF parser turns it into a CorruptFile."""


def install() -> None:
    from pdfminer.pdftypes import PDFObjRef

    if getattr(PDFObjRef.resolve, "bounded", False):
        return
    resolve_once = PDFObjRef.resolve

    def resolve(self, default=None):
        value = resolve_once(self, default)
        for _ in range(MAX_HOPS):
            if not isinstance(value, PDFObjRef):
                return value
            value = resolve_once(value, default)
        raise ReferenceLoop(f"object {self.objid} refers to itself through a loop of references")

    resolve.bounded = True
    PDFObjRef.resolve = resolve
