"""A cycling week: long endurance ride, structured intervals by phase, endurance rides.

FTP builds follow the sweet-spot then threshold then VO2max progression (Allen & Coggan,
*Training and Racing with a Power Meter*, 2010): 2-3 x 10-20 min at 88-94 % FTP in base and
build, 3-4 x 8-12 min at 95-105 % FTP and 4-6 x 3-4 min at 106-120 % FTP toward the peak.
An event plan keeps more endurance volume and one long ride growing toward the event's length.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aicoach.domain.plan import Phase, PlanGoal, SessionType
from aicoach.planning.targets import Effort
from aicoach.planning.week_context import WeekContext
from aicoach.planning.workouts import (
    SessionDraft,
    endurance_ride,
    most_repeats_that_fit,
    structured_ride,
)

ENDURANCE_RIDE_MIN_MIN = 30.0


@dataclass(frozen=True, slots=True)
class RideSpec:
    default_weeks: int
    peak_min_per_week: float
    long_ride_cap_min: float
    beginner_min_per_week: float
    """Volume a beginner starts from; also the least a week must be able to hold."""
    min_days: int = 2
    """Training days a week the goal needs at the least."""


RIDE_SPECS: dict[PlanGoal, RideSpec] = {
    PlanGoal.CYCLING_EVENT: RideSpec(12, 480.0, 240.0, 150.0),
    PlanGoal.FTP_BUILD: RideSpec(8, 360.0, 150.0, 150.0),
}


def cycling_week(goal: PlanGoal, week: WeekContext) -> list[SessionDraft]:
    rides = max(1, week.sessions)
    share = 1.0 if rides == 1 else 0.40 if rides >= 4 else 0.45
    wanted = max(ENDURANCE_RIDE_MIN_MIN, week.volume_min * share)
    long_min = round(min(wanted, week.long_cap_min, week.volume_min))
    if long_min < 1:
        return []
    quality = [
        ride
        for slot in range(week.quality_sessions())
        if (ride := _interval_ride(goal, week, slot)) is not None
    ]
    while True:
        easy_count = rides - 1 - len(quality)
        remaining = week.volume_min - long_min - sum(q.duration_min for q in quality)
        if easy_count <= 0 or remaining / easy_count >= ENDURANCE_RIDE_MIN_MIN or not quality:
            break
        quality.pop()
    drafts = [endurance_ride(long_min, week.thresholds, long=True), *quality]
    if easy_count > 0:
        count = min(easy_count, max(0, int(remaining // ENDURANCE_RIDE_MIN_MIN)))
        for _ in range(count):
            minutes = min(round(remaining / count), long_min, week.session_cap_min)
            drafts.append(endurance_ride(minutes, week.thresholds))
    return drafts


def _interval_ride(goal: PlanGoal, week: WeekContext, slot: int) -> SessionDraft | None:
    """The slot's interval ride with as many repeats as the week's days can hold (at least
    two), or ``None`` when even that does not fit."""
    step = round(week.progress * 2)
    thresholds = week.thresholds
    late = week.phase is Phase.PEAK or (goal is PlanGoal.FTP_BUILD and week.progress > 0.5)
    build: Callable[[int], SessionDraft]
    if week.phase is Phase.TAPER:
        reps = 3

        def build(n: int) -> SessionDraft:
            return structured_ride(
                SessionType.THRESHOLD_RIDE, Effort.THRESHOLD, n, 5, 5, thresholds
            )

    elif slot == 1 or (late and (week.shape.index % 2 == 0)):
        reps = 4 + step

        def build(n: int) -> SessionDraft:
            return structured_ride(SessionType.VO2MAX_RIDE, Effort.VO2MAX, n, 3, 3, thresholds)

    elif late:
        reps = 3

        def build(n: int) -> SessionDraft:
            return structured_ride(
                SessionType.THRESHOLD_RIDE, Effort.THRESHOLD, n, 8 + 2 * step, 4, thresholds
            )

    else:
        reps = 2 + (step > 0)

        def build(n: int) -> SessionDraft:
            return structured_ride(
                SessionType.SWEET_SPOT_RIDE, Effort.SWEET_SPOT, n, 10 + 5 * step, 5, thresholds
            )

    return most_repeats_that_fit(build, reps, week.fits)
