"""Text encodings: marks, declared charsets, UTF-16/32 without a mark, guessed single-byte
encodings named in the warnings, and bytes that are not text in any encoding refused."""

import random

import pytest

from pipeline.errors import EncodingProblem
from pipeline.parse import parse_file

TEXT = ("Medborgarlöfte för Åmål och Säffle\n\n"
        "Polisen och kommunen lovar fler trygghetsvandringar på torget i Åmål under året.\n\n"
        "• Fotpatrullering vid skolor\n• Nattvandring med föräldrar i Säffle\n")


def _write(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                      "utf-8-sig"])
def test_unicode_encodings_with_or_without_mark(tmp_path, encoding):
    doc, _ = parse_file(_write(tmp_path, "lofte.txt", TEXT.encode(encoding)))
    assert [b.text for b in doc.blocks][:2] == ["Medborgarlöfte för Åmål och Säffle",
                                                "Polisen och kommunen lovar fler trygghetsvandringar på torget "
                                                "i Åmål under året."]
    assert [b.text for b in doc.blocks if b.kind == "list_item"] == [
        "Fotpatrullering vid skolor", "Nattvandring med föräldrar i Säffle"]
    assert doc.warnings == []


@pytest.mark.parametrize("encoding,label", [("cp1252", "cp1252"), ("latin-1", "cp1252"),
                                            ("mac_roman", "mac-roman"), ("cp850", "cp850")])
def test_single_byte_encodings_are_guessed_and_said(tmp_path, encoding, label):
    data = TEXT.replace("•", "*").encode(encoding)
    doc, _ = parse_file(_write(tmp_path, "lofte.txt", data))
    assert doc.blocks[0].text == "Medborgarlöfte för Åmål och Säffle"
    assert "Nattvandring med föräldrar i Säffle" in doc.text
    assert doc.warnings == [f"the text encoding was not stated and was guessed as {label}"]


def test_html_declared_charset_is_used_without_a_warning(tmp_path):
    page = ('<html><head><meta charset="iso-8859-1"><title>Löfte</title></head><body><main>'
            '<h1>Medborgarlöfte för Åmål</h1><p>Fler trygghetsvandringar i Säffle.</p></main></body></html>')
    doc, _ = parse_file(_write(tmp_path, "sida.html", page.encode("latin-1")))
    assert [b.text for b in doc.blocks] == ["Medborgarlöfte för Åmål", "Fler trygghetsvandringar i Säffle."]
    assert doc.warnings == []


def test_html_without_charset_is_guessed_and_utf16_is_read(tmp_path):
    page = "<html><body><h1>Medborgarlöfte för Åmål</h1><p>Fler trygghetsvandringar i Säffle.</p></body></html>"
    guessed, _ = parse_file(_write(tmp_path, "a.html", page.encode("mac_roman")))
    assert guessed.blocks[0].text == "Medborgarlöfte för Åmål"
    assert guessed.warnings == ["the text encoding was not stated and was guessed as mac-roman"]
    wide, _ = parse_file(_write(tmp_path, "b.html", page.encode("utf-16")))
    assert [b.text for b in wide.blocks] == ["Medborgarlöfte för Åmål", "Fler trygghetsvandringar i Säffle."]


def test_guessed_encoding_reaches_the_record(tmp_path):
    from pipeline.extract import extract_file

    record = extract_file(_write(tmp_path, "lofte.txt", TEXT.encode("cp1252", errors="replace")))
    assert "the text encoding was not stated and was guessed as cp1252" in record.warnings


@pytest.mark.parametrize("name", ["slump.txt", "slump.html", "nollor.txt", "nollor.html", "hog.txt"])
def test_bytes_that_are_not_text_are_refused(tmp_path, name):
    rng = random.Random(name)
    data = {"slump": bytes(rng.randrange(256) for _ in range(5000)), "nollor": b"\x00" * 5000,
            "hog": bytes(rng.randrange(128, 256) for _ in range(5000))}[name.split(".")[0]]
    with pytest.raises(EncodingProblem) as err:
        parse_file(_write(tmp_path, name, data))
    assert err.value.reason == "not a text file: binary content"
