"""``aicoach plan create|show|check|adapt|export``."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from aicoach.cli.context import EXIT_USER_ERROR, database, handle_errors, transaction
from aicoach.cli.output import console, plain, print_json
from aicoach.cli.parsing import parse_date, parse_duration_s
from aicoach.domain.activity import Sport
from aicoach.domain.athlete import Weekday
from aicoach.domain.plan import Plan, PlanGoal, PlannedSession
from aicoach.errors import AicoachError, UserError
from aicoach.io.plan_describe import session_headline, steps_text
from aicoach.planning.check import CheckReport
from aicoach.planning.plan_json import plan_to_json
from aicoach.planning.request import PlanRequest
from aicoach.services.plan_adaptation import adapt_current_plan
from aicoach.services.plan_export import ExportFormat, export_plan
from aicoach.services.plans import (
    StartingPoint,
    check_current_plan,
    check_plan_file,
    create_plan,
    current_plan,
)
from aicoach.storage.athletes import resolve_athlete

plan_app = typer.Typer(
    help="Create, review, check, adapt and export training plans.", no_args_is_help=True
)

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


class AerobicSport(StrEnum):
    WALKING = "walking"
    RUNNING = "running"
    CYCLING = "cycling"


@plan_app.command("create")
@handle_errors
def create_command(
    goal: Annotated[PlanGoal, typer.Option("--goal", help="What the plan is for.")],
    weeks: Annotated[
        int | None, typer.Option("--weeks", min=1, max=52, help="Plan length.")
    ] = None,
    event_date: Annotated[
        str | None, typer.Option("--date", help="Event date (YYYY-MM-DD); sets the length.")
    ] = None,
    target_time: Annotated[
        str | None, typer.Option("--target-time", help="Goal time H:MM:SS for a race.")
    ] = None,
    days_per_week: Annotated[
        int | None, typer.Option("--days-per-week", min=1, max=7, help="Sessions a week.")
    ] = None,
    available: Annotated[
        str | None,
        typer.Option(
            "--available", help="Training days, e.g. mon,wed,sat or mon=45,sat=120 (minutes)."
        ),
    ] = None,
    minutes_per_day: Annotated[
        int | None, typer.Option("--minutes-per-day", min=10, help="Minutes on each training day.")
    ] = None,
    long_day: Annotated[
        Weekday | None, typer.Option("--long-day", help="Preferred day for the long session.")
    ] = None,
    equipment: Annotated[
        str | None, typer.Option("--equipment", help="Comma-separated, e.g. dumbbells,bench.")
    ] = None,
    start: Annotated[
        str | None, typer.Option("--start", help="First day (YYYY-MM-DD); default tomorrow.")
    ] = None,
    pain: Annotated[
        int | None, typer.Option("--pain", min=0, max=10, help="Today's pain 0-10 (return-to-run).")
    ] = None,
    weekly_minutes: Annotated[
        float | None,
        typer.Option(
            "--weekly-minutes", min=0, help="Without history: minutes you train a week now."
        ),
    ] = None,
    longest_min: Annotated[
        float | None,
        typer.Option("--longest-min", min=0, help="Without history: your longest recent session."),
    ] = None,
    sport: Annotated[
        AerobicSport | None,
        typer.Option("--sport", help="Aerobic sport for general fitness and weight loss."),
    ] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Create a plan from your history and week, checked against the safety rules."""
    try:
        with transaction() as session:
            row = resolve_athlete(session, athlete)
            today = datetime.now(ZoneInfo(row.timezone)).date()
            request = PlanRequest(
                goal=goal,
                start=parse_date(start, "--start") if start else today + timedelta(days=1),
                weeks=weeks,
                event_date=parse_date(event_date, "--date") if event_date else None,
                target_time_s=parse_duration_s(target_time, "--target-time")
                if target_time
                else None,
                days_per_week=days_per_week,
                available_min=_availability(available, minutes_per_day),
                long_day=long_day,
                equipment=tuple(filter(None, (e.strip() for e in (equipment or "").split(",")))),
                current_pain_0_10=pain,
                aerobic_sport=Sport(sport.value) if sport else None,
            )
            plan = create_plan(
                session, row.name, request, today, StartingPoint(weekly_minutes, longest_min)
            )
    except AicoachError as exc:
        if not json_output:
            raise
        print_json({"error": str(exc)})
        raise typer.Exit(EXIT_USER_ERROR) from exc
    if json_output:
        print_json(plan_to_json(plan))
        return
    _print_plan(plan, None)


@plan_app.command("show")
@handle_errors
def show_command(
    week: Annotated[int | None, typer.Option("--week", min=1, help="Only this week.")] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Show the active plan, or one week of it."""
    with transaction() as session:
        plan = current_plan(session, athlete).plan
    if week is not None and week > len(plan.weeks):
        raise UserError(f"--week {week}: the plan has {len(plan.weeks)} weeks")
    if json_output:
        document = plan_to_json(plan)
        if week is not None:
            document["weeks"] = [document["weeks"][week - 1]]
        print_json(document)
        return
    _print_plan(plan, week)


@plan_app.command("check")
@handle_errors
def check_command(
    file: Annotated[
        Path | None, typer.Argument(help="A plan JSON file; default the active plan.")
    ] = None,
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Check a plan against every safety and structure rule; exit 1 when a rule is broken."""
    if file is None:
        with transaction() as session:
            report = check_current_plan(session, athlete)
    else:
        report = _check_file(file, athlete)
    if json_output:
        print_json(
            {
                "ok": report.ok,
                "violations": [
                    {
                        "rule": v.rule.value,
                        "week": v.week_index,
                        "date": v.day.isoformat() if v.day else None,
                        "message": v.message,
                    }
                    for v in report.violations
                ],
            }
        )
    else:
        _print_check(report)
    if not report.ok:
        raise typer.Exit(EXIT_USER_ERROR)


@plan_app.command("adapt")
@handle_errors
def adapt_command(
    athlete: AthleteOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Compare planned and done, read alerts and readiness, and re-plan the coming days."""
    with transaction() as session:
        result = adapt_current_plan(session, athlete)
    if json_output:
        print_json(result.as_json())
        return
    console.print(plain(result.compliance_sentence()))
    if not result.changes:
        console.print("No change needed: the coming days stay as planned.")
    for change in result.changes:
        console.print(plain(f"{change.day:%a %d %b}: {change.sentence}"))


@plan_app.command("export")
@handle_errors
def export_command(
    export_format: Annotated[ExportFormat, typer.Option("--format", help="File format.")],
    out: Annotated[
        Path | None,
        typer.Option("--out", help="File (ics, md, html) or folder (fit); default current folder."),
    ] = None,
    athlete: AthleteOpt = None,
) -> None:
    """Export the active plan as a calendar, a document, or FIT workouts for a watch."""
    with transaction() as session:
        written = export_plan(session, athlete, export_format, out)
    for path in written:
        console.print(plain(f"wrote {path}"))


def _check_file(file: Path, athlete: str | None) -> CheckReport:
    with database() as db, db.sessions.begin() as session:
        has_athlete = True
        try:
            resolve_athlete(session, athlete)
        except UserError:
            has_athlete = False
        return check_plan_file(session if has_athlete else None, athlete, file)


def _availability(available: str | None, minutes_per_day: int | None) -> dict[Weekday, float]:
    if available is None:
        if minutes_per_day is None:
            return {}
        return {day: float(minutes_per_day) for day in Weekday}
    minutes: dict[Weekday, float] = {}
    for item in filter(None, (part.strip().lower() for part in available.split(","))):
        name, _, value = item.partition("=")
        try:
            day = Weekday(name[:3])
            minutes[day] = float(value) if value else float(minutes_per_day or 60)
        except ValueError as exc:
            raise UserError(
                f"--available: {item!r} is not a day like 'mon' or 'mon=60' "
                "(days: mon tue wed thu fri sat sun)"
            ) from exc
    return minutes


def _print_plan(plan: Plan, only_week: int | None) -> None:
    title = f"Plan: {plan.goal.value}, {len(plan.weeks)} weeks from {plan.start}"
    if plan.event_date:
        title += f", event {plan.event_date}"
    console.print(plain(title), style="bold")
    for warning in plan.warnings:
        console.print(plain(f"! {warning}"), style="yellow")
    for week in plan.weeks:
        if only_week is not None and week.index != only_week:
            continue
        easier = ", easier week" if week.easier else ""
        heading = f"Week {week.index} ({week.start}) · {week.phase.value}{easier}"
        table = Table(title=f"{heading} · load {week.planned_load:g}")
        for column in ("Day", "Session", "Intensity", "Load", "Steps"):
            table.add_column(column, overflow="fold")
        for session in week.sessions:
            table.add_row(
                f"{session.day:%a %d %b}",
                plain(session_headline(session)),
                session.intensity.value,
                f"{session.load:g}",
                plain(steps_text(session.steps) if session.steps else _exercise_summary(session)),
            )
        console.print(table)


def _exercise_summary(session: PlannedSession) -> str:
    return ", ".join(f"{e.name} {e.sets}x{e.reps}" for e in session.exercises)


def _print_check(report: CheckReport) -> None:
    if report.ok:
        console.print("The plan passes every rule.")
        return
    console.print(plain(f"{len(report.violations)} rule(s) broken:"), style="bold red")
    for violation in report.violations:
        console.print(plain(f"- [{violation.rule.value}] {violation.message}"))
