"""`loften serve` and `loften user`: the web app and its local accounts."""

from __future__ import annotations

from pathlib import Path

import click

from pipeline.commands.options import archive_options, json_option, make_app, one_line_errors, plural, print_json


def _users_option(f):
    return click.option(
        "--users", "users_file", type=click.Path(path_type=Path), default=None,
        help="Users file (default: loften-users.json beside the index folder).",
    )(f)


def _settings(app, users_file: Path | None, **overrides):
    """The web settings of this archive: files beside its index unless --users says otherwise."""
    from pipeline.web.settings import WebSettings

    return WebSettings.beside_index(app.index_dir, **overrides, **({"users_file": users_file} if users_file else {}))


def _users(corpus_dir, index_dir, users_file):
    from pipeline.web.users import UserStore

    settings = _settings(make_app(corpus_dir, index_dir), users_file)
    return UserStore(settings.users_file), settings.users_file


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--anonymous", is_flag=True, help="Let visitors search and read without logging in.")
@click.option("--max-upload-mb", type=click.IntRange(min=1), default=50, show_default=True,
              help="Largest upload, all files together.")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Server processes answering requests (default: the number of cores).")
@archive_options
@_users_option
@json_option
@one_line_errors
def serve(host, port, anonymous, max_upload_mb, workers, corpus_dir, index_dir, users_file, as_json) -> None:
    """Serve the web app (Swedish pages and a JSON API under /api/).

    Log in with an account made by `loften user add`; roles are läsare (search and read),
    handläggare (also draft), arkivarie (also upload and remove) and admin (also users).
    With --json the address and files served are printed as one JSON object first.
    Several worker processes share the logins, finished drafts and session key through files
    beside the index.

    \b
    Example:
      loften user add anna --role admin
      loften serve --port 8000
    """
    import os

    import uvicorn

    from pipeline.web.app import SETTINGS_ENV, create_app
    from pipeline.web.users import UserStore

    loften = make_app(corpus_dir, index_dir)
    settings = _settings(loften, users_file, anonymous_read=anonymous, max_upload_bytes=max_upload_mb * 1024 * 1024)
    workers = workers or os.cpu_count() or 1
    app = create_app(loften, settings)  # checks the settings, and makes the session key the workers share
    url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
    no_users = not UserStore(settings.users_file).all()
    if as_json:
        print_json({"url": url, "corpus": str(loften.corpus), "index": str(loften.index_dir),
                    "users_file": str(settings.users_file), "users": not no_users, "anonymous_read": anonymous,
                    "workers": workers})
    else:
        click.echo(f"loften serves {loften.corpus} at {url} with {plural(workers, 'worker', 'workers')} "
                   f"(users: {settings.users_file}); stop with Ctrl+C")
    if no_users and not anonymous and not as_json:
        click.echo("No users yet: add one with `loften user add NAME --role admin`, "
                   "or start with --anonymous to let visitors read without logging in.")
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=True)
        return
    os.environ.update({"LOFTEN_CORPUS": str(loften.corpus.resolve()), "LOFTEN_INDEX": str(loften.index_dir.resolve()),
                       SETTINGS_ENV: settings.to_json()})
    uvicorn.run("pipeline.web.app:app_from_environment", factory=True, workers=workers, host=host, port=port,
                log_level="warning", proxy_headers=True)


@click.group()
def user() -> None:
    """Local accounts of the web app.

    \b
    Example:
      loften user add anna --role handläggare
      loften user list
    """


@user.command("add")
@click.argument("name")
@click.option("--role", required=True, help="läsare, handläggare, arkivarie or admin.")
@click.password_option(prompt="Password", confirmation_prompt=True,
                       help="Asked for when not given (never put it on a shared command line).")
@archive_options
@_users_option
@json_option
@one_line_errors
def user_add(name, role, password, corpus_dir, index_dir, users_file, as_json) -> None:
    """Add a user, or set an existing user's password and role (which logs them out).

    \b
    Example:
      loften user add anna --role arkivarie
    """
    store, path = _users(corpus_dir, index_dir, users_file)
    added = store.add(name, role, password)
    if as_json:
        print_json({"user": added.name, "role": added.role, "users_file": str(path)})
    else:
        click.echo(f"user {added.name} ({added.role}) saved in {path}")


@user.command("list")
@archive_options
@_users_option
@json_option
@one_line_errors
def user_list(corpus_dir, index_dir, users_file, as_json) -> None:
    """List the users and their roles.

    \b
    Example:
      loften user list --json
    """
    users = _users(corpus_dir, index_dir, users_file)[0].all()
    if as_json:
        print_json([{"user": u.name, "role": u.role} for u in users])
    else:
        for u in users:
            click.echo(f"{u.name}  {u.role}")
        if not users:
            click.echo("No users yet.")


@user.command("remove")
@click.argument("name")
@archive_options
@_users_option
@json_option
@one_line_errors
def user_remove(name, corpus_dir, index_dir, users_file, as_json) -> None:
    """Remove a user (their sessions end at once).

    \b
    Example:
      loften user remove anna
    """
    _users(corpus_dir, index_dir, users_file)[0].remove(name)
    if as_json:
        print_json({"removed": name})
    else:
        click.echo(f"removed user {name}")


COMMANDS = [serve, user]
