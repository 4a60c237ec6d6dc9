"""Training plans: weeks of structured sessions with targets, as aicoach generates and checks them.

A plan is plain data. Its numbers (durations, distances, loads, targets) are computed by
``planning/`` from the athlete's thresholds; ``planning/check.py`` validates any plan, generated,
imported or edited, against the safety and structure rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from aicoach.domain.activity import Sport


class PlanGoal(StrEnum):
    FIVE_K = "5k"
    TEN_K = "10k"
    HALF_MARATHON = "half"
    MARATHON = "marathon"
    CYCLING_EVENT = "cycling-event"
    FTP_BUILD = "ftp"
    STRENGTH = "strength"
    HYPERTROPHY = "hypertrophy"
    MAX_STRENGTH = "max-strength"
    GENERAL_FITNESS = "general"
    WEIGHT_LOSS = "weight-loss"
    RETURN_TO_RUN = "return-to-run"


RUNNING_RACE_GOALS = frozenset(
    {PlanGoal.FIVE_K, PlanGoal.TEN_K, PlanGoal.HALF_MARATHON, PlanGoal.MARATHON}
)
STRENGTH_GOALS = frozenset({PlanGoal.STRENGTH, PlanGoal.HYPERTROPHY, PlanGoal.MAX_STRENGTH})


class Phase(StrEnum):
    """Periodisation phase of a week. ``return`` is a return-to-run stage block."""

    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RETURN = "return"


class Intensity(StrEnum):
    """How hard a session is as a whole; ``hard`` sessions are never on consecutive days."""

    REST = "rest"
    EASY = "easy"
    MODERATE = "moderate"
    HARD = "hard"


class SessionType(StrEnum):
    REST = "rest"
    EASY_RUN = "easy-run"
    RECOVERY_RUN = "recovery-run"
    LONG_RUN = "long-run"
    TEMPO_RUN = "tempo-run"
    INTERVALS_RUN = "intervals-run"
    HILL_REPEATS = "hill-repeats"
    WALK_RUN = "walk-run"
    RACE = "race"
    ENDURANCE_RIDE = "endurance-ride"
    LONG_RIDE = "long-ride"
    SWEET_SPOT_RIDE = "sweet-spot-ride"
    THRESHOLD_RIDE = "threshold-ride"
    VO2MAX_RIDE = "vo2max-ride"
    BRISK_WALK = "brisk-walk"
    STRENGTH = "strength"
    MOBILITY = "mobility"


LONG_SESSION_TYPES = frozenset({SessionType.LONG_RUN, SessionType.LONG_RIDE})


class StepKind(StrEnum):
    WARM_UP = "warm-up"
    ACTIVE = "active"
    RECOVERY = "recovery"
    COOL_DOWN = "cool-down"
    WALK = "walk"


class TargetKind(StrEnum):
    """What a step's target range is expressed in; the suffix of low/high follows it."""

    PACE_S_PER_KM = "pace_s_per_km"
    HEART_RATE_BPM = "heart_rate_bpm"
    POWER_W = "power_w"
    RPE_0_10 = "rpe_0_10"


@dataclass(frozen=True, slots=True)
class Target:
    """A range ``low``..``high`` in the unit of ``kind``; for pace, ``low`` is the faster end."""

    kind: TargetKind
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class Step:
    """One part of a session, timed (``duration_s``) or measured (``distance_m``)."""

    kind: StepKind
    duration_s: float
    distance_m: float | None = None
    target: Target | None = None
    intensity_factor: float | None = None
    """Intensity relative to threshold (Coggan IF) this step is planned at; drives its load."""
    note: str | None = None


@dataclass(frozen=True, slots=True)
class RepeatBlock:
    """``steps`` done ``times`` times in a row, e.g. 6 x (3 min hard, 2 min easy)."""

    times: int
    steps: tuple[Step, ...]

    @property
    def duration_s(self) -> float:
        return self.times * sum(step.duration_s for step in self.steps)


SessionPart = Step | RepeatBlock


@dataclass(frozen=True, slots=True)
class ExercisePrescription:
    """A strength exercise in a session: sets x reps at a load (%1RM) or an effort (RIR)."""

    exercise_id: str
    name: str
    primary_muscles: tuple[str, ...]
    sets: int
    reps: int
    load_pct_1rm: float | None = None
    reps_in_reserve: int | None = None
    rest_s: int = 90
    equipment: str | None = None
    cue: str | None = None


class SessionStatus(StrEnum):
    PLANNED = "planned"
    DONE = "done"
    MISSED = "missed"
    ADAPTED = "adapted"


@dataclass(frozen=True, slots=True)
class PlannedSession:
    """One session on one local day. ``load`` is in TSS units (the engine's load currency)."""

    day: date
    sport: Sport
    session_type: SessionType
    intensity: Intensity
    duration_min: float
    load: float
    distance_km: float | None = None
    title: str = ""
    steps: tuple[SessionPart, ...] = ()
    exercises: tuple[ExercisePrescription, ...] = ()
    status: SessionStatus = SessionStatus.PLANNED
    note: str | None = None

    @property
    def is_hard(self) -> bool:
        """Hard for scheduling and checking: hard intensity, or a long run/ride."""
        return self.intensity is Intensity.HARD or self.session_type in LONG_SESSION_TYPES


@dataclass(frozen=True, slots=True)
class PlanWeek:
    """Seven days from ``start`` (a Monday). ``planned_load`` must equal the sessions' sum."""

    index: int
    start: date
    phase: Phase
    planned_load: float
    sessions: tuple[PlannedSession, ...]
    easier: bool = False
    """A planned easier (recovery) week inside a block."""


@dataclass(frozen=True, slots=True)
class PlanChange:
    """One change made by adaptation, explained in one sentence."""

    day: date
    sentence: str


@dataclass(frozen=True, slots=True)
class Plan:
    goal: PlanGoal
    start: date
    weeks: tuple[PlanWeek, ...]
    event_date: date | None = None
    target_time_s: float | None = None
    light: bool = False
    """Made lighter after screening (no hard sessions); see ``warnings`` for why."""
    warnings: tuple[str, ...] = ()
    changes: tuple[PlanChange, ...] = field(default=())

    @property
    def sessions(self) -> list[PlannedSession]:
        return [session for week in self.weeks for session in week.sessions]

    @property
    def end(self) -> date:
        """The last day of the last week."""
        return self.weeks[-1].start + timedelta(days=6) if self.weeks else self.start
