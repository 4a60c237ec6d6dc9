"""``aicoach users``: the server's accounts, listed and given roles (admins are made here)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, literal, print_json
from aicoach.services.accounts import Role, list_users, set_role

users_app = typer.Typer(help="Accounts of the server (aicoach serve).", no_args_is_help=True)


@users_app.command("list")
@handle_errors
def list_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every account: e-mail, role, athlete id, when it was made."""
    with transaction() as session:
        rows = [
            {
                "id": user.id,
                "email": user.email,
                "role": user.role,
                "athlete_id": user.athlete_id,
                "created_at": user.created_at.isoformat(),
            }
            for user in list_users(session)
        ]
    if json_output:
        print_json(rows)
        return
    table = Table("id", "e-mail", "role", "athlete", "created")
    for row in rows:
        table.add_row(
            str(row["id"]),
            literal(str(row["email"])),
            str(row["role"]),
            str(row["athlete_id"]),
            str(row["created_at"])[:16],
        )
    console.print(table)


@users_app.command("set-role")
@handle_errors
def set_role_command(
    email: Annotated[str, typer.Argument(help="The account's e-mail.")],
    role: Annotated[Role, typer.Argument(help="athlete, coach or admin.")],
) -> None:
    """Change an account's role, e.g. make the first admin."""
    with transaction() as session:
        user = set_role(session, email, role)
        console.print(f"{literal(user.email)} is now {user.role}.")
