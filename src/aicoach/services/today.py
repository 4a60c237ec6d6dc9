"""``aicoach today``: gather today's context from the database, decide, log the decision.

Context: the plan's session for today and the next days, the engine's readiness markers,
open alerts of the last three days, the latest resting blood pressure of today or yesterday,
illness and pain reported in the last three days, injuries in the profile, today's note
(mood, energy, pain, red flags), time and place, and the weather (entered, or looked up when
a location is set). Before deciding, earlier rated recommendations whose next-day readiness
is now known get their reward corrected (``reward.readiness_correction``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from aicoach.domain.athlete import Language
from aicoach.domain.plan import PlannedSession, SessionStatus
from aicoach.errors import UserError
from aicoach.notes.loader import load_note_classifier
from aicoach.notes.reading import NoteClassifier
from aicoach.notes.signals import note_signals
from aicoach.planning.exercises import Region, regions_from_condition
from aicoach.planning.screening import ConditionKind, match_conditions
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.recommend.context import (
    AlertInfo,
    FloatVector,
    Health,
    Preferences,
    Readiness,
    TodayContext,
    feature_vector,
)
from aicoach.recommend.engine import Decision, decide
from aicoach.recommend.mood import MoodScorer, NoteMood, SentimentModel
from aicoach.recommend.reward import readiness_correction, total_reward
from aicoach.recommend.weather import OpenMeteoClient, Weather
from aicoach.services.feedback import load_policy, save_policy
from aicoach.services.health_alerts import refresh_alerts
from aicoach.services.plans import current_plan
from aicoach.services.screening import latest_blood_pressure, screening_status
from aicoach.services.training_history import athlete_series
from aicoach.settings import Settings
from aicoach.storage import alerts as alert_store
from aicoach.storage import recommendations as store
from aicoach.storage.athletes import read_profile, resolve_athlete
from aicoach.storage.tables import AthleteRow, RecommendationRow, RecommenderRow
from aicoach.storage.wellness import list_wellness

RECENT_DAYS = 3
"""Alerts, illness and pain of the last three days shape today (as in ``plan adapt``)."""
BP_RECENT_DAYS = 1
"""A blood pressure reading counts for today when taken today or yesterday."""
DEFAULT_PLACES = frozenset({Place.HOME, Place.OUTDOORS})
POLICY_NAME = "linucb-egreedy"
HOME_KIT_WORDS: dict[HomeKit, tuple[str, ...]] = {
    HomeKit.TREADMILL: ("treadmill", "跑步机"),
    HomeKit.BIKE_TRAINER: ("trainer", "turbo", "exercise bike", "spin bike", "骑行台", "动感单车"),
}


@dataclass(frozen=True, slots=True)
class TodayRequest:
    note: str | None = None
    minutes: float | None = None
    weather: Weather | None = None
    location: Place | None = None


@dataclass(frozen=True, slots=True)
class TodayResult:
    recommendation_id: int
    day: date
    decision: Decision
    notes: tuple[str, ...] = field(default=())
    """What could not be used today, e.g. why there is no weather."""

    def as_json(self) -> dict[str, object]:
        document = self.decision.as_json()
        document["recommendation_id"] = self.recommendation_id
        document["date"] = self.day.isoformat()
        return document


def recommend_today(
    session: Session,
    athlete_name: str | None,
    request: TodayRequest,
    settings: Settings,
    *,
    now: datetime | None = None,
    classifier: NoteClassifier | None = None,
    sentiment: SentimentModel | None = None,
) -> TodayResult:
    """Decide today's activity for the athlete, log it, and return it with its reasons."""
    if request.minutes is not None and not 0 <= request.minutes <= 24 * 60:
        raise UserError(f"--minutes {request.minutes:g}: give the minutes you have, 0 to 1440")
    athlete = resolve_athlete(session, athlete_name)
    local_now = (now or datetime.now(ZoneInfo(athlete.timezone))).astimezone(
        ZoneInfo(athlete.timezone)
    )
    today = local_now.date()
    row = store.recommender(session, athlete.id)
    scorer = MoodScorer(classifier or load_note_classifier(settings), sentiment)
    note = scorer.read(request.note) if request.note and request.note.strip() else None
    readiness = _readiness(session, athlete, today)
    weather, weather_note = _weather(request, row, settings)
    planned, upcoming = _plan_days(session, athlete, today)
    context = TodayContext(
        day=today,
        hour=local_now.hour,
        language=Language(athlete.language),
        minutes_available=request.minutes,
        places=frozenset({request.location}) if request.location else _places(row),
        home_kit=_home_kit(athlete, row),
        weather=weather,
        readiness=readiness,
        note=note,
        planned=planned,
        upcoming=upcoming,
        health=_health(session, athlete, today, scorer, note),
        preferences=Preferences(frozenset(row.likes), frozenset(row.dislikes)),
    )
    policy = load_policy(session, row)
    _correct_from_readiness(session, athlete.id, today, readiness.score(), policy)
    made_today = store.count_on(session, athlete.id, today)
    rng = np.random.default_rng((athlete.id, today.toordinal(), made_today))
    decision = decide(context, policy, rng, settings.recommend_exploration)
    logged = store.add_recommendation(session, _log_row(athlete.id, today, decision, readiness))
    save_policy(row, policy)
    notes = (weather_note,) if weather_note else ()
    return TodayResult(logged.id, today, decision, notes)


def _log_row(
    athlete_id: int, today: date, decision: Decision, readiness: Readiness
) -> RecommendationRow:
    document = decision.as_json()
    document["scores"] = {arm: round(score, 4) for arm, score in decision.scores.items()}
    document["greedy_arm"] = decision.greedy_arm
    return RecommendationRow(
        athlete_id=athlete_id,
        day=today,
        arm=decision.chosen.arm,
        intensity=decision.chosen.intensity.value,
        duration_min=decision.chosen.duration_min,
        intended_rpe=decision.chosen.intended_rpe,
        probability=decision.probability,
        policy=POLICY_NAME,
        features=decision.features,
        decision=document,
        readiness_score=readiness.score(),
    )


def _correct_from_readiness(
    session: Session, athlete_id: int, today: date, score_now: float | None, policy: LinUcbPolicy
) -> None:
    if score_now is None:
        return
    since = today - timedelta(days=RECENT_DAYS)
    for row in store.awaiting_readiness(session, athlete_id, since, today):
        assert row.readiness_score is not None and row.reward is not None
        correction = readiness_correction(row.readiness_score, score_now)
        immediate = row.reward
        reward = total_reward(immediate, correction)
        if row.arm in policy.priors:
            policy.correct(row.arm, feature_vector(row.features), reward - immediate)
        row.readiness_correction = correction
        row.reward = reward


def _readiness(session: Session, athlete: AthleteRow, today: date) -> Readiness:
    computed = athlete_series(session, athlete, last_day=today)
    if computed is None:
        return Readiness()
    refresh_alerts(session, athlete, today, computed)
    series = computed[1]

    def last(values: FloatVector) -> float | None:
        value = float(values[-1]) if values.size else math.nan
        return value if math.isfinite(value) else None

    return Readiness(
        hrv_ln_7d=last(series.hrv_ln_7d),
        hrv_band_low=last(series.hrv_band_low),
        hrv_band_high=last(series.hrv_band_high),
        rhr_deviation_sd=last(series.rhr_deviation_sd),
        tsb=last(series.tsb),
        acwr=last(series.acwr),
        sleep_h=last(series.sleep_h),
    )


def _health(
    session: Session,
    athlete: AthleteRow,
    today: date,
    scorer: MoodScorer,
    note: NoteMood | None,
) -> Health:
    since = today - timedelta(days=RECENT_DAYS)
    alerts = tuple(
        AlertInfo(a.rule, a.severity, a.message)
        for a in alert_store.list_alerts(
            session, athlete.id, since=since, include_acknowledged=False
        )
        if a.day <= today
    )
    bp_reading = latest_blood_pressure(session, athlete.id, today)
    bp = None
    if bp_reading is not None and bp_reading[0] >= today - timedelta(days=BP_RECENT_DAYS):
        bp = (bp_reading[1], bp_reading[2])
    entries = [e for e in list_wellness(session, athlete.id, since=since) if e.day <= today]
    illness = [f"you reported being ill on {e.day:%a %d %b}" for e in entries if e.illness]
    pain: dict[Region, str] = {}
    unlocated: list[str] = []
    texts = [e.notes for e in entries if e.notes] + ([note.text] if note else [])
    for text in texts:
        if note is not None and text == note.text:
            sites = note.pain_sites if note.pain else None
        else:
            sites = _pain_sites(scorer, text)
        if sites is None:
            continue
        regions = {r for site in sites for r in regions_from_condition(site)}
        for region in regions:
            pain.setdefault(region, f"“{text.strip()}”")
        if not regions:
            unlocated.append(f"“{text.strip()}”")
    injuries: dict[Region, str] = {}
    for match in match_conditions(read_profile(athlete).conditions):
        if match.kind is ConditionKind.INJURY:
            for region in regions_from_condition(match.condition):
                injuries.setdefault(region, match.condition)
    clearance = screening_status(session, athlete, today).medical_clearance
    return Health(
        alerts=alerts,
        blood_pressure=bp,
        medical_clearance=clearance,
        illness=tuple(illness),
        pain=pain,
        pain_unlocated=tuple(unlocated),
        injuries=injuries,
    )


def _pain_sites(scorer: MoodScorer, text: str) -> tuple[str, ...] | None:
    """Body parts of a note that reports pain (maybe none); ``None`` for a note without pain."""
    signals = note_signals(scorer.classifier.read(text))
    return signals.pain_sites if signals.pain else None


def _plan_days(
    session: Session, athlete: AthleteRow, today: date
) -> tuple[PlannedSession | None, tuple[PlannedSession, ...]]:
    try:
        plan = current_plan(session, athlete.name).plan
    except UserError:
        return None, ()
    open_sessions = [s for s in plan.sessions if s.status is SessionStatus.PLANNED]
    planned = next((s for s in open_sessions if s.day == today), None)
    upcoming = tuple(s for s in open_sessions if today < s.day <= today + timedelta(days=3))
    return planned, upcoming


def _weather(
    request: TodayRequest, row: RecommenderRow, settings: Settings
) -> tuple[Weather | None, str | None]:
    if request.weather is not None:
        return request.weather, None
    latitude = row.latitude if row.latitude is not None else settings.latitude
    longitude = row.longitude if row.longitude is not None else settings.longitude
    if latitude is None or longitude is None:
        return None, None
    client = OpenMeteoClient(
        settings.weather_url,
        settings.air_quality_url,
        settings.weather_cache_dir,
        settings.weather_timeout_s,
    )
    lookup = client.lookup(latitude, longitude)
    return lookup.weather, lookup.note


def _places(row: RecommenderRow) -> frozenset[Place]:
    return frozenset(Place(p) for p in row.places) if row.places else DEFAULT_PLACES


def _home_kit(athlete: AthleteRow, row: RecommenderRow) -> frozenset[HomeKit]:
    kit = {HomeKit(k) for k in row.home_kit}
    for item in athlete.equipment:
        text = item.lower()
        kit |= {k for k, words in HOME_KIT_WORDS.items() if any(w in text for w in words)}
    return frozenset(kit)
