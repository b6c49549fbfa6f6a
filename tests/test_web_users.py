"""Local accounts: `loften user add|list|remove`, the users file and its hashes."""

from __future__ import annotations

import json
import stat

from click.testing import CliRunner

from pipeline.cli import cli


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_user_add_asks_for_the_password_twice_and_stores_an_argon2_hash(tmp_path):
    users = tmp_path / "users.json"
    result = run("user", "add", "anna", "--role", "handlaggare", "--users", str(users),
                 input="ett långt lösenord\nett långt lösenord\n")
    assert result.exit_code == 0, result.output
    assert f"user anna (handläggare) saved in {users}" in result.output
    data = json.loads(users.read_text(encoding="utf-8"))
    assert data["users"]["anna"]["role"] == "handläggare"
    assert data["users"]["anna"]["hash"].startswith("$argon2id$")
    assert "ett långt lösenord" not in users.read_text(encoding="utf-8")
    assert stat.S_IMODE(users.stat().st_mode) == 0o600
    from pipeline.web.users import UserStore

    store = UserStore(users)
    assert store.verify("anna", "ett långt lösenord").role == "handläggare"
    assert store.verify("anna", "fel lösenord") is None
    assert store.verify("okänd", "ett långt lösenord") is None


def test_user_add_refuses_bad_roles_names_and_short_passwords(tmp_path):
    users = tmp_path / "users.json"
    bad_role = run("user", "add", "anna", "--role", "chef", "--users", str(users), input="x" * 12 + "\n" + "x" * 12 + "\n")
    assert bad_role.exit_code == 1
    assert "Error: okänd roll 'chef' (välj en av: läsare, handläggare, arkivarie, admin)" in bad_role.output
    short = run("user", "add", "anna", "--role", "läsare", "--users", str(users), input="kort\nkort\n")
    assert "lösenordet måste ha minst 10 tecken" in short.output and short.exit_code == 1
    bad_name = run("user", "add", "../anna", "--role", "läsare", "--users", str(users),
                   input="x" * 12 + "\n" + "x" * 12 + "\n")
    assert "går inte som användarnamn" in bad_name.output
    assert not users.exists()


def test_user_list_and_remove(tmp_path):
    users = tmp_path / "users.json"
    for name, role in (("anna", "admin"), ("bo", "läsare")):
        run("user", "add", name, "--role", role, "--users", str(users), "--password", "lösenord-" + name)
    listed = json.loads(run("user", "list", "--users", str(users), "--json").output)
    assert listed == [{"user": "anna", "role": "admin"}, {"user": "bo", "role": "läsare"}]
    assert run("user", "remove", "bo", "--users", str(users)).exit_code == 0
    assert "bo" not in run("user", "list", "--users", str(users)).output
    missing = run("user", "remove", "bo", "--users", str(users))
    assert missing.exit_code == 1 and "ingen användare heter 'bo'" in missing.output


def test_the_users_file_lives_beside_the_index_not_in_the_corpus(tmp_path):
    result = run("user", "add", "anna", "--role", "admin", "--password", "ett långt lösenord",
                 "--corpus", str(tmp_path / "arkiv" / "corpus"), "--index", str(tmp_path / "arkiv" / "index"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "arkiv" / "loften-users.json").is_file()
    assert not (tmp_path / "arkiv" / "corpus").exists() and not (tmp_path / "arkiv" / "index").exists()


def test_loften_help_imports_no_web_framework():
    import subprocess
    import sys

    code = ("import sys; from pipeline.cli import cli; from click.testing import CliRunner; "
            "CliRunner().invoke(cli, ['serve', '--help']); "
            "print(sorted(m for m in ('starlette', 'uvicorn', 'argon2', 'jinja2') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
