"""``aicoach predict``: race predictions, training paces and thresholds, with their sources."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, plain, print_json
from aicoach.services.predictions import predict
from aicoach.units import format_duration_hms, format_pace_min_per_km


@handle_errors
def predict_command(
    athlete: Annotated[
        str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
    ] = None,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print machine-readable JSON.")
    ] = False,
) -> None:
    """Predict race times and estimate thresholds from the last 90 days."""
    with transaction() as session:
        report = predict(session, athlete)
    if json_output:
        print_json(report.as_json())
        return
    if report.predictions:
        table = Table(title="Race predictions")
        for column in ("Distance", "Time", "Method"):
            table.add_column(column)
        for item in report.predictions:
            table.add_row(
                item["distance"], format_duration_hms(item["time_s"]), plain(item["method"])
            )
        console.print(table)
    if report.training_paces_s_per_km:
        paces = Table(title="Training paces (Daniels)")
        paces.add_column("Intensity")
        paces.add_column("Pace per km")
        for name, pace in report.training_paces_s_per_km.items():
            slow, fast = format_pace_min_per_km(pace["slow"]), format_pace_min_per_km(pace["fast"])
            paces.add_row(name, slow if slow == fast else f"{slow} – {fast}")
        console.print(paces)
    if report.thresholds:
        thresholds = Table(title="Thresholds estimated from your data")
        for column in ("Threshold", "Estimate", "Profile", "How"):
            thresholds.add_column(column, overflow="fold")
        for name, estimate in report.thresholds.items():
            thresholds.add_row(
                name,
                str(estimate["value"]),
                str(estimate["profile_value"] or "–"),
                plain(estimate["method"]),
            )
        console.print(thresholds)
    for note in report.notes:
        console.print(plain(f"note: {note}"), style="dim")
