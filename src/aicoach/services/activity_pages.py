"""One activity as the API and the dashboard show it: summary, laps, zones, mean-max and
streams (downsampled for charts), and deleting it."""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.analytics.thresholds import mean_max_curve
from aicoach.domain.activity import FloatArray, StreamChannel
from aicoach.errors import NotFoundError
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.services.data_freshness import NOT_FOUND, local_midnight
from aicoach.services.privacy_zones import hide_points_in_zones, zones_of
from aicoach.storage import activities as activity_store
from aicoach.storage.tables import (
    ActivityRow,
    AthleteRow,
    ImportedFileRow,
)

STREAM_KEYS: dict[str, StreamChannel] = {
    "time_s": StreamChannel.TIME_S,
    "hr_bpm": StreamChannel.HEART_RATE_BPM,
    "power_w": StreamChannel.POWER_W,
    "speed_m_s": StreamChannel.SPEED_M_S,
    "cadence_rpm": StreamChannel.CADENCE_RPM,
    "altitude_m": StreamChannel.ALTITUDE_M,
    "lat_deg": StreamChannel.LATITUDE_DEG,
    "lon_deg": StreamChannel.LONGITUDE_DEG,
    "distance_m": StreamChannel.DISTANCE_M,
    "temperature_c": StreamChannel.TEMPERATURE_C,
}
"""API name of each stream array -> stored channel."""


def activity_page(
    session: Session,
    athlete: AthleteRow,
    *,
    limit: int,
    since: date | None = None,
    before: date | None = None,
) -> list[dict[str, Any]]:
    """Newest first; ``since`` and ``before`` are local days (``before`` not included)."""
    refresh_activity_metrics(session, athlete)
    rows = activity_store.list_activities(
        session,
        athlete.id,
        since=local_midnight(athlete, since) if since else None,
        until=local_midnight(athlete, before) if before else None,
        limit=limit,
    )
    zone = ZoneInfo(athlete.timezone)
    return [activity_summary(row, zone) for row in rows]


def activity_summary(row: ActivityRow, zone: ZoneInfo) -> dict[str, Any]:
    avg_hr = row.device_summary.get("avg_heart_rate", row.metrics.get("hr_avg_bpm"))
    return {
        "id": row.id,
        "sport": row.sport,
        "name": row.name,
        "start_time": row.start_time,
        "local_start": row.start_time.astimezone(zone).replace(tzinfo=None),
        "duration_s": row.timer_s if row.timer_s is not None else row.elapsed_s,
        "elapsed_s": row.elapsed_s,
        "distance_m": row.distance_m,
        "avg_hr_bpm": float(avg_hr) if isinstance(avg_hr, int | float) else None,
        "load": row.load,
        "load_source": row.load_source,
        "source_format": row.source_format,
    }


def mean_max(row: ActivityRow) -> dict[str, dict[str, list[float]]]:
    """Best mean power and heart rate over standard durations, where the streams have them."""
    activity = activity_store.read_activity(row)
    curves: dict[str, dict[str, list[float]]] = {}
    for key, channel in (
        ("power_w", StreamChannel.POWER_W),
        ("hr_bpm", StreamChannel.HEART_RATE_BPM),
    ):
        if channel not in activity.streams:
            continue
        durations, values = mean_max_curve([activity], channel)
        if durations.size:
            curves[key] = {
                "duration_s": [float(d) for d in durations],
                "value": [round(float(v), 1) for v in values],
            }
    return curves


def activity_streams(
    session: Session,
    athlete: AthleteRow,
    activity_id: int,
    resolution_s: float | None,
    *,
    shared: bool = False,
) -> dict[str, Any]:
    """Stream arrays of one activity; with ``resolution_s``, the mean of each time bucket.

    ``shared`` (someone other than the athlete is looking, e.g. their coach): positions
    inside the athlete's privacy zones are hidden, before any averaging.
    """
    row = activity_store.get_activity(session, athlete.id, activity_id)
    streams = activity_store.read_activity(row).streams
    time_s = streams.get(StreamChannel.TIME_S)
    arrays: dict[str, FloatArray | None] = {
        key: streams.get(channel) for key, channel in STREAM_KEYS.items()
    }
    latitude, longitude = arrays["lat_deg"], arrays["lon_deg"]
    if shared and latitude is not None and longitude is not None:
        zones = zones_of(session, athlete.id)
        if zones:
            arrays["lat_deg"], arrays["lon_deg"] = hide_points_in_zones(latitude, longitude, zones)
    if resolution_s is not None and time_s is not None and time_s.size:
        arrays = downsample(arrays, time_s, resolution_s)
    count = 0 if arrays["time_s"] is None else int(arrays["time_s"].size)
    return {
        "activity_id": row.id,
        "resolution_s": resolution_s,
        "point_count": count,
        **{key: None if values is None else nullable(values) for key, values in arrays.items()},
    }


def downsample(
    arrays: dict[str, FloatArray | None], time_s: FloatArray, resolution_s: float
) -> dict[str, FloatArray | None]:
    """Mean of every channel in buckets of ``resolution_s`` seconds (NaN ignored); the time
    of a bucket is its start."""
    known = ~np.isnan(time_s)
    buckets = np.floor(time_s[known] / resolution_s)
    keys, inverse = np.unique(buckets, return_inverse=True)
    result: dict[str, FloatArray | None] = {}
    for key, values in arrays.items():
        if values is None:
            result[key] = None
        elif key == "time_s":
            result[key] = keys * resolution_s
        else:
            picked = values[known]
            present = ~np.isnan(picked)
            sums = np.bincount(inverse[present], weights=picked[present], minlength=keys.size)
            counts = np.bincount(inverse[present], minlength=keys.size)
            with np.errstate(invalid="ignore", divide="ignore"):
                result[key] = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return result


def delete_activity(session: Session, athlete: AthleteRow, activity_id: int) -> None:
    row = session.scalars(
        select(ActivityRow).where(
            ActivityRow.id == activity_id, ActivityRow.athlete_id == athlete.id
        )
    ).first()
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="activity", identifier=str(activity_id))
    session.delete(row)
    _forget_source_file(session, athlete, activity_id)
    session.flush()


def _forget_source_file(session: Session, athlete: AthleteRow, activity_id: int) -> None:
    """Drop the deleted activity from the record of the file it came from.

    A file none of whose activities remain is forgotten altogether, so uploading it again
    imports it again instead of answering "duplicate".
    """
    files = session.scalars(
        select(ImportedFileRow).where(ImportedFileRow.athlete_id == athlete.id)
    ).all()
    for file in files:
        if activity_id not in file.activity_ids:
            continue
        remaining = [i for i in file.activity_ids if i != activity_id]
        if remaining:
            file.activity_ids = remaining
        else:
            session.delete(file)


def nullable(values: FloatArray) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 6) for v in values.tolist()]


# --- wellness --------------------------------------------------------------------------------
