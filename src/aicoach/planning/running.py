"""A running week for a race goal: one long run, quality sessions by phase, easy runs.

Quality work follows Daniels (*Daniels' Running Formula*, 2013): VO2max intervals (I pace,
3-5 min repeats, jog recoveries about as long) and threshold running (T pace, 20 min
continuous or cruise intervals) for 5K-10K; threshold and marathon-pace work for the half and
the marathon. Base weeks are easy with strides; the long run is about 30 % of the week.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from aicoach.domain.plan import Phase, PlanGoal
from aicoach.planning.rules import DEFAULT_RULES, ProgressionLimits
from aicoach.planning.targets import Effort
from aicoach.planning.week_context import WeekContext
from aicoach.planning.workouts import (
    MIN_REPEATS,
    SessionDraft,
    easy_run,
    interval_run,
    long_run,
    low_intensity_share,
    most_repeats_that_fit,
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
    """Volume a beginner starts from; also the least a week must be able to hold."""
    min_days: int = 2
    """Training days a week the goal needs at the least."""


RACE_SPECS: dict[PlanGoal, RaceSpec] = {
    PlanGoal.FIVE_K: RaceSpec(5.0, 8, 180.0, 70.0, 60.0),
    PlanGoal.TEN_K: RaceSpec(10.0, 10, 220.0, 90.0, 75.0),
    PlanGoal.HALF_MARATHON: RaceSpec(21.0975, 12, 280.0, 130.0, 90.0, min_days=3),
    PlanGoal.MARATHON: RaceSpec(42.195, 16, 360.0, 180.0, 120.0, min_days=3),
}


def long_run_share(runs: int) -> float:
    if runs >= 4:
        return 0.30
    if runs == 3:
        return 0.38
    return 0.45


@dataclass(frozen=True, slots=True)
class QualityOption:
    """A quality session that can shrink: ``build(n)`` with at most ``repeats`` repeats."""

    build: Callable[[int], SessionDraft]
    repeats: int

    def longest_within(self, fits: Callable[[float], bool]) -> SessionDraft | None:
        return most_repeats_that_fit(self.build, self.repeats, fits)


def running_week(
    goal: PlanGoal, week: WeekContext, rules: ProgressionLimits = DEFAULT_RULES.progression
) -> list[SessionDraft]:
    """The week's runs (without days), fitting the volume, the long-run cap and the polarised
    share: goal-pace work in the long run goes first, then quality sessions, until at least
    ``easy_time_share_min`` of the time is easy."""
    slots = week.quality_sessions()
    if week.volume_min < LOW_VOLUME_MIN:
        slots = min(slots, 1)  # a beginner's week: one short quality session at most
    quality = [_quality_option(goal, week, slot) for slot in range(slots)]
    specific = week.goal_pace is not None
    while True:
        drafts = _compose(week, quality, rules, specific=specific)
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


def race_week_runs(week: WeekContext) -> list[SessionDraft]:
    """The runs on the days before the race: ``week.sessions`` easy runs sharing
    ``week.volume_min`` (fewer when they would be under ``EASY_RUN_MIN_MIN``), the first with
    strides to stay sharp. The race itself keeps the week's intensity."""
    runs = min(week.sessions, int(week.volume_min // EASY_RUN_MIN_MIN))
    if runs <= 0:
        return []
    each_min = min(round(week.volume_min / runs), week.session_cap_min, week.long_cap_min)
    strides = not week.light
    return [
        easy_run(each_min, week.thresholds, strides=strides and slot == 0) for slot in range(runs)
    ]


def _compose(
    week: WeekContext,
    quality: list[QualityOption],
    rules: ProgressionLimits,
    *,
    specific: bool,
) -> list[SessionDraft]:
    """The week's runs; when easy runs had to go (too short to be worth it), the long run is
    sized again for the runs that are left, so its share of the week stays in bounds."""
    runs = max(1, week.sessions)
    while True:
        drafts = _compose_runs(week, quality, runs, specific=specific)
        if len(drafts) >= runs or runs == 1:
            return _long_run_within_share(week, drafts, rules, specific=specific)
        runs = len(drafts)


def _compose_runs(
    week: WeekContext, options: list[QualityOption], runs: int, *, specific: bool
) -> list[SessionDraft]:
    """A long run, then each quality session with as many repeats as the day and the week's
    remaining minutes hold (in a two-run week outside the taper, no longer than the long run,
    which keeps the longest run within half the week), then easy runs of at least
    ``EASY_RUN_MIN_MIN`` with the rest. In a taper the long run leaves room for the shortest
    quality session, which keeps the intensity (Mujika & Padilla 2003)."""
    taper = week.phase is Phase.TAPER
    long_min = _long_run_min(week, runs)
    if taper and runs >= 2 and options:
        shortest_min = options[0].build(MIN_REPEATS).duration_min
        long_min = max(EASY_RUN_MIN_MIN, min(long_min, math.floor(week.volume_min - shortest_min)))
    remaining = week.volume_min - long_min if runs >= 2 else week.volume_min
    quality: list[SessionDraft] = []
    for option in options[: max(0, runs - 1)]:
        # the long-run share is not held in a taper
        budget = min(remaining, long_min) if runs == 2 and not taper else remaining
        session = option.longest_within(partial(_fits_week, week, budget))
        if session is None:
            break
        quality.append(session)
        remaining -= session.duration_min
    easy_count = runs - 1 - len(quality)
    drafts: list[SessionDraft] = [_long_run(week, long_min, specific)] if runs >= 2 else []
    drafts.extend(quality)
    easy_min = remaining / easy_count if easy_count > 0 else 0.0
    if easy_count > 0 and easy_min < EASY_RUN_MIN_MIN:
        easy_count = max(0, int(remaining // EASY_RUN_MIN_MIN))
        easy_min = remaining / easy_count if easy_count else 0.0
    easy_min = min(round(easy_min), round(long_min), week.session_cap_min)
    for slot in range(easy_count):
        strides = slot == 0 and not week.light and week.phase.value in {"base", "build"}
        drafts.append(easy_run(easy_min, week.thresholds, strides=strides))
    only_min = round(min(week.volume_min, week.long_cap_min, week.session_cap_min))
    if runs == 1 and not quality and only_min >= EASY_RUN_MIN_MIN:
        drafts.append(easy_run(only_min, week.thresholds))
    return [d for d in drafts if d.duration_min >= 1]


def _fits_week(week: WeekContext, budget_min: float, minutes: float) -> bool:
    return week.fits(minutes) and minutes <= budget_min


def _long_run_within_share(
    week: WeekContext, drafts: list[SessionDraft], rules: ProgressionLimits, *, specific: bool
) -> list[SessionDraft]:
    """Shorten the long run when the runs left make it too big a share of the week (not in a
    taper, where the share is not held)."""
    long = [d for d in drafts if d.session_type.value == "long-run"]
    if not long or week.phase is Phase.TAPER:
        return drafts
    others_min = sum(d.duration_min for d in drafts if d is not long[0])
    share_max = rules.long_run_share_max if len(drafts) >= 4 else rules.long_run_share_max_few_runs
    most_min = math.floor(others_min * share_max / (1.0 - share_max))
    if long[0].duration_min <= most_min or most_min < EASY_RUN_MIN_MIN:
        return drafts
    shorter = _long_run(week, most_min, specific)
    return [shorter if d is long[0] else d for d in drafts]


def _long_run_min(week: WeekContext, runs: int) -> float:
    wanted = week.volume_min * long_run_share(runs)
    return float(round(max(EASY_RUN_MIN_MIN, min(wanted, week.long_cap_min))))


def _long_run(week: WeekContext, minutes: float, specific: bool) -> SessionDraft:
    in_phase = week.phase.value in {"build", "peak"} and not week.light
    goal_pace = week.goal_pace if specific and in_phase else None
    return long_run(minutes, week.thresholds, goal_pace=goal_pace)


def _quality_option(goal: PlanGoal, week: WeekContext, slot: int) -> QualityOption:
    """The slot's quality session by goal, phase and volume; it shrinks down to two repeats
    (or 10 minutes of tempo) to fit the day and the week."""
    step = round(week.progress * 2)
    short_race = goal in {PlanGoal.FIVE_K, PlanGoal.TEN_K}
    thresholds = week.thresholds
    build: Callable[[int], SessionDraft]
    if week.volume_min < LOW_VOLUME_MIN and week.phase is Phase.TAPER:
        effort = Effort.VO2MAX if short_race else Effort.THRESHOLD
        reps = 6  # short reps keep the intensity in a small taper week: 19-27 min in all

        def build(n: int) -> SessionDraft:
            return interval_run(n, 1.0, 1.0, effort, thresholds, short=True)

    elif week.volume_min < LOW_VOLUME_MIN:
        effort = Effort.VO2MAX if short_race else Effort.THRESHOLD
        reps = 4 + step

        def build(n: int) -> SessionDraft:
            return interval_run(n, 2.0, 2.0, effort, thresholds, short=True)

    elif week.phase is Phase.TAPER:
        effort = Effort.VO2MAX if short_race else Effort.THRESHOLD
        reps = 4

        def build(n: int) -> SessionDraft:
            return interval_run(n, 3, 2, effort, thresholds)

    elif short_race and (slot + week.shape.index) % 2 == 0:
        work_min = 3.0 if goal is PlanGoal.FIVE_K else 4.0
        reps = 4 + step

        def build(n: int) -> SessionDraft:
            return interval_run(n, work_min, 2.0, Effort.VO2MAX, thresholds)

    elif (slot + week.shape.index) % 2 == 0:
        reps = 3 + step

        def build(n: int) -> SessionDraft:
            return interval_run(n, 8, 2, Effort.THRESHOLD, thresholds)

    else:
        reps = 4 + step  # tempo in 5-minute blocks: 20, 25, 30 min

        def build(n: int) -> SessionDraft:
            return tempo_run(5 * n, thresholds)

    return QualityOption(build, reps)
