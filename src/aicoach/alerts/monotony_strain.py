"""High training monotony together with high weekly strain (Foster 1998).

Source: Foster C. Monitoring training in athletes with reference to overtraining syndrome.
Med Sci Sports Exerc 1998;30:1164-1168. Monotony = mean daily load / SD of daily load over a
week; strain = weekly load x monotony. Foster found most illnesses followed weeks of high
strain and monotony above ~2, with each athlete's own strain threshold, so strain is compared
with the athlete's own history (a high percentile) or with a fixed, user-set threshold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import above
from aicoach.alerts.timeline import AthleteTimeline
from aicoach.domain.activity import FloatArray


@dataclass(frozen=True)
class MonotonyStrainParams(RuleParams):
    monotony_threshold: float = 2.0
    """Monotony above this is "monotonous" training (Foster 1998)."""
    strain_percentile: float = 90.0
    """Strain above this percentile of the athlete's own previous days counts as high."""
    min_history_days: int = 28
    """Days of earlier strain values needed before the percentile is trusted."""
    fixed_strain_threshold: float | None = None
    """Optional fixed strain limit in the timeline's load units (``None`` = off, because
    strain's scale depends on the load measure: TSS, TRIMP, session-RPE)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        require(self, self.monotony_threshold > 0, "monotony_threshold", "must be > 0")
        require(self, 0 < self.strain_percentile < 100, "strain_percentile", "must be in (0, 100)")
        require(self, self.min_history_days >= 1, "min_history_days", "must be >= 1")


@dataclass(frozen=True)
class MonotonyStrain(Rule):
    """Caution when monotony is above 2 and strain above the athlete's own high percentile."""

    name: ClassVar[str] = "monotony_strain"
    source: ClassVar[str] = "Foster 1998 (Med Sci Sports Exerc)"
    params: MonotonyStrainParams = field(default_factory=MonotonyStrainParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        p = self.params
        strain = timeline.strain
        candidates = above(timeline.monotony, p.monotony_threshold) & np.isfinite(strain)
        alerts: list[Alert] = []
        for i in np.flatnonzero(candidates):
            limit = self._strain_limit(strain, int(i))
            if limit is not None:
                alerts.append(self._alert(timeline, int(i), *limit))
        return alerts

    def _strain_limit(self, strain: FloatArray, i: int) -> tuple[float, str] | None:
        """The exceeded strain limit on day ``i`` and its kind, or ``None``."""
        value = float(strain[i])
        history = strain[:i][np.isfinite(strain[:i])]
        if history.size >= self.params.min_history_days:
            own = float(np.percentile(history, self.params.strain_percentile))
            if value > own:
                return own, "percentile"
        fixed = self.params.fixed_strain_threshold
        if fixed is not None and value > fixed:
            return fixed, "fixed"
        return None

    def _alert(self, t: AthleteTimeline, i: int, limit: float, kind: str) -> Alert:
        monotony = float(t.monotony[i])
        strain = float(t.strain[i])
        limit_text = (
            f"your own {fmt(self.params.strain_percentile)}th percentile of {fmt(limit)}"
            if kind == "percentile"
            else f"your limit of {fmt(limit)}"
        )
        message = (
            f"Training monotony {fmt(monotony, 1)} (above "
            f"{fmt(self.params.monotony_threshold, 1)}) with weekly strain {fmt(strain)}, "
            f"above {limit_text}: much the same load every day with little rest. Foster "
            "(1998) linked this pattern to illness; put in a real easy or rest day."
        )
        evidence: dict[str, float | str] = {
            "monotony": monotony,
            "strain": strain,
            "strain_limit": limit,
            "strain_limit_kind": kind,
        }
        return self.alert(t, i, Severity.CAUTION, message, evidence)
