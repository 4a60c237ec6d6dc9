"""Structured endurance sessions: warm-up, main set, cool-down, with targets and planned load.

Each builder returns a ``SessionDraft`` (a session without its day); the scheduler picks the
day. Durations are whole minutes; the draft's duration, distance and load are computed from its
steps, so the stated numbers always match the steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Intensity,
    PlannedSession,
    RepeatBlock,
    SessionPart,
    SessionType,
    Step,
    StepKind,
)
from aicoach.planning.session_load import parts_duration_s, parts_load, rpe_session_load
from aicoach.planning.targets import Effort, StepTarget, Thresholds, ride_target, run_target
from aicoach.units import minutes_to_seconds, seconds_to_minutes

WARM_UP_MIN = 15
COOL_DOWN_MIN = 10
WALK_WARM_UP_MIN = 5
MIN_REPEATS = 2
"""Fewer repeats than this is not an interval session; the slot goes easy instead."""


@dataclass(frozen=True, slots=True)
class SessionDraft:
    """A session's content before it has a day."""

    sport: Sport
    session_type: SessionType
    intensity: Intensity
    title: str
    steps: tuple[SessionPart, ...] = ()
    exercises: tuple[ExercisePrescription, ...] = ()
    effort_rpe: float | None = None
    """For sessions without timed steps (strength, mobility): RPE the load is computed from."""
    planned_min: float | None = None
    note: str | None = None

    @property
    def duration_min(self) -> float:
        if self.steps:
            return round(seconds_to_minutes(parts_duration_s(self.steps)), 1)
        return round(self.planned_min or 0.0, 1)

    @property
    def load(self) -> float:
        if self.steps:
            return parts_load(self.steps)
        if self.effort_rpe is None:
            return 0.0
        return rpe_session_load(self.duration_min, self.effort_rpe)

    @property
    def distance_km(self) -> float | None:
        """Distance implied by the pace targets; ``None`` when any timed step has no pace."""
        total_m = 0.0
        for step in _flat_steps(self.steps):
            if step.distance_m is None:
                return None
            total_m += step.distance_m
        return round(total_m / 1000.0, 2) if self.steps else None

    @property
    def is_hard(self) -> bool:
        return self.intensity is Intensity.HARD or self.session_type in {
            SessionType.LONG_RUN,
            SessionType.LONG_RIDE,
        }

    def on(self, day: date) -> PlannedSession:
        return PlannedSession(
            day=day,
            sport=self.sport,
            session_type=self.session_type,
            intensity=self.intensity,
            duration_min=self.duration_min,
            load=self.load,
            distance_km=self.distance_km,
            title=self.title,
            steps=self.steps,
            exercises=self.exercises,
            note=self.note,
        )

    def with_note(self, note: str) -> SessionDraft:
        return replace(self, note=note if self.note is None else f"{self.note} {note}")


def _flat_steps(parts: tuple[SessionPart, ...]) -> list[Step]:
    steps: list[Step] = []
    for part in parts:
        steps.extend(part.steps * part.times if isinstance(part, RepeatBlock) else (part,))
    return steps


def most_repeats_that_fit(
    build: Callable[[int], SessionDraft], repeats: int, fits: Callable[[float], bool]
) -> SessionDraft | None:
    """``build(n)`` for the largest ``n`` from ``repeats`` down to ``MIN_REPEATS`` whose
    duration ``fits``; ``None`` when none does."""
    for count in range(repeats, MIN_REPEATS - 1, -1):
        session = build(count)
        if fits(session.duration_min):
            return session
    return None


def low_intensity_share(drafts: list[SessionDraft], easy_factor_max: float) -> float:
    """Share of the drafts' step time below ``easy_factor_max`` (1.0 without timed steps)."""
    total_s = low_s = 0.0
    for draft in drafts:
        for step in _flat_steps(draft.steps):
            total_s += step.duration_s
            if step.intensity_factor is not None and step.intensity_factor < easy_factor_max:
                low_s += step.duration_s
    return low_s / total_s if total_s > 0 else 1.0


def timed_step(kind: StepKind, minutes: float, target: StepTarget, note: str | None = None) -> Step:
    duration_s = minutes_to_seconds(minutes)
    distance_m = (
        round(duration_s / target.pace_s_per_km * 1000.0, 1)
        if target.pace_s_per_km is not None
        else None
    )
    return Step(
        kind=kind,
        duration_s=duration_s,
        distance_m=distance_m,
        target=target.target,
        intensity_factor=target.intensity_factor,
        note=note,
    )


def easy_run(minutes: float, thresholds: Thresholds, *, strides: bool = False) -> SessionDraft:
    easy = run_target(Effort.EASY, thresholds)
    if not strides or minutes < 30:
        steps: tuple[SessionPart, ...] = (timed_step(StepKind.ACTIVE, minutes, easy),)
        return SessionDraft(Sport.RUNNING, SessionType.EASY_RUN, Intensity.EASY, "Easy run", steps)
    stride = run_target(Effort.SPEED, thresholds)
    walk_back = run_target(Effort.WALK, thresholds)
    steps = (
        timed_step(StepKind.ACTIVE, minutes - 4, easy),
        RepeatBlock(
            6,
            (
                timed_step(StepKind.ACTIVE, 1 / 3, stride, "relaxed stride"),
                timed_step(StepKind.RECOVERY, 1 / 3, walk_back),
            ),
        ),
    )
    return SessionDraft(
        Sport.RUNNING, SessionType.EASY_RUN, Intensity.EASY, "Easy run with strides", steps
    )


def recovery_run(minutes: float, thresholds: Thresholds) -> SessionDraft:
    steps = (timed_step(StepKind.ACTIVE, minutes, run_target(Effort.RECOVERY, thresholds)),)
    return SessionDraft(
        Sport.RUNNING, SessionType.RECOVERY_RUN, Intensity.EASY, "Recovery run", steps
    )


def long_run(
    minutes: float, thresholds: Thresholds, *, goal_pace: StepTarget | None = None
) -> SessionDraft:
    """Long easy run; with ``goal_pace``, the last fifth at goal pace (a specific long run)."""
    easy = run_target(Effort.EASY, thresholds)
    if goal_pace is None or minutes < 60:
        steps: tuple[SessionPart, ...] = (timed_step(StepKind.ACTIVE, minutes, easy),)
        return SessionDraft(Sport.RUNNING, SessionType.LONG_RUN, Intensity.EASY, "Long run", steps)
    finish_min = round(minutes / 5)
    steps = (
        timed_step(StepKind.ACTIVE, minutes - finish_min, easy),
        timed_step(StepKind.ACTIVE, finish_min, goal_pace, "goal pace"),
    )
    return SessionDraft(
        Sport.RUNNING,
        SessionType.LONG_RUN,
        Intensity.MODERATE,
        "Long run, last part at goal pace",
        steps,
    )


def tempo_run(tempo_min: float, thresholds: Thresholds) -> SessionDraft:
    """Continuous threshold running (Daniels' T pace), with warm-up and cool-down."""
    steps = (
        timed_step(StepKind.WARM_UP, WARM_UP_MIN, run_target(Effort.EASY, thresholds)),
        timed_step(StepKind.ACTIVE, tempo_min, run_target(Effort.THRESHOLD, thresholds)),
        timed_step(StepKind.COOL_DOWN, COOL_DOWN_MIN, run_target(Effort.EASY, thresholds)),
    )
    return SessionDraft(
        Sport.RUNNING, SessionType.TEMPO_RUN, Intensity.HARD, f"Tempo run {tempo_min:g} min", steps
    )


def interval_run(
    repeats: int,
    work_min: float,
    recovery_min: float,
    effort: Effort,
    thresholds: Thresholds,
    *,
    short: bool = False,
) -> SessionDraft:
    """Repeats at VO2max or threshold pace with jog recoveries (Daniels' I and cruise work).

    ``short``: a 10-minute warm-up and 5-minute cool-down, for low-volume (beginner) weeks."""
    warm_up_min, cool_down_min = (10, 5) if short else (WARM_UP_MIN, COOL_DOWN_MIN)
    work = run_target(effort, thresholds)
    jog = run_target(Effort.RECOVERY, thresholds)
    steps = (
        timed_step(StepKind.WARM_UP, warm_up_min, run_target(Effort.EASY, thresholds)),
        RepeatBlock(
            repeats,
            (
                timed_step(StepKind.ACTIVE, work_min, work),
                timed_step(StepKind.RECOVERY, recovery_min, jog),
            ),
        ),
        timed_step(StepKind.COOL_DOWN, cool_down_min, run_target(Effort.EASY, thresholds)),
    )
    title = f"Intervals {repeats} x {work_min:g} min"
    return SessionDraft(Sport.RUNNING, SessionType.INTERVALS_RUN, Intensity.HARD, title, steps)


def race(distance_km: float, pace: StepTarget, title: str) -> SessionDraft:
    assert pace.pace_s_per_km is not None
    minutes = round(distance_km * pace.pace_s_per_km / 60.0)
    steps = (timed_step(StepKind.ACTIVE, minutes, pace, "race"),)
    return SessionDraft(Sport.RUNNING, SessionType.RACE, Intensity.HARD, title, steps)


def easy_event(minutes: float, thresholds: Thresholds, title: str, note: str) -> SessionDraft:
    """The goal event taken at an easy, conversational effort (a light plan does not race)."""
    steps = (timed_step(StepKind.ACTIVE, minutes, run_target(Effort.EASY, thresholds), note),)
    return SessionDraft(Sport.RUNNING, SessionType.RACE, Intensity.EASY, title, steps, note=note)


def walk_run(
    rounds: int, run_min: float, walk_min: float, thresholds: Thresholds, note: str
) -> SessionDraft:
    """Return-to-run session: walking warm-up, run/walk rounds at an easy effort, walk down."""
    walk = run_target(Effort.WALK, thresholds)
    easy = run_target(Effort.RECOVERY, thresholds)
    middle: tuple[SessionPart, ...]
    if walk_min > 0:
        middle = (
            RepeatBlock(
                rounds,
                (
                    timed_step(StepKind.ACTIVE, run_min, easy),
                    timed_step(StepKind.WALK, walk_min, walk),
                ),
            ),
        )
    else:
        middle = (timed_step(StepKind.ACTIVE, run_min * rounds, easy),)
    steps = (
        timed_step(StepKind.WARM_UP, WALK_WARM_UP_MIN, walk, "brisk walk"),
        *middle,
        timed_step(StepKind.COOL_DOWN, WALK_WARM_UP_MIN, walk, "walk"),
    )
    title = (
        f"Walk-run {rounds} x ({run_min:g} min run, {walk_min:g} min walk)"
        if walk_min > 0
        else f"Continuous easy run {run_min * rounds:g} min"
    )
    return SessionDraft(
        Sport.RUNNING, SessionType.WALK_RUN, Intensity.EASY, title, steps, note=note
    )


def brisk_walk(minutes: float, thresholds: Thresholds) -> SessionDraft:
    steps = (timed_step(StepKind.ACTIVE, minutes, run_target(Effort.RECOVERY, thresholds)),)
    return SessionDraft(Sport.WALKING, SessionType.BRISK_WALK, Intensity.EASY, "Brisk walk", steps)


def endurance_ride(minutes: float, thresholds: Thresholds, *, long: bool = False) -> SessionDraft:
    steps = (timed_step(StepKind.ACTIVE, minutes, ride_target(Effort.EASY, thresholds)),)
    if long:
        return SessionDraft(
            Sport.CYCLING, SessionType.LONG_RIDE, Intensity.EASY, "Long endurance ride", steps
        )
    return SessionDraft(
        Sport.CYCLING, SessionType.ENDURANCE_RIDE, Intensity.EASY, "Endurance ride", steps
    )


def structured_ride(
    session_type: SessionType,
    effort: Effort,
    repeats: int,
    work_min: float,
    recovery_min: float,
    thresholds: Thresholds,
) -> SessionDraft:
    """Sweet-spot, threshold or VO2max intervals on the bike."""
    steps = (
        timed_step(StepKind.WARM_UP, WARM_UP_MIN, ride_target(Effort.EASY, thresholds)),
        RepeatBlock(
            repeats,
            (
                timed_step(StepKind.ACTIVE, work_min, ride_target(effort, thresholds)),
                timed_step(
                    StepKind.RECOVERY, recovery_min, ride_target(Effort.RECOVERY, thresholds)
                ),
            ),
        ),
        timed_step(StepKind.COOL_DOWN, COOL_DOWN_MIN, ride_target(Effort.EASY, thresholds)),
    )
    intensity = Intensity.MODERATE if effort is Effort.SWEET_SPOT else Intensity.HARD
    name = session_type.value.replace("-", " ").capitalize()
    title = f"{name} {repeats} x {work_min:g} min"
    return SessionDraft(Sport.CYCLING, session_type, intensity, title, steps)


def mobility(minutes: float) -> SessionDraft:
    return SessionDraft(
        Sport.YOGA,
        SessionType.MOBILITY,
        Intensity.EASY,
        "Mobility and stretching",
        effort_rpe=2.0,
        planned_min=minutes,
    )
