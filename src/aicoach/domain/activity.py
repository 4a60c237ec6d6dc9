"""Activities: a workout with its per-sample streams, laps and device-reported summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import TypeAlias

import numpy as np
import numpy.typing as npt


class Sport(StrEnum):
    RUNNING = "running"
    CYCLING = "cycling"
    SWIMMING = "swimming"
    WALKING = "walking"
    HIKING = "hiking"
    ROWING = "rowing"
    STRENGTH = "strength"
    YOGA = "yoga"
    CROSS_COUNTRY_SKIING = "cross_country_skiing"
    OTHER = "other"


class StreamChannel(StrEnum):
    """Per-sample channels of an activity. The suffix is the unit of the stored values."""

    TIME_S = "time_s"
    """Seconds since the activity's start time; the axis every other channel shares."""
    HEART_RATE_BPM = "heart_rate_bpm"
    POWER_W = "power_w"
    SPEED_M_S = "speed_m_s"
    CADENCE_RPM = "cadence_rpm"
    ALTITUDE_M = "altitude_m"
    LATITUDE_DEG = "latitude_deg"
    LONGITUDE_DEG = "longitude_deg"
    DISTANCE_M = "distance_m"
    TEMPERATURE_C = "temperature_c"


FloatArray: TypeAlias = npt.NDArray[np.float64]
Streams: TypeAlias = dict[StreamChannel, FloatArray]
"""Channel -> samples, all of equal length; ``NaN`` marks a missing sample."""


@dataclass(slots=True)
class Lap:
    """One lap as the device reported it."""

    start_time: datetime
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    avg_hr_bpm: float | None = None
    max_hr_bpm: float | None = None
    avg_power_w: float | None = None
    device_summary: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class Activity:
    """A recorded workout.

    ``start_time`` is timezone-aware UTC. ``streams`` holds equal-length arrays keyed by channel
    with ``TIME_S`` always present when there are samples. ``rr_intervals_ms`` are beat-to-beat
    intervals, when the device recorded them, on their own axis. ``device_summary`` keeps the
    values the device itself computed (e.g. its normalized power or training stress score)
    under the device's field names.
    """

    sport: Sport
    start_time: datetime
    source_format: str
    name: str | None = None
    sub_sport: str | None = None
    elapsed_s: float | None = None
    timer_s: float | None = None
    distance_m: float | None = None
    streams: Streams = field(default_factory=dict)
    laps: list[Lap] = field(default_factory=list)
    rr_intervals_ms: FloatArray | None = None
    device_summary: dict[str, object] = field(default_factory=dict)
    device_name: str | None = None

    @property
    def sample_count(self) -> int:
        time_s = self.streams.get(StreamChannel.TIME_S)
        return 0 if time_s is None else int(time_s.size)
