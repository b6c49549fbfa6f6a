"""OCR throughput: pages per second for scans of the bench's own PDFs, read with Tesseract."""

from __future__ import annotations

import shutil
import time

from docgen import scan

OCR_DOCUMENTS = {"full": 6, "quick": 2}  # PDFs of the small set scanned and read back


def ocr(work) -> dict:
    """One process reading scans one after another, as one worker of `loften index --ocr` does."""
    from pipeline.parse import parse_file

    if not shutil.which("tesseract"):
        return {"skipped": "Tesseract is not installed"}
    folder = work.root / "scans"
    folder.mkdir(parents=True, exist_ok=True)
    sources = work.files()["pdf"][: OCR_DOCUMENTS[work.mode]]
    scans = [scan(p, folder / p.name) for p in sources]
    started = time.perf_counter()
    pages, confidences = 0, []
    for path in scans:
        doc, _ = parse_file(path, ocr=True)
        pages += len(doc.meta["ocr"]["pages"])
        confidences.append(doc.meta["ocr"]["confidence"])
    seconds = time.perf_counter() - started
    return {"documents": len(scans), "pages": pages, "seconds": round(seconds, 2),
            "pages_per_s": round(pages / seconds, 2), "confidence": round(sum(confidences) / len(confidences), 3)}
