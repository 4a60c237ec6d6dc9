"""Athlete rows and their conversion to and from ``AthleteProfile``."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.domain.athlete import AthleteProfile, Goal, Language, Sex, Weekday
from aicoach.errors import AthleteAmbiguousError, AthleteNotFoundError, UserError
from aicoach.storage.tables import AthleteRow

_SCALAR_FIELDS = (
    "birth_year",
    "height_cm",
    "mass_kg",
    "hr_rest_bpm",
    "hr_max_bpm",
    "lthr_bpm",
    "ftp_w",
    "threshold_pace_s_per_km",
    "swim_css_s_per_100m",
    "timezone",
)


def add_athlete(session: Session, profile: AthleteProfile) -> AthleteRow:
    """Insert a new athlete; names are unique regardless of letter case."""
    if _find_by_name(session, profile.name) is not None:
        raise UserError(f"an athlete named {profile.name!r} already exists")
    row = AthleteRow(name=profile.name)
    write_profile(row, profile)
    session.add(row)
    session.flush()
    return row


def resolve_athlete(session: Session, name: str | None) -> AthleteRow:
    """The athlete called ``name``, or the only athlete when no name is given."""
    if name is not None:
        row = _find_by_name(session, name)
        if row is None:
            raise AthleteNotFoundError(f"no athlete named {name!r}", name=name)
        return row
    rows = list(session.scalars(select(AthleteRow).order_by(AthleteRow.id).limit(2)))
    if not rows:
        raise AthleteNotFoundError("no athlete yet: run 'aicoach init --name NAME' first")
    if len(rows) > 1:
        names = list_athlete_names(session)
        raise AthleteAmbiguousError(
            "several athletes exist; choose one with --athlete NAME "
            f"({', '.join(repr(n) for n in names)})",
            names=names,
        )
    return rows[0]


def find_athlete(session: Session, name: str) -> AthleteRow | None:
    return _find_by_name(session, name)


def list_athlete_names(session: Session) -> list[str]:
    return list(session.scalars(select(AthleteRow.name).order_by(AthleteRow.name)))


def read_profile(row: AthleteRow) -> AthleteProfile:
    return AthleteProfile(
        name=row.name,
        birth_year=row.birth_year,
        sex=Sex(row.sex) if row.sex else None,
        height_cm=row.height_cm,
        mass_kg=row.mass_kg,
        hr_rest_bpm=row.hr_rest_bpm,
        hr_max_bpm=row.hr_max_bpm,
        lthr_bpm=row.lthr_bpm,
        ftp_w=row.ftp_w,
        threshold_pace_s_per_km=row.threshold_pace_s_per_km,
        swim_css_s_per_100m=row.swim_css_s_per_100m,
        language=Language(row.language),
        timezone=row.timezone,
        goals=[_goal_from_json(goal) for goal in row.goals],
        weekly_availability_min={
            Weekday(day): int(minutes) for day, minutes in row.weekly_availability_min.items()
        },
        equipment=list(row.equipment),
        conditions=list(row.conditions),
    )


def write_profile(row: AthleteRow, profile: AthleteProfile) -> None:
    """Copy every profile field onto the row (the name included)."""
    row.name = profile.name
    for name in _SCALAR_FIELDS:
        setattr(row, name, getattr(profile, name))
    row.sex = profile.sex.value if profile.sex else None
    row.language = profile.language.value
    row.goals = [_goal_to_json(goal) for goal in profile.goals]
    row.weekly_availability_min = {
        day.value: minutes for day, minutes in profile.weekly_availability_min.items()
    }
    row.equipment = list(profile.equipment)
    row.conditions = list(profile.conditions)


def _find_by_name(session: Session, name: str) -> AthleteRow | None:
    statement = select(AthleteRow).where(func.lower(AthleteRow.name) == name.strip().lower())
    return session.scalars(statement).first()


def _goal_to_json(goal: Goal) -> dict[str, object]:
    data = asdict(goal)
    data["event_date"] = goal.event_date.isoformat() if goal.event_date else None
    return data


def _goal_from_json(data: dict[str, object]) -> Goal:
    event_date = data.get("event_date")
    target_time_s = data.get("target_time_s")
    return Goal(
        description=str(data.get("description", "")),
        event_date=date.fromisoformat(event_date) if isinstance(event_date, str) else None,
        target_time_s=float(target_time_s) if isinstance(target_time_s, int | float) else None,
    )
