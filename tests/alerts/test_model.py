from __future__ import annotations

import pytest

from aicoach.alerts import InvalidRuleParamsError, Severity
from aicoach.alerts.hrv_below_band import HrvBelowBand, HrvBelowBandParams
from aicoach.alerts.model import fmt
from aicoach.alerts.monotony_strain import MonotonyStrain
from aicoach.alerts.sleep_debt import SleepDebtParams


def test_severity_order() -> None:
    shuffled = [Severity.URGENT, Severity.INFO, Severity.WARNING, Severity.CAUTION]
    assert sorted(shuffled) == [Severity.INFO, Severity.CAUTION, Severity.WARNING, Severity.URGENT]
    assert Severity.INFO < Severity.CAUTION < Severity.WARNING < Severity.URGENT
    assert Severity.URGENT >= Severity.URGENT > Severity.WARNING
    assert max(shuffled) is Severity.URGENT
    assert Severity("warning") is Severity.WARNING
    with pytest.raises(TypeError):
        _ = Severity.INFO < "caution"


def test_overrides_are_typed_and_checked() -> None:
    rule = HrvBelowBand()
    assert rule.with_overrides({"min_consecutive_days": 3}).params.min_consecutive_days == 3
    with pytest.raises(InvalidRuleParamsError, match="no parameter 'min_days'") as error:
        rule.with_overrides({"min_days": 3})
    assert error.value.rule == "hrv_below_band"
    assert error.value.parameter == "min_days"
    with pytest.raises(InvalidRuleParamsError, match="must be int"):
        rule.with_overrides({"min_consecutive_days": 2.5})
    with pytest.raises(InvalidRuleParamsError, match="must be int"):
        rule.with_overrides({"min_consecutive_days": True})
    with pytest.raises(InvalidRuleParamsError, match="warning_consecutive_days"):
        rule.with_overrides({"min_consecutive_days": 9})


def test_optional_and_float_parameters() -> None:
    rule = MonotonyStrain()
    changed = rule.with_overrides({"fixed_strain_threshold": 4000, "monotony_threshold": 2})
    assert changed.params.fixed_strain_threshold == 4000.0
    assert isinstance(changed.params.monotony_threshold, float)
    assert (
        changed.with_overrides({"fixed_strain_threshold": None}).params.fixed_strain_threshold
        is None
    )
    with pytest.raises(InvalidRuleParamsError, match="must be"):
        rule.with_overrides({"monotony_threshold": "2"})


def test_nan_parameters_are_rejected() -> None:
    with pytest.raises(InvalidRuleParamsError, match="finite"):
        SleepDebtParams(margin_h=float("nan"))


def test_with_params_needs_the_rules_own_type() -> None:
    rule = HrvBelowBand()
    assert (
        rule.with_params(HrvBelowBandParams(min_consecutive_days=4)).params.min_consecutive_days
        == 4
    )
    with pytest.raises(InvalidRuleParamsError, match="takes HrvBelowBandParams"):
        rule.with_params(SleepDebtParams())


def test_fmt() -> None:
    assert fmt(8.7) == "9"
    assert fmt(-0.2) == "0"
    assert fmt(3.856, 2) == "3.86"
    assert fmt(2.84, 1) == "2.8"
