"""Read GPX 1.0/1.1 tracks into activities.

One activity per ``<trk>``, its segments joined in time order. Positions and elevation come
from the GPX core; heart rate, cadence, air temperature, power and speed from the point's
``<extensions>``, matched on local tag name whatever the namespace (Garmin TrackPointExtension
v1/v2 ``hr``/``cad``/``atemp``/``speed``, Strava's bare ``<power>``, ClueTrust ``gpxdata``
``heartrate``/``cadence``/``temp``, Garmin PowerExtension ``PowerInWatts``).

Distance is not in GPX: ``DISTANCE_M`` is the cumulative great-circle (haversine) distance
between successive positions, joining segments with a straight line, and ``SPEED_M_S`` is
that distance over time, unless the file carries a speed extension. Cadence is kept as
written (for running, Garmin writes strides per minute of one foot).

Repairs, each reported in ``ParsedFile.recovered``: points without a (valid) time are
dropped; extension values that are not numbers are dropped; samples outside plausibility
limits become missing.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, BinaryIO

import gpxpy
import gpxpy.gpx
import numpy as np

from aicoach.domain.activity import Activity, FloatArray, Sport, StreamChannel, Streams
from aicoach.domain.parsed import ParsedFile
from aicoach.errors import CorruptFileError, DataError, EmptyFileError, UnsupportedFormatError
from aicoach.io.plausibility import mask_implausible_samples
from aicoach.io.safe_xml import NumberReader, local_name, parse_xml, peek_root_tag
from aicoach.io.stream_builder import StreamBuilder

EARTH_MEAN_RADIUS_M = 6_371_008.8
"""IUGG mean Earth radius (Moritz 2000, Geodetic Reference System 1980)."""

EXTENSION_CHANNELS: dict[str, StreamChannel] = {
    "hr": StreamChannel.HEART_RATE_BPM,
    "heartrate": StreamChannel.HEART_RATE_BPM,
    "cad": StreamChannel.CADENCE_RPM,
    "cadence": StreamChannel.CADENCE_RPM,
    "atemp": StreamChannel.TEMPERATURE_C,
    "temp": StreamChannel.TEMPERATURE_C,
    "power": StreamChannel.POWER_W,
    "watts": StreamChannel.POWER_W,
    "powerinwatts": StreamChannel.POWER_W,
    "speed": StreamChannel.SPEED_M_S,
}
"""Lower-cased local names of point extension elements and the channel each feeds."""

STRAVA_TYPE_CODES: dict[str, Sport] = {"1": Sport.CYCLING, "9": Sport.RUNNING}
"""Strava GPX exports write ``<type>`` as an undocumented number; only these are well known."""

SPORT_NAMES: dict[str, Sport] = {
    "run": Sport.RUNNING,
    "trailrun": Sport.RUNNING,
    "virtualrun": Sport.RUNNING,
    "treadmill": Sport.RUNNING,
    "ride": Sport.CYCLING,
    "virtualride": Sport.CYCLING,
    "ebikeride": Sport.CYCLING,
    "biking": Sport.CYCLING,
    "bike": Sport.CYCLING,
    "swim": Sport.SWIMMING,
    "walk": Sport.WALKING,
    "hike": Sport.HIKING,
    "rowing": Sport.ROWING,
    "row": Sport.ROWING,
    "nordicski": Sport.CROSS_COUNTRY_SKIING,
    "crosscountryskiing": Sport.CROSS_COUNTRY_SKIING,
    "weighttraining": Sport.STRENGTH,
    "strengthtraining": Sport.STRENGTH,
}
"""Normalised (lower-case, letters only) ``<type>`` words of Strava, Garmin and others."""

SPORT_KEYWORDS: tuple[tuple[str, Sport], ...] = (
    ("running", Sport.RUNNING),
    ("cycling", Sport.CYCLING),
    ("biking", Sport.CYCLING),
    ("swimming", Sport.SWIMMING),
    ("walking", Sport.WALKING),
    ("hiking", Sport.HIKING),
    ("crosscountry", Sport.CROSS_COUNTRY_SKIING),
)
"""Fallback: a normalised type containing one of these words, e.g. Garmin 'trail_running'."""

_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def read_gpx(stream: BinaryIO, source: str) -> ParsedFile:
    """Read every track of a GPX file; ``source`` names the file in messages.

    Raises ``EmptyFileError`` (no bytes, or no track points), ``UnsafeInputError`` (a DOCTYPE),
    ``UnsupportedFormatError`` (not a ``<gpx>`` document), ``CorruptFileError`` (not
    well-formed or invalid GPX) and ``DataError`` (a track without any timestamps).
    """
    data = stream.read()
    if not data.strip():
        raise EmptyFileError("the file is empty", source=source)
    root = peek_root_tag(data, source)
    if root != "gpx":
        raise UnsupportedFormatError(
            f"not a GPX file: the root element is <{root}>, expected <gpx>", source=source
        )
    gpx = _parse_gpx(data, source)
    tracks = [track for track in gpx.tracks if _point_count(track)]
    if not tracks:
        raise EmptyFileError(_no_track_points_message(gpx), source=source)
    parsed = ParsedFile(source=source, format="gpx")
    for index, track in enumerate(tracks):
        activity, notes = _read_track(track, gpx, source)
        parsed.activities.append(activity)
        label = f"track {index + 1}: " if len(tracks) > 1 else ""
        parsed.recovered.extend(label + note for note in notes)
    return parsed


def _parse_gpx(data: bytes, source: str) -> gpxpy.gpx.GPX:
    """Parse with gpxpy, translating its errors; the DOCTYPE check must already have run."""
    text = _decode_xml(data, source)
    try:
        return gpxpy.parse(text)
    except gpxpy.gpx.GPXXMLSyntaxException as exc:
        parse_xml(data, source)  # raises a CorruptFileError that names the line
        raise CorruptFileError(f"not well-formed GPX: {exc}", source=source) from exc
    except (gpxpy.gpx.GPXException, ValueError) as exc:
        raise CorruptFileError(f"invalid GPX content: {exc}", source=source) from exc


def _decode_xml(data: bytes, source: str) -> str:
    """Decode by BOM or declared encoding, and re-declare the text as UTF-8 for gpxpy.

    gpxpy decodes bytes as UTF-8 and hands lxml UTF-8 bytes, so a file declared (say)
    ISO-8859-1 must be decoded here and its declaration rewritten.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif match := _DECLARED_ENCODING.match(data):
        encoding = match.group(1).decode("ascii")
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise CorruptFileError(f"the text is not valid {encoding}: {exc}", source=source) from exc
    return _redeclare_utf8(text)


def _redeclare_utf8(text: str) -> str:
    """Replace the XML declaration's encoding with UTF-8 (the text is now a ``str``)."""
    text = text.lstrip("\ufeff")
    return re.sub(
        r"""^(\s*<\?xml[^>]*?encoding\s*=\s*)["'][^"']*["']""", r'\1"UTF-8"', text, count=1
    )


def _point_count(track: gpxpy.gpx.GPXTrack) -> int:
    return sum(len(segment.points) for segment in track.segments)


def _no_track_points_message(gpx: gpxpy.gpx.GPX) -> str:
    route_points = sum(len(route.points) for route in gpx.routes)
    return (
        "the GPX file has no track points, so there is no recorded activity "
        f"(it holds {len(gpx.routes)} routes with {route_points} points and "
        f"{len(gpx.waypoints)} waypoints: planned paths, not recordings)"
    )


def _read_track(
    track: gpxpy.gpx.GPXTrack, gpx: gpxpy.gpx.GPX, source: str
) -> tuple[Activity, list[str]]:
    """Turn one track into an activity plus the repairs that reading it needed."""
    builder = StreamBuilder()
    numbers = NumberReader()
    for segment in track.segments:
        for point in segment.points:
            builder.add(_utc(point.time), _point_values(point, numbers))
    first_epoch_s = builder.first_epoch_s
    if first_epoch_s is None:
        raise DataError("GPX track has no timestamps: cannot place samples in time", source=source)
    notes = _untimed_notes(builder)
    notes.extend(numbers.notes())
    streams = builder.build()
    notes.extend(mask_implausible_samples(streams))
    notes.extend(complete_motion_channels(streams))
    activity = Activity(
        sport=sport_from_gpx_type(track.type),
        start_time=datetime.fromtimestamp(first_epoch_s, tz=UTC),
        source_format="gpx",
        name=_clean_name(track.name) or _clean_name(gpx.name),
        elapsed_s=float(streams[StreamChannel.TIME_S][-1]),
        distance_m=last_value(streams.get(StreamChannel.DISTANCE_M)),
        streams=streams,
    )
    return activity, notes


def _untimed_notes(builder: StreamBuilder) -> list[str]:
    dropped = builder.untimed_count
    if not dropped:
        return []
    total = dropped + len(builder)
    return [f"{dropped} of {total} track points had no valid timestamp and were dropped"]


def _point_values(
    point: gpxpy.gpx.GPXTrackPoint, numbers: NumberReader
) -> dict[StreamChannel, float | None]:
    """The channel values of one track point (core fields, then extensions)."""
    values: dict[StreamChannel, float | None] = {
        StreamChannel.LATITUDE_DEG: point.latitude,
        StreamChannel.LONGITUDE_DEG: point.longitude,
        StreamChannel.ALTITUDE_M: point.elevation,
    }
    for extension in point.extensions:
        for element in extension.iter():
            channel = EXTENSION_CHANNELS.get(local_name(element.tag).lower())
            if channel is None or values.get(channel) is not None:
                continue
            values[channel] = numbers.read(element, f"<{local_name(element.tag)}>")
    return values


def _utc(moment: datetime | None) -> datetime | None:
    """A GPX time as aware UTC; GPX times without an offset are UTC by the standard."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _clean_name(name: Any) -> str | None:
    if not isinstance(name, str):
        return None
    return name.strip() or None


def sport_from_gpx_type(gpx_type: str | None) -> Sport:
    """Map a track's ``<type>`` (Garmin, Strava words or codes, our own writer) to a sport."""
    if gpx_type is None:
        return Sport.OTHER
    raw = gpx_type.strip().lower()
    if raw in STRAVA_TYPE_CODES:
        return STRAVA_TYPE_CODES[raw]
    if raw in {sport.value for sport in Sport}:
        return Sport(raw)
    normalised = re.sub(r"[^a-z]", "", raw)
    if normalised in SPORT_NAMES:
        return SPORT_NAMES[normalised]
    for keyword, sport in SPORT_KEYWORDS:
        if keyword in normalised:
            return sport
    return Sport.OTHER


def complete_motion_channels(streams: Streams) -> list[str]:
    """Add ``DISTANCE_M`` from positions and ``SPEED_M_S`` from distance when missing.

    Derived channels are checked against the plausibility limits too (a GPS jump can make an
    impossible speed); returns the repair notes of that check.
    """
    derived: Streams = {}
    latitude = streams.get(StreamChannel.LATITUDE_DEG)
    longitude = streams.get(StreamChannel.LONGITUDE_DEG)
    if StreamChannel.DISTANCE_M not in streams and latitude is not None and longitude is not None:
        distance = cumulative_distance_m(latitude, longitude)
        if not np.all(np.isnan(distance)):
            derived[StreamChannel.DISTANCE_M] = distance
    distance_m = streams.get(StreamChannel.DISTANCE_M, derived.get(StreamChannel.DISTANCE_M))
    if StreamChannel.SPEED_M_S not in streams and distance_m is not None:
        speed = speed_from_distance_m_s(streams[StreamChannel.TIME_S], distance_m)
        if not np.all(np.isnan(speed)):
            derived[StreamChannel.SPEED_M_S] = speed
    notes = mask_implausible_samples(derived)
    streams.update(derived)
    return notes


def cumulative_distance_m(latitude_deg: FloatArray, longitude_deg: FloatArray) -> FloatArray:
    """Cumulative haversine distance along the samples that have a position.

    Uses the mean Earth radius; samples without a position get ``NaN``, the first positioned
    sample gets 0.
    """
    distance = np.full(latitude_deg.shape, np.nan)
    positioned = np.flatnonzero(~(np.isnan(latitude_deg) | np.isnan(longitude_deg)))
    if positioned.size == 0:
        return distance
    phi = np.radians(latitude_deg[positioned])
    lam = np.radians(longitude_deg[positioned])
    half_chord = (
        np.sin(np.diff(phi) / 2) ** 2
        + np.cos(phi[:-1]) * np.cos(phi[1:]) * np.sin(np.diff(lam) / 2) ** 2
    )
    steps = 2 * EARTH_MEAN_RADIUS_M * np.arcsin(np.sqrt(np.clip(half_chord, 0.0, 1.0)))
    distance[positioned] = np.concatenate(([0.0], np.cumsum(steps)))
    return distance


def speed_from_distance_m_s(time_s: FloatArray, distance_m: FloatArray) -> FloatArray:
    """Speed between each sample with a distance and the one before it.

    ``NaN`` where there is no distance, at the first such sample, and where time does not
    advance (duplicate timestamps). No smoothing: that belongs to analytics.
    """
    speed = np.full(distance_m.shape, np.nan)
    known = np.flatnonzero(~np.isnan(distance_m))
    if known.size < 2:
        return speed
    delta_m = np.diff(distance_m[known])
    delta_s = np.diff(time_s[known])
    with np.errstate(divide="ignore", invalid="ignore"):
        speed[known[1:]] = np.where(delta_s > 0, delta_m / delta_s, np.nan)
    return speed


def last_value(values: FloatArray | None) -> float | None:
    """The last non-missing value of a channel, or ``None``."""
    if values is None:
        return None
    known = values[~np.isnan(values)]
    return float(known[-1]) if known.size else None
