"""The independent plan validator: each rule fires with its numbers, and stays quiet when kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Intensity,
    Phase,
    Plan,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    RepeatBlock,
    SessionType,
    Step,
    StepKind,
)
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import CHECKS, CheckReport, CheckRule, check_plan
from aicoach.planning.rules import DEFAULT_RULES

MONDAY = date(2024, 3, 4)
TUE, WED, THU, FRI, SAT, SUN = 1, 2, 3, 4, 5, 6


def day_of(week_index: int, weekday: int) -> date:
    return MONDAY + timedelta(days=7 * (week_index - 1) + weekday)


def session(
    day: date,
    minutes: float,
    session_type: SessionType = SessionType.EASY_RUN,
    intensity: Intensity = Intensity.EASY,
    sport: Sport = Sport.RUNNING,
    **extra: object,
) -> PlannedSession:
    load = extra.pop("load", round(minutes * 0.9, 1))
    return PlannedSession(
        day=day,
        sport=sport,
        session_type=session_type,
        intensity=intensity,
        duration_min=round(minutes, 1),
        load=load,  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def ride(day: date, minutes: float) -> PlannedSession:
    return session(day, minutes, SessionType.ENDURANCE_RIDE, sport=Sport.CYCLING)


def week(
    index: int,
    sessions: list[PlannedSession],
    phase: Phase = Phase.BUILD,
    easier: bool = False,
) -> PlanWeek:
    ordered = tuple(sorted(sessions, key=lambda item: item.day))
    load = round(sum(item.load for item in ordered), 1)
    return PlanWeek(index, day_of(index, 0), phase, load, ordered, easier)


def running_week(index: int, scale: float, **kwargs: object) -> PlanWeek:
    """Intervals Tue (hard), easy Wed and Fri, long run Sun: 195 min x scale, 77 % easy."""
    return week(
        index,
        [
            session(day_of(index, TUE), 45 * scale, SessionType.INTERVALS_RUN, Intensity.HARD),
            session(day_of(index, WED), 40 * scale),
            session(day_of(index, FRI), 40 * scale),
            session(day_of(index, SUN), 70 * scale, SessionType.LONG_RUN),
        ],
        **kwargs,  # type: ignore[arg-type]
    )


SCALES = (1.0, 1.05, 1.1, 0.8, 1.1, 1.15)


def good_plan(**changes: object) -> Plan:
    """Six running weeks that keep every rule (an easier week 4)."""
    weeks = tuple(
        running_week(index, scale, easier=index == 4) for index, scale in enumerate(SCALES, start=1)
    )
    return replace(Plan(PlanGoal.TEN_K, MONDAY, weeks), **changes)  # type: ignore[arg-type]


EASY_IF = DEFAULT_RULES.progression.easy_intensity_factor_max
BASELINE = TrainingBaseline(
    weekly_minutes={Sport.RUNNING: (190.0, 190.0, 195.0, 195.0)},
    longest_session_min={Sport.RUNNING: 70.0},
)


def with_week(plan: Plan, new: PlanWeek) -> Plan:
    weeks = tuple(new if item.index == new.index else item for item in plan.weeks)
    return replace(plan, weeks=weeks)


def messages(report: CheckReport, rule: CheckRule) -> list[str]:
    return [violation.message for violation in report.of_rule(rule)]


def test_every_rule_has_a_check() -> None:
    assert set(CHECKS) == set(CheckRule)


def test_good_plan_passes_with_and_without_baseline() -> None:
    assert check_plan(good_plan(), BASELINE).violations == ()
    assert check_plan(good_plan()).ok


# --------------------------------------------------------------------------- structure


def test_empty_plan() -> None:
    report = check_plan(Plan(PlanGoal.TEN_K, MONDAY, ()))
    assert messages(report, CheckRule.WEEK_SEQUENCE) == ["The plan has no weeks."]


def test_weeks_must_be_numbered_and_consecutive_mondays() -> None:
    plan = good_plan()
    shifted = replace(plan.weeks[2], start=plan.weeks[2].start + timedelta(days=1), index=4)
    report = check_plan(with_week(replace(plan, weeks=(*plan.weeks[:2], shifted)), shifted))
    assert messages(report, CheckRule.WEEK_SEQUENCE) == [
        "Week 4 is number 3 in the plan; weeks must be numbered 1 to 3 in order.",
        "Week 4 starts on Tue 2024-03-19; it should start on Mon 2024-03-18.",
    ]


def test_first_week_is_the_plan_starts_week() -> None:
    plan = good_plan(start=MONDAY + timedelta(days=7))
    report = check_plan(plan)
    assert "it should start on Mon 2024-03-11" in messages(report, CheckRule.WEEK_SEQUENCE)[0]


def test_session_outside_its_week_and_before_the_start() -> None:
    plan = good_plan(start=MONDAY + timedelta(days=2))
    outside = session(day_of(2, SUN) + timedelta(days=1), 30)
    plan = with_week(plan, replace(plan.weeks[1], sessions=(*plan.weeks[1].sessions, outside)))
    report = check_plan(plan)
    assert messages(report, CheckRule.SESSION_DAYS) == [
        "Week 1: the intervals run on Tue 2024-03-05 is before the plan starts (2024-03-06).",
        "Week 2: the easy run on Mon 2024-03-18 is outside the week (2024-03-11 to 2024-03-17).",
    ]


def test_zero_duration_and_negative_load() -> None:
    plan = good_plan()
    first = plan.weeks[0]
    broken = (
        replace(first.sessions[0], duration_min=0.0),
        replace(first.sessions[1], load=-3.0),
        *first.sessions[2:],
    )
    report = check_plan(with_week(plan, replace(first, sessions=broken)))
    assert messages(report, CheckRule.SESSION_VALUES) == [
        "Week 1: the intervals run on Tue 2024-03-05 has duration 0.0 min; it must be above 0.",
        "Week 1: the easy run on Wed 2024-03-06 has load -3.0; it must not be negative.",
    ]


def test_rest_session_may_last_zero_minutes() -> None:
    plan = good_plan()
    rest = session(day_of(1, 0), 0, SessionType.REST, Intensity.REST, Sport.OTHER, load=0.0)
    first = plan.weeks[0]
    report = check_plan(with_week(plan, replace(first, sessions=(rest, *first.sessions))))
    assert report.of_rule(CheckRule.SESSION_VALUES) == ()


def test_stated_week_load_must_equal_the_session_sum() -> None:
    plan = good_plan()
    second = plan.weeks[1]
    assert second.planned_load == 184.3
    report = check_plan(with_week(plan, replace(second, planned_load=200.0)))
    assert messages(report, CheckRule.WEEK_LOAD_SUM) == [
        "Week 2: stated load 200 differs from the sum of its 4 sessions' loads (184.3)."
    ]
    assert report.of_rule(CheckRule.WEEK_LOAD_SUM)[0].week_index == 2


def test_week_load_within_rounding_passes() -> None:
    plan = good_plan()
    second = plan.weeks[1]
    report = check_plan(with_week(plan, replace(second, planned_load=184.35)))
    assert report.of_rule(CheckRule.WEEK_LOAD_SUM) == ()


INTERVAL_STEPS = (
    Step(StepKind.WARM_UP, 900.0, intensity_factor=0.65),
    RepeatBlock(
        5,
        (
            Step(StepKind.ACTIVE, 180.0, intensity_factor=1.05),
            Step(StepKind.RECOVERY, 120.0, intensity_factor=0.55),
        ),
    ),
    Step(StepKind.COOL_DOWN, 300.0, intensity_factor=0.6),
)
"""45 min; load 10.5625 + 5 x (5.5125 + 1.0083) + 3.0 = 46.2 TSS."""


def with_interval_steps(duration_min: float, load: float) -> Plan:
    plan = good_plan()
    first = plan.weeks[0]
    structured = replace(
        first.sessions[0], steps=INTERVAL_STEPS, duration_min=duration_min, load=load
    )
    sessions = (structured, *first.sessions[1:])
    new_week = replace(first, sessions=sessions, planned_load=sum(s.load for s in sessions))
    return with_week(plan, new_week)


def test_session_matching_its_steps_passes() -> None:
    assert check_plan(with_interval_steps(45.0, 46.2)).of_rule(CheckRule.SESSION_STEPS) == ()


def test_session_load_and_duration_must_match_steps() -> None:
    report = check_plan(with_interval_steps(50.0, 50.0))
    assert messages(report, CheckRule.SESSION_STEPS) == [
        "Week 1: the intervals run on Tue 2024-03-05 is stated as 50 min but its steps add up "
        "to 45 min.",
        "Week 1: the intervals run on Tue 2024-03-05 has load 50 but its steps score 46.2.",
    ]


def test_three_sessions_on_one_day() -> None:
    plan = good_plan()
    first = plan.weeks[0]
    extra = [
        session(day_of(1, WED), 20, SessionType.STRENGTH, Intensity.MODERATE, Sport.STRENGTH),
        session(day_of(1, WED), 20, SessionType.MOBILITY, Intensity.EASY, Sport.YOGA),
    ]
    report = check_plan(with_week(plan, week(1, [*first.sessions, *extra])))
    assert messages(report, CheckRule.SESSIONS_PER_DAY) == [
        "Week 1: 3 sessions on Wed 2024-03-06; the limit is 2."
    ]


def test_week_without_a_rest_day() -> None:
    daily = [session(day_of(1, offset), 30) for offset in (0, 1, 2, 3, 4, 5)]
    mobility = session(day_of(1, SUN), 20, SessionType.MOBILITY, Intensity.EASY, Sport.YOGA)
    plan = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, (week(1, daily),))
    assert messages(check_plan(plan), CheckRule.REST_DAYS) == []
    busy = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, (week(1, [*daily, session(day_of(1, SUN), 30)]),))
    assert messages(check_plan(busy), CheckRule.REST_DAYS) == [
        "Week 1: 0 rest days; at least 1 needed."
    ]
    with_mobility = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, (week(1, [*daily, mobility]),))
    assert check_plan(with_mobility).of_rule(CheckRule.REST_DAYS) == ()


def test_session_longer_than_five_hours_unless_race() -> None:
    ride = session(day_of(1, SAT), 320, SessionType.LONG_RIDE, sport=Sport.CYCLING)
    race = session(day_of(1, SUN), 330, SessionType.RACE, Intensity.HARD, Sport.CYCLING)
    plan = Plan(PlanGoal.CYCLING_EVENT, MONDAY, (week(1, [ride, race]),))
    assert messages(check_plan(plan), CheckRule.SESSION_LENGTH) == [
        "Week 1: the long ride on Sat 2024-03-09 lasts 320 min; the limit is 300 min."
    ]


# --------------------------------------------------------------------------- intensity


def test_four_hard_sessions_in_a_week() -> None:
    hard_week = week(
        2,
        [
            session(day_of(2, 0), 40, SessionType.TEMPO_RUN, Intensity.HARD),
            session(day_of(2, WED), 45, SessionType.INTERVALS_RUN, Intensity.HARD),
            session(day_of(2, FRI), 40, SessionType.HILL_REPEATS, Intensity.HARD),
            session(day_of(2, SUN), 70, SessionType.LONG_RUN),
        ],
    )
    report = check_plan(with_week(good_plan(), hard_week))
    assert messages(report, CheckRule.HARD_SESSIONS_PER_WEEK) == [
        "Week 2: 4 hard sessions (tempo run Mon, intervals run Wed, hill repeats Fri, "
        "long run Sun); the limit is 3."
    ]
    assert messages(report, CheckRule.QUALITY_SESSIONS_PER_WEEK) == [
        "Week 2: 3 quality sessions (tempo run Mon, intervals run Wed, hill repeats Fri); "
        "the limit is 2."
    ]
    # Sunday's long run of week 1 and Monday's tempo run of week 2 are back to back too.
    assert messages(report, CheckRule.HARD_CONSECUTIVE_DAYS) == [
        "Week 2: hard sessions on consecutive days: long run on Sun 2024-03-10 and tempo run "
        "on Mon 2024-03-11."
    ]


def test_a_race_is_hard_but_not_a_quality_session() -> None:
    race_week = week(
        2,
        [
            session(day_of(2, TUE), 45, SessionType.INTERVALS_RUN, Intensity.HARD),
            session(day_of(2, THU), 40, SessionType.TEMPO_RUN, Intensity.HARD),
            session(day_of(2, SUN), 40, SessionType.RACE, Intensity.HARD),
        ],
    )
    report = check_plan(with_week(good_plan(), race_week))
    assert report.of_rule(CheckRule.HARD_SESSIONS_PER_WEEK) == ()
    assert report.of_rule(CheckRule.QUALITY_SESSIONS_PER_WEEK) == ()
    tempo = session(day_of(2, 0), 30, SessionType.TEMPO_RUN, Intensity.HARD)
    report = check_plan(with_week(good_plan(), week(2, [*race_week.sessions, tempo])))
    assert messages(report, CheckRule.HARD_SESSIONS_PER_WEEK) == [
        "Week 2: 4 hard sessions (tempo run Mon, intervals run Tue, tempo run Thu, race Sun); "
        "the limit is 3."
    ]


def test_hard_saturday_and_sunday() -> None:
    plan = good_plan()
    third = plan.weeks[2]
    moved = (replace(third.sessions[0], day=day_of(3, SAT)), *third.sessions[1:])
    report = check_plan(with_week(plan, week(3, list(moved))))
    assert messages(report, CheckRule.HARD_CONSECUTIVE_DAYS) == [
        "Week 3: hard sessions on consecutive days: intervals run on Sat 2024-03-23 and long "
        "run on Sun 2024-03-24."
    ]
    assert report.of_rule(CheckRule.HARD_CONSECUTIVE_DAYS)[0].day == day_of(3, SUN)


def test_hard_sunday_then_hard_monday_across_weeks() -> None:
    plan = good_plan()
    fourth = plan.weeks[3]
    moved = (replace(fourth.sessions[0], day=day_of(4, 0)), *fourth.sessions[1:])
    report = check_plan(with_week(plan, replace(fourth, sessions=moved)))
    assert messages(report, CheckRule.HARD_CONSECUTIVE_DAYS) == [
        "Week 4: hard sessions on consecutive days: long run on Sun 2024-03-24 and intervals "
        "run on Mon 2024-03-25."
    ]


def test_light_plan_has_no_moderate_or_hard_sessions() -> None:
    report = check_plan(good_plan(light=True, weeks=good_plan().weeks[:1]))
    assert messages(report, CheckRule.LIGHT_PLAN_INTENSITY) == [
        "Week 1: the intervals run on Tue 2024-03-05 is hard, but a light plan has only easy "
        "sessions."
    ]


def return_plan(*extra: PlannedSession) -> Plan:
    minutes = (20.0, 22.0, 24.0, 26.0)
    weeks = tuple(
        week(
            index,
            [
                session(day_of(index, TUE), walk_run_min, SessionType.WALK_RUN),
                session(day_of(index, FRI), walk_run_min, SessionType.WALK_RUN),
            ]
            + [item for item in extra if day_of(index, 0) <= item.day <= day_of(index, SUN)],
            phase=Phase.RETURN,
        )
        for index, walk_run_min in enumerate(minutes, start=1)
    )
    return Plan(PlanGoal.RETURN_TO_RUN, MONDAY, weeks)


def test_return_to_run_plan_passes() -> None:
    # Runs grow 20 -> 22 -> 24 -> 26 min (at most 10 %); weeks 3-4: 100 vs 84 min (+19 %).
    assert check_plan(return_plan()).ok


def test_two_week_growth_skipped_at_tiny_volumes() -> None:
    rides = [
        week(
            index,
            [ride(day_of(index, SAT), minutes)],
        )
        for index, minutes in enumerate((10, 10, 15, 20), start=1)
    ]
    # Weeks 3-4 ride 35 min, 75 % more than weeks 1-2, but 20 reference minutes are too few.
    plan = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, tuple(rides))
    assert check_plan(plan).of_rule(CheckRule.TWO_WEEK_GROWTH) == ()


def test_return_to_run_without_intervals_or_hard_sessions() -> None:
    plan = return_plan(
        session(day_of(3, SUN), 20, SessionType.INTERVALS_RUN, Intensity.MODERATE),
        session(day_of(4, SUN), 20, SessionType.EASY_RUN, Intensity.HARD),
    )
    assert messages(check_plan(plan), CheckRule.RETURN_TO_RUN_INTENSITY) == [
        "Week 3: the intervals run on Sun 2024-03-24 (moderate) does not belong in a "
        "return-to-run plan, which has no hard sessions or intervals.",
        "Week 4: the easy run on Sun 2024-03-31 (hard) does not belong in a return-to-run "
        "plan, which has no hard sessions or intervals.",
    ]


# --------------------------------------------------------------------------- progression


def test_long_run_20_percent_over_baseline() -> None:
    baseline = replace(BASELINE, longest_session_min={Sport.RUNNING: 60.0})
    plan = good_plan()
    first = plan.weeks[0]
    longer = (*first.sessions[:3], replace(first.sessions[3], duration_min=72.0))
    report = check_plan(with_week(plan, replace(first, sessions=longer)), baseline)
    assert messages(report, CheckRule.SINGLE_RUN_GROWTH) == [
        "Week 1: long run 72 min on Sun 2024-03-10 is 20% longer than the longest run of the "
        "previous 30 days (60 min); the limit is 10%."
    ]


def test_long_run_growth_against_earlier_plan_runs() -> None:
    plan = good_plan()
    fifth = plan.weeks[4]
    longer = (*fifth.sessions[:3], replace(fifth.sessions[3], duration_min=89.3))
    report = check_plan(with_week(plan, replace(fifth, sessions=longer)), BASELINE)
    # The longest run of the 30 days before is week 3's 77 min (weeks 2-4 are in the window).
    assert messages(report, CheckRule.SINGLE_RUN_GROWTH) == [
        "Week 5: long run 89.3 min on Sun 2024-04-07 is 16% longer than the longest run of the "
        "previous 30 days (77 min); the limit is 10%."
    ]


def test_growth_just_over_the_limit_shows_a_decimal() -> None:
    plan = good_plan()
    second = plan.weeks[1]
    longer = (*second.sessions[:3], replace(second.sessions[3], duration_min=77.3))
    report = check_plan(with_week(plan, replace(second, sessions=longer)))
    assert "is 10.4% longer" in messages(report, CheckRule.SINGLE_RUN_GROWTH)[0]


def test_without_baseline_the_first_week_sets_the_reference() -> None:
    plan = good_plan()
    first = plan.weeks[0]
    # Week 1 long run 100 min vs easy 40: not checked without a baseline.
    longer = (*first.sessions[:3], replace(first.sessions[3], duration_min=100.0))
    report = check_plan(with_week(plan, replace(first, sessions=longer)))
    assert report.of_rule(CheckRule.SINGLE_RUN_GROWTH) == ()


def test_races_are_exempt_from_single_run_growth() -> None:
    plan = good_plan()
    second = plan.weeks[1]
    race = replace(second.sessions[3], session_type=SessionType.RACE, duration_min=120.0)
    report = check_plan(with_week(plan, week(2, [*second.sessions[:3], race])), BASELINE)
    assert report.of_rule(CheckRule.SINGLE_RUN_GROWTH) == ()


def test_two_week_growth_against_baseline() -> None:
    baseline = replace(BASELINE, weekly_minutes={Sport.RUNNING: (100.0, 100.0, 100.0, 100.0)})
    report = check_plan(good_plan(), baseline)
    found = report.of_rule(CheckRule.TWO_WEEK_GROWTH)
    assert found[0].message == (
        "The last week before the plan and week 1: running 295 min is 48% more than the 2 "
        "weeks before (200 min); the limit is 30%."
    )
    assert found[0].week_index == 1
    assert found[1].message == (
        "Weeks 1-2: running 399.7 min is 100% more than the 2 weeks before (200 min); "
        "the limit is 30%."
    )


def test_two_week_growth_inside_the_plan() -> None:
    plan = good_plan()
    # Week 5 at 2.2x (429 min): weeks 4-5 run 156 + 429 = 585 min vs weeks 2-3's 419.2 min.
    report = check_plan(replace(plan, weeks=(*plan.weeks[:4], running_week(5, 2.2))))
    assert messages(report, CheckRule.TWO_WEEK_GROWTH) == [
        "Weeks 4-5: running 585 min is 40% more than the 2 weeks before (419.2 min); "
        "the limit is 30%."
    ]


def test_two_week_growth_fires_for_cycling() -> None:
    rides = [
        week(
            index,
            [ride(day_of(index, SAT), minutes)],
        )
        for index, minutes in enumerate((60, 60, 90, 90), start=1)
    ]
    plan = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, tuple(rides))
    assert messages(check_plan(plan), CheckRule.TWO_WEEK_GROWTH) == [
        "Weeks 3-4: cycling 180 min is 50% more than the 2 weeks before (120 min); "
        "the limit is 30%."
    ]


def test_easier_week_is_required() -> None:
    plan = good_plan()
    fourth = replace(plan.weeks[3], easier=False)
    report = check_plan(with_week(plan, fourth))
    assert messages(report, CheckRule.EASIER_WEEK_CADENCE) == [
        "Weeks 1-4: 4 weeks in a row without an easier week; the limit is 3."
    ]


def test_short_plans_need_no_easier_week() -> None:
    plan = good_plan()
    four_weeks = replace(plan, weeks=tuple(replace(item, easier=False) for item in plan.weeks[:4]))
    assert check_plan(four_weeks).of_rule(CheckRule.EASIER_WEEK_CADENCE) == ()


def test_easier_week_must_be_easier() -> None:
    plan = good_plan()
    report = check_plan(with_week(plan, running_week(4, 1.0, easier=True)))
    assert messages(report, CheckRule.EASIER_WEEK_VOLUME) == [
        "Week 4 is an easier week but has 195 min of endurance training, 91% of week 3 "
        "(214.5 min); the limit is 85%."
    ]


def test_long_run_share_with_four_runs() -> None:
    plan = good_plan()
    first = plan.weeks[0]
    longer = (*first.sessions[:3], replace(first.sessions[3], duration_min=90.0))
    report = check_plan(with_week(plan, replace(first, sessions=longer)))
    assert messages(report, CheckRule.LONG_RUN_SHARE) == [
        "Week 1: the longest run (90 min) is 42% of the week's 215 running minutes (4 runs); "
        "the limit is 40%."
    ]


def test_long_run_share_with_few_runs() -> None:
    two_runs = week(
        1, [session(day_of(1, WED), 30), session(day_of(1, SUN), 40, SessionType.LONG_RUN)]
    )
    plan = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, (two_runs,))
    assert messages(check_plan(plan), CheckRule.LONG_RUN_SHARE) == [
        "Week 1: the longest run (40 min) is 57% of the week's 70 running minutes (2 runs); "
        "the limit is 50%."
    ]
    one_run = Plan(PlanGoal.GENERAL_FITNESS, MONDAY, (week(1, [session(day_of(1, SUN), 40)]),))
    assert check_plan(one_run).of_rule(CheckRule.LONG_RUN_SHARE) == ()


def test_polarised_share_counts_session_intensity() -> None:
    plan = good_plan()
    first = plan.weeks[0]
    moderate = replace(first.sessions[1], intensity=Intensity.MODERATE)
    report = check_plan(
        with_week(plan, week(1, [first.sessions[0], moderate, *first.sessions[2:]]))
    )
    assert messages(report, CheckRule.POLARISED_INTENSITY) == [
        "Week 1: 56% of endurance time is at low intensity "
        f"(110 of 195 min below IF {EASY_IF:.2f}); the minimum is 75%."
    ]


def test_polarised_share_uses_step_intensity_factors() -> None:
    plan = with_interval_steps(45.0, 46.2)
    assert check_plan(plan).of_rule(CheckRule.POLARISED_INTENSITY) == ()
    first = plan.weeks[0]
    steady = (Step(StepKind.ACTIVE, 2400.0, intensity_factor=0.9),)
    # An "easy" run whose one step is at IF 0.9 counts as 40 min of high intensity.
    sneaky = replace(first.sessions[1], steps=steady, load=54.0)
    report = check_plan(with_week(plan, week(1, [first.sessions[0], sneaky, *first.sessions[2:]])))
    # Low: 30 of the intervals' 45 min, Friday's 40 and Sunday's 70 = 140 of 195 min.
    assert messages(report, CheckRule.POLARISED_INTENSITY) == [
        "Week 1: 72% of endurance time is at low intensity "
        f"(140 of 195 min below IF {EASY_IF:.2f}); the minimum is 75%."
    ]


def test_polarised_share_only_for_endurance_goals() -> None:
    plan = good_plan(goal=PlanGoal.GENERAL_FITNESS)
    first = plan.weeks[0]
    moderate = replace(first.sessions[1], intensity=Intensity.MODERATE)
    report = check_plan(
        with_week(plan, week(1, [first.sessions[0], moderate, *first.sessions[2:]]))
    )
    assert report.of_rule(CheckRule.POLARISED_INTENSITY) == ()


# --------------------------------------------------------------------------- taper

EVENT = day_of(8, SUN)


def taper_plan(seventh_scale: float = 0.7, seventh_phase: Phase = Phase.TAPER) -> Plan:
    """Six running weeks, a taper week, and a race week: 8 weeks to the event on week 8's Sunday."""
    race_week = week(
        8,
        [
            session(day_of(8, TUE), 40, SessionType.INTERVALS_RUN, Intensity.HARD),
            session(day_of(8, THU), 40),
            session(day_of(8, SUN), 50, SessionType.RACE, Intensity.HARD),
        ],
        phase=Phase.TAPER,
    )
    weeks = (*good_plan().weeks, running_week(7, seventh_scale, phase=seventh_phase), race_week)
    return Plan(PlanGoal.TEN_K, MONDAY, weeks, event_date=EVENT)


def test_taper_plan_passes() -> None:
    assert check_plan(taper_plan(), BASELINE).violations == ()


def test_taper_weeks_must_be_taper_phase() -> None:
    report = check_plan(taper_plan(seventh_phase=Phase.PEAK))
    assert messages(report, CheckRule.TAPER_PHASE) == [
        "Week 7 is one of the last 2 weeks before the event but its phase is peak, not taper."
    ]


def test_taper_cut_too_small() -> None:
    report = check_plan(taper_plan(seventh_scale=1.0))
    # A Sunday event: the 14 days are weeks 7 and 8, 195 + 80 min (race excluded) = 275 min,
    # vs twice week 6's 224.25 min = 448.5 min: a 38.7 % cut.
    assert messages(report, CheckRule.TAPER_VOLUME) == [
        "Taper, the 14 days Mon 2024-04-15 to Sun 2024-04-28: 275 min of endurance training "
        "(races excluded), 39% less than week 6 (224.2 min) over as many days (448.4 min); the "
        "cut must be 40%-60%."
    ]
    assert report.of_rule(CheckRule.TAPER_VOLUME)[0].day == date(2024, 4, 15)


def test_taper_cut_too_big() -> None:
    report = check_plan(taper_plan(seventh_scale=0.3))
    # 58.5 + 80 = 138.5 min vs 448.5 min: a 69 % cut.
    assert (
        "138.5 min of endurance training (races excluded), 69% less than week 6"
        in (messages(report, CheckRule.TAPER_VOLUME)[0])
    )


TUESDAY_EVENT = day_of(8, TUE)  # Tue 2024-04-23: the 14 days run from Wed 2024-04-10


def tuesday_race_plan(seventh_long_min: float = 50, race_week_monday_min: float = 20) -> Plan:
    """Five running weeks (the biggest, weeks 3 and 5, 214.5 min), then three taper weeks to a
    10K on the Tuesday of week 8, with an easy run after the race. A length of 0 leaves the
    run out."""
    sixth = [
        session(day_of(6, TUE), 40, SessionType.INTERVALS_RUN, Intensity.HARD),
        session(day_of(6, THU), 30),
        session(day_of(6, SUN), 60, SessionType.LONG_RUN),
    ]
    seventh = [
        session(day_of(7, TUE), 35, SessionType.INTERVALS_RUN, Intensity.HARD),
        session(day_of(7, THU), 30),
    ]
    if seventh_long_min:
        seventh.append(session(day_of(7, SUN), seventh_long_min, SessionType.LONG_RUN))
    race_week = [
        session(TUESDAY_EVENT, 50, SessionType.RACE, Intensity.HARD),
        session(day_of(8, THU), 30),
    ]
    if race_week_monday_min:
        race_week.append(session(day_of(8, 0), race_week_monday_min))
    taper = (
        week(6, sixth, Phase.TAPER),
        week(7, seventh, Phase.TAPER),
        week(8, race_week, Phase.TAPER),
    )
    return Plan(PlanGoal.TEN_K, MONDAY, (*good_plan().weeks[:5], *taper), event_date=TUESDAY_EVENT)


def test_taper_is_counted_over_the_days_before_a_tuesday_race() -> None:
    # The 14 days hold week 6's Thu 30 + Sun 60, week 7's 115 and the race week's Monday 20:
    # 225 min vs twice week 3's 214.5 min (429 min), a 47.6 % cut. The Tuesday of week 6 is
    # before the taper and the run after the race is after it. Averaged over calendar weeks
    # 7 and 8 instead, (115 + 50) / 2 = 82.5 min would read as a 61.5 % cut.
    assert check_plan(tuesday_race_plan(), BASELINE).violations == ()


def test_taper_cut_of_a_tuesday_race_too_big() -> None:
    report = check_plan(tuesday_race_plan(seventh_long_min=0, race_week_monday_min=0))
    # 30 + 60 + 65 = 155 min vs 429 min: a 63.9 % cut.
    assert messages(report, CheckRule.TAPER_VOLUME) == [
        "Taper, the 14 days Wed 2024-04-10 to Tue 2024-04-23: 155 min of endurance training "
        "(races excluded), 64% less than week 3 (214.5 min) over as many days (429 min); the "
        "cut must be 40%-60%."
    ]
    assert report.of_rule(CheckRule.TAPER_VOLUME)[0].week_index == 6


def test_taper_cut_of_a_tuesday_race_too_small() -> None:
    report = check_plan(tuesday_race_plan(seventh_long_min=100))
    # 30 + 60 + 165 + 20 = 275 min vs 429 min: a 35.9 % cut.
    assert (
        "275 min of endurance training (races excluded), 36% less than week 3"
        in (messages(report, CheckRule.TAPER_VOLUME)[0])
    )


def test_taper_volume_not_measured_when_the_plan_ends_before_its_event() -> None:
    plan = replace(taper_plan(seventh_scale=0.3), event_date=EVENT + timedelta(days=1))
    assert check_plan(plan).of_rule(CheckRule.TAPER_VOLUME) == ()


def test_taper_keeps_some_intensity() -> None:
    plan = taper_plan()
    seventh = plan.weeks[6]
    easy = replace(seventh.sessions[0], intensity=Intensity.EASY, session_type=SessionType.EASY_RUN)
    report = check_plan(with_week(plan, week(7, [easy, *seventh.sessions[1:]], Phase.TAPER)))
    assert messages(report, CheckRule.TAPER_INTENSITY) == [
        "Week 7 (taper) has no moderate or hard session; a taper cuts volume but keeps some "
        "intensity."
    ]


def test_no_taper_rules_without_event_or_for_short_plans() -> None:
    no_event = replace(taper_plan(seventh_phase=Phase.BUILD), event_date=None)
    assert CheckRule.TAPER_PHASE not in check_plan(no_event).broken_rules
    short = replace(taper_plan(), weeks=taper_plan().weeks[:7])
    assert CheckRule.TAPER_VOLUME not in check_plan(short).broken_rules


# --------------------------------------------------------------------------- strength


def squat(sets: int) -> ExercisePrescription:
    return ExercisePrescription("squat", "Squat", ("quadriceps", "glutes"), sets, 8)


def bench(sets: int) -> ExercisePrescription:
    return ExercisePrescription("bench", "Bench press", ("chest",), sets, 8)


def lift(day: date, *exercises: ExercisePrescription) -> PlannedSession:
    return session(
        day, 45, SessionType.STRENGTH, Intensity.MODERATE, Sport.STRENGTH, exercises=exercises
    )


def strength_plan(*sessions: PlannedSession) -> Plan:
    return Plan(PlanGoal.STRENGTH, MONDAY, (week(1, list(sessions)),))


def test_strength_plan_passes() -> None:
    plan = strength_plan(
        lift(day_of(1, 0), squat(3), bench(3)),
        lift(day_of(1, WED), squat(3), bench(3)),
        lift(day_of(1, FRI), squat(3), bench(3)),
    )
    assert check_plan(plan).violations == ()


def test_too_many_and_too_few_weekly_sets() -> None:
    plan = strength_plan(
        lift(day_of(1, 0), squat(8), bench(3)),
        lift(day_of(1, WED), squat(8)),
        lift(day_of(1, FRI), squat(8)),
    )
    assert messages(check_plan(plan), CheckRule.STRENGTH_WEEKLY_SETS) == [
        "Week 1: chest get 3 sets in 1 sessions; the range is 4-20 sets a week.",
        "Week 1: glutes get 24 sets in 3 sessions; the range is 4-20 sets a week.",
        "Week 1: quadriceps get 24 sets in 3 sessions; the range is 4-20 sets a week.",
    ]


def test_too_few_sets_allowed_in_a_part_first_week() -> None:
    plan = replace(strength_plan(lift(day_of(1, FRI), squat(3))), start=day_of(1, THU))
    assert check_plan(plan).of_rule(CheckRule.STRENGTH_WEEKLY_SETS) == ()


def test_muscle_in_too_many_sessions_and_too_close() -> None:
    plan = strength_plan(
        lift(day_of(1, 0), bench(3)),
        lift(day_of(1, WED), bench(3)),
        lift(day_of(1, THU), bench(3)),
        lift(day_of(1, SAT), bench(3)),
    )
    report = check_plan(plan)
    assert messages(report, CheckRule.STRENGTH_FREQUENCY) == [
        "Week 1: chest are trained in 4 sessions; the limit is 3."
    ]
    assert messages(report, CheckRule.STRENGTH_RECOVERY) == [
        "Week 1: chest trained on Wed 2024-03-06 and Thu 2024-03-07; the same muscle needs "
        "48 h between sessions."
    ]


def test_same_muscle_twice_on_one_day_and_across_weeks() -> None:
    first = week(1, [lift(day_of(1, WED), bench(3)), lift(day_of(1, SUN), bench(3))])
    second = week(2, [lift(day_of(2, 0), bench(3)), lift(day_of(2, 0), bench(3))])
    report = check_plan(Plan(PlanGoal.STRENGTH, MONDAY, (first, second)))
    assert messages(report, CheckRule.STRENGTH_RECOVERY) == [
        "Week 2: chest trained on Sun 2024-03-10 and Mon 2024-03-11; the same muscle needs "
        "48 h between sessions.",
        "Week 2: chest trained on the same day; the same muscle needs 48 h between sessions.",
    ]


@pytest.mark.parametrize("rule", list(CheckRule))
def test_good_plans_break_no_rule(rule: CheckRule) -> None:
    assert check_plan(taper_plan(), BASELINE).of_rule(rule) == ()
