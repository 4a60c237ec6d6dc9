"""Resting heart rate above the athlete's own baseline by >= 5 bpm or >= 2 SD.

Sources: Buchheit M. Monitoring training status with HR measures: do all roads lead to Rome?
Front Physiol 2014;5:73 (resting HR against the individual's own rolling baseline and its
day-to-day variation); Dressendorfer RH, Wade CE, Scaff JH. Increased morning heart rate in
runners: a valid sign of overtraining? Phys Sportsmed 1985;13(8):77-86 (a raised morning HR
as a practical warning sign); Karjalainen J, Viitasalo M. Fever and cardiac rhythm. Arch
Intern Med 1986;146:1169-1171 (heart rate rises roughly 8-10 bpm per degree C of fever).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import all_finite
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class RestingHrElevatedParams(RuleParams):
    min_rise_bpm: float = 5.0
    """A rise of this many bpm over baseline fires on its own: beyond the usual day-to-day
    variation of morning resting HR and the traditional practitioner threshold (Buchheit
    2014; Dressendorfer 1985)."""
    min_rise_sd: float = 2.0
    """A rise of this many baseline SDs also fires: outside ~98 % of the athlete's own normal
    mornings (one-sided, normal approximation)."""
    sd_min_rise_bpm: float = 4.0
    """The SD test needs at least this many bpm, so that a very steady baseline (SD < 1 bpm)
    does not turn 1-2 bpm of rounding noise into an alert."""
    warning_rise_bpm: float = 10.0
    """A rise this large is a warning: about what a degree of fever adds (Karjalainen 1986)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.min_rise_bpm > 0, "min_rise_bpm", "must be > 0")
        require(self, self.min_rise_sd > 0, "min_rise_sd", "must be > 0")
        require(self, self.sd_min_rise_bpm >= 0, "sd_min_rise_bpm", "must be >= 0")
        require(
            self,
            self.warning_rise_bpm >= self.min_rise_bpm,
            "warning_rise_bpm",
            "must be >= min_rise_bpm",
        )


@dataclass(frozen=True)
class RestingHrElevated(Rule):
    """Caution when today's resting HR is well above baseline; warning when far above."""

    name: ClassVar[str] = "resting_hr_elevated"
    source: ClassVar[str] = "Buchheit 2014 (Front Physiol); Dressendorfer et al. 1985"
    params: RestingHrElevatedParams = field(default_factory=RestingHrElevatedParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        p = self.params
        rhr, base = timeline.resting_hr_bpm, timeline.rhr_baseline_bpm
        sd = timeline.rhr_baseline_sd_bpm
        known = all_finite(rhr, base)
        rise = np.where(known, rhr - base, 0.0)
        sd_ok = np.isfinite(sd) & (np.nan_to_num(sd) > 0)
        z = np.where(sd_ok, rise / np.where(sd_ok, sd, 1.0), 0.0)
        fires = known & (
            (rise >= p.min_rise_bpm) | (sd_ok & (z >= p.min_rise_sd) & (rise >= p.sd_min_rise_bpm))
        )
        return [self._alert(timeline, int(i)) for i in np.flatnonzero(fires)]

    def _alert(self, timeline: AthleteTimeline, i: int) -> Alert:
        rhr = float(timeline.resting_hr_bpm[i])
        base = float(timeline.rhr_baseline_bpm[i])
        sd = float(timeline.rhr_baseline_sd_bpm[i])
        rise = rhr - base
        severity = Severity.WARNING if rise >= self.params.warning_rise_bpm else Severity.CAUTION
        evidence: dict[str, float | str] = {
            "resting_hr_bpm": rhr,
            "rhr_baseline_bpm": base,
            "rise_bpm": rise,
        }
        sd_text = ""
        if math.isfinite(sd) and sd > 0:
            evidence["rhr_baseline_sd_bpm"] = sd
            evidence["rise_sd"] = rise / sd
            sd_text = f" ({fmt(rise / sd, 1)} SD)"
        message = (
            f"Resting HR {fmt(rhr)} bpm is {fmt(rise)} bpm above your baseline of "
            f"{fmt(base)} bpm{sd_text}. This often means incomplete recovery, poor sleep, "
            "stress or an infection starting: keep today easy and check how you feel."
        )
        return self.alert(timeline, i, severity, message, evidence)
