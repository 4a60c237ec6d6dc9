"""Threshold estimates from an athlete's own data, for when the profile lacks them.

Every estimate carries its value, where it came from (``EstimateSource``) and a sentence on
how it was made, so that a reply can say "your HRmax of 186 bpm is the highest 5-second
heart rate in your files" instead of presenting a guess as a measurement.

Streams are first put on a 1-second grid (linear interpolation, never across a gap longer than
``MAX_GAP_S``); best efforts are the highest mean over a window of whole seconds on that grid.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from aicoach.analytics.critical_power import (
    CriticalPowerFit2P,
    eftp_from_20_min_power_w,
    eftp_from_model_w,
    fit_cp_2_parameter,
)
from aicoach.analytics.power import mean_maximal
from aicoach.analytics.race_prediction import (
    TRAINING_VO2MAX_FRACTIONS,
    TrainingIntensity,
    pace_at_vo2max_fraction_s_per_km,
    vdot_from_race,
)
from aicoach.analytics.resample import resample_1hz
from aicoach.domain.activity import Activity, FloatArray, Sport, StreamChannel
from aicoach.errors import DataError

MAX_GAP_S = 5.0
"""Samples further apart than this are not interpolated between (a pause, a dropout)."""

HR_PLAUSIBLE_BPM: tuple[float, float] = (30.0, 230.0)
"""Heart rates outside this range are sensor artefacts, not physiology."""

HR_SPIKE_BPM = 20.0
"""A 1-s heart rate further than this from the median of the surrounding 11 s is a spike."""

HR_SPIKE_WINDOW_S = 11

HR_MAX_WINDOW_S = 5
LTHR_WINDOW_S = 1200
LTHR_MIN_FRACTION_OF_HR_MAX = 0.85
"""A best 20-min HR below 85 % of HRmax was not a threshold effort (LTHR is typically
about 90 % of HRmax; Friel, *The Triathlete's Training Bible*)."""

FTP_WINDOW_S = 1200
THRESHOLD_PACE_WINDOWS_S: tuple[int, ...] = (1800, 2700, 3600)
"""Best-effort windows (30, 45, 60 min) from which a running VDOT, then T pace, is derived."""

MEAN_MAX_DURATIONS_S: tuple[int, ...] = (120, 180, 300, 480, 600, 720, 900, 1200)
"""Durations (2-20 min) of the mean-maximal power curve used for the CP fit behind eFTP."""


class EstimateSource(StrEnum):
    """Where an estimated threshold came from."""

    ACTIVITY_DATA = "activity_data"
    AGE_FORMULA = "age_formula"
    CRITICAL_POWER_MODEL = "critical_power_model"
    BEST_20_MIN_POWER = "best_20_min_power"
    BEST_EFFORT_VDOT = "best_effort_vdot"
    RACE_VDOT = "race_vdot"


@dataclass(frozen=True, slots=True)
class HeartRateEstimate:
    hr_bpm: float
    source: EstimateSource
    method: str


@dataclass(frozen=True, slots=True)
class PowerEstimate:
    power_w: float
    source: EstimateSource
    method: str


@dataclass(frozen=True, slots=True)
class PaceEstimate:
    pace_s_per_km: float
    source: EstimateSource
    method: str


def tanaka_hr_max_bpm(age_years: float) -> float:
    """Age-predicted maximal heart rate, ``208 - 0.7 * age`` (Tanaka, Monahan & Seals 2001,
    J Am Coll Cardiol 37:153-156). Individual values scatter about +/- 10 bpm around it."""
    return 208.0 - 0.7 * age_years


def best_window_mean(values_1hz: FloatArray, window_s: int) -> float | None:
    """Highest mean over ``window_s`` consecutive 1-s samples with no missing value."""
    if window_s < 1:
        return None
    return mean_maximal(values_1hz, [window_s]).get(window_s)


def clean_heart_rate_1hz(hr_1hz_bpm: FloatArray) -> FloatArray:
    """Heart rate with artefacts set to ``NaN``: values outside ``HR_PLAUSIBLE_BPM`` and
    spikes more than ``HR_SPIKE_BPM`` from the median of the surrounding ``HR_SPIKE_WINDOW_S``
    seconds. Cadence lock (an optical sensor following the step rate for minutes) is not
    detectable this way."""
    hr = np.where(
        (hr_1hz_bpm >= HR_PLAUSIBLE_BPM[0]) & (hr_1hz_bpm <= HR_PLAUSIBLE_BPM[1]),
        hr_1hz_bpm,
        np.nan,
    )
    if hr.size < HR_SPIKE_WINDOW_S:
        return hr
    half = HR_SPIKE_WINDOW_S // 2
    padded = np.pad(hr, half, constant_values=np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(sliding_window_view(padded, HR_SPIKE_WINDOW_S), axis=1)
    spike = np.abs(hr - median) > HR_SPIKE_BPM
    return np.where(spike, np.nan, hr)


def best_effort(
    activities: Sequence[Activity], channel: StreamChannel, window_s: int
) -> float | None:
    """Highest ``window_s`` mean of ``channel`` over all activities (heart rate cleaned)."""
    best: float | None = None
    for values in _channel_1hz(activities, channel):
        value = best_window_mean(values, window_s)
        if value is not None and (best is None or value > best):
            best = value
    return best


def mean_max_curve(
    activities: Sequence[Activity],
    channel: StreamChannel,
    durations_s: Sequence[int] = MEAN_MAX_DURATIONS_S,
) -> tuple[FloatArray, FloatArray]:
    """The mean-maximal curve of ``channel`` over all activities: durations with a value and
    the best mean for each."""
    kept_t: list[float] = []
    kept_v: list[float] = []
    for duration in durations_s:
        value = best_effort(activities, channel, duration)
        if value is not None:
            kept_t.append(float(duration))
            kept_v.append(value)
    return np.array(kept_t), np.array(kept_v)


def estimate_hr_max_bpm(
    activities: Sequence[Activity], age_years: float | None
) -> HeartRateEstimate | None:
    """HRmax: the highest 5-s mean heart rate in the data, else Tanaka's age formula.

    A data maximum is only as high as the hardest effort recorded, so it can underestimate
    the true HRmax; the method text says so. ``None`` without heart-rate data or an age.
    """
    observed = best_effort(activities, StreamChannel.HEART_RATE_BPM, HR_MAX_WINDOW_S)
    if observed is not None:
        return HeartRateEstimate(
            hr_bpm=observed,
            source=EstimateSource.ACTIVITY_DATA,
            method=(
                f"highest {HR_MAX_WINDOW_S}-s mean heart rate across {len(activities)} "
                "activities after removing artefacts; a lower bound if no effort was maximal"
            ),
        )
    if age_years is None:
        return None
    return HeartRateEstimate(
        hr_bpm=tanaka_hr_max_bpm(age_years),
        source=EstimateSource.AGE_FORMULA,
        method=f"Tanaka 2001: 208 - 0.7 x age {age_years:g} (about +/- 10 bpm between people)",
    )


def estimate_lthr_bpm(
    activities: Sequence[Activity], hr_max_bpm: float | None = None
) -> HeartRateEstimate | None:
    """LTHR as the best 20-min mean heart rate of the recorded efforts.

    Friel's field test takes the mean heart rate of the last 20 minutes of a 30-minute solo
    time trial; the best 20-minute window of a hard, steady effort of 20+ minutes stands in for
    it. Easy-only data would give an easy heart rate, so when ``hr_max_bpm`` is known a best
    20-min HR below ``LTHR_MIN_FRACTION_OF_HR_MAX`` of it is rejected (``None``).
    """
    best = best_effort(activities, StreamChannel.HEART_RATE_BPM, LTHR_WINDOW_S)
    if best is None:
        return None
    if hr_max_bpm is not None and best < LTHR_MIN_FRACTION_OF_HR_MAX * hr_max_bpm:
        return None
    checked = (
        f"; at {best / hr_max_bpm:.0%} of HRmax it was a hard effort"
        if hr_max_bpm is not None
        else "; not checked against HRmax, so it assumes the effort was hard and steady"
    )
    return HeartRateEstimate(
        hr_bpm=best,
        source=EstimateSource.ACTIVITY_DATA,
        method=(
            "best 20-min mean heart rate, standing in for Friel's 30-min time trial "
            f"(mean of its last 20 min){checked}"
        ),
    )


def estimate_ftp_w(durations_s: npt.ArrayLike, power_w: npt.ArrayLike) -> PowerEstimate | None:
    """FTP from a mean-maximal power curve.

    First choice: the 2-parameter critical-power model's power for 60 minutes (fitted on
    2-20 min efforts). Otherwise 95 % of the best 20-minute power (Allen & Coggan 2010).
    ``None`` when neither is possible.
    """
    try:
        fit: CriticalPowerFit2P | None = fit_cp_2_parameter(durations_s, power_w)
    except DataError:
        fit = None
    if fit is not None:
        return PowerEstimate(
            power_w=eftp_from_model_w(fit),
            source=EstimateSource.CRITICAL_POWER_MODEL,
            method=(
                f"2-parameter critical power model (CP {fit.cp_w:.0f} W, W' "
                f"{fit.w_prime_j / 1000:.1f} kJ, {len(fit.durations_s)} efforts): "
                "power for 60 min"
            ),
        )
    t = np.asarray(durations_s, dtype=np.float64).ravel()
    p = np.asarray(power_w, dtype=np.float64).ravel()
    at_20 = p[(t == FTP_WINDOW_S) & np.isfinite(p)]
    if at_20.size == 0:
        return None
    best_20 = float(np.max(at_20))
    return PowerEstimate(
        power_w=eftp_from_20_min_power_w(best_20),
        source=EstimateSource.BEST_20_MIN_POWER,
        method=f"95 % of the best 20-min power ({best_20:.0f} W), Allen & Coggan",
    )


def threshold_pace_from_vdot_s_per_km(vdot: float) -> float:
    """Daniels' threshold (T) pace: the speed costing 88 % of VDOT (Daniels' Running Formula)."""
    fraction = TRAINING_VO2MAX_FRACTIONS[TrainingIntensity.THRESHOLD][1]
    return pace_at_vo2max_fraction_s_per_km(vdot, fraction)


def estimate_threshold_pace_s_per_km(
    activities: Sequence[Activity], race_vdot: float | None = None
) -> PaceEstimate | None:
    """Threshold pace from a race VDOT when given, else from the best 30-60 min running efforts.

    Each best effort (``THRESHOLD_PACE_WINDOWS_S``) gives a VDOT (Daniels & Gilbert); the
    highest gives T pace. Training runs are rarely all-out, so this tends to be slow.
    ``None`` when no running activity has a 30-min stretch of speed data.
    """
    if race_vdot is not None:
        return PaceEstimate(
            pace_s_per_km=threshold_pace_from_vdot_s_per_km(race_vdot),
            source=EstimateSource.RACE_VDOT,
            method=f"Daniels T pace (88 % of VDOT) for a race VDOT of {race_vdot:.1f}",
        )
    runs = [a for a in activities if a.sport is Sport.RUNNING]
    best_vdot: float | None = None
    best_window = 0
    for window in THRESHOLD_PACE_WINDOWS_S:
        speed = best_effort(runs, StreamChannel.SPEED_M_S, window)
        if speed is None or speed <= 0:
            continue
        vdot = vdot_from_race(speed * window, float(window))
        if best_vdot is None or vdot > best_vdot:
            best_vdot, best_window = vdot, window
    if best_vdot is None:
        return None
    return PaceEstimate(
        pace_s_per_km=threshold_pace_from_vdot_s_per_km(best_vdot),
        source=EstimateSource.BEST_EFFORT_VDOT,
        method=(
            f"Daniels T pace (88 % of VDOT) from the best {best_window // 60}-min running "
            f"effort (VDOT {best_vdot:.1f}); slower than true if no effort was all-out"
        ),
    )


def _channel_1hz(activities: Sequence[Activity], channel: StreamChannel) -> list[FloatArray]:
    """``channel`` of each activity on a 1-s grid (heart rate cleaned, holes of up to
    ``MAX_GAP_S`` bridged; speed derived from distance when there is no speed channel)."""
    out: list[FloatArray] = []
    for activity in activities:
        time_s = activity.streams.get(StreamChannel.TIME_S)
        if time_s is None:
            continue
        values = activity.streams.get(channel)
        if values is None and channel is StreamChannel.SPEED_M_S:
            values = _speed_from_distance(activity)
        if values is None:
            continue
        if channel is StreamChannel.HEART_RATE_BPM:
            low, high = HR_PLAUSIBLE_BPM
            values = np.where((values >= low) & (values <= high), values, np.nan)
            cleaned = clean_heart_rate_1hz(resample_1hz(time_s, values, max_gap_s=MAX_GAP_S))
            # Bridge the short holes the cleaning left, as resampling bridges short dropouts.
            holes_bridged = resample_1hz(
                np.arange(cleaned.size, dtype=np.float64), cleaned, max_gap_s=MAX_GAP_S
            )
            out.append(holes_bridged)
        else:
            out.append(resample_1hz(time_s, values, max_gap_s=MAX_GAP_S))
    return out


def _speed_from_distance(activity: Activity) -> FloatArray | None:
    distance = activity.streams.get(StreamChannel.DISTANCE_M)
    time_s = activity.streams.get(StreamChannel.TIME_S)
    if distance is None or time_s is None or distance.size < 2:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.gradient(distance, time_s)
    return np.where(np.isfinite(speed), speed, np.nan)
