"""Plan use cases on a real database: create from screening and history, check, adapt."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import Intensity, PlanGoal, SessionType
from aicoach.domain.wellness import WellnessEntry
from aicoach.errors import UserError
from aicoach.planning.check import CheckRule
from aicoach.planning.generator import PlanRefusedError
from aicoach.planning.plan_json import plan_to_json
from aicoach.planning.request import PlanRequest
from aicoach.planning.screening import ScreeningAnswers
from aicoach.services.plan_adaptation import adapt_current_plan
from aicoach.services.plans import (
    StartingPoint,
    check_current_plan,
    check_plan_file,
    create_plan,
    current_plan,
)
from aicoach.services.screening import record_screening
from aicoach.storage.athletes import add_athlete
from aicoach.storage.database import Database
from aicoach.storage.wellness import upsert_wellness

TODAY = date(2026, 3, 1)  # a Sunday
START = TODAY + timedelta(days=1)
WEEK = {**{day: 75.0 for day in Weekday}, Weekday.SUNDAY: 150.0}


def ten_k(**changes: object) -> PlanRequest:
    fields: dict[str, object] = {
        "goal": PlanGoal.TEN_K,
        "start": START,
        "weeks": 10,
        "days_per_week": 4,
        "available_min": WEEK,
        "long_day": Weekday.SUNDAY,
    }
    fields.update(changes)
    return PlanRequest(**fields)  # type: ignore[arg-type]


def athlete(
    database: Database, *, screened: bool = True, bp: tuple[int, int] | None = None
) -> None:
    with database.sessions.begin() as session:
        add_athlete(session, AthleteProfile(name="Ada"))
        if bp is not None:
            entry = WellnessEntry(day=TODAY, systolic_mmhg=bp[0], diastolic_mmhg=bp[1])
            upsert_wellness(session, 1, entry)
        if screened:
            record_screening(session, "Ada", ScreeningAnswers.from_yes([]), TODAY)


def test_create_stores_the_plan_as_the_active_one(database: Database) -> None:
    athlete(database)
    with database.sessions.begin() as session:
        plan = create_plan(session, None, ten_k(), TODAY, StartingPoint(200.0, 70.0))
    assert plan.goal is PlanGoal.TEN_K and len(plan.weeks) == 10 and not plan.light
    with database.sessions.begin() as session:
        stored = current_plan(session, "ada")
        assert plan_to_json(stored.plan) == plan_to_json(plan)
        assert check_current_plan(session, None).ok


def test_the_starting_point_caps_the_first_long_run(database: Database) -> None:
    athlete(database)
    with database.sessions.begin() as session:
        plan = create_plan(session, None, ten_k(), TODAY, StartingPoint(200.0, 50.0))
    runs = [s for s in plan.weeks[0].sessions if s.session_type is SessionType.LONG_RUN]
    assert runs and max(s.duration_min for s in runs) <= 55.0 + 0.05


def test_an_unscreened_athlete_gets_a_light_plan_with_the_advice(database: Database) -> None:
    athlete(database, screened=False)
    with database.sessions.begin() as session:
        plan = create_plan(session, None, ten_k(), TODAY)
    assert plan.light
    assert any("aicoach screen" in warning for warning in plan.warnings)
    assert all(s.intensity not in {Intensity.HARD, Intensity.MODERATE} for s in plan.sessions)


def test_no_exercise_blood_pressure_refuses_and_stores_nothing(database: Database) -> None:
    athlete(database, bp=(185, 112))
    with database.sessions.begin() as session, pytest.raises(PlanRefusedError, match="185/112"):
        create_plan(session, None, ten_k(), TODAY)
    with database.sessions.begin() as session, pytest.raises(UserError, match="no plan yet"):
        current_plan(session, None)


def test_an_edited_plan_file_is_checked_against_the_rules(
    database: Database, tmp_path: Path
) -> None:
    athlete(database)
    with database.sessions.begin() as session:
        plan = create_plan(session, None, ten_k(), TODAY)
    document = plan_to_json(plan)
    document["weeks"][1]["planned_load"] += 25.0
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with database.sessions.begin() as session:
        report = check_plan_file(session, None, path)
    assert not report.ok
    assert report.broken_rules == {CheckRule.WEEK_LOAD_SUM}
    assert report.violations[0].week_index == 2
    assert check_plan_file(None, None, path).broken_rules == {CheckRule.WEEK_LOAD_SUM}


def test_adapt_reads_illness_from_wellness_and_stores_the_change(database: Database) -> None:
    athlete(database)
    with database.sessions.begin() as session:
        plan = create_plan(session, None, ten_k(), TODAY)
    today = START + timedelta(days=8)
    with database.sessions.begin() as session:
        upsert_wellness(session, 1, WellnessEntry(day=today, illness=True))
        report = adapt_current_plan(session, None, today)
    assert report.adaptation.compliance == 0.0
    rested = [c for c in report.changes if today <= c.day < today + timedelta(days=3)]
    assert rested and all("ill" in c.sentence for c in rested)
    data = report.as_json()
    assert data["date"] == today.isoformat() and data["compliance"] == 0.0
    assert len(data["changes"]) == len(report.changes)
    with database.sessions.begin() as session:
        stored = current_plan(session, None).plan
    assert stored.changes == report.adaptation.plan.changes
    rest_days = {
        s.day
        for s in stored.sessions
        if s.session_type is SessionType.REST and today <= s.day < today + timedelta(days=3)
    }
    planned_days = {s.day for s in plan.sessions if today <= s.day < today + timedelta(days=3)}
    assert rest_days == planned_days
