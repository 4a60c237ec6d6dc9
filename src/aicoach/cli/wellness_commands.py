"""``aicoach wellness add|list|import``."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from aicoach.cli.context import EXIT_DATA_ERROR, handle_errors, transaction
from aicoach.cli.import_command import run_import
from aicoach.cli.output import console, plain, print_json, show_value
from aicoach.cli.parsing import parse_blood_pressure, parse_date
from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.errors import ImplausibleValueError, UserError
from aicoach.io.plausibility import WELLNESS_LIMITS, require_plausible
from aicoach.services.importing import ImportStatus
from aicoach.storage import wellness
from aicoach.storage.athletes import resolve_athlete
from aicoach.units import hours_to_seconds, seconds_to_hours

wellness_app = typer.Typer(
    help="Record and review daily wellness and health values.", no_args_is_help=True
)

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
Scale = Annotated[int | None, typer.Option(min=1, max=5)]


@wellness_app.command("add")
@handle_errors
def add_command(
    day: Annotated[
        str | None, typer.Option("--date", help="Day (YYYY-MM-DD); default today.")
    ] = None,
    resting_hr_bpm: Annotated[
        float | None, typer.Option(help="Morning resting heart rate.")
    ] = None,
    hrv_rmssd_ms: Annotated[float | None, typer.Option(help="HRV as rMSSD in ms.")] = None,
    hrv_sdnn_ms: Annotated[float | None, typer.Option(help="HRV as SDNN in ms.")] = None,
    sleep_h: Annotated[float | None, typer.Option(help="Hours slept.")] = None,
    sleep_quality_1_5: Scale = None,
    bp: Annotated[
        str | None,
        typer.Option("--bp", help="Blood pressure, systolic/diastolic mmHg, e.g. 120/80."),
    ] = None,
    spo2_pct: Annotated[float | None, typer.Option(help="Blood oxygen saturation in %.")] = None,
    mass_kg: Annotated[float | None, typer.Option(help="Body mass in kg.")] = None,
    mood_1_5: Scale = None,
    soreness_1_5: Scale = None,
    stress_1_5: Scale = None,
    fatigue_1_5: Scale = None,
    illness: Annotated[
        bool | None, typer.Option("--ill/--not-ill", help="Feeling ill today?")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Anything else: symptoms, pain, how you feel.")
    ] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Record today's (or --date's) values; values given replace that day's manual ones."""
    if hrv_rmssd_ms is not None and hrv_sdnn_ms is not None:
        raise UserError("give HRV either as --hrv-rmssd-ms or as --hrv-sdnn-ms, not both")
    systolic, diastolic = parse_blood_pressure(bp) if bp else (None, None)
    if systolic is not None and diastolic is not None and systolic <= diastolic:
        raise UserError(f"--bp: systolic {systolic} must be above diastolic {diastolic}")
    with transaction() as session:
        row = resolve_athlete(session, athlete)
        entry = WellnessEntry(
            day=parse_date(day, "--date") if day else datetime.now(ZoneInfo(row.timezone)).date(),
            source="manual",
            resting_hr_bpm=resting_hr_bpm,
            hrv_ms=hrv_rmssd_ms if hrv_rmssd_ms is not None else hrv_sdnn_ms,
            hrv_method=HrvMethod.RMSSD
            if hrv_rmssd_ms is not None
            else HrvMethod.SDNN
            if hrv_sdnn_ms is not None
            else None,
            sleep_duration_s=hours_to_seconds(sleep_h) if sleep_h is not None else None,
            sleep_quality_1_5=sleep_quality_1_5,
            systolic_mmhg=systolic,
            diastolic_mmhg=diastolic,
            spo2_pct=spo2_pct,
            mass_kg=mass_kg,
            mood_1_5=mood_1_5,
            soreness_1_5=soreness_1_5,
            stress_1_5=stress_1_5,
            fatigue_1_5=fatigue_1_5,
            illness=illness,
            notes=note,
        )
        if not entry.measurement_names():
            raise UserError(
                "nothing to record: give at least one value (see 'aicoach wellness add --help')"
            )
        _require_plausible_entry(entry)
        outcome = wellness.upsert_wellness(session, row.id, entry)
    if json_output:
        print_json({"day": entry.day, "outcome": outcome, "fields": entry.measurement_names()})
    else:
        console.print(
            f"Wellness for {entry.day.isoformat()} {outcome}: "
            f"{', '.join(entry.measurement_names())}."
        )


@wellness_app.command("list")
@handle_errors
def list_command(
    days: Annotated[int, typer.Option(min=1, help="How many days back from today.")] = 30,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """List recent wellness entries, oldest first."""
    with transaction() as session:
        row = resolve_athlete(session, athlete)
        today = datetime.now(ZoneInfo(row.timezone)).date()
        entries = wellness.list_wellness(session, row.id, since=today - timedelta(days=days - 1))
    if json_output:
        print_json([_entry_json(entry) for entry in entries])
        return
    console.print(_entries_table(entries, days))


@wellness_app.command("import")
@handle_errors
def import_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Wellness CSV files or Apple Health export.zip.")
    ],
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Import wellness CSV files (same as 'aicoach import', limited to files you name)."""
    outcomes = run_import(paths, recursive=False, athlete=athlete, show_progress=not json_output)
    if json_output:
        print_json(
            [
                {"file": o.file, "status": o.status.value, "records": o.records, "error": o.error}
                for o in outcomes
            ]
        )
    else:
        for outcome in outcomes:
            detail = outcome.error or f"{outcome.records} records"
            console.print(plain(f"{outcome.file}: {outcome.status.value} ({detail})"))
    if any(outcome.status is ImportStatus.FAILED for outcome in outcomes):
        raise typer.Exit(EXIT_DATA_ERROR)


def _require_plausible_entry(entry: WellnessEntry) -> None:
    try:
        for name in entry.measurement_names():
            value = getattr(entry, name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                require_plausible(
                    WELLNESS_LIMITS, name, float(value), field_label=f"--{name.replace('_', '-')}"
                )
    except ImplausibleValueError as exc:
        raise UserError(f"{exc.field}: {exc.message}") from exc


def _entry_json(entry: WellnessEntry) -> dict[str, object]:
    data: dict[str, object] = {"date": entry.day, "source": entry.source}
    for name in entry.measurement_names():
        data[name] = getattr(entry, name)
    return data


def _entries_table(entries: list[WellnessEntry], days: int) -> Table:
    table = Table(title=f"Wellness, last {days} days")
    table.add_column("Date", no_wrap=True, min_width=10)
    table.add_column("Source", overflow="ellipsis", max_width=12)
    for header in ("Rest HR\nbpm", "HRV\nms", "Sleep\nh", "BP\nmmHg", "SpO2\n%", "Mass\nkg"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Mood\n1-5", justify="right")
    table.add_column("Sore\n1-5", justify="right")
    table.add_column("Notes", overflow="fold")
    for entry in entries:
        hrv = None
        if entry.hrv_ms is not None and entry.hrv_method is not None:
            hrv = f"{entry.hrv_ms:.0f}{' SDNN' if entry.hrv_method is HrvMethod.SDNN else ''}"
        bp = f"{entry.systolic_mmhg}/{entry.diastolic_mmhg}" if entry.systolic_mmhg else None
        sleep_h = (
            seconds_to_hours(entry.sleep_duration_s) if entry.sleep_duration_s is not None else None
        )
        table.add_row(
            entry.day.isoformat(),
            plain(entry.source),
            show_value(entry.resting_hr_bpm),
            show_value(hrv),
            show_value(sleep_h, digits=1),
            show_value(bp),
            show_value(entry.spo2_pct),
            show_value(entry.mass_kg, digits=1),
            show_value(entry.mood_1_5),
            show_value(entry.soreness_1_5),
            plain(entry.notes or ""),
        )
    return table
