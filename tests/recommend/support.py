"""Contexts and sessions shared by the recommendation tests."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Intensity, PlannedSession, SessionType
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.catalogue import Place
from aicoach.recommend.context import Readiness, TodayContext
from aicoach.recommend.engine import Decision, decide
from aicoach.recommend.priors import prior_means

DAY = date(2026, 3, 3)  # a Tuesday
EVERYWHERE = frozenset(Place)
READY = Readiness(hrv_ln_7d=4.3, hrv_band_low=4.0, hrv_band_high=4.4, tsb=5.0, sleep_h=7.5)


def session(
    session_type: SessionType = SessionType.INTERVALS_RUN,
    sport: Sport = Sport.RUNNING,
    intensity: Intensity = Intensity.HARD,
    minutes: float = 50.0,
    day: date = DAY,
) -> PlannedSession:
    return PlannedSession(day, sport, session_type, intensity, minutes, 60.0, title="")


def context(**changes: object) -> TodayContext:
    """A ready athlete with intervals planned, who can train anywhere, 90 min available."""
    values: dict[str, object] = {
        "day": DAY,
        "hour": 12,
        "minutes_available": 90.0,
        "places": EVERYWHERE,
        "readiness": READY,
        "planned": session(),
        "upcoming": (session(SessionType.EASY_RUN, intensity=Intensity.EASY, minutes=40,
                             day=DAY + timedelta(days=1)),),
    }  # fmt: skip
    values.update(changes)
    return TodayContext(**values)  # type: ignore[arg-type]


def greedy(ctx: TodayContext, policy: LinUcbPolicy | None = None) -> Decision:
    """The learner's own choice (no exploration)."""
    return decide(ctx, policy or LinUcbPolicy(prior_means()), np.random.default_rng(0), 0.0)
