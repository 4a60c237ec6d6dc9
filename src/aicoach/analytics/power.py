"""Cycling power metrics of one activity: NP, IF, TSS, mean-maximal power, W' balance, EF.

Inputs are 1 Hz series (see ``aicoach.analytics.resample``) with ``NaN`` for missing seconds.

Sources:

- Normalized Power, Intensity Factor, Training Stress Score and the power zones: Coggan, as
  published in Allen & Coggan, *Training and Racing with a Power Meter* (2nd ed. 2010, ch. 7):
  NP = 4th root of the mean of the 4th powers of the 30 s rolling average of power;
  IF = NP / FTP; TSS = (s x NP x IF) / (FTP x 3600) x 100, so one hour at FTP is 100.
- W' balance: Skiba, Chidnok, Vanhatalo & Jones (2012), "Modeling the expenditure and
  reconstitution of work capacity above critical power", Med Sci Sports Exerc 44:1526-1532
  (integral form, tau = 546 e^(-0.01 D_CP) + 316 s); Skiba, Fulford, Clarke, Jones & Noakes
  (2015), "Intramuscular determinants of the ability to recover work capacity above critical
  power", Eur J Appl Physiol 115:703-713, with the closed form derived by Froncioni and
  Clarke (differential form).
- Efficiency factor: Friel (TrainingPeaks, "Aerobic endurance and decoupling", 2009): NP
  divided by average heart rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from aicoach.analytics.resample import Zone, as_float_array, present
from aicoach.domain.activity import FloatArray
from aicoach.errors import DataError
from aicoach.units import SECONDS_PER_HOUR

NP_WINDOW_S = 30
"""Coggan's rolling-average window for Normalized Power, in 1 Hz samples."""

DEFAULT_MEAN_MAX_DURATIONS_S: tuple[int, ...] = (
    1, 2, 3, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 360, 480, 600, 720, 900,
    1200, 1500, 1800, 2400, 2700, 3600, 4500, 5400, 7200, 9000, 10800, 14400, 18000,
)  # fmt: skip
"""Durations of the mean-maximal curve: 1 s to 5 h."""

COGGAN_POWER_ZONES_FTP: tuple[tuple[str, float, float], ...] = (
    ("Z1", 0.0, 0.55),
    ("Z2", 0.55, 0.75),
    ("Z3", 0.75, 0.90),
    ("Z4", 0.90, 1.05),
    ("Z5", 1.05, 1.20),
    ("Z6", 1.20, 1.50),
    ("Z7", 1.50, math.inf),
)
"""Coggan's seven levels as fractions of FTP (Allen & Coggan 2010): active recovery < 55 %,
endurance 56-75 %, tempo 76-90 %, lactate threshold 91-105 %, VO2max 106-120 %, anaerobic
capacity 121-150 %, neuromuscular > 150 %; here each level starts where the one below ends."""

SKIBA_TAU_A_S = 546.0
SKIBA_TAU_K_PER_W = 0.01
SKIBA_TAU_C_S = 316.0
_MAX_BLOCK_LOG = 600.0
"""Largest ``-log`` of a decay product inside one block of the recurrence (e^600 < 1e261)."""


def _require_positive(value: float, name: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise DataError(f"{name} must be a positive number, got {value}", field=name)


def rolling_mean(values_1hz: npt.ArrayLike, window_s: int) -> FloatArray:
    """Mean of every full window of ``window_s`` consecutive samples (length n - window + 1),
    by cumulative sums. ``values_1hz`` must hold no ``NaN`` (use ``resample.present``)."""
    values = as_float_array(values_1hz)
    if window_s < 1:
        raise ValueError(f"window_s must be at least 1, got {window_s}")
    if values.size < window_s:
        return np.empty(0, dtype=np.float64)
    sums = np.concatenate(([0.0], np.cumsum(values)))
    means: FloatArray = (sums[window_s:] - sums[:-window_s]) / window_s
    return means


def fourth_power_mean(values: npt.ArrayLike) -> float | None:
    """4th root of the mean of the 4th powers (the 'normalized' mean); ``None`` when empty."""
    array = as_float_array(values)
    if array.size == 0:
        return None
    return float(np.mean(array**4) ** 0.25)


def normalized_power_w(power_w_1hz: npt.ArrayLike) -> float | None:
    """Coggan's Normalized Power: 30 s rolling mean, mean of 4th powers, 4th root.

    Missing seconds (pauses, drop-outs) are left out and the rest joined, as head units whose
    timer stops during a pause do; zeros (coasting) count. Only full 30 s windows are used
    (Garmin and Wahoo head units do the same; partial windows at the start would pull NP down).
    ``None`` with fewer than 30 seconds of power.
    """
    return fourth_power_mean(rolling_mean(present(power_w_1hz), NP_WINDOW_S))


def normalized_duration_s(values_1hz: npt.ArrayLike) -> float:
    """Seconds a normalized value averages over: one per full 30 s window of the present
    samples (n - 29). Head units use this as the ``s`` of TSS (see ``training_stress_score``)."""
    return float(max(present(values_1hz).size - NP_WINDOW_S + 1, 0))


def intensity_factor(np_w: float, ftp_w: float) -> float:
    """Coggan's Intensity Factor: NP / FTP (1.0 = an effort at threshold)."""
    _require_positive(ftp_w, "ftp_w")
    return np_w / ftp_w


def training_stress_score(duration_s: float, np_w: float, ftp_w: float) -> float:
    """Coggan's TSS = (s x NP x IF) / (FTP x 3600) x 100; one hour at FTP scores 100.

    Example (Allen & Coggan 2010): 2 h with NP 255 W at FTP 300 W gives IF 0.85, TSS 144.5.
    For an activity, ``compute_activity_metrics`` passes ``normalized_duration_s`` as ``s``,
    the seconds NP averages over, which matches what Garmin and Wahoo head units store (their
    files in ``../shared``); it is 29 s shorter than the recorded time (0.8 % of an hour).
    """
    _require_positive(ftp_w, "ftp_w")
    return duration_s * np_w * intensity_factor(np_w, ftp_w) / (ftp_w * SECONDS_PER_HOUR) * 100.0


def efficiency_factor(np_w: float, hr_avg_bpm: float) -> float:
    """Friel's efficiency factor: NP divided by average heart rate (W per bpm)."""
    _require_positive(hr_avg_bpm, "hr_avg_bpm")
    return np_w / hr_avg_bpm


def coggan_power_zones(ftp_w: float) -> list[Zone]:
    """Coggan's seven power levels in watts for this FTP (see ``COGGAN_POWER_ZONES_FTP``)."""
    _require_positive(ftp_w, "ftp_w")
    return [Zone(name, low * ftp_w, high * ftp_w) for name, low, high in COGGAN_POWER_ZONES_FTP]


def mean_maximal(
    values_1hz: npt.ArrayLike, durations_s: Sequence[int] = DEFAULT_MEAN_MAX_DURATIONS_S
) -> dict[int, float]:
    """Best mean of any ``d`` consecutive seconds, for each duration ``d``.

    A window that spans a missing second (pause or drop-out) does not count: a best effort is
    continuous. Durations longer than any gap-free stretch are absent from the result. Each
    duration costs one vectorised pass over cumulative sums (O(n) per duration).
    """
    values = as_float_array(values_1hz)
    missing = ~np.isfinite(values)
    sums = np.concatenate(([0.0], np.cumsum(np.where(missing, 0.0, values))))
    gaps = np.concatenate(([0], np.cumsum(missing)))
    best: dict[int, float] = {}
    for duration in durations_s:
        if duration < 1 or duration > values.size:
            continue
        window_sums = sums[duration:] - sums[:-duration]
        complete = (gaps[duration:] - gaps[:-duration]) == 0
        if complete.any():
            best[int(duration)] = float(window_sums[complete].max() / duration)
    return best


def mean_maximal_power_w(
    power_w_1hz: npt.ArrayLike, durations_s: Sequence[int] = DEFAULT_MEAN_MAX_DURATIONS_S
) -> dict[int, float]:
    """Mean-maximal power curve: best average power (W) for each duration (s)."""
    return mean_maximal(power_w_1hz, durations_s)


def skiba_tau_s(dcp_w: float) -> float:
    """Skiba 2012 time constant of W' reconstitution: tau = 546 e^(-0.01 D_CP) + 316 s, where
    D_CP is CP minus the average power of the recovery (below-CP) samples."""
    return SKIBA_TAU_A_S * math.exp(-SKIBA_TAU_K_PER_W * dcp_w) + SKIBA_TAU_C_S


def recovery_power_deficit_w(power_w_1hz: npt.ArrayLike, cp_w: float) -> float:
    """Skiba 2012's D_CP: CP minus the mean of the samples below CP (zeros included).

    Without any sample below CP there is no recovery to average; D_CP is then taken as CP
    (recovery at 0 W), which gives the smallest tau the model allows.
    """
    power = present(power_w_1hz)
    below = power[power < cp_w]
    return cp_w - float(below.mean()) if below.size else cp_w


def w_prime_balance_integral_j(
    power_w_1hz: npt.ArrayLike, cp_w: float, w_prime_j: float, *, tau_s: float | None = None
) -> FloatArray:
    """W' balance by Skiba 2012's integral: W'bal(t) = W' - sum over u <= t of
    W'exp(u) e^(-(t - u)/tau), with W'exp(u) = max(P(u) - CP, 0) x 1 s.

    ``tau_s`` defaults to ``skiba_tau_s(recovery_power_deficit_w(power, CP))``. Note that the
    integral form recovers W' all the time, even during work above CP. A missing second
    (pause) counts as rest at 0 W: time passes and W' recovers, as it does in a real stop.
    """
    _require_positive(cp_w, "cp_w")
    _require_positive(w_prime_j, "w_prime_j")
    power = np.nan_to_num(as_float_array(power_w_1hz), nan=0.0)
    tau = skiba_tau_s(recovery_power_deficit_w(power, cp_w)) if tau_s is None else tau_s
    _require_positive(tau, "tau_s")
    expended = np.maximum(power - cp_w, 0.0)
    decay_log = np.full(power.size, -1.0 / tau)
    return w_prime_j - _affine_scan(decay_log, expended)


def w_prime_balance_differential_j(
    power_w_1hz: npt.ArrayLike, cp_w: float, w_prime_j: float
) -> FloatArray:
    """W' balance by the differential form (Skiba 2015; Froncioni & Clarke's closed form).

    Above CP, W' falls by (P - CP) each second, so a constant effort above CP depletes it
    linearly: W'bal(t) = W' - (P - CP) t. Below CP the deficit W' - W'bal decays with
    e^(-(CP - P) t / W'). The balance may go below 0 when CP or W' is set too low. A missing
    second (pause) counts as rest at 0 W.
    """
    _require_positive(cp_w, "cp_w")
    _require_positive(w_prime_j, "w_prime_j")
    power = np.nan_to_num(as_float_array(power_w_1hz), nan=0.0)
    above = power >= cp_w
    decay_log = np.where(above, 0.0, -(cp_w - power) / w_prime_j)
    expended = np.where(above, power - cp_w, 0.0)
    return w_prime_j - _affine_scan(decay_log, expended)


def _affine_scan(decay_log: FloatArray, increment: FloatArray) -> FloatArray:
    """x_n = e^(decay_log_n) x_(n-1) + increment_n with x_(-1) = 0, without a Python loop
    over samples: x_n = e^(L_n) (x_start + sum_k increment_k e^(-L_k)), L = cumsum(decay_log),
    in blocks short enough that e^(-L) cannot overflow. ``decay_log`` <= 0, increments >= 0."""
    steps = np.maximum(decay_log, -_MAX_BLOCK_LOG)
    cumulative = np.cumsum(steps)
    result = np.empty(steps.size, dtype=np.float64)
    start, carry = 0, 0.0
    while start < steps.size:
        base = float(cumulative[start - 1]) if start else 0.0
        stop = int(np.searchsorted(-cumulative, _MAX_BLOCK_LOG - base, side="right"))
        stop = max(stop, start + 1)
        logs = cumulative[start:stop] - base
        block = np.exp(logs) * (carry + np.cumsum(increment[start:stop] * np.exp(-logs)))
        result[start:stop] = block
        carry, start = float(block[-1]), stop
    return result
