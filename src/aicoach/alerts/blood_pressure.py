"""Resting blood pressure: ACC/AHA 2017 categories mapped onto the product's exercise limits.

Categories: Whelton PK et al. 2017 ACC/AHA guideline for the prevention, detection,
evaluation, and management of high blood pressure in adults. Hypertension 2018;71:e13-e115:
normal < 120 and < 80; elevated 120-129 and < 80; stage 1 130-139 or 80-89; stage 2 >= 140
or >= 90; hypertensive crisis > 180 and/or > 120 mmHg.

Exercise limits are the product's safety rules (DESIGN.md), which win over the categories:
resting BP >= 180/110 -> no exercise that day (urgent); >= 160/100 without medical clearance
-> light activity only (warning; caution with clearance); stage 2 -> caution. Parameters may
make these limits stricter, never looser. A reading needs both numbers; a day with either
missing never fires.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import ClassVar

import numpy as np

from aicoach.alerts.model import Alert, Rule, RuleParams, Severity, fmt, require
from aicoach.alerts.series import all_finite
from aicoach.alerts.timeline import AthleteTimeline

NO_EXERCISE_LIMIT_MMHG = (180.0, 110.0)
"""DESIGN.md: resting BP at or above this (systolic or diastolic): no exercise that day."""
LIGHT_ONLY_LIMIT_MMHG = (160.0, 100.0)
"""DESIGN.md: resting BP at or above this without medical clearance: light activity only."""


class BpCategory(StrEnum):
    """Blood pressure categories of the 2017 ACC/AHA guideline."""

    NORMAL = "normal"
    ELEVATED = "elevated"
    STAGE_1 = "stage_1_hypertension"
    STAGE_2 = "stage_2_hypertension"
    CRISIS = "hypertensive_crisis"


def classify_bp(systolic_mmhg: float, diastolic_mmhg: float) -> BpCategory:
    """The ACC/AHA 2017 category of one reading; the higher of the two numbers decides."""
    if systolic_mmhg > 180 or diastolic_mmhg > 120:
        return BpCategory.CRISIS
    if systolic_mmhg >= 140 or diastolic_mmhg >= 90:
        return BpCategory.STAGE_2
    if systolic_mmhg >= 130 or diastolic_mmhg >= 80:
        return BpCategory.STAGE_1
    if systolic_mmhg >= 120:
        return BpCategory.ELEVATED
    return BpCategory.NORMAL


@dataclass(frozen=True)
class BloodPressureParams(RuleParams):
    caution_systolic_mmhg: float = 140.0
    """Stage 2 hypertension, systolic (ACC/AHA 2017): caution."""
    caution_diastolic_mmhg: float = 90.0
    """Stage 2 hypertension, diastolic (ACC/AHA 2017): caution."""
    light_only_systolic_mmhg: float = LIGHT_ONLY_LIMIT_MMHG[0]
    """DESIGN.md: at or above, without clearance, light activity only (warning)."""
    light_only_diastolic_mmhg: float = LIGHT_ONLY_LIMIT_MMHG[1]
    """DESIGN.md: at or above, without clearance, light activity only (warning)."""
    no_exercise_systolic_mmhg: float = NO_EXERCISE_LIMIT_MMHG[0]
    """DESIGN.md: at or above, no exercise that day (urgent)."""
    no_exercise_diastolic_mmhg: float = NO_EXERCISE_LIMIT_MMHG[1]
    """DESIGN.md: at or above, no exercise that day (urgent)."""

    def __post_init__(self) -> None:
        RuleParams.__post_init__(self)
        systolic = (
            self.caution_systolic_mmhg,
            self.light_only_systolic_mmhg,
            self.no_exercise_systolic_mmhg,
        )
        diastolic = (
            self.caution_diastolic_mmhg,
            self.light_only_diastolic_mmhg,
            self.no_exercise_diastolic_mmhg,
        )
        for name, levels in (("systolic", systolic), ("diastolic", diastolic)):
            require(self, 0 < levels[0] <= levels[1] <= levels[2], name, "limits must rise")
        for key, value, limit in (
            ("light_only_systolic_mmhg", systolic[1], LIGHT_ONLY_LIMIT_MMHG[0]),
            ("light_only_diastolic_mmhg", diastolic[1], LIGHT_ONLY_LIMIT_MMHG[1]),
            ("no_exercise_systolic_mmhg", systolic[2], NO_EXERCISE_LIMIT_MMHG[0]),
            ("no_exercise_diastolic_mmhg", diastolic[2], NO_EXERCISE_LIMIT_MMHG[1]),
        ):
            require(
                self, value <= limit, key, f"a safety limit; may be stricter, not above {limit:g}"
            )


@dataclass(frozen=True)
class BloodPressure(Rule):
    """Urgent at >= 180/110, warning at >= 160/100 without clearance, caution at stage 2."""

    name: ClassVar[str] = "blood_pressure"
    source: ClassVar[str] = "Whelton et al. 2017 ACC/AHA guideline (Hypertension 2018); DESIGN.md"
    params: BloodPressureParams = field(default_factory=BloodPressureParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        known = all_finite(timeline.systolic_mmhg, timeline.diastolic_mmhg)
        alerts: list[Alert] = []
        for i in np.flatnonzero(known):
            alert = self._check(timeline, int(i))
            if alert is not None:
                alerts.append(alert)
        return alerts

    def _check(self, t: AthleteTimeline, i: int) -> Alert | None:
        p = self.params
        sys_, dia = float(t.systolic_mmhg[i]), float(t.diastolic_mmhg[i])
        reading = f"Resting blood pressure {fmt(sys_)}/{fmt(dia)} mmHg"
        category = classify_bp(sys_, dia)
        if sys_ >= p.no_exercise_systolic_mmhg or dia >= p.no_exercise_diastolic_mmhg:
            limit = f"{fmt(p.no_exercise_systolic_mmhg)}/{fmt(p.no_exercise_diastolic_mmhg)}"
            message = (
                f"{reading} is at or above {limit}: no exercise today. Sit quietly for 5 "
                "minutes and measure again; if it stays this high, contact a doctor today."
            )
            if category is BpCategory.CRISIS:
                message += (
                    " This is the hypertensive crisis range: with chest pain, a severe "
                    "headache, breathlessness, confusion, weakness or vision changes, call "
                    "emergency services now."
                )
            return self._alert(t, i, Severity.URGENT, message, category)
        if sys_ >= p.light_only_systolic_mmhg or dia >= p.light_only_diastolic_mmhg:
            limit = f"{fmt(p.light_only_systolic_mmhg)}/{fmt(p.light_only_diastolic_mmhg)}"
            if t.bp_clearance:
                message = (
                    f"{reading} is at or above {limit}. You have medical clearance, so "
                    "training can go ahead, but skip maximal efforts and breath-holding under "
                    "heavy loads today, and keep your doctor informed."
                )
                return self._alert(t, i, Severity.CAUTION, message, category)
            message = (
                f"{reading} is at or above {limit} and there is no medical clearance on file: "
                "light activity only today (e.g. an easy walk), and have your blood pressure "
                "checked by a doctor before training hard."
            )
            return self._alert(t, i, Severity.WARNING, message, category)
        if sys_ >= p.caution_systolic_mmhg or dia >= p.caution_diastolic_mmhg:
            limit = f"{fmt(p.caution_systolic_mmhg)}/{fmt(p.caution_diastolic_mmhg)}"
            message = (
                f"{reading} is at or above {limit}, the stage 2 hypertension range (ACC/AHA "
                "2017). Training is fine if you feel well; measure again at rest, and see a "
                "doctor if it stays this high."
            )
            return self._alert(t, i, Severity.CAUTION, message, category)
        return None

    def _alert(
        self, t: AthleteTimeline, i: int, severity: Severity, message: str, category: BpCategory
    ) -> Alert:
        evidence: dict[str, float | str] = {
            "systolic_mmhg": float(t.systolic_mmhg[i]),
            "diastolic_mmhg": float(t.diastolic_mmhg[i]),
            "category": category.value,
            "bp_clearance": "yes" if t.bp_clearance else "no",
        }
        return self.alert(t, i, severity, message, evidence)
