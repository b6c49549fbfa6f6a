"""PDF conversion through LibreOffice: the real thing, and what happens when it misbehaves."""

from __future__ import annotations

import os
import stat

import pdfplumber
import pytest

from pipeline.draft import convert_to_pdf
from pipeline.draft.build_templates import build_medborgarlofte
from pipeline.draft.pdf import find_soffice
from pipeline.errors import ConversionError


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    """Put a stand-in `soffice` first on PATH."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")


def test_soffice_missing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConversionError) as e:
        convert_to_pdf(tmp_path / "a.docx", tmp_path)
    assert str(e.value) == ("LibreOffice (soffice) is not installed; install it with: "
                            "apt-get install libreoffice-writer-nogui")


def test_soffice_failing_is_reported_and_leaves_nothing(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "echo 'Error: source file could not be loaded' >&2; exit 1")
    out = tmp_path / "out"
    with pytest.raises(ConversionError) as e:
        convert_to_pdf(tmp_path / "a.docx", out)
    assert str(e.value) == (f"{tmp_path / 'a.docx'}: LibreOffice could not convert it to PDF "
                            "(Error: source file could not be loaded)")
    assert list(out.iterdir()) == []


def test_soffice_hanging_times_out(tmp_path, monkeypatch):
    fake_soffice(tmp_path, monkeypatch, "sleep 30")
    with pytest.raises(ConversionError) as e:
        convert_to_pdf(tmp_path / "a.docx", tmp_path / "out", timeout=0.5)
    assert str(e.value) == f"{tmp_path / 'a.docx'}: LibreOffice did not finish the PDF within 0.5 s"


@pytest.mark.skipif(not find_soffice(), reason="LibreOffice (soffice) is not installed")
def test_real_conversion_gives_pdf_a2(tmp_path):
    docx = tmp_path / "mall.docx"
    build_medborgarlofte(docx)
    pdf = convert_to_pdf(docx, tmp_path / "pdf")
    assert pdf == tmp_path / "pdf" / "mall.pdf"
    with pdfplumber.open(pdf) as document:
        metadata = document.doc.catalog["Metadata"].resolve().get_data().decode("utf-8", "replace")
        assert "{{ title }}" in document.pages[0].extract_text()
    assert 'pdfaid:part="2"' in metadata or "<pdfaid:part>2</pdfaid:part>" in metadata
    assert [p.name for p in (tmp_path / "pdf").iterdir()] == ["mall.pdf"]
