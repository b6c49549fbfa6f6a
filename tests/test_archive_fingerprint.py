"""The extraction version is a fingerprint of the extraction code and data: any change to a
parser, a rule or a word list gives a new version; caches and unrelated code do not."""

from __future__ import annotations

import shutil

from pipeline import fingerprint


def version_of(root, monkeypatch) -> str:
    monkeypatch.setattr(fingerprint, "ROOT", root)
    fingerprint.extraction_version.cache_clear()
    try:
        return fingerprint.extraction_version()
    finally:
        fingerprint.extraction_version.cache_clear()


def test_the_version_follows_extraction_code_and_data_only(tmp_path, monkeypatch):
    root = tmp_path / "pipeline"
    for name in fingerprint.SOURCES:
        source = fingerprint.ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            root.mkdir(exist_ok=True)
            shutil.copy(source, root / name)
    (root / "search").mkdir()
    (root / "search" / "ranking.py").write_text("WEIGHT = 1\n", encoding="utf-8")
    first = version_of(root, monkeypatch)
    assert len(first) == 16 and first == version_of(root, monkeypatch)
    assert first == fingerprint.extraction_version()  # the copy is the real code

    (root / "search" / "ranking.py").write_text("WEIGHT = 2\n", encoding="utf-8")  # search is not extraction
    (root / "lang" / "__pycache__").mkdir(exist_ok=True)
    (root / "lang" / "__pycache__" / "x.pyc").write_bytes(b"cache")
    assert version_of(root, monkeypatch) == first

    words = root / "lang" / "data" / "first_names.txt"
    words.write_text(words.read_text(encoding="utf-8") + "Ny\n", encoding="utf-8")
    second = version_of(root, monkeypatch)
    assert second != first
    (root / "parse" / "txt.py").write_text((root / "parse" / "txt.py").read_text(encoding="utf-8") + "\n# ändrad\n",
                                            encoding="utf-8")
    assert version_of(root, monkeypatch) not in (first, second)
