"""Inputs and output of weekly scheduling: what to place, when the athlete can train, the result.

The scheduler itself is ``planning/scheduling.py``; these values are plain data so that plan
generation, adaptation and the coach's tools can build and read them without OR-Tools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from aicoach.domain.athlete import Weekday

WEEK_DAYS: tuple[Weekday, ...] = tuple(Weekday)
"""Monday to Sunday, the order in which days are numbered 0..6."""


class DemandKind(StrEnum):
    ENDURANCE = "endurance"
    STRENGTH = "strength"
    MOBILITY = "mobility"


@dataclass(frozen=True, slots=True)
class SessionDemand:
    """One session to place in the week; ``key`` is the caller's id, echoed in the result.

    ``long`` sessions count as hard for spacing, as ``PlannedSession.is_hard`` does. ``muscles``
    (strength only) decide the 48 h spacing: two strength sessions sharing a muscle are at least
    two days apart. ``fixed_day`` pins a session (a race, a club ride).
    """

    key: str
    kind: DemandKind
    duration_min: float
    hard: bool = False
    long: bool = False
    muscles: frozenset[str] = frozenset()
    fixed_day: Weekday | None = None

    @property
    def is_hard(self) -> bool:
        """Hard for spacing: a hard session or a long one."""
        return self.hard or self.long

    @property
    def breaks_rest(self) -> bool:
        """Endurance and strength make a day a training day; mobility keeps it a rest day."""
        return self.kind is not DemandKind.MOBILITY


@dataclass(frozen=True, slots=True)
class WeekAvailability:
    """When the athlete can train in the week to schedule.

    ``minutes_by_day`` gives the minutes free per day; a missing day or 0 minutes means the day
    is unavailable. ``min_rest_days`` of ``None`` uses ``ProgressionLimits.rest_days_per_week_min``.
    """

    minutes_by_day: Mapping[Weekday, float]
    long_day: Weekday | None = None
    """Preferred day for the long session (a soft preference)."""
    previous_week_last_day_hard: bool = False
    """Last week's Sunday was hard, so this Monday may not be."""
    previous_week_last_day_muscles: frozenset[str] = frozenset()
    """Muscles trained last Sunday: no strength session sharing one on Monday (48 h)."""
    min_rest_days: int | None = None
    max_sessions_per_day: int = 2

    def minutes_on(self, day: Weekday) -> float:
        """Free minutes on ``day``; 0 when the day is unavailable."""
        return max(self.minutes_by_day.get(day, 0.0), 0.0)

    def is_available(self, day: Weekday) -> bool:
        return self.minutes_on(day) > 0

    def available_days(self) -> tuple[Weekday, ...]:
        return tuple(day for day in WEEK_DAYS if self.is_available(day))

    def with_minutes(self, day: Weekday, minutes: float) -> WeekAvailability:
        """A copy with ``day`` set to ``minutes`` (used to test relaxations)."""
        minutes_by_day = dict(self.minutes_by_day)
        minutes_by_day[day] = minutes
        return WeekAvailability(
            minutes_by_day=minutes_by_day,
            long_day=self.long_day,
            previous_week_last_day_hard=self.previous_week_last_day_hard,
            previous_week_last_day_muscles=self.previous_week_last_day_muscles,
            min_rest_days=self.min_rest_days,
            max_sessions_per_day=self.max_sessions_per_day,
        )


@dataclass(frozen=True, slots=True)
class WeekSchedule:
    """The day chosen for each demand, and the soft preferences the schedule could not meet."""

    day_by_key: Mapping[str, Weekday]
    notes: tuple[str, ...] = field(default=())
    """One sentence per unmet preference, e.g. the long run not on the preferred day."""

    def keys_on(self, day: Weekday) -> tuple[str, ...]:
        """The demand keys placed on ``day``, in the order the demands were given."""
        return tuple(key for key, placed in self.day_by_key.items() if placed is day)
