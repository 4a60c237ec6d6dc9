"""Heart-rate metrics of one activity: zones, TRIMP, hrTSS, aerobic decoupling.

Inputs are 1 Hz series (see ``aicoach.analytics.resample``) with ``NaN`` for missing seconds;
missing seconds count nowhere (no zone, no TRIMP).

Sources:

- Heart-rate reserve zones: Karvonen, Kentala & Mustala (1957), "The effects of training on
  heart rate", Ann Med Exp Biol Fenn 35:307-315: a target is HRrest + fraction x (HRmax -
  HRrest); zones are bands of 10 % of the reserve from 50 % up.
- Lactate-threshold zones: Friel, *The Cyclist's Training Bible* / *The Triathlete's Training
  Bible* ("Quick guide to setting zones", 2009): bands of % LTHR, different for bike and run.
- Banister TRIMP: Banister (1991), "Modeling elite athletic performance", in *Physiological
  Testing of Elite Athletes*; Morton, Fitz-Clarke & Banister (1990), "Modeling human
  performance in running", J Appl Physiol 69:1171-1177: TRIMP = sum of minutes x dHR x
  0.64 e^(b dHR), dHR = (HR - HRrest) / (HRmax - HRrest), b = 1.92 (men), 1.67 (women).
- Edwards TRIMP: Edwards (1993), *The Heart Rate Monitor Book*: minutes in the zones 50-60,
  60-70, 70-80, 80-90 and 90-100 % HRmax weighted 1 to 5.
- hrTSS: TrainingPeaks' heart-rate TSS scales TRIMP so that one hour at LTHR scores 100
  (Coggan's TSS anchor): hrTSS = 100 x TRIMP / TRIMP(one hour at LTHR).
- Aerobic decoupling (Pw:HR, Pa:HR): Friel (TrainingPeaks, "Aerobic endurance and
  decoupling", 2009): compare output / HR of the first half with the second half.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import assert_never

import numpy as np
import numpy.typing as npt

from aicoach.analytics.power import NP_WINDOW_S, fourth_power_mean, rolling_mean
from aicoach.analytics.resample import Zone, as_float_array, present
from aicoach.domain.athlete import Sex
from aicoach.errors import DataError
from aicoach.units import SECONDS_PER_MINUTE

BANISTER_WEIGHT = 0.64
BANISTER_SEX_EXPONENT: dict[Sex, float] = {Sex.MALE: 1.92, Sex.FEMALE: 1.67}
"""Banister's b: the exponent of the lactate-like weighting, by sex (Morton et al. 1990)."""

EDWARDS_ZONES_HRMAX: tuple[tuple[float, int], ...] = (
    (0.5, 1),
    (0.6, 2),
    (0.7, 3),
    (0.8, 4),
    (0.9, 5),
)
"""(lower bound as a fraction of HRmax, weight) for Edwards' five zones; the top zone has no
upper bound (a reading above HRmax still weighs 5); below 50 % weighs 0."""

KARVONEN_ZONES_HRR: tuple[tuple[str, float, float], ...] = (
    ("Z0", -math.inf, 0.5),
    ("Z1", 0.5, 0.6),
    ("Z2", 0.6, 0.7),
    ("Z3", 0.7, 0.8),
    ("Z4", 0.8, 0.9),
    ("Z5", 0.9, math.inf),
)
"""Heart-rate reserve bands; Z0 is below 50 % HRR (below any training zone)."""


class FrielSport(StrEnum):
    """Friel's LTHR zones differ for cycling and running."""

    BIKE = "bike"
    RUN = "run"


FRIEL_ZONES_LTHR: dict[FrielSport, tuple[tuple[str, float, float], ...]] = {
    FrielSport.BIKE: (
        ("Z1", -math.inf, 0.81),
        ("Z2", 0.81, 0.90),
        ("Z3", 0.90, 0.94),
        ("Z4", 0.94, 1.00),
        ("Z5a", 1.00, 1.03),
        ("Z5b", 1.03, 1.07),
        ("Z5c", 1.07, math.inf),
    ),
    FrielSport.RUN: (
        ("Z1", -math.inf, 0.85),
        ("Z2", 0.85, 0.90),
        ("Z3", 0.90, 0.95),
        ("Z4", 0.95, 1.00),
        ("Z5a", 1.00, 1.03),
        ("Z5b", 1.03, 1.07),
        ("Z5c", 1.07, math.inf),
    ),
}
"""Friel's % LTHR bands. Bike: Z1 < 81, Z2 81-89, Z3 90-93, Z4 94-99, Z5a 100-102, Z5b
103-106, Z5c > 106 %. Run: Z1 < 85, Z2 85-89, Z3 90-94, Z4 95-99, Z5a 100-102, Z5b 103-106,
Z5c > 106 %. Here each band starts where the one below ends (Z2 bike = [81 %, 90 %))."""


def _require_hr_range(hr_rest_bpm: float, hr_max_bpm: float) -> None:
    if not (math.isfinite(hr_rest_bpm) and math.isfinite(hr_max_bpm) and hr_rest_bpm > 0):
        raise DataError(f"heart rates must be positive, got {hr_rest_bpm}, {hr_max_bpm}")
    if hr_max_bpm <= hr_rest_bpm:
        raise DataError(
            f"hr_max_bpm ({hr_max_bpm}) must be above hr_rest_bpm ({hr_rest_bpm})",
            field="hr_max_bpm",
        )


def karvonen_target_bpm(hr_rest_bpm: float, hr_max_bpm: float, fraction_hrr: float) -> float:
    """Karvonen's target heart rate: HRrest + fraction x (HRmax - HRrest)."""
    return hr_rest_bpm + fraction_hrr * (hr_max_bpm - hr_rest_bpm)


def karvonen_zones(hr_rest_bpm: float, hr_max_bpm: float) -> list[Zone]:
    """Heart-rate reserve zones in bpm (see ``KARVONEN_ZONES_HRR``)."""
    _require_hr_range(hr_rest_bpm, hr_max_bpm)

    def bound(fraction: float) -> float:
        if math.isinf(fraction):
            return fraction
        return karvonen_target_bpm(hr_rest_bpm, hr_max_bpm, fraction)

    return [Zone(name, bound(low), bound(high)) for name, low, high in KARVONEN_ZONES_HRR]


def friel_lthr_zones(lthr_bpm: float, sport: FrielSport) -> list[Zone]:
    """Friel's lactate-threshold heart-rate zones in bpm for bike or run."""
    if not (math.isfinite(lthr_bpm) and lthr_bpm > 0):
        raise DataError(f"lthr_bpm must be positive, got {lthr_bpm}", field="lthr_bpm")
    match sport:
        case FrielSport.BIKE | FrielSport.RUN:
            bands = FRIEL_ZONES_LTHR[sport]
        case _:
            assert_never(sport)
    return [Zone(name, low * lthr_bpm, high * lthr_bpm) for name, low, high in bands]


def heart_rate_reserve_fraction(
    hr_bpm: npt.ArrayLike, hr_rest_bpm: float, hr_max_bpm: float
) -> npt.NDArray[np.float64]:
    """Banister's dHR ratio (HR - HRrest) / (HRmax - HRrest); below rest counts as 0."""
    _require_hr_range(hr_rest_bpm, hr_max_bpm)
    hr = as_float_array(hr_bpm)
    ratio: npt.NDArray[np.float64] = np.maximum(
        (hr - hr_rest_bpm) / (hr_max_bpm - hr_rest_bpm), 0.0
    )
    return ratio


def banister_trimp(
    hr_bpm_1hz: npt.ArrayLike, hr_rest_bpm: float, hr_max_bpm: float, sex: Sex
) -> float:
    """Banister's TRIMP summed second by second: sum of (1/60 min) x dHR x 0.64 e^(b dHR).

    Per-second summing weights hard minutes more than the average-HR form does (the weight is
    convex in dHR), so intervals score higher than a steady effort with the same mean HR.
    """
    ratio = heart_rate_reserve_fraction(present(hr_bpm_1hz), hr_rest_bpm, hr_max_bpm)
    b = BANISTER_SEX_EXPONENT[sex]
    per_minute = ratio * BANISTER_WEIGHT * np.exp(b * ratio)
    return float(per_minute.sum() / SECONDS_PER_MINUTE)


def banister_trimp_from_average(
    duration_min: float, hr_avg_bpm: float, hr_rest_bpm: float, hr_max_bpm: float, sex: Sex
) -> float:
    """Banister's TRIMP from a duration and an average HR: minutes x dHR x 0.64 e^(b dHR).

    Worked example: 30 min at 160 bpm, rest 60, max 200, male: dHR = 100/140 = 0.714,
    TRIMP = 30 x 0.714 x 0.64 x e^(1.92 x 0.714) = 54.05.
    """
    ratio = float(heart_rate_reserve_fraction(np.array([hr_avg_bpm]), hr_rest_bpm, hr_max_bpm)[0])
    return duration_min * ratio * BANISTER_WEIGHT * math.exp(BANISTER_SEX_EXPONENT[sex] * ratio)


def edwards_trimp(hr_bpm_1hz: npt.ArrayLike, hr_max_bpm: float) -> float:
    """Edwards' summated-zone TRIMP: minutes in each %HRmax zone times its weight (1-5)."""
    if not (math.isfinite(hr_max_bpm) and hr_max_bpm > 0):
        raise DataError(f"hr_max_bpm must be positive, got {hr_max_bpm}", field="hr_max_bpm")
    fraction = present(hr_bpm_1hz) / hr_max_bpm
    bounds = np.array([low for low, _ in EDWARDS_ZONES_HRMAX])
    weights = np.array([0] + [weight for _, weight in EDWARDS_ZONES_HRMAX], dtype=np.float64)
    return float(weights[np.searchsorted(bounds, fraction, side="right")].sum()) / (
        SECONDS_PER_MINUTE
    )


def banister_trimp_hour_at_lthr(
    lthr_bpm: float, hr_rest_bpm: float, hr_max_bpm: float, sex: Sex
) -> float:
    """Banister TRIMP of one hour at lactate-threshold heart rate: hrTSS's 100 points."""
    return banister_trimp_from_average(60.0, lthr_bpm, hr_rest_bpm, hr_max_bpm, sex)


def hr_training_stress_score(trimp: float, trimp_hour_at_lthr: float) -> float:
    """hrTSS = 100 x TRIMP / TRIMP of one hour at LTHR (TrainingPeaks' heart-rate TSS)."""
    if not (math.isfinite(trimp_hour_at_lthr) and trimp_hour_at_lthr > 0):
        raise DataError(
            f"TRIMP of an hour at LTHR must be positive, got {trimp_hour_at_lthr} "
            "(is LTHR above resting HR?)",
            field="lthr_bpm",
        )
    return 100.0 * trimp / trimp_hour_at_lthr


def aerobic_decoupling_pct(output_1hz: npt.ArrayLike, hr_bpm_1hz: npt.ArrayLike) -> float | None:
    """Friel's aerobic decoupling in %: (EF1 - EF2) / EF1 x 100 for the two halves.

    ``output_1hz`` is power (Pw:HR) or speed (Pa:HR) over the steady portion. Seconds where
    either series is missing are left out; the rest is split into two halves of equal time.
    Each half's efficiency is its normalized output (30 s rolling mean, 4th-power mean: NP for
    power, normalized graded pace for speed, as TrainingPeaks does) over its mean HR. Positive
    values mean HR drifted up against output (under 5 % is Friel's mark of aerobic
    endurance). ``None`` when a half has less than 30 s or no heart rate.
    """
    output, hr = as_float_array(output_1hz), as_float_array(hr_bpm_1hz)
    if output.shape != hr.shape:
        raise ValueError(f"output has {output.size} samples but hr_bpm has {hr.size}")
    paired = np.isfinite(output) & np.isfinite(hr)
    output, hr = output[paired], hr[paired]
    half = output.size // 2
    first = _half_efficiency(output[:half], hr[:half])
    second = _half_efficiency(output[half : 2 * half], hr[half : 2 * half])
    if first is None or second is None or first == 0:
        return None
    return (first - second) / first * 100.0


def _half_efficiency(output: npt.NDArray[np.float64], hr: npt.NDArray[np.float64]) -> float | None:
    normalized = fourth_power_mean(rolling_mean(output, NP_WINDOW_S))
    hr_avg = float(hr.mean()) if hr.size else 0.0
    if normalized is None or hr_avg <= 0:
        return None
    return normalized / hr_avg
