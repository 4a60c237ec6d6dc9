"""Sports-science engine speed, each figure against a plain pandas version of the same thing.

Run: ``.venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/bench_engine.py``

1. every daily series of one athlete over 10 years (target: < 20 ms);
2. the load series of 1,000 synthetic athletes x 3 years (target: < 10 s on 2 cores);
3. all metrics of a 10-hour 1 Hz ride, when ``aicoach.analytics.activity_metrics`` exists.

For each, a straightforward pandas implementation (``ewm(alpha=..., adjust=False)``,
``rolling``) computes the same numbers in the same run; the results are checked to be equal
(``np.allclose``) before the timings are compared, so the ratio compares like with like.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import fields
from datetime import UTC, date, datetime
from typing import Any

import numpy as np
import pandas as pd

from aicoach.analytics.activity_metrics import compute_activity_metrics
from aicoach.analytics.acwr import ewma_weight
from aicoach.analytics.baselines import RESTING_HR_BASELINE_DAYS, SLEEP_DEBT_DAYS
from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.analytics.load import smoothing_weight
from aicoach.analytics.series import (
    DEFAULT_SLEEP_TARGET_H,
    AthleteSeries,
    LoadSeriesBatch,
    compute_athlete_series,
    compute_load_series_batch,
)
from aicoach.domain import Activity, AthleteProfile, Sex, Sport, StreamChannel

SETTINGS = AnalyticsSettings()
START = date(2016, 1, 1)
LOAD_FIELDS = ("load", "ctl", "atl", "tsb", "ramp", "acwr", "monotony", "strain")


def best_of(repeat: int, action: Callable[[], object]) -> tuple[float, object]:
    timings = []
    result: object = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = action()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def synthetic_loads(rng: np.random.Generator, athletes: int, days: int) -> np.ndarray:
    """Daily loads with rest days, a weekly rhythm, and some whole weeks off."""
    weekly = np.array([0.6, 1.2, 0.8, 1.4, 0.0, 1.8, 1.0])
    rhythm = np.tile(weekly, days // 7 + 1)[:days]
    level = rng.uniform(40.0, 120.0, (athletes, 1))
    load = level * rhythm * rng.uniform(0.5, 1.5, (athletes, days))
    load *= rng.uniform(size=(athletes, days)) > 0.1
    for athlete in range(athletes):
        for week_start in rng.integers(0, days - 7, size=days // 365):
            load[athlete, week_start : week_start + 7] = 0.0
    return np.round(load, 1)


def synthetic_wellness(rng: np.random.Generator, days: int) -> dict[str, np.ndarray]:
    """RMSSD, resting HR and sleep with about 15 % of days missing."""
    rmssd = np.exp(4.1 + 0.1 * np.sin(np.arange(days) / 30.0) + rng.normal(0.0, 0.15, days))
    rhr = 50.0 + 3.0 * np.sin(np.arange(days) / 45.0) + rng.normal(0.0, 2.0, days)
    sleep = 7.4 + rng.normal(0.0, 0.9, days)
    for values in (rmssd, rhr, sleep):
        values[rng.uniform(size=days) < 0.15] = np.nan
    return {"hrv_rmssd_ms": rmssd, "resting_hr_bpm": rhr, "sleep_h": sleep}


def pandas_ewm(frame: pd.DataFrame, weight: float) -> pd.DataFrame:
    """x_t = x_{t-1} + w (v_t - x_{t-1}) from x_{-1} = 0: a zero day is put in front."""
    padded = pd.concat([pd.DataFrame(0.0, index=[-1], columns=frame.columns), frame])
    return padded.ewm(alpha=weight, adjust=False).mean().iloc[1:]


def pandas_load_series(load: pd.DataFrame, settings: AnalyticsSettings) -> dict[str, Any]:
    """The load side with pandas: days down the rows, athletes across the columns."""
    ctl = pandas_ewm(load, smoothing_weight(settings.ctl_days, settings.load_smoothing))
    atl = pandas_ewm(load, smoothing_weight(settings.atl_days, settings.load_smoothing))
    acute = pandas_ewm(load, ewma_weight(settings.acute_days))
    chronic = pandas_ewm(load, ewma_weight(settings.chronic_days))
    acwr = (acute / chronic.where(chronic != 0.0)).copy()
    acwr.iloc[: settings.chronic_days - 1] = np.nan
    week = load.rolling(7)
    ddof = 0 if settings.monotony_sd == "population" else 1
    constant = week.max() == week.min()  # SD exactly 0: pandas' own std leaves ~1e-8 there
    monotony = week.mean() / week.std(ddof=ddof).mask(constant)
    tsb = (ctl - atl).shift(1)
    tsb.iloc[0] = 0.0
    return {
        "load": load,
        "ctl": ctl,
        "atl": atl,
        "tsb": tsb,
        "ramp": ctl.diff(7),
        "acwr": acwr,
        "monotony": monotony,
        "strain": week.sum() * monotony,
    }


def pandas_athlete_series(
    load: np.ndarray, wellness: dict[str, np.ndarray], settings: AnalyticsSettings
) -> dict[str, Any]:
    """Every series of one athlete with pandas, the way a data scientist would write it."""
    out = pandas_load_series(pd.DataFrame({"load": load}), settings)
    result = {name: frame["load"] for name, frame in out.items()}
    hrv_ln = np.log(pd.Series(wellness["hrv_rmssd_ms"]))
    base = hrv_ln.rolling(settings.hrv_baseline_days, min_periods=settings.hrv_baseline_days // 2)
    lag = settings.hrv_short_days
    band_mean, band_sd = base.mean().shift(lag), base.std(ddof=1).shift(lag)
    rhr = pd.Series(wellness["resting_hr_bpm"])
    rhr_window = rhr.rolling(RESTING_HR_BASELINE_DAYS, min_periods=RESTING_HR_BASELINE_DAYS // 2)
    sleep = pd.Series(wellness["sleep_h"])
    result |= {
        "hrv_ln": hrv_ln,
        "hrv_ln_7d": hrv_ln.rolling(settings.hrv_short_days, min_periods=3).mean(),
        "hrv_band_low": band_mean - settings.hrv_band_sd_factor * band_sd,
        "hrv_band_high": band_mean + settings.hrv_band_sd_factor * band_sd,
        "rhr_baseline": rhr_window.mean().shift(1),
        "rhr_sd": rhr_window.std(ddof=1).shift(1),
        "sleep_debt_h": (DEFAULT_SLEEP_TARGET_H - sleep)
        .rolling(SLEEP_DEBT_DAYS, min_periods=1)
        .sum(),
    }
    result["hrv_below_band"] = result["hrv_ln_7d"] < result["hrv_band_low"]
    return result


def check_equal(ours: AthleteSeries | LoadSeriesBatch, theirs: dict[str, Any]) -> None:
    names = {item.name for item in fields(ours)}
    for name, expected in theirs.items():
        assert name in names, name
        mine = np.asarray(getattr(ours, name), dtype=np.float64)
        other = np.asarray(expected, dtype=np.float64).T if mine.ndim == 2 else expected
        other = np.asarray(other, dtype=np.float64)
        if not np.allclose(mine, other, rtol=1e-9, atol=1e-9, equal_nan=True):
            worst = np.nanmax(np.abs(mine - other))
            raise AssertionError(f"{name}: ours and pandas differ (largest difference {worst})")
    print(f"  checked equal to pandas: {', '.join(theirs)}")


def report(label: str, ours_s: float, pandas_s: float, target_s: float | None) -> None:
    if target_s is None:
        verdict = "no target set"
    else:
        verdict = f"target < {target_s * 1000:.0f} ms: " + ("ok" if ours_s < target_s else "OVER")
    print(f"  aicoach {ours_s * 1000:9.1f} ms   ({verdict})")
    print(f"  pandas  {pandas_s * 1000:9.1f} ms")
    print(f"  {label}: pandas / aicoach = {pandas_s / ours_s:.1f}x")


def bench_one_athlete(repeat: int) -> None:
    days = 3650
    print(f"\n1. one athlete, every daily series, {days} days (10 years)")
    rng = np.random.default_rng(1)
    load = synthetic_loads(rng, 1, days)[0]
    wellness = synthetic_wellness(rng, days)
    ours_s, ours = best_of(
        repeat, lambda: compute_athlete_series(START, load, SETTINGS, **wellness)
    )
    pandas_s, theirs = best_of(repeat, lambda: pandas_athlete_series(load, wellness, SETTINGS))
    assert isinstance(ours, AthleteSeries) and isinstance(theirs, dict)
    check_equal(ours, theirs)
    report("10-year athlete", ours_s, pandas_s, 0.020)


def bench_batch(athletes: int, repeat: int) -> None:
    days = 3 * 365
    print(f"\n2. batch of {athletes} athletes x {days} days (3 years), load series")
    loads = synthetic_loads(np.random.default_rng(2), athletes, days)
    ours_s, ours = best_of(repeat, lambda: compute_load_series_batch(loads, SETTINGS))
    frame = pd.DataFrame(loads.T)
    pandas_s, theirs = best_of(repeat, lambda: pandas_load_series(frame, SETTINGS))
    assert isinstance(ours, LoadSeriesBatch) and isinstance(theirs, dict)
    check_equal(ours, theirs)
    report("batch", ours_s, pandas_s, 10.0)


def ten_hour_ride() -> tuple[Activity, AthleteProfile]:

    rng = np.random.default_rng(3)
    n = 10 * 3600
    t = np.arange(n, dtype=np.float64)
    speed = np.clip(8.5 + 1.5 * np.sin(t / 400.0) + rng.normal(0.0, 0.3, n), 0.0, None)
    ride = Activity(
        sport=Sport.CYCLING,
        start_time=datetime(2026, 6, 1, 6, 0, tzinfo=UTC),
        source_format="synthetic",
        name="benchmark 10 h",
        elapsed_s=n - 1.0,
        timer_s=n - 1.0,
        distance_m=float(np.sum(speed)),
        streams={
            StreamChannel.TIME_S: t,
            StreamChannel.HEART_RATE_BPM: np.rint(140 + 12 * np.sin(t / 300) + rng.normal(0, 2, n)),
            StreamChannel.POWER_W: np.rint(
                np.clip(210 + 60 * np.sin(t / 90) + rng.normal(0, 35, n), 0, None)
            ),
            StreamChannel.SPEED_M_S: speed,
            StreamChannel.CADENCE_RPM: np.rint(88 + rng.normal(0, 4, n)),
            StreamChannel.ALTITUDE_M: 50 + 20 * np.sin(t / n * 6 * np.pi),
            StreamChannel.DISTANCE_M: np.cumsum(speed),
        },
    )
    profile = AthleteProfile(
        name="Bench", birth_year=1985, sex=Sex.MALE, mass_kg=72.0, hr_rest_bpm=48,
        hr_max_bpm=188, lthr_bpm=168, ftp_w=260,
    )  # fmt: skip
    return ride, profile


def pandas_ride_metrics(power_w: np.ndarray, hr_bpm: np.ndarray, ftp_w: float) -> dict[str, float]:
    """Normalized power (Coggan: 30-s rolling mean, 4th-power mean, 4th root), intensity
    factor, means and maxima, under the keys ``compute_activity_metrics`` uses."""
    power = pd.Series(power_w)
    heart_rate = pd.Series(hr_bpm)
    np_w = float((power.rolling(30).mean().dropna() ** 4).mean() ** 0.25)
    return {
        "np_w": np_w,
        "if": np_w / ftp_w,
        "power_avg_w": float(power.mean()),
        "power_max_w": float(power.max()),
        "hr_avg_bpm": float(heart_rate.mean()),
        "hr_max_bpm": float(heart_rate.max()),
    }


def bench_ride(repeat: int) -> None:
    print("\n3. all metrics of a 10-hour 1 Hz ride (W'bal included: CP 250 W, W' 20 kJ)")
    ride, profile = ten_hour_ride()
    ours_s, ours = best_of(
        repeat, lambda: compute_activity_metrics(ride, profile, cp_w=250.0, w_prime_j=20_000.0)
    )
    power = ride.streams[StreamChannel.POWER_W]
    heart_rate = ride.streams[StreamChannel.HEART_RATE_BPM]
    ftp_w = float(profile.ftp_w)
    pandas_s, theirs = best_of(repeat, lambda: pandas_ride_metrics(power, heart_rate, ftp_w))
    assert isinstance(theirs, dict)
    compared = []
    for name, expected in theirs.items():
        mine = ours.get(name) if isinstance(ours, dict) else getattr(ours, name, None)
        if mine is not None:
            assert np.isclose(float(mine), expected, rtol=1e-6), (name, mine, expected)
            compared.append(name)
    print(f"  checked equal to pandas: {', '.join(compared) or 'nothing with a shared name'}")
    print("  (pandas computes only NP, IF, means and maxima: a part of 'all metrics')")
    report("10-hour ride", ours_s, pandas_s, 0.050)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="runs of (1) and (3); best kept")
    parser.add_argument("--batch-repeat", type=int, default=3, help="runs of (2); best kept")
    parser.add_argument("--athletes", type=int, default=1000)
    arguments = parser.parse_args()
    print(f"numpy {np.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs")
    bench_one_athlete(arguments.repeat)
    bench_batch(arguments.athletes, arguments.batch_repeat)
    bench_ride(arguments.repeat)


if __name__ == "__main__":
    main()
