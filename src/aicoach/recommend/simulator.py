"""Synthetic athletes with hidden preferences and physiology, for the recommendation benchmark.

Each synthetic athlete follows a weekly plan and has hidden traits the learner must discover:
a liking (or dislike) for each activity, how much hard sessions depend on readiness, a
chronotype, an affinity for the plan and for outdoor sessions in good weather. Physiology is
Banister's fitness-fatigue model (CTL 42 d, ATL 7 d; Banister EW et al. 1975) over TSS-like
loads, so what is done today changes tomorrow's readiness. The observed context (readiness
markers, mood and energy from a note, minutes, weather, illness, pain) is the true state plus
noise. Feedback (done, rating, RPE) is drawn from the true utility of the chosen session and
turned into reward by ``reward.feedback_reward``, as the product does.

Everything is seeded: the days' exogenous events (time, weather, illness, pain, notes) come
from a generator per day, so every policy meets the same days.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from aicoach.domain.activity import Sport
from aicoach.domain.athlete import Language
from aicoach.domain.plan import Intensity, PlannedSession, SessionType
from aicoach.planning.exercises import Region
from aicoach.recommend.bandit import LinUcbPolicy
from aicoach.recommend.candidates import SPORT_TEMPLATE, Candidate, build_candidates
from aicoach.recommend.catalogue import CATALOGUE, HomeKit, Place
from aicoach.recommend.context import (
    AlertInfo,
    FloatVector,
    Health,
    Readiness,
    TodayContext,
    feature_vector,
)
from aicoach.recommend.engine import decide
from aicoach.recommend.mood import NoteMood
from aicoach.recommend.reward import Feedback, feedback_reward, readiness_correction
from aicoach.recommend.safety_mask import SafetyVerdict, apply_safety_mask
from aicoach.recommend.weather import Sky, Weather

START = date(2026, 1, 5)  # a Monday
INTENSITY_FACTOR = {
    Intensity.REST: 0.0,
    Intensity.EASY: 0.65,
    Intensity.MODERATE: 0.8,
    Intensity.HARD: 0.95,
}
"""Coggan intensity factor of a session of each intensity; TSS = hours x IF^2 x 100."""

WEEK_PLAN: dict[int, tuple[SessionType, Sport, Intensity, float]] = {
    1: (SessionType.INTERVALS_RUN, Sport.RUNNING, Intensity.HARD, 50.0),
    2: (SessionType.EASY_RUN, Sport.RUNNING, Intensity.EASY, 40.0),
    3: (SessionType.TEMPO_RUN, Sport.RUNNING, Intensity.MODERATE, 45.0),
    4: (SessionType.STRENGTH, Sport.STRENGTH, Intensity.MODERATE, 40.0),
    5: (SessionType.LONG_RUN, Sport.RUNNING, Intensity.MODERATE, 80.0),
    6: (SessionType.ENDURANCE_RIDE, Sport.CYCLING, Intensity.EASY, 60.0),
}
"""Weekday (Monday 0, a rest day) -> the planned session."""
MINUTES = [20, 30, 45, 60, 90, 120]
MINUTES_P = [0.1, 0.15, 0.25, 0.25, 0.15, 0.1]


def planned_on(day: date) -> PlannedSession | None:
    entry = WEEK_PLAN.get(day.weekday())
    if entry is None:
        return None
    session_type, sport, intensity, minutes = entry
    load = minutes / 60 * INTENSITY_FACTOR[intensity] ** 2 * 100
    return PlannedSession(day, sport, session_type, intensity, minutes, round(load, 1))


@dataclass
class SyntheticAthlete:
    """Hidden traits and physiological state of one synthetic athlete."""

    seed: int
    preference: dict[str, float]
    plan_affinity: float
    readiness_sensitivity: float
    chronotype: float
    """+1 an evening person (hard mornings cost), -1 a morning person."""
    outdoor_love: float
    places: frozenset[Place]
    home_kit: frozenset[HomeKit]
    ctl: float = 40.0
    atl: float = 40.0
    mood: float = 0.0
    illness_days: int = 0
    pain_days: int = 0

    @classmethod
    def create(cls, seed: int) -> SyntheticAthlete:
        rng = np.random.default_rng(seed)
        ids = [a.id for a in CATALOGUE if a.id != "rest"]
        preference = {arm: float(rng.normal(0.0, 0.12)) for arm in ids}
        favourite, hated = rng.choice(ids, size=2, replace=False)
        preference[str(favourite)] += 0.2
        preference[str(hated)] -= 0.3
        places = {Place.HOME, Place.OUTDOORS}
        if rng.random() < 0.5:
            places.add(Place.GYM)
        if rng.random() < 0.4:
            places.add(Place.POOL)
        kit = {k for k in HomeKit if rng.random() < 0.3}
        return cls(
            seed=seed,
            preference=preference,
            plan_affinity=float(rng.normal(0.05, 0.1)),
            readiness_sensitivity=float(rng.uniform(0.1, 0.35)),
            chronotype=float(rng.choice([-1.0, 1.0])),
            outdoor_love=float(rng.uniform(0.0, 0.12)),
            places=frozenset(places),
            home_kit=frozenset(kit),
        )

    @property
    def tsb(self) -> float:
        return self.ctl - self.atl

    def true_readiness(self) -> float:
        ill = -0.6 if self.illness_days > 0 else 0.0
        return max(-1.0, min(1.0, self.tsb / 25 + ill))


@dataclass(frozen=True, slots=True)
class Day:
    context: TodayContext
    readiness_true: float
    energy_true: float


def day_context(athlete: SyntheticAthlete, index: int) -> Day:
    """Today's observed context; exogenous events come from a generator seeded by the day."""
    rng = np.random.default_rng((athlete.seed, index))
    day = START + timedelta(days=index)
    if athlete.illness_days == 0 and rng.random() < 0.015:
        athlete.illness_days = int(rng.integers(2, 5))
    if athlete.pain_days == 0 and rng.random() < 0.02:
        athlete.pain_days = int(rng.integers(1, 4))
    athlete.mood = 0.7 * athlete.mood + float(rng.normal(0.0, 0.3))
    readiness = athlete.true_readiness()
    energy = max(-1.0, min(1.0, 0.5 * readiness + 0.5 * athlete.mood))
    hrv_mid = 4.2 + 0.2 * (readiness + float(rng.normal(0.0, 0.4)))
    observed = Readiness(
        hrv_ln_7d=hrv_mid,
        hrv_band_low=4.0,
        hrv_band_high=4.4,
        rhr_deviation_sd=-readiness + float(rng.normal(0.0, 0.6)),
        tsb=athlete.tsb,
        sleep_h=7.0 + 0.6 * readiness + float(rng.normal(0.0, 0.7)),
    )
    note = None
    if rng.random() < 0.4:
        mood = max(-1.0, min(1.0, athlete.mood + float(rng.normal(0.0, 0.2))))
        seen_energy = max(-1.0, min(1.0, energy + float(rng.normal(0.0, 0.2))))
        note = NoteMood(
            text="(synthetic note)",
            language=Language.ENGLISH,
            mood=round(mood, 3),
            energy=round(seen_energy, 3),
            valence=None,
            pain=False,
            pain_sites=(),
            illness=False,
            fever=False,
            red_flags=(),
            stop_and_refer=False,
            labels=(),
            source="synthetic",
        )
    health = Health(
        alerts=(AlertInfo("red_flag_symptoms", "urgent", "Synthetic urgent alert."),)
        if rng.random() < 0.004
        else (),
        illness=("synthetic illness",) if athlete.illness_days > 0 else (),
        pain={Region.KNEE: "synthetic knee pain"} if athlete.pain_days > 0 else {},
    )
    sky = Sky(str(rng.choice([s.value for s in Sky], p=[0.35, 0.3, 0.05, 0.2, 0.05, 0.05])))
    temperature = float(rng.normal(15.0, 9.0))
    planned = planned_on(day)
    upcoming = tuple(s for s in (planned_on(day + timedelta(days=k)) for k in (1, 2, 3)) if s)
    context = TodayContext(
        day=day,
        hour=int(rng.choice([7, 12, 19])),
        minutes_available=float(rng.choice(MINUTES, p=MINUTES_P)),
        places=athlete.places,
        home_kit=athlete.home_kit,
        weather=Weather(sky, round(temperature, 1), source="synthetic"),
        readiness=observed,
        note=note,
        planned=planned,
        upcoming=upcoming,
        health=health,
    )
    return Day(context, readiness, energy)


def _base_arm(candidate: Candidate, context: TodayContext) -> str:
    if candidate.arm == "planned_swap":
        session = next((s for s in context.upcoming if s.sport is candidate.sport), None)
        return SPORT_TEMPLATE.get(session.sport, "easy_run") if session else "easy_run"
    if candidate.arm.startswith("planned"):
        sport = candidate.sport or Sport.RUNNING
        base = SPORT_TEMPLATE.get(sport, "easy_run")
        if candidate.intensity is Intensity.HARD and sport is Sport.RUNNING:
            return "intervals_run"
        return base
    return candidate.arm


def utility(athlete: SyntheticAthlete, day: Day, candidate: Candidate) -> float:
    """The athlete's hidden liking of doing ``candidate`` today, about 0 (awful) to 1 (great)."""
    context = day.context
    r, e = day.readiness_true, day.energy_true
    if candidate.intensity is Intensity.REST:
        return 0.3 - 0.25 * r - 0.1 * e
    u = 0.5 + athlete.preference.get(_base_arm(candidate, context), 0.0)
    s = athlete.readiness_sensitivity
    if candidate.intensity is Intensity.HARD:
        u += s * r + 0.15 * e - 0.05
        if context.hour < 10:
            u -= 0.08 * max(athlete.chronotype, 0.0)
    elif candidate.intensity is Intensity.MODERATE:
        u += 0.5 * s * r + 0.08 * e
    else:
        u -= 0.05 * r
    if candidate.arm.startswith("planned"):
        u += athlete.plan_affinity - (0.05 if candidate.arm == "planned_swap" else 0.0)
    outdoor = candidate.venues and candidate.venues[0].outdoor
    weather = context.weather
    if outdoor and weather is not None:
        good = weather.sky in {Sky.CLEAR, Sky.CLOUDY} and 5 <= (weather.temperature_c or 15) <= 25
        u += athlete.outdoor_love * (1.0 if good else -1.5)
    if context.hour >= 18 and candidate.intensity is Intensity.HARD:
        u -= 0.08 * max(-athlete.chronotype, 0.0)
    return u


def _sigmoid(value: float) -> float:
    return 1.0 / (1.0 + math.exp(-value))


def rpe_bias(day: Day, candidate: Candidate) -> float:
    """Sessions feel harder than meant when the body is not ready (hard and moderate ones)."""
    if candidate.intensity in {Intensity.HARD, Intensity.MODERATE}:
        return 2.0 * max(0.0, -day.readiness_true)
    return 0.0


def expected_reward(athlete: SyntheticAthlete, day: Day, candidate: Candidate) -> float:
    """Expected immediate reward of ``candidate`` under the feedback model of ``feedback``."""
    u = utility(athlete, day, candidate)
    done = _sigmoid(8.0 * (u - 0.4))
    rating = min(max(u, 0.0), 1.0)
    if candidate.intensity is Intensity.REST:
        rpe = 0.5
    else:
        rpe = 1.0 - min((rpe_bias(day, candidate) + 0.64) / 4.0, 1.0)
    return done * (0.3 + 0.45 * rating + 0.25 * rpe)


def feedback(
    athlete: SyntheticAthlete, day: Day, candidate: Candidate, rng: np.random.Generator
) -> Feedback:
    u = utility(athlete, day, candidate)
    if rng.random() >= _sigmoid(8.0 * (u - 0.4)):
        return Feedback(done=False)
    rating = int(min(5, max(1, round(1 + 4 * min(max(u, 0.0), 1.0) + rng.normal(0.0, 0.6)))))
    if candidate.intensity is Intensity.REST:
        return Feedback(done=True, rating_1_5=rating)
    rpe = candidate.intended_rpe + rpe_bias(day, candidate) + float(rng.normal(0.0, 0.8))
    return Feedback(done=True, rating_1_5=rating, rpe_0_10=min(10.0, max(0.0, rpe)))


def live_one_day(athlete: SyntheticAthlete, candidate: Candidate, done: bool) -> None:
    """Advance the fitness-fatigue state by today's load (Banister 1975, 42 d / 7 d)."""
    load = 0.0
    if done:
        load = candidate.duration_min / 60 * INTENSITY_FACTOR[candidate.intensity] ** 2 * 100
    athlete.ctl += (load - athlete.ctl) / 42
    athlete.atl += (load - athlete.atl) / 7
    athlete.illness_days = max(0, athlete.illness_days - 1)
    athlete.pain_days = max(0, athlete.pain_days - 1)


def rules_choice(day: Day, verdict: SafetyVerdict) -> Candidate:
    """Fixed coaching rules: the plan, easier when readiness or the note says so, else rest."""
    allowed = {c.arm: c for c in verdict.allowed}
    context = day.context
    score = context.readiness.score() or 0.0
    negative = context.note is not None and context.note.clearly_negative
    if score < -0.6:
        return allowed["rest"]
    if "planned" in allowed or "planned_shorter" in allowed:
        if (score < -0.3 or negative) and "planned_easier" in allowed:
            return allowed["planned_easier"]
        if "planned" in allowed:
            return allowed["planned"]
        return allowed["planned_shorter"]
    for arm in ("easy_run", "brisk_walk", "mobility"):
        if arm in allowed:
            return allowed[arm]
    return allowed["rest"]


@dataclass
class PolicyRun:
    """Rewards a policy earned round by round: expected (for comparison) and realised."""

    name: str
    expected: list[float] = field(default_factory=list)
    realised: list[float] = field(default_factory=list)
    masked_violations: int = 0


def simulate(
    policy_name: str,
    seed: int,
    rounds: int,
    make_policy: Callable[[], LinUcbPolicy] | None = None,
    exploration: float = 0.05,
    on_decision: Callable[[float], None] | None = None,
) -> PolicyRun:
    """Run one policy (oracle, rules, random or learner) for ``rounds`` days of one athlete."""
    athlete = SyntheticAthlete.create(seed)
    run = PolicyRun(policy_name)
    rng = np.random.default_rng((seed, 10_000))
    learner = make_policy() if make_policy else None
    previous: tuple[str, FloatVector, float | None] | None = None
    for index in range(rounds):
        day = day_context(athlete, index)
        score_now = day.context.readiness.score()
        if learner is not None and previous is not None and score_now is not None:
            arm, x, before = previous
            if before is not None:
                learner.correct(arm, x, readiness_correction(before, score_now))
        candidates = build_candidates(day.context)
        verdict = apply_safety_mask(candidates, day.context)
        if learner is not None:
            started = time.perf_counter()
            decision = decide(day.context, learner, rng, exploration)
            if on_decision is not None:
                on_decision(time.perf_counter() - started)
            chosen = decision.chosen
        elif policy_name == "oracle":
            chosen = max(verdict.allowed, key=lambda c: expected_reward(athlete, day, c))
        elif policy_name == "rules":
            chosen = rules_choice(day, verdict)
        else:
            chosen = verdict.allowed[int(rng.integers(len(verdict.allowed)))]
        if chosen.arm not in {c.arm for c in verdict.allowed}:
            run.masked_violations += 1
        given = feedback(athlete, day, chosen, rng)
        reward = feedback_reward(given, chosen.intended_rpe)
        run.expected.append(expected_reward(athlete, day, chosen))
        run.realised.append(reward)
        if learner is not None:
            x = feature_vector(day.context.features())
            learner.update(chosen.arm, x, reward)
            previous = (chosen.arm, x, score_now)
        live_one_day(athlete, chosen, given.done)
    return run
