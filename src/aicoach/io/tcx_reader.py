"""Read Garmin Training Center (TCX v2) activities.

One activity per ``<Activity Sport="Running|Biking|Other">``; its ``<Id>`` is the start time.
Each ``<Lap>`` becomes a :class:`Lap` whose ``device_summary`` keeps the lap's own values under
their TCX names (``TotalTimeSeconds``, ``Calories``, the ``LX`` extension's ``AvgWatts``...).
Trackpoints become streams: position, ``AltitudeMeters``, ``DistanceMeters``,
``HeartRateBpm/Value``, ``Cadence`` (or the ``TPX`` extension's ``RunCadence``, kept as written:
strides per minute of one foot), ``TPX`` ``Speed`` and ``Watts``. Elements are matched on local
name, so files that use the schema without its namespace read the same.

Activity totals prefer what the device summed in its laps: ``timer_s`` is the sum of the laps'
``TotalTimeSeconds`` (TCX's timer time) and ``distance_m`` the sum of their
``DistanceMeters``, both only when every lap has the value, else the stream's last distance.
``elapsed_s`` is wall-clock time from the start to the later of the last trackpoint and the
end of the last lap.

Policy for bad values: a number that does not parse is dropped (``None``), a trackpoint
without a valid ``<Time>`` is dropped, a lap without a valid ``StartTime`` and without
trackpoints is dropped, and samples outside the plausibility limits become missing. Each repair
is described in ``ParsedFile.recovered`` (with the line of the first bad value). The file is
refused only when it is unsafe, not well-formed XML, or has nothing to place in time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import BinaryIO
from xml.etree.ElementTree import Element

from aicoach.domain.activity import Activity, FloatArray, Lap, Sport, StreamChannel
from aicoach.domain.parsed import ParsedFile
from aicoach.errors import DataError, EmptyFileError, UnsupportedFormatError
from aicoach.io.gpx_reader import complete_motion_channels, last_value
from aicoach.io.plausibility import mask_implausible_samples
from aicoach.io.safe_xml import NumberReader, element_line, local_name, parse_xml
from aicoach.io.stream_builder import StreamBuilder

TCX_NAMESPACE = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
ACTIVITY_EXTENSION_NAMESPACE = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"

TCX_SPORTS: dict[str, Sport] = {
    "running": Sport.RUNNING,
    "biking": Sport.CYCLING,
    "other": Sport.OTHER,
}
"""The three values of the TCX ``Sport_t`` type (lower-cased)."""

LAP_NUMBERS = ("TotalTimeSeconds", "DistanceMeters", "MaximumSpeed", "Calories", "Cadence")
LAP_HEART_RATES = ("AverageHeartRateBpm", "MaximumHeartRateBpm")
LAP_TEXTS = ("Intensity", "TriggerMethod")
LAP_EXTENSION_NUMBERS = (
    "AvgSpeed",
    "MaxBikeCadence",
    "AvgRunCadence",
    "MaxRunCadence",
    "Steps",
    "AvgWatts",
    "MaxWatts",
)
"""Children of the ``ActivityExtension/v2`` ``LX`` element of a lap."""


def read_tcx(stream: BinaryIO, source: str) -> ParsedFile:
    """Read every activity of a TCX file; ``source`` names the file in messages.

    A file holding only planned workouts or courses comes back with ``skipped`` set. Raises
    ``EmptyFileError`` (no bytes, or nothing in the file), ``UnsafeInputError`` (a DOCTYPE),
    ``CorruptFileError`` (not well-formed, with the line), ``UnsupportedFormatError`` (not a
    ``TrainingCenterDatabase``) and ``DataError`` (an activity with no time at all).
    """
    data = stream.read()
    if not data.strip():
        raise EmptyFileError("the file is empty", source=source)
    root = parse_xml(data, source)
    if local_name(root.tag) != "TrainingCenterDatabase":
        raise UnsupportedFormatError(
            f"not a TCX file: the root element is <{local_name(root.tag)}>, "
            "expected <TrainingCenterDatabase>",
            source=source,
        )
    parsed = ParsedFile(source=source, format="tcx")
    activity_elements = list(_descendants(root, "Activity"))
    if not activity_elements:
        if any(_descendants(root, "Workout")) or any(_descendants(root, "Course")):
            parsed.skipped = "the TCX file holds planned workouts or courses, not a recording"
            return parsed
        raise EmptyFileError("the TCX file holds no activities", source=source)
    for index, element in enumerate(activity_elements):
        activity, notes = _read_activity(element, source)
        parsed.activities.append(activity)
        label = f"activity {index + 1}: " if len(activity_elements) > 1 else ""
        parsed.recovered.extend(label + note for note in notes)
    return parsed


def _read_activity(element: Element, source: str) -> tuple[Activity, list[str]]:
    """Turn one ``<Activity>`` into an activity plus the repairs that reading it needed."""
    numbers = NumberReader()
    builder = StreamBuilder()
    laps, notes = _read_laps(element, builder, numbers)
    start_time = _start_time(element, laps, builder)
    if start_time is None:
        raise DataError(
            "TCX activity has no valid Id, lap StartTime or trackpoint Time: "
            "cannot place it in time",
            source=source,
            line=element_line(element),
        )
    streams = builder.build(start_epoch_s=start_time.timestamp())
    notes.extend(_untimed_notes(builder))
    notes.extend(numbers.notes())
    notes.extend(mask_implausible_samples(streams))
    notes.extend(complete_motion_channels(streams))
    activity = Activity(
        sport=TCX_SPORTS.get((element.get("Sport") or "").strip().lower(), Sport.OTHER),
        start_time=start_time,
        source_format="tcx",
        name=_text(_child(element, "Notes")),
        elapsed_s=_elapsed_s(start_time, laps, streams.get(StreamChannel.TIME_S)),
        timer_s=_sum_if_all([lap.timer_s for lap in laps]),
        distance_m=_first_known(
            _sum_if_all([lap.distance_m for lap in laps]),
            last_value(streams.get(StreamChannel.DISTANCE_M)),
        ),
        streams=streams,
        laps=laps,
        device_summary=_activity_summary(laps),
        device_name=_text(_child(_child(element, "Creator"), "Name")),
    )
    return activity, notes


def _read_laps(
    element: Element, builder: StreamBuilder, numbers: NumberReader
) -> tuple[list[Lap], list[str]]:
    """Read every ``<Lap>``, adding its trackpoints to ``builder``; notes say what was dropped."""
    laps: list[Lap] = []
    notes: list[str] = []
    for lap_element in _children(element, "Lap"):
        first_sample_time = _add_trackpoints(lap_element, builder, numbers)
        lap = _read_lap(lap_element, numbers, first_sample_time)
        if lap is None:
            notes.append(
                f"the lap at line {element_line(lap_element)} has no valid StartTime "
                "and no trackpoints and was dropped"
            )
        else:
            laps.append(lap)
    return laps, notes


def _untimed_notes(builder: StreamBuilder) -> list[str]:
    dropped = builder.untimed_count
    if not dropped:
        return []
    total = dropped + len(builder)
    return [f"{dropped} of {total} trackpoints had no valid Time and were dropped"]


def _add_trackpoints(
    lap_element: Element, builder: StreamBuilder, numbers: NumberReader
) -> datetime | None:
    """Add the lap's trackpoints to ``builder``; return the first valid trackpoint time."""
    first_time: datetime | None = None
    for track in _children(lap_element, "Track"):
        for trackpoint in _children(track, "Trackpoint"):
            moment = parse_tcx_time(_text(_child(trackpoint, "Time")))
            builder.add(moment, _trackpoint_values(trackpoint, numbers))
            if first_time is None:
                first_time = moment
    return first_time


def _trackpoint_values(
    trackpoint: Element, numbers: NumberReader
) -> dict[StreamChannel, float | None]:
    """The channel values of one ``<Trackpoint>``."""
    position = _child(trackpoint, "Position")
    tpx = _child(_child(trackpoint, "Extensions"), "TPX")
    cadence = numbers.read(_child(trackpoint, "Cadence"), "<Cadence>")
    if cadence is None:
        cadence = numbers.read(_child(tpx, "RunCadence"), "<RunCadence>")
    return {
        StreamChannel.LATITUDE_DEG: numbers.read(
            _child(position, "LatitudeDegrees"), "<LatitudeDegrees>"
        ),
        StreamChannel.LONGITUDE_DEG: numbers.read(
            _child(position, "LongitudeDegrees"), "<LongitudeDegrees>"
        ),
        StreamChannel.ALTITUDE_M: numbers.read(
            _child(trackpoint, "AltitudeMeters"), "<AltitudeMeters>"
        ),
        StreamChannel.DISTANCE_M: numbers.read(
            _child(trackpoint, "DistanceMeters"), "<DistanceMeters>"
        ),
        StreamChannel.HEART_RATE_BPM: numbers.read(
            _child(_child(trackpoint, "HeartRateBpm"), "Value"), "<HeartRateBpm>"
        ),
        StreamChannel.CADENCE_RPM: cadence,
        StreamChannel.SPEED_M_S: numbers.read(_child(tpx, "Speed"), "<Speed>"),
        StreamChannel.POWER_W: numbers.read(_child(tpx, "Watts"), "<Watts>"),
    }


def _read_lap(
    lap_element: Element, numbers: NumberReader, first_sample_time: datetime | None
) -> Lap | None:
    """A lap from its summary elements; ``None`` when it cannot be placed in time."""
    start_time = parse_tcx_time(lap_element.get("StartTime")) or first_sample_time
    if start_time is None:
        return None
    summary = _lap_summary(lap_element, numbers)
    return Lap(
        start_time=start_time,
        timer_s=_number(summary, "TotalTimeSeconds"),
        distance_m=_number(summary, "DistanceMeters"),
        avg_hr_bpm=_number(summary, "AverageHeartRateBpm"),
        max_hr_bpm=_number(summary, "MaximumHeartRateBpm"),
        avg_power_w=_number(summary, "AvgWatts"),
        device_summary=summary,
    )


def _lap_summary(lap_element: Element, numbers: NumberReader) -> dict[str, object]:
    """The lap's own values under their TCX element names; absent values are left out."""
    found: dict[str, float | str | None] = {}
    for name in LAP_NUMBERS:
        found[name] = numbers.read(_child(lap_element, name), f"lap <{name}>")
    for name in LAP_HEART_RATES:
        found[name] = numbers.read(_child(_child(lap_element, name), "Value"), f"lap <{name}>")
    for name in LAP_TEXTS:
        found[name] = _text(_child(lap_element, name))
    lx = _child(_child(lap_element, "Extensions"), "LX")
    for name in LAP_EXTENSION_NUMBERS:
        found[name] = numbers.read(_child(lx, name), f"lap <{name}>")
    return {name: value for name, value in found.items() if value is not None}


def _start_time(element: Element, laps: list[Lap], builder: StreamBuilder) -> datetime | None:
    """The earliest of the ``Id``, the first lap's start and the first sample."""
    candidates = [parse_tcx_time(_text(_child(element, "Id")))]
    candidates.extend(lap.start_time for lap in laps[:1])
    if builder.first_epoch_s is not None:
        candidates.append(datetime.fromtimestamp(builder.first_epoch_s, tz=UTC))
    known = [moment for moment in candidates if moment is not None]
    return min(known) if known else None


def _elapsed_s(start_time: datetime, laps: list[Lap], time_s: FloatArray | None) -> float | None:
    """Seconds from the start to the later of the last sample and the end of any lap."""
    ends: list[float] = []
    if time_s is not None and time_s.size:
        ends.append(float(time_s[-1]))
    for lap in laps:
        if lap.timer_s is not None:
            lap_end = lap.start_time + timedelta(seconds=lap.timer_s)
            ends.append((lap_end - start_time).total_seconds())
    return max(ends) if ends else None


def _activity_summary(laps: list[Lap]) -> dict[str, object]:
    calories = _sum_if_all([_number(lap.device_summary, "Calories") for lap in laps])
    return {} if calories is None else {"Calories": calories}


def _sum_if_all(values: list[float | None]) -> float | None:
    """The sum when every value is known (and there is at least one), else ``None``."""
    known = [value for value in values if value is not None]
    if not values or len(known) != len(values):
        return None
    return sum(known)


def _first_known(*values: float | None) -> float | None:
    return next((value for value in values if value is not None), None)


def _number(summary: dict[str, object], key: str) -> float | None:
    value = summary.get(key)
    return float(value) if isinstance(value, int | float) else None


def parse_tcx_time(text: str | None) -> datetime | None:
    """An ISO 8601 time as aware UTC (no offset means UTC); ``None`` when absent or invalid."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _child(parent: Element | None, name: str) -> Element | None:
    """The first child with local name ``name``."""
    if parent is None:
        return None
    return next(_children(parent, name), None)


def _children(parent: Element, name: str) -> Iterator[Element]:
    return (child for child in parent if local_name(child.tag) == name)


def _descendants(root: Element, name: str) -> Iterator[Element]:
    return (element for element in root.iter() if local_name(element.tag) == name)


def _text(element: Element | None) -> str | None:
    """Stripped text of an element; ``None`` when absent or blank."""
    if element is None or element.text is None:
        return None
    return element.text.strip() or None
