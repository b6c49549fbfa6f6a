"""DOCX to PDF/A-2 with LibreOffice, through the project's one runner (pipeline.office)."""

from __future__ import annotations

from pathlib import Path

from pipeline.errors import ConversionError
from pipeline.office import DEFAULT_TIMEOUT, INSTALL_HINT, OfficeError, convert, find_soffice

PDF_A2_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'


def convert_to_pdf(docx: str | Path, out_dir: str | Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Write <out_dir>/<docx stem>.pdf as PDF/A-2 and return its path."""
    soffice = find_soffice()
    if not soffice:
        raise ConversionError(INSTALL_HINT)
    try:
        return convert(docx, out_dir, PDF_A2_FILTER, produces="pdf", what="the PDF", soffice=soffice,
                       timeout=timeout)
    except OfficeError as e:
        raise ConversionError(f"{docx}: {e.reason}") from None
