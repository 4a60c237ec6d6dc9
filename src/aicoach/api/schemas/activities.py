"""Activities as the API shows them: summaries for lists, details, and stream arrays."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ActivitySummaryPublic(BaseModel):
    id: int
    sport: str
    name: str | None
    start_time: datetime
    local_start: datetime
    """Wall-clock time in the athlete's timezone (no offset)."""
    duration_s: float | None
    """Moving (timer) time when the device recorded it, else elapsed time."""
    elapsed_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    load: float | None
    load_source: str | None
    source_format: str


class LapPublic(BaseModel):
    start_time: datetime
    elapsed_s: float | None
    timer_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    max_hr_bpm: float | None
    avg_power_w: float | None


class MeanMaxPublic(BaseModel):
    duration_s: list[float]
    value: list[float]


class ActivityDetailPublic(ActivitySummaryPublic):
    sub_sport: str | None
    timer_s: float | None
    source_name: str
    device_name: str | None
    device_summary: dict[str, Any]
    streams: dict[str, int]
    """Channel -> sample count."""
    rr_interval_count: int
    laps: list[LapPublic]
    metrics: dict[str, Any]
    hr_zone_time_s: dict[str, float] | None
    mean_max: dict[str, MeanMaxPublic]
    """``power_w`` and ``hr_bpm`` curves, where the activity has those streams."""
    recovery_notes: list[str]


class ActivityStreamsPublic(BaseModel):
    """Equal-length arrays (null where a sample is missing; null array for a missing channel)."""

    activity_id: int
    resolution_s: float | None
    point_count: int
    time_s: list[float | None] | None
    hr_bpm: list[float | None] | None
    power_w: list[float | None] | None
    speed_m_s: list[float | None] | None
    cadence_rpm: list[float | None] | None
    altitude_m: list[float | None] | None
    lat_deg: list[float | None] | None
    lon_deg: list[float | None] | None
    distance_m: list[float | None] | None
    temperature_c: list[float | None] | None
