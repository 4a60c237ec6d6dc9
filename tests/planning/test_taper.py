"""The taper counted over the days up to an event, and the taper weeks of a plan's shape."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from aicoach.domain.plan import Phase
from aicoach.planning.periodisation import plan_shape, taper_week_count
from aicoach.planning.taper import (
    WeekMinutes,
    biggest_week_before,
    measure_taper,
    minutes_by_day,
    taper_first_day,
)

MONDAY = date(2024, 3, 4)


def on(week: int, weekday: int) -> date:
    return MONDAY + timedelta(days=7 * (week - 1) + weekday)


WEEKS = [WeekMinutes(1, on(1, 0), 180.0), WeekMinutes(2, on(2, 0), 210.0)]


def test_taper_first_day_is_13_days_before_the_event() -> None:
    assert taper_first_day(date(2024, 3, 26), 14) == date(2024, 3, 13)  # Tue -> Wed


def test_minutes_by_day_adds_sessions_of_a_day() -> None:
    day = on(1, 2)
    assert minutes_by_day([(day, 30.0), (on(1, 3), 20.0), (day, 15.5)]) == {
        day: 45.5,
        on(1, 3): 20.0,
    }


def test_biggest_week_is_one_that_began_before_the_window() -> None:
    third = WeekMinutes(3, on(3, 0), 250.0)
    assert biggest_week_before([*WEEKS, third], on(3, 2)) == third  # began on the Monday
    assert biggest_week_before([*WEEKS, third], on(3, 0)) == WEEKS[1]
    assert biggest_week_before(WEEKS, on(1, 0)) is None
    assert biggest_week_before([WeekMinutes(1, on(1, 0), 0.0)], on(2, 0)) is None


def test_measure_of_a_tuesday_event_counts_only_its_14_days() -> None:
    event = on(4, 1)  # Tuesday of week 4: the days run from Wednesday of week 2
    days = {
        on(2, 1): 50.0,  # Tuesday before the window
        on(2, 3): 40.0,
        on(3, 0): 30.0,
        on(3, 6): 60.0,
        on(4, 0): 20.0,
        on(4, 1): 7.0,  # on the event day (a shake-out; the race itself is left out)
        on(4, 3): 30.0,  # after the event
    }
    measure = measure_taper(WEEKS, days, event, 14)
    assert measure is not None
    assert measure.first_day == on(2, 2)
    assert measure.days == 14
    assert measure.taper_min == pytest.approx(157.0)  # 40 + 30 + 60 + 20 + 7
    assert measure.reference == WEEKS[1]
    assert measure.reference_min == pytest.approx(420.0)
    assert measure.cut == pytest.approx(1 - 157 / 420)  # 62.6 %


def test_measure_needs_an_earlier_week() -> None:
    assert measure_taper([], {on(1, 0): 30.0}, on(1, 6), 14) is None


@pytest.mark.parametrize(
    ("weekday", "taper_weeks"),
    [(0, 3), (1, 3), (2, 3), (3, 3), (4, 2), (5, 2), (6, 2)],
)
def test_taper_weeks_are_those_holding_3_or_more_of_its_days(
    weekday: int, taper_weeks: int
) -> None:
    # A Thursday event's 14 days reach back to Friday two weeks before: 3 days of that week.
    event = on(10, weekday)
    assert taper_week_count(10, event) == taper_weeks
    shape = plan_shape(MONDAY, 10, event_day=event, return_to_run=False)
    assert [s.phase for s in shape].count(Phase.TAPER) == taper_weeks
    assert all(s.phase is Phase.TAPER for s in shape[-taper_weeks:])


def test_short_plans_taper_one_week_and_plans_without_event_none() -> None:
    assert taper_week_count(6, on(6, 1)) == 1
    assert taper_week_count(3, on(3, 1)) == 0
    assert taper_week_count(12, None) == 0
