"""Filling a template with docxtpl: values are data, never template code."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pipeline.archive.store import atomic_write
from pipeline.errors import TemplateError


def render_docx(template: Path, context: dict[str, Any], out_path: Path) -> Path:
    """Render with autoescape on (so '&', '<' and '{{' in a value come out literally), then
    write the file atomically: a failed render leaves nothing behind."""
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError

    document = DocxTemplate(str(template))
    try:
        document.render(context, autoescape=True)
    except JinjaError as e:
        raise TemplateError(f"{template}: cannot render ({e.__class__.__name__}: {e})") from None
    document.docx.core_properties.title = context.get("title") or ""
    buffer = io.BytesIO()
    document.save(buffer)
    atomic_write(out_path, buffer.getvalue())
    return out_path
