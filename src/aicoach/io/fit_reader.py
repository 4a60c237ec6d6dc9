"""Read FIT files (Garmin / ANT+ binary activity, weight and monitoring files).

``read_fit`` decodes a byte stream with ``fitdecode`` and returns a ``ParsedFile``:

- activity files give one ``Activity`` per FIT file in the stream (a stream may chain several
  FIT files, each with its own header; an identical chained copy gives an identical activity,
  which the caller dedupes); chained parts without their own ``file_id`` inherit the type of
  the part before them;
- weight-scale files give one ``WellnessEntry`` with ``mass_kg`` per measurement (all users
  of a multi-user scale);
- monitoring files give one ``WellnessEntry`` with ``resting_hr_bpm`` per day when present;
- any other file type gives an empty result with ``skipped`` saying why.

Every CRC is checked. A damaged file keeps what was read before the damage and says so in
``ParsedFile.recovered``; when nothing usable was read it raises ``CorruptFileError`` with
the source name and byte offset.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, BinaryIO

import fitdecode
import numpy as np
from fitdecode.types import DevFieldDefinition

from aicoach.domain import Activity, Lap, ParsedFile, Sport, StreamChannel, WellnessEntry
from aicoach.domain.activity import FloatArray
from aicoach.errors import AicoachError, CorruptFileError, EmptyFileError
from aicoach.io.plausibility import WELLNESS_LIMITS, Limits, mask_implausible_samples
from aicoach.io.stream_builder import StreamBuilder
from aicoach.units import semicircles_to_degrees

FORMAT = "fit"
FIT_SIGNATURE = b".FIT"
MIN_HEADER_BYTES = 12
CRC_BYTES = 2
FIT_EPOCH = datetime(1989, 12, 31, tzinfo=UTC)
SYSTEM_TIME_END = FIT_EPOCH + timedelta(seconds=fitdecode.FIT_DATETIME_MIN)
"""FIT times below 0x10000000 count seconds since the device was switched on, not since 1989."""
MONITORING_TYPES = frozenset({"monitoring_a", "monitoring_b", "monitoring_daily"})

_PREFERRED_FIELDS: dict[str, StreamChannel] = {
    "heart_rate": StreamChannel.HEART_RATE_BPM,
    "power": StreamChannel.POWER_W,
    "enhanced_speed": StreamChannel.SPEED_M_S,
    "cadence": StreamChannel.CADENCE_RPM,
    "enhanced_altitude": StreamChannel.ALTITUDE_M,
    "position_lat": StreamChannel.LATITUDE_DEG,
    "position_long": StreamChannel.LONGITUDE_DEG,
    "distance": StreamChannel.DISTANCE_M,
    "temperature": StreamChannel.TEMPERATURE_C,
}
"""``record`` fields read into streams, by FIT field name."""

_FALLBACK_FIELDS: dict[str, StreamChannel] = {
    "speed": StreamChannel.SPEED_M_S,
    "altitude": StreamChannel.ALTITUDE_M,
}
"""Older 16-bit fields, used only when the record lacks their ``enhanced_`` version."""

_SPORTS: dict[str, Sport] = {
    "running": Sport.RUNNING,
    "cycling": Sport.CYCLING,
    "swimming": Sport.SWIMMING,
    "walking": Sport.WALKING,
    "hiking": Sport.HIKING,
    "rowing": Sport.ROWING,
    "training": Sport.STRENGTH,
    "cross_country_skiing": Sport.CROSS_COUNTRY_SKIING,
}
"""FIT ``sport`` values with a matching ``Sport``; every other value maps to ``OTHER``."""

_SUB_SPORTS: dict[str, Sport] = {
    "yoga": Sport.YOGA,
    "strength_training": Sport.STRENGTH,
    "cardio_training": Sport.OTHER,
    "pilates": Sport.OTHER,
    "indoor_rowing": Sport.ROWING,
    "treadmill": Sport.RUNNING,
    "indoor_running": Sport.RUNNING,
    "indoor_cycling": Sport.CYCLING,
    "indoor_walking": Sport.WALKING,
}
"""Sub-sports that decide the sport under the broad FIT sports listed in ``_BROAD_SPORTS``."""

_BROAD_SPORTS = frozenset({"generic", "training", "fitness_equipment"})
MULTISPORT = "multisport"
TRANSITION = "transition"


@dataclass(slots=True)
class _Part:
    """What one FIT file of a (possibly chained) stream held."""

    footer_offset: int
    file_type: str | None = None
    records: StreamBuilder = field(default_factory=StreamBuilder)
    file_id: Any = None
    creator: Any = None
    sessions: list[Any] = field(default_factory=list)
    laps: list[Any] = field(default_factory=list)
    sports: list[Any] = field(default_factory=list)
    rr_s: list[float] = field(default_factory=list)
    clock_anchor: tuple[datetime, datetime] | None = None
    """(device time, local wall-clock time) of the ``activity`` message, when both are known."""
    weights: list[tuple[datetime, float]] = field(default_factory=list)
    resting_hr: dict[date, float] = field(default_factory=dict)
    last_timestamp: datetime | None = None

    @property
    def has_activity_data(self) -> bool:
        return bool(len(self.records) or self.sessions)

    @property
    def is_useful(self) -> bool:
        return self.has_activity_data or bool(self.weights or self.resting_hr)


@dataclass(slots=True)
class _Problem:
    """Why reading stopped early, and where."""

    reason: str
    offset: int | None


@dataclass(slots=True)
class _Collection:
    """Everything one pass over the stream read: its parts, CRC failures, where it stopped."""

    parts: list[_Part] = field(default_factory=list)
    crc_notes: list[str] = field(default_factory=list)
    problem: _Problem | None = None


def read_fit(stream: BinaryIO, source: str) -> ParsedFile:
    """Decode one FIT stream; ``source`` names it in messages (e.g. ``export.zip!ride.fit``).

    Raises ``EmptyFileError`` for a stream without bytes and ``CorruptFileError`` when the
    bytes are not FIT data or break before anything usable was read.
    """
    data = stream.read()
    _check_signature(data, source)
    try:
        return _parsed_file(_collect(data), source)
    except AicoachError:
        raise
    except Exception as exc:
        raise CorruptFileError(
            f"could not decode FIT data ({type(exc).__name__}: {exc})", source=source
        ) from exc


def _check_signature(data: bytes, source: str) -> None:
    """Refuse empty input and input that does not start with a FIT header."""
    if not data:
        raise EmptyFileError("file is empty (0 bytes)", source=source)
    if len(data) < MIN_HEADER_BYTES:
        raise CorruptFileError(
            f"not a FIT file: {len(data)} bytes is shorter than a FIT header", source=source
        )
    if data[8:12] != FIT_SIGNATURE:
        raise CorruptFileError(
            "not a FIT file: header missing '.FIT' signature", source=source, offset=0
        )


# --- decoding -------------------------------------------------------------------------------


def _collect(data: bytes) -> _Collection:
    """Read every frame once, dispatching data messages; stop at the first decoding error."""
    collection = _Collection()
    buffer = io.BytesIO(data)
    next_header_offset = 0
    reader = fitdecode.FitReader(
        buffer,
        check_crc=fitdecode.CrcCheck.READONLY,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                handler = _HANDLERS.get(frame.name)
                if handler is not None:
                    handler(collection.parts[-1], frame)
            elif isinstance(frame, fitdecode.FitHeader):
                part = _start_part(collection, frame, next_header_offset)
                next_header_offset = part.footer_offset + CRC_BYTES
            elif isinstance(frame, fitdecode.FitCRC) and not frame.matched:
                footer = collection.parts[-1].footer_offset
                collection.crc_notes.append(
                    f"CRC check failed (footer at byte {footer}): data kept, "
                    "but the file may have been altered"
                )
    except Exception as exc:
        collection.problem = _describe_error(exc, next_header_offset, buffer.tell())
    finally:
        reader.close()
    return collection


def _start_part(collection: _Collection, header: Any, offset: int) -> _Part:
    """Open a new part at a FIT header; it inherits the previous part's file type."""
    inherited = collection.parts[-1].file_type if collection.parts else None
    footer_offset = offset + int(header.header_size) + int(header.body_size)
    part = _Part(footer_offset=footer_offset, file_type=inherited)
    collection.parts.append(part)
    if header.crc_matched is False:
        collection.crc_notes.append(
            f"header CRC check failed (header at byte {offset}): data kept, "
            "but the file may have been altered"
        )
    return part


def _describe_error(exc: Exception, header_offset: int, read_offset: int) -> _Problem:
    """Turn a decoding exception into a plain reason and a byte offset."""
    if isinstance(exc, fitdecode.FitEOFError):
        return _Problem(f"file ends early at byte {exc.offset}", exc.offset)
    if isinstance(exc, fitdecode.FitHeaderError):
        return _Problem(f"no valid FIT header at byte {header_offset}", header_offset)
    if isinstance(exc, fitdecode.FitParseError):
        detail = re.sub(r"^FIT parsing error @ \d+:?\s*", "", str(exc))
        suffix = f" ({detail})" if detail else ""
        return _Problem(f"corrupt FIT data at byte {exc.offset}{suffix}", exc.offset)
    return _Problem(
        f"undecodable FIT data near byte {read_offset} ({type(exc).__name__})", read_offset
    )


def _on_record(part: _Part, frame: Any) -> None:
    """Add one ``record`` message to the part's streams, reading its fields in one pass."""
    timestamp: object = None
    values: dict[StreamChannel, float | None] = {}
    for item in frame.fields:
        value = item.value
        if value is None:
            continue
        name = item.name
        if name == "timestamp":
            timestamp = value if timestamp is None else timestamp
            continue
        channel = _PREFERRED_FIELDS.get(name)
        if channel is None:
            channel = _FALLBACK_FIELDS.get(name)
            if channel is None or channel in values:
                continue
        if isinstance(value, int | float) and not isinstance(item.field_def, DevFieldDefinition):
            values[channel] = value
    for channel in (StreamChannel.LATITUDE_DEG, StreamChannel.LONGITUDE_DEG):
        semicircles = values.get(channel)
        if semicircles is not None:
            values[channel] = semicircles_to_degrees(semicircles)
    part.records.add(_as_datetime(timestamp), values)


def _on_file_id(part: _Part, frame: Any) -> None:
    if part.file_id is None:
        part.file_id = frame
        file_type = _field_values(frame).get("type")
        if file_type is not None:
            part.file_type = str(file_type)


def _on_device_info(part: _Part, frame: Any) -> None:
    if part.creator is None and _field_values(frame).get("device_index") in ("creator", 0):
        part.creator = frame


def _on_activity(part: _Part, frame: Any) -> None:
    """Remember the device-to-local clock pair, needed only when the device clock was unset."""
    values = _field_values(frame)
    device_time = _as_datetime(values.get("timestamp"))
    local_time = values.get("local_timestamp")
    if device_time is not None and isinstance(local_time, datetime):
        part.clock_anchor = (device_time, local_time)


def _on_session(part: _Part, frame: Any) -> None:
    part.sessions.append(frame)


def _on_lap(part: _Part, frame: Any) -> None:
    part.laps.append(frame)


def _on_sport(part: _Part, frame: Any) -> None:
    part.sports.append(frame)


def _on_hrv(part: _Part, frame: Any) -> None:
    """Collect beat-to-beat intervals (seconds); invalid slots are ``None`` and dropped."""
    times = _field_values(frame).get("time")
    items = times if isinstance(times, tuple | list) else (times,)
    part.rr_s.extend(seconds for item in items if (seconds := _number(item)) is not None)


def _on_weight_scale(part: _Part, frame: Any) -> None:
    values = _field_values(frame)
    timestamp, weight_kg = values.get("timestamp"), _number(values.get("weight"))
    if isinstance(timestamp, datetime) and weight_kg is not None:
        part.weights.append((timestamp, weight_kg))


def _on_monitoring(part: _Part, frame: Any) -> None:
    """Keep the day's resting heart rate from ``monitoring`` / ``monitoring_hr_data``."""
    values = _field_values(frame)
    timestamp = values.get("timestamp")
    if isinstance(timestamp, datetime):
        part.last_timestamp = timestamp
    resting_bpm = _number(values.get("resting_heart_rate"))
    if resting_bpm is not None and part.last_timestamp is not None:
        part.resting_hr[part.last_timestamp.astimezone(UTC).date()] = resting_bpm


_HANDLERS: dict[str, Callable[[_Part, Any], None]] = {
    "record": _on_record,
    "file_id": _on_file_id,
    "device_info": _on_device_info,
    "activity": _on_activity,
    "session": _on_session,
    "lap": _on_lap,
    "sport": _on_sport,
    "hrv": _on_hrv,
    "weight_scale": _on_weight_scale,
    "monitoring": _on_monitoring,
    "monitoring_info": _on_monitoring,
    "monitoring_hr_data": _on_monitoring,
}


# --- building the result --------------------------------------------------------------------


def _parsed_file(collection: _Collection, source: str) -> ParsedFile:
    """Assemble the result; raise when a decoding error left nothing usable."""
    parts = collection.parts
    problem = collection.problem
    if problem is not None and not any(part.is_useful for part in parts):
        raise CorruptFileError(
            f"{problem.reason}, before any usable data", source=source, offset=problem.offset
        )
    result = ParsedFile(source=source, format=FORMAT)
    result.recovered.extend(collection.crc_notes)
    if problem is not None:
        result.recovered.append(_recovery_note(problem, parts))
    for part in parts:
        _add_part(result, part)
    if result.is_empty:
        result.skipped = _skip_reason(parts)
    return result


def _recovery_note(problem: _Problem, parts: list[_Part]) -> str:
    kept = sum(len(part.records) for part in parts)
    if kept:
        return f"{problem.reason}: kept the {kept} records read before it"
    return f"{problem.reason}: kept the data read before it"


def _add_part(result: ParsedFile, part: _Part) -> None:
    """Add one FIT file's activity and wellness values to the result."""
    if part.records.untimed_count:
        count = part.records.untimed_count
        result.recovered.append(
            f"{count} record{'s' if count > 1 else ''} without a timestamp were dropped"
        )
    if part.file_type in (None, "activity") and part.has_activity_data:
        activity = _build_activity(part, result.recovered)
        if activity is not None:
            result.activities.append(activity)
    result.wellness.extend(_weight_entries(part, result.recovered))
    result.wellness.extend(_resting_hr_entries(part, result.recovered))


def _skip_reason(parts: list[_Part]) -> str:
    file_type = next((part.file_type for part in parts if part.file_type), None)
    if file_type in (None, "activity"):
        return "activity file holds no timestamped records or session summary"
    if file_type == "weight":
        return "weight file holds no weight measurements"
    if file_type in MONITORING_TYPES:
        return "monitoring file holds no resting heart rate or HRV data"
    return f"FIT file type '{file_type}' holds no activity, weight or wellness data"


def _build_activity(part: _Part, recovered: list[str]) -> Activity | None:
    """One ``Activity`` from a part with records or a session; ``None`` without any time."""
    sessions = [_field_values(session) for session in part.sessions]
    device_start = _start_time(sessions, part.records)
    if device_start is None:
        return None
    streams = part.records.build(device_start.timestamp())
    if part.records.outlier_count:
        count = part.records.outlier_count
        recovered.append(
            f"{count} record{'s' if count > 1 else ''} with a timestamp more than a day away "
            f"from the rest {'were' if count > 1 else 'was'} dropped"
        )
    recovered.extend(mask_implausible_samples(streams))
    shift = _clock_shift(part, device_start, recovered)
    sport, sub_sport = _activity_sport(sessions, [_field_values(s) for s in part.sports])
    time_s = streams.get(StreamChannel.TIME_S)
    return Activity(
        sport=sport,
        sub_sport=sub_sport,
        start_time=device_start + shift,
        source_format=FORMAT,
        name=_activity_name(part.sports),
        elapsed_s=_session_total(sessions, "total_elapsed_time", _last_finite(time_s)),
        timer_s=_session_total(sessions, "total_timer_time", None),
        distance_m=_session_total(
            sessions, "total_distance", _last_finite(streams.get(StreamChannel.DISTANCE_M))
        ),
        streams=streams,
        laps=[lap for frame in part.laps if (lap := _build_lap(frame, shift)) is not None],
        rr_intervals_ms=_rr_intervals_ms(part.rr_s),
        device_summary=_activity_summary(part.sessions),
        device_name=_device_name([part.file_id, part.creator]),
    )


def _start_time(sessions: list[dict[str, object]], records: StreamBuilder) -> datetime | None:
    """Time zero: the earliest session start, else the first record's timestamp."""
    starts = [start for s in sessions if (start := _as_datetime(s.get("start_time")))]
    first = records.first_epoch_s
    if not starts and first is None:
        starts = [stamp for s in sessions if (stamp := _as_datetime(s.get("timestamp")))]
    if starts:
        return min(starts)
    return None if first is None else datetime.fromtimestamp(first, UTC)


def _clock_shift(part: _Part, device_start: datetime, recovered: list[str]) -> timedelta:
    """Zero for a set device clock; else the offset to local time from the activity message."""
    if device_start >= SYSTEM_TIME_END:
        return timedelta(0)
    if part.clock_anchor is None:
        recovered.append(
            "device clock was not set (times count from power-on): "
            f"start time {device_start:%Y-%m-%d} is not the real date"
        )
        return timedelta(0)
    device_time, local_time = part.clock_anchor
    recovered.append(
        "device clock was not set (times count from power-on): start time taken from "
        "the device's local clock, time zone unknown"
    )
    return local_time.replace(tzinfo=UTC) - device_time


def _session_total(
    sessions: list[dict[str, object]], name: str, fallback: float | None
) -> float | None:
    """Sum of a session total over all sessions, else ``fallback`` (from the streams)."""
    values = [number for s in sessions if (number := _number(s.get(name))) is not None]
    return math.fsum(values) if values else fallback


def _last_finite(values: FloatArray | None) -> float | None:
    if values is None:
        return None
    finite = values[np.isfinite(values)]
    return float(finite[-1]) if finite.size else None


def _activity_sport(
    sessions: list[dict[str, object]], sport_messages: list[dict[str, object]]
) -> tuple[Sport, str | None]:
    """Sport of the sessions (or ``sport`` messages); several sports make a multisport."""
    has_sport = any(s.get("sport") is not None for s in sessions)
    described = sessions if has_sport else sport_messages
    pairs = {
        (str(d.get("sport")), None if d.get("sub_sport") is None else str(d.get("sub_sport")))
        for d in described
        if d.get("sport") is not None and d.get("sport") != TRANSITION
    }
    sports = {_map_sport(sport, sub_sport) for sport, sub_sport in pairs}
    if len(sports) > 1:
        return Sport.OTHER, MULTISPORT
    sub_sports = {sub_sport for _, sub_sport in pairs}
    return (
        sports.pop() if sports else Sport.OTHER,
        sub_sports.pop() if len(sub_sports) == 1 else None,
    )


def _map_sport(sport: str, sub_sport: str | None) -> Sport:
    if sport in _BROAD_SPORTS and sub_sport in _SUB_SPORTS:
        return _SUB_SPORTS[sub_sport]
    return _SPORTS.get(sport, Sport.OTHER)


def _activity_name(sport_frames: list[Any]) -> str | None:
    names = [_field_values(frame).get("name") for frame in sport_frames]
    unique = list(dict.fromkeys(str(name).strip() for name in names if name))
    return " / ".join(unique) if unique else None


def _build_lap(frame: Any, shift: timedelta) -> Lap | None:
    values = _field_values(frame)
    start = _as_datetime(values.get("start_time")) or _as_datetime(values.get("timestamp"))
    if start is None:
        return None
    return Lap(
        start_time=start + shift,
        elapsed_s=_number(values.get("total_elapsed_time")),
        timer_s=_number(values.get("total_timer_time")),
        distance_m=_number(values.get("total_distance")),
        avg_hr_bpm=_number(values.get("avg_heart_rate")),
        max_hr_bpm=_number(values.get("max_heart_rate")),
        avg_power_w=_number(values.get("avg_power")),
        device_summary=_summary(frame),
    )


def _rr_intervals_ms(rr_s: list[float]) -> FloatArray | None:
    if not rr_s:
        return None
    return np.asarray(rr_s, dtype=np.float64) * 1000.0


def _device_name(frames: Iterable[Any]) -> str | None:
    """``manufacturer product`` from file_id, else the creator device_info: 'garmin fenix5'."""
    for frame in frames:
        if frame is None:
            continue
        values = _field_values(frame)
        manufacturer = values.get("manufacturer")
        if manufacturer is None:
            continue
        product = values.get("product_name") or next(
            (v for k, v in values.items() if k.endswith("product") and isinstance(v, str)), None
        )
        return f"{manufacturer} {product}" if product else str(manufacturer)
    return None


def _weight_entries(part: _Part, recovered: list[str]) -> list[WellnessEntry]:
    limits = WELLNESS_LIMITS["mass_kg"]
    kept = [(ts, kg) for ts, kg in part.weights if limits.contains(kg)]
    _note_dropped(recovered, len(part.weights) - len(kept), "mass_kg", limits)
    return [
        WellnessEntry(day=ts.astimezone(UTC).date(), source=FORMAT, mass_kg=kg) for ts, kg in kept
    ]


def _resting_hr_entries(part: _Part, recovered: list[str]) -> list[WellnessEntry]:
    limits = WELLNESS_LIMITS["resting_hr_bpm"]
    kept = {day: bpm for day, bpm in part.resting_hr.items() if limits.contains(bpm)}
    _note_dropped(recovered, len(part.resting_hr) - len(kept), "resting_hr_bpm", limits)
    return [
        WellnessEntry(day=day, source=FORMAT, resting_hr_bpm=bpm)
        for day, bpm in sorted(kept.items())
    ]


def _note_dropped(recovered: list[str], count: int, name: str, limits: Limits) -> None:
    if count:
        recovered.append(
            f"{count} {name} value{'s' if count > 1 else ''} outside "
            f"{limits.low:g}-{limits.high:g} {limits.unit} were dropped"
        )


# --- device summaries -----------------------------------------------------------------------


def _activity_summary(sessions: list[Any]) -> dict[str, object]:
    """The first session's summary; with several sessions, all of them under 'sessions'."""
    if not sessions:
        return {}
    summaries = [_summary(session) for session in sessions]
    summary = dict(summaries[0])
    if len(summaries) > 1:
        summary["sessions"] = summaries
    return summary


def _summary(frame: Any) -> dict[str, object]:
    """Named fields with a value, JSON-ready; developer fields under 'developer'."""
    summary: dict[str, object] = {}
    developer: dict[str, object] = {}
    for item in frame.fields:
        name = item.name
        value = _json_value(item.value)
        if value is None or name.startswith("unknown_"):
            continue
        target = developer if isinstance(item.field_def, DevFieldDefinition) else summary
        target.setdefault(name, value)
    if developer:
        summary["developer"] = developer
    return summary


def _json_value(value: object) -> object:
    """A JSON-serialisable form of a decoded FIT value; ``None`` when there is nothing."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, tuple | list):
        items = [_json_value(item) for item in value]
        return items if any(item is not None for item in items) else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


# --- small helpers --------------------------------------------------------------------------


def _field_values(frame: Any) -> dict[str, object]:
    """A message's profile fields by name (first value wins), for the rare non-record messages."""
    values: dict[str, object] = {}
    for item in frame.fields:
        if values.get(item.name) is None and not isinstance(item.field_def, DevFieldDefinition):
            values[item.name] = item.value
    return values


def _as_datetime(value: object) -> datetime | None:
    """A decoded FIT time as aware UTC; device times (ints below 0x10000000) from 1989-12-31."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    if isinstance(value, int) and 0 <= value < fitdecode.FIT_DATETIME_MIN:
        return FIT_EPOCH + timedelta(seconds=value)
    return None


def _number(value: object) -> float | None:
    """``value`` as a finite float, or ``None`` for anything else (text, tuples, NaN)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None
