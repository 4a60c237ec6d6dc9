"""Weekly scheduling: placements obey the hard rules, preferences are met, clashes are named."""

from __future__ import annotations

import itertools

import pytest

from aicoach.domain.athlete import Weekday
from aicoach.errors import UserError
from aicoach.planning.scheduling import (
    DemandKind,
    ScheduleConflictError,
    SessionDemand,
    WeekAvailability,
    WeekSchedule,
    schedule_week,
)

DAYS = tuple(Weekday)
ENDURANCE = DemandKind.ENDURANCE
STRENGTH = DemandKind.STRENGTH
FULL_BODY = frozenset({"quadriceps", "hamstrings", "chest", "lats", "shoulders"})


def running_week() -> list[SessionDemand]:
    return [
        SessionDemand("intervals", ENDURANCE, 60, hard=True),
        SessionDemand("easy-1", ENDURANCE, 45),
        SessionDemand("tempo", ENDURANCE, 50, hard=True),
        SessionDemand("easy-2", ENDURANCE, 40),
        SessionDemand("long", ENDURANCE, 120, long=True),
    ]


def weekdays_and_weekend(weekday_min: float, weekend_min: float) -> dict[Weekday, float]:
    return {
        day: weekend_min if day in (Weekday.SATURDAY, Weekday.SUNDAY) else weekday_min
        for day in DAYS
    }


def day_index(schedule: WeekSchedule, key: str) -> int:
    return DAYS.index(schedule.day_by_key[key])


def hard_day_indexes(schedule: WeekSchedule, demands: list[SessionDemand]) -> list[int]:
    return sorted(day_index(schedule, d.key) for d in demands if d.hard or d.long)


def minutes_on(schedule: WeekSchedule, demands: list[SessionDemand], day: Weekday) -> float:
    keys = set(schedule.keys_on(day))
    return sum(d.duration_min for d in demands if d.key in keys)


def assert_hard_days_apart(schedule: WeekSchedule, demands: list[SessionDemand]) -> None:
    indexes = hard_day_indexes(schedule, demands)
    gaps = [later - earlier for earlier, later in itertools.pairwise(indexes)]
    assert all(gap >= 2 for gap in gaps), f"hard days too close: {indexes}"


def test_running_week_puts_the_long_run_on_the_preferred_day_and_keeps_the_rules() -> None:
    demands = running_week()
    availability = WeekAvailability(weekdays_and_weekend(70, 150), long_day=Weekday.SUNDAY)

    schedule = schedule_week(demands, availability)

    assert schedule.day_by_key["long"] is Weekday.SUNDAY
    assert set(schedule.day_by_key) == {d.key for d in demands}
    assert_hard_days_apart(schedule, demands)
    assert any(not schedule.keys_on(day) for day in DAYS), "no rest day"
    for day in DAYS:
        assert minutes_on(schedule, demands, day) <= availability.minutes_on(day)
        assert len(schedule.keys_on(day)) <= 1, "endurance sessions stacked on one day"
    assert schedule.notes == ()


def test_unavailable_days_stay_empty_and_day_minutes_decide_where_long_goes() -> None:
    demands = running_week()
    minutes = {Weekday.TUESDAY: 60, Weekday.THURSDAY: 60, Weekday.FRIDAY: 45}
    minutes |= {Weekday.SATURDAY: 130, Weekday.SUNDAY: 60}
    availability = WeekAvailability(minutes, long_day=Weekday.SUNDAY)

    schedule = schedule_week(demands, availability)

    assert schedule.day_by_key["long"] is Weekday.SATURDAY
    assert not schedule.keys_on(Weekday.MONDAY)
    assert not schedule.keys_on(Weekday.WEDNESDAY)
    assert_hard_days_apart(schedule, demands)
    assert schedule.notes == ("'long' is on sat, not the preferred sun",)


def test_full_body_strength_three_times_is_48_hours_apart_and_off_hard_days() -> None:
    strength = [SessionDemand(f"full-body-{i}", STRENGTH, 50, muscles=FULL_BODY) for i in range(3)]
    demands = [*running_week(), *strength]
    availability = WeekAvailability(weekdays_and_weekend(120, 180), long_day=Weekday.SUNDAY)

    schedule = schedule_week(demands, availability)

    strength_days = sorted(day_index(schedule, d.key) for d in strength)
    assert all(later - earlier >= 2 for earlier, later in itertools.pairwise(strength_days))
    hard_days = set(hard_day_indexes(schedule, demands))
    assert not hard_days & set(strength_days), "strength on a hard endurance day"
    assert all(len(schedule.keys_on(day)) <= 2 for day in DAYS)
    assert_hard_days_apart(schedule, demands)


def test_strength_alone_uses_non_adjacent_days() -> None:
    strength = [SessionDemand(f"full-body-{i}", STRENGTH, 60, muscles=FULL_BODY) for i in range(3)]
    availability = WeekAvailability(
        {Weekday.MONDAY: 60, Weekday.TUESDAY: 60, Weekday.WEDNESDAY: 60, Weekday.FRIDAY: 60}
    )

    schedule = schedule_week(strength, availability)

    assert sorted(schedule.day_by_key.values(), key=DAYS.index) == [
        Weekday.MONDAY,
        Weekday.WEDNESDAY,
        Weekday.FRIDAY,
    ]


def test_strength_for_different_muscles_may_be_on_consecutive_days() -> None:
    upper = SessionDemand("upper", STRENGTH, 45, muscles=frozenset({"chest", "lats"}))
    lower = SessionDemand("lower", STRENGTH, 45, muscles=frozenset({"quadriceps", "glutes"}))
    availability = WeekAvailability({Weekday.MONDAY: 60, Weekday.TUESDAY: 60})

    schedule = schedule_week([upper, lower], availability)

    assert {schedule.day_by_key["upper"], schedule.day_by_key["lower"]} == {
        Weekday.MONDAY,
        Weekday.TUESDAY,
    }


def test_a_hard_sunday_last_week_keeps_monday_easy() -> None:
    demands = [
        SessionDemand("intervals", ENDURANCE, 60, hard=True),
        SessionDemand("easy", ENDURANCE, 40),
    ]
    minutes = {Weekday.MONDAY: 90, Weekday.TUESDAY: 90}

    fresh = schedule_week(demands, WeekAvailability(minutes))
    after_hard = schedule_week(demands, WeekAvailability(minutes, previous_week_last_day_hard=True))

    assert {fresh.day_by_key["intervals"], fresh.day_by_key["easy"]} == {
        Weekday.MONDAY,
        Weekday.TUESDAY,
    }
    assert after_hard.day_by_key["intervals"] is Weekday.TUESDAY
    assert after_hard.day_by_key["easy"] is Weekday.MONDAY


def test_fixed_day_is_kept() -> None:
    demands = [
        *running_week()[:4],
        SessionDemand("race", ENDURANCE, 100, hard=True, fixed_day=Weekday.SATURDAY),
    ]
    availability = WeekAvailability(weekdays_and_weekend(70, 150), long_day=Weekday.SUNDAY)

    schedule = schedule_week(demands, availability)

    assert schedule.day_by_key["race"] is Weekday.SATURDAY
    assert_hard_days_apart(schedule, demands)


def test_rest_days_are_respected() -> None:
    demands = [SessionDemand(f"easy-{i}", ENDURANCE, 30) for i in range(5)]
    mobility = SessionDemand("mobility", DemandKind.MOBILITY, 20)
    availability = WeekAvailability(weekdays_and_weekend(60, 60), min_rest_days=2)

    schedule = schedule_week([*demands, mobility], availability)

    training_days = {schedule.day_by_key[d.key] for d in demands}
    assert len(training_days) == 5
    assert len(set(DAYS) - training_days) == 2


def test_four_hard_sessions_on_three_days_are_refused_with_the_clash_named() -> None:
    demands = [SessionDemand(f"hard-{i}", ENDURANCE, 45, hard=True) for i in range(4)]
    availability = WeekAvailability(
        {Weekday.MONDAY: 60, Weekday.WEDNESDAY: 60, Weekday.SATURDAY: 90}
    )

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week(demands, availability)

    error = raised.value
    assert isinstance(error, UserError)
    assert any(
        "4 hard sessions need 4 days with a day between them" in clash for clash in error.clashing
    )
    assert any("only mon, wed, sat are available" in clash for clash in error.clashing)
    # No single added day gives 4 non-consecutive days and every day holds one run at most:
    assert error.suggestion == "drop 'hard-0'"
    assert str(error).startswith("Can't fit this week: 4 hard sessions")
    assert "Smallest change: drop 'hard-0'." in str(error)


def test_four_hard_sessions_on_four_days_suggest_an_easy_session_or_another_day() -> None:
    demands = [SessionDemand(f"hard-{i}", ENDURANCE, 45, hard=True) for i in range(4)]
    minutes = {Weekday.MONDAY: 60, Weekday.WEDNESDAY: 60, Weekday.FRIDAY: 60, Weekday.SATURDAY: 90}

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week(demands, WeekAvailability(minutes))

    error = raised.value
    assert error.suggestion == "add sun (45 min)"
    assert error.alternatives == ("make 'hard-0' easy",)


def test_hard_day_after_last_week_is_named_in_the_clash() -> None:
    demands = [SessionDemand(f"hard-{i}", ENDURANCE, 45, hard=True) for i in range(4)]
    availability = WeekAvailability(weekdays_and_weekend(60, 60), previous_week_last_day_hard=True)

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week(demands, availability)

    assert "last week ended with a hard day, so mon can't be hard" in raised.value.clashing
    assert any("4 hard sessions" in clash for clash in raised.value.clashing)
    assert raised.value.suggestion == "make 'hard-0' easy"


def test_a_long_run_longer_than_any_day_names_the_day_minutes() -> None:
    demands = [
        SessionDemand("long", ENDURANCE, 120, long=True),
        SessionDemand("easy", ENDURANCE, 40),
    ]
    availability = WeekAvailability(
        {Weekday.SATURDAY: 60, Weekday.SUNDAY: 45}, long_day=Weekday.SUNDAY
    )

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week(demands, availability)

    error = raised.value
    assert error.clashing == ("minutes available on sat (60) < 'long' (120 min)",)
    assert error.suggestion == "raise sat from 60 to 120 min"
    assert error.alternatives == ("shorten 'long' to 60 min",)


def test_too_many_minutes_for_the_days_suggests_the_smallest_raise() -> None:
    demands = [
        SessionDemand("run-1", ENDURANCE, 60),
        SessionDemand("run-2", ENDURANCE, 60),
        SessionDemand("legs", STRENGTH, 50, muscles=frozenset({"quadriceps"})),
    ]
    availability = WeekAvailability({Weekday.SATURDAY: 100, Weekday.SUNDAY: 60}, min_rest_days=0)

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week(demands, availability)

    error = raised.value
    assert "100 min available on sat" in error.clashing
    assert "60 min available on sun" in error.clashing
    assert error.suggestion == "raise sat from 100 to 110 min"
    assert error.alternatives == ("add mon (50 min)",)


def test_fixed_day_that_is_unavailable_is_named() -> None:
    race = SessionDemand("race", ENDURANCE, 90, hard=True, fixed_day=Weekday.SUNDAY)

    with pytest.raises(ScheduleConflictError) as raised:
        schedule_week([race], WeekAvailability({Weekday.SATURDAY: 120}))

    assert raised.value.clashing == ("'race' is fixed on sun, but sun is not available",)
    assert raised.value.suggestion == "make sun available (90 min)"


def test_same_input_gives_the_same_week() -> None:
    strength = [SessionDemand(f"full-body-{i}", STRENGTH, 50, muscles=FULL_BODY) for i in range(2)]
    demands = [*running_week(), *strength]
    availability = WeekAvailability(weekdays_and_weekend(90, 150), long_day=Weekday.SUNDAY)

    first = schedule_week(demands, availability)
    second = schedule_week(demands, availability)

    assert first == second


def test_bad_input_is_a_user_error() -> None:
    twice = [SessionDemand("run", ENDURANCE, 30), SessionDemand("run", ENDURANCE, 40)]
    with pytest.raises(UserError, match="repeated: run"):
        schedule_week(twice, WeekAvailability(weekdays_and_weekend(60, 60)))
    with pytest.raises(UserError, match="duration_min must be > 0"):
        schedule_week(
            [SessionDemand("run", ENDURANCE, 0)], WeekAvailability(weekdays_and_weekend(60, 60))
        )
