"""Step targets computed from the athlete's thresholds, best source first.

Running: Daniels pace bands from VDOT (``analytics/race_prediction.py``), else bands relative
to threshold pace, else heart rate as %LTHR (Friel's running zones), else %HRmax, else RPE.
Cycling: Coggan power levels as %FTP (Allen & Coggan, *Training and Racing with a Power
Meter*, 2010), else %LTHR (Friel's cycling zones), else RPE. Each target carries the intensity
factor (IF, relative to threshold) that the planned load is computed from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aicoach.analytics.race_prediction import TrainingIntensity, training_pace
from aicoach.analytics.thresholds import threshold_pace_from_vdot_s_per_km
from aicoach.domain.athlete import AthleteProfile
from aicoach.domain.plan import Target, TargetKind
from aicoach.planning.baseline import TrainingBaseline


class Effort(StrEnum):
    """How hard a step is meant to be, independent of the sport and of how it is measured."""

    WALK = "walk"
    RECOVERY = "recovery"
    EASY = "easy"
    STEADY = "steady"
    SWEET_SPOT = "sweet-spot"
    THRESHOLD = "threshold"
    VO2MAX = "vo2max"
    SPEED = "speed"


EFFORT_INTENSITY_FACTOR: dict[Effort, float] = {
    Effort.WALK: 0.50,
    Effort.RECOVERY: 0.65,
    Effort.EASY: 0.72,
    Effort.STEADY: 0.82,
    Effort.SWEET_SPOT: 0.91,
    Effort.THRESHOLD: 0.98,
    Effort.VO2MAX: 1.05,
    Effort.SPEED: 1.10,
}
"""IF used when a target is not a pace or a power (HR, RPE): midpoints of the Coggan levels
(active recovery < 0.55-0.75 ... VO2max 1.06-1.20) that each effort corresponds to."""

EFFORT_RPE: dict[Effort, tuple[float, float]] = {
    Effort.WALK: (1, 2),
    Effort.RECOVERY: (2, 3),
    Effort.EASY: (2, 4),
    Effort.STEADY: (4, 5),
    Effort.SWEET_SPOT: (5, 6),
    Effort.THRESHOLD: (6, 7),
    Effort.VO2MAX: (8, 9),
    Effort.SPEED: (9, 9.5),
}
"""Foster's CR-10 ranges for each effort (talk test: easy = full sentences, threshold = a few
words, VO2max = none)."""

RUN_PACE_FACTORS: dict[Effort, tuple[float, float]] = {
    Effort.RECOVERY: (1.30, 1.42),
    Effort.EASY: (1.18, 1.32),
    Effort.STEADY: (1.06, 1.12),
    Effort.SWEET_SPOT: (1.02, 1.05),
    Effort.THRESHOLD: (0.98, 1.02),
    Effort.VO2MAX: (0.90, 0.94),
    Effort.SPEED: (0.85, 0.89),
}
"""Pace as a multiple of threshold pace (fast end first) when no VDOT is known; the ratios are
those of Daniels' E, M, T, I and R bands at VDOT 40-60."""

DANIELS_BANDS: dict[Effort, TrainingIntensity] = {
    Effort.EASY: TrainingIntensity.EASY,
    Effort.STEADY: TrainingIntensity.MARATHON,
    Effort.THRESHOLD: TrainingIntensity.THRESHOLD,
    Effort.VO2MAX: TrainingIntensity.INTERVAL,
    Effort.SPEED: TrainingIntensity.REPETITION,
}

RUN_LTHR_FRACTIONS: dict[Effort, tuple[float, float]] = {
    Effort.RECOVERY: (0.70, 0.81),
    Effort.EASY: (0.81, 0.89),
    Effort.STEADY: (0.90, 0.93),
    Effort.SWEET_SPOT: (0.94, 0.96),
    Effort.THRESHOLD: (0.95, 0.99),
    Effort.VO2MAX: (1.00, 1.02),
    Effort.SPEED: (1.03, 1.06),
}
"""Friel's running heart-rate zones as fractions of LTHR (Z1 < 85 %, Z2 85-89 %, Z3 90-94 %,
Z4 95-99 %, Z5a 100-102 %, Z5b 103-106 %), with easy spanning the top of Z1 and Z2."""

RIDE_LTHR_FRACTIONS: dict[Effort, tuple[float, float]] = {
    Effort.RECOVERY: (0.65, 0.80),
    Effort.EASY: (0.81, 0.89),
    Effort.STEADY: (0.90, 0.93),
    Effort.SWEET_SPOT: (0.92, 0.95),
    Effort.THRESHOLD: (0.94, 0.99),
    Effort.VO2MAX: (1.00, 1.02),
    Effort.SPEED: (1.03, 1.06),
}
"""Friel's cycling heart-rate zones as fractions of LTHR (Z2 81-89 %, Z3 90-93 %, Z4 94-99 %,
Z5a 100-102 %, Z5b 103-106 %)."""

HR_MAX_FRACTIONS: dict[Effort, tuple[float, float]] = {
    Effort.RECOVERY: (0.60, 0.70),
    Effort.EASY: (0.65, 0.78),
    Effort.STEADY: (0.80, 0.87),
    Effort.SWEET_SPOT: (0.85, 0.89),
    Effort.THRESHOLD: (0.88, 0.92),
    Effort.VO2MAX: (0.93, 0.97),
    Effort.SPEED: (0.95, 1.00),
}
"""%HRmax bands (ACSM's Guidelines, 11th ed.: moderate 64-76 %, vigorous 77-95 % of HRmax)."""

FTP_FRACTIONS: dict[Effort, tuple[float, float]] = {
    Effort.RECOVERY: (0.45, 0.55),
    Effort.EASY: (0.56, 0.75),
    Effort.STEADY: (0.76, 0.87),
    Effort.SWEET_SPOT: (0.88, 0.94),
    Effort.THRESHOLD: (0.95, 1.05),
    Effort.VO2MAX: (1.06, 1.20),
    Effort.SPEED: (1.21, 1.50),
}
"""Coggan's power levels as fractions of FTP (recovery < 55 %, endurance 56-75 %, tempo 76-90 %,
sweet spot 88-94 %, threshold 91-105 %, VO2max 106-120 %, anaerobic 121-150 %)."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The athlete's reference values that targets are computed from; any may be unknown."""

    vdot: float | None = None
    threshold_pace_s_per_km: float | None = None
    ftp_w: float | None = None
    lthr_bpm: float | None = None
    hr_max_bpm: float | None = None

    @property
    def run_threshold_pace_s_per_km(self) -> float | None:
        if self.vdot is not None:
            return threshold_pace_from_vdot_s_per_km(self.vdot)
        return self.threshold_pace_s_per_km


def thresholds_from(
    baseline: TrainingBaseline, profile: AthleteProfile | None = None
) -> Thresholds:
    """The baseline's thresholds, with the profile's values where the data says nothing."""
    return Thresholds(
        vdot=baseline.vdot,
        threshold_pace_s_per_km=baseline.threshold_pace_s_per_km
        or (profile.threshold_pace_s_per_km if profile else None),
        ftp_w=baseline.ftp_w or (profile.ftp_w if profile else None),
        lthr_bpm=baseline.lthr_bpm or (profile.lthr_bpm if profile else None),
        hr_max_bpm=baseline.hr_max_bpm or (profile.hr_max_bpm if profile else None),
    )


@dataclass(frozen=True, slots=True)
class StepTarget:
    target: Target | None
    intensity_factor: float
    pace_s_per_km: float | None = None
    """Middle of a pace band, for estimating distance."""


def run_target(effort: Effort, thresholds: Thresholds) -> StepTarget:
    """Target for a running (or walking) step, best source first."""
    if effort is Effort.WALK:
        return _rpe_target(effort)
    pace_band = _run_pace_band(effort, thresholds)
    threshold_pace = thresholds.run_threshold_pace_s_per_km
    if pace_band is not None and threshold_pace is not None:
        fast, slow = pace_band
        middle = (fast + slow) / 2.0
        return StepTarget(
            Target(TargetKind.PACE_S_PER_KM, round(fast), round(slow)),
            round(threshold_pace / middle, 3),
            middle,
        )
    heart_rate = _heart_rate_target(effort, thresholds, RUN_LTHR_FRACTIONS)
    if heart_rate is not None:
        return StepTarget(heart_rate, EFFORT_INTENSITY_FACTOR[effort])
    return _rpe_target(effort)


def ride_target(effort: Effort, thresholds: Thresholds) -> StepTarget:
    """Target for a cycling step: %FTP power, else %LTHR heart rate, else RPE."""
    if thresholds.ftp_w is not None and effort is not Effort.WALK:
        low, high = FTP_FRACTIONS[effort]
        return StepTarget(
            Target(
                TargetKind.POWER_W,
                round(low * thresholds.ftp_w),
                round(high * thresholds.ftp_w),
            ),
            round((low + high) / 2.0, 3),
        )
    heart_rate = _heart_rate_target(effort, thresholds, RIDE_LTHR_FRACTIONS)
    if heart_rate is not None:
        return StepTarget(heart_rate, EFFORT_INTENSITY_FACTOR[effort])
    return _rpe_target(effort)


def race_pace_target(pace_s_per_km: float, thresholds: Thresholds) -> StepTarget:
    """A goal pace (e.g. marathon pace from a target time), +-1.5 % as the band."""
    threshold_pace = thresholds.run_threshold_pace_s_per_km
    intensity = (
        threshold_pace / pace_s_per_km
        if threshold_pace is not None
        else EFFORT_INTENSITY_FACTOR[Effort.STEADY]
    )
    return StepTarget(
        Target(
            TargetKind.PACE_S_PER_KM, round(pace_s_per_km * 0.985), round(pace_s_per_km * 1.015)
        ),
        round(intensity, 3),
        pace_s_per_km,
    )


def _run_pace_band(effort: Effort, thresholds: Thresholds) -> tuple[float, float] | None:
    """(fast, slow) pace in s/km."""
    if thresholds.vdot is not None and effort in DANIELS_BANDS:
        band = training_pace(thresholds.vdot, DANIELS_BANDS[effort])
        fast, slow = band.fast_s_per_km, band.slow_s_per_km
        if fast == slow:
            return fast * 0.99, slow * 1.01
        return fast, slow
    reference = thresholds.run_threshold_pace_s_per_km
    if reference is None or effort not in RUN_PACE_FACTORS:
        return None
    fast_factor, slow_factor = RUN_PACE_FACTORS[effort]
    return reference * fast_factor, reference * slow_factor


def _heart_rate_target(
    effort: Effort, thresholds: Thresholds, lthr_fractions: dict[Effort, tuple[float, float]]
) -> Target | None:
    if thresholds.lthr_bpm is not None and effort in lthr_fractions:
        low, high = lthr_fractions[effort]
        return Target(
            TargetKind.HEART_RATE_BPM,
            round(low * thresholds.lthr_bpm),
            round(high * thresholds.lthr_bpm),
        )
    if thresholds.hr_max_bpm is not None and effort in HR_MAX_FRACTIONS:
        low, high = HR_MAX_FRACTIONS[effort]
        return Target(
            TargetKind.HEART_RATE_BPM,
            round(low * thresholds.hr_max_bpm),
            round(high * thresholds.hr_max_bpm),
        )
    return None


def _rpe_target(effort: Effort) -> StepTarget:
    low, high = EFFORT_RPE[effort]
    return StepTarget(Target(TargetKind.RPE_0_10, low, high), EFFORT_INTENSITY_FACTOR[effort])
