"""The shipped exercise catalogue, equipment parsing and injury filters."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import cast

import pytest

from aicoach.errors import UserError
from aicoach.planning.exercises import (
    Equipment,
    Movement,
    Region,
    avoid_regions_from_conditions,
    filter_exercises,
    load_catalogue,
    parse_equipment,
    parse_equipment_list,
)

MAJOR_MOVEMENTS = (
    Movement.SQUAT,
    Movement.HINGE,
    Movement.HORIZONTAL_PUSH,
    Movement.PULL,
    Movement.VERTICAL_PUSH,
    Movement.CORE,
)
SHINGLE_WORDS = 6


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}


@pytest.fixture(scope="module")
def reference(shared_data: Path) -> list[dict[str, object]]:
    path = shared_data.parent / "reference" / "free-exercise-db.exercises.json"
    if not path.is_file():
        pytest.skip("the free-exercise-db reference is not present")
    records: list[dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return records


def test_catalogue_loads_with_unique_ids_and_a_cue_each() -> None:
    catalogue = load_catalogue()
    ids = [exercise.id for exercise in catalogue]
    assert 60 <= len(catalogue) <= 95
    assert len(set(ids)) == len(ids)
    assert all(exercise.cue.endswith(".") and len(exercise.cue) > 20 for exercise in catalogue)
    assert load_catalogue() is catalogue


@pytest.mark.parametrize("movement", list(Movement))
def test_every_movement_has_a_body_only_or_loaded_choice(movement: Movement) -> None:
    assert any(exercise.movement is movement for exercise in load_catalogue())


@pytest.mark.parametrize(
    "kit",
    [
        Equipment.DUMBBELL,
        Equipment.BARBELL,
        Equipment.KETTLEBELL,
        Equipment.BANDS,
        Equipment.MACHINE,
        Equipment.CABLE,
    ],
)
def test_each_kind_of_equipment_has_its_own_exercises(kit: Equipment) -> None:
    movements = {e.movement for e in load_catalogue() if kit in e.equipment}
    assert len(movements) >= 4


def test_body_only_covers_every_major_movement() -> None:
    body_only = filter_exercises(load_catalogue(), {Equipment.BODY_ONLY}, set())
    assert {e.movement for e in body_only} >= set(MAJOR_MOVEMENTS)
    assert all(not e.equipment for e in body_only)


def test_catalogue_facts_match_the_reference(reference: list[dict[str, object]]) -> None:
    by_id = {record["id"]: record for record in reference}
    from_reference = [e for e in load_catalogue() if e.source == "free-exercise-db"]
    assert len(from_reference) >= 60
    for exercise in from_reference:
        record = by_id[exercise.id]
        assert exercise.name == record["name"]
        assert list(exercise.primary_muscles) == record["primaryMuscles"]
        assert exercise.level.value == record["level"]


def test_no_cue_is_copied_from_the_reference(reference: list[dict[str, object]]) -> None:
    sentences = [
        " ".join(_words(str(sentence)))
        for record in reference
        for sentence in cast(list[str], record["instructions"])
    ]
    reference_shingles: set[tuple[str, ...]] = set()
    for sentence in sentences:
        reference_shingles |= _shingles(sentence)
    for exercise in load_catalogue():
        cue = " ".join(_words(exercise.cue))
        assert not any(cue in sentence for sentence in sentences), exercise.id
        assert not _shingles(exercise.cue) & reference_shingles, exercise.id


def test_dumbbell_only_filter_keeps_dumbbell_and_body_only_exercises() -> None:
    kit = parse_equipment("dumbbells")
    chosen = filter_exercises(load_catalogue(), kit, set())
    names = {e.name for e in chosen}
    assert all(e.equipment <= {Equipment.DUMBBELL} for e in chosen)
    assert "Dumbbell Bench Press" not in names  # needs a bench
    assert {"Pushups", "Hammer Curls", "Stiff-Legged Dumbbell Deadlift"} <= names
    assert not any("Barbell" in name or "Cable" in name for name in names)


def test_knee_injury_removes_squats_lunges_and_jumps() -> None:
    avoid = avoid_regions_from_conditions(["right knee patellofemoral pain"])
    chosen = filter_exercises(load_catalogue(), set(Equipment), avoid)
    names = " ".join(e.name.lower() for e in chosen)
    assert avoid == {Region.KNEE}
    for word in ("squat", "lunge", "jump", "step-up", "leg press", "leg extension"):
        assert word not in names
    assert {e.movement for e in chosen} >= {Movement.HINGE, Movement.PULL, Movement.CORE}
    assert "Romanian Deadlift" in {e.name for e in chosen}


def test_filter_needs_every_piece_of_equipment() -> None:
    without_bench = filter_exercises(load_catalogue(), {Equipment.BARBELL, Equipment.RACK}, set())
    with_bench = filter_exercises(
        load_catalogue(), {Equipment.BARBELL, Equipment.RACK, Equipment.BENCH}, set()
    )
    bench_press = "Barbell_Bench_Press_-_Medium_Grip"
    assert bench_press not in {e.id for e in without_bench}
    assert bench_press in {e.id for e in with_bench}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("dumbbells", {Equipment.DUMBBELL}),
        ("DB", {Equipment.DUMBBELL}),
        ("2 x 10 kg dumbbells and a bench", {Equipment.DUMBBELL, Equipment.BENCH}),
        ("Resistance bands, pull-up bar", {Equipment.BANDS, Equipment.PULL_UP_BAR}),
        (
            "kettlebell + squat rack + barbell",
            {Equipment.KETTLEBELL, Equipment.RACK, Equipment.BARBELL},
        ),
        ("home", set()),
        ("no equipment", set()),
        ("", set()),
        ("哑铃和弹力带", {Equipment.DUMBBELL, Equipment.BANDS}),
        ("我有一对壶铃", {Equipment.KETTLEBELL}),
    ],
)
def test_parse_equipment_understands_free_text(text: str, expected: set[Equipment]) -> None:
    assert parse_equipment(text) == expected | {Equipment.BODY_ONLY}


def test_gym_means_everything() -> None:
    assert parse_equipment("gym") == set(Equipment)
    assert parse_equipment("健身房") == set(Equipment)


def test_parse_equipment_names_unknown_words() -> None:
    with pytest.raises(UserError, match="'trampoline'"):
        parse_equipment("dumbbells and a trampoline")
    with pytest.raises(UserError, match="跑步机"):
        parse_equipment("跑步机")


def test_parse_equipment_list_merges_profile_entries() -> None:
    assert parse_equipment_list(["dumbbells", "bench"]) == {
        Equipment.BODY_ONLY,
        Equipment.DUMBBELL,
        Equipment.BENCH,
    }


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        (["left Achilles tendinopathy"], {Region.CALF, Region.ANKLE}),
        (["lower back pain", "tennis elbow"], {Region.LOWER_BACK, Region.ELBOW}),
        (["rotator cuff strain"], {Region.SHOULDER}),
        (["Hamstring tear 2023", "sprained wrist"], {Region.HAMSTRING, Region.WRIST}),
        (["hip bursitis", "shin splints"], {Region.HIP, Region.CALF}),
        (["膝盖疼", "腰肌劳损"], {Region.KNEE, Region.LOWER_BACK}),
        (["肩袖损伤", "踝关节扭伤", "跟腱炎"], {Region.SHOULDER, Region.ANKLE, Region.CALF}),
        (
            ["腘绳肌拉伤", "髋关节", "手腕", "肘"],
            {Region.HAMSTRING, Region.HIP, Region.WRIST, Region.ELBOW},
        ),
        (["asthma", "hypertension", "feedback welcome"], set()),
    ],
)
def test_conditions_map_to_regions(conditions: list[str], expected: set[Region]) -> None:
    assert avoid_regions_from_conditions(conditions) == expected
