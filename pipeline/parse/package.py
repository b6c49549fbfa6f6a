"""Checks on a zip package (DOCX, ODT) before any library reads it.

A few hundred kB can unpack to gigabytes (a zip bomb), and XML with a DTD can expand
entities into gigabytes or fetch files and URLs (XXE). Office files never need either:
sizes and compression ratios are read from the zip directory, which bounds what any
reader will unpack, and an XML part that declares a DTD is refused outright.
"""

from __future__ import annotations

import io
import re
import zipfile

from pipeline.errors import CorruptFile

MAX_MEMBERS = 5_000
MAX_MEMBER_BYTES = 100 * 1024 * 1024  # unpacked size of one part
MAX_TOTAL_BYTES = 300 * 1024 * 1024  # unpacked size of the whole package
MAX_RATIO = 200  # unpacked / packed for a part over RATIO_FROM bytes; Word's XML packs about 10:1
RATIO_FROM = 1024 * 1024
_HEAD = 4096  # bytes of an XML part in which a DTD would have to be declared
_DTD = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)


OFFICE_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word and LibreOffice write


def check_package(data: bytes, path: str, kind: str) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
        _check_sizes(infos, path, kind)
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels")) and _declares_dtd(archive, info):
                raise CorruptFile(path, f"{kind} holds XML with a DTD, which Office never writes; refused for safety")
    except CorruptFile:
        raise
    except Exception as exc:  # zipfile raises BadZipFile, struct and zlib errors alike
        raise CorruptFile(path, f"not a readable {kind}: {_reason(exc)}") from None


def _check_sizes(infos: list[zipfile.ZipInfo], path: str, kind: str) -> None:
    if len(infos) > MAX_MEMBERS:
        raise CorruptFile(path, f"{kind} package holds {len(infos):,} parts, more than any real document")
    total = 0
    for info in infos:
        if info.compress_type not in OFFICE_COMPRESSION:
            raise CorruptFile(path, f"not a readable {kind}: its zip package uses a compression method "
                                    "Office does not write")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES or (
                info.file_size > RATIO_FROM and ratio > MAX_RATIO):
            raise CorruptFile(path, f"{kind} unpacks to {info.file_size / 1e6:,.0f} MB in one part "
                                    f"(packed {ratio:,.0f} to 1): a zip bomb, not a document")


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as member:
        head = member.read(_HEAD)
    for encoding in ("utf-16", "utf-32") if head[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8",):
        text = head.decode(encoding, errors="ignore")
        if _DTD.search(text):
            return True
    return False


def _reason(exc: Exception) -> str:
    if isinstance(exc, zipfile.BadZipFile):
        return "not a zip package (damaged or not an Office file)"
    return "damaged zip package"
