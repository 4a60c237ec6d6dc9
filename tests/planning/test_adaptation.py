"""Adapting a generated plan to what was done and what the body says, without I/O."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import (
    Intensity,
    Plan,
    PlanGoal,
    PlannedSession,
    SessionStatus,
    SessionType,
)
from aicoach.planning.adaptation import Adaptation, DoneSession, Readiness, adapt_plan
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import check_plan
from aicoach.planning.generator import generate_plan
from aicoach.planning.request import PlanRequest
from aicoach.planning.screening import ScreeningAnswers, evaluate_screening
from aicoach.planning.targets import Thresholds

START = date(2026, 3, 2)  # a Monday
WEEK_2 = START + timedelta(weeks=1)
BASELINE = TrainingBaseline(
    weekly_minutes={Sport.RUNNING: (200.0, 210.0, 220.0, 215.0)},
    longest_session_min={Sport.RUNNING: 80.0},
    vdot=45.0,
    from_history=True,
)
THRESHOLDS = Thresholds(vdot=45.0)
WINDOW_DAYS = 3


@pytest.fixture(scope="module")
def plan() -> Plan:
    profile = AthleteProfile(name="Ada")
    clear = evaluate_screening(ScreeningAnswers.from_yes([]), START, profile, None, START)
    request = PlanRequest(
        PlanGoal.TEN_K,
        START,
        weeks=10,
        days_per_week=4,
        available_min={**{day: 75.0 for day in Weekday}, Weekday.SUNDAY: 150.0},
        long_day=Weekday.SUNDAY,
    )
    return generate_plan(request, profile, BASELINE, clear)


def adapt(
    plan: Plan, today: date, done: list[DoneSession] | None = None, **readiness: tuple[str, ...]
) -> Adaptation:
    return adapt_plan(plan, done or [], Readiness(**readiness), today, THRESHOLDS, BASELINE)


def sessions_between(plan: Plan, first: date, end: date) -> list[PlannedSession]:
    return [s for s in plan.sessions if first <= s.day < end]


def is_one_sentence(text: str) -> bool:
    body = text.strip()
    return body.endswith(".") and not re.search(r"[.!?]\s+[A-Z]", body[:-1])


def assert_valid(adaptation: Adaptation) -> None:
    report = check_plan(adaptation.plan, BASELINE)
    assert report.ok, [v.message for v in report.violations]
    for week in adaptation.plan.weeks:
        total = sum(s.load for s in week.sessions)
        assert week.planned_load == pytest.approx(total, abs=0.051)
    for change in adaptation.changes:
        assert is_one_sentence(change.sentence), change.sentence
    assert adaptation.plan.changes == adaptation.changes  # a new plan has no earlier changes


def first_hard_day(plan: Plan) -> date:
    return min(
        s.day
        for s in plan.sessions
        if s.intensity is Intensity.HARD and s.session_type is not SessionType.RACE
    )


# --------------------------------------------------------------------------- compliance


def test_past_sessions_become_done_or_missed_by_matching(plan: Plan) -> None:
    week_1 = sessions_between(plan, START, WEEK_2)
    runs = [s for s in week_1 if s.sport is Sport.RUNNING]
    lifts = [s for s in week_1 if s.sport is Sport.STRENGTH]
    assert len(runs) >= 3 and lifts
    done = [
        DoneSession(runs[0].day, Sport.RUNNING, runs[0].duration_min),
        DoneSession(runs[1].day, Sport.RUNNING, runs[1].duration_min / 2),
        DoneSession(lifts[0].day, Sport.STRENGTH, lifts[0].duration_min + 10),
        DoneSession(runs[2].day, Sport.CYCLING, 60.0),  # not what was planned
    ]

    adaptation = adapt(plan, WEEK_2, done)

    status = {(s.day, s.sport): s.status for s in adaptation.plan.sessions if s.day < WEEK_2}
    assert status[runs[0].day, Sport.RUNNING] is SessionStatus.DONE
    assert status[runs[1].day, Sport.RUNNING] is SessionStatus.DONE
    assert status[lifts[0].day, Sport.STRENGTH] is SessionStatus.DONE
    assert status[runs[2].day, Sport.RUNNING] is SessionStatus.MISSED
    for session in runs[3:] + lifts[1:]:
        assert status[session.day, session.sport] is SessionStatus.MISSED
    planned = sum(s.duration_min for s in week_1)
    done_min = runs[0].duration_min + runs[1].duration_min / 2 + lifts[0].duration_min
    assert adaptation.planned_min == pytest.approx(planned)
    assert adaptation.done_min == pytest.approx(done_min)
    assert adaptation.compliance == pytest.approx(done_min / planned)
    assert_valid(adaptation)


def test_full_compliance_changes_nothing_ahead(plan: Plan) -> None:
    week_1 = sessions_between(plan, START, WEEK_2)
    done = [DoneSession(s.day, s.sport, s.duration_min) for s in week_1]

    adaptation = adapt(plan, WEEK_2, done)

    assert adaptation.compliance == pytest.approx(1.0)
    assert adaptation.changes == ()
    assert sessions_between(adaptation.plan, WEEK_2, date.max) == sessions_between(
        plan, WEEK_2, date.max
    )
    assert_valid(adaptation)


def test_nothing_in_the_past_means_no_compliance(plan: Plan) -> None:
    adaptation = adapt(plan, START)
    assert adaptation.compliance is None
    assert adaptation.planned_min == 0 and adaptation.done_min == 0
    assert adaptation.changes == ()
    assert adaptation.plan.weeks == plan.weeks


def test_low_compliance_shortens_the_coming_week_with_the_numbers(plan: Plan) -> None:
    adaptation = adapt(plan, WEEK_2, [])

    assert adaptation.compliance == 0.0
    shortened = [c for c in adaptation.changes if "shortened" in c.sentence]
    assert shortened
    assert all("0%" in c.sentence for c in shortened)
    before = {s.day: s for s in sessions_between(plan, WEEK_2, WEEK_2 + timedelta(days=7))}
    for session in sessions_between(adaptation.plan, WEEK_2, WEEK_2 + timedelta(days=7)):
        if session.status is SessionStatus.ADAPTED:
            assert session.duration_min < before[session.day].duration_min
    assert_valid(adaptation)


# --------------------------------------------------------------------------- readiness


@pytest.mark.parametrize("kind", ["illness", "urgent"])
def test_illness_or_an_urgent_alert_turns_the_next_3_days_into_rest(plan: Plan, kind: str) -> None:
    today = WEEK_2 + timedelta(days=1)
    reason = "you reported being ill on Tue 10 Mar" if kind == "illness" else "SpO2 is 88 %"
    window_end = today + timedelta(days=WINDOW_DAYS)
    planned_in_window = sessions_between(plan, today, window_end)
    assert planned_in_window

    adaptation = adapt(plan, today, **{kind: (reason,)})

    in_window = sessions_between(adaptation.plan, today, window_end)
    assert len(in_window) == len(planned_in_window)
    for session in in_window:
        assert session.session_type is SessionType.REST
        assert session.intensity is Intensity.REST
        assert session.duration_min == 0 and session.load == 0
        assert session.status is SessionStatus.ADAPTED
    assert len(adaptation.changes) >= len(planned_in_window)
    rest_changes = [c for c in adaptation.changes if today <= c.day < window_end]
    assert len(rest_changes) == len(planned_in_window)
    assert all(reason in c.sentence and "rest" in c.sentence for c in rest_changes)
    after = sessions_between(adaptation.plan, window_end, window_end + timedelta(days=1))
    assert all(s.session_type is not SessionType.REST for s in after)
    assert_valid(adaptation)


def test_a_warning_turns_hard_sessions_of_the_next_3_days_easy(plan: Plan) -> None:
    hard_day = first_hard_day(plan)
    today = hard_day - timedelta(days=1)
    done = [DoneSession(s.day, s.sport, s.duration_min) for s in plan.sessions if s.day < today]
    reason = "HRV (ln RMSSD 3.6) is below its 7-day band"
    window_end = today + timedelta(days=WINDOW_DAYS)

    adaptation = adapt(plan, today, done, warnings=(reason,))

    for before, after in zip(plan.sessions, adaptation.plan.sessions, strict=True):
        assert before.day == after.day
        if today <= before.day < window_end and before.intensity is Intensity.HARD:
            assert after.intensity is Intensity.EASY
            assert after.status is SessionStatus.ADAPTED
            assert after.duration_min <= before.duration_min
        elif before.day >= window_end:
            assert after == before
    eased = [c for c in adaptation.changes if c.day == hard_day]
    assert len(eased) == 1
    assert reason in eased[0].sentence and "easy" in eased[0].sentence
    assert_valid(adaptation)


def test_pain_turns_the_next_3_days_runs_into_rest(plan: Plan) -> None:
    today = WEEK_2 + timedelta(days=2)
    done = [DoneSession(s.day, s.sport, s.duration_min) for s in plan.sessions if s.day < today]
    window_end = today + timedelta(days=WINDOW_DAYS)
    planned_runs = [
        s for s in sessions_between(plan, today, window_end) if s.sport is Sport.RUNNING
    ]
    assert planned_runs

    adaptation = adapt(plan, today, done, pain=("left knee hurts on stairs",))

    for session in sessions_between(adaptation.plan, today, window_end):
        assert session.sport is not Sport.RUNNING
    rested = [c for c in adaptation.changes if today <= c.day < window_end]
    assert len(rested) >= len(planned_runs)
    assert all("pain" in c.sentence and "left knee" in c.sentence for c in rested)
    later = sessions_between(adaptation.plan, window_end, window_end + timedelta(days=7))
    assert later == sessions_between(plan, window_end, window_end + timedelta(days=7))
    assert_valid(adaptation)


def test_deep_fatigue_eases_hard_sessions(plan: Plan) -> None:
    hard_day = first_hard_day(plan)
    today = hard_day - timedelta(days=1)
    done = [DoneSession(s.day, s.sport, s.duration_min) for s in plan.sessions if s.day < today]

    adaptation = adapt_plan(plan, done, Readiness(tsb=-42.0), today, THRESHOLDS, BASELINE)

    eased = [c for c in adaptation.changes if c.day == hard_day]
    assert len(eased) == 1 and "-42" in eased[0].sentence
    assert_valid(adaptation)


def test_adaptation_is_pure(plan: Plan) -> None:
    before = plan
    adapt(plan, WEEK_2 + timedelta(days=1), illness=("ill",))
    assert plan == before
    assert all(s.status is SessionStatus.PLANNED for s in plan.sessions)
