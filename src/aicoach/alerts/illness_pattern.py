"""Possible illness coming: resting HR up AND HRV down together, for 2+ days in a row.

Wearable studies found that resting HR rises and HRV falls days before the symptoms of a
respiratory infection: Radin JM et al. Harnessing wearable device data to improve
state-level real-time surveillance of influenza-like illness in the USA. Lancet Digit Health
2020;2:e85-e93; Mishra T et al. Pre-symptomatic detection of COVID-19 from smartwatch data.
Nat Biomed Eng 2020;4:1208-1220; Hirten RP et al. Use of physiological data from a wearable
device to identify SARS-CoV-2 infection. J Med Internet Res 2021;23:e26107. The HRV side uses
the athlete's normal ln rMSSD band (Plews et al. 2013, Sports Med).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import all_finite, streak_lengths
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class IllnessPatternParams(RuleParams):
    min_rhr_rise_bpm: float = 4.0
    """Resting HR at least this many bpm over baseline: the pre-symptomatic rises in Mishra
    2020 and Radin 2020 were a few bpm, smaller than the 5 bpm of the single-signal rule."""
    hrv_margin_ln: float = 0.0
    """The day's ln rMSSD must be below ``hrv_band_low - hrv_margin_ln`` (0 = below the band)."""
    min_consecutive_days: int = 2
    """Both signals together on this many days in a row (a single night is often just a late
    meal, alcohol or a hard session)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.min_rhr_rise_bpm > 0, "min_rhr_rise_bpm", "must be > 0")
        require(self, self.hrv_margin_ln >= 0, "hrv_margin_ln", "must be >= 0")
        require(self, self.min_consecutive_days >= 1, "min_consecutive_days", "must be >= 1")


@dataclass(frozen=True)
class IllnessPattern(Rule):
    """Warning "possible illness coming" when resting HR is up and HRV down together."""

    name: ClassVar[str] = "illness_pattern"
    source: ClassVar[str] = (
        "Radin et al. 2020 (Lancet Digit Health); Mishra et al. 2020 (Nat Biomed Eng); "
        "Hirten et al. 2021 (J Med Internet Res)"
    )
    params: IllnessPatternParams = field(default_factory=IllnessPatternParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        p = self.params
        t = timeline
        known = all_finite(t.resting_hr_bpm, t.rhr_baseline_bpm, t.hrv_ln_rmssd, t.hrv_band_low)
        rise = np.where(known, t.resting_hr_bpm - t.rhr_baseline_bpm, 0.0)
        hrv_gap = np.where(known, t.hrv_band_low - t.hrv_ln_rmssd, 0.0)
        both = known & (rise >= p.min_rhr_rise_bpm) & (hrv_gap > p.hrv_margin_ln)
        streak = streak_lengths(both)
        return [
            self._alert(t, int(i), int(streak[i]))
            for i in np.flatnonzero(streak >= p.min_consecutive_days)
        ]

    def _alert(self, t: AthleteTimeline, i: int, days: int) -> Alert:
        rhr = float(t.resting_hr_bpm[i])
        base = float(t.rhr_baseline_bpm[i])
        hrv = float(t.hrv_ln_rmssd[i])
        low = float(t.hrv_band_low[i])
        message = (
            f"Possible illness coming: resting HR up and HRV down together for {days} days "
            f"(today resting HR {fmt(rhr)} bpm, {fmt(rhr - base)} bpm above your baseline of "
            f"{fmt(base)} bpm; ln rMSSD {fmt(hrv, 2)}, below your normal band from "
            f"{fmt(low, 2)}). Rest or train very easy, sleep well, and watch for symptoms "
            "such as a sore throat, fever or aches."
        )
        evidence: dict[str, float | str] = {
            "resting_hr_bpm": rhr,
            "rhr_baseline_bpm": base,
            "rise_bpm": rhr - base,
            "hrv_ln_rmssd": hrv,
            "hrv_band_low": low,
            "consecutive_days": float(days),
        }
        return self.alert(t, i, Severity.WARNING, message, evidence)
