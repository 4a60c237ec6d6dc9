"""Encode planned sessions as FIT workout files that a watch or bike computer can load.

A workout file holds ``file_id`` (type workout), one ``workout`` message (name, sport,
``num_valid_steps`` = the number of ``workout_step`` messages) and the steps, as the Garmin
FIT SDK's workout recipe describes.

Steps: a step with ``distance_m`` ends by distance, any other by time (by the lap button
when it has no duration). A ``RepeatBlock`` becomes its steps followed by a
``repeat_until_steps_cmplt`` step whose ``duration_step`` is the ``message_index`` of the
block's first step and whose ``repeat_steps`` is the total number of rounds.

Targets follow the FIT profile's custom-range conventions: pace becomes a speed range in m/s
(``fit_tool`` stores it as mm/s; the faster pace is the high speed), heart rate is stored as
bpm + 100 (values up to 100 would mean % of max HR), power as W + 1000 (values up to 1000
would mean % of FTP). RPE has no FIT target: the step is open with ``RPE 6-7`` in its notes.

Strength sessions are written, not skipped: each exercise becomes a step ending after its
reps (``reps`` duration), a rest step of ``rest_s``, and a repeat step for the sets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any, TypeVar

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import FileType, Manufacturer
from fit_tool.profile.profile_type import Intensity as FitIntensity
from fit_tool.profile.profile_type import WorkoutStepDuration as Duration
from fit_tool.profile.profile_type import WorkoutStepTarget as TargetType

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Plan,
    PlannedSession,
    RepeatBlock,
    SessionType,
    Step,
    StepKind,
    Target,
    TargetKind,
)
from aicoach.errors import ImplausibleValueError, UserError
from aicoach.io.fit_writer import FIT_SPORT
from aicoach.io.plan_describe import exercise_effort_texts, session_label, target_text
from aicoach.units import minutes_to_seconds, pace_s_per_km_to_speed_m_s

HEART_RATE_BPM_OFFSET = 100
"""FIT custom heart-rate targets: 0-100 is % of max HR, a value above 100 is bpm + 100."""
POWER_W_OFFSET = 1000
"""FIT custom power targets: 0-1000 is % of FTP, a value above 1000 is watts + 1000."""
MAX_NAME_BYTES = 48
MAX_NOTES_BYTES = 120
MIN_STRING_BYTES = 50
"""String field size in definitions, so that most names share one definition message."""

STEP_INTENSITY: dict[StepKind, FitIntensity] = {
    StepKind.WARM_UP: FitIntensity.WARMUP,
    StepKind.ACTIVE: FitIntensity.ACTIVE,
    StepKind.RECOVERY: FitIntensity.RECOVERY,
    StepKind.COOL_DOWN: FitIntensity.COOLDOWN,
    StepKind.WALK: FitIntensity.RECOVERY,
}
"""FIT intensity of a step (exhaustive over ``StepKind``); walking is active in walk sessions."""

STEP_NAME: dict[StepKind, str] = {
    StepKind.WARM_UP: "Warm-up",
    StepKind.ACTIVE: "Active",
    StepKind.RECOVERY: "Recovery",
    StepKind.COOL_DOWN: "Cool-down",
    StepKind.WALK: "Walk",
}

WALKING_SPORTS = frozenset({Sport.WALKING, Sport.HIKING})

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class _StepSpec:
    """One ``workout_step`` message's content before encoding."""

    name: str
    duration: Duration
    duration_value: float | None = None
    intensity: FitIntensity | None = None
    target: Target | None = None
    notes: str | None = None
    repeat_from: int | None = None
    repeat_times: int | None = None


def session_to_fit_workout(
    session: PlannedSession, name: str, created_at: datetime | None = None
) -> bytes:
    """The bytes of a FIT workout file for ``session``, shown on the device as ``name``.

    A session with neither steps nor exercises becomes one timed step of its duration.
    ``created_at`` (default: midnight UTC of the session's day, so the bytes are
    reproducible) is the file's creation time. Raises ``UserError`` for a rest day and
    ``ImplausibleValueError`` for a pace target that is not positive.
    """
    if session.session_type is SessionType.REST:
        raise UserError(f"{session.day.isoformat()} is a rest day; it has no workout.")
    specs = workout_step_specs(session)
    builder = FitFileBuilder(auto_define=True, min_string_size=MIN_STRING_BYTES)
    builder.add(_file_id_message(created_at or datetime.combine(session.day, time(), UTC)))
    builder.add(_workout_message(session, name, len(specs)))
    for index, spec in enumerate(specs):
        builder.add(_step_message(index, spec))
    return bytes(builder.build().to_bytes())


def plan_to_fit_workouts(plan: Plan) -> list[tuple[str, bytes]]:
    """One ``(file name, FIT bytes)`` per session with steps or exercises, in plan order.

    File names are ``2026-12-05-tempo-run.fit``; a second session of the same type on the
    same day gets ``-2`` before the extension.
    """
    files: list[tuple[str, bytes]] = []
    used: set[str] = set()
    for session in plan.sessions:
        if session.session_type is SessionType.REST or not (session.steps or session.exercises):
            continue
        file_name = _unique_file_name(session, used)
        workout_name = f"{session.day:%m-%d} {session_label(session)}"
        files.append((file_name, session_to_fit_workout(session, workout_name)))
    return files


def workout_step_specs(session: PlannedSession) -> list[_StepSpec]:
    """The session's workout steps in file order: steps and repeat blocks, then exercises."""
    specs: list[_StepSpec] = []
    for part in session.steps:
        if isinstance(part, RepeatBlock):
            specs += _repeat_specs(part, first_index=len(specs), sport=session.sport)
        else:
            specs.append(_step_spec(part, session.sport))
    for exercise in session.exercises:
        specs += _exercise_specs(exercise, first_index=len(specs))
    if not specs:
        duration_s = minutes_to_seconds(session.duration_min)
        specs.append(_StepSpec(session_label(session), Duration.TIME, duration_s))
    return specs


# --- steps -----------------------------------------------------------------------------


def _step_spec(step: Step, sport: Sport) -> _StepSpec:
    duration, value = _duration(step)
    notes = [text for text in (_rpe_text(step.target), step.note) if text]
    return _StepSpec(
        name=STEP_NAME[step.kind],
        duration=duration,
        duration_value=value,
        intensity=_intensity(step.kind, sport),
        target=step.target,
        notes="; ".join(notes) or None,
    )


def _repeat_specs(block: RepeatBlock, first_index: int, sport: Sport) -> list[_StepSpec]:
    """The block's steps, then the step that repeats them ``block.times`` times in all."""
    specs = [_step_spec(step, sport) for step in block.steps]
    return [*specs, _repeat_spec(first_index, block.times)]


def _repeat_spec(first_index: int, times: int) -> _StepSpec:
    return _StepSpec(
        name=f"Repeat {times} x",
        duration=Duration.REPEAT_UNTIL_STEPS_CMPLT,
        repeat_from=first_index,
        repeat_times=times,
    )


def _exercise_specs(exercise: ExercisePrescription, first_index: int) -> list[_StepSpec]:
    """Reps step, rest step and (for more than one set) a repeat step over both."""
    effort = ", ".join(exercise_effort_texts(exercise))
    notes = "; ".join(text for text in (effort, exercise.cue) if text) or None
    specs = [
        _StepSpec(exercise.name, Duration.REPS, exercise.reps, FitIntensity.ACTIVE, notes=notes),
        _StepSpec("Rest", Duration.TIME, float(exercise.rest_s), FitIntensity.REST),
    ]
    if exercise.sets > 1:
        specs.append(_repeat_spec(first_index, exercise.sets))
    return specs


def _duration(step: Step) -> tuple[Duration, float | None]:
    """Distance when the step is measured, time when timed, open (lap button) otherwise."""
    if step.distance_m is not None:
        return Duration.DISTANCE, step.distance_m
    if step.duration_s > 0:
        return Duration.TIME, step.duration_s
    return Duration.OPEN, None


def _intensity(kind: StepKind, sport: Sport) -> FitIntensity:
    if kind is StepKind.WALK and sport in WALKING_SPORTS:
        return FitIntensity.ACTIVE
    return STEP_INTENSITY[kind]


def _rpe_text(target: Target | None) -> str | None:
    if target is None or target.kind is not TargetKind.RPE_0_10:
        return None
    return target_text(target)


# --- messages --------------------------------------------------------------------------


def _file_id_message(created_at: datetime) -> Any:
    message = FileIdMessage()
    message.type = FileType.WORKOUT
    message.manufacturer = Manufacturer.DEVELOPMENT.value
    message.product = 0
    message.serial_number = 1
    message.time_created = round(created_at.timestamp() * 1000)
    return message


def _workout_message(session: PlannedSession, name: str, step_count: int) -> Any:
    sport, sub_sport = FIT_SPORT[session.sport]
    message = WorkoutMessage()
    message.workout_name = _truncated(name, MAX_NAME_BYTES)
    message.sport = sport
    if sub_sport is not None:
        message.sub_sport = sub_sport
    message.num_valid_steps = step_count
    return message


def _step_message(index: int, spec: _StepSpec) -> Any:
    """Encode one step. The type fields are set first: they select the value sub-fields."""
    message = WorkoutStepMessage()
    message.message_index = index
    message.workout_step_name = _truncated(spec.name, MAX_NAME_BYTES)
    message.duration_type = spec.duration
    _set_duration_value(message, spec)
    if spec.duration is not Duration.REPEAT_UNTIL_STEPS_CMPLT:
        _set_target(message, spec.target)
    if spec.intensity is not None:
        message.intensity = spec.intensity
    if spec.notes:
        message.notes = _truncated(spec.notes, MAX_NOTES_BYTES)
    return message


def _set_duration_value(message: Any, spec: _StepSpec) -> None:
    match spec.duration:
        case Duration.TIME:
            message.duration_time = _required(spec.duration_value)
        case Duration.DISTANCE:
            message.duration_distance = _required(spec.duration_value)
        case Duration.REPS:
            message.duration_reps = round(_required(spec.duration_value))
        case Duration.REPEAT_UNTIL_STEPS_CMPLT:
            message.duration_step = _required(spec.repeat_from)
            message.target_repeat_steps = _required(spec.repeat_times)
        case _:
            message.duration_value = 0


def _set_target(message: Any, target: Target | None) -> None:
    """Set the target type and its custom range; no target and RPE leave the step open."""
    if target is None or target.kind is TargetKind.RPE_0_10:
        message.target_type = TargetType.OPEN
        message.target_value = 0
        return
    match target.kind:
        case TargetKind.PACE_S_PER_KM:
            message.target_type = TargetType.SPEED
            message.target_value = 0
            message.custom_target_speed_low = _speed_m_s(target.high)
            message.custom_target_speed_high = _speed_m_s(target.low)
        case TargetKind.HEART_RATE_BPM:
            message.target_type = TargetType.HEART_RATE
            message.target_value = 0
            message.custom_target_heart_rate_low = round(target.low) + HEART_RATE_BPM_OFFSET
            message.custom_target_heart_rate_high = round(target.high) + HEART_RATE_BPM_OFFSET
        case TargetKind.POWER_W:
            message.target_type = TargetType.POWER
            message.target_value = 0
            message.custom_target_power_low = round(target.low) + POWER_W_OFFSET
            message.custom_target_power_high = round(target.high) + POWER_W_OFFSET


def _speed_m_s(pace_s_per_km: float) -> float:
    """Speed of a pace, rounded to the FIT resolution of 1 mm/s."""
    if pace_s_per_km <= 0:
        raise ImplausibleValueError(
            f"a pace of {pace_s_per_km:g} s/km cannot be a workout target",
            field="pace_s_per_km",
            value=pace_s_per_km,
        )
    return round(pace_s_per_km_to_speed_m_s(pace_s_per_km), 3)


def _required(value: _T | None) -> _T:
    """A value the step's duration type requires; ``_StepSpec`` builders always set it."""
    assert value is not None
    return value


def _unique_file_name(session: PlannedSession, used: set[str]) -> str:
    stem = f"{session.day.isoformat()}-{_slug(session.session_type.value)}"
    file_name, count = f"{stem}.fit", 1
    while file_name in used:
        count += 1
        file_name = f"{stem}-{count}.fit"
    used.add(file_name)
    return file_name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _truncated(text: str, max_bytes: int) -> str:
    """``text`` cut to at most ``max_bytes`` UTF-8 bytes without splitting a character."""
    return text.encode("utf-8")[:max_bytes].decode("utf-8", errors="ignore")
