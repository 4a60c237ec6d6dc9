"""Health early-warning rules over a timeline of measurements and analytics results.

Pure and deterministic: :func:`evaluate_all` takes an :class:`AthleteTimeline` and returns
:class:`Alert` values, at most one per rule per day, each with a :class:`Severity` and a
plain-English message that shows its numbers. One rule per module, each with typed,
documented parameters; the registry lists them.
"""

from aicoach.alerts.blood_pressure import BpCategory, classify_bp
from aicoach.alerts.model import Alert, Rule, RuleParams, Severity
from aicoach.alerts.red_flag_symptoms import RedFlagMatch, find_red_flags
from aicoach.alerts.red_flag_terms import RedFlag, stop_and_refer_message
from aicoach.alerts.registry import default_rules, evaluate_all, get_rule, rule_names
from aicoach.alerts.timeline import SERIES_FIELDS, AthleteTimeline
from aicoach.errors import InvalidRuleParamsError, UnknownRuleError

__all__ = [
    "SERIES_FIELDS",
    "Alert",
    "AthleteTimeline",
    "BpCategory",
    "InvalidRuleParamsError",
    "RedFlag",
    "RedFlagMatch",
    "Rule",
    "RuleParams",
    "Severity",
    "UnknownRuleError",
    "classify_bp",
    "default_rules",
    "evaluate_all",
    "find_red_flags",
    "get_rule",
    "rule_names",
    "stop_and_refer_message",
]
