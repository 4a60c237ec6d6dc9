"""Write an activity as GPX 1.1, with Garmin TrackPointExtension v1 and a power element.

Each sample with a position becomes a ``<trkpt>`` with ``<ele>``, ``<time>`` and, when known,
``gpxtpx:atemp``/``hr``/``cad`` and a bare ``<power>`` in ``<extensions>`` (the form Strava
writes and reads). Heart rate, cadence and power are written as whole numbers, as the
extension schema wants. Distance and speed are not written: GPX readers derive them from the
positions. GPX needs a position for every point, so samples without one are left out, and an
activity without any position cannot be written (export it as TCX instead).

The text helpers here (:func:`format_time`, :func:`format_decimal`, :func:`xml_text`) are
shared with the TCX writer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape, quoteattr

from aicoach.domain.activity import Activity, StreamChannel
from aicoach.errors import DataError

GPX_NAMESPACE = "http://www.topografix.com/GPX/1/1"
TRACKPOINT_EXTENSION_V1 = "http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
CREATOR = "aicoach"

_XML_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Sample:
    """One sample of an activity: its absolute time and the channels that have a value."""

    time: datetime
    values: dict[StreamChannel, float]

    def get(self, channel: StreamChannel) -> float | None:
        return self.values.get(channel)


def write_gpx(activity: Activity) -> bytes:
    """Serialise ``activity`` as a UTF-8 GPX 1.1 document (one track, one segment)."""
    points = [
        _trackpoint(sample)
        for sample in iter_samples(activity)
        if sample.get(StreamChannel.LATITUDE_DEG) is not None
        and sample.get(StreamChannel.LONGITUDE_DEG) is not None
    ]
    if not points:
        raise DataError(
            "the activity has no GPS positions, and GPX needs one for every track point: "
            "export it as TCX instead"
        )
    name = f"<name>{xml_text(activity.name)}</name>" if activity.name else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<gpx version="1.1" creator="{CREATOR}" xmlns="{GPX_NAMESPACE}" '
        f'xmlns:gpxtpx="{TRACKPOINT_EXTENSION_V1}">',
        f"<metadata><time>{format_time(activity.start_time)}</time></metadata>",
        f"<trk>{name}<type>{xml_text(activity.sport.value)}</type>",
        "<trkseg>",
        *points,
        "</trkseg>",
        "</trk>",
        "</gpx>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _trackpoint(sample: Sample) -> str:
    """One ``<trkpt>`` element on one line; the caller checked that it has a position."""
    latitude = format_decimal(sample.values[StreamChannel.LATITUDE_DEG], 8)
    longitude = format_decimal(sample.values[StreamChannel.LONGITUDE_DEG], 8)
    parts = [f"<trkpt lat={quoteattr(latitude)} lon={quoteattr(longitude)}>"]
    altitude = sample.get(StreamChannel.ALTITUDE_M)
    if altitude is not None:
        parts.append(f"<ele>{format_decimal(altitude, 2)}</ele>")
    parts.append(f"<time>{format_time(sample.time)}</time>")
    parts.append(_extensions(sample))
    parts.append("</trkpt>")
    return "".join(parts)


def _extensions(sample: Sample) -> str:
    """The point's ``<extensions>``, or ``""`` when it has no extension value."""
    garmin = "".join(
        f"<gpxtpx:{tag}>{text}</gpxtpx:{tag}>"
        for tag, text in (
            ("atemp", _optional_decimal(sample.get(StreamChannel.TEMPERATURE_C), 1)),
            ("hr", _optional_integer(sample.get(StreamChannel.HEART_RATE_BPM))),
            ("cad", _optional_integer(sample.get(StreamChannel.CADENCE_RPM))),
        )
        if text is not None
    )
    power = _optional_integer(sample.get(StreamChannel.POWER_W))
    inner = "" if power is None else f"<power>{power}</power>"
    if garmin:
        inner += f"<gpxtpx:TrackPointExtension>{garmin}</gpxtpx:TrackPointExtension>"
    return f"<extensions>{inner}</extensions>" if inner else ""


def iter_samples(activity: Activity) -> Iterator[Sample]:
    """The activity's samples in stored order, with absolute times (to 1 ms).

    Only finite values are kept; ``NaN`` (missing) and infinities are left out.
    """
    time_s = activity.streams.get(StreamChannel.TIME_S)
    if time_s is None:
        return
    start = as_utc(activity.start_time)
    columns: list[tuple[StreamChannel, list[float]]] = [
        (channel, values.tolist())
        for channel, values in activity.streams.items()
        if channel is not StreamChannel.TIME_S
    ]
    for index, offset_s in enumerate(time_s.tolist()):
        values = {
            channel: column[index] for channel, column in columns if math.isfinite(column[index])
        }
        yield Sample(start + timedelta(milliseconds=round(offset_s * 1000)), values)


def as_utc(moment: datetime) -> datetime:
    """An aware UTC datetime; a naive one is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """ISO 8601 UTC with ``Z``; milliseconds only when the time has a fraction of a second."""
    moment = as_utc(moment)
    timespec = "milliseconds" if moment.microsecond else "seconds"
    return moment.replace(tzinfo=None).isoformat(timespec=timespec) + "Z"


def format_decimal(value: float, places: int) -> str:
    """Fixed-point text without exponent or trailing zeros, e.g. ``52.0973124`` or ``29``."""
    if not math.isfinite(value):
        raise ValueError(f"cannot write the non-finite number {value}")
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _optional_decimal(value: float | None, places: int) -> str | None:
    return None if value is None else format_decimal(value, places)


def _optional_integer(value: float | None) -> str | None:
    return None if value is None else str(round(value))


def xml_text(text: str) -> str:
    """Escape text for element content, dropping characters XML 1.0 cannot hold."""
    return escape(_XML_INVALID_CHARS.sub("", text))
