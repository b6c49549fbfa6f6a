"""`loften activities`, `loften draft` and `loften template check`: from the archive to a new agreement."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.options import archive_options, json_option, make_app, one_line_errors, plural, print_json


@click.command()
@click.option("--theme", help="Only activities with this theme.")
@click.option("--query", "-q", help="Only activities whose wording contains (or nearly contains) this.")
@click.option("--municipality", "-m", help="Only activities used by this municipality.")
@archive_options
@json_option
@one_line_errors
def activities(theme: str | None, query: str | None, municipality: str | None,
               corpus_dir: Path | None, index_dir: Path | None, as_json: bool) -> None:
    """List every distinct activity in the archive, most used first.

    Near-duplicate wordings are merged into one entry; its id (A-…) stays the same when
    other documents are added, so a draft spec can refer to it.

    \b
    Example:
      loften activities --theme trafik
      loften activities --query fotpatrullering --municipality Malung-Sälen --json
    """
    from pipeline.catalogue import wording_in
    from pipeline.search.resolve import theme_label

    entries = make_app(corpus_dir, index_dir).activities(theme, query, municipality)
    if as_json:
        print_json([e.to_dict() for e in entries])
        return
    if not entries:
        click.echo("No activities match.")
        return
    for e in entries:
        merged = f", {e.merged} wordings merged" if e.merged > 1 else ""
        years = f"{e.years[0]}–{e.years[-1]}" if len(e.years) > 1 else "".join(map(str, e.years))
        click.echo(f"{e.id}  {wording_in(e, municipality)}")
        if e.places:
            click.echo(f"    pattern: {e.pattern}")
        click.echo("; ".join([f"    {plural(e.documents, 'document', 'documents')}{merged}",
                              *(f"{label}: {', '.join(values)}" for label, values in
                                (("themes", [theme_label(t) for t in e.themes]), ("actors", e.actors)) if values)]))
        where = "; ".join(f"{label}: {value}" for label, value in
                          (("municipalities", ", ".join(e.municipalities)), ("years", years)) if value)
        if where:
            click.echo(f"    {where}")


@click.command()
@click.argument("spec", type=click.Path(path_type=Path))
@click.option("-o", "--output", "out", required=True, type=click.Path(path_type=Path),
              help="The .docx to write.")
@click.option("--template", "-t", help="medborgarlofte, overenskommelse or a path to a .docx template.")
@click.option("--pdf", is_flag=True, help="Also write a PDF/A-2 beside the .docx (needs LibreOffice).")
@click.option("--strict", is_flag=True, help="Refuse a draft that still names another municipality's places.")
@click.option("--mkdir", is_flag=True, help="Create the output folder if it does not exist.")
@archive_options
@json_option
@one_line_errors
def draft(spec: Path, out: Path, template: str | None, pdf: bool, strict: bool, mkdir: bool,
          corpus_dir: Path | None, index_dir: Path | None, as_json: bool) -> None:
    """Draft a signable agreement from a YAML or JSON spec.

    The spec names the municipalities, the year or period, focus areas with activities
    (catalogue ids from `loften activities` or own text) and the signatories; see
    examples/README.md. Nothing is written when the spec or template has a problem.

    \b
    Example:
      loften draft examples/medborgarlofte.yaml -o lofte.docx --pdf
    """
    if out.suffix.lower() != ".docx" or out.is_dir():
        raise click.BadParameter(f"{out} is not a .docx file name", param_hint="-o/--output")
    result = make_app(corpus_dir, index_dir).draft(spec, out, template=template, pdf=pdf, strict=strict, mkdir=mkdir)
    for gap in result.gaps:
        click.echo(f"Att fylla i: {gap}", err=True)
    for warning in result.warnings:
        click.echo(f"Varning: {warning}", err=True)
    if as_json:
        print_json(result.to_dict())
        return
    counts = ", ".join([plural(result.focus_areas, "focus area", "focus areas"),
                        plural(result.activities, "activity", "activities"),
                        plural(result.signatories, "signatory", "signatories")])
    click.echo(f"Wrote {result.docx_path}: {result.title} ({counts})")
    if result.pdf_path:
        click.echo(f"Wrote {result.pdf_path}")


@click.group()
def template() -> None:
    """Work with Word templates for `loften draft`.

    \b
    Example:
      loften template check var-mall.docx
    """


@template.command("check")
@click.argument("path", type=click.Path(path_type=Path))
@json_option
@one_line_errors
def template_check(path: Path, as_json: bool) -> None:
    """Check a .docx template: its variables, loops and problems.

    Broken Jinja tags are shown with the paragraph they are in; variables the spec model
    cannot fill are listed (a spec can still fill them with top-level keys of its own).
    Exit status 1 when the template has problems.

    \b
    Example:
      loften template check templates/medborgarlofte.docx --json
    """
    report = make_app().template_check(path)
    if as_json:
        print_json(report.to_dict())
    else:
        click.echo(f"{report.path}: {'ok' if report.ok else 'problems found'}")
        if report.variables:
            click.echo(f"Variables: {', '.join(report.variables)}")
        for loop in report.loops:
            click.echo(f"Loop: {loop}")
        if report.unknown:
            unknown = [f"{u} (menade du {report.suggestions[u]}?)" if u in report.suggestions else u
                       for u in report.unknown]
            click.echo(f"Not in the spec model (add them as top-level spec keys): {', '.join(unknown)}")
        for problem in report.problems:
            click.echo(f"Problem: {problem}")
    if not report.ok:
        raise click.exceptions.Exit(1)


COMMANDS = [activities, draft, template]
