"""Blood pressure categories and the product's exercise limits, at the boundaries."""

from __future__ import annotations

import pytest

from aicoach.alerts import (
    AthleteTimeline,
    BpCategory,
    InvalidRuleParamsError,
    Severity,
    classify_bp,
    evaluate_all,
)
from aicoach.alerts.blood_pressure import BloodPressure, BloodPressureParams
from tests.alerts.support import FIRST_DAY


@pytest.mark.parametrize(
    ("systolic", "diastolic", "category"),
    [
        (119, 79, BpCategory.NORMAL),
        (120, 79, BpCategory.ELEVATED),
        (129, 79, BpCategory.ELEVATED),
        (130, 79, BpCategory.STAGE_1),
        (120, 80, BpCategory.STAGE_1),
        (139, 89, BpCategory.STAGE_1),
        (140, 60, BpCategory.STAGE_2),
        (118, 90, BpCategory.STAGE_2),
        (180, 120, BpCategory.STAGE_2),
        (181, 80, BpCategory.CRISIS),
        (150, 121, BpCategory.CRISIS),
    ],
)
def test_acc_aha_categories(systolic: int, diastolic: int, category: BpCategory) -> None:
    assert classify_bp(systolic, diastolic) is category


def _severity(systolic: float, diastolic: float, clearance: bool = False) -> Severity | None:
    timeline = AthleteTimeline.build(
        FIRST_DAY, 1, systolic_mmhg=[systolic], diastolic_mmhg=[diastolic], bp_clearance=clearance
    )
    alerts = BloodPressure().evaluate(timeline)
    assert len(alerts) <= 1
    return alerts[0].severity if alerts else None


@pytest.mark.parametrize(
    ("systolic", "diastolic", "clearance", "expected"),
    [
        (118, 75, False, None),
        (139, 89, False, None),
        (140, 85, False, Severity.CAUTION),
        (135, 90, False, Severity.CAUTION),
        (159, 99, False, Severity.CAUTION),
        (159, 99, True, Severity.CAUTION),
        (160, 100, False, Severity.WARNING),
        (160, 80, False, Severity.WARNING),
        (140, 100, False, Severity.WARNING),
        (160, 100, True, Severity.CAUTION),
        (179, 109, False, Severity.WARNING),
        (179, 109, True, Severity.CAUTION),
        (180, 110, False, Severity.URGENT),
        (180, 110, True, Severity.URGENT),
        (180, 70, False, Severity.URGENT),
        (125, 110, True, Severity.URGENT),
        (200, 125, False, Severity.URGENT),
    ],
)
def test_exercise_limits(
    systolic: int, diastolic: int, clearance: bool, expected: Severity | None
) -> None:
    assert _severity(systolic, diastolic, clearance) is expected


def test_messages_show_the_reading_and_the_limit() -> None:
    timeline = AthleteTimeline.build(
        FIRST_DAY, 3, systolic_mmhg=[180, 182, 165], diastolic_mmhg=[110, 105, 98]
    )
    urgent, crisis, light = BloodPressure().evaluate(timeline)
    assert urgent.message.startswith(
        "Resting blood pressure 180/110 mmHg is at or above 180/110: no exercise today."
    )
    assert "hypertensive crisis" not in urgent.message
    assert "hypertensive crisis range" in crisis.message
    assert crisis.evidence["category"] == "hypertensive_crisis"
    assert light.message.startswith(
        "Resting blood pressure 165/98 mmHg is at or above 160/100 and there is no medical "
        "clearance on file: light activity only today"
    )


def test_a_reading_needs_both_numbers() -> None:
    timeline = AthleteTimeline.build(
        FIRST_DAY, 3, systolic_mmhg=[200, None, None], diastolic_mmhg=[None, 120, None]
    )
    assert BloodPressure().evaluate(timeline) == []


def test_safety_limits_may_be_stricter_never_looser() -> None:
    stricter = BloodPressure().with_overrides({"no_exercise_systolic_mmhg": 170})
    timeline = AthleteTimeline.build(FIRST_DAY, 1, systolic_mmhg=[175], diastolic_mmhg=[95])
    assert stricter.evaluate(timeline)[0].severity is Severity.URGENT
    with pytest.raises(InvalidRuleParamsError, match="safety limit"):
        BloodPressureParams(no_exercise_systolic_mmhg=190)
    with pytest.raises(InvalidRuleParamsError, match="safety limit"):
        BloodPressureParams(light_only_diastolic_mmhg=105)
    with pytest.raises(InvalidRuleParamsError, match="blood_pressure"):
        evaluate_all(
            timeline, params_overrides={"blood_pressure": {"no_exercise_diastolic_mmhg": 120}}
        )
