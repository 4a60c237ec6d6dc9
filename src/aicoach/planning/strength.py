"""Strength sessions for a week, and load progression from the reps a person did.

Prescriptions follow the ACSM position stand on progression models in resistance training
(Ratamess et al. 2009, Med Sci Sports Exerc 41:687-708): max strength 3-5 x 3-6 at 80-90 %1RM
with 3-5 min rest; hypertrophy 3-4 x 8-12 at 67-80 %1RM with 1-2 min rest; novices 8-12 reps,
full body 2-3 days a week, upper/lower splits from 4 days. General fitness follows ACSM's
exercise-prescription stand (Garber et al. 2011, Med Sci Sports Exerc 43:1334-1359): every
major muscle group 2-3 days a week, 2-4 sets of 8-12, 48 h apart. The runners' supplement
follows Blagrove, Howatson & Hayes 2018 (Sports Med 48:1117-1149): 1-2 short sessions of
2-3 x 6-10, well short of failure. Weekly volume of 4-20 sets per muscle (at least ~10 for
hypertrophy) follows Schoenfeld, Ogborn & Krieger 2017 (J Sports Sci 35:1073-1082). Effort is
stated as reps in reserve (RIR, Helms et al. 2016) where a %1RM makes no sense.

The scheduler places the drafts on days at least 48 h apart for the same muscle; this module
only decides their content.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Intensity,
    PlannedSession,
    SessionType,
)
from aicoach.errors import UserError
from aicoach.planning.exercises import (
    Equipment,
    Exercise,
    Level,
    Movement,
    Region,
    filter_exercises,
    load_catalogue,
)
from aicoach.planning.rules import DEFAULT_RULES, PlanRules, StrengthLimits
from aicoach.planning.session_load import rpe_session_load

SESSIONS_PER_WEEK_MIN = 1
SESSIONS_PER_WEEK_MAX = 6
WEEKS_PER_EXERCISE_BLOCK = 4
"""Exercises change every 4 weeks (one block), so loads can progress on the same lift."""
ROTATION_POOL = 3
"""Rotation cycles through the 3 best-suited candidates for a slot."""
DELOAD_SET_FRACTION = 0.6
"""A deload week keeps about 60 % of the sets (a ~40 % cut) at unchanged loads."""
DELOAD_RPE_DROP = 1.0
WARM_UP_MIN = 8.0
SECONDS_PER_REP = 3.0
"""About 1 s lifting and 2 s lowering."""
SETUP_S_PER_EXERCISE = 60.0
MAX_SETS_PER_EXERCISE = 6
SET_FIT_ROUNDS_MAX = 200


class StrengthFocus(StrEnum):
    GENERAL = "general"
    HYPERTROPHY = "hypertrophy"
    MAX_STRENGTH = "max-strength"
    SUPPLEMENT = "supplement"
    """Short sessions supporting a running plan."""
    GENERAL_FITNESS = "general-fitness"
    """Resistance training inside a general-fitness or weight-loss plan."""


class SplitDay(StrEnum):
    FULL_BODY = "full body"
    UPPER = "upper body"
    LOWER = "lower body"


@dataclass(frozen=True, slots=True)
class SetsRepsRest:
    """How one exercise is done: a set range, a weekly set target, reps, effort and rest."""

    sets_min: int
    sets_max: int
    weekly_sets_target: int
    reps: int
    reps_in_reserve: int
    rest_s: int
    load_pct_1rm: float | None = None
    """Used for externally loaded exercises; body-weight and band exercises use RIR."""


@dataclass(frozen=True, slots=True)
class FocusPlan:
    """What a focus trains and how: slots per split day, prescriptions and session effort."""

    label: str
    main: SetsRepsRest
    accessory: SetsRepsRest
    full_body: tuple[Movement, ...]
    upper: tuple[Movement, ...]
    lower: tuple[Movement, ...]
    session_rpe: float
    intensity: Intensity

    def slots(self, day: SplitDay) -> tuple[Movement, ...]:
        match day:
            case SplitDay.FULL_BODY:
                return self.full_body
            case SplitDay.UPPER:
                return self.upper
            case SplitDay.LOWER:
                return self.lower


M = Movement
FULL_BODY_BASIC = (M.SQUAT, M.HINGE, M.HORIZONTAL_PUSH, M.PULL, M.VERTICAL_PUSH, M.CORE)
UPPER_ALL = (M.HORIZONTAL_PUSH, M.PULL, M.VERTICAL_PUSH, M.CURL, M.TRICEPS_EXTENSION)
LOWER_ALL = (M.SQUAT, M.HINGE, M.CALF_RAISE, M.CORE)
ACCESSORY_MOVEMENTS = frozenset({M.CURL, M.TRICEPS_EXTENSION, M.CALF_RAISE, M.CORE})
LEVEL_ORDER = (Level.BEGINNER, Level.INTERMEDIATE, Level.EXPERT)

FOCUS_PLANS: dict[StrengthFocus, FocusPlan] = {
    StrengthFocus.GENERAL: FocusPlan(
        label="Strength",
        main=SetsRepsRest(2, 3, 8, reps=10, reps_in_reserve=2, rest_s=90),
        accessory=SetsRepsRest(2, 3, 6, reps=12, reps_in_reserve=2, rest_s=60),
        full_body=FULL_BODY_BASIC,
        upper=UPPER_ALL,
        lower=LOWER_ALL,
        session_rpe=6.0,
        intensity=Intensity.MODERATE,
    ),
    StrengthFocus.GENERAL_FITNESS: FocusPlan(
        label="Resistance training",
        main=SetsRepsRest(2, 3, 6, reps=12, reps_in_reserve=3, rest_s=60),
        accessory=SetsRepsRest(2, 3, 6, reps=12, reps_in_reserve=3, rest_s=60),
        full_body=FULL_BODY_BASIC,
        upper=UPPER_ALL,
        lower=LOWER_ALL,
        session_rpe=5.0,
        intensity=Intensity.MODERATE,
    ),
    StrengthFocus.HYPERTROPHY: FocusPlan(
        label="Hypertrophy",
        main=SetsRepsRest(3, 4, 12, reps=10, reps_in_reserve=2, rest_s=90, load_pct_1rm=70.0),
        accessory=SetsRepsRest(3, 4, 10, reps=12, reps_in_reserve=2, rest_s=60),
        full_body=(
            M.SQUAT,
            M.HINGE,
            M.HORIZONTAL_PUSH,
            M.PULL,
            M.VERTICAL_PUSH,
            M.CURL,
            M.TRICEPS_EXTENSION,
        ),
        upper=UPPER_ALL,
        lower=LOWER_ALL,
        session_rpe=7.0,
        intensity=Intensity.MODERATE,
    ),
    StrengthFocus.MAX_STRENGTH: FocusPlan(
        label="Max strength",
        main=SetsRepsRest(3, 5, 8, reps=5, reps_in_reserve=1, rest_s=180, load_pct_1rm=85.0),
        accessory=SetsRepsRest(2, 3, 6, reps=10, reps_in_reserve=2, rest_s=90),
        full_body=FULL_BODY_BASIC,
        upper=(M.HORIZONTAL_PUSH, M.PULL, M.VERTICAL_PUSH, M.TRICEPS_EXTENSION),
        lower=(M.SQUAT, M.HINGE, M.CORE),
        session_rpe=8.0,
        intensity=Intensity.HARD,
    ),
    StrengthFocus.SUPPLEMENT: FocusPlan(
        label="Runner's strength",
        main=SetsRepsRest(2, 3, 6, reps=8, reps_in_reserve=2, rest_s=90),
        accessory=SetsRepsRest(2, 3, 6, reps=12, reps_in_reserve=2, rest_s=60),
        full_body=(M.SQUAT, M.HINGE, M.CALF_RAISE, M.PULL, M.CORE),
        upper=(M.HORIZONTAL_PUSH, M.PULL, M.VERTICAL_PUSH),
        lower=LOWER_ALL,
        session_rpe=6.0,
        intensity=Intensity.MODERATE,
    ),
}

SLOT_NAMES: dict[Movement, tuple[str, str]] = {
    M.SQUAT: ("thighs", "squat pattern"),
    M.HINGE: ("hips and hamstrings", "hinge pattern"),
    M.HORIZONTAL_PUSH: ("chest", "presses and push-ups"),
    M.PULL: ("back", "rows and pull-ups"),
    M.VERTICAL_PUSH: ("shoulders", "overhead presses"),
    M.CURL: ("biceps", "curls"),
    M.TRICEPS_EXTENSION: ("triceps", "extensions"),
    M.CALF_RAISE: ("calves", "calf raises"),
    M.CORE: ("core", "trunk exercises"),
    M.JUMP: ("legs (jumps)", "jumps"),
}
"""The muscle group a slot trains and how, for messages."""

SLOT_MUSCLES: dict[Movement, frozenset[str]] = {
    M.SQUAT: frozenset({"quadriceps"}),
    M.HINGE: frozenset({"hamstrings", "glutes", "lower back"}),
    M.HORIZONTAL_PUSH: frozenset({"chest"}),
    M.PULL: frozenset({"lats", "middle back"}),
    M.VERTICAL_PUSH: frozenset({"shoulders"}),
    M.CURL: frozenset({"biceps"}),
    M.TRICEPS_EXTENSION: frozenset({"triceps"}),
    M.CALF_RAISE: frozenset({"calves"}),
    M.CORE: frozenset({"abdominals"}),
    M.JUMP: frozenset({"quadriceps"}),
}
"""The primary muscles a slot is meant to load; exercises hitting them are preferred."""


@dataclass(frozen=True, slots=True)
class StrengthSessionDraft:
    """One strength session's content, before the scheduler gives it a day."""

    title: str
    exercises: tuple[ExercisePrescription, ...]
    duration_min: float
    rpe: float
    intensity: Intensity
    muscles: tuple[str, ...]
    """Primary muscles trained, sorted; sessions sharing one need 48 h between them."""

    @property
    def load(self) -> float:
        """Planned load in TSS units from duration and session RPE."""
        return rpe_session_load(self.duration_min, self.rpe)

    def to_session(self, day: date, note: str | None = None) -> PlannedSession:
        return PlannedSession(
            day=day,
            sport=Sport.STRENGTH,
            session_type=SessionType.STRENGTH,
            intensity=self.intensity,
            duration_min=self.duration_min,
            load=self.load,
            title=self.title,
            exercises=self.exercises,
            note=note,
        )


@dataclass(frozen=True, slots=True)
class StrengthWeek:
    """A week's strength drafts and the warnings (left-out groups, too few sessions)."""

    drafts: tuple[StrengthSessionDraft, ...]
    warnings: tuple[str, ...]

    def weekly_sets_by_muscle(self) -> dict[str, int]:
        return weekly_sets_by_muscle(
            exercise for draft in self.drafts for exercise in draft.exercises
        )


def weekly_sets_by_muscle(exercises: Iterable[ExercisePrescription]) -> dict[str, int]:
    """Sets per primary muscle over ``exercises`` (an exercise counts for each primary)."""
    totals: Counter[str] = Counter()
    for exercise in exercises:
        for muscle in exercise.primary_muscles:
            totals[muscle] += exercise.sets
    return dict(totals)


# --- week structure ----------------------------------------------------------------------


def split_days(sessions_per_week: int) -> tuple[SplitDay, ...]:
    """Full body for 1-3 sessions, upper/lower from 4 (5 adds a full-body day)."""
    if not SESSIONS_PER_WEEK_MIN <= sessions_per_week <= SESSIONS_PER_WEEK_MAX:
        raise UserError(
            f"Strength sessions per week must be {SESSIONS_PER_WEEK_MIN}-"
            f"{SESSIONS_PER_WEEK_MAX}, not {sessions_per_week}."
        )
    if sessions_per_week <= 3:
        return (SplitDay.FULL_BODY,) * sessions_per_week
    pairs = (SplitDay.UPPER, SplitDay.LOWER) * (sessions_per_week // 2)
    return pairs + ((SplitDay.FULL_BODY,) if sessions_per_week % 2 else ())


def slot_hits(plan: FocusPlan, days: Sequence[SplitDay]) -> Counter[Movement]:
    """How many sessions of the week train each slot."""
    return Counter(slot for day in days for slot in plan.slots(day))


# --- exercise choice ---------------------------------------------------------------------


def _preference_key(exercise: Exercise, plan: FocusPlan) -> tuple[int, int, int, int, int, str]:
    """Sort key: on-target muscle first, then loaded (progressable), barbell for %1RM foci,
    simpler level, compound before isolation, and the id to break ties."""
    on_target = bool(set(exercise.primary_muscles) & SLOT_MUSCLES[exercise.movement])
    barbell = Equipment.BARBELL in exercise.equipment and plan.main.load_pct_1rm is not None
    return (
        0 if on_target else 1,
        0 if exercise.is_externally_loaded else 1,
        0 if barbell else 1,
        LEVEL_ORDER.index(exercise.level),
        0 if exercise.mechanic == "compound" else 1,
        exercise.id,
    )


def slot_candidates(slot: Movement, pool: Iterable[Exercise], plan: FocusPlan) -> list[Exercise]:
    """Exercises for a slot, best first; expert-level exercises are never chosen on their own."""
    matching = [e for e in pool if e.movement is slot and e.level is not Level.EXPERT]
    return sorted(matching, key=lambda exercise: _preference_key(exercise, plan))


def choose_exercise(candidates: Sequence[Exercise], week_index: int) -> Exercise | None:
    """The candidate for this week: rotates among the best few every block of weeks."""
    if not candidates:
        return None
    block = week_index // WEEKS_PER_EXERCISE_BLOCK
    return candidates[block % min(ROTATION_POOL, len(candidates))]


def left_out_warning(slot: Movement, equipment: set[Equipment], avoid: set[Region]) -> str:
    group, how = SLOT_NAMES[slot]
    kit = ", ".join(sorted(item.value for item in equipment | {Equipment.BODY_ONLY}))
    spared = f" that spares your {', '.join(sorted(r.value for r in avoid))}" if avoid else ""
    return (
        f"No exercise for the {group} ({how}) with your equipment ({kit}){spared}; "
        f"{group} left out."
    )


# --- sets ----------------------------------------------------------------------------------


def _round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def sets_per_session(rx: SetsRepsRest, hits: int, deload: bool) -> int:
    """Sets per session so the week lands near the weekly target, cut ~40 % in a deload."""
    sets = min(max(_round_half_up(rx.weekly_sets_target / hits), rx.sets_min), rx.sets_max)
    if deload:
        sets = max(1, _round_half_up(sets * DELOAD_SET_FRACTION))
    return sets


SetKey = tuple[int, int]
"""(session index, exercise index) of one prescription in the week."""


def _totals(sets: dict[SetKey, int], muscles: dict[SetKey, tuple[str, ...]]) -> Counter[str]:
    totals: Counter[str] = Counter()
    for key, count in sets.items():
        for muscle in muscles[key]:
            totals[muscle] += count
    return totals


def _nudge(
    sets: dict[SetKey, int], muscles: dict[SetKey, tuple[str, ...]], muscle: str, step: int
) -> bool:
    """Add (step 1) or remove (step -1) one set on the exercise of ``muscle`` that has the
    fewest (or most) sets; False when none can change."""
    keys = [key for key in sorted(sets) if muscle in muscles[key]]
    if step > 0:
        keys = [key for key in keys if sets[key] < MAX_SETS_PER_EXERCISE]
        chosen = min(keys, key=lambda key: sets[key], default=None)
    else:
        keys = [key for key in keys if sets[key] > 1]
        chosen = max(keys, key=lambda key: sets[key], default=None)
    if chosen is None:
        return False
    sets[chosen] += step
    return True


def fit_weekly_sets(
    sets: dict[SetKey, int], muscles: dict[SetKey, tuple[str, ...]], limits: StrengthLimits
) -> dict[SetKey, int]:
    """Move sets one at a time until every primary muscle's weekly sets lie within limits."""
    fitted = dict(sets)
    for _ in range(SET_FIT_ROUNDS_MAX):
        totals = _totals(fitted, muscles)
        high = [m for m in sorted(totals) if totals[m] > limits.weekly_sets_per_muscle_max]
        low = [m for m in sorted(totals) if totals[m] < limits.weekly_sets_per_muscle_min]
        moved = [_nudge(fitted, muscles, m, -1) for m in high]
        moved += [_nudge(fitted, muscles, m, +1) for m in low]
        if not any(moved):
            break
    return fitted


def out_of_limit_warnings(
    sets: dict[SetKey, int], muscles: dict[SetKey, tuple[str, ...]], limits: StrengthLimits
) -> list[str]:
    """Warnings for muscles whose weekly sets could not be brought within limits."""
    low, high = limits.weekly_sets_per_muscle_min, limits.weekly_sets_per_muscle_max
    return [
        f"Weekly sets for {muscle} are {total}, outside {low}-{high}."
        for muscle, total in sorted(_totals(sets, muscles).items())
        if not low <= total <= high
    ]


# --- prescriptions and drafts --------------------------------------------------------------


def prescription_for(exercise: Exercise, plan: FocusPlan) -> SetsRepsRest:
    """Accessory scheme for arms, calves, core and isolation moves; the main scheme otherwise."""
    if exercise.movement in ACCESSORY_MOVEMENTS or exercise.mechanic == "isolation":
        return plan.accessory
    return plan.main


def prescribe(exercise: Exercise, rx: SetsRepsRest, sets: int) -> ExercisePrescription:
    loaded = rx.load_pct_1rm is not None and exercise.is_externally_loaded
    return ExercisePrescription(
        exercise_id=exercise.id,
        name=exercise.name,
        primary_muscles=exercise.primary_muscles,
        sets=sets,
        reps=rx.reps,
        load_pct_1rm=rx.load_pct_1rm if loaded else None,
        reps_in_reserve=None if loaded else rx.reps_in_reserve,
        rest_s=rx.rest_s,
        equipment=exercise.equipment_label,
        cue=exercise.cue,
    )


def exercise_duration_s(sets: int, reps: int, rest_s: float) -> float:
    """Working time plus a rest after every set plus setting up."""
    return sets * (reps * SECONDS_PER_REP + rest_s) + SETUP_S_PER_EXERCISE


def session_minutes(exercises_s: Iterable[float]) -> float:
    """Warm-up plus every exercise's seconds, rounded to whole minutes."""
    return float(round(WARM_UP_MIN + sum(exercises_s) / 60.0))


def session_duration_min(exercises: Iterable[ExercisePrescription]) -> float:
    return session_minutes(exercise_duration_s(e.sets, e.reps, e.rest_s) for e in exercises)


def lower_intensity(intensity: Intensity) -> Intensity:
    match intensity:
        case Intensity.HARD:
            return Intensity.MODERATE
        case Intensity.MODERATE | Intensity.EASY:
            return Intensity.EASY
        case Intensity.REST:
            return Intensity.REST


def _title(plan: FocusPlan, days: Sequence[SplitDay], index: int, deload: bool) -> str:
    day = days[index]
    same = [i for i, other in enumerate(days) if other is day]
    number = f" {same.index(index) + 1}" if len(same) > 1 else ""
    return f"{plan.label}: {day.value}{number}" + (" (deload)" if deload else "")


def _draft(
    title: str, exercises: tuple[ExercisePrescription, ...], plan: FocusPlan, deload: bool
) -> StrengthSessionDraft:
    return StrengthSessionDraft(
        title=title,
        exercises=exercises,
        duration_min=session_duration_min(exercises),
        rpe=plan.session_rpe - (DELOAD_RPE_DROP if deload else 0.0),
        intensity=lower_intensity(plan.intensity) if deload else plan.intensity,
        muscles=tuple(sorted({m for e in exercises for m in e.primary_muscles})),
    )


def _trim_session_sets(
    sets: dict[SetKey, int], session: int, schemes: Sequence[SetsRepsRest], max_min: float
) -> None:
    """Take one set at a time from the session's exercise with the most sets (the later one on
    a tie, accessories come last), never below one set, until it fits ``max_min`` minutes."""

    def minutes() -> float:
        return session_minutes(
            exercise_duration_s(sets[(session, j)], rx.reps, rx.rest_s)
            for j, rx in enumerate(schemes)
        )

    while schemes and minutes() > max_min:
        most = max(range(len(schemes)), key=lambda j: (sets[(session, j)], j))
        if sets[(session, most)] <= 1:
            return
        sets[(session, most)] -= 1


def _choices(
    plan: FocusPlan, slots: Iterable[Movement], pool: Sequence[Exercise], week_index: int
) -> dict[Movement, Exercise | None]:
    return {slot: choose_exercise(slot_candidates(slot, pool, plan), week_index) for slot in slots}


def strength_week(
    focus: StrengthFocus,
    sessions_per_week: int,
    equipment: set[Equipment],
    avoid: set[Region],
    week_index: int = 0,
    deload: bool = False,
    catalogue: Sequence[Exercise] | None = None,
    rules: PlanRules = DEFAULT_RULES,
    max_session_min: float | None = None,
) -> StrengthWeek:
    """The strength sessions of one week for ``focus``, within the weekly set limits.

    Each slot (movement pattern) gets one exercise for the whole week, chosen from what the
    equipment allows and the avoided regions spare, rotating every 4-week block. A slot with
    no exercise is left out with a warning; so is a session left with nothing in it. With
    ``max_session_min``, sessions lose sets (largest first) until they fit that many minutes.
    """
    plan = FOCUS_PLANS[focus]
    days = split_days(sessions_per_week)
    source = load_catalogue() if catalogue is None else catalogue
    pool = filter_exercises(source, equipment, avoid)
    hits = slot_hits(plan, days)
    chosen = _choices(plan, hits, pool, week_index)
    warnings = [
        left_out_warning(slot, equipment, avoid) for slot, ex in chosen.items() if ex is None
    ]
    if sessions_per_week < rules.strength.sessions_per_muscle_per_week_min:
        warnings.append(
            "One strength session a week trains each muscle once; two sessions at least 48 h "
            "apart are recommended."
        )
    layout = [
        [(ex, prescription_for(ex, plan)) for slot in plan.slots(day) if (ex := chosen[slot])]
        for day in days
    ]
    sets = {
        (i, j): sets_per_session(rx, hits[ex.movement], deload)
        for i, session in enumerate(layout)
        for j, (ex, rx) in enumerate(session)
    }
    muscles = {(i, j): layout[i][j][0].primary_muscles for (i, j) in sets}
    sets = fit_weekly_sets(sets, muscles, rules.strength)
    if max_session_min is not None:
        for i, session in enumerate(layout):
            _trim_session_sets(sets, i, [rx for _, rx in session], max_session_min)
    warnings += out_of_limit_warnings(sets, muscles, rules.strength)
    drafts = []
    for i, session in enumerate(layout):
        if not session:
            warnings.append(f"{_title(plan, days, i, deload)} has no exercise left; left out.")
            continue
        exercises = tuple(prescribe(ex, rx, sets[(i, j)]) for j, (ex, rx) in enumerate(session))
        drafts.append(_draft(_title(plan, days, i, deload), exercises, plan, deload))
    return StrengthWeek(drafts=tuple(drafts), warnings=tuple(warnings))


# --- progression ---------------------------------------------------------------------------


class BodyHalf(StrEnum):
    UPPER = "upper"
    LOWER = "lower"


class LoadChange(StrEnum):
    INCREASE = "increase"
    HOLD = "hold"
    DECREASE = "decrease"


INCREASE_FRACTION: dict[BodyHalf, float] = {BodyHalf.LOWER: 0.05, BodyHalf.UPPER: 0.025}
"""Larger, lower-body lifts go up ~5 %, upper-body lifts ~2.5 % (ACSM 2009: 2-10 %)."""
DECREASE_FRACTION = 0.10
MISSED_BY_REPS = 2
MISSED_SETS_FOR_DECREASE = 2
BARBELL_STEP_KG = 0.5
"""Smallest barbell change with 0.25 kg fractional plates on each side."""
MACHINE_STEP_KG = 2.5
DUMBBELL_SMALL_STEP_KG = 1.0
DUMBBELL_LARGE_STEP_KG = 2.0
DUMBBELL_SMALL_UP_TO_KG = 10.0
"""Typical fixed dumbbells: 1 kg steps up to 10 kg, then 2 kg steps (per hand)."""
KETTLEBELL_STEP_KG = 4.0
"""Kettlebells come in 4 kg steps (8, 12, 16, 20, 24 kg)."""


@dataclass(frozen=True, slots=True)
class LoadDecision:
    """The next load for an exercise and the one-sentence reason for it."""

    load_kg: float
    change: LoadChange
    reason: str


def load_step_kg(equipment: Equipment, current_kg: float) -> float:
    """The smallest load change available on ``equipment`` at ``current_kg``."""
    match equipment:
        case Equipment.DUMBBELL:
            small = current_kg < DUMBBELL_SMALL_UP_TO_KG
            return DUMBBELL_SMALL_STEP_KG if small else DUMBBELL_LARGE_STEP_KG
        case Equipment.KETTLEBELL:
            return KETTLEBELL_STEP_KG
        case Equipment.MACHINE | Equipment.CABLE:
            return MACHINE_STEP_KG
        case _:
            return BARBELL_STEP_KG


def body_half(exercise: Exercise) -> BodyHalf:
    return BodyHalf.LOWER if exercise.is_lower_body else BodyHalf.UPPER


def _round_to_step(value_kg: float, step_kg: float) -> float:
    """Nearest multiple of ``step_kg``, halves rounded up."""
    return _round_half_up(round(value_kg / step_kg, 9)) * step_kg


def _kg(value: float) -> str:
    return f"{value:g} kg"


def _reps_text(reps_done: Sequence[int]) -> str:
    return ", ".join(str(reps) for reps in reps_done)


def _validate(current_kg: float, reps_done: Sequence[int], rep_target: int) -> None:
    if current_kg <= 0:
        raise UserError(f"Current load must be above 0 kg, not {current_kg:g}.")
    if rep_target < 1:
        raise UserError(f"The rep target must be at least 1, not {rep_target}.")
    if not reps_done or min(reps_done) < 0:
        raise UserError("Give the reps done in each set (at least one set, none negative).")


def _increased_kg(
    current_kg: float, fraction: float, step_kg: float, limits: StrengthLimits
) -> float | None:
    """Current load raised by ``fraction`` on the step grid, kept within the 2-10 % limits;
    None when even one step would exceed the maximum increase."""
    lowest_kg = current_kg * (1 + limits.load_increase_min_fraction)
    highest_kg = current_kg * (1 + limits.load_increase_max_fraction)
    wanted_kg = max(_round_to_step(current_kg * (1 + fraction), step_kg), lowest_kg)
    new_kg = math.ceil(round(wanted_kg / step_kg, 9)) * step_kg
    return new_kg if new_kg <= highest_kg + 1e-9 else None


def _decreased_kg(current_kg: float, step_kg: float) -> float:
    new_kg = _round_to_step(current_kg * (1 - DECREASE_FRACTION), step_kg)
    if new_kg >= current_kg:
        new_kg = current_kg - step_kg
    return max(new_kg, step_kg)


def next_load_kg(
    current_kg: float,
    reps_done: Sequence[int],
    rep_target: int,
    rules: PlanRules = DEFAULT_RULES,
    *,
    half: BodyHalf = BodyHalf.UPPER,
    step_kg: float = BARBELL_STEP_KG,
) -> LoadDecision:
    """The next session's load from this session's reps per set.

    Up only when every set beat the target (each set at least ``rep_target + 1`` reps): by
    ~5 % for the lower body and ~2.5 % for the upper body (``half``; upper is the cautious
    default), on the ``step_kg`` grid, within the 2-10 % limits of ``rules``. Down ~10 % when
    two or more sets fell short by 2+ reps. Otherwise the load holds.
    """
    _validate(current_kg, reps_done, rep_target)
    done = _reps_text(reps_done)
    missed = sum(1 for reps in reps_done if reps <= rep_target - MISSED_BY_REPS)
    if missed >= MISSED_SETS_FOR_DECREASE:
        new_kg = _decreased_kg(current_kg, step_kg)
        return LoadDecision(
            new_kg,
            LoadChange.DECREASE,
            f"{missed} sets missed the {rep_target}-rep target by {MISSED_BY_REPS} or more "
            f"({done}), so the load drops from {_kg(current_kg)} to {_kg(new_kg)}.",
        )
    if min(reps_done) <= rep_target:
        return LoadDecision(
            current_kg,
            LoadChange.HOLD,
            f"Not every set beat the {rep_target}-rep target ({done}), so the load stays at "
            f"{_kg(current_kg)}.",
        )
    increased = _increased_kg(current_kg, INCREASE_FRACTION[half], step_kg, rules.strength)
    if increased is None:
        return LoadDecision(
            current_kg,
            LoadChange.HOLD,
            f"Every set beat the {rep_target}-rep target ({done}), but the next weight up is "
            f"more than {rules.strength.load_increase_max_fraction:.0%} heavier than "
            f"{_kg(current_kg)}, so stay there and add reps first.",
        )
    percent = (increased / current_kg - 1) * 100
    return LoadDecision(
        increased,
        LoadChange.INCREASE,
        f"Every set beat the {rep_target}-rep target ({done}), so the load goes up "
        f"{percent:.1f} % from {_kg(current_kg)} to {_kg(increased)}.",
    )
