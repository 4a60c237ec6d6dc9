"""Read an Apple Health export (``export.zip``) into daily wellness entries and workouts.

The export is one XML file (``apple_health_export/export.xml``) that reaches several GB, so it
is streamed twice straight out of the zip and never held in memory:

1. the first pass collects workouts (few) and daily measurements (small per-day aggregates);
2. the second pass, only when there are workouts, puts each heart-rate sample that falls
   inside a workout's window (start and end inclusive) into that workout's stream. Records
   and workouts may come in any order in the file.

Daily values, one ``WellnessEntry(source="apple_health")`` per local date (the date in the
record's own timestamp, with its own UTC offset):

- resting heart rate, HRV (SDNN, Apple's method), VO2max, SpO2 and body mass: the mean of the
  day's records, by the local date of each record's start;
- blood pressure: the mean of the day's systolic and of its diastolic readings, rounded to
  whole mmHg. Apple lists each reading twice (inside its ``BloodPressure`` correlation and at
  the top level); a reading is counted once, keyed by type, start, value and source;
- sleep: all "asleep" samples (any ``HKCategoryValueSleepAnalysisAsleep*``; not in bed, not
  awake) from every source are merged into their union, so a watch and a phone never count the
  same minutes twice. Merged intervals less than ``SLEEP_PERIOD_GAP_S`` apart form one sleep
  period, and a period's asleep time counts for the local date on which it ends (the wake-up
  day); a day's sleep is the sum of the periods ending on it, naps included.

Odd records are expected in real exports: one whose date, value or unit can't be read is
skipped and counted, daily values outside ``WELLNESS_LIMITS`` are dropped, and heart-rate
samples outside the stream limits become missing; ``ParsedFile.recovered`` says so each time.
"""

from __future__ import annotations

import math
import re
import zlib
from bisect import bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING, Protocol
from zipfile import BadZipFile, ZipFile, ZipInfo

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, iterparse

from aicoach.domain import Activity, HrvMethod, ParsedFile, Sport, StreamChannel, WellnessEntry
from aicoach.errors import CorruptFileError, UnsafeInputError
from aicoach.io.plausibility import WELLNESS_LIMITS, mask_implausible_samples
from aicoach.io.stream_builder import StreamBuilder
from aicoach.units import (
    METRES_PER_MILE,
    fraction_to_percent,
    hours_to_seconds,
    km_to_m,
    minutes_to_seconds,
    pounds_to_kg,
)

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

APPLE_HEALTH_FORMAT = "apple_health"
"""``ParsedFile.format``, ``Activity.source_format`` and ``WellnessEntry.source`` value."""

SLEEP_PERIOD_GAP_S = 3 * 3600.0
"""Asleep intervals closer than this belong to one sleep period (one night, or one nap)."""

ProgressCallback = Callable[[int], None]

ROOT_TAG = "HealthData"
RESTING_HR = "HKQuantityTypeIdentifierRestingHeartRate"
HRV_SDNN = "HKQuantityTypeIdentifierHeartRateVariabilitySDNN"
VO2MAX = "HKQuantityTypeIdentifierVO2Max"
SPO2 = "HKQuantityTypeIdentifierOxygenSaturation"
BODY_MASS = "HKQuantityTypeIdentifierBodyMass"
HEART_RATE = "HKQuantityTypeIdentifierHeartRate"
SYSTOLIC = "HKQuantityTypeIdentifierBloodPressureSystolic"
DIASTOLIC = "HKQuantityTypeIdentifierBloodPressureDiastolic"
BLOOD_PRESSURE = "HKCorrelationTypeIdentifierBloodPressure"
SLEEP = "HKCategoryTypeIdentifierSleepAnalysis"
ASLEEP_PREFIX = "HKCategoryValueSleepAnalysisAsleep"
WORKOUT_TYPE_PREFIX = "HKWorkoutActivityType"

DISTANCE_STATISTICS = (
    "HKQuantityTypeIdentifierDistanceWalkingRunning",
    "HKQuantityTypeIdentifierDistanceCycling",
    "HKQuantityTypeIdentifierDistanceSwimming",
    "HKQuantityTypeIdentifierDistanceDownhillSnowSports",
    "HKQuantityTypeIdentifierDistanceCrossCountrySkiing",
    "HKQuantityTypeIdentifierDistanceRowing",
)

WORKOUT_SPORTS: dict[str, Sport] = {
    "Running": Sport.RUNNING,
    "Cycling": Sport.CYCLING,
    "HandCycling": Sport.CYCLING,
    "Swimming": Sport.SWIMMING,
    "Walking": Sport.WALKING,
    "Hiking": Sport.HIKING,
    "Rowing": Sport.ROWING,
    "TraditionalStrengthTraining": Sport.STRENGTH,
    "FunctionalStrengthTraining": Sport.STRENGTH,
    "Yoga": Sport.YOGA,
    "CrossCountrySkiing": Sport.CROSS_COUNTRY_SKIING,
}
"""Apple workout type (without ``HKWorkoutActivityType``) -> sport; the rest are ``OTHER``."""

_WORKOUT_SUMMARY_ATTRIBUTES = (
    "workoutActivityType",
    "duration",
    "durationUnit",
    "totalDistance",
    "totalDistanceUnit",
    "totalEnergyBurned",
    "totalEnergyBurnedUnit",
    "sourceName",
    "sourceVersion",
)

_APPLE_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})"
)
_POSITION_SUFFIX = re.compile(r":\s*line \d+, column \d+\s*$")
_DEVICE_NAME = re.compile(r"name:([^,>]+)")
_ZIP_READ_ERRORS = (BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


# ---------------------------------------------------------------------------------------------
# Public entry point


def read_apple_health_zip(
    path: Path,
    source: str,
    progress: ProgressCallback | None = None,
    *,
    max_xml_bytes: int | None = None,
) -> ParsedFile:
    """Read the export zip at ``path``; ``source`` names it in errors and notes.

    ``progress`` is called with the work done so far in bytes-equivalent, rising to the
    uncompressed size of export.xml (``export_xml_size``): the first pass over the file counts
    half of it, the second the other half. ``max_xml_bytes`` refuses a larger export.xml with
    ``UnsafeInputError``.
    """
    with _open_archive(path, source) as archive:
        member = _find_export_member(archive, source)
        member_source = f"{source}!{member.filename}"
        if max_xml_bytes is not None and member.file_size > max_xml_bytes:
            raise UnsafeInputError(
                f"export.xml is {member.file_size} bytes uncompressed, more than the "
                f"{max_xml_bytes} bytes allowed",
                source=member_source,
            )
        meter = _ProgressMeter(progress, member.file_size)
        collected = _first_pass(archive, member, member_source, meter)
        if collected.workouts:
            _second_pass(archive, member, member_source, meter, collected)
        meter.finish()
    return _assemble(source, collected)


def export_xml_size(path: Path, source: str) -> int:
    """The uncompressed size of the export's XML member: the total ``progress`` reaches."""
    with _open_archive(path, source) as archive:
        return _find_export_member(archive, source).file_size


# ---------------------------------------------------------------------------------------------
# The zip and the XML stream


@contextmanager
def _open_archive(path: Path, source: str) -> Iterator[ZipFile]:
    try:
        archive = ZipFile(path)
    except (BadZipFile, EOFError) as exc:
        raise CorruptFileError(
            f"not a readable zip archive ({exc}); export it again from the Health app",
            source=source,
        ) from None
    with archive:
        yield archive


def _find_export_member(archive: ZipFile, source: str) -> ZipInfo:
    """``export.xml`` wherever it sits, else the first XML member whose root is HealthData."""
    members = [info for info in archive.infolist() if not info.is_dir()]
    for info in members:
        if PurePosixPath(info.filename).name.lower() == "export.xml":
            return info
    for info in members:
        if info.filename.lower().endswith(".xml") and _root_tag(archive, info, source) == ROOT_TAG:
            return info
    raise CorruptFileError(
        "the archive has no export.xml; is it an Apple Health export?", source=source
    )


def _root_tag(archive: ZipFile, info: ZipInfo, source: str) -> str | None:
    member_source = f"{source}!{info.filename}"
    with _translated_errors(member_source), archive.open(info) as stream:
        try:
            for _event, elem in iterparse(stream, events=("start",), **_DEFUSED):
                return str(elem.tag)
        except ParseError:
            return None
    return None


_DEFUSED: dict[str, bool] = {
    # The real export carries an internal DTD (ATTLIST declarations), so a DTD is allowed;
    # entity declarations (billion laughs) and external references are refused.
    "forbid_dtd": False,
    "forbid_entities": True,
    "forbid_external": True,
}


@contextmanager
def _translated_errors(member_source: str) -> Iterator[None]:
    """Turn zip, XML and defusedxml failures into aicoach errors naming the member."""
    try:
        yield
    except DefusedXmlException as exc:
        raise UnsafeInputError(
            f"the XML declares entities or external references ({type(exc).__name__}); "
            "a Health export never does, so it is refused",
            source=member_source,
        ) from None
    except ParseError as exc:
        line, column = exc.position
        reason = _POSITION_SUFFIX.sub("", str(exc))
        raise CorruptFileError(
            f"malformed XML: {reason} (column {column})", source=member_source, line=line
        ) from None
    except _ZIP_READ_ERRORS as exc:
        raise CorruptFileError(
            f"the archive is damaged and can't be read to the end ({exc})", source=member_source
        ) from None


def _top_level_elements(stream: _Readable, member_source: str) -> Iterator[Element]:
    """Yield each complete child of the root, then free it, so memory stays flat."""
    depth = 0
    root: Element | None = None
    for event, elem in iterparse(stream, events=("start", "end"), **_DEFUSED):
        if event == "start":
            if root is None:
                root = elem
                _require_health_root(elem, member_source)
            depth += 1
            continue
        depth -= 1
        if depth == 1 and root is not None:
            yield elem
            elem.clear()
            root.clear()


def _require_health_root(elem: Element, member_source: str) -> None:
    if elem.tag != ROOT_TAG:
        raise CorruptFileError(
            f"the root element is <{elem.tag}>, not <{ROOT_TAG}>: not an Apple Health export",
            source=member_source,
            line=1,
        )


class _Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


class _ProgressMeter:
    """Maps bytes read in each of the two passes onto one 0..size scale."""

    def __init__(self, callback: ProgressCallback | None, size: int) -> None:
        self._callback = callback
        self._size = size

    def stream(self, raw: IO[bytes], pass_index: int) -> _CountingStream:
        return _CountingStream(raw, self, pass_index * self._size)

    def report(self, done_two_pass_bytes: int) -> None:
        if self._callback is not None:
            self._callback(min(self._size, done_two_pass_bytes // 2))

    def finish(self) -> None:
        if self._callback is not None:
            self._callback(self._size)


class _CountingStream:
    """A read-only stream that reports each chunk read to the progress meter."""

    def __init__(self, raw: IO[bytes], meter: _ProgressMeter, offset: int) -> None:
        self._raw = raw
        self._meter = meter
        self._done = offset

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._done += len(data)
        self._meter.report(self._done)
        return data


def _iter_member(
    archive: ZipFile, member: ZipInfo, member_source: str, meter: _ProgressMeter, pass_index: int
) -> Iterator[Element]:
    with _translated_errors(member_source), archive.open(member) as raw:
        stream = meter.stream(raw, pass_index)
        yield from _top_level_elements(stream, member_source)


# ---------------------------------------------------------------------------------------------
# Dates, numbers and units


_OFFSETS: dict[str, timezone] = {}


def parse_apple_datetime(text: str | None) -> datetime:
    """Parse Apple's ``2024-01-02 07:12:00 +0100`` keeping its own offset; ``ValueError`` if not."""
    match = _APPLE_DATETIME.fullmatch(text or "")
    if match is None:
        raise ValueError(f"date {text!r}")
    year, month, day, hour, minute, second, sign, off_h, off_m = match.groups()
    offset_key = sign + off_h + off_m
    tz = _OFFSETS.get(offset_key)
    if tz is None:
        delta = timedelta(hours=int(off_h), minutes=int(off_m))
        tz = _OFFSETS[offset_key] = timezone(-delta if sign == "-" else delta)
    return datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), tzinfo=tz)


def apple_epoch_s(text: str | None) -> float:
    """Unix seconds of an Apple timestamp, as ``parse_apple_datetime`` but fast for many calls."""
    if text is None or len(text) != 25 or text[13] != ":" or text[16] != ":":
        raise ValueError(f"date {text!r}")
    hour, minute, second = text[11:13], text[14:16], text[17:19]
    if not (hour + minute + second).isdigit() or hour > "23" or minute > "59" or second > "59":
        raise ValueError(f"date {text!r}")
    midnight = _midnight_epoch_s(text[:11] + "00:00:00" + text[19:])
    return midnight + int(hour) * 3600 + int(minute) * 60 + int(second)


@lru_cache(maxsize=4096)
def _midnight_epoch_s(text: str) -> float:
    return parse_apple_datetime(text).timestamp()


def _number(text: str | None) -> float:
    if text is None:
        raise ValueError("no value")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"value {text!r}")
    return value


_Converter = Callable[[float, str], float]


def _unit_must_be(*accepted: str) -> _Converter:
    def convert(value: float, unit: str) -> float:
        if unit not in accepted:
            raise ValueError(f"unit {unit!r}")
        return value

    return convert


def _percent(value: float, unit: str) -> float:
    """Apple stores SpO2 as a fraction (0.97) with unit '%'; a value above 1 is already percent."""
    if unit != "%":
        raise ValueError(f"unit {unit!r}")
    return fraction_to_percent(value) if value <= 1.0 else value


def _mass_kg(value: float, unit: str) -> float:
    if unit == "kg":
        return value
    if unit == "lb":
        return pounds_to_kg(value)
    raise ValueError(f"unit {unit!r}")


def _distance_m(value: float, unit: str) -> float:
    if unit == "km":
        return km_to_m(value)
    if unit == "m":
        return value
    if unit == "mi":
        return value * METRES_PER_MILE
    raise ValueError(f"unit {unit!r}")


def _duration_s(value: float, unit: str) -> float:
    if unit == "min":
        return minutes_to_seconds(value)
    if unit == "s":
        return value
    if unit in ("h", "hr"):
        return hours_to_seconds(value)
    raise ValueError(f"unit {unit!r}")


_DAILY_QUANTITIES: dict[str, tuple[str, _Converter]] = {
    RESTING_HR: ("resting_hr_bpm", _unit_must_be("count/min")),
    HRV_SDNN: ("hrv_ms", _unit_must_be("ms")),
    VO2MAX: ("vo2max_ml_kg_min", _unit_must_be("mL/min·kg", "ml/(kg·min)", "mL/(kg·min)")),
    SPO2: ("spo2_pct", _percent),
    BODY_MASS: ("mass_kg", _mass_kg),
    SYSTOLIC: ("systolic_mmhg", _unit_must_be("mmHg")),
    DIASTOLIC: ("diastolic_mmhg", _unit_must_be("mmHg")),
}
"""Record type -> (WellnessEntry field, converter to the field's unit)."""


# ---------------------------------------------------------------------------------------------
# First pass: daily measurements and workouts


@dataclass(slots=True)
class _SkippedRecords:
    count: int = 0
    example: str | None = None

    def add(self, what: str, reason: object) -> None:
        self.count += 1
        if self.example is None:
            self.example = f"{what}: {reason}"


@dataclass(slots=True)
class _SleepInterval:
    start_epoch_s: float
    end_epoch_s: float
    end_day: date


@dataclass(slots=True)
class _WorkoutDraft:
    start_epoch_s: float
    end_epoch_s: float
    activity: Activity
    heart_rate: StreamBuilder = field(default_factory=StreamBuilder)


@dataclass(slots=True)
class _Collected:
    """What the first pass gathered; small whatever the size of the export."""

    daily_sums: dict[tuple[date, str], list[float]] = field(default_factory=dict)
    sleep: list[_SleepInterval] = field(default_factory=list)
    workouts: list[_WorkoutDraft] = field(default_factory=list)
    blood_pressure_seen: set[tuple[str, ...]] = field(default_factory=set)
    skipped: _SkippedRecords = field(default_factory=_SkippedRecords)

    def add_daily(self, day: date, name: str, value: float) -> None:
        totals = self.daily_sums.get((day, name))
        if totals is None:
            self.daily_sums[(day, name)] = [value, 1.0]
        else:
            totals[0] += value
            totals[1] += 1.0


def _first_pass(
    archive: ZipFile, member: ZipInfo, member_source: str, meter: _ProgressMeter
) -> _Collected:
    collected = _Collected()
    for elem in _iter_member(archive, member, member_source, meter, pass_index=0):
        tag = elem.tag
        if tag == "Record":
            _add_record(collected, elem)
        elif tag == "Correlation" and elem.get("type") == BLOOD_PRESSURE:
            for child in elem.iterfind("Record"):
                _add_record(collected, child)
        elif tag == "Workout":
            _add_workout(collected, elem)
    collected.workouts.sort(key=lambda draft: draft.start_epoch_s)
    return collected


def _add_record(collected: _Collected, elem: Element) -> None:
    kind = elem.get("type")
    if kind is None or kind == HEART_RATE:
        return
    if kind in (SYSTOLIC, DIASTOLIC) and _seen_blood_pressure(collected, elem, kind):
        return
    try:
        if kind == SLEEP:
            _add_sleep(collected, elem)
        elif kind in _DAILY_QUANTITIES:
            _add_quantity(collected, elem, kind)
    except ValueError as exc:
        collected.skipped.add(kind, exc)


def _seen_blood_pressure(collected: _Collected, elem: Element, kind: str) -> bool:
    """True when this reading was already counted (Apple lists each one twice)."""
    key = (kind, elem.get("startDate", ""), elem.get("value", ""), elem.get("sourceName", ""))
    if key in collected.blood_pressure_seen:
        return True
    collected.blood_pressure_seen.add(key)
    return False


def _add_quantity(collected: _Collected, elem: Element, kind: str) -> None:
    name, convert = _DAILY_QUANTITIES[kind]
    start = parse_apple_datetime(elem.get("startDate"))
    value = convert(_number(elem.get("value")), elem.get("unit", ""))
    collected.add_daily(start.date(), name, value)


def _add_sleep(collected: _Collected, elem: Element) -> None:
    start = parse_apple_datetime(elem.get("startDate"))
    end = parse_apple_datetime(elem.get("endDate"))
    if end < start:
        raise ValueError(f"sleep ends before it starts ({elem.get('startDate')})")
    if not elem.get("value", "").startswith(ASLEEP_PREFIX) or end == start:
        return
    collected.sleep.append(_SleepInterval(start.timestamp(), end.timestamp(), end.date()))


def _add_workout(collected: _Collected, elem: Element) -> None:
    try:
        collected.workouts.append(_workout_from_element(elem))
    except ValueError as exc:
        collected.skipped.add("Workout", exc)


def _workout_from_element(elem: Element) -> _WorkoutDraft:
    start = parse_apple_datetime(elem.get("startDate"))
    end = parse_apple_datetime(elem.get("endDate"))
    if end < start:
        raise ValueError(f"workout ends before it starts ({elem.get('startDate')})")
    apple_type = elem.get("workoutActivityType", "").removeprefix(WORKOUT_TYPE_PREFIX)
    sport = WORKOUT_SPORTS.get(apple_type, Sport.OTHER)
    statistics = {
        child.get("type", ""): dict(child.attrib) for child in elem.iterfind("WorkoutStatistics")
    }
    activity = Activity(
        sport=sport,
        start_time=start.astimezone(UTC),
        source_format=APPLE_HEALTH_FORMAT,
        sub_sport=apple_type if sport is Sport.OTHER and apple_type else None,
        elapsed_s=(end - start).total_seconds(),
        timer_s=_optional(_duration_s, elem.get("duration"), elem.get("durationUnit")),
        distance_m=_workout_distance_m(elem, statistics),
        device_summary=_workout_summary(elem, statistics),
        device_name=_device_name(elem.get("device")),
    )
    return _WorkoutDraft(start.timestamp(), end.timestamp(), activity)


def _optional(convert: _Converter, value: str | None, unit: str | None) -> float | None:
    """A converted value, or ``None`` when it is absent or unreadable (the raw one is kept)."""
    if value is None or unit is None:
        return None
    try:
        return convert(_number(value), unit)
    except ValueError:
        return None


def _workout_distance_m(elem: Element, statistics: dict[str, dict[str, str]]) -> float | None:
    """``totalDistance`` in older exports, the distance statistic's ``sum`` in newer ones."""
    distance = _optional(_distance_m, elem.get("totalDistance"), elem.get("totalDistanceUnit"))
    if distance is not None:
        return distance
    for kind in DISTANCE_STATISTICS:
        stat = statistics.get(kind)
        if stat is not None:
            return _optional(_distance_m, stat.get("sum"), stat.get("unit"))
    return None


def _workout_summary(elem: Element, statistics: dict[str, dict[str, str]]) -> dict[str, object]:
    summary: dict[str, object] = {
        name: elem.get(name) for name in _WORKOUT_SUMMARY_ATTRIBUTES if elem.get(name) is not None
    }
    metadata = {
        child.get("key", ""): child.get("value", "") for child in elem.iterfind("MetadataEntry")
    }
    if metadata:
        summary["metadata"] = metadata
    if statistics:
        summary["statistics"] = {
            kind: {k: v for k, v in stat.items() if k not in ("type", "startDate", "endDate")}
            for kind, stat in statistics.items()
        }
    return summary


def _device_name(device: str | None) -> str | None:
    match = _DEVICE_NAME.search(device or "")
    return match.group(1).strip() if match else None


# ---------------------------------------------------------------------------------------------
# Second pass: heart rate inside workouts


class _WorkoutWindows:
    """Finds the workout whose [start, end] window holds a moment; the latest start wins."""

    def __init__(self, drafts: list[_WorkoutDraft]) -> None:
        self._starts = [draft.start_epoch_s for draft in drafts]
        self._ends = [draft.end_epoch_s for draft in drafts]
        self._reach: list[float] = []
        for end in self._ends:
            self._reach.append(max(end, self._reach[-1]) if self._reach else end)

    def index_of(self, epoch_s: float) -> int | None:
        index = bisect_right(self._starts, epoch_s) - 1
        while index >= 0 and self._reach[index] >= epoch_s:
            if self._ends[index] >= epoch_s:
                return index
            index -= 1
        return None


def _second_pass(
    archive: ZipFile,
    member: ZipInfo,
    member_source: str,
    meter: _ProgressMeter,
    collected: _Collected,
) -> None:
    windows = _WorkoutWindows(collected.workouts)
    for elem in _iter_member(archive, member, member_source, meter, pass_index=1):
        if elem.tag == "Record" and elem.get("type") == HEART_RATE:
            try:
                _add_heart_rate(collected, windows, elem)
            except ValueError as exc:
                collected.skipped.add(HEART_RATE, exc)


def _add_heart_rate(collected: _Collected, windows: _WorkoutWindows, elem: Element) -> None:
    epoch_s = apple_epoch_s(elem.get("startDate"))
    index = windows.index_of(epoch_s)
    if index is None:
        return
    if elem.get("unit") != "count/min":
        raise ValueError(f"unit {elem.get('unit')!r}")
    value = _number(elem.get("value"))
    moment = datetime.fromtimestamp(epoch_s, UTC)
    collected.workouts[index].heart_rate.add(moment, {StreamChannel.HEART_RATE_BPM: value})


# ---------------------------------------------------------------------------------------------
# Assembling the result


def _assemble(source: str, collected: _Collected) -> ParsedFile:
    wellness, notes = _wellness_entries(collected)
    activities = [_finish_workout(draft, notes) for draft in collected.workouts]
    if collected.skipped.count:
        count = collected.skipped.count
        notes.insert(
            0,
            f"{count} record{'s' if count > 1 else ''} with unreadable values "
            f"{'were' if count > 1 else 'was'} skipped (first: {collected.skipped.example})",
        )
    parsed = ParsedFile(
        source=source,
        format=APPLE_HEALTH_FORMAT,
        activities=activities,
        wellness=wellness,
        recovered=notes,
    )
    if parsed.is_empty:
        parsed.skipped = "the export holds no workouts or daily measurements that aicoach reads"
    return parsed


def _finish_workout(draft: _WorkoutDraft, notes: list[str]) -> Activity:
    activity = draft.activity
    activity.streams = draft.heart_rate.build(draft.start_epoch_s)
    label = f"{activity.sport.value} workout at {activity.start_time:%Y-%m-%d %H:%M} UTC"
    notes.extend(f"{label}: {note}" for note in mask_implausible_samples(activity.streams))
    return activity


def _wellness_entries(collected: _Collected) -> tuple[list[WellnessEntry], list[str]]:
    """One entry per local date, with implausible daily values dropped and described."""
    values_by_day: dict[date, dict[str, float]] = {}
    for (day, name), (total, count) in collected.daily_sums.items():
        values_by_day.setdefault(day, {})[name] = total / count
    for day, sleep_s in _sleep_seconds_by_day(collected.sleep).items():
        values_by_day.setdefault(day, {})["sleep_duration_s"] = sleep_s
    dropped = _DroppedValues()
    entries = []
    for day in sorted(values_by_day):
        entry = _entry_for_day(day, values_by_day[day], dropped)
        if entry.measurement_names():
            entries.append(entry)
    return entries, dropped.notes()


def _entry_for_day(day: date, values: dict[str, float], dropped: _DroppedValues) -> WellnessEntry:
    entry = WellnessEntry(day=day, source=APPLE_HEALTH_FORMAT)
    _set_blood_pressure(entry, values, dropped)
    for name, value in values.items():
        if name in ("systolic_mmhg", "diastolic_mmhg"):
            continue
        if dropped.keep(day, name, value):
            setattr(entry, name, value)
    if entry.hrv_ms is not None:
        entry.hrv_method = HrvMethod.SDNN
    return entry


def _set_blood_pressure(
    entry: WellnessEntry, values: dict[str, float], dropped: _DroppedValues
) -> None:
    systolic = values.get("systolic_mmhg")
    diastolic = values.get("diastolic_mmhg")
    if systolic is None or diastolic is None:
        if systolic is not None or diastolic is not None:
            dropped.add_unpaired_pressure(entry.day)
        return
    systolic_i, diastolic_i = round(systolic), round(diastolic)
    if not (
        dropped.keep(entry.day, "systolic_mmhg", systolic_i)
        and dropped.keep(entry.day, "diastolic_mmhg", diastolic_i)
    ):
        return
    if systolic_i <= diastolic_i:
        dropped.add_unpaired_pressure(entry.day)
        return
    entry.systolic_mmhg = systolic_i
    entry.diastolic_mmhg = diastolic_i


class _DroppedValues:
    """Counts daily values dropped as implausible, to describe them in one note per field."""

    def __init__(self) -> None:
        self._by_name: dict[str, list[tuple[date, float]]] = {}
        self._unpaired_pressure: list[date] = []

    def keep(self, day: date, name: str, value: float) -> bool:
        limits = WELLNESS_LIMITS.get(name)
        if limits is None or limits.contains(value):
            return True
        self._by_name.setdefault(name, []).append((day, value))
        return False

    def add_unpaired_pressure(self, day: date) -> None:
        self._unpaired_pressure.append(day)

    def notes(self) -> list[str]:
        notes = []
        for name, drops in self._by_name.items():
            limits = WELLNESS_LIMITS[name]
            day, value = drops[0]
            notes.append(
                f"{len(drops)} daily {name} value{'s' if len(drops) > 1 else ''} outside "
                f"{limits.low:g}-{limits.high:g} {limits.unit} dropped "
                f"(first: {value:g} on {day.isoformat()})"
            )
        if self._unpaired_pressure:
            count = len(self._unpaired_pressure)
            notes.append(
                f"blood pressure dropped on {count} day{'s' if count > 1 else ''} without a "
                f"matching systolic/diastolic pair (first: {self._unpaired_pressure[0]})"
            )
        return notes


def _sleep_seconds_by_day(intervals: list[_SleepInterval]) -> dict[date, float]:
    """Asleep seconds per wake-up date: union of intervals, grouped into sleep periods."""
    merged: list[_SleepInterval] = []
    for interval in sorted(intervals, key=lambda i: i.start_epoch_s):
        last = merged[-1] if merged else None
        if last is not None and interval.start_epoch_s <= last.end_epoch_s:
            if interval.end_epoch_s > last.end_epoch_s:
                last.end_epoch_s = interval.end_epoch_s
                last.end_day = interval.end_day
        else:
            merged.append(replace(interval))
    totals: dict[date, float] = {}
    period_s = 0.0
    for index, interval in enumerate(merged):
        period_s += interval.end_epoch_s - interval.start_epoch_s
        following = merged[index + 1] if index + 1 < len(merged) else None
        if (
            following is None
            or following.start_epoch_s - interval.end_epoch_s >= SLEEP_PERIOD_GAP_S
        ):
            totals[interval.end_day] = totals.get(interval.end_day, 0.0) + period_s
            period_s = 0.0
    return totals
