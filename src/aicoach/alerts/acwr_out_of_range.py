"""Acute:chronic workload ratio outside 0.8-1.5: a load spike, or a drop from a real base.

Source: Gabbett TJ. The training-injury prevention paradox: should athletes be training
smarter and harder? Br J Sports Med 2016;50:273-280 (injury risk lowest around ACWR 0.8-1.3
and highest above 1.5); Hulin BT et al. The acute:chronic workload ratio predicts injury:
high chronic workload may decrease injury risk in elite rugby league players. Br J Sports Med
2016;50:231-236. Limits: the ratio's statistics are disputed (Impellizzeri FM et al. Int J
Sports Physiol Perform 2020;15:907-913), so this is a prompt to look at the load, not a
prediction. The ratio itself, and which variant is used, comes from the analytics settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import above, below, streak_lengths
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class AcwrOutOfRangeParams(RuleParams):
    high_ratio: float = 1.5
    """ACWR above this is a warning: Gabbett 2016's "danger zone" of a load spike."""
    low_ratio: float = 0.8
    """ACWR below this is a caution (Gabbett 2016: under-preparation for a return to load)."""
    low_min_days: int = 8
    """The low side fires only from the 8th day in a row below ``low_ratio``: one planned
    easier week (the 3:1 cycle's recovery week) is not under-training; two weeks are."""
    low_min_ctl: float = 20.0
    """The low side fires only while chronic load (CTL, in the timeline's load units per day)
    is at least this: a low ratio on almost no training means nothing. 20 TSS/day is about
    140 TSS a week, i.e. regular training; set it for other load units (e.g. session-RPE)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, 0 < self.low_ratio < self.high_ratio, "low_ratio", "must be in (0, high)")
        require(self, self.low_min_ctl >= 0, "low_min_ctl", "must be >= 0")
        require(self, self.low_min_days >= 1, "low_min_days", "must be >= 1")


@dataclass(frozen=True)
class AcwrOutOfRange(Rule):
    """Warning above 1.5 (spike); caution below 0.8 when the chronic load is meaningful."""

    name: ClassVar[str] = "acwr_out_of_range"
    source: ClassVar[str] = "Gabbett 2016 (Br J Sports Med); Hulin et al. 2016 (Br J Sports Med)"
    params: AcwrOutOfRangeParams = field(default_factory=AcwrOutOfRangeParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        p = self.params
        acwr, ctl = timeline.acwr, timeline.ctl
        high = above(acwr, p.high_ratio)
        low = below(acwr, p.low_ratio) & ~below(ctl, p.low_min_ctl) & np.isfinite(ctl)
        low &= streak_lengths(below(acwr, p.low_ratio)) >= p.low_min_days
        alerts: list[Alert] = []
        for i in np.flatnonzero(high | low):
            alerts.append(self._high(timeline, int(i)) if high[i] else self._low(timeline, int(i)))
        return alerts

    def _high(self, t: AthleteTimeline, i: int) -> Alert:
        ratio = float(t.acwr[i])
        message = (
            f"Acute:chronic workload ratio {fmt(ratio, 2)} is above "
            f"{fmt(self.params.high_ratio, 1)}: this week's load is a spike over what you are "
            "used to, the range where injury risk rises (Gabbett 2016). Hold or reduce load "
            "for the next few days."
        )
        evidence: dict[str, float | str] = {"acwr": ratio, "limit": self.params.high_ratio}
        return self.alert(t, i, Severity.WARNING, message, evidence)

    def _low(self, t: AthleteTimeline, i: int) -> Alert:
        ratio = float(t.acwr[i])
        ctl = float(t.ctl[i])
        message = (
            f"Acute:chronic workload ratio {fmt(ratio, 2)} is below "
            f"{fmt(self.params.low_ratio, 1)} while your chronic load (CTL {fmt(ctl)}) is "
            "substantial: you are doing much less than you are used to. Fine for a planned "
            "taper or recovery week; otherwise build back gradually rather than jumping "
            "straight back to full load."
        )
        evidence: dict[str, float | str] = {
            "acwr": ratio,
            "ctl": ctl,
            "limit": self.params.low_ratio,
        }
        return self.alert(t, i, Severity.CAUTION, message, evidence)
