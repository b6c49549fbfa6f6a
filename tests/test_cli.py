"""The CLI as a whole: fast start-up, help with an example on every command, one-line errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli

HEAVY = ("spacy", "pdfplumber", "pdfminer", "whoosh", "docx", "docxtpl", "reportlab", "rapidfuzz", "lxml", "bs4")


def test_help_imports_no_heavy_library():
    code = (
        "import sys\n"
        "from pipeline.cli import main\n"
        "sys.argv = ['loften', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def test_every_command_has_help_with_an_example():
    commands = list(_commands(cli))
    assert {"extract"} <= {" ".join(p) for p, _ in commands}
    for path, cmd in commands:
        assert cmd.help and "Example" in cmd.help, " ".join(path)
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, path


def test_every_command_has_json():
    for path, cmd in _commands(cli):
        assert "as_json" in {p.name for p in cmd.params}, " ".join(path)


def test_missing_path_is_one_line():
    result = CliRunner().invoke(cli, ["extract", "nowhere/nothing.pdf"])
    assert result.exit_code == 1
    assert result.stderr == "Error: nowhere/nothing.pdf: no such file\n"


def test_draft_output_must_be_a_docx_file(tmp_path):
    result = CliRunner().invoke(cli, ["draft", "examples/medborgarlofte-ljusdal-2026.yaml", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert f"{tmp_path} is not a .docx file name" in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_closed_pipe_is_not_an_error():
    """`loften extract … | head -1` ends quietly when head stops reading."""
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", "corpus/samples"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in stderr and "Error" not in stderr


# --- one bad file never stops a batch; bad values are one line (issue 11) ----------------

SAMPLES = Path(__file__).resolve().parents[1] / "corpus" / "samples"
GOOD = ("ljusdal-medborgarlofte-2025.txt", "ostersund-medborgarlofte-2025.docx")
EXCEPTION_NAME = re.compile(r"\b[A-Z]\w*(Error|Exception)\b|Traceback")


def good_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


@pytest.mark.parametrize("error, reason", [
    (RuntimeError("kaputt"), "could not be read because of an unexpected problem in loften (kaputt)"),
    (MemoryError(), "needed more memory than this computer has free"),
    (RecursionError("maximum recursion depth exceeded"), "is nested too deeply to be read"),
])
def test_extract_json_over_a_folder_has_an_entry_for_every_file(tmp_path, monkeypatch, error, reason):
    """A bug in one file's extraction (injected here) is that file's entry, not the end of the run."""
    import pipeline.extract

    folder = good_files(tmp_path / "in")
    shutil.copy(SAMPLES / "kiruna-medborgarlofte-2025-2027.pdf", folder / "boom.pdf")
    real = pipeline.extract.extract_file

    def extract_file(path, **kwargs):
        if Path(path).name == "boom.pdf":
            raise error
        return real(path, **kwargs)

    monkeypatch.setattr(pipeline.extract, "extract_file", extract_file)
    result = CliRunner().invoke(cli, ["extract", str(folder), "--json"])
    assert result.exit_code == 1
    outcomes = json.loads(result.stdout)
    assert [o.get("error") or o["municipalities"][0] for o in outcomes] == [reason, "Ljusdal", "Östersund"]
    assert outcomes[0]["path"] == str(folder / "boom.pdf")
    assert result.stderr == f"Error: {folder / 'boom.pdf'}: {reason}\n"


def test_a_named_file_that_cannot_be_read_leaves_the_others_processed(tmp_path):
    folder = good_files(tmp_path / "in")
    too_long = tmp_path / ("a" * 300 + ".txt")
    os.mkfifo(tmp_path / "rör.txt")
    result = CliRunner().invoke(cli, ["extract", str(too_long), str(tmp_path / "rör.txt"), str(folder), "--json"])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"Error: {too_long}: cannot be read (file name too long)",
                                          f"Error: {tmp_path / 'rör.txt'}: not a file"]
    outcomes = json.loads(result.stdout)
    assert [o["municipalities"][0] for o in outcomes if "error" not in o] == ["Ljusdal", "Östersund"]
    assert len(outcomes) == 4


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path):
    name = Path(os.fsdecode(os.fsencode(tmp_path) + b"/l\xf6fte.txt"))
    shutil.copy(SAMPLES / GOOD[0], name)
    result = CliRunner().invoke(cli, ["extract", str(name), "--json"])
    assert result.exit_code == 0
    [record] = json.loads(result.stdout)
    assert record["source"]["path"] == str(name) and record["municipalities"] == ["Ljusdal"]


@pytest.mark.parametrize("args, option", [
    (["search", "trafik", "--limit", "99999999999999999999"], "'--limit' / '-n'"),
    (["similar", "a79f861deaba9050", "-n", "0"], "'--limit' / '-n'"),
    (["extract", "corpus/samples", "--max-mb", "nan"], "'--max-mb'"),
    (["extract", "corpus/samples", "--max-mb", "-1"], "'--max-mb'"),
    (["search", "trafik", "--wait", "nan"], "'--wait'"),
    (["index", "corpus/samples", "--wait", "inf"], "'--wait'"),
    (["search", "trafik", "--year", "tjugo"], "'--year'"),
])
def test_a_bad_option_value_is_one_line(tmp_path, args, option):
    archive = [] if args[0] == "extract" else ["--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i")]
    result = CliRunner().invoke(cli, [*args, *archive])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"Error: Invalid value for {option}: ")
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("suffix, text", [
    (".json", "[" * 50_000 + "]" * 50_000),
    (".yaml", "municipalities: " + "[" * 50_000 + "]" * 50_000),
])
def test_a_spec_nested_50000_deep_is_one_line(tmp_path, suffix, text):
    spec = tmp_path / f"djup{suffix}"
    spec.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "ut.docx")])
    assert result.exit_code == 2
    assert result.stderr == f"Error: {spec}: specen är för djupt nästlad för att vara en spec för utkast\n"
    assert not (tmp_path / "ut.docx").exists()


@pytest.mark.parametrize("based_on", ["../../etc/passwd", "/etc/passwd", "inte ett id"])
def test_a_based_on_that_is_not_an_id_is_one_line(tmp_path, based_on):
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"municipalities": ["Ljusdal"], "year": 2027, "based_on": based_on,
                                "signatories": [{"name": "Anna Berg"}]}), encoding="utf-8")
    result = CliRunner().invoke(cli, ["draft", str(spec), "-o", str(tmp_path / "ut.docx"),
                                      "--corpus", str(tmp_path / "c")])
    assert result.exit_code == 2
    assert result.stderr == (f"Error: based_on: '{based_on}' är inget dokument-id "
                             "(som `loften search` visar dem)\n")


@pytest.mark.parametrize("as_json", [False, True])
def test_index_prints_each_failure_once_without_exception_names(tmp_path, as_json):
    folder = good_files(tmp_path / "in")
    (folder / "tom.txt").write_bytes(b"")
    (folder / "trasig.pdf").write_bytes(b"%PDF-1.4 inte en pdf")
    args = ["index", str(folder), "--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i")]
    result = CliRunner().invoke(cli, args + (["--json"] if as_json else []))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert sorted(e.split(": ")[1] for e in errors) == [str(folder / "tom.txt"), str(folder / "trasig.pdf")]
    assert not EXCEPTION_NAME.search(result.output)
    if as_json:
        assert len(json.loads(result.stdout)["added"]) == 2


# --- the newcomer's path (issue 9) --------------------------------------------------------

def test_the_demo_uses_the_default_archive_and_ends_with_how_to_go_on():
    import pipeline.demo as demo

    assert "--corpus" not in Path(demo.__file__).read_text(encoding="utf-8")
    steps = demo.next_steps().splitlines()
    assert any(line.strip().endswith("bin/loften search trafik") for line in steps)
    assert any("source " in line and "bin/activate" in line for line in steps)
    assert any("make serve" in line and "http://127.0.0.1:8000" in line for line in steps)
    assert any("bin/loften user add" in line and "--role admin" in line for line in steps)


def test_make_serve_starts_loften_serve():
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(["make", "-n", "serve", "ARGS=--port 8123"], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0 and ".venv/bin/loften serve --port 8123" in out.stdout


# --- readable output: Swedish grammar, no empty fields -----------------------------------

def test_readable_output_counts_in_the_singular_and_leaves_out_empty_fields(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "sundsvall-sa-arbetar-vi-med-medborgarloften.txt", folder)
    shutil.copy(SAMPLES / "ostersund-medborgarlofte-2025.docx", folder)
    archive = ["--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i")]
    assert CliRunner().invoke(cli, ["index", str(folder), *archive]).exit_code == 0

    method = CliRunner().invoke(cli, ["extract", str(folder / "sundsvall-sa-arbetar-vi-med-medborgarloften.txt")])
    assert "kind: Metodbeskrivning" in method.stdout
    assert not re.search(r": -( |$)", method.stdout, re.M)

    hits = CliRunner().invoke(cli, ["search", "narkotikahund", *archive]).stdout.splitlines()
    assert hits[0] == "1 träff"
    listing = CliRunner().invoke(cli, ["activities", "--query", "narkotikahund", *archive]).stdout
    assert "    1 document; themes: " in listing and "document(s)" not in listing
    assert not re.search(r": -(;|$)", listing, re.M)


def test_the_repositorys_corpus_is_an_archive_the_demo_may_write_into():
    """corpus/ holds the samples and their README, which are not loften's files: without its
    committed identity loften would refuse to archive there."""
    from pipeline.archive.store import archive_id

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files", "corpus/ARCHIVE_ID", "index"], cwd=root,
                             capture_output=True, text=True).stdout.split()
    assert tracked == ["corpus/ARCHIVE_ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", archive_id(root / "corpus"))


def test_ocr_option_reads_a_scan_and_says_how_when_off(tmp_path):
    """A scanned PDF: without --ocr one line says how to read it; with --ocr (or LOFTEN_OCR)
    the record comes from Tesseract and names the OCR'd pages; index takes the same option."""
    from docgen import scan as scanned

    if not shutil.which("tesseract"):
        pytest.skip("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-swe)")
    samples = Path(__file__).resolve().parent.parent / "corpus" / "samples"
    (tmp_path / "in").mkdir()
    scan = scanned(samples / "gotland-medborgarlofte-2026.pdf", tmp_path / "in" / "skannad.pdf")
    loften = [sys.executable, "-m", "pipeline"]
    off = subprocess.run([*loften, "extract", str(scan)], capture_output=True, text=True)
    assert off.returncode == 1
    assert off.stderr.strip() == f"Error: {scan}: PDF has no text layer (scanned?); read it with --ocr (or LOFTEN_OCR=1)"
    on = subprocess.run([*loften, "extract", "--ocr", str(scan), "--json"], capture_output=True, text=True)
    record = json.loads(on.stdout)[0]
    assert record["ocr"]["pages"] == [1] and record["municipalities"] == ["Gotland"] and record["year"] == 2026
    archive = ["--corpus", str(tmp_path / "c"), "--index", str(tmp_path / "i")]
    indexed = subprocess.run([*loften, "index", str(scan.parent), *archive, "--json"], capture_output=True, text=True,
                             env={**os.environ, "LOFTEN_OCR": "1"})
    assert len(json.loads(indexed.stdout)["added"]) == 1, indexed.stdout + indexed.stderr
