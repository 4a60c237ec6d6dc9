"""Phases of a plan and the weekly volume curve under the progression limits.

Phases follow the classic linear model (Bompa & Haff, *Periodization*, 2009): base (aerobic
volume), build (specific intensity), peak (race-specific work) and a taper over the 14 days
before an event (the calendar weeks they reach into; one week in plans under 8 weeks), with an
easier week after at most three building weeks. Volume grows week on week by at most
``WEEKLY_GROWTH`` and is capped so the two-week rule (DESIGN.md,
``ProgressionLimits.two_week_growth_max``) holds against the actual weeks before, including the
athlete's own recent weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from aicoach.domain.plan import Phase
from aicoach.planning.rules import ProgressionLimits

WEEKLY_GROWTH = 1.10
"""Build weeks grow volume by at most 10 % on the week before (1.1^2 = 1.21 over two weeks)."""
EASIER_WEEK_FRACTION = 0.75
"""An easier week keeps 75 % of the volume of the week before it."""
TWO_WEEK_MARGIN = 0.02
"""Stay 2 points under the two-week cap so rounding never crosses it."""
TAPER_FRACTIONS = {3: (0.62, 0.50, 0.40), 2: (0.62, 0.45), 1: (0.50,)}
"""First estimate of the taper weeks' volume relative to the biggest week: -38 % then -55 %
(mean -46 %), or -50 % for a one-week taper, inside Bosquet et al.'s (2007) 41-60 % reduction.
The generator sizes an event's taper again from the days before it (``planning/taper.py``)."""
TAPER_WEEK_DAYS_MIN = 3
"""A week holding 3+ of the taper's days is a taper week; with fewer (a Friday or Saturday
event reaches only the weekend two weeks before), it stays a training week."""


@dataclass(frozen=True, slots=True)
class WeekShape:
    index: int
    start: date
    phase: Phase
    easier: bool


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def taper_week_count(weeks: int, event_day: date | None, taper_days: int = 14) -> int:
    """Calendar weeks in the taper: none without an event, one in plans under 8 weeks, else
    the weeks that the ``taper_days`` days up to the event reach into, less the first of them
    when it holds under ``TAPER_WEEK_DAYS_MIN`` of those days (its weekend at most)."""
    if event_day is None or weeks < 4:
        return 0
    if weeks < 8:
        return 1
    first_day = event_day - timedelta(days=taper_days - 1)
    reached = (monday_of(event_day) - monday_of(first_day)).days // 7 + 1
    days_in_first = 7 - first_day.weekday()
    return min(weeks - 1, reached - (1 if days_in_first < TAPER_WEEK_DAYS_MIN else 0))


def plan_shape(
    start: date, weeks: int, *, event_day: date | None, return_to_run: bool
) -> list[WeekShape]:
    """Phase and easier-week flag of every week, from the Monday of ``start``'s week."""
    taper = taper_week_count(weeks, event_day)
    building = weeks - taper
    phases = _building_phases(building, return_to_run) + [Phase.TAPER] * taper
    easier = ([False] * building if return_to_run else _easier_weeks(building)) + [False] * taper
    first_monday = monday_of(start)
    return [
        WeekShape(index + 1, first_monday + timedelta(weeks=index), phases[index], easier[index])
        for index in range(weeks)
    ]


def _building_phases(weeks: int, return_to_run: bool) -> list[Phase]:
    if return_to_run:
        return [Phase.RETURN] * weeks
    if weeks <= 2:
        return [Phase.BASE] * weeks
    peak = 1 if weeks < 8 else 2
    base = max(1, round((weeks - peak) * 0.45))
    return [Phase.BASE] * base + [Phase.BUILD] * (weeks - peak - base) + [Phase.PEAK] * peak


def _easier_weeks(weeks: int) -> list[bool]:
    """Every 4th week easier; the last building week is never the easier one (it is the peak)."""
    flags = [(index + 1) % 4 == 0 for index in range(weeks)]
    if weeks >= 5 and flags[-1]:
        flags[-1] = False
        flags[-2] = True
    return flags


def weekly_volumes_min(
    shapes: Sequence[WeekShape],
    start_min: float,
    peak_min: float,
    history_min: Sequence[float],
    limits: ProgressionLimits,
) -> list[float]:
    """Planned endurance minutes per week.

    ``start_min`` is the first week's volume, ``peak_min`` the most any week may reach and
    ``history_min`` the athlete's last weeks (oldest first) that the two-week rule looks back on.
    """
    volumes: list[float] = []
    biggest = 0.0
    taper_index = 0
    taper_count = sum(1 for shape in shapes if shape.phase is Phase.TAPER)
    for shape in shapes:
        before = [*history_min, *volumes]
        if shape.phase is Phase.TAPER:
            fraction = TAPER_FRACTIONS.get(taper_count, (0.5,) * taper_count)[taper_index]
            taper_index += 1
            volumes.append(round(biggest * fraction))
            continue
        if not volumes:
            wanted = start_min
        elif shape.easier:
            wanted = volumes[-1] * EASIER_WEEK_FRACTION
        else:
            last_building = _last_building_volume(volumes, shapes)
            wanted = last_building * WEEKLY_GROWTH
        volume = min(wanted, peak_min, two_week_cap_min(before, limits))
        volumes.append(round(max(volume, 0.0)))
        biggest = max(biggest, volumes[-1])
    return volumes


def _last_building_volume(volumes: list[float], shapes: Sequence[WeekShape]) -> float:
    """Volume of the latest week that was not an easier one (growth resumes from there)."""
    for volume, shape in zip(reversed(volumes), reversed(shapes[: len(volumes)]), strict=True):
        if not shape.easier:
            return volume
    return volumes[-1]


def two_week_cap_min(
    before: Sequence[float],
    limits: ProgressionLimits,
    *,
    look_ahead: bool = True,
    next_week_min: float = 0.0,
) -> float:
    """Most this week may hold so that it and the last week stay within the two-week growth,
    and, with ``look_ahead`` (every week but a plan's last), so that next week can hold as much
    again and at least ``next_week_min`` (a race): the fortnight after this one is measured
    against last week plus this one."""
    growth = 1.0 + limits.two_week_growth_max - TWO_WEEK_MARGIN
    cap = float("inf")
    if len(before) >= 3 and (reference := before[-3] + before[-2]) >= (
        limits.two_week_reference_min_minutes
    ):
        cap = reference * growth - before[-1]
    if (
        look_ahead
        and len(before) >= 2
        and (next_reference := before[-2] + before[-1]) >= (limits.two_week_reference_min_minutes)
    ):
        cap = min(cap, next_reference * growth / 2.0, next_reference * growth - next_week_min)
    return max(0.0, cap)
