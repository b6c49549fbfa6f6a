"""The LibreOffice runner (pipeline.office) and the formats read through it (.doc, .odt, .rtf).

Real conversions with the installed LibreOffice, and stand-in `soffice` scripts first on
PATH for what a real one does only now and then: hang, leave helpers behind.
"""

from __future__ import annotations

import os
import stat
import time

import pytest
from docgen import expected_blocks, render, sample_doc

from pipeline.errors import CorruptFile, UnsupportedFormat
from pipeline.office import OfficeError, convert, find_soffice, network_isolation
from pipeline.parse import parse_file

needs_soffice = pytest.mark.skipif(not find_soffice(), reason="LibreOffice (soffice) is not installed")


def fake_soffice(tmp_path, monkeypatch, script: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    program = bin_dir / "soffice"
    program.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ['PATH']}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie waiting for its parent is gone too
        return f.read().split(") ", 1)[1][0] != "Z"


def test_a_hanging_converter_and_its_helpers_are_killed(tmp_path, monkeypatch):
    pids = tmp_path / "pids"
    fake_soffice(tmp_path, monkeypatch, f"sleep 300 & echo $! > {pids}; echo $$ >> {pids}; sleep 300")
    source = tmp_path / "brev.odt"
    source.write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(OfficeError) as e:
        convert(source, tmp_path / "out", "docx", produces="docx", what="the conversion", timeout=1)
    assert e.value.reason == "LibreOffice did not finish the conversion within 1 s"
    assert time.monotonic() - started < 10
    started_pids = [int(p) for p in pids.read_text().split()]
    assert len(started_pids) == 2
    deadline = time.monotonic() + 5
    while any(_alive(p) for p in started_pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(p) for p in started_pids)
    assert list((tmp_path / "out").iterdir()) == []


def test_converter_gets_a_locked_down_profile_and_no_network(tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    fake_soffice(tmp_path, monkeypatch, f"""
for a in "$@"; do case "$a" in -env:UserInstallation=file://*)
  cp "${{a#-env:UserInstallation=file://}}/user/registrymodifications.xcu" {seen}.xcu;; esac; done
tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' > {seen}.net
echo "$@" > {seen}.args
exit 1""")
    source = tmp_path / "brev.rtf"
    source.write_bytes(b"{\\rtf1 x}")
    with pytest.raises(OfficeError) as e:
        convert(source, tmp_path / "out", "docx", produces="docx", what="the conversion")
    assert e.value.reason == "LibreOffice could not convert it to DOCX (no output)"
    profile = (tmp_path / "seen.xcu").read_text(encoding="utf-8")
    assert '<prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value>' in profile
    assert 'oor:path="/org.openoffice.Office.Writer/Content/Update"><prop oor:name="Link" oor:op="fuse">' \
           '<value>2</value>' in profile
    assert "--headless" in (tmp_path / "seen.args").read_text()
    interfaces = (tmp_path / "seen.net").read_text().split()
    if network_isolation():
        assert interfaces == ["lo"]  # only the namespace's own loopback: no way out
    else:
        pytest.skip("this platform allows no unprivileged network namespace (unshare -rn)")


def test_without_libreoffice_old_formats_are_skipped_with_the_reason(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    p = tmp_path / "gammal.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0 whatever")
    with pytest.raises(UnsupportedFormat) as e:
        parse_file(p)
    assert e.value.reason == (".doc files are read through LibreOffice, which is not installed; "
                              "install it with: apt-get install libreoffice-writer-nogui")


@needs_soffice
def test_a_broken_rtf_is_refused_with_a_reason(tmp_path):
    p = tmp_path / "trasig.rtf"
    p.write_bytes(b"\x00\x01 not rtf at all \xff" * 50)
    with pytest.raises(CorruptFile) as e:
        parse_file(p)
    assert e.value.reason.startswith("not a readable .rtf file: LibreOffice could not convert it to DOCX")


@needs_soffice
@pytest.mark.slow
@pytest.mark.parametrize("fmt,target", [("odt", "odt"), ("rtf", "rtf"), ("doc", "doc:MS Word 97")])
def test_old_formats_give_the_blocks_of_the_word_original(tmp_path, fmt, target):
    """Write the neutral document as DOCX, let LibreOffice save it as .odt/.rtf/.doc, read that back."""
    doc = sample_doc()
    original = render(doc, "docx", tmp_path / "lofte.docx")
    made = convert(original, tmp_path / fmt, target, produces=fmt, what="the test file")
    parsed, _ = parse_file(made)
    assert parsed.format == fmt
    got = [(b.kind, b.text, b.level if b.kind == "heading" else b.depth) for b in parsed.blocks]
    assert got == expected_blocks(doc)
    assert "Årjäng" in parsed.title
