"""A plan's JSON form (``docs/plan-format.md``): export, strict import, and reading a plan file.

``plan_to_json`` rounds numbers to what a person can act on (minutes and loads to 0.1,
kilometres to 0.01); ``plan_from_json`` rejects anything malformed with a ``DataError`` that
names the source and the JSON path of the bad field, e.g. ``weeks[2].sessions[0].intensity``.
Unknown keys are errors, never ignored. A plan whose numbers already sit at that precision
survives ``plan_from_json(plan_to_json(plan), ...)`` unchanged.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

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

FORMAT_VERSION = 1
MAX_PLAN_FILE_BYTES = 5 * 1024 * 1024
"""A plan file larger than 5 MB is refused before parsing (a year of plans is ~1 MB)."""

_DATE_PATTERN = re.compile(r"\d{4}-\d{2}-\d{2}")
_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")

# --------------------------------------------------------------------------- export


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The plan as a JSON-ready dict (dates ISO, enums by value, floats rounded)."""
    return {
        "format_version": FORMAT_VERSION,
        "goal": plan.goal.value,
        "start": plan.start.isoformat(),
        "event_date": _iso_or_none(plan.event_date),
        "target_time_s": _round_or_none(plan.target_time_s, 1),
        "light": plan.light,
        "weeks": [_week_to_json(week) for week in plan.weeks],
        "warnings": list(plan.warnings),
        "changes": [
            {"date": change.day.isoformat(), "sentence": change.sentence} for change in plan.changes
        ],
    }


def _week_to_json(week: PlanWeek) -> dict[str, Any]:
    return {
        "index": week.index,
        "start": week.start.isoformat(),
        "phase": week.phase.value,
        "easier": week.easier,
        "planned_load": round(week.planned_load, 1),
        "sessions": [_session_to_json(session) for session in week.sessions],
    }


def _session_to_json(session: PlannedSession) -> dict[str, Any]:
    return {
        "date": session.day.isoformat(),
        "sport": session.sport.value,
        "type": session.session_type.value,
        "intensity": session.intensity.value,
        "duration_min": round(session.duration_min, 1),
        "distance_km": _round_or_none(session.distance_km, 2),
        "load": round(session.load, 1),
        "title": session.title,
        "status": session.status.value,
        "note": session.note,
        "steps": [_part_to_json(part) for part in session.steps],
        "exercises": [_exercise_to_json(exercise) for exercise in session.exercises],
    }


def _part_to_json(part: SessionPart) -> dict[str, Any]:
    if isinstance(part, RepeatBlock):
        return {"repeat": part.times, "steps": [_step_to_json(step) for step in part.steps]}
    return _step_to_json(part)


def _step_to_json(step: Step) -> dict[str, Any]:
    target = step.target
    return {
        "kind": step.kind.value,
        "duration_s": round(step.duration_s, 1),
        "distance_m": _round_or_none(step.distance_m, 1),
        "target": None
        if target is None
        else {
            "kind": target.kind.value,
            "low": round(target.low, 2),
            "high": round(target.high, 2),
        },
        "intensity_factor": _round_or_none(step.intensity_factor, 4),
        "note": step.note,
    }


def _exercise_to_json(exercise: ExercisePrescription) -> dict[str, Any]:
    return {
        "exercise_id": exercise.exercise_id,
        "name": exercise.name,
        "primary_muscles": list(exercise.primary_muscles),
        "sets": exercise.sets,
        "reps": exercise.reps,
        "load_pct_1rm": _round_or_none(exercise.load_pct_1rm, 1),
        "reps_in_reserve": exercise.reps_in_reserve,
        "rest_s": exercise.rest_s,
        "equipment": exercise.equipment,
        "cue": exercise.cue,
    }


def _round_or_none(value: float | None, decimals: int) -> float | None:
    return None if value is None else round(value, decimals)


def _iso_or_none(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


# --------------------------------------------------------------------------- import


class _BadFieldError(Exception):
    """Internal: a bad value at a JSON path; ``plan_from_json`` turns it into a DataError."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(problem)
        self.path = path
        self.problem = problem


def plan_from_json(data: object, source: str) -> Plan:
    """Parse a plan from its JSON form, strictly.

    Raises ``DataError`` with ``source`` and ``field`` set to the JSON path of the first bad
    field (``weeks[2].sessions[0].intensity``) for a wrong type, an unknown or missing key, a
    value outside its choices, a negative amount or a non-finite number.
    """
    try:
        return _plan(data)
    except _BadFieldError as bad:
        raise DataError(bad.problem, source=source, field=bad.path or None) from None


_PLAN_REQUIRED = frozenset({"goal", "start", "weeks"})
_PLAN_OPTIONAL = frozenset(
    {"format_version", "event_date", "target_time_s", "light", "warnings", "changes"}
)


def _plan(data: object) -> Plan:
    obj = _object(data, "", _PLAN_REQUIRED, _PLAN_OPTIONAL)
    version = _integer(obj.get("format_version", FORMAT_VERSION), "format_version", minimum=1)
    if version != FORMAT_VERSION:
        raise _BadFieldError("format_version", f"version {version} is not supported (only 1)")
    return Plan(
        goal=_enum(obj["goal"], "goal", PlanGoal),
        start=_date(obj["start"], "start"),
        weeks=tuple(_items(obj["weeks"], "weeks", _week)),
        event_date=_optional(obj.get("event_date"), "event_date", _date),
        target_time_s=_optional(obj.get("target_time_s"), "target_time_s", _positive),
        light=_boolean(obj.get("light", False), "light"),
        warnings=tuple(_items(obj.get("warnings", []), "warnings", _string)),
        changes=tuple(_items(obj.get("changes", []), "changes", _change)),
    )


def _change(value: object, path: str) -> PlanChange:
    obj = _object(value, path, frozenset({"date", "sentence"}), frozenset())
    return PlanChange(
        day=_date(obj["date"], _key(path, "date")),
        sentence=_string(obj["sentence"], _key(path, "sentence")),
    )


_WEEK_REQUIRED = frozenset({"index", "start", "phase", "planned_load", "sessions"})


def _week(value: object, path: str) -> PlanWeek:
    obj = _object(value, path, _WEEK_REQUIRED, frozenset({"easier"}))
    return PlanWeek(
        index=_integer(obj["index"], _key(path, "index"), minimum=1),
        start=_date(obj["start"], _key(path, "start")),
        phase=_enum(obj["phase"], _key(path, "phase"), Phase),
        planned_load=_non_negative(obj["planned_load"], _key(path, "planned_load")),
        sessions=tuple(_items(obj["sessions"], _key(path, "sessions"), _session)),
        easier=_boolean(obj.get("easier", False), _key(path, "easier")),
    )


_SESSION_REQUIRED = frozenset({"date", "sport", "type", "intensity", "duration_min", "load"})
_SESSION_OPTIONAL = frozenset({"distance_km", "title", "status", "note", "steps", "exercises"})


def _session(value: object, path: str) -> PlannedSession:
    obj = _object(value, path, _SESSION_REQUIRED, _SESSION_OPTIONAL)
    return PlannedSession(
        day=_date(obj["date"], _key(path, "date")),
        sport=_enum(obj["sport"], _key(path, "sport"), Sport),
        session_type=_enum(obj["type"], _key(path, "type"), SessionType),
        intensity=_enum(obj["intensity"], _key(path, "intensity"), Intensity),
        duration_min=_non_negative(obj["duration_min"], _key(path, "duration_min")),
        load=_non_negative(obj["load"], _key(path, "load")),
        distance_km=_optional(obj.get("distance_km"), _key(path, "distance_km"), _non_negative),
        title=_string(obj.get("title", ""), _key(path, "title")),
        steps=tuple(_items(obj.get("steps", []), _key(path, "steps"), _part)),
        exercises=tuple(_items(obj.get("exercises", []), _key(path, "exercises"), _exercise)),
        status=_enum(
            obj.get("status", SessionStatus.PLANNED.value), _key(path, "status"), SessionStatus
        ),
        note=_optional(obj.get("note"), _key(path, "note"), _string),
    )


def _part(value: object, path: str) -> SessionPart:
    if isinstance(value, dict) and "repeat" in value:
        obj = _object(value, path, frozenset({"repeat", "steps"}), frozenset())
        steps = tuple(_items(obj["steps"], _key(path, "steps"), _repeated_step))
        if not steps:
            raise _BadFieldError(_key(path, "steps"), "a repeat needs at least one step")
        return RepeatBlock(
            times=_integer(obj["repeat"], _key(path, "repeat"), minimum=1), steps=steps
        )
    return _step(value, path)


def _repeated_step(value: object, path: str) -> Step:
    if isinstance(value, dict) and "repeat" in value:
        raise _BadFieldError(path, "a repeat cannot contain another repeat")
    return _step(value, path)


_STEP_OPTIONAL = frozenset({"distance_m", "target", "intensity_factor", "note"})


def _step(value: object, path: str) -> Step:
    obj = _object(value, path, frozenset({"kind", "duration_s"}), _STEP_OPTIONAL)
    return Step(
        kind=_enum(obj["kind"], _key(path, "kind"), StepKind),
        duration_s=_non_negative(obj["duration_s"], _key(path, "duration_s")),
        distance_m=_optional(obj.get("distance_m"), _key(path, "distance_m"), _non_negative),
        target=_optional(obj.get("target"), _key(path, "target"), _target),
        intensity_factor=_optional(
            obj.get("intensity_factor"), _key(path, "intensity_factor"), _positive
        ),
        note=_optional(obj.get("note"), _key(path, "note"), _string),
    )


def _target(value: object, path: str) -> Target:
    obj = _object(value, path, frozenset({"kind", "low", "high"}), frozenset())
    low = _non_negative(obj["low"], _key(path, "low"))
    high = _non_negative(obj["high"], _key(path, "high"))
    if low > high:
        raise _BadFieldError(_key(path, "low"), f"low {low:g} is above high {high:g}")
    return Target(kind=_enum(obj["kind"], _key(path, "kind"), TargetKind), low=low, high=high)


_EXERCISE_REQUIRED = frozenset({"exercise_id", "name", "primary_muscles", "sets", "reps"})
_EXERCISE_OPTIONAL = frozenset({"load_pct_1rm", "reps_in_reserve", "rest_s", "equipment", "cue"})


def _exercise(value: object, path: str) -> ExercisePrescription:
    obj = _object(value, path, _EXERCISE_REQUIRED, _EXERCISE_OPTIONAL)
    load_path = _key(path, "load_pct_1rm")
    load_pct_1rm = _optional(obj.get("load_pct_1rm"), load_path, _positive)
    if load_pct_1rm is not None and load_pct_1rm > 100.0:
        raise _BadFieldError(load_path, f"{load_pct_1rm:g} is above 100 % of the one-rep maximum")
    return ExercisePrescription(
        exercise_id=_string(obj["exercise_id"], _key(path, "exercise_id")),
        name=_string(obj["name"], _key(path, "name")),
        primary_muscles=tuple(
            _items(obj["primary_muscles"], _key(path, "primary_muscles"), _string)
        ),
        sets=_integer(obj["sets"], _key(path, "sets"), minimum=1),
        reps=_integer(obj["reps"], _key(path, "reps"), minimum=1),
        load_pct_1rm=load_pct_1rm,
        reps_in_reserve=_optional(
            obj.get("reps_in_reserve"), _key(path, "reps_in_reserve"), _non_negative_integer
        ),
        rest_s=_integer(obj.get("rest_s", 90), _key(path, "rest_s"), minimum=0),
        equipment=_optional(obj.get("equipment"), _key(path, "equipment"), _string),
        cue=_optional(obj.get("cue"), _key(path, "cue"), _string),
    )


# --------------------------------------------------------------------------- typed values


def _key(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _object(
    value: object, path: str, required: frozenset[str], optional: frozenset[str]
) -> dict[str, object]:
    """``value`` as a JSON object with all ``required`` keys and no key outside both sets."""
    if not isinstance(value, dict):
        raise _BadFieldError(path, f"expected an object, got {_json_type(value)}")
    allowed = required | optional
    for key in value:
        if key not in allowed:
            known = ", ".join(sorted(allowed))
            raise _BadFieldError(_key(path, str(key)), f"unknown key '{key}' (allowed: {known})")
    for key in sorted(required):
        if key not in value:
            raise _BadFieldError(_key(path, key), f"missing key '{key}'")
    return value


def _items(value: object, path: str, parse: Callable[[object, str], _T]) -> list[_T]:
    if not isinstance(value, list):
        raise _BadFieldError(path, f"expected an array, got {_json_type(value)}")
    return [parse(item, f"{path}[{index}]") for index, item in enumerate(value)]


def _optional(value: object, path: str, parse: Callable[[object, str], _T]) -> _T | None:
    return None if value is None else parse(value, path)


def _string(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise _BadFieldError(path, f"expected a string, got {_json_type(value)}")
    return value


def _boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise _BadFieldError(path, f"expected true or false, got {_json_type(value)}")
    return value


def _enum(value: object, path: str, choices: type[_E]) -> _E:
    text = _string(value, path)
    try:
        return choices(text)
    except ValueError:
        allowed = ", ".join(member.value for member in choices)
        raise _BadFieldError(path, f"'{text}' is not one of {allowed}") from None


def _date(value: object, path: str) -> date:
    text = _string(value, path)
    if not _DATE_PATTERN.fullmatch(text):
        raise _BadFieldError(path, f"'{text}' is not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _BadFieldError(path, f"'{text}' is not a valid date") from None


def _number(value: object, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _BadFieldError(path, f"expected a number, got {_json_type(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise _BadFieldError(path, "the number is too large") from None
    if math.isnan(number):
        raise _BadFieldError(path, "NaN is not a finite number")
    if math.isinf(number):
        raise _BadFieldError(path, f"{'-' if number < 0 else ''}Infinity is not a finite number")
    return number


def _non_negative(value: object, path: str) -> float:
    number = _number(value, path)
    if number < 0:
        raise _BadFieldError(path, f"{number:g} is negative")
    return number


def _positive(value: object, path: str) -> float:
    number = _number(value, path)
    if number <= 0:
        raise _BadFieldError(path, f"{number:g} is not above zero")
    return number


def _integer(value: object, path: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _BadFieldError(path, f"expected a whole number, got {_json_type(value)}")
    if value < minimum:
        raise _BadFieldError(path, f"{value} is below the minimum {minimum}")
    return value


def _non_negative_integer(value: object, path: str) -> int:
    return _integer(value, path, minimum=0)


# --------------------------------------------------------------------------- files


class _DuplicateKeyError(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def read_plan_file(path: Path) -> Plan:
    """Read and parse a plan JSON file (UTF-8, at most 5 MB); every problem is a DataError."""
    source = str(path)
    text = _read_text(path, source)
    try:
        data = json.loads(text, object_pairs_hook=_object_without_duplicates)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise DataError(message, source=source, line=exc.lineno) from None
    except _DuplicateKeyError as exc:
        raise DataError(f"key '{exc.key}' appears twice in one object", source=source) from None
    except RecursionError:
        raise DataError("the JSON is nested too deeply", source=source) from None
    return plan_from_json(data, source)


def _read_text(path: Path, source: str) -> str:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_FILE_BYTES + 1)
    except OSError as exc:
        raise DataError(f"cannot read the file: {exc.strerror or exc}", source=source) from None
    if len(raw) > MAX_PLAN_FILE_BYTES:
        raise DataError(
            f"the file is larger than {MAX_PLAN_FILE_BYTES} bytes (5 MB), the limit for a plan",
            source=source,
        )
    if not raw.strip():
        raise EmptyFileError("the file is empty", source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError("the file is not UTF-8 text", source=source, offset=exc.start) from None


def _object_without_duplicates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result
