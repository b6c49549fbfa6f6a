"""`loften extract`: publications to structured records."""

from __future__ import annotations

import sys

import click

from pipeline.commands.options import json_option, print_json
from pipeline.errors import ExitCode, InputError
from pipeline.parse import MAX_BYTES


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--max-mb", type=click.FloatRange(min=0, min_open=True), default=MAX_BYTES / 1e6, show_default=True,
              help="Refuse files larger than this many megabytes.")
@json_option
def extract(paths: tuple[str, ...], max_mb: float, as_json: bool) -> None:
    """Extract structured records from PDF, DOCX, HTML or TXT publications.

    Folders are walked. Files that cannot be read get one line on stderr naming the file
    and the reason; the others still go through, and the exit status is 1.

    \b
    Example:
      loften extract corpus/samples
      loften extract beslut.pdf nyhet.html --json
    """
    from pipeline.extract import extract_file
    from pipeline.render import format_record
    from pipeline.walk import iter_inputs

    records, failed = [], 0
    for path in iter_inputs(list(paths)):
        try:
            record = extract_file(path, max_bytes=int(max_mb * 1e6))
        except InputError as e:
            failed += 1
            click.echo(f"Error: {e.path}: {e.reason}", err=True)
            continue
        if as_json:
            records.append(record.to_dict())
        else:
            click.echo(format_record(record))
    if as_json:
        print_json(records)
    if failed:
        sys.exit(ExitCode.FAILED)


COMMANDS = [extract]
