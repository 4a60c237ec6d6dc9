"""``aicoach users``: accounts made through the server, roles given from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aicoach.cli.app import app
from aicoach.services.accounts import Role, register_user
from aicoach.settings import load_settings
from aicoach.storage.database import open_database

runner = CliRunner()


def test_set_role_makes_an_admin_and_list_shows_it(aicoach_home: Path) -> None:
    database = open_database(load_settings().resolved_database_url)
    with database.sessions.begin() as session:
        register_user(
            session, email="root@example.org", password="a long pass phrase", display_name="R"
        )
    database.dispose()
    changed = runner.invoke(app, ["users", "set-role", "ROOT@example.org", "admin"])
    assert changed.exit_code == 0, changed.output
    listed = runner.invoke(app, ["users", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [(row["email"], row["role"]) for row in rows] == [("root@example.org", Role.ADMIN)]


def test_unknown_account_is_named(aicoach_home: Path) -> None:
    result = runner.invoke(app, ["users", "set-role", "nobody@example.org", "coach"])
    assert result.exit_code == 1
    assert "nobody@example.org" in result.stderr
