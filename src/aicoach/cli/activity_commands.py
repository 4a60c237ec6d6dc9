"""``aicoach activities list|show``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, literal, plain, print_json, show_value
from aicoach.cli.parsing import parse_date
from aicoach.services.activity_views import activity_detail, list_activity_summaries
from aicoach.units import format_duration_hms, m_to_km

activities_app = typer.Typer(help="List and inspect imported activities.", no_args_is_help=True)

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


@activities_app.command("list")
@handle_errors
def list_command(
    athlete: AthleteOpt = None,
    limit: Annotated[int, typer.Option(min=1, help="Show at most this many, newest first.")] = 50,
    since: Annotated[
        str | None, typer.Option(help="Only activities from this date (YYYY-MM-DD).")
    ] = None,
    json_output: JsonOpt = False,
) -> None:
    """List activities, newest first."""
    since_time = None
    if since is not None:
        since_day = parse_date(since, "--since")
        since_time = datetime(since_day.year, since_day.month, since_day.day, tzinfo=UTC)
    with transaction() as session:
        summaries = list_activity_summaries(session, athlete, limit=limit, since=since_time)
    if json_output:
        print_json([summary.as_json() for summary in summaries])
        return
    table = Table(title=f"Activities ({len(summaries)} shown)")
    table.add_column("ID", justify="right", no_wrap=True, min_width=3)
    table.add_column("Date", no_wrap=True, min_width=16)
    table.add_column("Sport", no_wrap=True, min_width=7)
    table.add_column("Name", overflow="ellipsis", max_width=28, no_wrap=True)
    for column in ("Duration", "Distance\nkm", "Avg HR\nbpm", "Source"):
        table.add_column(column, justify="right", no_wrap=True)
    for summary in summaries:
        table.add_row(
            str(summary.id),
            summary.local_start.strftime("%Y-%m-%d %H:%M"),
            summary.sport,
            plain(summary.name or "–"),
            format_duration_hms(summary.elapsed_s) if summary.elapsed_s is not None else "–",
            show_value(
                m_to_km(summary.distance_m) if summary.distance_m is not None else None, digits=2
            ),
            show_value(summary.avg_hr_bpm),
            summary.source_format,
        )
    console.print(table)


@activities_app.command("show")
@handle_errors
def show_command(
    activity_id: Annotated[int, typer.Argument(help="The activity's ID (see 'activities list').")],
    athlete: AthleteOpt = None,
    samples: Annotated[
        bool, typer.Option("--samples", help="Include every stream sample in the JSON.")
    ] = False,
    json_output: JsonOpt = False,
) -> None:
    """Show one activity: summary, device values, streams and laps."""
    with transaction() as session:
        detail = activity_detail(
            session, athlete, activity_id, with_samples=samples and json_output
        )
    if json_output:
        print_json(detail)
        return
    _print_detail(detail)


def _print_detail(detail: dict[str, object]) -> None:
    title = literal(detail["name"] or detail["sport"])
    table = Table(title=f"Activity {detail['id']}: {title}", show_header=False)
    elapsed = detail["elapsed_s"]
    distance = detail["distance_m"]
    table.add_row("Sport", f"{detail['sport']} {detail['sub_sport'] or ''}".strip())
    table.add_row("Start", str(detail["local_start"]))
    table.add_row("Duration", format_duration_hms(elapsed) if isinstance(elapsed, float) else "–")
    table.add_row(
        "Distance", show_value(m_to_km(distance) if isinstance(distance, float) else None, "km", 2)
    )
    table.add_row("Source", plain(f"{detail['source_format']}: {detail['source_name']}"))
    table.add_row("Device", plain(detail["device_name"] or "–"))
    streams = detail["streams"]
    assert isinstance(streams, dict)
    table.add_row(
        "Streams", ", ".join(f"{name} ({count})" for name, count in streams.items()) or "–"
    )
    table.add_row("RR intervals", str(detail["rr_interval_count"]))
    laps = detail["laps"]
    assert isinstance(laps, list)
    table.add_row("Laps", str(len(laps)))
    summary = detail["device_summary"]
    assert isinstance(summary, dict)
    for key in sorted(summary):
        if not isinstance(summary[key], dict | list):
            table.add_row(plain(f"device: {key}"), plain(summary[key]))
    notes = detail["recovery_notes"]
    assert isinstance(notes, list)
    for note in notes:
        table.add_row("[yellow]recovered[/]", plain(note))
    console.print(table)
