"""Filling a template with docxtpl in the sandbox: values are data, never template code."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pipeline.errors import TemplateError


def render_docx(template: Path, context: dict[str, Any], provenance: list[dict[str, str]] | None = None) -> bytes:
    """The filled-in document as bytes. Autoescape is on, so '&', '<' and '{{' in a value come
    out literally; the sandbox refuses any expression that reaches Python internals."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError
    from jinja2.exceptions import SecurityError

    from pipeline.draft.properties import write_provenance
    from pipeline.draft.sandbox import environment

    document = DocxTemplate(str(template))
    try:
        document.render(context, jinja_env=environment(), autoescape=True)
    except SecurityError as e:
        raise TemplateError(f"{template}: mallen försöker nå Pythons inre delar och fylls inte i ({e})") from None
    except (JinjaError, TypeError, ValueError, AttributeError, KeyError, IndexError) as e:
        raise TemplateError(f"{template}: mallen kan inte fyllas i ({e})") from None
    document.docx.core_properties.title = context.get("title") or ""
    write_provenance(document.docx, provenance or [])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
