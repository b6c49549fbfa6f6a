"""DOCX to PDF/A-2 with LibreOffice, headless, in a profile of its own.

A private profile directory (-env:UserInstallation) keeps a conversion from clashing with a
LibreOffice the user has open, or with another conversion running at the same time.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from pipeline.errors import ConversionError

PDF_A2_FILTER = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
DEFAULT_TIMEOUT = 120.0
INSTALL_HINT = "LibreOffice (soffice) is not installed; install it with: apt-get install libreoffice-writer-nogui"


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(command: list[str], timeout: float, docx: Path) -> tuple[int, str]:
    """Run soffice in a session of its own, so a timeout ends it and every helper it started."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ConversionError(f"{docx}: LibreOffice did not finish the PDF within {timeout:g} s") from None
    return process.returncode, stderr or stdout


def convert_to_pdf(docx: str | Path, out_dir: str | Path, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Write <out_dir>/<docx stem>.pdf as PDF/A-2 and return its path."""
    soffice = find_soffice()
    if not soffice:
        raise ConversionError(INSTALL_HINT)
    docx, out_dir = Path(docx), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="loften-soffice-") as profile, \
            tempfile.TemporaryDirectory(prefix="loften-pdf-", dir=out_dir) as work:
        command = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--convert-to", PDF_A2_FILTER, "--outdir", work, str(docx),
        ]
        returncode, output = _run(command, timeout, docx)
        produced = Path(work) / f"{docx.stem}.pdf"
        if returncode != 0 or not produced.is_file() or produced.stat().st_size == 0:
            reason = output.strip().splitlines()
            raise ConversionError(f"{docx}: LibreOffice could not convert it to PDF ({reason[-1] if reason else 'no output'})")
        target = out_dir / produced.name
        produced.replace(target)  # same folder, so the PDF appears whole or not at all
    return target
