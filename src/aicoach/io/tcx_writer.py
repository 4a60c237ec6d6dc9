"""Write an activity as a Garmin Training Center (TCX v2) document.

Laps follow ``activity.laps`` (each sample goes to the last lap that started at or before it);
an activity without laps is written as one lap. A lap's totals are the device's values when
known, else taken from the samples (time span, distance covered); unknown values such as
``Calories`` are left out rather than written as 0. Trackpoints carry time, position, altitude,
distance, heart rate and cadence (in ``<Cadence>``, or the ``TPX`` ``RunCadence`` for running)
and the ``TPX`` ``Speed`` and ``Watts``. Heart rate, cadence and power are written as whole
numbers, as the schema wants. TCX has no temperature, so it is not written. The activity's
name goes into ``<Notes>``, where :func:`aicoach.io.tcx_reader.read_tcx` reads it back.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from aicoach.domain.activity import Activity, Lap, Sport, StreamChannel
from aicoach.io.gpx_writer import Sample, format_decimal, format_time, iter_samples, xml_text
from aicoach.io.tcx_reader import ACTIVITY_EXTENSION_NAMESPACE, TCX_NAMESPACE

TCX_SPORT_NAMES: dict[Sport, str] = {Sport.RUNNING: "Running", Sport.CYCLING: "Biking"}
"""TCX knows only Running, Biking and Other."""


@dataclass(slots=True)
class _LapPlan:
    """A lap to write and the samples that belong to it."""

    lap: Lap
    samples: list[Sample] = field(default_factory=list)
    distance_before_m: float | None = None


def write_tcx(activity: Activity) -> bytes:
    """Serialise ``activity`` as a UTF-8 TCX v2 document with one ``<Activity>``."""
    running = activity.sport is Sport.RUNNING
    laps = "\n".join(_lap_xml(plan, running) for plan in _plan_laps(activity))
    notes = f"<Notes>{xml_text(activity.name)}</Notes>\n" if activity.name else ""
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TrainingCenterDatabase xmlns="{TCX_NAMESPACE}" '
        f'xmlns:ns3="{ACTIVITY_EXTENSION_NAMESPACE}">\n'
        "<Activities>\n"
        f'<Activity Sport="{TCX_SPORT_NAMES.get(activity.sport, "Other")}">\n'
        f"<Id>{format_time(activity.start_time)}</Id>\n"
        f"{laps}\n"
        f"{notes}"
        "</Activity>\n"
        "</Activities>\n"
        "</TrainingCenterDatabase>\n"
    )
    return document.encode("utf-8")


def _plan_laps(activity: Activity) -> list[_LapPlan]:
    """Pair each lap with its samples; one synthetic lap when the activity has none."""
    samples = list(iter_samples(activity))
    if not activity.laps:
        whole = Lap(
            start_time=activity.start_time,
            timer_s=activity.timer_s if activity.timer_s is not None else activity.elapsed_s,
            distance_m=activity.distance_m,
            device_summary=dict(activity.device_summary),
        )
        return [_LapPlan(whole, samples)]
    plans = [_LapPlan(lap) for lap in sorted(activity.laps, key=lambda lap: lap.start_time)]
    starts = [plan.lap.start_time for plan in plans]
    for sample in samples:
        index = max(bisect.bisect_right(starts, sample.time) - 1, 0)
        plans[index].samples.append(sample)
    _set_distance_before(plans)
    return plans


def _set_distance_before(plans: list[_LapPlan]) -> None:
    """Record, for each lap, the last distance reached before it (for lap distance spans)."""
    reached: float | None = None
    for plan in plans:
        plan.distance_before_m = reached
        distances = _channel(plan.samples, StreamChannel.DISTANCE_M)
        if distances:
            reached = distances[-1]


def _lap_xml(plan: _LapPlan, running: bool) -> str:
    """One ``<Lap>`` with its summary, track and ``LX`` extension, in schema order."""
    lap = plan.lap
    summary = lap.device_summary
    elements = [
        _element("TotalTimeSeconds", _lap_timer_s(plan), 3),
        _element("DistanceMeters", _lap_distance_m(plan), 2),
        _element("MaximumSpeed", _summary_number(summary, "MaximumSpeed"), 3),
        _integer_element("Calories", _summary_number(summary, "Calories")),
        _heart_rate_element("AverageHeartRateBpm", lap.avg_hr_bpm),
        _heart_rate_element("MaximumHeartRateBpm", lap.max_hr_bpm),
        "<Intensity>Active</Intensity>",
        "<TriggerMethod>Manual</TriggerMethod>",
        _track_xml(plan.samples, running),
        _lap_extension_xml(lap),
    ]
    body = "\n".join(element for element in elements if element)
    return f'<Lap StartTime="{format_time(lap.start_time)}">\n{body}\n</Lap>'


def _lap_timer_s(plan: _LapPlan) -> float | None:
    """The lap's timer time, else its elapsed time, else the span of its samples."""
    lap = plan.lap
    if lap.timer_s is not None:
        return lap.timer_s
    if lap.elapsed_s is not None:
        return lap.elapsed_s
    if not plan.samples:
        return None
    return (plan.samples[-1].time - lap.start_time).total_seconds()


def _lap_distance_m(plan: _LapPlan) -> float | None:
    """The lap's distance, else the distance its samples covered."""
    if plan.lap.distance_m is not None:
        return plan.lap.distance_m
    distances = _channel(plan.samples, StreamChannel.DISTANCE_M)
    if not distances:
        return None
    return distances[-1] - (plan.distance_before_m or 0.0)


def _track_xml(samples: list[Sample], running: bool) -> str:
    if not samples:
        return ""
    points = "\n".join(_trackpoint_xml(sample, running) for sample in samples)
    return f"<Track>\n{points}\n</Track>"


def _trackpoint_xml(sample: Sample, running: bool) -> str:
    """One ``<Trackpoint>`` on one line, elements in schema order."""
    latitude = sample.get(StreamChannel.LATITUDE_DEG)
    longitude = sample.get(StreamChannel.LONGITUDE_DEG)
    position = (
        "<Position>"
        f"<LatitudeDegrees>{format_decimal(latitude, 8)}</LatitudeDegrees>"
        f"<LongitudeDegrees>{format_decimal(longitude, 8)}</LongitudeDegrees>"
        "</Position>"
        if latitude is not None and longitude is not None
        else ""
    )
    cadence = sample.get(StreamChannel.CADENCE_RPM)
    parts = [
        f"<Time>{format_time(sample.time)}</Time>",
        position,
        _element("AltitudeMeters", sample.get(StreamChannel.ALTITUDE_M), 2),
        _element("DistanceMeters", sample.get(StreamChannel.DISTANCE_M), 2),
        _heart_rate_element("HeartRateBpm", sample.get(StreamChannel.HEART_RATE_BPM)),
        "" if running else _integer_element("Cadence", cadence),
        _tpx_xml(sample, cadence if running else None),
    ]
    return f"<Trackpoint>{''.join(parts)}</Trackpoint>"


def _tpx_xml(sample: Sample, run_cadence: float | None) -> str:
    """The trackpoint's ``ns3:TPX`` extension, or ``""`` when it has nothing to hold."""
    inner = "".join(
        (
            _element("ns3:Speed", sample.get(StreamChannel.SPEED_M_S), 3),
            _integer_element("ns3:RunCadence", run_cadence),
            _integer_element("ns3:Watts", sample.get(StreamChannel.POWER_W)),
        )
    )
    return f"<Extensions><ns3:TPX>{inner}</ns3:TPX></Extensions>" if inner else ""


def _lap_extension_xml(lap: Lap) -> str:
    if lap.avg_power_w is None:
        return ""
    watts = _integer_element("ns3:AvgWatts", lap.avg_power_w)
    return f"<Extensions><ns3:LX>{watts}</ns3:LX></Extensions>"


def _element(tag: str, value: float | None, places: int) -> str:
    return "" if value is None else f"<{tag}>{format_decimal(value, places)}</{tag}>"


def _integer_element(tag: str, value: float | None) -> str:
    return "" if value is None else f"<{tag}>{round(value)}</{tag}>"


def _heart_rate_element(tag: str, value: float | None) -> str:
    return "" if value is None else f"<{tag}><Value>{round(value)}</Value></{tag}>"


def _channel(samples: list[Sample], channel: StreamChannel) -> list[float]:
    """The known values of one channel over ``samples``, in order."""
    return [value for sample in samples if (value := sample.get(channel)) is not None]


def _summary_number(summary: dict[str, object], key: str) -> float | None:
    value = summary.get(key)
    return float(value) if isinstance(value, int | float) else None
