"""Where each drafted activity came from, kept in the DOCX's custom document properties.

Word shows them under File > Properties > Custom; an archived draft keeps them in its
original, so it links back to the catalogue entries and documents it reused. One property per
activity, "loften.aktivitet.3" = '{"catalogue_id": "A-…", "record_id": "…"}', short enough for
Word's 255-character limit.
"""

from __future__ import annotations

import json
from pathlib import Path

PREFIX = "loften.aktivitet."
PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id Word gives user-defined properties
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
FIRST_PID = 2  # Word numbers custom properties from 2


def _custom_part(package, create: bool):
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    for rel in package.rels.values():
        if rel.reltype == RT.CUSTOM_PROPERTIES:
            return rel.target_part
    if not create:
        return None
    blob = f'<Properties xmlns="{PROPS_NS}" xmlns:vt="{VT_NS}"/>'.encode()
    part = Part(PackURI("/docProps/custom.xml"), CONTENT_TYPE, blob, package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)
    return part


def write_provenance(document, provenance: list[dict[str, str]]) -> None:
    """Replace the loften.aktivitet.N properties of a python-docx Document with these."""
    from lxml import etree

    part = _custom_part(document.part.package, create=True)
    root = etree.fromstring(part.blob)
    for prop in root.findall(f"{{{PROPS_NS}}}property"):
        if prop.get("name", "").startswith(PREFIX):
            root.remove(prop)
    pids = [int(p.get("pid", 0)) for p in root.findall(f"{{{PROPS_NS}}}property")]
    pid = max(pids, default=FIRST_PID - 1) + 1
    for n, origin in enumerate(provenance, 1):
        prop = etree.SubElement(root, f"{{{PROPS_NS}}}property", fmtid=FMTID, pid=str(pid), name=f"{PREFIX}{n}")
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = json.dumps(origin, ensure_ascii=False)
        pid += 1
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_provenance(path: str | Path) -> list[dict[str, str]]:
    """The provenance of each activity, in document order, from a drafted .docx."""
    import docx
    from lxml import etree

    part = _custom_part(docx.Document(str(path)).part.package, create=False)
    if part is None:
        return []
    found = []
    for prop in etree.fromstring(part.blob).findall(f"{{{PROPS_NS}}}property"):
        name = prop.get("name", "")
        if name.startswith(PREFIX) and name[len(PREFIX):].isdigit():
            found.append((int(name[len(PREFIX):]), json.loads(prop.findtext(f"{{{VT_NS}}}lpwstr") or "{}")))
    return [origin for _, origin in sorted(found)]
