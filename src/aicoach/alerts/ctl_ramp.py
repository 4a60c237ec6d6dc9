"""A steep rise of chronic training load (CTL ramp rate per week).

Sources: Allen H, Coggan A. Training and Racing with a Power Meter, 2nd ed. VeloPress 2010
(Performance Manager: sustainable CTL ramp rates of roughly 5-8 TSS/day per week); Friel J.
The Cyclist's Training Bible, 5th ed. VeloPress 2018 (ramp rates above about 8 per week are
hard to sustain). These are coaching guidelines in TSS units, not trial results; for other
load units the thresholds need resetting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import above
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class CtlRampParams(RuleParams):
    caution_per_week: float = 7.0
    """CTL rising more than this per week is a caution (upper end of Allen & Coggan's 5-8)."""
    warning_per_week: float = 10.0
    """More than this per week is a warning: well beyond what coaches consider sustainable."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.caution_per_week > 0, "caution_per_week", "must be > 0")
        require(
            self,
            self.warning_per_week >= self.caution_per_week,
            "warning_per_week",
            "must be >= caution_per_week",
        )


@dataclass(frozen=True)
class CtlRamp(Rule):
    """Caution when CTL climbs faster than ~7 per week; warning above 10."""

    name: ClassVar[str] = "ctl_ramp"
    source: ClassVar[str] = "Allen & Coggan 2010; Friel 2018"
    params: CtlRampParams = field(default_factory=CtlRampParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        fires = above(timeline.ctl_ramp_per_week, self.params.caution_per_week)
        return [self._alert(timeline, int(i)) for i in np.flatnonzero(fires)]

    def _alert(self, t: AthleteTimeline, i: int) -> Alert:
        ramp = float(t.ctl_ramp_per_week[i])
        ctl = float(t.ctl[i])
        warning = ramp > self.params.warning_per_week
        limit = self.params.warning_per_week if warning else self.params.caution_per_week
        ctl_text = f" to {fmt(ctl, 1)}" if np.isfinite(ctl) else ""
        message = (
            f"Fitness (CTL) rose {fmt(ramp, 1)}{ctl_text} in the last 7 days, more than "
            f"{fmt(limit)} per week: a steep build, and fatigue and injury risk climb when the "
            "ramp stays this high. Hold the load or add an easier day."
        )
        evidence: dict[str, float | str] = {"ctl_ramp_per_week": ramp, "limit": limit}
        if np.isfinite(ctl):
            evidence["ctl"] = ctl
        severity = Severity.WARNING if warning else Severity.CAUTION
        return self.alert(t, i, severity, message, evidence)
