"""Creating athletes and changing their profiles, with every value checked."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from itertools import pairwise
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy.orm import Session

from aicoach.domain.athlete import AthleteProfile
from aicoach.errors import ImplausibleValueError, UserError
from aicoach.io.plausibility import Limits, require_plausible
from aicoach.storage import athletes

PROFILE_LIMITS: dict[str, Limits] = {
    "birth_year": Limits(1900, datetime.now(UTC).year, ""),
    "height_cm": Limits(50, 260, "cm"),
    "mass_kg": Limits(20, 400, "kg"),
    "hr_rest_bpm": Limits(25, 150, "bpm"),
    "hr_max_bpm": Limits(100, 250, "bpm"),
    "lthr_bpm": Limits(80, 240, "bpm"),
    "ftp_w": Limits(30, 700, "W"),
    "threshold_pace_s_per_km": Limits(120, 1200, "s/km"),
    "swim_css_s_per_100m": Limits(50, 400, "s/100m"),
}
PROFILE_FIELDS = frozenset(field.name for field in dataclasses.fields(AthleteProfile))


def create_athlete(session: Session, profile: AthleteProfile) -> AthleteProfile:
    validate_profile(profile)
    athletes.add_athlete(session, profile)
    return profile


def update_profile(
    session: Session, name: str | None, changes: dict[str, object]
) -> AthleteProfile:
    """Apply ``changes`` (field name -> new value) to the athlete's profile and return it."""
    unknown = sorted(set(changes) - PROFILE_FIELDS)
    if unknown:
        raise UserError(f"unknown profile field(s): {', '.join(unknown)}")
    row = athletes.resolve_athlete(session, name)
    current = athletes.read_profile(row)
    updated = dataclasses.replace(current, **changes)  # type: ignore[arg-type]
    renamed = updated.name.strip().lower() != current.name.strip().lower()
    if renamed and athletes.find_athlete(session, updated.name) is not None:
        raise UserError(f"an athlete named {updated.name!r} already exists")
    validate_profile(updated)
    athletes.write_profile(row, updated)
    return updated


def get_profile(session: Session, name: str | None) -> AthleteProfile:
    return athletes.read_profile(athletes.resolve_athlete(session, name))


def validate_profile(profile: AthleteProfile) -> None:
    """Refuse impossible or contradictory values with a message naming the field."""
    if not profile.name.strip():
        raise UserError("the athlete's name must not be empty")
    try:
        for name, limits in PROFILE_LIMITS.items():
            value = getattr(profile, name)
            require_plausible({name: limits}, name, value)
    except ImplausibleValueError as exc:
        raise UserError(f"profile {exc.field}: {exc.message}") from exc
    _require_heart_rate_order(profile)
    _require_timezone(profile.timezone)
    negative = [
        day.value
        for day, minutes in profile.weekly_availability_min.items()
        if not 0 <= minutes <= 24 * 60
    ]
    if negative:
        raise UserError(
            f"weekly availability must be 0-1440 minutes a day (check {', '.join(negative)})"
        )


def _require_heart_rate_order(profile: AthleteProfile) -> None:
    ordered = [
        ("hr_rest_bpm", profile.hr_rest_bpm),
        ("lthr_bpm", profile.lthr_bpm),
        ("hr_max_bpm", profile.hr_max_bpm),
    ]
    known = [(name, value) for name, value in ordered if value is not None]
    for (low_name, low), (high_name, high) in pairwise(known):
        if low >= high:
            raise UserError(f"profile {low_name} ({low}) must be below {high_name} ({high})")


def _require_timezone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UserError(
            f"unknown time zone {name!r}; use an IANA name such as Europe/London"
        ) from exc
