"""An activity recorded a heart rate above the profile's maximum: check profile or sensor.

Sources: Tanaka H, Monahan KD, Seals DR. Age-predicted maximal heart rate revisited. J Am Coll
Cardiol 2001;37:153-156 (age formulas miss individuals' maximum by ~10 bpm or more, so a
profile maximum from a formula is often too low); Gillinov S et al. Variable accuracy of
wearable heart rate monitors during aerobic exercise. Med Sci Sports Exerc 2017;49:1697-1703
(sensor errors and spikes). Either way the zones built on the profile maximum are wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import above
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class ExerciseHrAboveMaxParams(RuleParams):
    margin_bpm: float = 5.0
    """Readings up to this much above the profile maximum are tolerated (a maximum measured
    on another day, or a beat or two of noise)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.margin_bpm >= 0, "margin_bpm", "must be >= 0")


@dataclass(frozen=True)
class ExerciseHrAboveMax(Rule):
    """Caution when an activity's highest HR exceeds profile HRmax + margin."""

    name: ClassVar[str] = "exercise_hr_above_max"
    source: ClassVar[str] = "Tanaka et al. 2001 (J Am Coll Cardiol); Gillinov et al. 2017"
    params: ExerciseHrAboveMaxParams = field(default_factory=ExerciseHrAboveMaxParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        if timeline.hr_max_bpm is None:
            return []
        limit = timeline.hr_max_bpm + self.params.margin_bpm
        fires = above(timeline.activity_max_hr_bpm, limit)
        return [self._alert(timeline, int(i), timeline.hr_max_bpm) for i in np.flatnonzero(fires)]

    def _alert(self, t: AthleteTimeline, i: int, hr_max: int) -> Alert:
        peak = float(t.activity_max_hr_bpm[i])
        message = (
            f"Highest heart rate in today's activity, {fmt(peak)} bpm, is {fmt(peak - hr_max)} "
            f"bpm above your profile maximum of {hr_max} bpm. Either the profile maximum is "
            "too low (age formulas are often 10 bpm or more off) or the sensor recorded "
            "spikes (a dry chest strap, or a wrist sensor locking onto cadence). Check the "
            "recording, and update your maximum only if the reading is real: your zones "
            "depend on it."
        )
        evidence: dict[str, float | str] = {
            "activity_max_hr_bpm": peak,
            "hr_max_bpm": float(hr_max),
            "margin_bpm": self.params.margin_bpm,
        }
        return self.alert(t, i, Severity.CAUTION, message, evidence)
