"""What the athlete asks for when creating a plan, with defaults for what they leave out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import RUNNING_RACE_GOALS, STRENGTH_GOALS, PlanGoal
from aicoach.errors import UserError
from aicoach.planning.cycling import RIDE_SPECS
from aicoach.planning.running import RACE_SPECS

MAX_PLAN_WEEKS = 52
DEFAULT_WEEKS: dict[PlanGoal, int] = {
    **{goal: spec.default_weeks for goal, spec in RACE_SPECS.items()},
    **{goal: spec.default_weeks for goal, spec in RIDE_SPECS.items()},
    PlanGoal.STRENGTH: 8,
    PlanGoal.HYPERTROPHY: 8,
    PlanGoal.MAX_STRENGTH: 8,
    PlanGoal.GENERAL_FITNESS: 8,
    PlanGoal.WEIGHT_LOSS: 12,
    PlanGoal.RETURN_TO_RUN: 8,
}
DEFAULT_DAY_MINUTES: dict[Weekday, float] = {
    **{day: 60.0 for day in Weekday},
    Weekday.SATURDAY: 120.0,
    Weekday.SUNDAY: 150.0,
}
"""When neither the request nor the profile says when the athlete can train."""
DEFAULT_SESSIONS: dict[PlanGoal, int] = {
    PlanGoal.FIVE_K: 3,
    PlanGoal.TEN_K: 4,
    PlanGoal.HALF_MARATHON: 4,
    PlanGoal.MARATHON: 5,
    PlanGoal.CYCLING_EVENT: 4,
    PlanGoal.FTP_BUILD: 4,
    PlanGoal.STRENGTH: 3,
    PlanGoal.HYPERTROPHY: 4,
    PlanGoal.MAX_STRENGTH: 3,
    PlanGoal.GENERAL_FITNESS: 3,
    PlanGoal.WEIGHT_LOSS: 5,
    PlanGoal.RETURN_TO_RUN: 3,
}


@dataclass(frozen=True, slots=True)
class PlanRequest:
    goal: PlanGoal
    start: date
    weeks: int | None = None
    event_date: date | None = None
    target_time_s: float | None = None
    days_per_week: int | None = None
    """Endurance sessions a week (strength sessions for strength goals)."""
    available_min: Mapping[Weekday, float] = field(default_factory=dict)
    long_day: Weekday | None = None
    equipment: tuple[str, ...] = ()
    current_pain_0_10: int | None = None
    aerobic_sport: Sport | None = None
    """For general fitness and weight loss: walking (default), running or cycling."""

    def week_count(self) -> int:
        if self.event_date is not None:
            if self.event_date <= self.start:
                raise UserError(
                    f"event date {self.event_date} must be after the plan start {self.start}"
                )
            monday = self.start - timedelta(days=self.start.weekday())
            weeks = (self.event_date - monday).days // 7 + 1
        else:
            weeks = self.weeks if self.weeks is not None else DEFAULT_WEEKS[self.goal]
        if not 1 <= weeks <= MAX_PLAN_WEEKS:
            raise UserError(f"a plan has 1 to {MAX_PLAN_WEEKS} weeks; this one would have {weeks}")
        return weeks

    def availability(self, profile: AthleteProfile) -> dict[Weekday, float]:
        chosen = self.available_min or profile.weekly_availability_min or DEFAULT_DAY_MINUTES
        minutes = {day: float(value) for day, value in chosen.items() if value > 0}
        if not minutes:
            raise UserError(
                "no day is available for training: give --available or set it in the profile"
            )
        return minutes

    def sessions_per_week(self, available_days: int) -> int:
        wanted = self.days_per_week or DEFAULT_SESSIONS[self.goal]
        if not 1 <= wanted <= 7:
            raise UserError(f"--days-per-week must be 1 to 7, not {wanted}")
        return max(1, min(wanted, available_days - (1 if available_days == 7 else 0)))

    @property
    def is_race(self) -> bool:
        return self.goal in RUNNING_RACE_GOALS

    @property
    def is_strength(self) -> bool:
        return self.goal in STRENGTH_GOALS
