"""The registry: names, overrides, one alert per rule per day, ordering."""

from __future__ import annotations

import dataclasses
import importlib
from dataclasses import dataclass, field
from typing import ClassVar

import pytest

from aicoach.alerts import (
    Alert,
    AthleteTimeline,
    InvalidRuleParamsError,
    Rule,
    RuleParams,
    Severity,
    UnknownRuleError,
    default_rules,
    evaluate_all,
    get_rule,
    rule_names,
)
from aicoach.alerts.sleep_debt import SleepDebtParams
from aicoach.errors import UserError
from tests.alerts.support import FIRST_DAY, fired_on

EXPECTED_RULES = {
    "hrv_below_band",
    "resting_hr_elevated",
    "illness_pattern",
    "acwr_out_of_range",
    "monotony_strain",
    "ctl_ramp",
    "sleep_debt",
    "blood_pressure",
    "spo2_low",
    "exercise_hr_above_max",
    "red_flag_symptoms",
}


def test_every_rule_is_registered_once_and_lives_in_its_own_module() -> None:
    names = rule_names()
    assert len(names) == len(set(names))
    assert set(names) == EXPECTED_RULES
    for rule in default_rules():
        module = importlib.import_module(f"aicoach.alerts.{rule.name}")
        assert type(rule).__module__ == module.__name__
        assert rule.source
        assert module.__doc__
        assert dataclasses.is_dataclass(rule.params)
        assert type(rule.params).__dataclass_params__.frozen  # type: ignore[attr-defined]
        assert type(rule.params)() == rule.params  # every default documented in code


def test_get_rule_and_unknown_names() -> None:
    assert get_rule("sleep_debt").name == "sleep_debt"
    with pytest.raises(UnknownRuleError, match="unknown alert rule 'sleep'") as error:
        get_rule("sleep")
    assert "sleep_debt" in error.value.known


def _busy_timeline() -> AthleteTimeline:
    return AthleteTimeline.build(
        FIRST_DAY,
        5,
        sleep_h=[6.0, 6.4, 5.5, 6.2, 8.0],
        spo2_pct=[97, 96, 91, 86, 97],
        systolic_mmhg=[120, 150, 185, 130, 121],
        diastolic_mmhg=[78, 92, 100, 85, 79],
        notes={3: "chest pain on the stairs"},
    )


def test_evaluate_all_sorts_by_day_then_most_severe_first() -> None:
    timeline = _busy_timeline()
    alerts = evaluate_all(timeline)
    listed = [(timeline.index_of(a.day), a.rule, a.severity) for a in alerts]
    assert listed == [
        (1, "blood_pressure", Severity.CAUTION),
        (2, "blood_pressure", Severity.URGENT),
        (2, "spo2_low", Severity.WARNING),
        (2, "sleep_debt", Severity.CAUTION),
        (3, "red_flag_symptoms", Severity.URGENT),
        (3, "spo2_low", Severity.URGENT),
        (3, "sleep_debt", Severity.CAUTION),
    ]


def test_rules_by_name_and_overrides() -> None:
    timeline = _busy_timeline()
    alerts = evaluate_all(
        timeline,
        rules=["sleep_debt"],
        params_overrides={"sleep_debt": {"min_consecutive_nights": 2}},
    )
    assert fired_on(alerts, timeline) == [1, 2, 3]
    alerts = evaluate_all(
        timeline,
        rules=["sleep_debt"],
        params_overrides={"sleep_debt": SleepDebtParams(min_consecutive_nights=4)},
    )
    assert fired_on(alerts, timeline) == [3]


def test_bad_rule_lists_and_overrides_are_clear_errors() -> None:
    timeline = _busy_timeline()
    with pytest.raises(UnknownRuleError, match="sleep_dept") as error:
        evaluate_all(timeline, params_overrides={"sleep_dept": {"min_consecutive_nights": 2}})
    assert error.value.name == "sleep_dept"
    with pytest.raises(UnknownRuleError, match=r"unknown or unselected rule.*spo2_low"):
        evaluate_all(timeline, rules=["sleep_debt"], params_overrides={"spo2_low": {}})
    with pytest.raises(UnknownRuleError, match="bogus"):
        evaluate_all(timeline, rules=["bogus"])
    with pytest.raises(UserError, match="listed twice"):
        evaluate_all(timeline, rules=["sleep_debt", get_rule("sleep_debt")])
    with pytest.raises(InvalidRuleParamsError, match="no parameter 'nights'"):
        evaluate_all(timeline, params_overrides={"sleep_debt": {"nights": 2}})
    with pytest.raises(InvalidRuleParamsError, match="takes SleepDebtParams"):
        evaluate_all(timeline, params_overrides={"sleep_debt": RuleParams()})


@dataclass(frozen=True)
class _NoisyParams(RuleParams):
    pass


@dataclass(frozen=True)
class _NoisyRule(Rule):
    """A test rule that breaks the one-per-day contract, to check evaluate_all enforces it."""

    name: ClassVar[str] = "noisy"
    source: ClassVar[str] = "tests"
    params: _NoisyParams = field(default_factory=_NoisyParams)

    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        return [
            self.alert(timeline, 1, Severity.CAUTION, "first", {}),
            self.alert(timeline, 0, Severity.INFO, "day 0", {}),
            self.alert(timeline, 1, Severity.WARNING, "most severe", {}),
            self.alert(timeline, 1, Severity.WARNING, "later tie", {}),
            self.alert(timeline, 1, Severity.INFO, "least", {}),
        ]


def test_at_most_one_alert_per_rule_per_day_keeping_the_most_severe() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 2)
    alerts = evaluate_all(timeline, rules=[_NoisyRule()])
    assert [(a.day, a.message) for a in alerts] == [
        (timeline.day_at(0), "day 0"),
        (timeline.day_at(1), "most severe"),
    ]
