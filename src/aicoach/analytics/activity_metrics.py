"""All per-activity metrics in one call, and the one training-load number of an activity.

``compute_activity_metrics`` puts every stream on a 1 Hz grid (``resample.resample_1hz``:
gaps up to 10 s interpolated, longer gaps are pauses and stay missing), then computes what the
data and the athlete profile allow. Keys name the metric and its unit. A metric that cannot be
computed (no power stream, no FTP, no resting HR, ...) is absent from the result, never 0.

Which metrics apply where:

- power metrics (``power_avg_w``, ``power_max_w``, ``np_w``, ``ef``, W' balance) for any sport
  with a power stream; ``if``, ``tss`` and ``power_zone_time_s`` only for cycling, because the
  profile's FTP is a cycling threshold (running power has a different one);
- pace metrics (``pace_avg_s_per_km``, ``ngp_s_per_km``) for running, walking and hiking;
  ``rtss`` and ``pace_zone_time_s`` for running only (the profile's threshold pace is a
  running pace);
- heart-rate metrics for any sport with a heart-rate stream; Banister TRIMP and hrTSS need the
  athlete's sex (the TRIMP weighting differs, and a guess would change the number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeAlias, assert_never

import numpy as np
import numpy.typing as npt

from aicoach.analytics import heart_rate, pace, power
from aicoach.analytics.conventions import AnalyticsSettings, HeartRateZoneModel
from aicoach.analytics.resample import (
    Zone,
    coasting_power_w,
    grid_time_s,
    present,
    resample_1hz,
    time_in_zones_s,
)
from aicoach.domain.activity import Activity, FloatArray, Sport, StreamChannel
from aicoach.domain.athlete import AthleteProfile
from aicoach.units import pace_s_per_km_to_speed_m_s

ActivityMetrics: TypeAlias = dict[str, float | dict[str, float]]
BoolArray: TypeAlias = npt.NDArray[np.bool_]

MOVING_SPEED_M_S = 0.5
"""A second counts as moving when speed is at least 0.5 m/s (1.8 km/h, slower than any walk,
faster than most GPS drift at a standstill), or cadence or power is above 0 (an indoor ride
has no speed). Without speed, cadence and power there is no moving time."""

DECOUPLING_WARMUP_S = 600
"""Decoupling leaves out the first 10 minutes: heart rate is still climbing during a warm-up,
which would read as decoupling (Friel's steady-state test starts after the warm-up)."""

MIN_DECOUPLING_S = 1200.0
"""Decoupling needs at least 20 minutes of paired output and heart rate after the warm-up:
over shorter spans cardiac drift cannot show (Friel asks for an hour or more)."""

FOOT_SPORTS = frozenset({Sport.RUNNING, Sport.WALKING, Sport.HIKING})
FTP_SPORTS = frozenset({Sport.CYCLING})
THRESHOLD_PACE_SPORTS = frozenset({Sport.RUNNING})

LOAD_SOURCES: tuple[str, ...] = ("tss", "rtss", "hrtss", "trimp_banister", "trimp_edwards")
"""The order ``load_for_day`` prefers: power TSS is the most direct measure of work against
threshold; rTSS (pace) and hrTSS (heart rate) are on the same scale (an hour at threshold =
100) but less direct; TRIMPs come last because their scale differs (an hour at LTHR is
roughly 100-180 Banister TRIMP units), so mixing them into CTL/ATL is a last resort."""

_DEFAULT_SETTINGS = AnalyticsSettings()
_GRID_CHANNELS = frozenset(
    {
        StreamChannel.POWER_W,
        StreamChannel.HEART_RATE_BPM,
        StreamChannel.SPEED_M_S,
        StreamChannel.CADENCE_RPM,
        StreamChannel.ALTITUDE_M,
        StreamChannel.DISTANCE_M,
    }
)
"""The channels any metric here reads; position and temperature are not resampled."""


@dataclass(frozen=True, slots=True)
class _Grid:
    """The activity's channels on a common 1 Hz grid (``NaN`` = missing or paused)."""

    channels: dict[StreamChannel, FloatArray]
    moving: BoolArray | None

    def get(self, channel: StreamChannel) -> FloatArray | None:
        return self.channels.get(channel)


def compute_activity_metrics(
    activity: Activity,
    profile: AthleteProfile,
    *,
    cp_w: float | None = None,
    w_prime_j: float | None = None,
    settings: AnalyticsSettings = _DEFAULT_SETTINGS,
) -> ActivityMetrics:
    """Every metric the activity's data and the profile allow (see the module docstring).

    Keys: ``duration_s``, ``moving_time_s``, ``distance_m``, ``hr_avg_bpm``, ``hr_max_bpm``,
    ``power_avg_w``, ``power_max_w``, ``np_w``, ``if``, ``tss``, ``ef``, ``hrtss``,
    ``trimp_banister``, ``trimp_edwards``, ``decoupling_pct``, ``pace_avg_s_per_km``,
    ``ngp_s_per_km``, ``rtss``, ``hr_zone_time_s``, ``power_zone_time_s``,
    ``pace_zone_time_s`` (zone name -> seconds) and ``w_prime_balance_min_j`` (the lowest W'
    balance, differential form, when ``cp_w`` and ``w_prime_j`` are given).
    """
    grid = _build_grid(activity)
    metrics: ActivityMetrics = {}
    _add_totals(metrics, activity, grid)
    _add_power(metrics, activity, profile, grid, cp_w, w_prime_j)
    _add_heart_rate(metrics, activity, profile, grid, settings)
    _add_pace(metrics, activity, profile, grid)
    _add_decoupling(metrics, activity, grid)
    return metrics


def load_for_day(metrics: ActivityMetrics) -> tuple[float, str] | None:
    """The activity's training load and the metric it came from, in ``LOAD_SOURCES`` order
    (tss, rtss, hrtss, trimp_banister, trimp_edwards); ``None`` when none was computed."""
    for key in LOAD_SOURCES:
        value = metrics.get(key)
        if isinstance(value, float) and math.isfinite(value):
            return value, key
    return None


# --- the grid -------------------------------------------------------------------------------


def _build_grid(activity: Activity) -> _Grid:
    streams = activity.streams
    time_s = streams.get(StreamChannel.TIME_S)
    if time_s is None or grid_time_s(time_s).size == 0:
        return _Grid({}, None)
    channels: dict[StreamChannel, FloatArray] = {}
    for channel, values in streams.items():
        if channel not in _GRID_CHANNELS:
            continue
        if channel is StreamChannel.POWER_W and StreamChannel.CADENCE_RPM in streams:
            values = coasting_power_w(values, streams[StreamChannel.CADENCE_RPM])
        channels[channel] = resample_1hz(time_s, values)
    return _Grid(channels, _moving_mask(channels))


def _moving_mask(channels: dict[StreamChannel, FloatArray]) -> BoolArray | None:
    tests = [
        (StreamChannel.SPEED_M_S, MOVING_SPEED_M_S),
        (StreamChannel.CADENCE_RPM, 0.0),
        (StreamChannel.POWER_W, 0.0),
    ]
    mask: BoolArray | None = None
    for channel, threshold in tests:
        values = channels.get(channel)
        if values is None:
            continue
        with np.errstate(invalid="ignore"):
            moving = (
                values >= threshold if channel is StreamChannel.SPEED_M_S else values > threshold
            )
        mask = moving if mask is None else mask | moving
    return mask


def _put(metrics: ActivityMetrics, key: str, value: float | None) -> None:
    """Store a finite value; ``None`` and ``NaN`` leave the metric absent."""
    if value is not None and math.isfinite(value):
        metrics[key] = float(value)


def _mean(values: FloatArray | None) -> float | None:
    kept = None if values is None else present(values)
    return None if kept is None or kept.size == 0 else float(kept.mean())


def _max(values: FloatArray | None) -> float | None:
    kept = None if values is None else present(values)
    return None if kept is None or kept.size == 0 else float(kept.max())


# --- metric groups --------------------------------------------------------------------------


def _add_totals(metrics: ActivityMetrics, activity: Activity, grid: _Grid) -> None:
    time_s = activity.streams.get(StreamChannel.TIME_S)
    span_s = None
    if time_s is not None and present(time_s).size:
        span_s = float(np.ptp(present(time_s)))
    _put(metrics, "duration_s", activity.elapsed_s if activity.elapsed_s is not None else span_s)
    if grid.moving is not None:
        moving_s = float(np.count_nonzero(grid.moving))
        duration_s = metrics.get("duration_s")
        if isinstance(duration_s, float):
            moving_s = min(moving_s, duration_s)  # N samples span N - 1 seconds
        _put(metrics, "moving_time_s", moving_s)
    _put(metrics, "distance_m", _distance_m(activity))


def _distance_m(activity: Activity) -> float | None:
    """The device's total, else the distance stream's span; 0 m (an indoor ride without a
    speed sensor) means no distance was measured, so it stays absent."""
    if activity.distance_m is not None and activity.distance_m > 0:
        return activity.distance_m
    distance = activity.streams.get(StreamChannel.DISTANCE_M)
    if distance is None or present(distance).size == 0:
        return None
    span = float(np.ptp(present(distance)))
    return span if span > 0 else None


def _add_power(
    metrics: ActivityMetrics,
    activity: Activity,
    profile: AthleteProfile,
    grid: _Grid,
    cp_w: float | None,
    w_prime_j: float | None,
) -> None:
    power_w = grid.get(StreamChannel.POWER_W)
    if power_w is None:
        return
    _put(metrics, "power_avg_w", _mean(power_w))
    _put(metrics, "power_max_w", _max(activity.streams.get(StreamChannel.POWER_W)))
    np_w = power.normalized_power_w(power_w)
    _put(metrics, "np_w", np_w)
    if cp_w is not None and w_prime_j is not None and present(power_w).size:
        balance_j = power.w_prime_balance_differential_j(power_w, cp_w, w_prime_j)
        _put(metrics, "w_prime_balance_min_j", float(balance_j.min()))
    ftp_w = profile.ftp_w
    if ftp_w is None or ftp_w <= 0 or activity.sport not in FTP_SPORTS:
        return
    metrics["power_zone_time_s"] = time_in_zones_s(power_w, power.coggan_power_zones(ftp_w))
    if np_w is None:
        return
    _put(metrics, "if", power.intensity_factor(np_w, ftp_w))
    duration_s = power.normalized_duration_s(power_w)
    _put(metrics, "tss", power.training_stress_score(duration_s, np_w, ftp_w))


def _add_heart_rate(
    metrics: ActivityMetrics,
    activity: Activity,
    profile: AthleteProfile,
    grid: _Grid,
    settings: AnalyticsSettings,
) -> None:
    hr_bpm = grid.get(StreamChannel.HEART_RATE_BPM)
    if hr_bpm is None or present(hr_bpm).size == 0:
        return
    hr_avg = _mean(hr_bpm)
    _put(metrics, "hr_avg_bpm", hr_avg)
    _put(metrics, "hr_max_bpm", _max(activity.streams.get(StreamChannel.HEART_RATE_BPM)))
    np_w = metrics.get("np_w")
    if isinstance(np_w, float) and hr_avg is not None and hr_avg > 0:
        _put(metrics, "ef", power.efficiency_factor(np_w, hr_avg))
    rest, hr_max, lthr, sex = profile.hr_rest_bpm, profile.hr_max_bpm, profile.lthr_bpm, profile.sex
    if hr_max is not None and hr_max > 0:
        _put(metrics, "trimp_edwards", heart_rate.edwards_trimp(hr_bpm, hr_max))
    if rest is not None and hr_max is not None and hr_max > rest and sex is not None:
        trimp = heart_rate.banister_trimp(hr_bpm, rest, hr_max, sex)
        _put(metrics, "trimp_banister", trimp)
        if lthr is not None and lthr > rest:
            hour = heart_rate.banister_trimp_hour_at_lthr(lthr, rest, hr_max, sex)
            _put(metrics, "hrtss", heart_rate.hr_training_stress_score(trimp, hour))
    zones = _hr_zones(activity, profile, settings)
    if zones is not None:
        metrics["hr_zone_time_s"] = time_in_zones_s(hr_bpm, zones)


def _hr_zones(
    activity: Activity, profile: AthleteProfile, settings: AnalyticsSettings
) -> list[Zone] | None:
    rest, hr_max, lthr = profile.hr_rest_bpm, profile.hr_max_bpm, profile.lthr_bpm
    model = settings.heart_rate_zones
    match model:
        case HeartRateZoneModel.HEART_RATE_RESERVE:
            if rest is None or hr_max is None or hr_max <= rest:
                return None
            return heart_rate.karvonen_zones(rest, hr_max)
        case HeartRateZoneModel.LTHR_PERCENT:
            if lthr is None or lthr <= 0:
                return None
            sport = (
                heart_rate.FrielSport.BIKE
                if activity.sport is Sport.CYCLING
                else heart_rate.FrielSport.RUN
            )
            return heart_rate.friel_lthr_zones(lthr, sport)
        case _:
            assert_never(model)


def _grade_adjusted_speed(grid: _Grid) -> FloatArray | None:
    """Grade-adjusted speed on moving seconds (``NaN`` elsewhere), or ``None`` without speed."""
    speed = grid.get(StreamChannel.SPEED_M_S)
    if speed is None:
        return None
    altitude = grid.get(StreamChannel.ALTITUDE_M)
    distance = grid.get(StreamChannel.DISTANCE_M)
    if distance is None:
        distance = np.cumsum(np.nan_to_num(speed))
    grade = (
        np.full(speed.size, np.nan) if altitude is None else pace.grade_fraction(altitude, distance)
    )
    adjusted = pace.grade_adjusted_speed_m_s(speed, grade)
    if grid.moving is not None:
        adjusted = np.where(grid.moving, adjusted, np.nan)
    return adjusted


def _add_pace(
    metrics: ActivityMetrics, activity: Activity, profile: AthleteProfile, grid: _Grid
) -> None:
    if activity.sport not in FOOT_SPORTS:
        return
    moving_s, distance_m = metrics.get("moving_time_s"), metrics.get("distance_m")
    if isinstance(moving_s, float) and isinstance(distance_m, float) and moving_s > 0:
        _put(metrics, "pace_avg_s_per_km", pace.speed_to_pace_s_per_km(distance_m / moving_s))
    adjusted = _grade_adjusted_speed(grid)
    if adjusted is None:
        return
    ngp_speed = pace.normalized_graded_speed_m_s(adjusted)
    if ngp_speed is None:
        return
    _put(metrics, "ngp_s_per_km", pace.speed_to_pace_s_per_km(ngp_speed))
    threshold = profile.threshold_pace_s_per_km
    if threshold is None or threshold <= 0 or activity.sport not in THRESHOLD_PACE_SPORTS:
        return
    intensity = pace.running_intensity_factor(ngp_speed, pace_s_per_km_to_speed_m_s(threshold))
    duration_s = power.normalized_duration_s(adjusted)
    _put(metrics, "rtss", pace.running_training_stress_score(duration_s, intensity))
    speed = grid.get(StreamChannel.SPEED_M_S)
    if speed is not None and grid.moving is not None:
        moving_pace = pace.pace_series_s_per_km(np.where(grid.moving, speed, np.nan))
        metrics["pace_zone_time_s"] = time_in_zones_s(moving_pace, pace.friel_pace_zones(threshold))


def _add_decoupling(metrics: ActivityMetrics, activity: Activity, grid: _Grid) -> None:
    """Pw:HR from power when there is power, else Pa:HR from grade-adjusted speed on foot,
    over the activity after its first ``DECOUPLING_WARMUP_S`` seconds."""
    hr_bpm = grid.get(StreamChannel.HEART_RATE_BPM)
    if hr_bpm is None:
        return
    output = grid.get(StreamChannel.POWER_W)
    if output is None and activity.sport in FOOT_SPORTS:
        output = _grade_adjusted_speed(grid)
    if output is None:
        return
    output, hr_bpm = output[DECOUPLING_WARMUP_S:], hr_bpm[DECOUPLING_WARMUP_S:]
    paired = np.count_nonzero(np.isfinite(output) & np.isfinite(hr_bpm))
    if paired < MIN_DECOUPLING_S:
        return
    _put(metrics, "decoupling_pct", heart_rate.aerobic_decoupling_pct(output, hr_bpm))
