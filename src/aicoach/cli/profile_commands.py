"""``aicoach init`` and ``aicoach profile show|set``."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer
from rich.table import Table

from aicoach.cli.context import handle_errors, transaction
from aicoach.cli.output import console, literal, plain, print_json, show_value
from aicoach.cli.parsing import parse_availability, parse_duration_s, parse_goal
from aicoach.domain.athlete import AthleteProfile, Goal, Language, Sex
from aicoach.errors import UserError
from aicoach.services import athletes
from aicoach.services.athletes import PROFILE_FIELDS
from aicoach.units import format_duration_hms, format_pace_min_per_km

profile_app = typer.Typer(help="Show or change an athlete's profile.", no_args_is_help=True)

AthleteOpt = Annotated[
    str | None, typer.Option("--athlete", help="Athlete name, when there are several.")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
BirthYearOpt = Annotated[int | None, typer.Option(help="Year of birth, e.g. 1985.")]
SexOpt = Annotated[Sex | None, typer.Option(help="Sex, for sex-specific formulas.")]
HeightOpt = Annotated[float | None, typer.Option("--height-cm", help="Height in cm.")]
MassOpt = Annotated[float | None, typer.Option("--mass-kg", help="Body mass in kg.")]
HrRestOpt = Annotated[int | None, typer.Option("--hr-rest-bpm", help="Resting heart rate.")]
HrMaxOpt = Annotated[int | None, typer.Option("--hr-max-bpm", help="Maximum heart rate.")]
LthrOpt = Annotated[int | None, typer.Option("--lthr-bpm", help="Lactate-threshold heart rate.")]
FtpOpt = Annotated[int | None, typer.Option("--ftp-w", help="Functional threshold power in W.")]
PaceOpt = Annotated[
    str | None,
    typer.Option(
        "--threshold-pace-s-per-km", help="Threshold running pace: seconds per km or M:SS."
    ),
]
CssOpt = Annotated[
    str | None,
    typer.Option("--swim-css-s-per-100m", help="Critical swim speed: seconds per 100 m or M:SS."),
]
LanguageOpt = Annotated[Language | None, typer.Option(help="Language of the coach.")]
TimezoneOpt = Annotated[str | None, typer.Option(help="IANA time zone, e.g. Europe/London.")]
GoalOpt = Annotated[
    list[str] | None,
    typer.Option("--goal", help="A goal, 'TEXT[@YYYY-MM-DD[@H:MM:SS]]'; repeat for several."),
]
AvailabilityOpt = Annotated[
    str | None,
    typer.Option("--availability", help="Minutes per weekday, e.g. 'mon=45,wed=60,sun=120'."),
]
EquipmentOpt = Annotated[
    list[str] | None, typer.Option("--equipment", help="Equipment you have; repeat for several.")
]
ConditionOpt = Annotated[
    list[str] | None,
    typer.Option("--condition", help="An injury or condition; repeat for several."),
]


def _changes(options: dict[str, object]) -> dict[str, object]:
    """Turn the profile options a user actually gave (named after their fields) into changes."""
    return {
        name: _parsed_option(name, value)
        for name, value in options.items()
        if name in PROFILE_FIELDS and value not in (None, [])
    }


def _ask_basics() -> dict[str, object]:
    """Ask, on a terminal, for the values most formulas need; blank answers are skipped."""
    questions = {
        "birth_year": ("Year of birth", int),
        "sex": ("Sex (female/male)", Sex),
        "hr_rest_bpm": ("Resting heart rate, bpm", int),
        "hr_max_bpm": ("Maximum heart rate, bpm", int),
    }
    answers: dict[str, object] = {}
    for field_name, (question, convert) in questions.items():
        text = typer.prompt(f"{question} (blank to skip)", default="", show_default=False).strip()
        if text:
            try:
                answers[field_name] = convert(text.lower())
            except ValueError as exc:
                raise UserError(f"{question}: {text!r} is not a valid answer") from exc
    return answers


def _parsed_option(name: str, value: object) -> object:
    match name:
        case "threshold_pace_s_per_km":
            return parse_duration_s(str(value), "--threshold-pace-s-per-km")
        case "swim_css_s_per_100m":
            return parse_duration_s(str(value), "--swim-css-s-per-100m")
        case "goals":
            assert isinstance(value, list)
            return [parse_goal(str(item)) for item in value]
        case "weekly_availability_min":
            return parse_availability(str(value))
        case _:
            return value


@handle_errors
def init(
    name: Annotated[
        str | None, typer.Option(help="The athlete's name (asked for when omitted).")
    ] = None,
    birth_year: BirthYearOpt = None,
    sex: SexOpt = None,
    height_cm: HeightOpt = None,
    mass_kg: MassOpt = None,
    hr_rest_bpm: HrRestOpt = None,
    hr_max_bpm: HrMaxOpt = None,
    lthr_bpm: LthrOpt = None,
    ftp_w: FtpOpt = None,
    threshold_pace_s_per_km: PaceOpt = None,
    swim_css_s_per_100m: CssOpt = None,
    language: LanguageOpt = None,
    timezone: TimezoneOpt = None,
    goals: GoalOpt = None,
    weekly_availability_min: AvailabilityOpt = None,
    equipment: EquipmentOpt = None,
    conditions: ConditionOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Create an athlete profile (interactive when --name is not given)."""
    changes = _changes(locals())
    if name is None:
        if not sys.stdin.isatty():
            raise UserError("give the athlete's name with --name (no terminal to ask on)")
        name = typer.prompt("Your name")
        changes = {**_ask_basics(), **changes}
    profile = AthleteProfile(**{**changes, "name": name.strip()})  # type: ignore[arg-type]
    with transaction() as session:
        athletes.create_athlete(session, profile)
    if json_output:
        print_json(asdict(profile))
    else:
        console.print(f"Created athlete [bold]{literal(profile.name)}[/].")


@profile_app.command("show")
@handle_errors
def show(athlete: AthleteOpt = None, json_output: JsonOpt = False) -> None:
    """Show the athlete's profile."""
    with transaction() as session:
        profile = athletes.get_profile(session, athlete)
    if json_output:
        print_json(asdict(profile))
        return
    console.print(_profile_table(profile))


@profile_app.command("set")
@handle_errors
def set_fields(
    athlete: AthleteOpt = None,
    name: Annotated[str | None, typer.Option(help="Rename the athlete.")] = None,
    birth_year: BirthYearOpt = None,
    sex: SexOpt = None,
    height_cm: HeightOpt = None,
    mass_kg: MassOpt = None,
    hr_rest_bpm: HrRestOpt = None,
    hr_max_bpm: HrMaxOpt = None,
    lthr_bpm: LthrOpt = None,
    ftp_w: FtpOpt = None,
    threshold_pace_s_per_km: PaceOpt = None,
    swim_css_s_per_100m: CssOpt = None,
    language: LanguageOpt = None,
    timezone: TimezoneOpt = None,
    goals: GoalOpt = None,
    weekly_availability_min: AvailabilityOpt = None,
    equipment: EquipmentOpt = None,
    conditions: ConditionOpt = None,
    json_output: JsonOpt = False,
) -> None:
    """Change profile fields; only the options given are changed."""
    changes = _changes(locals())
    if not changes:
        raise UserError(
            "nothing to change: give at least one option (see 'aicoach profile set --help')"
        )
    with transaction() as session:
        profile = athletes.update_profile(session, athlete, changes)
    if json_output:
        print_json(asdict(profile))
    else:
        console.print(f"Updated {', '.join(sorted(changes))} for [bold]{literal(profile.name)}[/].")


def _profile_table(profile: AthleteProfile) -> Table:
    table = Table(title=f"Profile: {literal(profile.name)}", show_header=False)
    pace = profile.threshold_pace_s_per_km
    css = profile.swim_css_s_per_100m
    rows = [
        ("Birth year", show_value(profile.birth_year)),
        ("Sex", show_value(profile.sex.value if profile.sex else None)),
        ("Height", show_value(profile.height_cm, "cm")),
        ("Body mass", show_value(profile.mass_kg, "kg", 1)),
        ("Resting HR", show_value(profile.hr_rest_bpm, "bpm")),
        ("Max HR", show_value(profile.hr_max_bpm, "bpm")),
        ("LTHR", show_value(profile.lthr_bpm, "bpm")),
        ("FTP", show_value(profile.ftp_w, "W")),
        ("Threshold pace", format_pace_min_per_km(pace) if pace else "–"),
        ("Swim CSS", f"{format_duration_hms(css)[2:]} /100m" if css else "–"),
        ("Language", profile.language.value),
        ("Time zone", profile.timezone),
        ("Goals", "; ".join(_goal_text(goal) for goal in profile.goals) or "–"),
        (
            "Availability",
            ", ".join(
                f"{day.value} {minutes} min"
                for day, minutes in profile.weekly_availability_min.items()
            )
            or "–",
        ),
        ("Equipment", ", ".join(profile.equipment) or "–"),
        ("Injuries / conditions", ", ".join(profile.conditions) or "–"),
    ]
    for label, value in rows:
        table.add_row(label, plain(value))
    return table


def _goal_text(goal: Goal) -> str:
    parts = [goal.description]
    if goal.event_date:
        parts.append(f"on {goal.event_date.isoformat()}")
    if goal.target_time_s:
        parts.append(f"in {format_duration_hms(goal.target_time_s)}")
    return " ".join(parts)
