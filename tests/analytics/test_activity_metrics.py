"""All metrics of an activity: keys, absence instead of zeros, pauses, and device agreement."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from aicoach.analytics.activity_metrics import compute_activity_metrics, load_for_day
from aicoach.analytics.conventions import AnalyticsSettings, HeartRateZoneModel
from aicoach.analytics.heart_rate import banister_trimp, banister_trimp_hour_at_lthr
from aicoach.analytics.pace import normalized_graded_speed_m_s
from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.domain.athlete import AthleteProfile, Sex
from aicoach.io.fit_reader import read_fit

START = datetime(2024, 5, 1, 7, 0, tzinfo=UTC)
FULL_PROFILE = AthleteProfile(
    name="Ada",
    sex=Sex.FEMALE,
    hr_rest_bpm=50,
    hr_max_bpm=190,
    lthr_bpm=165,
    ftp_w=250,
    threshold_pace_s_per_km=270.0,
)
EMPTY_PROFILE = AthleteProfile(name="Nobody")


def two_level_np() -> float:
    """NP of the ride below, by hand (see tests/analytics/test_power.py): 1771 windows at
    150 W, 29 transition windows at 150 + 5 j W, 1771 windows at 300 W."""
    transition = sum((150.0 + 5.0 * j) ** 4 for j in range(1, 30))
    return float(((1771 * 150.0**4 + transition + 1771 * 300.0**4) / 3571) ** 0.25)


def ride(pause_s: int = 300) -> Activity:
    """One hour of riding in two 30-minute parts with a ``pause_s`` stop (no records) between.

    Power repeats [coasting x 15 s, 300 W x 15 s] then [150 W x 15 s, 450 W x 15 s]. While
    coasting the power meter sends nothing (power missing) and cadence is 0, so the coasting
    rule makes those seconds 0 W and NP is the hand-computed ``two_level_np``.
    """
    first = np.tile(np.array([np.nan] * 15 + [300.0] * 15), 60)
    second = np.tile(np.array([150.0] * 15 + [450.0] * 15), 60)
    power = np.concatenate([first, second])
    cadence = np.where(np.isnan(power), 0.0, 90.0)
    time_s = np.concatenate([np.arange(1800.0), np.arange(1800.0) + 1800 + pause_s])
    hr = np.concatenate([np.linspace(110, 150, 1800), np.linspace(145, 165, 1800)])
    speed = np.where(np.isnan(power), 9.0, 8.0)
    streams = {
        StreamChannel.TIME_S: time_s,
        StreamChannel.POWER_W: power,
        StreamChannel.CADENCE_RPM: cadence,
        StreamChannel.HEART_RATE_BPM: hr,
        StreamChannel.SPEED_M_S: speed,
        StreamChannel.DISTANCE_M: np.cumsum(speed),
    }
    return Activity(sport=Sport.CYCLING, start_time=START, source_format="test", streams=streams)


def run(smart_recording: bool = False) -> Activity:
    """One flat hour of running: [2 m/s x 15, 4 m/s x 15] for 30 min, then the same + 1 m/s."""
    pattern = np.array([2.0] * 15 + [4.0] * 15)
    speed = np.concatenate([np.tile(pattern, 60), np.tile(pattern + 1.0, 60)])
    time_s = np.arange(3600.0)
    hr = 140.0 + 10.0 * np.sin(np.arange(3600) / 300.0)
    streams = {
        StreamChannel.TIME_S: time_s,
        StreamChannel.SPEED_M_S: speed,
        StreamChannel.DISTANCE_M: np.cumsum(speed),
        StreamChannel.ALTITUDE_M: np.full(3600, 50.0),
        StreamChannel.HEART_RATE_BPM: hr,
    }
    if smart_recording:
        keep = np.arange(3600) % 3 != 1
        streams = {channel: values[keep] for channel, values in streams.items()}
    return Activity(
        sport=Sport.RUNNING,
        start_time=START,
        source_format="test",
        elapsed_s=3600.0,
        distance_m=float(np.sum(speed)),
        streams=streams,
    )


def hr_only(minutes: int = 40) -> Activity:
    seconds = minutes * 60
    hr = 120.0 + 30.0 * np.abs(np.sin(np.arange(seconds) / 200.0))
    streams = {StreamChannel.TIME_S: np.arange(float(seconds)), StreamChannel.HEART_RATE_BPM: hr}
    return Activity(sport=Sport.STRENGTH, start_time=START, source_format="test", streams=streams)


def assert_no_zero_placeholders(metrics: dict[str, float | dict[str, float]]) -> None:
    for key, value in metrics.items():
        if isinstance(value, dict):
            assert sum(value.values()) > 0, key
        else:
            assert np.isfinite(value), key


# --- a ride ---------------------------------------------------------------------------------


def test_ride_power_metrics_known_answers() -> None:
    metrics = compute_activity_metrics(ride(), FULL_PROFILE)
    np_w = two_level_np()  # 255.98 W
    assert metrics["np_w"] == pytest.approx(np_w, rel=1e-9)
    assert metrics["if"] == pytest.approx(np_w / 250.0, rel=1e-9)
    # TSS over the 3600 - 29 = 3571 s that NP averages: 3571 x NP x IF / (250 x 3600) x 100.
    assert metrics["tss"] == pytest.approx(3571 * np_w * (np_w / 250) / (250 * 3600) * 100)
    assert metrics["power_avg_w"] == pytest.approx(225.0)  # coasting zeros count, pause does not
    assert metrics["power_max_w"] == 450.0
    assert metrics["duration_s"] == 3899.0  # first to last record, pause included
    assert metrics["moving_time_s"] == 3600.0
    assert metrics["distance_m"] == pytest.approx(15 * 9 * 60 + 15 * 8 * 60 + 1800 * 8 - 9)
    assert metrics["ef"] == pytest.approx(np_w / metrics["hr_avg_bpm"])  # type: ignore[operator]
    assert metrics["power_zone_time_s"] == {
        # 250 W FTP: 0 W -> Z1, 150 W -> Z2 (137.5-187.5), 300 W -> Z6, 450 W -> Z7.
        "Z1": 900.0, "Z2": 900.0, "Z3": 0.0, "Z4": 0.0, "Z5": 0.0, "Z6": 900.0, "Z7": 900.0,
    }  # fmt: skip
    assert load_for_day(metrics) == (metrics["tss"], "tss")
    assert_no_zero_placeholders(metrics)


def test_ride_without_ftp_has_no_if_tss_or_power_zones() -> None:
    metrics = compute_activity_metrics(ride(), EMPTY_PROFILE)
    assert "np_w" in metrics
    for key in ("if", "tss", "power_zone_time_s", "hrtss", "trimp_banister", "hr_zone_time_s"):
        assert key not in metrics
    for key in ("rtss", "ngp_s_per_km", "pace_avg_s_per_km", "w_prime_balance_min_j"):
        assert key not in metrics
    assert load_for_day(metrics) is None


def test_ride_heart_rate_metrics_use_the_profile() -> None:
    metrics = compute_activity_metrics(ride(), FULL_PROFILE)
    hr = ride().streams[StreamChannel.HEART_RATE_BPM]
    trimp = banister_trimp(hr, 50, 190, Sex.FEMALE)
    assert metrics["trimp_banister"] == pytest.approx(trimp)
    hour = banister_trimp_hour_at_lthr(165, 50, 190, Sex.FEMALE)
    assert metrics["hrtss"] == pytest.approx(100 * trimp / hour)
    zones = metrics["hr_zone_time_s"]
    assert isinstance(zones, dict)
    assert set(zones) == {"Z0", "Z1", "Z2", "Z3", "Z4", "Z5"}
    assert sum(zones.values()) == 3600.0  # the pause is in no zone
    assert "trimp_edwards" in metrics
    assert "decoupling_pct" in metrics


def test_w_prime_balance_only_with_cp_and_w_prime() -> None:
    metrics = compute_activity_metrics(ride(), FULL_PROFILE, cp_w=400.0, w_prime_j=20000.0)
    # CP 400 W: only the 450 W blocks of the second part go above CP, each spending
    # 15 x 50 = 750 J; each 15 s at 150 W between them shrinks the deficit by
    # r = e^(-(400 - 150) x 15 / 20,000) = e^(-0.1875) = 0.829029. After the 60th block the
    # deficit is 750 x (1 - r^60) / (1 - r) = 4,386.7 J: W'bal min = 15,613.3 J.
    r = np.exp(-0.1875)
    expected = 20000.0 - 750.0 * (1 - r**60) / (1 - r)
    assert metrics["w_prime_balance_min_j"] == pytest.approx(expected, rel=1e-9)
    assert "w_prime_balance_min_j" not in compute_activity_metrics(ride(), FULL_PROFILE, cp_w=300.0)


def test_lthr_zone_model_gives_friel_bike_zones() -> None:
    settings = AnalyticsSettings(heart_rate_zones=HeartRateZoneModel.LTHR_PERCENT)
    metrics = compute_activity_metrics(ride(), FULL_PROFILE, settings=settings)
    zones = metrics["hr_zone_time_s"]
    assert isinstance(zones, dict)
    assert list(zones) == ["Z1", "Z2", "Z3", "Z4", "Z5a", "Z5b", "Z5c"]
    # LTHR 165: Z5a starts at 165 bpm; the second part climbs linearly from 145 to 165 bpm and
    # reaches 165 only at its last sample.
    assert zones["Z5a"] == 1.0


# --- a run ----------------------------------------------------------------------------------


def test_run_pace_metrics_known_answers() -> None:
    metrics = compute_activity_metrics(run(), FULL_PROFILE)
    pattern = np.array([2.0] * 15 + [4.0] * 15)
    speed = np.concatenate([np.tile(pattern, 60), np.tile(pattern + 1.0, 60)])
    ngs = normalized_graded_speed_m_s(speed)  # flat: grade-adjusted speed = speed
    assert ngs is not None
    assert metrics["ngp_s_per_km"] == pytest.approx(1000.0 / ngs)
    # Average pace = moving time / distance: 3600 s / 12.6 km = 285.71 s/km.
    assert metrics["pace_avg_s_per_km"] == pytest.approx(3600 / 12.6)
    # rTSS = 3571 s / 3600 x (NGS / threshold speed)^2 x 100, threshold 270 s/km = 3.7037 m/s.
    intensity = ngs / (1000.0 / 270.0)
    assert metrics["rtss"] == pytest.approx(3571 / 3600 * intensity**2 * 100)
    assert "pace_zone_time_s" in metrics
    for key in ("np_w", "tss", "if", "power_avg_w"):
        assert key not in metrics
    assert load_for_day(metrics) == (metrics["rtss"], "rtss")


def test_smart_recording_gives_nearly_the_same_run() -> None:
    full = compute_activity_metrics(run(), FULL_PROFILE)
    smart = compute_activity_metrics(run(smart_recording=True), FULL_PROFILE)
    assert smart["moving_time_s"] == full["moving_time_s"]  # 2 s gaps are bridged, not pauses
    assert smart["hr_avg_bpm"] == pytest.approx(full["hr_avg_bpm"], rel=1e-3)
    assert smart["ngp_s_per_km"] == pytest.approx(full["ngp_s_per_km"], rel=0.02)


# --- heart rate only, and nothing at all ----------------------------------------------------


def test_hr_only_activity_loads_by_hrtss_then_trimp() -> None:
    metrics = compute_activity_metrics(hr_only(), FULL_PROFILE)
    assert load_for_day(metrics) == (metrics["hrtss"], "hrtss")
    assert "moving_time_s" not in metrics  # no speed, cadence or power to tell
    unknown_sex = AthleteProfile(name="x", hr_rest_bpm=50, hr_max_bpm=190, lthr_bpm=165)
    metrics = compute_activity_metrics(hr_only(), unknown_sex)
    assert "trimp_banister" not in metrics and "hrtss" not in metrics
    assert load_for_day(metrics) == (metrics["trimp_edwards"], "trimp_edwards")


def test_short_activity_has_no_decoupling() -> None:
    # 25 minutes: after the 10-minute warm-up only 15 minutes remain, under the 20 required.
    assert "decoupling_pct" not in compute_activity_metrics(hr_only(25), FULL_PROFILE)


def test_activity_without_streams_keeps_only_device_totals() -> None:
    activity = Activity(
        sport=Sport.RUNNING,
        start_time=START,
        source_format="test",
        elapsed_s=1800.0,
        distance_m=5000.0,
    )
    assert compute_activity_metrics(activity, FULL_PROFILE) == {
        "duration_s": 1800.0,
        "distance_m": 5000.0,
    }


def test_zero_device_distance_is_absent() -> None:
    activity = ride()
    activity.distance_m = 0.0
    del activity.streams[StreamChannel.DISTANCE_M]
    assert "distance_m" not in compute_activity_metrics(activity, FULL_PROFILE)


def test_load_for_day_preference_order() -> None:
    metrics: dict[str, float | dict[str, float]] = {
        "trimp_edwards": 90.0,
        "trimp_banister": 70.0,
        "hrtss": 60.0,
        "rtss": 55.0,
        "tss": 50.0,
    }
    expected = ["tss", "rtss", "hrtss", "trimp_banister", "trimp_edwards"]
    for source in expected:
        value = metrics[source]
        assert load_for_day(metrics) == (value, source)
        del metrics[source]
    assert load_for_day(metrics) is None
    assert load_for_day({"hr_zone_time_s": {"Z1": 60.0}}) is None


# --- real device files ----------------------------------------------------------------------

DEVICE_FILES = [
    "activities/2020-06-01-16-52-40.fit",  # Garmin Edge 1000: a 32 s pause, coasting zeros
    "activities/6449921903_ACTIVITY.fit",  # Garmin fr935 indoor ride: two pauses
    "fit/elemnt-bolt-no-application-id-inside-developer-data-id.fit",  # Wahoo: power drop-outs
]


@pytest.mark.parametrize("name", DEVICE_FILES)
def test_np_if_tss_agree_with_the_device(shared_data: Path, name: str) -> None:
    path = shared_data / name
    with path.open("rb") as stream:
        activity = read_fit(stream, name).activities[0]
    device = activity.device_summary
    ftp_w = device["threshold_power"]
    assert isinstance(ftp_w, int)
    profile = AthleteProfile(name="device", ftp_w=ftp_w)
    metrics = compute_activity_metrics(activity, profile)
    np_w, if_, tss = metrics["np_w"], metrics["if"], metrics["tss"]
    assert isinstance(np_w, float) and isinstance(if_, float) and isinstance(tss, float)
    device_np = float(device["normalized_power"])  # type: ignore[arg-type]
    device_if = float(device["intensity_factor"])  # type: ignore[arg-type]
    device_tss = float(device["training_stress_score"])  # type: ignore[arg-type]
    assert np_w == pytest.approx(device_np, rel=0.015)
    assert if_ == pytest.approx(device_if, rel=0.015)
    # The device stores TSS to 0.1 and these rides score 1-1.5, so its rounding alone is up to
    # 5 %: allow half a unit of rounding plus 3.5 % (TSS ~ NP^2, so 1.5 % on NP is 3 %, and one
    # second in the ~100-s count is 1 %, of which 0.5 % remains after rounding).
    assert abs(tss - device_tss) <= 0.05 + 0.035 * device_tss
