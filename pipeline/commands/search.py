"""`loften search` and `loften similar`: ask the index."""

from __future__ import annotations

import click

from pipeline.commands.options import (
    archive_options,
    json_option,
    limit_option,
    make_app,
    one_line_errors,
    plural,
    print_json,
    wait_option,
)


def print_response(response) -> None:
    if response.suggestion:
        click.echo(f"Menade du: {response.suggestion}?")
    click.echo(plural(response.total, "träff", "träffar"))
    for n, hit in enumerate(response.hits, 1):
        where = ", ".join([*hit.municipalities, str(hit.year or ""), hit.kind])
        click.echo(f"\n{n}. {hit.title or hit.id}  ({where.strip(', ')})  [{hit.id}]")
        if hit.snippet:
            click.echo(f"   {hit.snippet}")
        for activity in hit.activities:
            focus = f"[{activity.focus_area}] " if activity.focus_area else ""
            click.echo(f"   - {focus}{activity.text}")
        click.echo(f"   {hit.source_path}")


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
@click.option("--theme", "themes", multiple=True, help="Only records with this theme (repeatable: all of them).")
@click.option("--municipality", "-m", help='Only this kommun ("Älmhult" or "Älmhults kommun").')
@click.option("--county", help='Only this län ("Kronoberg" or "Kronobergs län").')
@click.option("--year", type=click.IntRange(1900, 2199), help="Only this year.")
@click.option("--years", metavar="FROM-TO", help="A range of years: 2019-2022, 2019- or -2022.")
@click.option("--kind", help="Only this kind, e.g. medborgarlofte or news.")
@click.option("--activities", is_flag=True, help="Show the matching activities of each document.")
@limit_option
@archive_options
@wait_option
@json_option
@one_line_errors
def search(words, themes, municipality, county, year, years, kind, activities, limit,
           corpus_dir, index_dir, wait, as_json) -> None:
    """Search the archive. All words are wanted; documents lacking one still follow.

    Syntax: plain words, a OR b, -excluded, "a phrase", prefix*. Matched words in the
    snippet are marked **like this**. Quote a query with an -excluded word, or put -- before
    it, so the shell parser does not read it as an option.

    \b
    Example:
      loften search narkotikahund skola --activities
      loften search "narkotika -skola" --years 2019-2022
      loften search "trygg i butik" -m "Älmhults kommun" --years 2019-2022 --json
    """
    if year is not None and years:
        raise click.UsageError("give either --year or --years, not both")
    response = make_app(corpus_dir, index_dir, wait=wait).search(
        " ".join(words), themes=themes, municipality=municipality, county=county, year=year,
        years=years, kind=kind, activities=activities, limit=limit,
    )
    if as_json:
        print_json(response.to_dict())
    else:
        print_response(response)


@click.command()
@click.argument("record_id", metavar="ID")
@limit_option
@archive_options
@wait_option
@json_option
@one_line_errors
def similar(record_id, limit, corpus_dir, index_dir, wait, as_json) -> None:
    """Documents whose text resembles the given record's.

    \b
    Example:
      loften similar 3f9a0c1d2e4b5a67 -n 5
    """
    response = make_app(corpus_dir, index_dir, wait=wait).similar(record_id, limit=limit)
    if as_json:
        print_json(response.to_dict())
    else:
        print_response(response)


COMMANDS = [search, similar]
