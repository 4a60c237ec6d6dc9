"""Power metrics against worked examples and hand-computed known answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.power import (
    coggan_power_zones,
    efficiency_factor,
    intensity_factor,
    mean_maximal_power_w,
    normalized_duration_s,
    normalized_power_w,
    recovery_power_deficit_w,
    rolling_mean,
    skiba_tau_s,
    training_stress_score,
    w_prime_balance_differential_j,
    w_prime_balance_integral_j,
)
from aicoach.analytics.resample import time_in_zones_s
from aicoach.errors import DataError


def two_level_ride(first_s: int = 1800, second_s: int = 1800) -> np.ndarray:
    """30 s pattern [0 W x 15, 300 W x 15] (mean 150 W), then the same pattern + 150 W
    ([150 x 15, 450 x 15], mean 300 W), in phase. Every full 30 s window inside a part has that
    part's mean; the window that has j seconds of the second part has mean 150 + 5 j W."""
    pattern = np.array([0.0] * 15 + [300.0] * 15)
    return np.concatenate(
        [np.tile(pattern, first_s // 30), np.tile(pattern + 150.0, second_s // 30)]
    )


def two_level_np(first_s: int = 1800, second_s: int = 1800) -> float:
    """NP of ``two_level_ride`` by hand: (first_s - 29) windows at 150 W, 29 transition windows
    at 150 + 5 j W (j = 1..29), (second_s - 29) windows at 300 W."""
    transition = sum((150.0 + 5.0 * j) ** 4 for j in range(1, 30))
    total = (first_s - 29) * 150.0**4 + transition + (second_s - 29) * 300.0**4
    return float((total / (first_s + second_s - 29)) ** 0.25)


# --- NP, IF, TSS ---------------------------------------------------------------------------


def test_book_example_np_255_ftp_300_two_hours() -> None:
    # Allen & Coggan: IF = 255/300 = 0.85; TSS = 7200 x 255 x 0.85 / (300 x 3600) x 100
    # = 1,560,600 / 1,080,000 x 100 = 144.5.
    assert intensity_factor(255.0, 300.0) == pytest.approx(0.85)
    assert training_stress_score(7200.0, 255.0, 300.0) == pytest.approx(144.5)


def test_one_hour_at_ftp_is_if_1_and_tss_100() -> None:
    assert intensity_factor(280.0, 280.0) == 1.0
    assert training_stress_score(3600.0, 280.0, 280.0) == pytest.approx(100.0)


def test_tss_grows_with_the_square_of_intensity() -> None:
    # 1 h at IF 0.5: 3600 x 150 x 0.5 / (300 x 3600) x 100 = 25.
    assert training_stress_score(3600.0, 150.0, 300.0) == pytest.approx(25.0)


def test_normalized_power_two_level_known_answer() -> None:
    power = two_level_ride()
    expected = two_level_np()  # about 256.0 W
    assert normalized_power_w(power) == pytest.approx(expected, rel=1e-12)
    assert 255.0 < expected < 257.0
    # It is neither the average (225 W) nor the 4th-power mean of the raw samples:
    # (1/4 x (0^4 + 300^4 + 150^4 + 450^4))^(1/4) = (1.2403e10)^(1/4) = 333.72 W.
    assert float(power.mean()) == pytest.approx(225.0)
    assert float(np.mean(power**4) ** 0.25) == pytest.approx(333.72, abs=0.01)


def test_normalized_power_leaves_pauses_out_and_joins_the_rest() -> None:
    power = two_level_ride()
    paused = np.concatenate([power[:1800], np.full(600, np.nan), power[1800:]])
    assert normalized_power_w(paused) == pytest.approx(two_level_np(), rel=1e-12)
    assert normalized_duration_s(paused) == 3600 - 29


def test_normalized_power_needs_thirty_seconds() -> None:
    assert normalized_power_w(np.arange(29.0)) is None
    assert normalized_power_w(np.array([np.nan] * 100)) is None
    assert normalized_duration_s(np.arange(29.0)) == 0.0
    # 30 samples make one window whose mean is 14.5 (0..29).
    assert normalized_power_w(np.arange(30.0)) == pytest.approx(14.5)


def test_rolling_mean_uses_full_windows_only() -> None:
    assert rolling_mean(np.array([1.0, 2.0, 3.0, 4.0]), 2).tolist() == [1.5, 2.5, 3.5]
    assert rolling_mean(np.array([1.0]), 2).size == 0


def test_ftp_must_be_positive() -> None:
    with pytest.raises(DataError, match="ftp_w"):
        intensity_factor(200.0, 0.0)
    with pytest.raises(DataError, match="ftp_w"):
        training_stress_score(3600.0, 200.0, -1.0)


def test_efficiency_factor_is_np_over_average_hr() -> None:
    # 210 W NP at 140 bpm average: 210 / 140 = 1.5 W/bpm.
    assert efficiency_factor(210.0, 140.0) == pytest.approx(1.5)


def test_coggan_zones_and_time_in_zone() -> None:
    zones = coggan_power_zones(200.0)
    assert [z.name for z in zones] == ["Z1", "Z2", "Z3", "Z4", "Z5", "Z6", "Z7"]
    assert [z.low for z in zones] == pytest.approx([0.0, 110.0, 150.0, 180.0, 210.0, 240.0, 300.0])
    assert [z.high for z in zones] == pytest.approx(
        [110.0, 150.0, 180.0, 210.0, 240.0, 300.0, math.inf]
    )
    power = np.array([0.0] * 5 + [120.0] * 10 + [205.0] * 20 + [np.nan] * 3 + [650.0] * 2)
    assert time_in_zones_s(power, zones) == {
        "Z1": 5.0, "Z2": 10.0, "Z3": 0.0, "Z4": 20.0, "Z5": 0.0, "Z6": 0.0, "Z7": 2.0,
    }  # fmt: skip


# --- mean-maximal power --------------------------------------------------------------------


def test_mean_maximal_known_answer() -> None:
    # 10 min at 150 W, then 5 min at 320 W whose first 5 s are an 800 W sprint, then 60 s at 0.
    power = np.concatenate(
        [np.full(600, 150.0), np.full(5, 800.0), np.full(295, 320.0), np.zeros(60)]
    )
    curve = mean_maximal_power_w(power, [1, 5, 10, 300, 600, 960, 961])
    assert curve[1] == 800.0
    assert curve[5] == 800.0
    assert curve[10] == pytest.approx((5 * 800 + 5 * 320) / 10)  # 560 W
    assert curve[300] == pytest.approx((5 * 800 + 295 * 320) / 300)  # 328 W
    # Best 600 s: the 300 s effort plus the 300 s of 150 W before it = (44,400 + 94,400) / 600.
    assert curve[600] == pytest.approx((300 * 150 + 5 * 800 + 295 * 320) / 600)
    assert curve[960] == pytest.approx(float(power.mean()))
    assert 961 not in curve  # longer than the ride


def test_mean_maximal_windows_do_not_span_a_pause() -> None:
    power = np.concatenate([np.full(100, 300.0), [np.nan], np.full(100, 200.0)])
    curve = mean_maximal_power_w(power, [100, 150])
    assert curve[100] == 300.0
    assert 150 not in curve  # no gap-free 150 s stretch


def test_mean_maximal_matches_brute_force_on_random_data() -> None:
    rng = np.random.default_rng(7)
    power = rng.gamma(4.0, 50.0, size=700)
    power[rng.choice(700, size=10, replace=False)] = np.nan
    durations = [1, 3, 17, 30, 64, 120]
    curve = mean_maximal_power_w(power, durations)
    for duration in durations:
        windows = [power[i : i + duration] for i in range(700 - duration + 1)]
        best = max((w.mean() for w in windows if np.isfinite(w).all()), default=None)
        if best is None:
            assert duration not in curve
        else:
            assert curve[duration] == pytest.approx(best, rel=1e-9)


# --- W' balance ----------------------------------------------------------------------------


def intervals() -> np.ndarray:
    """60 s at 400 W then 120 s at 200 W (CP 300 W): 100 W above, then 100 W below CP."""
    return np.concatenate([np.full(60, 400.0), np.full(120, 200.0)])


def test_skiba_tau() -> None:
    # tau = 546 e^(-0.01 x 100) + 316 = 546 x 0.367879 + 316 = 516.86 s; at D_CP = 0: 862 s.
    assert skiba_tau_s(100.0) == pytest.approx(516.8622, abs=1e-3)
    assert skiba_tau_s(0.0) == pytest.approx(862.0)


def test_recovery_deficit_averages_samples_below_cp() -> None:
    assert recovery_power_deficit_w(intervals(), 300.0) == pytest.approx(100.0)
    assert recovery_power_deficit_w(np.full(50, 400.0), 300.0) == 300.0


def test_differential_depletes_linearly_above_cp() -> None:
    # W'bal after t s at P > CP = W' - (P - CP) t: 20,000 - 100 x 60 = 14,000 J.
    balance = w_prime_balance_differential_j(intervals(), 300.0, 20000.0)
    assert balance[0] == pytest.approx(19900.0)
    assert balance[59] == pytest.approx(14000.0)
    # Recovery: W' - (W' - 14,000) e^(-(300 - 200) x 120 / 20,000) = 20,000 - 6,000 e^(-0.6)
    # = 20,000 - 6,000 x 0.548812 = 16,707.13 J.
    assert balance[-1] == pytest.approx(16707.13, abs=0.01)


def test_integral_recovers_even_above_cp() -> None:
    # tau = 516.862 s (D_CP = 100 W), r = e^(-1/tau). After 60 s at +100 W the expended sum is
    # 100 x (1 - r^60) / (1 - r) = 5,670.32 J (not 6,000: the integral decays it meanwhile),
    # W'bal = 14,329.68 J; 120 s later it is 20,000 - 5,670.32 x r^120 = 15,504.51 J.
    balance = w_prime_balance_integral_j(intervals(), 300.0, 20000.0)
    assert balance[59] == pytest.approx(14329.68, abs=0.01)
    assert balance[-1] == pytest.approx(15504.51, abs=0.01)


def test_integral_with_given_tau_matches_closed_form() -> None:
    power = np.concatenate([np.full(30, 500.0), np.full(30, 100.0), np.full(30, 450.0)])
    tau = 300.0
    r = math.exp(-1.0 / tau)
    first = 200.0 * (1 - r**30) / (1 - r)
    expected = 20000.0 - (first * r**60 + 150.0 * (1 - r**30) / (1 - r))
    balance = w_prime_balance_integral_j(power, 300.0, 20000.0, tau_s=tau)
    assert balance[-1] == pytest.approx(expected, rel=1e-12)


def test_w_prime_balance_is_stable_over_ten_hours() -> None:
    # 10 h of 5 min at 350 W / 5 min at 100 W: no overflow, and the balance repeats each cycle.
    power = np.tile(np.concatenate([np.full(300, 350.0), np.full(300, 100.0)]), 60)
    for balance in (
        w_prime_balance_differential_j(power, 300.0, 20000.0),
        w_prime_balance_integral_j(power, 300.0, 20000.0),
    ):
        assert np.isfinite(balance).all()
        assert balance[-1] == pytest.approx(balance[-601], rel=1e-6)


def test_w_prime_balance_pause_counts_as_rest() -> None:
    with_pause = np.concatenate([np.full(60, 400.0), np.full(120, np.nan)])
    at_rest = np.concatenate([np.full(60, 400.0), np.zeros(120)])
    assert np.allclose(
        w_prime_balance_differential_j(with_pause, 300.0, 20000.0),
        w_prime_balance_differential_j(at_rest, 300.0, 20000.0),
    )


def test_w_prime_parameters_must_be_positive() -> None:
    with pytest.raises(DataError, match="w_prime_j"):
        w_prime_balance_differential_j(intervals(), 300.0, 0.0)
    with pytest.raises(DataError, match="cp_w"):
        w_prime_balance_integral_j(intervals(), -5.0, 20000.0)


def test_differential_matches_a_second_by_second_loop() -> None:
    # The vectorised recurrence against Skiba 2015 written out one second at a time.
    rng = np.random.default_rng(3)
    power = np.clip(rng.normal(280.0, 90.0, size=2000), 0.0, None)
    cp_w, w_prime_j = 290.0, 18000.0
    balance, expected = w_prime_j, []
    for watts in power:
        if watts >= cp_w:
            balance -= watts - cp_w
        else:
            balance = w_prime_j - (w_prime_j - balance) * math.exp(-(cp_w - watts) / w_prime_j)
        expected.append(balance)
    result = w_prime_balance_differential_j(power, cp_w, w_prime_j)
    np.testing.assert_allclose(result, expected, rtol=0, atol=1e-6)
