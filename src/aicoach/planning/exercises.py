"""The exercise catalogue shipped with aicoach, and filters by equipment and injury.

Facts (names, equipment, muscles, level, mechanic, force, category) come from the public-domain
free-exercise-db; movement patterns, loaded body regions and coaching cues are aicoach's own
(see ``docs/exercise-catalogue.md``). Equipment and conditions arrive as free text in the
athlete profile; ``parse_equipment`` and ``avoid_regions_from_conditions`` turn them into enums.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from aicoach.errors import DataError, UserError

CATALOGUE_RESOURCE = "exercises.json"


class Equipment(StrEnum):
    """What a person can train with; ``body-only`` is always available."""

    BODY_ONLY = "body-only"
    DUMBBELL = "dumbbell"
    BARBELL = "barbell"
    KETTLEBELL = "kettlebell"
    BANDS = "bands"
    MACHINE = "machine"
    CABLE = "cable"
    BENCH = "bench"
    PULL_UP_BAR = "pull-up-bar"
    RACK = "rack"


class Region(StrEnum):
    """A body region an exercise loads; an injured region is avoided."""

    KNEE = "knee"
    ANKLE = "ankle"
    CALF = "calf"
    HIP = "hip"
    HAMSTRING = "hamstring"
    LOWER_BACK = "lower-back"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"


class Movement(StrEnum):
    """Movement pattern; a strength session fills one slot per pattern it trains."""

    SQUAT = "squat"
    HINGE = "hinge"
    HORIZONTAL_PUSH = "horizontal-push"
    PULL = "pull"
    VERTICAL_PUSH = "vertical-push"
    CURL = "curl"
    TRICEPS_EXTENSION = "triceps-extension"
    CALF_RAISE = "calf-raise"
    CORE = "core"
    JUMP = "jump"


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    EXPERT = "expert"


LOWER_BODY_MOVEMENTS = frozenset(
    {Movement.SQUAT, Movement.HINGE, Movement.CALF_RAISE, Movement.JUMP}
)
EXTERNAL_LOAD_EQUIPMENT = frozenset(
    {
        Equipment.DUMBBELL,
        Equipment.BARBELL,
        Equipment.KETTLEBELL,
        Equipment.MACHINE,
        Equipment.CABLE,
    }
)
"""Equipment whose load is set in kilograms, so a %1RM prescription makes sense."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """One catalogue exercise. ``equipment`` lists everything it needs besides the body."""

    id: str
    name: str
    equipment: frozenset[Equipment]
    primary_muscles: tuple[str, ...]
    secondary_muscles: tuple[str, ...]
    level: Level
    mechanic: str
    force: str
    category: str
    movement: Movement
    loads_regions: frozenset[Region]
    cue: str
    source: str

    @property
    def is_lower_body(self) -> bool:
        return self.movement in LOWER_BODY_MOVEMENTS

    @property
    def is_externally_loaded(self) -> bool:
        return bool(self.equipment & EXTERNAL_LOAD_EQUIPMENT)

    @property
    def equipment_label(self) -> str:
        """Equipment as one short string, e.g. ``dumbbell, bench`` or ``body-only``."""
        return ", ".join(sorted(self.equipment)) or Equipment.BODY_ONLY.value


def _exercise_from_json(record: dict[str, Any]) -> Exercise:
    return Exercise(
        id=record["id"],
        name=record["name"],
        equipment=frozenset(Equipment(item) for item in record["equipment"]),
        primary_muscles=tuple(record["primary_muscles"]),
        secondary_muscles=tuple(record["secondary_muscles"]),
        level=Level(record["level"]),
        mechanic=record["mechanic"],
        force=record["force"],
        category=record["category"],
        movement=Movement(record["movement"]),
        loads_regions=frozenset(Region(item) for item in record["loads_regions"]),
        cue=record["cue"],
        source=record["source"],
    )


@cache
def load_catalogue() -> tuple[Exercise, ...]:
    """The shipped catalogue, read once from the package data."""
    text = (
        resources.files("aicoach.planning")
        .joinpath("data", CATALOGUE_RESOURCE)
        .read_text(encoding="utf-8")
    )
    records = json.loads(text)
    try:
        return tuple(_exercise_from_json(record) for record in records)
    except (KeyError, ValueError) as error:
        raise DataError(f"bad exercise record: {error}", source=CATALOGUE_RESOURCE) from error


def available(exercise: Exercise, equipment: set[Equipment]) -> bool:
    """True when everything the exercise needs is at hand (the body always is)."""
    return exercise.equipment <= equipment | {Equipment.BODY_ONLY}


def spares(exercise: Exercise, avoid_regions: set[Region]) -> bool:
    """True when the exercise loads none of the regions to avoid."""
    return not exercise.loads_regions & avoid_regions


def filter_exercises(
    catalogue: Iterable[Exercise], equipment: set[Equipment], avoid_regions: set[Region]
) -> tuple[Exercise, ...]:
    """Exercises doable with ``equipment`` that load none of ``avoid_regions``."""
    return tuple(
        exercise
        for exercise in catalogue
        if available(exercise, equipment) and spares(exercise, avoid_regions)
    )


# --- free-text equipment -------------------------------------------------------------------

ALL_EQUIPMENT = frozenset(Equipment)
HOME_GYM = frozenset(
    {Equipment.BARBELL, Equipment.RACK, Equipment.BENCH, Equipment.DUMBBELL, Equipment.PULL_UP_BAR}
)
"""What "home gym" is taken to mean: a rack with barbell, bench, dumbbells and a pull-up bar."""

EQUIPMENT_PHRASES: dict[str, frozenset[Equipment]] = {
    **dict.fromkeys(
        (
            "body only",
            "bodyweight",
            "body weight",
            "body",
            "none",
            "nothing",
            "no equipment",
            "home",
            "mat",
            "floor",
            "calisthenics",
        ),
        frozenset({Equipment.BODY_ONLY}),
    ),
    **dict.fromkeys(("dumbbell", "db", "dbs"), frozenset({Equipment.DUMBBELL})),
    **dict.fromkeys(
        ("barbell", "bb", "olympic bar", "ez bar", "ez curl bar", "e z curl bar"),
        frozenset({Equipment.BARBELL}),
    ),
    **dict.fromkeys(("kettlebell", "kb", "kbs"), frozenset({Equipment.KETTLEBELL})),
    **dict.fromkeys(
        ("band", "resistance band", "elastic band", "mini band", "tube", "resistance tube"),
        frozenset({Equipment.BANDS}),
    ),
    **dict.fromkeys(
        ("machine", "weight machine", "leg press", "smith machine"), frozenset({Equipment.MACHINE})
    ),
    **dict.fromkeys(
        ("cable", "cable machine", "cable station", "pulley", "functional trainer"),
        frozenset({Equipment.CABLE}),
    ),
    **dict.fromkeys(
        ("bench", "weight bench", "flat bench", "adjustable bench", "box", "plyo box", "step"),
        frozenset({Equipment.BENCH}),
    ),
    **dict.fromkeys(
        ("pull up bar", "pullup bar", "chin up bar", "chinup bar", "doorway bar"),
        frozenset({Equipment.PULL_UP_BAR}),
    ),
    **dict.fromkeys(
        ("rack", "squat rack", "power rack", "squat stand", "cage", "power cage"),
        frozenset({Equipment.RACK}),
    ),
    **dict.fromkeys(
        ("gym", "full gym", "commercial gym", "fitness centre", "fitness center"), ALL_EQUIPMENT
    ),
    "home gym": HOME_GYM,
    "free weight": frozenset({Equipment.DUMBBELL, Equipment.BARBELL}),
}
"""English phrases (lower case, hyphens as spaces, singular) and the equipment they mean."""

CHINESE_EQUIPMENT: dict[str, frozenset[Equipment]] = {
    "健身房": ALL_EQUIPMENT,
    "家庭健身房": HOME_GYM,
    "哑铃": frozenset({Equipment.DUMBBELL}),
    "杠铃": frozenset({Equipment.BARBELL}),
    "壶铃": frozenset({Equipment.KETTLEBELL}),
    "弹力带": frozenset({Equipment.BANDS}),
    "阻力带": frozenset({Equipment.BANDS}),
    "拉力带": frozenset({Equipment.BANDS}),
    "器械": frozenset({Equipment.MACHINE}),
    "龙门架": frozenset({Equipment.CABLE}),
    "拉力器": frozenset({Equipment.CABLE}),
    "绳索": frozenset({Equipment.CABLE}),
    "卧推凳": frozenset({Equipment.BENCH}),
    "训练凳": frozenset({Equipment.BENCH}),
    "长凳": frozenset({Equipment.BENCH}),
    "凳": frozenset({Equipment.BENCH}),
    "单杠": frozenset({Equipment.PULL_UP_BAR}),
    "引体向上杆": frozenset({Equipment.PULL_UP_BAR}),
    "引体杆": frozenset({Equipment.PULL_UP_BAR}),
    "深蹲架": frozenset({Equipment.RACK}),
    "蹲架": frozenset({Equipment.RACK}),
    "徒手": frozenset({Equipment.BODY_ONLY}),
    "自重": frozenset({Equipment.BODY_ONLY}),
    "无器械": frozenset({Equipment.BODY_ONLY}),
    "没有器械": frozenset({Equipment.BODY_ONLY}),
    "在家": frozenset({Equipment.BODY_ONLY}),
    "家里": frozenset({Equipment.BODY_ONLY}),
    "家": frozenset({Equipment.BODY_ONLY}),
}
CHINESE_FILLER = frozenset("我有只一对副个套的和及与还加些把根条台训练用可以能")
# fmt: off
ENGLISH_FILLER = frozenset({
    "a", "an", "the", "some", "pair", "pairs", "of", "set", "sets", "adjustable", "my", "i",
    "have", "only", "just", "light", "heavy", "own", "at", "in", "use", "can", "few", "two",
    "one", "access", "to", "fixed", "small", "big", "weight", "weights", "kg", "kgs", "lb", "lbs",
})
# fmt: on
SEPARATORS = re.compile(r"[,;/+&\n、，；]|\band\b|\bwith\b|\bplus\b|\bor\b")
NUMBER_TOKEN = re.compile(r"^\d+(\.\d+)?(kg|kgs|lb|lbs|x)?$|^x$")
CJK = re.compile(r"[\u4e00-\u9fff]")
MAX_PHRASE_WORDS = 3


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _lookup_english(words: list[str]) -> frozenset[Equipment] | None:
    phrase = " ".join(words)
    found = EQUIPMENT_PHRASES.get(phrase)
    if found is None:
        found = EQUIPMENT_PHRASES.get(" ".join([*words[:-1], _singular(words[-1])]))
    return found


def _parse_english(phrase: str, unknown: list[str]) -> set[Equipment]:
    words = re.sub(r"[-_.]", " ", phrase).split()
    found: set[Equipment] = set()
    start = 0
    while start < len(words):
        for width in range(min(MAX_PHRASE_WORDS, len(words) - start), 0, -1):
            match = _lookup_english(words[start : start + width])
            if match is not None:
                found |= match
                start += width
                break
        else:
            word = words[start]
            if word not in ENGLISH_FILLER and not NUMBER_TOKEN.match(word):
                unknown.append(word)
            start += 1
    return found


def _parse_chinese(phrase: str, unknown: list[str]) -> set[Equipment]:
    found: set[Equipment] = set()
    rest = phrase
    for key in sorted(CHINESE_EQUIPMENT, key=len, reverse=True):
        if key in rest:
            found |= CHINESE_EQUIPMENT[key]
            rest = rest.replace(key, " ")
    leftover = "".join(char for char in rest if CJK.match(char) and char not in CHINESE_FILLER)
    if leftover:
        unknown.append(leftover)
    return found


def parse_equipment(text: str) -> set[Equipment]:
    """Equipment named in free text (English or Chinese), always with ``body-only``.

    "dumbbells", "DB", "2 x 10 kg dumbbells and a bench" and "哑铃和弹力带" are understood;
    "gym" means everything, "home" means body weight only. Raises ``UserError`` naming the
    words it does not know.
    """
    found: set[Equipment] = {Equipment.BODY_ONLY}
    unknown: list[str] = []
    for raw in SEPARATORS.split(text.lower()):
        phrase = raw.strip()
        if not phrase:
            continue
        if CJK.search(phrase):
            found |= _parse_chinese(phrase, unknown)
        else:
            found |= _parse_english(phrase, unknown)
    if unknown:
        known = ", ".join(equipment.value for equipment in Equipment)
        raise UserError(
            f"Unknown equipment: {', '.join(repr(word) for word in unknown)}. "
            f"Known kinds: {known} (or 'gym', 'home')."
        )
    return found


def parse_equipment_list(items: Iterable[str]) -> set[Equipment]:
    """``parse_equipment`` over the profile's list of equipment strings."""
    found: set[Equipment] = {Equipment.BODY_ONLY}
    for item in items:
        found |= parse_equipment(item)
    return found


# --- free-text conditions ------------------------------------------------------------------

CONDITION_PATTERNS: tuple[tuple[re.Pattern[str], frozenset[Region]], ...] = (
    (
        re.compile(r"\bknees?\b|patell|menisc|\bacl\b|\bmcl\b|\bpcl\b|膝|半月板|髌"),
        frozenset({Region.KNEE}),
    ),
    (re.compile(r"\bit ?band\b|\bitbs?\b|iliotibial"), frozenset({Region.KNEE, Region.HIP})),
    (
        re.compile(r"\bankles?\b|\bfoot\b|\bfeet\b|plantar|\bheels?\b|踝|足底|足部|脚"),
        frozenset({Region.ANKLE}),
    ),
    (re.compile(r"achilles|跟腱"), frozenset({Region.CALF, Region.ANKLE})),
    (re.compile(r"\bcal(f|ves)\b|\bshins?\b|tibia|小腿|胫"), frozenset({Region.CALF})),
    (re.compile(r"\bhips?\b|groin|adductor|piriformis|髋|腹股沟|臀"), frozenset({Region.HIP})),
    (re.compile(r"hamstring|腘绳肌|大腿后"), frozenset({Region.HAMSTRING})),
    (
        re.compile(r"\bback\b|backache|lumbar|spine|spinal|\bdis[ck]s?\b|sciatica|腰|背|脊|椎间盘"),
        frozenset({Region.LOWER_BACK}),
    ),
    (re.compile(r"shoulder|rotator cuff|肩"), frozenset({Region.SHOULDER})),
    (re.compile(r"elbow|epicondyl|肘"), frozenset({Region.ELBOW})),
    (re.compile(r"wrist|carpal|腕"), frozenset({Region.WRIST})),
)
"""Injury words (English, Chinese) and the regions a strength plan then spares."""


def regions_from_condition(condition: str) -> set[Region]:
    """Regions named in one condition; words are matched, negations are not understood."""
    text = condition.lower()
    regions: set[Region] = set()
    for pattern, named in CONDITION_PATTERNS:
        if pattern.search(text):
            regions |= named
    return regions


def avoid_regions_from_conditions(conditions: list[str]) -> set[Region]:
    """Regions to spare given the athlete's conditions, e.g. "left Achilles" -> calf, ankle.

    Conditions that name no body region (asthma, hypertension) add nothing here; they are
    handled by screening. Matching errs on the side of caution: "no knee pain" still spares
    the knee.
    """
    regions: set[Region] = set()
    for condition in conditions:
        regions |= regions_from_condition(condition)
    return regions
