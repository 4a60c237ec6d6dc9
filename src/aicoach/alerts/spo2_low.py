"""Low resting oxygen saturation (SpO2).

Sources: O'Driscoll BR et al. BTS guideline for oxygen use in healthcare and emergency
settings. Thorax 2017;72(Suppl 1):ii1-ii90 (target 94-98 % for most adults; below 92 % needs
assessment); NHS England COVID Oxygen Saturation Monitoring guidance (2020-2021: 92 % or
below -> urgent assessment); 88 % is the level used to define significant hypoxaemia for
long-term oxygen (GOLD 2023 report). Limits: consumer wrist sensors read 2-4 % off and worse
in cold hands, movement and darker skin (Sjoding MW et al. N Engl J Med 2020;383:2477-2478),
and readings at altitude (above ~1,500 m) are normally lower: the rule knows neither, so its
messages ask for a re-measurement first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import below
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class Spo2LowParams(RuleParams):
    warning_below_pct: float = 92.0
    """Resting SpO2 below this is a warning (BTS 2017; NHS oximetry guidance)."""
    urgent_below_pct: float = 88.0
    """Below this is urgent: significant hypoxaemia (GOLD), no exercise, seek care."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(
            self,
            50 < self.urgent_below_pct <= self.warning_below_pct <= 100,
            "urgent_below_pct",
            "need 50 < urgent_below_pct <= warning_below_pct <= 100",
        )


@dataclass(frozen=True)
class Spo2Low(Rule):
    """Warning below 92 %, urgent below 88 % (resting readings)."""

    name: ClassVar[str] = "spo2_low"
    source: ClassVar[str] = "O'Driscoll et al. 2017 BTS guideline (Thorax); GOLD 2023"
    params: Spo2LowParams = field(default_factory=Spo2LowParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        fires = below(timeline.spo2_pct, self.params.warning_below_pct)
        return [self._alert(timeline, int(i)) for i in np.flatnonzero(fires)]

    def _alert(self, t: AthleteTimeline, i: int) -> Alert:
        spo2 = float(t.spo2_pct[i])
        p = self.params
        if spo2 < p.urgent_below_pct:
            severity, limit = Severity.URGENT, p.urgent_below_pct
            advice = (
                "no exercise today. Measure again at once, sitting still, ideally with a "
                "finger oximeter; if it is confirmed, or you are breathless, confused or have "
                "chest pain, seek medical care now."
            )
        else:
            severity, limit = Severity.WARNING, p.warning_below_pct
            advice = (
                "wrist sensors often read low, so sit still, warm your hands and measure "
                "again (a finger oximeter is better). If it stays this low or you are short "
                "of breath, skip training and contact a doctor today."
            )
        message = f"Resting SpO2 {fmt(spo2)} % is below {fmt(limit)} %: {advice}"
        evidence: dict[str, float | str] = {"spo2_pct": spo2, "limit_pct": limit}
        return self.alert(t, i, severity, message, evidence)
