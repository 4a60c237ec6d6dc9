"""The shapes of the alert engine: severities, alerts, rule parameters and the rule base.

A rule is a frozen dataclass with one field, ``params`` (its own frozen ``RuleParams``
subclass whose defaults are documented with their sources), a class-level ``name`` and
``source``, and a pure ``evaluate(timeline) -> list[Alert]``.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import ClassVar, Self

from aicoach.alerts.timeline import AthleteTimeline
from aicoach.errors import InvalidRuleParamsError


class Severity(Enum):
    """How strongly an alert asks the athlete to act; ordered ``INFO < ... < URGENT``.

    - ``INFO``: worth knowing, no change needed.
    - ``CAUTION``: consider an easier day; keep an eye on it.
    - ``WARNING``: change today's plan (easy or rest) and watch for symptoms.
    - ``URGENT``: stop; no exercise today and/or seek medical advice.
    """

    INFO = "info"
    CAUTION = "caution"
    WARNING = "warning"
    URGENT = "urgent"

    @property
    def rank(self) -> int:
        """0 for ``INFO`` up to 3 for ``URGENT``."""
        return _SEVERITY_ORDER.index(self.value)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Severity):
            return NotImplemented
        return self.rank >= other.rank


_SEVERITY_ORDER = ("info", "caution", "warning", "urgent")


@dataclass(frozen=True)
class Alert:
    """One rule's finding on one day.

    ``message`` is plain English with the evidence numbers in it; ``evidence`` holds the same
    numbers (and matched words) by name, for the coach, charts and tests.
    """

    day: date
    rule: str
    severity: Severity
    message: str
    evidence: dict[str, float | str] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleParams:
    """Base of every rule's parameters: numbers must be real (a NaN would disable a rule)."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, float) and not math.isfinite(value):
                raise InvalidRuleParamsError(
                    f"parameter '{f.name}' must be a finite number, got {value}",
                    rule=type(self).__name__,
                    parameter=f.name,
                )


@dataclass(frozen=True)
class Rule(ABC):
    """Base of every alert rule: typed parameters in, alerts out, no side effects."""

    name: ClassVar[str]
    """Stable identifier, the module's name (e.g. ``"resting_hr_elevated"``)."""
    source: ClassVar[str]
    """The literature or guideline the rule and its defaults come from."""

    params: RuleParams

    @abstractmethod
    def evaluate(self, timeline: AthleteTimeline) -> list[Alert]:
        """Every alert this rule raises over the timeline, at most one per day."""

    def alert(
        self,
        timeline: AthleteTimeline,
        index: int,
        severity: Severity,
        message: str,
        evidence: dict[str, float | str],
    ) -> Alert:
        """An alert of this rule on day ``index`` of ``timeline``."""
        return Alert(timeline.day_at(index), self.name, severity, message, evidence)

    def with_params(self, params: RuleParams) -> Self:
        """This rule with other parameters of exactly its own parameter type."""
        expected = type(self.params)
        if type(params) is not expected:
            raise InvalidRuleParamsError(
                f"rule '{self.name}' takes {expected.__name__}, got {type(params).__name__}",
                rule=self.name,
            )
        return dataclasses.replace(self, params=params)

    def with_overrides(self, changes: Mapping[str, object]) -> Self:
        """This rule with some parameters changed by name; unknown names are an error."""
        params_type = type(self.params)
        hints = typing.get_type_hints(params_type)
        known = [f.name for f in dataclasses.fields(self.params)]
        coerced: dict[str, object] = {}
        for key, value in changes.items():
            if key not in known:
                raise InvalidRuleParamsError(
                    f"rule '{self.name}' has no parameter '{key}'; known: {', '.join(known)}",
                    rule=self.name,
                    parameter=key,
                )
            coerced[key] = _coerce(self.name, key, hints[key], value)
        try:
            params = dataclasses.replace(self.params, **coerced)
        except InvalidRuleParamsError as error:
            raise InvalidRuleParamsError(
                f"rule '{self.name}': {error.message}", rule=self.name, parameter=error.parameter
            ) from error
        return dataclasses.replace(self, params=params)


def _coerce(rule: str, key: str, hint: object, value: object) -> object:
    """``value`` checked against a parameter's annotation (float, int, bool, str, or X | None)."""
    allowed = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    for kind in allowed:
        if kind is type(None) and value is None:
            return None
        if kind is bool and isinstance(value, bool):
            return value
        if isinstance(value, bool):
            continue
        if kind is float and isinstance(value, int | float):
            return float(value)
        if kind is int and isinstance(value, int):
            return value
        if kind is str and isinstance(value, str):
            return value
    raise InvalidRuleParamsError(
        f"parameter '{key}' of rule '{rule}' must be {_hint_name(hint)}, got {value!r}",
        rule=rule,
        parameter=key,
    )


def _hint_name(hint: object) -> str:
    return getattr(hint, "__name__", None) or str(hint)


def fmt(value: float, digits: int = 0) -> str:
    """A number for a message: fixed decimals, no ``-0``."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def require(params: RuleParams, ok: bool, parameter: str, message: str) -> None:
    """Raise :class:`InvalidRuleParamsError` for ``parameter`` unless ``ok``."""
    if not ok:
        raise InvalidRuleParamsError(
            f"{parameter}: {message}", rule=type(params).__name__, parameter=parameter
        )
