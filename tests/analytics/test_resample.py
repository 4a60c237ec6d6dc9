"""The 1 Hz grid: smart-recording gaps are bridged, pauses stay missing, zones count seconds."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.resample import (
    DEFAULT_MAX_GAP_S,
    Zone,
    coasting_power_w,
    grid_time_s,
    present,
    recording_mask,
    resample_1hz,
    time_in_zones_s,
)


def test_grid_covers_whole_seconds_from_first_to_last_sample() -> None:
    assert grid_time_s(np.array([0.4, 2.0, 5.7])).tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert grid_time_s(np.array([np.nan])).size == 0


def test_short_gaps_are_interpolated_linearly() -> None:
    # Smart recording: records at 0, 3 and 4 s; seconds 1 and 2 lie on the line 100 -> 160.
    resampled = resample_1hz(np.array([0.0, 3.0, 4.0]), np.array([100.0, 160.0, 150.0]))
    assert resampled.tolist() == [100.0, 120.0, 140.0, 160.0, 150.0]


def test_gap_longer_than_threshold_is_a_pause_left_missing() -> None:
    time_s = np.array([0.0, 1.0, 2.0, 40.0, 41.0])
    resampled = resample_1hz(time_s, np.array([200.0, 210.0, 220.0, 0.0, 180.0]))
    assert resampled.size == 42
    assert resampled[:3].tolist() == [200.0, 210.0, 220.0]
    assert np.isnan(resampled[3:40]).all()  # never filled with zero power
    assert resampled[40:].tolist() == [0.0, 180.0]


def test_gap_of_exactly_the_threshold_is_bridged() -> None:
    gap = DEFAULT_MAX_GAP_S
    resampled = resample_1hz(np.array([0.0, gap]), np.array([0.0, 2 * gap]))
    assert np.isfinite(resampled).all()
    assert resampled[1] == pytest.approx(2.0)


def test_missing_values_count_as_no_sample_and_duplicates_keep_the_first() -> None:
    time_s = np.array([0.0, 1.0, 1.0, 2.0, 3.0])
    values = np.array([10.0, 20.0, 99.0, np.nan, 40.0])
    assert resample_1hz(time_s, values).tolist() == [10.0, 20.0, 30.0, 40.0]


def test_unsorted_samples_are_placed_by_time() -> None:
    resampled = resample_1hz(np.array([2.0, 0.0, 1.0]), np.array([3.0, 1.0, 2.0]))
    assert resampled.tolist() == [1.0, 2.0, 3.0]


def test_channel_without_values_is_all_missing() -> None:
    resampled = resample_1hz(np.array([0.0, 1.0]), np.array([np.nan, np.nan]))
    assert resampled.size == 2 and np.isnan(resampled).all()


def test_mismatched_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="samples"):
        resample_1hz(np.array([0.0, 1.0]), np.array([1.0]))


def test_recording_mask_marks_pauses() -> None:
    mask = recording_mask(np.array([0.0, 1.0, 30.0, 31.0]))
    assert mask.tolist() == [True, True] + [False] * 28 + [True, True]


def test_coasting_power_is_zero_only_when_cadence_is_zero() -> None:
    power = np.array([250.0, np.nan, np.nan, np.nan, 0.0])
    cadence = np.array([90.0, 0.0, 85.0, np.nan, 0.0])
    result = coasting_power_w(power, cadence)
    assert result[:2].tolist() == [250.0, 0.0]
    assert np.isnan(result[2]) and np.isnan(result[3])  # pedalling or unknown: still missing
    assert result[4] == 0.0


def test_time_in_zones_counts_seconds_and_skips_missing() -> None:
    zones = [
        Zone("low", -math.inf, 100.0),
        Zone("mid", 100.0, 200.0),
        Zone("high", 200.0, math.inf),
    ]
    values = np.array([50.0, 100.0, 150.0, np.nan, 199.9, 200.0, 400.0, 120.0])
    assert time_in_zones_s(values, zones) == {"low": 1.0, "mid": 4.0, "high": 2.0}


def test_present_drops_missing_samples() -> None:
    assert present(np.array([1.0, np.nan, 3.0])).tolist() == [1.0, 3.0]


def reference_resample(time_s: np.ndarray, values: np.ndarray, max_gap_s: float) -> np.ndarray:
    """One grid second at a time: the sample on it, else the line between the samples around
    it when they are at most ``max_gap_s`` apart, else missing."""
    keep = np.isfinite(values)
    t, v = time_s[keep], values[keep]
    t, first = np.unique(t, return_index=True)
    v = v[first]
    result = []
    for second in grid_time_s(time_s):
        after = int(np.searchsorted(t, second))
        if after < t.size and t[after] == second:
            result.append(v[after])
        elif 0 < after < t.size and t[after] - t[after - 1] <= max_gap_s:
            share = (second - t[after - 1]) / (t[after] - t[after - 1])
            result.append(v[after - 1] + share * (v[after] - v[after - 1]))
        else:
            result.append(np.nan)
    return np.array(result)


@pytest.mark.parametrize("seed", range(5))
def test_resample_matches_a_second_by_second_reference(seed: int) -> None:
    rng = np.random.default_rng(seed)
    steps = rng.choice([0.0, 0.5, 1.0, 1.0, 2.0, 3.7, 9.0, 12.0, 40.0], size=300)
    time_s = np.cumsum(steps) + rng.uniform(0, 1)
    values = rng.normal(200.0, 50.0, size=300)
    values[rng.random(300) < 0.05] = np.nan
    expected = reference_resample(time_s, values, DEFAULT_MAX_GAP_S)
    np.testing.assert_allclose(resample_1hz(time_s, values), expected, rtol=1e-12)
