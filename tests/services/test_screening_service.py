"""Screening on a real database: the latest BP, stored answers and the status plans obey."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from aicoach.domain.athlete import AthleteProfile
from aicoach.domain.wellness import WellnessEntry
from aicoach.planning.screening import ScreeningAnswers, ScreeningOutcome
from aicoach.services.screening import (
    latest_answers,
    latest_blood_pressure,
    record_screening,
    screening_status,
)
from aicoach.storage.athletes import add_athlete, resolve_athlete
from aicoach.storage.database import Database
from aicoach.storage.screenings import latest_screening, read_answers
from aicoach.storage.tables import ScreeningRow
from aicoach.storage.wellness import upsert_wellness

TODAY = date(2026, 11, 20)


def _bp(day: date, systolic: int, diastolic: int, source: str = "manual") -> WellnessEntry:
    return WellnessEntry(day=day, source=source, systolic_mmhg=systolic, diastolic_mmhg=diastolic)


def test_latest_blood_pressure_needs_both_values_and_the_last_30_days(database: Database) -> None:
    with database.sessions.begin() as session:
        athlete = add_athlete(session, AthleteProfile(name="Ada"))
        assert latest_blood_pressure(session, athlete.id, TODAY) is None
        upsert_wellness(session, athlete.id, _bp(TODAY - timedelta(days=31), 190, 120))
        assert latest_blood_pressure(session, athlete.id, TODAY) is None
        upsert_wellness(session, athlete.id, _bp(TODAY - timedelta(days=5), 138, 88))
        upsert_wellness(session, athlete.id, _bp(TODAY - timedelta(days=5), 166, 97, "watch"))
        only_systolic = WellnessEntry(day=TODAY - timedelta(days=1), systolic_mmhg=150)
        upsert_wellness(session, athlete.id, only_systolic)
        upsert_wellness(session, athlete.id, _bp(TODAY + timedelta(days=1), 120, 80))
        latest = latest_blood_pressure(session, athlete.id, TODAY)
    assert latest == (TODAY - timedelta(days=5), 166, 97)


def test_record_stores_answers_date_and_outcome(database: Database) -> None:
    answered_at = datetime(2026, 11, 19, 23, 30, tzinfo=UTC)  # 2026-11-20 in Shanghai
    with database.sessions.begin() as session:
        add_athlete(session, AthleteProfile(name="Ada", timezone="Asia/Shanghai"))
        answers = ScreeningAnswers.from_yes(["bone_joint"])
        result = record_screening(session, "ada", answers, TODAY, answered_at=answered_at)
    assert result.outcome is ScreeningOutcome.LIGHT and result.answered_on == TODAY
    with database.sessions.begin() as session:
        athlete = resolve_athlete(session, None)
        row = latest_screening(session, athlete.id)
        assert row is not None
        assert (row.answered_at, row.outcome, row.medical_clearance) == (
            answered_at,
            "light",
            False,
        )
        assert row.reasons == list(result.reasons)
        assert read_answers(row) == answers
        assert latest_answers(session, athlete) == (answers, TODAY)


def test_status_follows_new_answers_and_blood_pressure(database: Database) -> None:
    with database.sessions.begin() as session:
        athlete = add_athlete(session, AthleteProfile(name="Ada"))
        assert screening_status(session, athlete, TODAY).outcome is ScreeningOutcome.UNSCREENED
        first = datetime(2026, 11, 1, 8, tzinfo=UTC)
        record_screening(
            session, None, ScreeningAnswers.from_yes(["chest_pain"]), TODAY, answered_at=first
        )
        assert screening_status(session, athlete, TODAY).outcome is ScreeningOutcome.LIGHT
        cleared = ScreeningAnswers.from_yes(["chest_pain"], medical_clearance=True)
        record_screening(session, None, cleared, TODAY, answered_at=first + timedelta(days=5))
        status = screening_status(session, athlete, TODAY)
        assert status.outcome is ScreeningOutcome.CLEAR and status.medical_clearance
        assert status.answered_on == date(2026, 11, 6)
        upsert_wellness(session, athlete.id, _bp(TODAY - timedelta(days=2), 184, 112))
        status = screening_status(session, athlete, TODAY)
        assert status.outcome is ScreeningOutcome.NO_PLAN
        assert "184/112 mmHg on 2026-11-18" in status.reasons[0]
        count = session.scalar(select(func.count()).select_from(ScreeningRow))
    assert count == 2


def test_status_of_a_screening_over_a_year_old_is_unscreened(database: Database) -> None:
    with database.sessions.begin() as session:
        athlete = add_athlete(session, AthleteProfile(name="Ada", birth_year=1955))
        long_ago = datetime(2025, 11, 1, 8, tzinfo=UTC)
        record_screening(
            session, "Ada", ScreeningAnswers.from_yes([]), date(2025, 11, 1), answered_at=long_ago
        )
        status = screening_status(session, athlete, TODAY)
    assert status.outcome is ScreeningOutcome.UNSCREENED
    assert status.answered_on == date(2025, 11, 1)
    assert status.reasons[0].startswith("The last screening, on 2025-11-01, is 384 days old")
    assert status.reasons[1].startswith("Age about 71 (born 1955)")
