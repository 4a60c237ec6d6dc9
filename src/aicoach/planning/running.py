"""A running week for a race goal: one long run, quality sessions by phase, easy runs.

Quality work follows Daniels (*Daniels' Running Formula*, 2013): VO2max intervals (I pace,
3-5 min repeats, jog recoveries about as long) and threshold running (T pace, 20 min
continuous or cruise intervals) for 5K-10K; threshold and marathon-pace work for the half and
the marathon. Base weeks are easy with strides; the long run is about 30 % of the week.
"""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.domain.plan import PlanGoal
from aicoach.planning.rules import DEFAULT_RULES, ProgressionLimits
from aicoach.planning.targets import Effort
from aicoach.planning.week_context import WeekContext
from aicoach.planning.workouts import (
    SessionDraft,
    easy_run,
    interval_run,
    long_run,
    low_intensity_share,
    tempo_run,
)

POLARISED_MARGIN = 0.01
LOW_VOLUME_MIN = 150.0
"""Below 150 running minutes a week, quality sessions are short (a beginner's week)."""
EASY_RUN_MIN_MIN = 15.0
"""An easy run shorter than 15 minutes is not worth the trip; fewer runs instead."""


@dataclass(frozen=True, slots=True)
class RaceSpec:
    distance_km: float
    default_weeks: int
    peak_min_per_week: float
    """Volume the plan aims for at its peak (minutes of running)."""
    long_run_cap_min: float
    beginner_min_per_week: float


RACE_SPECS: dict[PlanGoal, RaceSpec] = {
    PlanGoal.FIVE_K: RaceSpec(5.0, 8, 180.0, 70.0, 60.0),
    PlanGoal.TEN_K: RaceSpec(10.0, 10, 220.0, 90.0, 75.0),
    PlanGoal.HALF_MARATHON: RaceSpec(21.0975, 12, 280.0, 130.0, 90.0),
    PlanGoal.MARATHON: RaceSpec(42.195, 16, 360.0, 180.0, 120.0),
}


def long_run_share(runs: int) -> float:
    if runs >= 4:
        return 0.30
    if runs == 3:
        return 0.38
    return 0.45


def running_week(
    goal: PlanGoal, week: WeekContext, rules: ProgressionLimits = DEFAULT_RULES.progression
) -> list[SessionDraft]:
    """The week's runs (without days), fitting the volume, the long-run cap and the polarised
    share: goal-pace work in the long run goes first, then quality sessions, until at least
    ``easy_time_share_min`` of the time is easy."""
    quality = [
        session
        for slot in range(week.quality_sessions())
        if (session := _quality_session(goal, week, slot)).duration_min <= week.long_cap_min
    ]
    specific = week.goal_pace is not None
    while True:
        drafts = _compose(week, quality, specific=specific)
        if low_intensity_share(drafts, rules.easy_intensity_factor_max) >= (
            rules.easy_time_share_min + POLARISED_MARGIN
        ):
            return drafts
        if specific:
            specific = False
        elif quality:
            quality.pop()
        else:
            return drafts


def _compose(
    week: WeekContext, quality: list[SessionDraft], *, specific: bool
) -> list[SessionDraft]:
    runs = max(1, week.sessions)
    long_min = _long_run_min(week, runs)
    quality = list(quality)
    while True:
        easy_count = runs - 1 - len(quality)
        remaining = week.volume_min - long_min - sum(q.duration_min for q in quality)
        if easy_count <= 0 or remaining / easy_count >= EASY_RUN_MIN_MIN or not quality:
            break
        quality.pop()
    drafts: list[SessionDraft] = [_long_run(week, long_min, specific)] if runs >= 2 else []
    drafts.extend(quality)
    easy_min = remaining / easy_count if easy_count > 0 else 0.0
    if easy_count > 0 and easy_min < EASY_RUN_MIN_MIN:
        easy_count = max(0, int(remaining // EASY_RUN_MIN_MIN))
        easy_min = remaining / easy_count if easy_count else 0.0
    easy_min = min(round(easy_min), round(long_min))
    for slot in range(easy_count):
        strides = slot == 0 and not week.light and week.phase.value in {"base", "build"}
        drafts.append(easy_run(easy_min, week.thresholds, strides=strides))
    if runs == 1:
        drafts.append(easy_run(round(min(week.volume_min, week.long_cap_min)), week.thresholds))
    return drafts


def _long_run_min(week: WeekContext, runs: int) -> float:
    wanted = week.volume_min * long_run_share(runs)
    return float(round(max(EASY_RUN_MIN_MIN, min(wanted, week.long_cap_min))))


def _long_run(week: WeekContext, minutes: float, specific: bool) -> SessionDraft:
    in_phase = week.phase.value in {"build", "peak"} and not week.light
    goal_pace = week.goal_pace if specific and in_phase else None
    return long_run(minutes, week.thresholds, goal_pace=goal_pace)


def _quality_session(goal: PlanGoal, week: WeekContext, slot: int) -> SessionDraft:
    step = round(week.progress * 2)
    short_race = goal in {PlanGoal.FIVE_K, PlanGoal.TEN_K}
    if week.volume_min < LOW_VOLUME_MIN:
        effort = Effort.VO2MAX if short_race else Effort.THRESHOLD
        return interval_run(4 + step, 2.0, 2.0, effort, week.thresholds, short=True)
    if week.phase.value == "taper":
        return interval_run(
            4, 3, 2, Effort.VO2MAX if short_race else Effort.THRESHOLD, week.thresholds
        )
    if short_race and (slot + week.shape.index) % 2 == 0:
        work_min = 3.0 if goal is PlanGoal.FIVE_K else 4.0
        return interval_run(4 + step, work_min, 2.0, Effort.VO2MAX, week.thresholds)
    if (slot + week.shape.index) % 2 == 0:
        return interval_run(3 + step, 8, 2, Effort.THRESHOLD, week.thresholds)
    return tempo_run(20 + 5 * step, week.thresholds)
