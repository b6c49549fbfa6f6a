"""Drafting a signable agreement from a spec and a Word template.

`draft` is the whole job: read the archive's catalogue, apply `based_on`, validate, render
the DOCX atomically and, with pdf=True, convert it to PDF/A-2 beside it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from pipeline.draft.pdf import convert_to_pdf
from pipeline.draft.spec import Spec, load_spec
from pipeline.draft.templates import TemplateReport, check_template, resolve_template
from pipeline.draft.validate import validate

__all__ = [
    "DraftResult", "Spec", "TemplateReport", "check_template", "convert_to_pdf", "draft", "load_spec",
    "validate",
]


@dataclass
class DraftResult:
    docx: Path
    pdf: Path | None
    template: Path
    title: str
    focus_areas: int
    activities: int
    signatories: int

    def to_dict(self) -> dict:
        d = dataclasses.asdict(self)
        return {k: str(v) if isinstance(v, Path) else v for k, v in d.items()}


def _template_for(spec: Spec, template: str | Path | None, templates: Path | None) -> Path:
    """--template, else the spec's template (a path may be relative to the spec), else by kind."""
    from pipeline.draft.labels import label
    from pipeline.draft.templates import BUILTIN

    chosen = str(template or spec.template or label("kind_templates")[spec.kind or "medborgarlofte"])
    if spec.source and chosen not in BUILTIN and not Path(chosen).is_absolute():
        beside_spec = Path(spec.source).parent / chosen
        if beside_spec.is_file():
            return beside_spec
    return resolve_template(chosen, templates)


def _with_base(spec: Spec, corpus: Path | None, catalogue) -> Spec:
    from pipeline.archive.store import RECORD_ID, read_record, record_path
    from pipeline.draft.context import apply_base, removal_matches
    from pipeline.draft.validate import closest
    from pipeline.errors import SpecError

    if not spec.based_on:
        return spec
    if not RECORD_ID.match(spec.based_on):
        raise SpecError(f"based_on: '{spec.based_on}' is not a record id (as `loften search` shows them)")
    if corpus is None or not record_path(corpus, spec.based_on).is_file():
        raise SpecError(f"based_on: no archived record '{spec.based_on}' in {corpus}")
    record = read_record(corpus, spec.based_on)
    for item in spec.remove:
        if not removal_matches(item, record, catalogue):
            hint = closest(item, [a.text for a in record.activities])
            suggestion = f" (did you mean '{hint}'?)" if hint else ""
            raise SpecError(f"remove: '{item}' is not an activity of record {record.id}{suggestion}")
    return dataclasses.replace(spec, focus_areas=apply_base(spec, record, catalogue))


def draft(spec: Spec, out_path: str | Path, template: str | Path | None = None, pdf: bool = False,
          corpus: str | Path | None = None, catalogue: list | None = None,
          templates: Path | None = None) -> DraftResult:
    """Validate, then write OUT.docx (and OUT.pdf); on any error no output file is left.
    `catalogue` is the corpus's (built here when not given); `templates` holds the built-in
    templates (default: templates_dir())."""
    from pipeline.archive.store import iter_records
    from pipeline.catalogue import build_catalogue
    from pipeline.draft.context import build_context
    from pipeline.draft.render import render_docx

    corpus = Path(corpus) if corpus is not None else None
    if catalogue is None:
        catalogue = build_catalogue(iter_records(corpus)) if corpus is not None else []
    spec = _with_base(spec, corpus, catalogue)
    template_path = _template_for(spec, template, templates)
    validate(spec, catalogue, template_path)
    context = build_context(spec, catalogue, template_path)
    out = Path(out_path)
    render_docx(template_path, context, out)
    pdf_path = None
    if pdf:
        try:
            pdf_path = convert_to_pdf(out, out.parent)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    return DraftResult(
        docx=out, pdf=pdf_path, template=template_path, title=context["title"],
        focus_areas=len(context["focus_areas"]),
        activities=sum(len(a["activities"]) for a in context["focus_areas"]),
        signatories=len(context["signatories"]),
    )
