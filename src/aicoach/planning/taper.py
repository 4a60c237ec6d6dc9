"""The taper measured over days: the days up to an event against the biggest earlier week.

A taper is the last days before a competition, with training volume cut while intensity is
kept (Mujika & Padilla 2003, Med Sci Sports Exerc 35:1182); Bosquet et al. 2007 (Med Sci Sports
Exerc 39:1358) found the largest gains with about two weeks and a volume cut of 41-60 %. Counted
over the days before the event, not over calendar weeks, the cut does not depend on the weekday
of the event: the window is the ``taper_days`` days ending on the event day (races excluded by
the caller), and the reference is the biggest plan week that began before the window, scaled
to the window's length: ``cut = 1 - taper_min / (biggest_week_min * taper_days / 7)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

DAYS_PER_WEEK = 7


@dataclass(frozen=True, slots=True)
class WeekMinutes:
    """A plan week's number, first day and minutes."""

    index: int
    start: date
    minutes: float


@dataclass(frozen=True, slots=True)
class TaperMeasure:
    """The taper window's minutes and the biggest week before it."""

    first_day: date
    event_day: date
    taper_min: float
    """Minutes in the window, ``first_day`` to ``event_day``."""
    reference: WeekMinutes
    """The biggest week that began before ``first_day``."""

    @property
    def days(self) -> int:
        return (self.event_day - self.first_day).days + 1

    @property
    def reference_min(self) -> float:
        """The biggest week's minutes for as many days as the window has."""
        return self.reference.minutes * self.days / DAYS_PER_WEEK

    @property
    def cut(self) -> float:
        """The fraction by which the window holds less than the reference."""
        return 1.0 - self.taper_min / self.reference_min


def taper_first_day(event_day: date, taper_days: int) -> date:
    """The first day of the ``taper_days`` days that end on ``event_day``."""
    return event_day - timedelta(days=taper_days - 1)


def minutes_by_day(sessions: Iterable[tuple[date, float]]) -> dict[date, float]:
    """Each day's total of ``(day, minutes)`` pairs."""
    totals: dict[date, float] = {}
    for day, minutes in sessions:
        totals[day] = totals.get(day, 0.0) + minutes
    return totals


def biggest_week_before(weeks: Iterable[WeekMinutes], first_day: date) -> WeekMinutes | None:
    """The week with the most minutes (the first of equals) among those that began before
    ``first_day``; ``None`` when none did or none has minutes."""
    earlier = [week for week in weeks if week.start < first_day]
    biggest = max(earlier, key=lambda week: week.minutes, default=None)
    return biggest if biggest is not None and biggest.minutes > 0 else None


def measure_taper(
    weeks: Iterable[WeekMinutes], day_minutes: Mapping[date, float], event_day: date, days: int
) -> TaperMeasure | None:
    """The taper of the ``days`` days ending on ``event_day``, by ``day_minutes``, against the
    biggest of ``weeks`` before it; ``None`` without an earlier week that has minutes."""
    first = taper_first_day(event_day, days)
    reference = biggest_week_before(weeks, first)
    if reference is None:
        return None
    taper_min = sum(value for day, value in day_minutes.items() if first <= day <= event_day)
    return TaperMeasure(first, event_day, taper_min, reference)
