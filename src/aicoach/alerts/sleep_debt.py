"""Sleep below the athlete's target for several nights in a row.

Sources: Watson NF et al. Recommended amount of sleep for a healthy adult: a joint consensus
statement of the American Academy of Sleep Medicine and Sleep Research Society. Sleep
2015;38:843-844 (adults need 7 h or more); Van Dongen HPA et al. The cumulative cost of
additional wakefulness. Sleep 2003;26:117-126 (deficits build up night after night under
chronic restriction); Fullagar HHK et al. Sleep and athletic performance. Sports Med
2015;45:161-186.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import below, streak_lengths
from aicoach.alerts.timeline import AthleteTimeline


@dataclass(frozen=True)
class SleepDebtParams(RuleParams):
    min_consecutive_nights: int = 3
    """Short nights in a row before a caution: one or two short nights are normal life; the
    cost of restriction accumulates across nights (Van Dongen 2003)."""
    warning_consecutive_nights: int = 7
    """A full week of short nights is a warning."""
    margin_h: float = 0.5
    """A night counts as short when it is below ``sleep_target_h - margin_h``: wearables
    misjudge sleep by about half an hour (de Zambotti 2019), so shorter gaps are noise."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.min_consecutive_nights >= 1, "min_consecutive_nights", "must be >= 1")
        require(
            self,
            self.warning_consecutive_nights >= self.min_consecutive_nights,
            "warning_consecutive_nights",
            "must be >= min_consecutive_nights",
        )
        require(self, self.margin_h >= 0, "margin_h", "must be >= 0")


@dataclass(frozen=True)
class SleepDebt(Rule):
    """Caution after 3 nights in a row below the sleep target; warning after a week."""

    name: ClassVar[str] = "sleep_debt"
    source: ClassVar[str] = "Watson et al. 2015 (Sleep); Van Dongen et al. 2003 (Sleep)"
    params: SleepDebtParams = field(default_factory=SleepDebtParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        limit = timeline.sleep_target_h - self.params.margin_h
        streak = streak_lengths(below(timeline.sleep_h, limit))
        return [
            self._alert(timeline, int(i), int(streak[i]))
            for i in np.flatnonzero(streak >= self.params.min_consecutive_nights)
        ]

    def _alert(self, t: AthleteTimeline, i: int, nights: int) -> Alert:
        slept = float(t.sleep_h[i])
        target = t.sleep_target_h
        debt = float(np.sum(target - t.sleep_h[i - nights + 1 : i + 1]))
        severity = (
            Severity.WARNING
            if nights >= self.params.warning_consecutive_nights
            else Severity.CAUTION
        )
        message = (
            f"You slept {fmt(slept, 1)} h last night, below your {fmt(target, 1)} h target "
            f"for {nights} nights in a row ({fmt(debt, 1)} h short in total). Aim for an "
            "earlier night and keep hard sessions for when you have slept."
        )
        evidence: dict[str, float | str] = {
            "sleep_h": slept,
            "sleep_target_h": target,
            "consecutive_nights": float(nights),
            "debt_h": debt,
        }
        return self.alert(t, i, severity, message, evidence)
