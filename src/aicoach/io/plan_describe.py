"""Plan sessions, steps, targets and exercises in plain English words, for every plan export.

The iCalendar, Markdown and HTML exports all word a session the same way through this module:
``warm-up 15 min @ 5:40-6:10 /km; 4 x (8 min @ 4:30-4:40 /km, 2 min easy); cool-down 10 min``
and ``Goblet squat 3 x 10 @ RIR 2``. The words are plain text; each export escapes them for
its own format.
"""

from __future__ import annotations

from aicoach.domain.plan import (
    ExercisePrescription,
    PlannedSession,
    RepeatBlock,
    SessionPart,
    SessionType,
    Step,
    StepKind,
    Target,
    TargetKind,
)
from aicoach.units import format_pace_min_per_km, m_to_km

SEPARATOR = " · "
"""Joins the facts of a headline or a fact line: ``Tempo run · 50 min · 9.0 km``."""

PACE_SUFFIX = " /km"

STEP_PREFIX: dict[StepKind, str] = {
    StepKind.WARM_UP: "warm-up ",
    StepKind.ACTIVE: "",
    StepKind.RECOVERY: "",
    StepKind.COOL_DOWN: "cool-down ",
    StepKind.WALK: "",
}
"""Words before a step's duration, by kind (exhaustive over ``StepKind``)."""

STEP_SUFFIX: dict[StepKind, str] = {
    StepKind.WARM_UP: "",
    StepKind.ACTIVE: "",
    StepKind.RECOVERY: " easy",
    StepKind.COOL_DOWN: "",
    StepKind.WALK: " walk",
}
"""Words after a step's duration, by kind (exhaustive over ``StepKind``)."""


def number_text(value: float, decimals: int = 1) -> str:
    """``value`` rounded to ``decimals`` without trailing zeros: 312.5 -> '312.5', 65.0 -> '65'."""
    return f"{round(value, decimals):g}"


def session_label(session: PlannedSession) -> str:
    """The session's title, or its type in words when it has none: 'Tempo run'."""
    return session.title.strip() or session_type_label(session.session_type)


def session_type_label(session_type: SessionType) -> str:
    """A session type in words: ``vo2max-ride`` -> 'Vo2max ride'."""
    return session_type.value.replace("-", " ").capitalize()


def session_headline(session: PlannedSession) -> str:
    """Label, duration and distance: 'Tempo run · 50 min · 9.0 km'."""
    parts = [session_label(session), duration_min_text(session.duration_min)]
    if session.distance_km is not None:
        parts.append(distance_km_text(session.distance_km))
    return SEPARATOR.join(parts)


def session_facts(session: PlannedSession) -> list[str]:
    """Intensity, duration, distance (when planned) and load, each as a short phrase."""
    facts = [session.intensity.value, duration_min_text(session.duration_min)]
    if session.distance_km is not None:
        facts.append(distance_km_text(session.distance_km))
    facts.append(f"load {number_text(session.load)}")
    return facts


def duration_min_text(duration_min: float) -> str:
    """'50 min', or hours and minutes from 60 min on: '1 h 30 min', '2 h'."""
    total_min = round(duration_min)
    hours, minutes = divmod(total_min, 60)
    if hours == 0:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def distance_km_text(distance_km: float) -> str:
    """A session distance with one decimal: '9.0 km'."""
    return f"{distance_km:.1f} km"


def step_duration_text(step: Step) -> str:
    """A step's length: its distance when measured ('400 m', '1.5 km'), else its time."""
    if step.distance_m is not None:
        return step_distance_text(step.distance_m)
    return step_time_text(step.duration_s)


def step_distance_text(distance_m: float) -> str:
    """'400 m' below a kilometre, '1.5 km' from a kilometre on."""
    if distance_m < 1000:
        return f"{round(distance_m)} m"
    return f"{number_text(m_to_km(distance_m), 2)} km"


def step_time_text(duration_s: float) -> str:
    """'8 min', '45 s', '1 min 30 s'."""
    minutes, seconds = divmod(round(duration_s), 60)
    if minutes == 0:
        return f"{seconds} s"
    return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"


def target_text(target: Target) -> str:
    """A target range in its unit: '4:30-4:40 /km', '140-150 bpm', '200-220 W', 'RPE 6-7'."""
    match target.kind:
        case TargetKind.PACE_S_PER_KM:
            return _range(_pace(target.low), _pace(target.high)) + PACE_SUFFIX
        case TargetKind.HEART_RATE_BPM:
            return _range(str(round(target.low)), str(round(target.high))) + " bpm"
        case TargetKind.POWER_W:
            return _range(str(round(target.low)), str(round(target.high))) + " W"
        case TargetKind.RPE_0_10:
            return "RPE " + _range(number_text(target.low), number_text(target.high))


def step_text(step: Step) -> str:
    """One step in words: 'warm-up 15 min @ 5:40-6:10 /km', '2 min easy', '400 m @ 95-100 W'."""
    text = STEP_PREFIX[step.kind] + step_duration_text(step) + STEP_SUFFIX[step.kind]
    if step.target is not None:
        text += f" @ {target_text(step.target)}"
    if step.note:
        text += f" ({step.note})"
    return text


def part_text(part: SessionPart) -> str:
    """A step, or a repeat block as '4 x (8 min @ 4:30-4:40 /km, 2 min easy)'."""
    if isinstance(part, RepeatBlock):
        inner = ", ".join(step_text(step) for step in part.steps)
        return f"{part.times} x ({inner})"
    return step_text(part)


def steps_text(parts: tuple[SessionPart, ...]) -> str:
    """All parts of a session on one line, separated by semicolons ('' when there are none)."""
    return "; ".join(part_text(part) for part in parts)


def exercise_text(exercise: ExercisePrescription) -> str:
    """'Goblet squat 3 x 10 @ RIR 2', '... @ 75% 1RM', '... @ 75% 1RM, RIR 2', or no effort."""
    text = f"{exercise.name} {exercise.sets} x {exercise.reps}"
    efforts = exercise_effort_texts(exercise)
    return f"{text} @ {', '.join(efforts)}" if efforts else text


def exercise_effort_texts(exercise: ExercisePrescription) -> list[str]:
    """The load (% of one-repetition maximum) and effort (reps in reserve) that are set."""
    efforts: list[str] = []
    if exercise.load_pct_1rm is not None:
        efforts.append(f"{number_text(exercise.load_pct_1rm)}% 1RM")
    if exercise.reps_in_reserve is not None:
        efforts.append(f"RIR {exercise.reps_in_reserve}")
    return efforts


def _pace(pace_s_per_km: float) -> str:
    return format_pace_min_per_km(pace_s_per_km).removesuffix(PACE_SUFFIX)


def _range(low: str, high: str) -> str:
    return low if low == high else f"{low}-{high}"
