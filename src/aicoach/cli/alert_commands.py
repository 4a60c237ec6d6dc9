"""``aicoach alerts``: health early warnings, newest first, with acknowledgement."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, plain, print_json
from aicoach.cli.parsing import parse_date
from aicoach.services.health_alerts import AlertView, acknowledge, list_alert_views

_SEVERITY_STYLE = {
    "info": "dim",
    "caution": "yellow",
    "warning": "bold yellow",
    "urgent": "bold red",
}


@handle_errors
def alerts(
    ack: Annotated[
        int | None, typer.Option("--ack", help="Acknowledge the alert with this ID.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only alerts from this date (YYYY-MM-DD).")
    ] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Hide acknowledged alerts.")] = False,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON.")
    ] = False,
) -> None:
    """Show health early warnings (checked against your latest data first)."""
    with transaction() as session:
        if ack is not None:
            view = acknowledge(session, athlete, ack)
            if json_output:
                print_json(view.as_json())
            else:
                console.print(f"Acknowledged alert {view.id} ({view.rule}, {view.day}).")
            return
        since_day = parse_date(since, "--since") if since else None
        views = list_alert_views(
            session, athlete, since=since_day, include_acknowledged=not open_only
        )
    if json_output:
        print_json([view.as_json() for view in views])
        return
    console.print(_table(views))


def _table(views: list[AlertView]) -> Table:
    table = Table(title=f"Alerts ({len(views)})")
    table.add_column("ID", justify="right", no_wrap=True)
    table.add_column("Date", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Message", overflow="fold")
    for view in views:
        style = _SEVERITY_STYLE.get(view.severity, "")
        severity = f"[{style}]{view.severity}[/]" if style else view.severity
        if view.acknowledged:
            severity += " (ack)"
        table.add_row(str(view.id), view.day.isoformat(), severity, plain(view.message))
    return table
