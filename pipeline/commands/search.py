"""`loften search` and `loften similar`: ask the index."""

from __future__ import annotations

import shlex

import click

from pipeline.search import BACKENDS
from pipeline.commands.options import (
    archive_options,
    json_option,
    limit_option,
    make_app,
    one_line_errors,
    print_json,
    wait_option,
)


def backend_option(f):
    return click.option(
        "--backend", "backend_name", type=click.Choice(BACKENDS), default=None,
        help="Search engine (default: $LOFTEN_SEARCH_BACKEND or sqlite).",
    )(f)


def print_response(response, exact_hint: str | None = None) -> None:
    """Readable output: the count, corrections, facets, then each hit with what matched.
    Matched words are bold on a terminal (rich) and plain text otherwise."""
    from pipeline.search import present

    out = _Printer()
    if response.corrected:
        out.line(f"Visar resultat för: {response.corrected}")
        if exact_hint:
            out.line(f"Sök exakt på det du skrev: {exact_hint}")
    elif response.suggestion:
        out.line(f"Menade du: {response.suggestion}?")
    out.line(present.count_line(response))
    for line in present.facet_lines(response):
        out.line(f"  {line}")
    for n, hit in enumerate(response.hits, 1):
        where = present.place_line(hit)
        out.line("")
        out.line(f"{n}. {hit.title or hit.id}" + (f"  ({where})" if where else "") + f"  [{hit.id}]")
        if hit.snippet:
            out.marked(f"   {hit.snippet}")
        reason = present.why(hit)
        if reason:
            out.line(f"   Träff: {reason}")
        for activity in hit.activities:
            focus = f"[{activity.focus_area}] " if activity.focus_area else ""
            out.line(f"   - {focus}{activity.text}")
        if hit.source_path:
            out.line(f"   {hit.source_path}")


class _Printer:
    """click.echo, or rich's console on a terminal, where **word** becomes bold."""

    def __init__(self):
        import sys

        self.console = None
        if sys.stdout.isatty():
            from rich.console import Console

            self.console = Console(highlight=False, soft_wrap=True)

    def line(self, text: str) -> None:
        if self.console is None:
            click.echo(text)
        else:
            from rich.text import Text

            self.console.print(Text(text))

    def marked(self, text: str) -> None:
        pieces = text.split("**")
        if self.console is None:
            click.echo("".join(pieces))
            return
        from rich.text import Text

        styled = Text()
        for i, piece in enumerate(pieces):
            styled.append(piece, style="bold" if i % 2 else None)
        self.console.print(styled)


class _SearchCommand(click.Command):
    """A word meant as "-excluded" looks like an option to the shell parser: say how to write it."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as e:
            raise click.UsageError(
                f"no such option: {e.option_name}; to exclude a word, quote the query, as in "
                'loften search "narkotika -skola", or put -- before the words', ctx
            ) from None


@click.command(cls=_SearchCommand)
@click.argument("words", nargs=-1)
@click.option("--theme", "themes", multiple=True,
              help='Only records with this theme, by id or label ("våld i nära relationer"); repeatable: all of them.')
@click.option("--municipality", "-m", help='Only this kommun ("Älmhult" or "Älmhults kommun").')
@click.option("--county", help='Only this län ("Kronoberg" or "Kronobergs län").')
@click.option("--year", type=click.IntRange(1900, 2199), help="Only this year.")
@click.option("--years", metavar="FROM-TO", help="A range of years: 2019-2022, 2019- or -2022.")
@click.option("--kind", help="Only this kind, e.g. medborgarlöfte or nyhet.")
@click.option("--activities", is_flag=True, help="Show the matching activities of each document.")
@click.option("--exact", is_flag=True, help="No spelling correction: search the words as written.")
@limit_option
@backend_option
@archive_options
@wait_option
@json_option
@one_line_errors
def search(words, themes, municipality, county, year, years, kind, activities, exact, limit,
           backend_name, corpus_dir, index_dir, wait, as_json) -> None:
    """Search the archive. All words are wanted; documents lacking one still follow.

    Syntax: plain words, a OR b, -excluded, "a phrase", prefix*. A year in the query is a
    year condition; a municipality or police area ranks its own documents first. Misspelt
    words are corrected (--exact turns that off). Quote a query with an -excluded word, or
    put -- before it, so the shell parser does not read it as an option.

    \b
    Example:
      loften search narkotikahund skola --activities
      loften search "narkotika -skola" --years 2019-2022
      loften search "trygg i butik" -m "Älmhults kommun" --years 2019-2022 --json
    """
    if year is not None and years:
        raise click.UsageError("give either --year or --years, not both")
    response = make_app(corpus_dir, index_dir, wait=wait, backend=backend_name).search(
        " ".join(words), themes=themes, municipality=municipality, county=county, year=year,
        years=years, kind=kind, activities=activities, limit=limit, exact=exact,
    )
    if as_json:
        print_json(response.to_dict())
    else:
        print_response(response, exact_hint=f"loften search --exact {shlex.join(words)}")


@click.command()
@click.argument("record_id", metavar="ID")
@limit_option
@backend_option
@archive_options
@wait_option
@json_option
@one_line_errors
def similar(record_id, limit, backend_name, corpus_dir, index_dir, wait, as_json) -> None:
    """Documents whose text resembles the given record's.

    \b
    Example:
      loften similar 3f9a0c1d2e4b5a67 -n 5
    """
    response = make_app(corpus_dir, index_dir, wait=wait, backend=backend_name).similar(record_id, limit=limit)
    if as_json:
        print_json(response.to_dict())
    else:
        print_response(response)


COMMANDS = [search, similar]
