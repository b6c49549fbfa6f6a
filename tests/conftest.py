"""Fixtures that build real documents with tests/docgen.py."""

from __future__ import annotations

import pytest
from docgen import render


@pytest.fixture
def make_doc(tmp_path):
    """make_doc(doc, fmt, name=None) -> Path of a real file written in tmp_path."""

    def _make(doc: dict, fmt: str, name: str | None = None):
        return render(doc, fmt, tmp_path / (name or f"doc.{fmt}"))

    return _make
