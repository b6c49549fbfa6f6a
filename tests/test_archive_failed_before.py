"""A file that failed is remembered by its content and the conditions it failed under: the
next run reports it as failed before (one line, the same reason, counted) and does not extract
it again, until the file, the extraction code or the limits change, or --retry-failed is given.
Real `loften index` subprocesses, and real worker processes for the library runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.archive import batch
from pipeline.archive.batch import index_paths
from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
BROKEN = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\n" + bytes(range(256)) * 4
PROMISE = ("Medborgarlöfte 2025 för Sala\n\nLokalpolisområde Sala och Sala kommun lovar "
           "trygghetsvandringar i Sala under 2025.\n")


def loften(tmp_path: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    argv = [sys.executable, "-m", "pipeline", "index", *args,
            "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index")]
    return subprocess.run(argv, capture_output=True, text=True, cwd=ROOT, timeout=180,
                          env={**os.environ, "LOFTEN_WORKERS": "1", **(env or {})})


@pytest.fixture
def inbox(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "sala.txt").write_text(PROMISE, encoding="utf-8")
    (folder / "trasig.pdf").write_bytes(BROKEN)
    return folder


def error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


def test_a_failed_file_is_reported_as_failed_before_with_its_reason(tmp_path, inbox):
    first = loften(tmp_path, str(inbox))
    assert first.returncode == 1, first.stderr
    [line] = error_lines(first)
    assert line.startswith(f"Error: {inbox / 'trasig.pdf'}: ") and "failed before" not in line
    reason = line.split(": ", 2)[2]

    again = loften(tmp_path, str(inbox))
    assert again.returncode == 1
    assert error_lines(again) == [
        f"Error: {inbox / 'trasig.pdf'}: {reason} (failed before; not extracted again until the file "
        "or loften changes, or with --retry-failed)"
    ]
    assert again.stdout.splitlines()[-1] == "added 0, updated 0, unchanged 1, failed 1 (1 failed before)"

    as_json = json.loads(loften(tmp_path, str(inbox), "--json").stdout)
    assert as_json["failed_before"] == [str(inbox / "trasig.pdf")]
    assert [f["path"] for f in as_json["failed"]] == [str(inbox / "trasig.pdf")]
    assert as_json["failed"][0]["reason"].startswith(reason + " (failed before;")
    log = (tmp_path / "corpus" / "failures.log").read_text(encoding="utf-8").splitlines()
    assert len(log) == 3 and all(str(inbox / "trasig.pdf") in entry for entry in log)


def test_retry_failed_extracts_it_again_and_a_changed_file_is_tried_at_once(tmp_path, inbox):
    assert loften(tmp_path, str(inbox)).returncode == 1

    retried = loften(tmp_path, str(inbox), "--retry-failed")
    [line] = error_lines(retried)
    assert "failed before" not in line and retried.stdout.splitlines()[-1] == "added 0, updated 0, unchanged 1, failed 1"

    (inbox / "trasig.pdf").write_bytes(BROKEN + b"\n% another broken copy\n")
    changed = loften(tmp_path, str(inbox))
    [line] = error_lines(changed)
    assert "failed before" not in line



def test_other_limits_try_it_again(tmp_path, inbox):
    assert loften(tmp_path, str(inbox)).returncode == 1
    other = loften(tmp_path, str(inbox), env={"LOFTEN_TIME_LIMIT": "45"})
    assert ["failed before" in line for line in error_lines(other)] == [False]
    same = loften(tmp_path, str(inbox), env={"LOFTEN_TIME_LIMIT": "45"})
    assert ["failed before" in line for line in error_lines(same)] == [True]


def counting(path: Path):
    """Notes every file it is given beside the input folder, then extracts it."""
    with open(Path(path).parent.parent / "extracted.log", "a", encoding="utf-8") as f:
        f.write(Path(path).name + "\n")
    return extract_file(path)


def test_the_remembered_file_is_not_extracted_until_the_extraction_code_changes(tmp_path, inbox, monkeypatch):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    log = tmp_path / "extracted.log"
    first = index_paths([inbox], corpus, index, workers=1, extract=counting)
    assert [f.path for f in first.failed] == [str(inbox / "trasig.pdf")] and len(first.added) == 1
    assert sorted(log.read_text().split()) == ["sala.txt", "trasig.pdf"]

    log.unlink()
    second = index_paths([inbox, inbox / "trasig.pdf"], corpus, index, workers=1, extract=counting)
    assert not log.exists()  # neither the archived file nor the failed one was extracted
    assert second.failed_before == [str(inbox / "trasig.pdf")]  # named twice, the walk takes it once
    assert first.failed[0].reason in second.failed[0].reason

    monkeypatch.setattr(batch, "extraction_version", lambda: "0123456789abcdef")
    third = index_paths([inbox], corpus, index, workers=1, extract=counting)
    assert sorted(log.read_text().split()) == ["sala.txt", "trasig.pdf"]  # new code: both again
    assert third.failed_before == [] and third.reextracted == first.added


def refusing(path: Path):
    """Fails while a file named `refuse` lies beside the input folder, extracts otherwise."""
    if (Path(path).parent.parent / "refuse").exists():
        raise ValueError("refused by the test")
    return extract_file(path)


def test_a_file_that_succeeds_when_retried_is_archived_and_forgotten_as_a_failure(tmp_path, inbox):
    from pipeline.archive.catalog import Catalog
    from pipeline.parse import sha256

    (inbox / "trasig.pdf").unlink()
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    (tmp_path / "refuse").touch()
    assert len(index_paths([inbox], corpus, index, workers=1, extract=refusing).failed) == 1
    (tmp_path / "refuse").unlink()
    assert index_paths([inbox], corpus, index, workers=1, extract=refusing).failed_before == [str(inbox / "sala.txt")]
    retried = index_paths([inbox], corpus, index, workers=1, extract=refusing, retry_failed=True)
    assert len(retried.added) == 1 and retried.failed == []
    catalog = Catalog(corpus)
    try:
        assert catalog.failure(sha256((inbox / "sala.txt").read_bytes())) is None
    finally:
        catalog.close()
    assert index_paths([inbox], corpus, index, workers=1, extract=refusing).unchanged == retried.added
