"""ACWR out of range, monotony with strain, CTL ramp: known answers on crafted days."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.alerts import AthleteTimeline, Severity
from aicoach.alerts.acwr_out_of_range import AcwrOutOfRange
from aicoach.alerts.ctl_ramp import CtlRamp
from aicoach.alerts.monotony_strain import MonotonyStrain
from tests.alerts.support import FIRST_DAY, fired_on


def test_acwr_high_warning_and_low_caution_with_meaningful_chronic_load() -> None:
    acwr = [1.0, 1.2, 1.51, 1.5, 0.79, 0.7, 0.6, None, 1.9, 0.8, float("inf")]
    ctl = [30, 31, 32, 33, 30, 15, None, 30, 10, 30, 30]
    timeline = AthleteTimeline.build(FIRST_DAY, 11, acwr=acwr, ctl=ctl)
    alerts = AcwrOutOfRange().with_overrides({"low_min_days": 1}).evaluate(timeline)
    # 1.5 is not above 1.5; 0.7 with CTL 15 and 0.6 with unknown CTL stay quiet; a spike
    # fires whatever the chronic load; 0.8 is not below 0.8; an infinite ratio is no data
    assert fired_on(alerts, timeline) == [2, 4, 8]
    assert [a.severity for a in alerts] == [Severity.WARNING, Severity.CAUTION, Severity.WARNING]
    assert alerts[0].message.startswith("Acute:chronic workload ratio 1.51 is above 1.5")
    assert "0.79 is below 0.8 while your chronic load (CTL 30)" in alerts[1].message


def test_acwr_low_side_threshold_is_a_parameter() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 2, acwr=[0.7, 0.6], ctl=[15, 8])
    assert AcwrOutOfRange().evaluate(timeline) == []
    rule = AcwrOutOfRange().with_overrides({"low_min_ctl": 10.0, "low_min_days": 1})
    assert fired_on(rule.evaluate(timeline), timeline) == [0]


def test_acwr_low_side_needs_more_than_one_easier_week() -> None:
    """A planned recovery week (7 days below 0.8) is quiet; the 8th day in a row fires."""
    acwr = [0.7] * 7 + [1.0] + [0.7] * 9
    timeline = AthleteTimeline.build(FIRST_DAY, len(acwr), acwr=acwr, ctl=40.0)
    assert fired_on(AcwrOutOfRange().evaluate(timeline), timeline) == [15, 16]


def _monotony_timeline() -> AthleteTimeline:
    n = 36
    strain = 1000.0 + 30.0 * np.arange(n)
    monotony = np.full(n, 1.5)
    monotony[10], strain[10] = 2.5, 5000.0  # short history: no percentile yet
    monotony[30], strain[30] = 2.3, 2600.0  # above the own 90th percentile
    monotony[31], strain[31] = 2.3, 1200.0  # monotonous but low strain
    monotony[32], strain[32] = 1.8, 3000.0  # high strain but varied
    monotony[33], strain[33] = 2.0, 3000.0  # 2.0 is not above 2
    monotony[34], strain[34] = 2.1, np.nan
    monotony[35], strain[35] = np.nan, 3000.0
    return AthleteTimeline.build(FIRST_DAY, n, monotony=monotony, strain=strain)


def test_monotony_with_strain_above_own_percentile() -> None:
    timeline = _monotony_timeline()
    alerts = MonotonyStrain().evaluate(timeline)
    assert fired_on(alerts, timeline) == [30]
    history = timeline.strain[:30]
    expected_limit = float(np.percentile(history, 90))
    assert alerts[0].evidence["strain_limit"] == pytest.approx(expected_limit)
    assert alerts[0].evidence["strain_limit_kind"] == "percentile"
    assert alerts[0].severity is Severity.CAUTION
    assert alerts[0].message.startswith(
        f"Training monotony 2.3 (above 2.0) with weekly strain 2600, above your own 90th "
        f"percentile of {expected_limit:.0f}"
    )


def test_monotony_with_fixed_strain_threshold() -> None:
    timeline = _monotony_timeline()
    rule = MonotonyStrain().with_overrides({"fixed_strain_threshold": 4000.0})
    alerts = rule.evaluate(timeline)
    assert fired_on(alerts, timeline) == [10, 30]
    assert alerts[0].evidence["strain_limit_kind"] == "fixed"
    assert "above your limit of 4000" in alerts[0].message


def test_ctl_ramp_caution_and_warning() -> None:
    ramp = [5.0, 7.0, 7.5, 10.0, 10.5, None, -3.0, 12.0]
    ctl = [40, 42, 45, 50, 55, 56, 54, None]
    timeline = AthleteTimeline.build(FIRST_DAY, 8, ctl_ramp_per_week=ramp, ctl=ctl)
    alerts = CtlRamp().evaluate(timeline)
    assert fired_on(alerts, timeline) == [2, 3, 4, 7]
    assert [a.severity for a in alerts] == [
        Severity.CAUTION,
        Severity.CAUTION,
        Severity.WARNING,
        Severity.WARNING,
    ]
    assert alerts[2].message.startswith(
        "Fitness (CTL) rose 10.5 to 55.0 in the last 7 days, more than 10 per week"
    )
    assert "ctl" not in alerts[3].evidence
