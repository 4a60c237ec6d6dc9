"""Weekly scheduling: which day each session of a week goes on, solved with OR-Tools CP-SAT.

Hard rules (never broken): each session on exactly one day; a day's minutes within what the
athlete has; nothing on unavailable days; at most one hard session a day and never two hard days
in a row, across last week's Sunday too (long sessions count as hard); at least the minimum rest
days (days without endurance or strength; mobility is allowed); at most ``max_sessions_per_day``
sessions and one endurance session a day; strength sessions sharing a muscle 48 h apart; no
strength on a hard endurance day.

Soft preferences (weighted, see ``schedule_model``): the long session on the preferred day; no
strength on the day before a hard session; strength on days without endurance; sessions spread
rather than stacked. Unmet preferences come back as ``WeekSchedule.notes``.

When the rules cannot all hold, ``ScheduleConflictError`` names the rules that clash and the
smallest change that makes the week fit (see ``schedule_conflicts``). The solve uses one worker
and a fixed seed, so the same input gives the same week.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from aicoach.domain.athlete import Weekday
from aicoach.errors import AicoachError, UserError
from aicoach.planning.rules import DEFAULT_RULES, PlanRules
from aicoach.planning.schedule_conflicts import Conflict, explain, precheck
from aicoach.planning.schedule_model import (
    SolveOutcome,
    WeekModel,
    WeekProblem,
    enforce_all,
    new_solver,
    outcome_of,
)
from aicoach.planning.schedule_types import (
    WEEK_DAYS,
    DemandKind,
    SessionDemand,
    WeekAvailability,
    WeekSchedule,
)

__all__ = [
    "DemandKind",
    "ScheduleConflictError",
    "SessionDemand",
    "WeekAvailability",
    "WeekSchedule",
    "schedule_week",
]


@dataclass
class ScheduleConflictError(UserError):
    """The week's sessions cannot all be placed under the rules.

    ``clashing`` names the rules that clash, in words; ``suggestion`` is the smallest change
    found that makes the week fit ("" when no single change does); ``alternatives`` are other
    single changes that also work.
    """

    clashing: tuple[str, ...] = ()
    suggestion: str = ""
    alternatives: tuple[str, ...] = ()


def schedule_week(
    demands: Sequence[SessionDemand],
    availability: WeekAvailability,
    rules: PlanRules = DEFAULT_RULES,
) -> WeekSchedule:
    """Place every demand on a day of the week, or raise ``ScheduleConflictError``."""
    _validate(demands, availability)
    problem = WeekProblem.from_rules(demands, availability, rules)
    obvious = precheck(problem)
    if obvious is not None:
        raise conflict_error(obvious)
    week = WeekModel(problem)
    enforce_all(week)
    week.add_preferences()
    solver = new_solver()
    outcome = outcome_of(solver.solve(week.model))
    if outcome is SolveOutcome.INFEASIBLE:
        raise conflict_error(explain(problem))
    if outcome is SolveOutcome.UNKNOWN:
        raise AicoachError("the scheduler found no week within its time limit")
    day_by_key = {
        demand.key: next(
            day for day in WEEK_DAYS if solver.boolean_value(week.place[demand.key, day])
        )
        for demand in problem.demands
    }
    return WeekSchedule(day_by_key=day_by_key, notes=tuple(unmet_preferences(problem, day_by_key)))


def conflict_error(conflict: Conflict) -> ScheduleConflictError:
    """The error for ``conflict``, with a message a person can act on."""
    clash = "; ".join(conflict.clashing) or "the rules clash"
    if conflict.suggestions:
        first, *others = conflict.suggestions
        change = first + "".join(f" (or {other})" for other in others)
        message = f"Can't fit this week: {clash}. Smallest change: {change}."
    else:
        message = (
            f"Can't fit this week: {clash}. No single change fixes it; drop sessions or add days."
        )
    return ScheduleConflictError(
        message=message,
        clashing=conflict.clashing,
        suggestion=conflict.suggestions[0] if conflict.suggestions else "",
        alternatives=conflict.suggestions[1:],
    )


def unmet_preferences(problem: WeekProblem, day_by_key: dict[str, Weekday]) -> Iterator[str]:
    """One sentence per soft preference the placement misses."""
    yield from _long_off_preferred_day(problem, day_by_key)
    yield from _strength_before_hard(problem, day_by_key)


def _long_off_preferred_day(problem: WeekProblem, day_by_key: dict[str, Weekday]) -> Iterator[str]:
    long_day = problem.availability.long_day
    if long_day is None:
        return
    for demand in problem.demands:
        if demand.long and day_by_key[demand.key] is not long_day:
            yield f"'{demand.key}' is on {day_by_key[demand.key]}, not the preferred {long_day}"


def _strength_before_hard(problem: WeekProblem, day_by_key: dict[str, Weekday]) -> Iterator[str]:
    index_of = {day: index for index, day in enumerate(WEEK_DAYS)}
    for session in problem.demands:
        if session.kind is not DemandKind.STRENGTH:
            continue
        for hard in problem.demands:
            if (
                hard.is_hard
                and index_of[day_by_key[hard.key]] == index_of[day_by_key[session.key]] + 1
            ):
                yield f"'{session.key}' is the day before hard '{hard.key}'"


def _validate(demands: Sequence[SessionDemand], availability: WeekAvailability) -> None:
    keys = [demand.key for demand in demands]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise UserError(f"session keys must be unique; repeated: {', '.join(duplicates)}")
    for demand in demands:
        if not demand.duration_min > 0:
            raise UserError(f"'{demand.key}': duration_min must be > 0, got {demand.duration_min}")
    rest = availability.min_rest_days
    if rest is not None and not 0 <= rest <= len(WEEK_DAYS):
        raise UserError(f"min_rest_days must be between 0 and 7, got {rest}")
    if availability.max_sessions_per_day < 1:
        raise UserError(
            f"max_sessions_per_day must be at least 1, got {availability.max_sessions_per_day}"
        )
