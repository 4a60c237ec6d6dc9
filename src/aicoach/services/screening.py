"""Pre-participation screening for an athlete: record answers, and the status plans obey."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.planning.screening import (
    BP_READING_VALID_DAYS,
    ScreeningAnswers,
    ScreeningResult,
    evaluate_screening,
)
from aicoach.storage import screenings
from aicoach.storage.athletes import read_profile, resolve_athlete
from aicoach.storage.tables import AthleteRow, ScreeningRow, WellnessRow


def latest_blood_pressure(
    session: Session, athlete_id: int, today: date
) -> tuple[date, int, int] | None:
    """(day, systolic mmHg, diastolic mmHg) of the latest day up to ``today`` with both values.

    Only the last ``BP_READING_VALID_DAYS`` days count. When several sources measured that day,
    the higher reading wins (the safer one to plan with).
    """
    statement = (
        select(WellnessRow.day, WellnessRow.systolic_mmhg, WellnessRow.diastolic_mmhg)
        .where(
            WellnessRow.athlete_id == athlete_id,
            WellnessRow.systolic_mmhg.is_not(None),
            WellnessRow.diastolic_mmhg.is_not(None),
            WellnessRow.day <= today,
            WellnessRow.day >= today - timedelta(days=BP_READING_VALID_DAYS),
        )
        .order_by(
            WellnessRow.day.desc(),
            WellnessRow.systolic_mmhg.desc(),
            WellnessRow.diastolic_mmhg.desc(),
        )
        .limit(1)
    )
    found = session.execute(statement).first()
    if found is None:
        return None
    day, systolic, diastolic = found
    assert systolic is not None and diastolic is not None
    return day, int(systolic), int(diastolic)


def latest_answers(session: Session, athlete: AthleteRow) -> tuple[ScreeningAnswers, date] | None:
    """The latest stored answers and the local day they were given, or ``None``."""
    row = screenings.latest_screening(session, athlete.id)
    if row is None:
        return None
    return screenings.read_answers(row), _local_day(row, athlete)


def screening_status(session: Session, athlete: AthleteRow, today: date) -> ScreeningResult:
    """What screening allows today: latest stored answers, current blood pressure, profile."""
    stored = latest_answers(session, athlete)
    answers, answered_on = stored if stored is not None else (None, None)
    bp = latest_blood_pressure(session, athlete.id, today)
    return evaluate_screening(answers, answered_on, read_profile(athlete), bp, today)


def record_screening(
    session: Session,
    athlete_name: str | None,
    answers: ScreeningAnswers,
    today: date,
    *,
    answered_at: datetime | None = None,
) -> ScreeningResult:
    """Evaluate ``answers`` as given ``today`` and store them with the outcome.

    ``answered_at`` defaults to now when that is ``today`` in the athlete's time zone, else to
    noon of ``today`` there, so the stored moment always falls on ``today``.
    """
    athlete = resolve_athlete(session, athlete_name)
    bp = latest_blood_pressure(session, athlete.id, today)
    result = evaluate_screening(answers, today, read_profile(athlete), bp, today)
    moment = answered_at or _moment_on(today, ZoneInfo(athlete.timezone))
    screenings.save_screening(session, athlete.id, answers, result, moment)
    return result


def _local_day(row: ScreeningRow, athlete: AthleteRow) -> date:
    return row.answered_at.astimezone(ZoneInfo(athlete.timezone)).date()


def _moment_on(day: date, zone: ZoneInfo) -> datetime:
    now = datetime.now(zone)
    if now.date() == day:
        return now.astimezone(UTC)
    return datetime.combine(day, time(12), tzinfo=zone).astimezone(UTC)
