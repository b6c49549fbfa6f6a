"""The CLI as a whole: fast start-up, help with an example on every command, one-line errors."""

from __future__ import annotations

import subprocess
import sys

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
