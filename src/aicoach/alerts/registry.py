"""The registry of alert rules and ``evaluate_all``, the one entry point services call.

Rules are listed explicitly (no import-time registration): adding a rule means adding its
module and one line here. ``evaluate_all`` runs the chosen rules with optional parameter
overrides, keeps at most one alert per rule per day (the most severe) and sorts the result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from aicoach.alerts.acwr_out_of_range import AcwrOutOfRange
from aicoach.alerts.blood_pressure import BloodPressure
from aicoach.alerts.ctl_ramp import CtlRamp
from aicoach.alerts.exercise_hr_above_max import ExerciseHrAboveMax
from aicoach.alerts.hrv_below_band import HrvBelowBand
from aicoach.alerts.illness_pattern import IllnessPattern
from aicoach.alerts.model import Alert, Rule, RuleParams
from aicoach.alerts.monotony_strain import MonotonyStrain
from aicoach.alerts.red_flag_symptoms import RedFlagSymptoms
from aicoach.alerts.resting_hr_elevated import RestingHrElevated
from aicoach.alerts.sleep_debt import SleepDebt
from aicoach.alerts.spo2_low import Spo2Low
from aicoach.alerts.timeline import AthleteTimeline
from aicoach.errors import UnknownRuleError, UserError

ParamsOverride = RuleParams | Mapping[str, object]
"""A rule's full parameter object, or ``{parameter name: value}`` for some of them."""

_DEFAULT_RULES: tuple[Rule, ...] = (
    RedFlagSymptoms(),
    BloodPressure(),
    Spo2Low(),
    IllnessPattern(),
    RestingHrElevated(),
    HrvBelowBand(),
    SleepDebt(),
    AcwrOutOfRange(),
    MonotonyStrain(),
    CtlRamp(),
    ExerciseHrAboveMax(),
)


def default_rules() -> tuple[Rule, ...]:
    """Every registered rule with its default parameters (rules are immutable)."""
    return _DEFAULT_RULES


def rule_names() -> list[str]:
    """Names of every registered rule, in registry order."""
    return [rule.name for rule in _DEFAULT_RULES]


def get_rule(name: str) -> Rule:
    """The registered rule called ``name``, with default parameters."""
    for rule in _DEFAULT_RULES:
        if rule.name == name:
            return rule
    raise UnknownRuleError(
        f"unknown alert rule '{name}'; known rules: {', '.join(rule_names())}",
        name=name,
        known=rule_names(),
    )


def evaluate_all(
    timeline: AthleteTimeline,
    rules: Iterable[Rule | str] | None = None,
    params_overrides: Mapping[str, ParamsOverride] | None = None,
) -> list[Alert]:
    """Run ``rules`` (default: all registered) over ``timeline``.

    ``rules`` items are rule objects or registered names. ``params_overrides`` maps a rule
    name to new parameters; a name that is not among the rules being run, an unknown
    parameter or a wrong value type is an error, never silently ignored. The result has at
    most one alert per rule per day (the most severe; the first on a tie), sorted by day,
    then most severe first, then rule name.
    """
    chosen = _resolve(rules)
    overrides = dict(params_overrides or {})
    unknown = sorted(set(overrides) - set(chosen))
    if unknown:
        raise UnknownRuleError(
            f"parameter overrides for unknown or unselected rule(s) {', '.join(unknown)}; "
            f"rules being run: {', '.join(chosen)}",
            name=unknown[0],
            known=list(chosen),
        )
    best: dict[tuple[str, object], Alert] = {}
    for name, rule in chosen.items():
        for alert in _apply(rule, overrides.get(name)).evaluate(timeline):
            key = (alert.rule, alert.day)
            if key not in best or alert.severity > best[key].severity:
                best[key] = alert
    return sorted(best.values(), key=lambda a: (a.day, -a.severity.rank, a.rule))


def _resolve(rules: Iterable[Rule | str] | None) -> dict[str, Rule]:
    chosen: dict[str, Rule] = {}
    for item in _DEFAULT_RULES if rules is None else rules:
        rule = get_rule(item) if isinstance(item, str) else item
        if rule.name in chosen:
            raise UserError(f"alert rule '{rule.name}' is listed twice")
        chosen[rule.name] = rule
    return chosen


def _apply(rule: Rule, override: ParamsOverride | None) -> Rule:
    if override is None:
        return rule
    if isinstance(override, RuleParams):
        return rule.with_params(override)
    return rule.with_overrides(override)
