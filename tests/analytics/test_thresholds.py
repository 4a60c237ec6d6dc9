"""Threshold estimates from synthetic activities whose true answers are known."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from aicoach.analytics.critical_power import cp_2p_power_w
from aicoach.analytics.race_prediction import vdot_from_race
from aicoach.analytics.resample import resample_1hz
from aicoach.analytics.thresholds import (
    MEAN_MAX_DURATIONS_S,
    EstimateSource,
    best_effort,
    best_window_mean,
    clean_heart_rate_1hz,
    estimate_ftp_w,
    estimate_hr_max_bpm,
    estimate_lthr_bpm,
    estimate_threshold_pace_s_per_km,
    mean_max_curve,
    tanaka_hr_max_bpm,
    threshold_pace_from_vdot_s_per_km,
)
from aicoach.domain.activity import Activity, Sport, StreamChannel

START = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)


def activity(sport: Sport, **streams: np.ndarray) -> Activity:
    channels = {StreamChannel(name): values for name, values in streams.items()}
    return Activity(sport=sport, start_time=START, source_format="test", streams=channels)


def hard_run_hr() -> tuple[np.ndarray, np.ndarray]:
    """60 min: easy 130 bpm, a 30-min effort at 165 +/- 3 bpm, a 15-s finish at 180 bpm,
    with artefacts: a burst of 228-bpm spikes and a stretch of impossible 255 bpm."""
    time_s = np.arange(0.0, 3600.0)
    hr = np.full(time_s.size, 130.0)
    effort = (time_s >= 600) & (time_s < 2400)
    hr[effort] = 165.0 + 3.0 * np.sin(2 * np.pi * time_s[effort] / 60.0)
    hr[(time_s >= 3500) & (time_s < 3515)] = 180.0
    hr[1500:1503] = 228.0  # spike burst inside the effort: removed by the median filter
    hr[3000:3010] = 255.0  # outside the plausible range
    return time_s, hr


def test_tanaka_formula() -> None:
    # 208 - 0.7 x 40 = 180 bpm (Tanaka, Monahan & Seals 2001).
    assert tanaka_hr_max_bpm(40) == pytest.approx(180.0)


def test_resample_1hz_interpolates_and_leaves_gaps_missing() -> None:
    grid = resample_1hz([0.0, 2.0, 4.0, 20.0, 21.0], [100.0, 110.0, 120.0, 150.0, 152.0])
    assert grid[:5].tolist() == [100.0, 105.0, 110.0, 115.0, 120.0]
    assert np.all(np.isnan(grid[5:20]))  # 16-s gap > MAX_GAP_S
    assert grid[20:].tolist() == [150.0, 152.0]


def test_best_window_mean_skips_windows_with_missing_samples() -> None:
    values = np.array([1.0, 2.0, 9.0, np.nan, 9.0, 3.0, 4.0])
    assert best_window_mean(values, 2) == pytest.approx(6.0)  # (9 + 3) / 2, not across NaN
    assert best_window_mean(values, 5) is None
    assert best_window_mean(values, 8) is None


def test_clean_heart_rate_removes_spikes_but_keeps_a_real_rise() -> None:
    _, hr = hard_run_hr()
    cleaned = clean_heart_rate_1hz(hr)
    assert np.all(np.isnan(cleaned[1500:1503]))
    assert np.all(np.isnan(cleaned[3000:3010]))
    assert np.all(cleaned[3500:3515] == 180.0)


def test_hr_max_from_data_ignores_artefacts() -> None:
    time_s, hr = hard_run_hr()
    estimate = estimate_hr_max_bpm([activity(Sport.RUNNING, time_s=time_s, heart_rate_bpm=hr)], 40)
    assert estimate is not None
    assert estimate.source is EstimateSource.ACTIVITY_DATA
    assert estimate.hr_bpm == pytest.approx(180.0)
    assert "5-s" in estimate.method


def test_hr_max_falls_back_to_age_then_none() -> None:
    no_hr = activity(Sport.RUNNING, time_s=np.arange(0.0, 60.0))
    estimate = estimate_hr_max_bpm([no_hr], 40)
    assert estimate is not None
    assert estimate.source is EstimateSource.AGE_FORMULA
    assert estimate.hr_bpm == pytest.approx(180.0)
    assert "Tanaka" in estimate.method
    assert estimate_hr_max_bpm([no_hr], None) is None


def test_lthr_is_best_20_min_heart_rate_of_a_hard_effort() -> None:
    time_s, hr = hard_run_hr()
    runs = [activity(Sport.RUNNING, time_s=time_s, heart_rate_bpm=hr)]
    estimate = estimate_lthr_bpm(runs, hr_max_bpm=180.0)
    assert estimate is not None
    # The 20-min windows inside the effort average 165 bpm (the +/- 3 bpm wave cancels); the
    # 3-s hole left by removing the spike burst is bridged, so those windows still count.
    assert estimate.hr_bpm == pytest.approx(165.0, abs=0.2)
    assert "Friel" in estimate.method
    # Against an HRmax of 200, 165 bpm is 82 %: not a threshold effort.
    assert estimate_lthr_bpm(runs, hr_max_bpm=200.0) is None


def test_ftp_from_cp_model_then_from_20_min_power() -> None:
    durations = np.array(MEAN_MAX_DURATIONS_S, dtype=float)
    power = np.array([cp_2p_power_w(t, 250.0, 20_000.0) for t in durations])
    from_model = estimate_ftp_w(durations, power)
    assert from_model is not None
    assert from_model.source is EstimateSource.CRITICAL_POWER_MODEL
    assert from_model.power_w == pytest.approx(250.0 + 20_000.0 / 3600.0)  # 255.6 W

    only_20_min = estimate_ftp_w([1200.0], [300.0])
    assert only_20_min is not None
    assert only_20_min.source is EstimateSource.BEST_20_MIN_POWER
    assert only_20_min.power_w == pytest.approx(285.0)

    assert estimate_ftp_w([300.0, 600.0], [320.0, 290.0]) is None


def test_mean_max_curve_from_power_streams() -> None:
    time_s = np.arange(0.0, 3600.0)
    power = np.where((time_s >= 900) & (time_s < 2100), 300.0, 200.0)
    power[100:110] = 600.0
    ride = activity(Sport.CYCLING, time_s=time_s, power_w=power)
    assert best_effort([ride], StreamChannel.POWER_W, 1200) == pytest.approx(300.0)
    # Best 30 min: the 20-min block plus 10 min at 200 W -> 266.7 W.
    assert best_effort([ride], StreamChannel.POWER_W, 1800) == pytest.approx(800.0 / 3.0)
    durations, best = mean_max_curve([ride], StreamChannel.POWER_W, (5, 1200, 7200))
    assert durations.tolist() == [5.0, 1200.0]  # no 2-h window in a 1-h ride
    assert best.tolist() == pytest.approx([600.0, 300.0])


def test_threshold_pace_from_race_vdot() -> None:
    estimate = estimate_threshold_pace_s_per_km([], race_vdot=50.0)
    assert estimate is not None
    assert estimate.source is EstimateSource.RACE_VDOT
    assert estimate.pace_s_per_km == pytest.approx(255.0, abs=1.0)  # Daniels: VDOT 50 T 4:15/km


def test_threshold_pace_from_best_running_effort() -> None:
    time_s = np.arange(0.0, 4200.0)
    speed = np.full(time_s.size, 2.8)
    fast = (time_s >= 600) & (time_s < 2400)  # 30 min at 4.0 +/- 0.1 m/s
    speed[fast] = 4.0 + 0.1 * np.sin(2 * np.pi * time_s[fast] / 120.0)
    run = activity(Sport.RUNNING, time_s=time_s, speed_m_s=speed)
    ride = activity(Sport.CYCLING, time_s=time_s, speed_m_s=speed * 3)
    estimate = estimate_threshold_pace_s_per_km([run, ride])
    assert estimate is not None
    assert estimate.source is EstimateSource.BEST_EFFORT_VDOT
    # The best 30-min effort is 7200 m (VDOT 48.5); the 45-min window (9720 m) and the
    # 60-min window include easy running and give lower VDOTs; the ride is ignored.
    vdot = vdot_from_race(7200.0, 1800.0)
    assert vdot == pytest.approx(48.53, abs=0.01)
    assert vdot > vdot_from_race(9720.0, 2700.0)
    assert estimate.pace_s_per_km == pytest.approx(threshold_pace_from_vdot_s_per_km(vdot), abs=0.5)
    assert "30-min" in estimate.method

    distance_only = activity(Sport.RUNNING, time_s=time_s, distance_m=np.cumsum(speed))
    from_distance = estimate_threshold_pace_s_per_km([distance_only])
    assert from_distance is not None
    assert from_distance.pace_s_per_km == pytest.approx(estimate.pace_s_per_km, abs=0.5)


def test_threshold_pace_none_without_running_data() -> None:
    short = activity(Sport.RUNNING, time_s=np.arange(0.0, 600.0), speed_m_s=np.full(600, 3.0))
    assert estimate_threshold_pace_s_per_km([short]) is None
