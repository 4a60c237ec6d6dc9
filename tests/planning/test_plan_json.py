"""The plan's JSON form: exact shape, rounding, strict import with JSON paths, plan files."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Intensity,
    Phase,
    Plan,
    PlanChange,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    RepeatBlock,
    SessionPart,
    SessionStatus,
    SessionType,
    Step,
    StepKind,
    Target,
    TargetKind,
)
from aicoach.errors import DataError, EmptyFileError
from aicoach.planning.plan_json import (
    MAX_PLAN_FILE_BYTES,
    plan_from_json,
    plan_to_json,
    read_plan_file,
)

MONDAY = date(2024, 3, 4)


def sample_plan() -> Plan:
    """Two weeks with a structured run, a strength session, a change and a warning."""
    intervals = PlannedSession(
        day=MONDAY + timedelta(days=1),
        sport=Sport.RUNNING,
        session_type=SessionType.INTERVALS_RUN,
        intensity=Intensity.HARD,
        duration_min=45.0,
        load=46.2,
        distance_km=9.25,
        title="5 x 3 min",
        steps=(
            Step(StepKind.WARM_UP, 900.0, intensity_factor=0.65),
            RepeatBlock(
                times=5,
                steps=(
                    Step(
                        StepKind.ACTIVE,
                        180.0,
                        target=Target(TargetKind.PACE_S_PER_KM, 245.0, 255.5),
                        intensity_factor=1.05,
                        note="strong",
                    ),
                    Step(StepKind.RECOVERY, 120.0, intensity_factor=0.55),
                ),
            ),
            Step(StepKind.COOL_DOWN, 300.0, distance_m=1000.0, intensity_factor=0.6),
        ),
    )
    strength = PlannedSession(
        day=MONDAY + timedelta(days=3),
        sport=Sport.STRENGTH,
        session_type=SessionType.STRENGTH,
        intensity=Intensity.MODERATE,
        duration_min=40.0,
        load=30.5,
        exercises=(
            ExercisePrescription(
                exercise_id="Barbell_Squat",
                name="Barbell squat",
                primary_muscles=("quadriceps", "glutes"),
                sets=3,
                reps=8,
                load_pct_1rm=72.5,
                reps_in_reserve=2,
                rest_s=150,
                equipment="barbell",
                cue="Knees track over toes.",
            ),
        ),
        status=SessionStatus.DONE,
        note="felt good",
    )
    rest = PlannedSession(
        day=MONDAY + timedelta(days=7),
        sport=Sport.OTHER,
        session_type=SessionType.REST,
        intensity=Intensity.REST,
        duration_min=0.0,
        load=0.0,
    )
    return Plan(
        goal=PlanGoal.TEN_K,
        start=MONDAY,
        weeks=(
            PlanWeek(1, MONDAY, Phase.BASE, 76.7, (intervals, strength)),
            PlanWeek(2, MONDAY + timedelta(days=7), Phase.BUILD, 0.0, (rest,), easier=True),
        ),
        event_date=date(2024, 5, 12),
        target_time_s=2700.0,
        warnings=("Check with a doctor first.",),
        changes=(PlanChange(MONDAY + timedelta(days=2), "Moved the long run to Sunday."),),
    )


def bad(data: dict[str, Any], path: str) -> DataError:
    with pytest.raises(DataError) as caught:
        plan_from_json(data, "plan.json")
    assert caught.value.source == "plan.json"
    assert caught.value.field == path
    return caught.value


# --------------------------------------------------------------------------- export


def test_round_trip_is_identical() -> None:
    plan = sample_plan()
    assert plan_from_json(plan_to_json(plan), "memory") == plan


def test_round_trip_through_json_text_is_identical() -> None:
    plan = sample_plan()
    text = json.dumps(plan_to_json(plan))
    assert plan_from_json(json.loads(text), "memory") == plan


def test_json_has_the_documented_keys() -> None:
    data = plan_to_json(sample_plan())
    assert set(data) == {
        "goal",
        "start",
        "event_date",
        "target_time_s",
        "light",
        "weeks",
        "warnings",
        "changes",
        "format_version",
    }
    week = data["weeks"][0]
    assert set(week) == {"index", "start", "phase", "easier", "planned_load", "sessions"}
    session = week["sessions"][0]
    assert set(session) == {
        "date",
        "sport",
        "type",
        "intensity",
        "duration_min",
        "distance_km",
        "load",
        "title",
        "status",
        "note",
        "steps",
        "exercises",
    }
    warm_up, repeat, _ = session["steps"]
    assert warm_up == {
        "kind": "warm-up",
        "duration_s": 900.0,
        "distance_m": None,
        "target": None,
        "intensity_factor": 0.65,
        "note": None,
    }
    assert repeat["repeat"] == 5
    assert repeat["steps"][0]["target"] == {"kind": "pace_s_per_km", "low": 245.0, "high": 255.5}
    exercise = week["sessions"][1]["exercises"][0]
    assert exercise["primary_muscles"] == ["quadriceps", "glutes"]
    assert exercise["load_pct_1rm"] == 72.5


def test_values_are_plain_json_values() -> None:
    data = plan_to_json(sample_plan())
    assert data["format_version"] == 1
    assert data["goal"] == "10k"
    assert data["start"] == "2024-03-04"
    assert data["event_date"] == "2024-05-12"
    assert data["weeks"][0]["sessions"][0]["date"] == "2024-03-05"
    assert data["weeks"][0]["sessions"][0]["type"] == "intervals-run"
    assert data["weeks"][1]["easier"] is True
    assert data["changes"] == [{"date": "2024-03-06", "sentence": "Moved the long run to Sunday."}]


def test_floats_are_rounded() -> None:
    session = PlannedSession(
        day=MONDAY,
        sport=Sport.RUNNING,
        session_type=SessionType.EASY_RUN,
        intensity=Intensity.EASY,
        duration_min=47.2666,
        load=38.04,
        distance_km=8.4567,
    )
    plan = Plan(
        PlanGoal.GENERAL_FITNESS, MONDAY, (PlanWeek(1, MONDAY, Phase.BASE, 38.04, (session,)),)
    )
    week = plan_to_json(plan)["weeks"][0]
    assert week["planned_load"] == 38.0
    assert week["sessions"][0]["duration_min"] == 47.3
    assert week["sessions"][0]["load"] == 38.0
    assert week["sessions"][0]["distance_km"] == 8.46


# --------------------------------------------------------------------------- import errors


def test_bad_choice_names_path_and_allowed_values() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][1]["sessions"][0]["intensity"] = "brutal"
    error = bad(data, "weeks[1].sessions[0].intensity")
    assert error.message == "'brutal' is not one of rest, easy, moderate, hard"
    assert "plan.json" in str(error)
    assert "weeks[1].sessions[0].intensity" in str(error)


def test_unknown_key_is_an_error_naming_the_key() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][1]["colour"] = "red"
    error = bad(data, "weeks[0].sessions[1].colour")
    assert "unknown key 'colour'" in error.message


def test_unknown_top_level_key() -> None:
    data = plan_to_json(sample_plan())
    data["owner"] = "me"
    assert "unknown key 'owner'" in bad(data, "owner").message


def test_missing_key() -> None:
    data = plan_to_json(sample_plan())
    del data["weeks"][0]["planned_load"]
    assert bad(data, "weeks[0].planned_load").message == "missing key 'planned_load'"


def test_wrong_type() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["duration_min"] = "45"
    error = bad(data, "weeks[0].sessions[0].duration_min")
    assert error.message == "expected a number, got a string"


def test_boolean_is_not_a_number() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["load"] = True
    assert bad(data, "weeks[0].sessions[0].load").message == "expected a number, got a boolean"


def test_negative_step_duration_in_a_repeat() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["steps"][1]["steps"][1]["duration_s"] = -120
    error = bad(data, "weeks[0].sessions[0].steps[1].steps[1].duration_s")
    assert error.message == "-120 is negative"


def test_negative_session_duration() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][1]["duration_min"] = -5.5
    assert bad(data, "weeks[0].sessions[1].duration_min").message == "-5.5 is negative"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (float("nan"), "NaN is not a finite number"),
        (float("inf"), "Infinity is not a finite number"),
    ],
)
def test_non_finite_numbers(value: float, message: str) -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["load"] = value
    assert bad(data, "weeks[0].sessions[0].load").message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-02-30", "'2024-02-30' is not a valid date"),
        ("2024/03/04", "'2024/03/04' is not a date in the form YYYY-MM-DD"),
        ("20240304", "'20240304' is not a date in the form YYYY-MM-DD"),
    ],
)
def test_bad_dates(text: str, message: str) -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][1]["start"] = text
    assert bad(data, "weeks[1].start").message == message


def test_repeat_inside_repeat() -> None:
    data = plan_to_json(sample_plan())
    repeat = data["weeks"][0]["sessions"][0]["steps"][1]
    repeat["steps"].append({"repeat": 2, "steps": copy.deepcopy(repeat["steps"])})
    error = bad(data, "weeks[0].sessions[0].steps[1].steps[2]")
    assert error.message == "a repeat cannot contain another repeat"


def test_repeat_count_below_one() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["steps"][1]["repeat"] = 0
    error = bad(data, "weeks[0].sessions[0].steps[1].repeat")
    assert error.message == "0 is below the minimum 1"


def test_fractional_sets() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][1]["exercises"][0]["sets"] = 2.5
    error = bad(data, "weeks[0].sessions[1].exercises[0].sets")
    assert error.message == "expected a whole number, got a number"


def test_target_low_above_high() -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["sessions"][0]["steps"][1]["steps"][0]["target"]["low"] = 300
    error = bad(data, "weeks[0].sessions[0].steps[1].steps[0].target.low")
    assert error.message == "low 300 is above high 255.5"


def test_top_level_must_be_an_object() -> None:
    with pytest.raises(DataError) as caught:
        plan_from_json([1, 2], "plan.json")
    assert caught.value.message == "expected an object, got an array"
    assert caught.value.field is None


def test_unsupported_format_version() -> None:
    data = plan_to_json(sample_plan())
    data["format_version"] = 2
    assert "version 2 is not supported" in bad(data, "format_version").message


def test_optional_keys_may_be_left_out() -> None:
    minimal = {
        "goal": "general",
        "start": "2024-03-04",
        "weeks": [
            {
                "index": 1,
                "start": "2024-03-04",
                "phase": "base",
                "planned_load": 20,
                "sessions": [
                    {
                        "date": "2024-03-05",
                        "sport": "walking",
                        "type": "brisk-walk",
                        "intensity": "easy",
                        "duration_min": 30,
                        "load": 20,
                    }
                ],
            }
        ],
    }
    plan = plan_from_json(minimal, "minimal.json")
    session = plan.weeks[0].sessions[0]
    assert session.duration_min == 30.0
    assert session.status is SessionStatus.PLANNED
    assert session.steps == ()
    assert plan.light is False
    assert plan.event_date is None


# --------------------------------------------------------------------------- files


def test_read_plan_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_to_json(sample_plan())), encoding="utf-8")
    assert read_plan_file(path) == sample_plan()


def test_file_with_nan_literal_names_the_path(tmp_path: Path) -> None:
    data = plan_to_json(sample_plan())
    data["weeks"][0]["planned_load"] = float("nan")
    path = tmp_path / "nan.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_plan_file(path)
    assert caught.value.field == "weeks[0].planned_load"
    assert caught.value.source == str(path)


def test_file_not_json(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"goal": "10k",\n  "start": }', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_plan_file(path)
    assert caught.value.line == 2
    assert caught.value.message.startswith("not valid JSON")


def test_file_too_big(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_bytes(b" " * (MAX_PLAN_FILE_BYTES + 1))
    with pytest.raises(DataError, match="larger than 5242880 bytes"):
        read_plan_file(path)


def test_file_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes('{"goal": "café"}'.encode("latin-1"))
    with pytest.raises(DataError) as caught:
        read_plan_file(path)
    assert caught.value.message == "the file is not UTF-8 text"
    assert caught.value.offset == 13


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError):
        read_plan_file(path)


def test_duplicate_keys(tmp_path: Path) -> None:
    path = tmp_path / "dup.json"
    path.write_text('{"goal": "10k", "goal": "5k"}', encoding="utf-8")
    with pytest.raises(DataError, match="key 'goal' appears twice"):
        read_plan_file(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read the file"):
        read_plan_file(tmp_path / "nope.json")


# --------------------------------------------------------------------------- random plans


def tenths(low: int, high: int) -> st.SearchStrategy[float]:
    """Numbers at 0.1 precision, as plan_to_json states them."""
    return st.integers(low, high).map(lambda n: n / 10)


short_text = st.text(max_size=12)
optional_text = st.none() | short_text


@st.composite
def targets(draw: st.DrawFn) -> Target:
    low, high = sorted(draw(st.lists(st.integers(0, 50_000), min_size=2, max_size=2)))
    return Target(draw(st.sampled_from(TargetKind)), low / 100, high / 100)


steps = st.builds(
    Step,
    kind=st.sampled_from(StepKind),
    duration_s=tenths(0, 36_000),
    distance_m=st.none() | tenths(0, 400_000),
    target=st.none() | targets(),
    intensity_factor=st.none() | st.integers(1, 15_000).map(lambda n: n / 10_000),
    note=optional_text,
)
parts: st.SearchStrategy[SessionPart] = steps | st.builds(
    RepeatBlock, times=st.integers(1, 20), steps=st.lists(steps, min_size=1, max_size=3).map(tuple)
)
exercises = st.builds(
    ExercisePrescription,
    exercise_id=short_text,
    name=short_text,
    primary_muscles=st.lists(short_text, max_size=3).map(tuple),
    sets=st.integers(1, 10),
    reps=st.integers(1, 30),
    load_pct_1rm=st.none() | st.integers(1, 1000).map(lambda n: n / 10),
    reps_in_reserve=st.none() | st.integers(0, 5),
    rest_s=st.integers(0, 600),
    equipment=optional_text,
    cue=optional_text,
)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
sessions = st.builds(
    PlannedSession,
    day=days,
    sport=st.sampled_from(Sport),
    session_type=st.sampled_from(SessionType),
    intensity=st.sampled_from(Intensity),
    duration_min=tenths(0, 6000),
    load=tenths(0, 5000),
    distance_km=st.none() | st.integers(0, 20_000).map(lambda n: n / 100),
    title=short_text,
    steps=st.lists(parts, max_size=3).map(tuple),
    exercises=st.lists(exercises, max_size=2).map(tuple),
    status=st.sampled_from(SessionStatus),
    note=optional_text,
)
weeks = st.builds(
    PlanWeek,
    index=st.integers(1, 60),
    start=days,
    phase=st.sampled_from(Phase),
    planned_load=tenths(0, 20_000),
    sessions=st.lists(sessions, max_size=3).map(tuple),
    easier=st.booleans(),
)
plans = st.builds(
    Plan,
    goal=st.sampled_from(PlanGoal),
    start=days,
    weeks=st.lists(weeks, max_size=3).map(tuple),
    event_date=st.none() | days,
    target_time_s=st.none() | st.integers(1, 500_000).map(lambda n: n / 10),
    light=st.booleans(),
    warnings=st.lists(short_text, max_size=2).map(tuple),
    changes=st.lists(st.builds(PlanChange, day=days, sentence=short_text), max_size=2).map(tuple),
)


@settings(max_examples=60, deadline=None)
@given(plans)
def test_random_plans_round_trip(plan: Plan) -> None:
    text = json.dumps(plan_to_json(plan), allow_nan=False)
    assert plan_from_json(json.loads(text), "random") == plan


def test_documented_example_parses() -> None:
    doc = Path(__file__).resolve().parents[2] / "docs" / "plan-format.md"
    example = doc.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    plan = plan_from_json(json.loads(example), "plan-format.md")
    assert plan.weeks[0].planned_load == sum(item.load for item in plan.weeks[0].sessions)
    assert plan.weeks[0].sessions[0].steps == sample_plan().weeks[0].sessions[0].steps
