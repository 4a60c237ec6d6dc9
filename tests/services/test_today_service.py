"""``today`` and ``feedback`` on a real database: context from the data, persistence, learning."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from aicoach.domain.athlete import AthleteProfile
from aicoach.domain.plan import Intensity, Phase, Plan, PlanGoal, PlanWeek
from aicoach.domain.wellness import WellnessEntry
from aicoach.errors import UserError
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.planning.plan_json import plan_to_json
from aicoach.recommend.reward import Feedback, readiness_correction
from aicoach.services.feedback import record_feedback
from aicoach.services.today import TodayRequest, TodayResult, recommend_today
from aicoach.settings import Settings
from aicoach.storage import recommendations as store
from aicoach.storage.athletes import add_athlete
from aicoach.storage.database import Database
from aicoach.storage.plans import save_plan
from aicoach.storage.tables import RecommendationRow
from aicoach.storage.wellness import upsert_wellness
from tests.recommend.support import session as planned_session

TODAY = date(2026, 3, 3)
NOON = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path, recommend_exploration=0.0)


def add_ada(database: Database, plan: bool = False) -> None:
    with database.sessions.begin() as session:
        add_athlete(session, AthleteProfile(name="Ada"))
        if plan:
            hard = planned_session(day=TODAY)
            week = PlanWeek(1, TODAY - timedelta(days=1), Phase.BUILD, hard.load, (hard,))
            document = plan_to_json(Plan(PlanGoal.TEN_K, TODAY - timedelta(days=1), (week,)))
            save_plan(session, 1, "10k", document)


def today(
    database: Database, settings: Settings, request: TodayRequest | None = None, at: datetime = NOON
) -> TodayResult:
    with database.sessions.begin() as session:
        return recommend_today(
            session, None, request or TodayRequest(), settings, now=at,
            classifier=LexiconNoteClassifier(),
        )  # fmt: skip


def feedback(database: Database, given: Feedback, day: date = TODAY) -> float:
    with database.sessions.begin() as session:
        return record_feedback(session, None, given, day).reward


def test_feedback_persists_and_changes_the_next_recommendation_in_the_same_context(
    database: Database, settings: Settings
) -> None:
    add_ada(database)
    first = today(database, settings)
    arm = first.decision.chosen.arm
    assert arm == "easy_run" and first.decision.probability == 1.0
    assert feedback(database, Feedback(done=False)) == 0.0
    second = today(database, settings)
    assert second.decision.features == first.decision.features  # the same context
    assert second.decision.scores[arm] < first.decision.scores[arm] - 0.1
    assert second.decision.chosen.arm != arm
    with database.sessions.begin() as session:
        row = store.recommender(session, 1)
        assert row.state["arms"][arm]["n"] == 1
        logged = session.get(RecommendationRow, first.recommendation_id)
        assert logged is not None and (logged.done, logged.reward) == (False, 0.0)
        assert logged.probability == 1.0 and logged.features == first.decision.features


def test_good_feedback_keeps_the_choice_and_rerating_replaces_it(
    database: Database, settings: Settings
) -> None:
    add_ada(database)
    first = today(database, settings)
    assert feedback(database, Feedback(True, 5, 3.0)) == pytest.approx(1.0)
    assert feedback(database, Feedback(True, 1, 3.0)) == pytest.approx(0.55)  # replaces it
    with database.sessions.begin() as session:
        state = store.recommender(session, 1).state
    assert state["arms"][first.decision.chosen.arm]["n"] == 1  # one observation, not two


def test_feedback_without_a_recommendation_today_is_refused(
    database: Database, settings: Settings
) -> None:
    add_ada(database)
    with pytest.raises(UserError, match=r"no recommendation for today \(2026-03-03\)"):
        feedback(database, Feedback(done=True))


def test_blood_pressure_at_the_no_exercise_level_means_rest(
    database: Database, settings: Settings
) -> None:
    add_ada(database, plan=True)
    with database.sessions.begin() as session:
        upsert_wellness(session, 1, WellnessEntry(TODAY, systolic_mmhg=185, diastolic_mmhg=112))
    decision = today(database, settings).decision
    assert decision.chosen.arm == "rest"
    assert decision.verdict.level.label == "stop"
    assert "185/112" in decision.verdict.message


def test_the_planned_session_and_knee_pain(database: Database, settings: Settings) -> None:
    add_ada(database, plan=True)
    planned = today(database, settings).decision
    assert planned.chosen.arm == "planned" and planned.chosen.intensity is Intensity.HARD
    sore = today(database, settings, TodayRequest(note="left knee sore after yesterday")).decision
    assert sore.chosen.sport is None or sore.chosen.sport.value not in {"running", "cycling"}
    masked = {m.arm for m in sore.masked}
    assert {"planned", "planned_shorter", "easy_run", "intervals_run"} <= masked


def test_next_days_readiness_corrects_the_reward(database: Database, settings: Settings) -> None:
    add_ada(database)
    with database.sessions.begin() as session:
        upsert_wellness(session, 1, WellnessEntry(TODAY, sleep_duration_s=5.5 * 3600))
        upsert_wellness(
            session, 1, WellnessEntry(TODAY + timedelta(days=1), sleep_duration_s=9 * 3600)
        )
    first = today(database, settings)
    immediate = feedback(database, Feedback(True, 4, 3.0))
    today(database, settings, at=NOON + timedelta(days=1))
    with database.sessions.begin() as session:
        row = session.get(RecommendationRow, first.recommendation_id)
        assert row is not None
        later = store.latest_on(session, 1, TODAY + timedelta(days=1))
        assert later is not None and row.readiness_score is not None
        assert later.readiness_score is not None
        assert later.readiness_score > row.readiness_score  # slept 9 h after 5.5 h
        expected = readiness_correction(row.readiness_score, later.readiness_score)
        assert expected > 0 and row.readiness_correction == pytest.approx(expected)
        assert row.reward == pytest.approx(min(1.0, immediate + expected))


def test_bad_minutes_are_refused(database: Database, settings: Settings) -> None:
    add_ada(database)
    with pytest.raises(UserError, match="--minutes -5"):
        today(database, settings, TodayRequest(minutes=-5))


def test_an_unreadable_learner_state_is_rebuilt_from_the_log(
    database: Database, settings: Settings
) -> None:
    add_ada(database)
    first = today(database, settings)
    feedback(database, Feedback(done=False))
    with database.sessions.begin() as session:
        row = store.recommender(session, 1)
        row.state = {"version": 0, "features": ["bias"]}  # written by some other version
    second = today(database, settings)
    assert second.decision.chosen.arm != first.decision.chosen.arm  # the skip is remembered
    with database.sessions.begin() as session:
        assert store.recommender(session, 1).state["arms"][first.decision.chosen.arm]["n"] == 1
