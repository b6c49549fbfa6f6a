"""Drafting a signable agreement from a spec and a Word template.

`prepare` validates and renders in memory (the bytes, warnings about other municipalities'
places, each activity's provenance); `draft` also writes the DOCX atomically and, with
pdf=True, converts it to PDF/A-2 beside it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.draft.localise import PlaceNote
from pipeline.draft.pdf import convert_to_pdf
from pipeline.draft.spec import Spec, load_spec
from pipeline.draft.templates import TemplateReport, check_template, resolve_template
from pipeline.draft.validate import validate

__all__ = [
    "DraftResult", "PlaceNote", "Spec", "TemplateReport", "check_template", "convert_to_pdf", "draft", "load_spec",
    "prepare", "validate",
]


@dataclass
class DraftResult:
    docx: Path | None
    pdf: Path | None
    template: Path
    title: str
    focus_areas: int
    activities: int
    signatories: int
    warnings: list[str] = field(default_factory=list)  # foreign places left in the document
    gaps: list[str] = field(default_factory=list)  # foreign places replaced by a gap to fill in
    places: list[PlaceNote] = field(default_factory=list)  # both, with where and whose, for a form
    provenance: list[dict[str, str]] = field(default_factory=list)  # per activity: catalogue id, record id
    content: bytes = field(default=b"", repr=False)  # the .docx itself

    def to_dict(self) -> dict:
        d = {k: v for k, v in dataclasses.asdict(self).items() if k != "content"}
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
        raise SpecError(f"based_on: '{spec.based_on}' är inget dokument-id (som `loften search` visar dem)")
    if corpus is None or not record_path(corpus, spec.based_on).is_file():
        raise SpecError(f"based_on: inget arkiverat dokument '{spec.based_on}' i {corpus}")
    record = read_record(corpus, spec.based_on)
    for item in spec.remove:
        if not removal_matches(item, record, catalogue):
            hint = closest(item, [a.text for a in record.activities])
            suggestion = f" (menade du '{hint}'?)" if hint else ""
            raise SpecError(f"remove: '{item}' är ingen aktivitet i dokument {record.id}{suggestion}")
    return dataclasses.replace(spec, focus_areas=apply_base(spec, record, catalogue))


def _check_output(out: Path, mkdir: bool) -> None:
    """The folder must exist (or be made with mkdir) and be writable, named as the user gave it."""
    from pipeline.errors import OutputError

    folder = out.parent
    if not folder.is_dir():
        if folder.exists():
            raise OutputError(f"{out}: {folder} är ingen mapp")
        if not mkdir:
            raise OutputError(f"{out}: mappen {folder} finns inte (ge --mkdir för att skapa den)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise OutputError(f"{out}: kan inte skapa mappen {folder} ({e.strerror})") from None
    if out.is_dir():
        raise OutputError(f"{out}: är en mapp, inte en .docx-fil")
    if not os.access(folder, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise OutputError(f"{out}: ingen skrivrätt")


def _write(out: Path, content: bytes) -> None:
    from pipeline.archive.store import atomic_write
    from pipeline.errors import OutputError

    try:
        atomic_write(out, content)
    except OSError as e:  # the temp file beside it is an implementation detail: name the user's path
        raise OutputError(f"{out}: kan inte skriva utkastet ({e.strerror or e.__class__.__name__})") from None


def prepare(spec: Spec, template: str | Path | None = None, catalogue: list | None = None,
            corpus: str | Path | None = None, strict: bool = False, templates: Path | None = None) -> DraftResult:
    """Validate and render a draft in memory: the result holds the .docx bytes, nothing is written.
    `catalogue` is the corpus's (pass the application's cached one, or it is built here);
    `templates` holds the built-in templates (default: templates_dir())."""
    from pipeline.catalogue import catalogue_of
    from pipeline.draft.context import build_context
    from pipeline.draft.render import render_docx
    from pipeline.errors import SpecError

    corpus = Path(corpus) if corpus is not None else None
    if catalogue is None:
        catalogue = catalogue_of(corpus) if corpus is not None else []
    spec = _with_base(spec, corpus, catalogue)
    template_path = _template_for(spec, template, templates)
    validate(spec, catalogue, template_path)
    built = build_context(spec, catalogue, template_path)
    warnings = [n.message for n in built.notes if not n.replaced]
    if strict and warnings:
        more = f" (och {len(warnings) - 1} till)" if len(warnings) > 1 else ""
        raise SpecError(f"--strict: andra kommuners orter finns kvar i utkastet: {warnings[0]}{more}")
    context = built.context
    return DraftResult(
        docx=None, pdf=None, template=template_path, title=context["title"],
        focus_areas=len(context["focus_areas"]),
        activities=sum(len(a["activities"]) for a in context["focus_areas"]),
        signatories=len(context["signatories"]),
        warnings=warnings, gaps=[n.message for n in built.notes if n.replaced], places=built.notes,
        provenance=built.provenance, content=render_docx(template_path, context, built.provenance),
    )


def draft(spec: Spec, out_path: str | Path, template: str | Path | None = None, pdf: bool = False,
          corpus: str | Path | None = None, catalogue: list | None = None, mkdir: bool = False,
          strict: bool = False, templates: Path | None = None) -> DraftResult:
    """Validate, then write OUT.docx (and OUT.pdf); on any error no output file is left."""
    out = Path(out_path)
    _check_output(out, mkdir)
    result = prepare(spec, template, catalogue=catalogue, corpus=corpus, strict=strict, templates=templates)
    _write(out, result.content)
    result.docx = out
    if pdf:
        try:
            result.pdf = convert_to_pdf(out, out.parent)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    return result
