"""HRV below the normal band: the 7-day mean of ln rMSSD under the athlete's band, 2+ days.

Source: Plews DJ, Laursen PB, Stanley J, Kilding AE, Buchheit M. Training adaptation and heart
rate variability in elite endurance athletes: opening the door to effective monitoring.
Sports Med 2013;43:773-781; and Plews DJ et al. Heart rate variability in elite triathletes,
is variation in variability the key to effective training? A case comparison. Eur J Appl
Physiol 2012;112:3729-3741. They advise acting on the rolling 7-day mean of ln rMSSD leaving
the athlete's own normal band (smallest worthwhile change), not on single-day values; a
sustained fall preceded non-functional overreaching in their case study.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import below, streak_lengths
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class HrvBelowBandParams(RuleParams):
    min_consecutive_days: int = 2
    """Days in a row below the band before a caution; 2 filters a one-day dip (Plews 2013)."""
    warning_consecutive_days: int = 7
    """Days in a row for a warning: a whole 7-day window below the band, the sustained
    suppression that preceded non-functional overreaching in Plews 2012."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.min_consecutive_days >= 1, "min_consecutive_days", "must be >= 1")
        require(
            self,
            self.warning_consecutive_days >= self.min_consecutive_days,
            "warning_consecutive_days",
            "must be >= min_consecutive_days",
        )


@dataclass(frozen=True)
class HrvBelowBand(Rule):
    """Caution when the 7-day ln rMSSD stays below the normal band; warning after a week."""

    name: ClassVar[str] = "hrv_below_band"
    source: ClassVar[str] = "Plews et al. 2012 (Eur J Appl Physiol); Plews et al. 2013 (Sports Med)"
    params: HrvBelowBandParams = field(default_factory=HrvBelowBandParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        streak = streak_lengths(below(timeline.hrv_ln_7d, timeline.hrv_band_low))
        return [
            self._alert(timeline, int(i), int(streak[i]))
            for i in np.flatnonzero(streak >= self.params.min_consecutive_days)
        ]

    def _alert(self, timeline: AthleteTimeline, i: int, days: int) -> Alert:
        value = float(timeline.hrv_ln_7d[i])
        low = float(timeline.hrv_band_low[i])
        high = float(timeline.hrv_band_high[i])
        severity = (
            Severity.WARNING if days >= self.params.warning_consecutive_days else Severity.CAUTION
        )
        band = f"{fmt(low, 2)}-{fmt(high, 2)}" if math.isfinite(high) else f"from {fmt(low, 2)}"
        message = (
            f"Your 7-day HRV (ln rMSSD {fmt(value, 2)}) has been below your normal band "
            f"({band}) for {days} days in a row. Keep training easy and prioritise sleep "
            "until it is back in the band."
        )
        evidence: dict[str, float | str] = {
            "hrv_ln_7d": value,
            "hrv_band_low": low,
            "consecutive_days": float(days),
        }
        if math.isfinite(high):
            evidence["hrv_band_high"] = high
        return self.alert(timeline, i, severity, message, evidence)
