"""Race prediction: Riegel's power law and Daniels & Gilbert's VDOT, with training paces.

- Riegel (1981, "Athletic records and human endurance", American Scientist 69:285-290):
  ``T2 = T1 * (D2 / D1) ** 1.06``.
- Daniels & Gilbert (1979, *Oxygen Power*), as used in *Daniels' Running Formula*:
  the oxygen cost of running at ``v`` m/min is ``VO2 = -4.60 + 0.182258 v + 0.000104 v^2``
  (ml/kg/min), the fraction of VO2max that can be sustained for ``t`` minutes is
  ``0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)``, and
  ``VDOT = VO2 / fraction``. An equivalent performance at another distance is the time that
  gives the same VDOT (found by bisection: VDOT falls monotonically as the time grows).

The VDOT equations were fitted to races from about 1500 m to the marathon; inputs whose
duration lies outside ``VDOT_VALID_DURATION_MIN`` are refused.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from aicoach.errors import DataError
from aicoach.units import METRES_PER_KM, SECONDS_PER_MINUTE

RIEGEL_EXPONENT = 1.06
"""Riegel's (1981) fatigue exponent for running."""

MARATHON_M = 42195.0
MILE_M = 1609.344

VDOT_VALID_DURATION_MIN: tuple[float, float] = (3.0, 300.0)
"""Race durations (minutes) for which the Daniels-Gilbert equations are used."""


def riegel_time_s(
    known_time_s: float,
    known_distance_m: float,
    target_distance_m: float,
    exponent: float = RIEGEL_EXPONENT,
) -> float:
    """Predicted time for ``target_distance_m`` from one performance (Riegel 1981).

    ``T2 = T1 * (D2 / D1) ** exponent``; 1.06 is Riegel's value for running.
    """
    _require_positive(known_time_s, "known_time_s")
    _require_positive(known_distance_m, "known_distance_m")
    _require_positive(target_distance_m, "target_distance_m")
    return known_time_s * float((target_distance_m / known_distance_m) ** exponent)


def daniels_vo2_cost_ml_kg_min(speed_m_per_min: float) -> float:
    """Oxygen cost of running at a speed: ``-4.60 + 0.182258 v + 0.000104 v^2``.

    Daniels & Gilbert (1979), *Oxygen Power*; ``v`` in metres per minute.
    """
    return -4.60 + 0.182258 * speed_m_per_min + 0.000104 * speed_m_per_min**2


def daniels_speed_m_per_min(vo2_ml_kg_min: float) -> float:
    """The speed whose oxygen cost is ``vo2_ml_kg_min``: the inverse of the cost equation.

    Solves ``0.000104 v^2 + 0.182258 v - (4.60 + VO2) = 0`` for its positive root
    (Daniels & Gilbert 1979).
    """
    a, b, c = 0.000104, 0.182258, -(4.60 + vo2_ml_kg_min)
    return (-b + math.sqrt(b * b - 4.0 * a * c)) / (2.0 * a)


def daniels_fraction_of_vo2max(duration_min: float) -> float:
    """Fraction of VO2max sustainable for a race of ``duration_min`` minutes.

    ``0.8 + 0.1894393 e^(-0.012778 t) + 0.2989558 e^(-0.1932605 t)`` (Daniels & Gilbert 1979).
    """
    return (
        0.8
        + 0.1894393 * math.exp(-0.012778 * duration_min)
        + 0.2989558 * math.exp(-0.1932605 * duration_min)
    )


def vdot_from_race(distance_m: float, time_s: float) -> float:
    """VDOT of a race: its oxygen cost over the sustainable fraction (Daniels & Gilbert 1979).

    Raises :class:`DataError` for a non-positive input or a duration outside
    ``VDOT_VALID_DURATION_MIN``.
    """
    _require_positive(distance_m, "distance_m")
    duration_min = _valid_duration_min(time_s)
    speed = distance_m / duration_min
    return daniels_vo2_cost_ml_kg_min(speed) / daniels_fraction_of_vo2max(duration_min)


def race_time_for_vdot_s(vdot: float, distance_m: float) -> float:
    """The race time at ``distance_m`` whose VDOT is ``vdot`` (bisection, 1 ms precision).

    Raises :class:`DataError` when that time falls outside ``VDOT_VALID_DURATION_MIN``.
    """
    _require_positive(vdot, "vdot")
    _require_positive(distance_m, "distance_m")
    lo, hi = VDOT_VALID_DURATION_MIN

    def vdot_at(duration_min: float) -> float:
        speed = distance_m / duration_min
        return daniels_vo2_cost_ml_kg_min(speed) / daniels_fraction_of_vo2max(duration_min)

    if not vdot_at(hi) <= vdot <= vdot_at(lo):
        raise DataError(
            f"a VDOT of {vdot:.1f} over {distance_m:g} m lies outside the "
            f"{lo:g}-{hi:g} min the Daniels-Gilbert equations cover",
            field="distance_m",
        )
    while (hi - lo) * SECONDS_PER_MINUTE > 1e-3:
        mid = (lo + hi) / 2.0
        if vdot_at(mid) > vdot:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0 * SECONDS_PER_MINUTE


def equivalent_race_time_s(
    known_distance_m: float, known_time_s: float, target_distance_m: float
) -> float:
    """Equivalent performance at another distance: the time with the same VDOT (Daniels)."""
    return race_time_for_vdot_s(vdot_from_race(known_distance_m, known_time_s), target_distance_m)


@dataclass(frozen=True, slots=True)
class VdotEstimate:
    """VDOT (an effective VO2max, ml/kg/min) and the performance it came from."""

    vdot: float
    distance_m: float
    time_s: float


def vo2max_estimate(efforts: Iterable[tuple[float, float]]) -> VdotEstimate | None:
    """VO2max estimate as the highest VDOT among ``(distance_m, time_s)`` best efforts.

    Daniels' VDOT is an effective VO2max: the value that explains a race performance given
    average running economy. Efforts outside the equations' duration range are skipped;
    ``None`` when no effort is usable.
    """
    best: VdotEstimate | None = None
    for distance_m, time_s in efforts:
        if not (math.isfinite(distance_m) and distance_m > 0) or not _within_valid_duration(time_s):
            continue
        vdot = vdot_from_race(distance_m, time_s)
        if best is None or vdot > best.vdot:
            best = VdotEstimate(vdot=vdot, distance_m=distance_m, time_s=time_s)
    return best


class TrainingIntensity(StrEnum):
    """Daniels' five training intensities (*Daniels' Running Formula*, 3rd ed. 2013, ch. 4)."""

    EASY = "easy"
    MARATHON = "marathon"
    THRESHOLD = "threshold"
    INTERVAL = "interval"
    REPETITION = "repetition"


TRAINING_VO2MAX_FRACTIONS: dict[TrainingIntensity, tuple[float, float]] = {
    TrainingIntensity.EASY: (0.59, 0.74),
    TrainingIntensity.MARATHON: (0.75, 0.84),
    TrainingIntensity.THRESHOLD: (0.83, 0.88),
    TrainingIntensity.INTERVAL: (0.95, 1.00),
    TrainingIntensity.REPETITION: (1.05, 1.10),
}
"""Intensity as a fraction of VO2max (VDOT), slow end first, per Daniels' Running Formula:
E 59-74 %, M 75-84 %, T 83-88 %, I 95-100 % (vVO2max at the fast end). The paces are the
speeds whose oxygen cost (the Daniels-Gilbert cost equation) equals that fraction of VDOT.
R work is run at about current mile race pace, which the cost equation extrapolated past
VO2max puts at about 105-110 % of VDOT. M is reported as the predicted marathon race pace,
which is how Daniels defines it; the M range above documents where that pace falls. Daniels'
pace tables list T at the 88 % end (e.g. VDOT 50: 4:15 /km) and M at marathon race pace
(VDOT 50: 3:10:49, 4:31 /km); their I and R paces (VDOT 50: 93 s and 87 s per 400 m) and
E range (4:56-5:34 /km) fall inside the bands here."""


@dataclass(frozen=True, slots=True)
class PaceRange:
    """A training pace band; ``fast_s_per_km`` <= ``slow_s_per_km``."""

    intensity: TrainingIntensity
    slow_s_per_km: float
    fast_s_per_km: float


def pace_at_vo2max_fraction_s_per_km(vdot: float, fraction: float) -> float:
    """Pace whose oxygen cost is ``fraction`` of ``vdot`` (Daniels & Gilbert cost equation)."""
    return METRES_PER_KM / daniels_speed_m_per_min(fraction * vdot) * SECONDS_PER_MINUTE


def training_pace(vdot: float, intensity: TrainingIntensity) -> PaceRange:
    """The pace band of one Daniels intensity for a VDOT (see ``TRAINING_VO2MAX_FRACTIONS``)."""
    _require_positive(vdot, "vdot")
    if intensity is TrainingIntensity.MARATHON:
        pace = race_time_for_vdot_s(vdot, MARATHON_M) / (MARATHON_M / METRES_PER_KM)
        return PaceRange(intensity=intensity, slow_s_per_km=pace, fast_s_per_km=pace)
    low, high = TRAINING_VO2MAX_FRACTIONS[intensity]
    return PaceRange(
        intensity=intensity,
        slow_s_per_km=pace_at_vo2max_fraction_s_per_km(vdot, low),
        fast_s_per_km=pace_at_vo2max_fraction_s_per_km(vdot, high),
    )


def training_paces(vdot: float) -> dict[TrainingIntensity, PaceRange]:
    """All five Daniels training pace bands for a VDOT, easiest first."""
    return {intensity: training_pace(vdot, intensity) for intensity in TrainingIntensity}


def _valid_duration_min(time_s: float) -> float:
    _require_positive(time_s, "time_s")
    if not _within_valid_duration(time_s):
        lo, hi = VDOT_VALID_DURATION_MIN
        raise DataError(
            f"a race of {time_s / SECONDS_PER_MINUTE:.1f} min is outside the {lo:g}-{hi:g} min "
            "the Daniels-Gilbert equations cover",
            field="time_s",
        )
    return time_s / SECONDS_PER_MINUTE


def _within_valid_duration(time_s: float) -> bool:
    lo, hi = VDOT_VALID_DURATION_MIN
    return lo <= time_s / SECONDS_PER_MINUTE <= hi


def _require_positive(value: float, name: str) -> None:
    if not (math.isfinite(value) and value > 0):
        raise DataError(f"{name} must be a positive number, got {value!r}", field=name)
