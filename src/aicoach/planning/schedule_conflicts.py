"""Why a week cannot be scheduled, and the smallest change that would make it fit.

Cheap obvious cases (a session longer than any day it may go on) are explained without the
solver. Otherwise CP-SAT runs with one assumption literal per constraint group; the groups in
its infeasibility core, shrunk to a minimal set by deletion, are the clash. The suggestion is
the first relaxation that makes the week fit, tried in this order (smallest change first):
raise one day's minutes, add one day, make one hard session easy, shorten one long session,
drop one session. Safety rules (hard spacing, rest days, 48 h per muscle) are never relaxed.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aicoach.domain.athlete import Weekday
from aicoach.planning.schedule_model import (
    ConstraintGroup,
    GroupKind,
    SolveOutcome,
    WeekModel,
    WeekProblem,
    is_feasible,
    min_minutes_needed_on,
    new_solver,
    outcome_of,
)
from aicoach.planning.schedule_types import WEEK_DAYS, DemandKind, SessionDemand, WeekAvailability

WHOLE_DAY_MIN = 24 * 60.0
"""A relaxed day's minutes: enough for anything, so the solver tells what is needed."""
MINUTES_ROUNDING = 5
"""Suggested minutes are rounded up to whole 5 minutes."""
SHORTEST_LONG_FRACTION = 0.5
"""A long session is never suggested shorter than half of what was asked."""
MAX_ALTERNATIVES = 1

DROP_ORDER = {DemandKind.MOBILITY: 0, DemandKind.STRENGTH: 1, DemandKind.ENDURANCE: 2}


@dataclass(frozen=True, slots=True)
class Conflict:
    """The clashing rules in words, and suggestions, smallest first (maybe none)."""

    clashing: tuple[str, ...]
    suggestions: tuple[str, ...]


def round_up_minutes(minutes: float) -> float:
    return float(math.ceil(minutes / MINUTES_ROUNDING - 1e-9) * MINUTES_ROUNDING)


def day_list(days: Sequence[Weekday]) -> str:
    return ", ".join(days) if days else "no day"


# -- pre-checks without the solver -------------------------------------------------------------


def precheck(week: WeekProblem) -> Conflict | None:
    """A conflict for the first session that no allowed day can hold, else ``None``."""
    for demand in week.demands:
        conflict = _session_too_long(demand, week.availability)
        if conflict is not None:
            return conflict
    return None


def _session_too_long(demand: SessionDemand, availability: WeekAvailability) -> Conflict | None:
    if demand.fixed_day is not None and not availability.is_available(demand.fixed_day):
        day = demand.fixed_day
        return Conflict(
            clashing=(f"'{demand.key}' is fixed on {day}, but {day} is not available",),
            suggestions=(f"make {day} available ({round_up_minutes(demand.duration_min):g} min)",),
        )
    allowed = [demand.fixed_day] if demand.fixed_day else list(availability.available_days())
    if not allowed:
        return Conflict(
            clashing=("no day is available this week",),
            suggestions=(f"add a day with {round_up_minutes(demand.duration_min):g} min",),
        )
    best = max(allowed, key=availability.minutes_on)
    best_min = availability.minutes_on(best)
    if demand.duration_min <= best_min:
        return None
    return Conflict(
        clashing=(
            f"minutes available on {best} ({best_min:g}) < '{demand.key}' "
            f"({demand.duration_min:g} min)",
        ),
        suggestions=(
            f"raise {best} from {best_min:g} to {round_up_minutes(demand.duration_min):g} min",
            f"shorten '{demand.key}' to {math.floor(best_min):g} min",
        ),
    )


# -- the clash: a minimal infeasible set of constraint groups ---------------------------------


SAFETY_GROUPS = frozenset(
    {
        GroupKind.HARD_SPACING,
        GroupKind.HARD_AFTER_LAST_WEEK,
        GroupKind.REST_DAYS,
        GroupKind.STRENGTH_SPACING,
        GroupKind.STRENGTH_WITH_HARD,
    }
)


def _deletion_order(group: ConstraintGroup, week: WeekProblem) -> int:
    """Groups tried for deletion first are the least telling: a day's minutes, then the
    per-day session limits, then closed days; safety rules last, so the clash names them."""
    if group.kind is GroupKind.DAY_MINUTES:
        return 3 if _is_closed(group, week) else 0
    if group.kind in SAFETY_GROUPS:
        return 4
    if group.kind is GroupKind.FIXED_DAY:
        return 2
    return 1


def clashing_groups(week: WeekProblem) -> tuple[ConstraintGroup, ...]:
    """A minimal set of constraint groups that cannot all hold (empty if none found).

    Deletion starts from every group, least telling first, so that when a safety rule is
    enough to explain the clash it is the one named."""
    model = WeekModel(week)
    core = sorted(model.switches, key=lambda group: _deletion_order(group, week))
    if _core(model, core) is None:
        return ()
    for group in list(core):
        smaller = [kept for kept in core if kept != group]
        if _core(model, smaller) is not None:
            core = smaller
    return tuple(core)


def _core(model: WeekModel, groups: list[ConstraintGroup]) -> list[ConstraintGroup] | None:
    """The groups CP-SAT blames when only ``groups`` are enforced, ``None`` if it fits."""
    model.model.clear_assumptions()
    model.model.add_assumptions([model.switches[group] for group in groups])
    solver = new_solver()
    if outcome_of(solver.solve(model.model)) is not SolveOutcome.INFEASIBLE:
        return None
    blamed = set(solver.sufficient_assumptions_for_infeasibility())
    return [group for group in groups if model.switches[group].index in blamed]


def describe_clash(groups: Sequence[ConstraintGroup], week: WeekProblem) -> tuple[str, ...]:
    """The clashing groups in words; unavailable days are folded into one phrase."""
    closed = [g.day for g in groups if g.kind is GroupKind.DAY_MINUTES and _is_closed(g, week)]
    only_available = f"only {day_list(week.availability.available_days())} are available"
    texts: list[str] = []
    for group in groups:
        if group.kind is GroupKind.DAY_MINUTES and _is_closed(group, week):
            continue
        text = _describe(group, week)
        if group.kind is GroupKind.HARD_SPACING and closed:
            text = f"{text}, but {only_available}"
            closed = []
        texts.append(text)
    if closed:
        texts.append(only_available)
    return tuple(texts)


def _is_closed(group: ConstraintGroup, week: WeekProblem) -> bool:
    return group.day is not None and not week.availability.is_available(group.day)


def _describe(group: ConstraintGroup, week: WeekProblem) -> str:
    availability = week.availability
    match group.kind:
        case GroupKind.DAY_MINUTES:
            assert group.day is not None
            return f"{availability.minutes_on(group.day):g} min available on {group.day}"
        case GroupKind.FIXED_DAY:
            fixed = next(d.fixed_day for d in week.demands if d.key == group.key)
            return f"'{group.key}' is fixed on {fixed}"
        case GroupKind.HARD_SPACING:
            hard = sum(1 for demand in week.demands if demand.is_hard)
            counted = " (long ones count as hard)" if any(d.long for d in week.demands) else ""
            return f"{hard} hard sessions{counted} need {hard} days with a day between them"
        case GroupKind.HARD_AFTER_LAST_WEEK:
            return "last week ended with a hard day, so mon can't be hard"
        case GroupKind.REST_DAYS:
            return f"at least {week.rest_days_min} rest day(s) a week"
        case GroupKind.SESSIONS_PER_DAY:
            return f"at most {availability.max_sessions_per_day} sessions a day"
        case GroupKind.ENDURANCE_PER_DAY:
            return "at most one endurance session a day"
        case GroupKind.STRENGTH_SPACING:
            return "strength sessions that share muscles need 48 h between them"
        case GroupKind.STRENGTH_WITH_HARD:
            return "no strength on a hard endurance day"


# -- the suggestion: the smallest relaxation that fits ------------------------------------------


def suggestions(week: WeekProblem) -> tuple[str, ...]:
    """The first working relaxation of each kind, smallest kind first (at most 1 + alternatives)."""
    found: list[str] = []
    for relax in RELAXATIONS:
        suggestion = relax(week)
        if suggestion is not None:
            found.append(suggestion)
        if len(found) > MAX_ALTERNATIVES:
            break
    return tuple(found)


def _raise_one_day(week: WeekProblem) -> str | None:
    options = [
        (needed - week.availability.minutes_on(day), day, needed)
        for day in week.availability.available_days()
        if (needed := _needed_on(day, week)) is not None
    ]
    if not options:
        return None
    _, day, needed = min(options, key=lambda option: option[0])
    return f"raise {day} from {week.availability.minutes_on(day):g} to {needed:g} min"


def _add_one_day(week: WeekProblem) -> str | None:
    closed = [day for day in WEEK_DAYS if not week.availability.is_available(day)]
    options = [(needed, day) for day in closed if (needed := _needed_on(day, week)) is not None]
    if not options:
        return None
    needed, day = min(options, key=lambda option: option[0])
    return f"add {day} ({needed:g} min)"


def _needed_on(day: Weekday, week: WeekProblem) -> float | None:
    """Minutes ``day`` needs (rounded up) for the week to fit, given every other day as is."""
    opened = week.with_availability(week.availability.with_minutes(day, WHOLE_DAY_MIN))
    needed = min_minutes_needed_on(day, opened)
    if needed is None or needed <= 0:
        return None
    return round_up_minutes(needed)


def _make_one_easy(week: WeekProblem) -> str | None:
    for demand in week.demands:
        if (
            demand.hard
            and not demand.long
            and _fits_with(week, dataclasses.replace(demand, hard=False))
        ):
            return f"make '{demand.key}' easy"
    return None


def _shorten_one_long(week: WeekProblem) -> str | None:
    for demand in week.demands:
        if demand.long:
            minutes = _longest_that_fits(week, demand)
            if minutes is not None:
                return f"shorten '{demand.key}' to {minutes:g} min"
    return None


def _longest_that_fits(week: WeekProblem, demand: SessionDemand) -> float | None:
    """Binary search over 5-minute steps down to half the asked duration."""
    steps = [
        float(minutes)
        for minutes in range(
            math.floor(demand.duration_min / MINUTES_ROUNDING) * MINUTES_ROUNDING,
            math.ceil(demand.duration_min * SHORTEST_LONG_FRACTION) - 1,
            -MINUTES_ROUNDING,
        )
        if minutes < demand.duration_min
    ]
    return _first_true(
        steps, lambda m: _fits_with(week, dataclasses.replace(demand, duration_min=m))
    )


def _first_true(candidates: Sequence[float], fits: Callable[[float], bool]) -> float | None:
    """The first candidate that fits, when fitting is monotone along ``candidates``."""
    low, high = 0, len(candidates)
    while low < high:
        middle = (low + high) // 2
        if fits(candidates[middle]):
            high = middle
        else:
            low = middle + 1
    return candidates[low] if low < len(candidates) else None


def _drop_one(week: WeekProblem) -> str | None:
    for demand in _drop_candidates(week.demands):
        rest = tuple(other for other in week.demands if other.key != demand.key)
        if is_feasible(week.with_demands(rest)):
            return f"drop '{demand.key}'"
    return None


def _drop_candidates(demands: Sequence[SessionDemand]) -> list[SessionDemand]:
    """Least important first: mobility, strength, easy endurance, hard, fixed last."""
    return sorted(demands, key=lambda d: (d.fixed_day is not None, d.is_hard, DROP_ORDER[d.kind]))


def _fits_with(week: WeekProblem, changed: SessionDemand) -> bool:
    """Whether the week fits with ``changed`` in place of the demand with the same key."""
    demands = tuple(changed if other.key == changed.key else other for other in week.demands)
    return is_feasible(week.with_demands(demands))


RELAXATIONS: tuple[Callable[[WeekProblem], str | None], ...] = (
    _raise_one_day,
    _add_one_day,
    _make_one_easy,
    _shorten_one_long,
    _drop_one,
)


def explain(week: WeekProblem) -> Conflict:
    """Why ``week`` does not fit and what would fix it, cheapest explanation first."""
    early = precheck(week)
    if early is not None:
        return early
    return Conflict(describe_clash(clashing_groups(week), week), suggestions(week))
