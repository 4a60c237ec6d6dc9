"""Parsing of the command line's text values into typed ones."""

from __future__ import annotations

from datetime import date

from aicoach.domain.athlete import Goal, Weekday
from aicoach.errors import UserError


def parse_duration_s(text: str, option: str) -> float:
    """``"270"`` (seconds), ``"4:30"`` (minutes:seconds) or ``"1:02:30"`` -> seconds."""
    parts = text.strip().split(":")
    try:
        numbers = [float(part) for part in parts]
    except ValueError as exc:
        raise UserError(f"{option}: {text!r} is not a duration like 270 or 4:30") from exc
    if len(numbers) > 3 or any(number < 0 for number in numbers):
        raise UserError(f"{option}: {text!r} is not a duration like 270 or 4:30")
    total_s = 0.0
    for number in numbers:
        total_s = total_s * 60 + number
    return total_s


def parse_availability(text: str) -> dict[Weekday, int]:
    """``"mon=60,wed=45,sat=120"`` -> minutes available per weekday."""
    availability: dict[Weekday, int] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        day, _, minutes = item.partition("=")
        try:
            availability[Weekday(day.strip().lower()[:3])] = int(minutes)
        except ValueError as exc:
            raise UserError(
                f"--availability: {item!r} is not like 'mon=60' "
                "(days: mon tue wed thu fri sat sun; minutes as a whole number)"
            ) from exc
    return availability


def parse_goal(text: str) -> Goal:
    """``"Half marathon"``, ``"Half marathon@2027-03-01"`` or ``"...@2027-03-01@1:45:00"``."""
    description, *rest = (part.strip() for part in text.split("@"))
    if not description or len(rest) > 2:
        raise UserError(f"--goal: {text!r} is not like 'Half marathon@2027-03-01@1:45:00'")
    event_date = parse_date(rest[0], "--goal") if rest else None
    target_time_s = parse_duration_s(rest[1], "--goal") if len(rest) == 2 else None
    return Goal(description=description, event_date=event_date, target_time_s=target_time_s)


def parse_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise UserError(f"{option}: {text!r} is not a date like 2026-11-23") from exc


def parse_blood_pressure(text: str) -> tuple[int, int]:
    """``"120/80"`` -> (systolic, diastolic) in mmHg."""
    systolic, separator, diastolic = text.partition("/")
    try:
        if not separator:
            raise ValueError(text)
        return int(systolic), int(diastolic)
    except ValueError as exc:
        raise UserError(f"--bp: {text!r} is not like 120/80 (systolic/diastolic mmHg)") from exc
