"""Bad input through parse_file: each case raises the right InputError with a one-line reason."""

import pytest
from docgen import sample_doc

from pipeline.errors import (
    CorruptFile,
    EmptyDocument,
    EncodingProblem,
    EncryptedFile,
    InputError,
    NeedsOCR,
    TooLarge,
    UnsupportedFormat,
)
from pipeline.parse import parse_file


def _raw(tmp_path, name, data):
    p = tmp_path / name
    p.write_bytes(data)
    return p


@pytest.mark.parametrize("name,data,error", [
    ("trasig.pdf", b"%PDF-1.4 nonsense", CorruptFile),
    ("tom.txt", b"", EmptyDocument),
    ("tom.pdf", b"", EmptyDocument),
    ("binar.txt", b"\x00\x01\x02\xff" * 100, EncodingProblem),
    ("trasig.docx", b"not a zip", CorruptFile),
    ("bild.png", b"\x89PNG\r\n", UnsupportedFormat),
    ("blanka.txt", b"\n\n   \n", EmptyDocument),
])
def test_bad_bytes(tmp_path, name, data, error):
    with pytest.raises(error) as err:
        parse_file(_raw(tmp_path, name, data))
    assert "\n" not in str(err.value) and err.value.reason


def test_encrypted_and_scanned(make_doc):
    with pytest.raises(EncryptedFile):
        parse_file(make_doc(sample_doc(password="hemligt"), "pdf", "krypterad.pdf"))
    with pytest.raises(NeedsOCR):
        parse_file(make_doc(sample_doc(scanned=True), "pdf", "skannad.pdf"))


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as err:
        parse_file(tmp_path / "finns-inte.txt")
    assert err.value.reason == "no such file"


def test_too_large(make_doc):
    with pytest.raises(TooLarge, match="over the"):
        parse_file(make_doc(sample_doc(), "txt"), max_bytes=100)
