"""Weekly strength content and load progression."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from aicoach.domain.plan import ExercisePrescription, Intensity, SessionType
from aicoach.errors import UserError
from aicoach.planning.exercises import Equipment, Region, parse_equipment
from aicoach.planning.rules import PlanRules, StrengthLimits
from aicoach.planning.session_load import rpe_session_load
from aicoach.planning.strength import (
    FOCUS_PLANS,
    BodyHalf,
    LoadChange,
    SplitDay,
    StrengthFocus,
    StrengthWeek,
    load_step_kg,
    next_load_kg,
    session_duration_min,
    split_days,
    strength_week,
)

LIMITS = StrengthLimits()
KITS = {
    "gym": set(Equipment),
    "dumbbells": parse_equipment("dumbbells"),
    "body-only": {Equipment.BODY_ONLY},
    "bands": parse_equipment("resistance bands"),
}
MAJOR_MUSCLES = {"quadriceps", "chest", "shoulders", "abdominals"}


def _sessions_per_muscle(week: StrengthWeek) -> Counter[str]:
    return Counter(muscle for draft in week.drafts for muscle in draft.muscles)


def _all_exercises(week: StrengthWeek) -> list[ExercisePrescription]:
    return [exercise for draft in week.drafts for exercise in draft.exercises]


def test_every_focus_has_a_plan() -> None:
    assert set(FOCUS_PLANS) == set(StrengthFocus)


@pytest.mark.parametrize("focus", list(StrengthFocus))
@pytest.mark.parametrize("sessions", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("kit", list(KITS))
@pytest.mark.parametrize("deload", [False, True])
def test_weekly_sets_per_muscle_stay_within_limits(
    focus: StrengthFocus, sessions: int, kit: str, deload: bool
) -> None:
    week = strength_week(focus, sessions, KITS[kit], set(), week_index=5, deload=deload)
    totals = week.weekly_sets_by_muscle()
    assert totals
    for muscle, sets in totals.items():
        assert LIMITS.weekly_sets_per_muscle_min <= sets <= LIMITS.weekly_sets_per_muscle_max, (
            muscle,
            sets,
        )
    trained = _sessions_per_muscle(week)
    low = min(sessions, LIMITS.sessions_per_muscle_per_week_min)
    assert all(low <= n <= LIMITS.sessions_per_muscle_per_week_max for n in trained.values())


def test_split_is_full_body_up_to_three_then_upper_lower() -> None:
    assert split_days(2) == (SplitDay.FULL_BODY,) * 2
    assert split_days(3) == (SplitDay.FULL_BODY,) * 3
    assert split_days(4) == (SplitDay.UPPER, SplitDay.LOWER) * 2
    assert split_days(5) == (SplitDay.UPPER, SplitDay.LOWER) * 2 + (SplitDay.FULL_BODY,)


@pytest.mark.parametrize("sessions", [0, 7])
def test_sessions_per_week_outside_one_to_six_is_refused(sessions: int) -> None:
    with pytest.raises(UserError, match="1-6"):
        strength_week(StrengthFocus.GENERAL, sessions, set(Equipment), set())


def test_upper_and_lower_days_share_no_muscle() -> None:
    week = strength_week(StrengthFocus.HYPERTROPHY, 4, set(Equipment), set())
    upper, lower = week.drafts[0], week.drafts[1]
    assert upper.title == "Hypertrophy: upper body 1"
    assert lower.title == "Hypertrophy: lower body 1"
    assert not set(upper.muscles) & set(lower.muscles)
    assert "quadriceps" in lower.muscles and "chest" in upper.muscles


def test_dumbbell_only_plan_trains_every_major_group_with_dumbbells() -> None:
    week = strength_week(StrengthFocus.GENERAL, 3, parse_equipment("dumbbells"), set())
    assert week.warnings == ()
    assert len(week.drafts) == 3
    for exercise in _all_exercises(week):
        assert exercise.equipment in {"dumbbell", "body-only"}
        assert exercise.cue
    muscles = set(week.weekly_sets_by_muscle())
    assert muscles >= MAJOR_MUSCLES
    assert muscles & {"middle back", "lats"}
    assert muscles & {"hamstrings", "glutes"}


def test_general_three_sessions_known_sets_reps_and_effort() -> None:
    week = strength_week(StrengthFocus.GENERAL, 3, parse_equipment("dumbbells"), set())
    main = [e for e in week.drafts[0].exercises if e.reps == 10]
    assert len(main) == 5
    assert all(
        (e.sets, e.reps_in_reserve, e.rest_s, e.load_pct_1rm) == (3, 2, 90, None) for e in main
    )


def test_deload_cuts_sets_by_about_forty_percent() -> None:
    normal = strength_week(StrengthFocus.HYPERTROPHY, 3, set(Equipment), set(), week_index=0)
    deload = strength_week(
        StrengthFocus.HYPERTROPHY, 3, set(Equipment), set(), week_index=0, deload=True
    )
    normal_sets = [e.sets for e in normal.drafts[0].exercises]
    assert normal_sets == [4, 4, 4, 4, 4, 3, 3]
    assert [e.sets for e in deload.drafts[0].exercises] == [2] * 7
    total_normal = sum(e.sets for e in _all_exercises(normal))
    total_deload = sum(e.sets for e in _all_exercises(deload))
    assert (total_normal, total_deload) == (78, 42)
    assert deload.drafts[0].rpe == normal.drafts[0].rpe - 1
    assert deload.drafts[0].duration_min < normal.drafts[0].duration_min
    assert deload.drafts[0].title.endswith("(deload)")


def test_max_strength_uses_heavy_barbell_lifts_at_85_percent() -> None:
    week = strength_week(StrengthFocus.MAX_STRENGTH, 3, set(Equipment), set())
    session = week.drafts[0]
    names = [e.name for e in session.exercises]
    assert names[:2] == ["Barbell Squat", "Barbell Deadlift"]
    heavy = [e for e in session.exercises if e.load_pct_1rm is not None]
    assert len(heavy) == 5
    assert all((e.reps, e.load_pct_1rm, e.rest_s, e.sets) == (5, 85.0, 180, 3) for e in heavy)
    assert session.intensity is Intensity.HARD


def test_body_weight_exercises_get_reps_in_reserve_not_percent() -> None:
    week = strength_week(StrengthFocus.HYPERTROPHY, 2, {Equipment.BODY_ONLY}, set())
    for exercise in _all_exercises(week):
        assert exercise.load_pct_1rm is None
        assert exercise.reps_in_reserve == 2


def test_runner_supplement_is_short_and_leg_focused() -> None:
    week = strength_week(StrengthFocus.SUPPLEMENT, 2, parse_equipment("dumbbells"), set())
    assert len(week.drafts) == 2
    assert all(draft.duration_min <= 45 for draft in week.drafts)
    assert {"quadriceps", "calves", "abdominals"} <= set(week.drafts[0].muscles)
    assert all(6 <= e.reps <= 12 for e in _all_exercises(week))


def test_missing_group_is_left_out_with_a_warning() -> None:
    week = strength_week(StrengthFocus.GENERAL, 2, parse_equipment("dumbbells"), {Region.SHOULDER})
    assert week.warnings[0] == (
        "No exercise for the chest (presses and push-ups) with your equipment "
        "(body-only, dumbbell) that spares your shoulder; chest left out."
    )
    assert "chest" not in week.weekly_sets_by_muscle()
    assert len(week.drafts) == 2


def test_knee_injury_plan_has_no_squat_pattern() -> None:
    week = strength_week(StrengthFocus.GENERAL, 2, set(Equipment), {Region.KNEE})
    names = " ".join(e.name.lower() for e in _all_exercises(week))
    assert "squat" not in names and "lunge" not in names and "leg press" not in names
    assert any("thighs" in warning for warning in week.warnings)


def test_sets_that_cannot_fit_are_reported() -> None:
    limits = StrengthLimits(weekly_sets_per_muscle_min=1, weekly_sets_per_muscle_max=2)
    tight = PlanRules(strength=limits)
    week = strength_week(StrengthFocus.GENERAL, 3, set(Equipment), set(), rules=tight)
    # three full-body sessions need at least one set each: 3 sets cannot fit under 2
    assert "Weekly sets for quadriceps are 3, outside 1-2." in week.warnings


def test_one_session_a_week_warns() -> None:
    week = strength_week(StrengthFocus.GENERAL_FITNESS, 1, set(Equipment), set())
    assert any("48 h" in warning for warning in week.warnings)
    assert min(week.weekly_sets_by_muscle().values()) >= 4


def test_choice_is_deterministic_and_rotates_every_four_weeks() -> None:
    def names(week_index: int) -> list[str]:
        week = strength_week(StrengthFocus.GENERAL, 3, set(Equipment), set(), week_index)
        return [e.name for e in week.drafts[0].exercises]

    assert names(0) == names(0) == names(3)
    assert names(4) != names(0)
    assert names(12) == names(0)


def test_duration_known_answer() -> None:
    exercise = ExercisePrescription("x", "X", ("chest",), sets=3, reps=10, rest_s=90)
    # 8 min warm-up + (3 x 10 reps x 3 s + 3 x 90 s rest + 60 s setup) = 8 + 7 min
    assert session_duration_min([exercise]) == 15.0


def test_draft_becomes_a_planned_strength_session() -> None:
    draft = strength_week(StrengthFocus.GENERAL, 2, set(Equipment), set()).drafts[0]
    session = draft.to_session(date(2025, 3, 3))
    assert session.session_type is SessionType.STRENGTH
    assert session.load == draft.load == rpe_session_load(draft.duration_min, draft.rpe)
    assert session.exercises == draft.exercises
    assert session.duration_min == draft.duration_min


# --- progression ---------------------------------------------------------------------------


def test_squat_goes_up_five_percent_when_every_set_beats_the_target() -> None:
    decision = next_load_kg(60.0, [6, 6, 6], 5, half=BodyHalf.LOWER)
    assert decision.load_kg == 63.0
    assert decision.change is LoadChange.INCREASE
    assert "60 kg to 63 kg" in decision.reason


def test_load_holds_when_a_set_only_meets_the_target() -> None:
    decision = next_load_kg(60.0, [5, 5, 4], 5, half=BodyHalf.LOWER)
    assert (decision.load_kg, decision.change) == (60.0, LoadChange.HOLD)
    assert "(5, 5, 4)" in decision.reason


def test_load_drops_ten_percent_when_two_sets_miss_by_two() -> None:
    decision = next_load_kg(60.0, [3, 3, 5], 5, half=BodyHalf.LOWER)
    assert (decision.load_kg, decision.change) == (54.0, LoadChange.DECREASE)


def test_one_bad_set_only_holds() -> None:
    assert next_load_kg(60.0, [6, 2, 6], 5).change is LoadChange.HOLD


def test_upper_body_goes_up_two_and_a_half_percent() -> None:
    assert next_load_kg(40.0, [9, 9, 9], 8, half=BodyHalf.UPPER).load_kg == 41.0
    assert next_load_kg(50.0, [9, 9, 9], 8).load_kg == 51.5  # 51.25 rounds up to 51.5


def test_dumbbell_steps_and_the_ten_percent_cap() -> None:
    step_20 = load_step_kg(Equipment.DUMBBELL, 20.0)
    assert step_20 == 2.0
    assert next_load_kg(20.0, [11, 11], 10, half=BodyHalf.LOWER, step_kg=step_20).load_kg == 22.0
    step_12 = load_step_kg(Equipment.DUMBBELL, 12.0)
    held = next_load_kg(12.0, [11, 11], 10, step_kg=step_12)
    assert (held.load_kg, held.change) == (12.0, LoadChange.HOLD)
    assert "add reps first" in held.reason
    assert load_step_kg(Equipment.DUMBBELL, 8.0) == 1.0
    assert next_load_kg(8.0, [11, 11], 10, step_kg=1.0).load_kg == 8.0  # 12.5 % > cap
    assert next_load_kg(10.0, [11, 11], 10, step_kg=1.0).load_kg == 11.0  # exactly 10 %


@pytest.mark.parametrize(
    ("current_kg", "reps", "target"), [(0.0, [5], 5), (50.0, [], 5), (50.0, [5], 0)]
)
def test_bad_progression_input_is_refused(current_kg: float, reps: list[int], target: int) -> None:
    with pytest.raises(UserError):
        next_load_kg(current_kg, reps, target)
