"""``aicoach metrics``: fitness, fatigue, form, load ratios and wellness baselines by day."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, print_json, show_value
from aicoach.cli.parsing import parse_date
from aicoach.services.metrics_view import metrics_report

_SHOWN = (
    ("load", "Load", 0),
    ("ctl", "CTL", 1),
    ("atl", "ATL", 1),
    ("tsb", "TSB", 1),
    ("acwr", "ACWR", 2),
    ("monotony", "Monot.", 2),
    ("hrv_ln_7d", "lnRMSSD 7d", 2),
    ("resting_hr_bpm", "RHR", 0),
    ("sleep_h", "Sleep h", 1),
)


@handle_errors
def metrics(
    from_day: Annotated[
        str | None, typer.Option("--from", help="First day shown (YYYY-MM-DD).")
    ] = None,
    to_day: Annotated[
        str | None, typer.Option("--to", help="Last day (YYYY-MM-DD); default today.")
    ] = None,
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON.")
    ] = False,
) -> None:
    """Daily training-load and wellness series with today's values."""
    first = parse_date(from_day, "--from") if from_day else None
    last = parse_date(to_day, "--to") if to_day else None
    with transaction() as session:
        report = metrics_report(session, athlete, first_day=first, last_day=last)
    if json_output:
        print_json(report)
        return
    daily = report["daily"][-14:] if first is None else report["daily"]
    table = Table(title="Training load and wellness by day")
    table.add_column("Date", no_wrap=True)
    for _, label, _ in _SHOWN:
        table.add_column(label, justify="right")
    for row in daily:
        table.add_row(
            row["date"].isoformat(), *(show_value(row[key], digits=d) for key, _, d in _SHOWN)
        )
    console.print(table)
