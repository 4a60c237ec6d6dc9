"""The CP-SAT model of one training week, with every hard-constraint group behind a switch.

Each demand gets one boolean per day. Each group of hard constraints (one day's minutes, hard
spacing, rest days, ...) is enforced only if its switch literal is true: the normal solve fixes
all switches true; the conflict explanation passes them as assumptions so that CP-SAT can name
the groups that clash. Minutes are scaled to tenths, as CP-SAT works on integers.

Soft preferences (weights below) form the objective: long session on the preferred day, no
strength on the day before a hard session, strength on days without endurance, no stacking of
sessions on one day when other days are free.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from ortools.sat.python import cp_model

from aicoach.domain.athlete import Weekday
from aicoach.planning.rules import PlanRules
from aicoach.planning.schedule_types import WEEK_DAYS, DemandKind, SessionDemand, WeekAvailability

TENTHS_PER_MIN = 10
HOURS_PER_DAY = 24.0
SOLVE_TIME_LIMIT_S = 2.0
SOLVER_WORKERS = 1
"""One worker keeps solves deterministic and cheap; weekly models are tiny."""

WEIGHT_LONG_OFF_PREFERRED_DAY = 20
WEIGHT_STRENGTH_BEFORE_HARD = 10
WEIGHT_STRENGTH_WITH_ENDURANCE = 3
WEIGHT_STACKED_SESSION = 2


class GroupKind(StrEnum):
    """A group of hard constraints that can be switched off as a whole."""

    DAY_MINUTES = "day-minutes"
    FIXED_DAY = "fixed-day"
    HARD_SPACING = "hard-spacing"
    HARD_AFTER_LAST_WEEK = "hard-after-last-week"
    REST_DAYS = "rest-days"
    SESSIONS_PER_DAY = "sessions-per-day"
    ENDURANCE_PER_DAY = "endurance-per-day"
    STRENGTH_SPACING = "strength-spacing"
    STRENGTH_WITH_HARD = "strength-with-hard-endurance"


@dataclass(frozen=True, slots=True)
class ConstraintGroup:
    kind: GroupKind
    day: Weekday | None = None
    key: str | None = None


class SolveOutcome(StrEnum):
    SOLVED = "solved"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"


def minutes_to_tenths(minutes: float) -> int:
    return round(minutes * TENTHS_PER_MIN)


def tenths_to_minutes(tenths: float) -> float:
    return tenths / TENTHS_PER_MIN


@dataclass(frozen=True, slots=True)
class WeekProblem:
    """Everything a solve needs: the demands, the week, and the rule numbers that apply."""

    demands: tuple[SessionDemand, ...]
    availability: WeekAvailability
    rest_days_min: int
    strength_gap_days: int
    """Strength sessions sharing a muscle are at least this many days apart (48 h -> 2)."""

    @classmethod
    def from_rules(
        cls, demands: Sequence[SessionDemand], availability: WeekAvailability, rules: PlanRules
    ) -> WeekProblem:
        rest_days_min = availability.min_rest_days
        if rest_days_min is None:
            rest_days_min = rules.progression.rest_days_per_week_min
        gap_days = math.ceil(rules.strength.hours_between_same_muscle_min / HOURS_PER_DAY)
        return cls(tuple(demands), availability, rest_days_min, gap_days)

    def with_demands(self, demands: Sequence[SessionDemand]) -> WeekProblem:
        return dataclasses.replace(self, demands=tuple(demands))

    def with_availability(self, availability: WeekAvailability) -> WeekProblem:
        return dataclasses.replace(self, availability=availability)


class WeekModel:
    """Placement booleans, day loads and switched hard constraints for one week."""

    def __init__(self, problem: WeekProblem) -> None:
        self.model = cp_model.CpModel()
        self.problem = problem
        self.demands = problem.demands
        self.availability = problem.availability
        self.switches: dict[ConstraintGroup, cp_model.IntVar] = {}
        self.place = {
            (demand.key, day): self.model.new_bool_var(f"place[{index},{day}]")
            for index, demand in enumerate(self.demands)
            for day in WEEK_DAYS
        }
        self._add_hard_constraints()

    # -- building blocks -------------------------------------------------------------------

    def switch(self, group: ConstraintGroup) -> cp_model.IntVar:
        """The literal that enforces ``group``, created on first use."""
        if group not in self.switches:
            self.switches[group] = self.model.new_bool_var(f"switch[{len(self.switches)}]")
        return self.switches[group]

    def placed(self, demands: Iterable[SessionDemand], day: Weekday) -> cp_model.LinearExpr:
        """How many of ``demands`` are placed on ``day``."""
        return cp_model.LinearExpr.sum([self.place[demand.key, day] for demand in demands])

    def load_tenths(self, day: Weekday) -> cp_model.LinearExpr:
        """Minutes (in tenths) placed on ``day``."""
        return cp_model.LinearExpr.weighted_sum(
            [self.place[demand.key, day] for demand in self.demands],
            [minutes_to_tenths(demand.duration_min) for demand in self.demands],
        )

    def _of_kind(self, kind: DemandKind) -> list[SessionDemand]:
        return [demand for demand in self.demands if demand.kind is kind]

    def _hard(self) -> list[SessionDemand]:
        return [demand for demand in self.demands if demand.is_hard]

    # -- hard constraints ------------------------------------------------------------------

    def _add_hard_constraints(self) -> None:
        self._add_one_day_each()
        self._add_day_minutes()
        self._add_fixed_days()
        self._add_hard_spacing()
        self._add_hard_after_last_week()
        self._add_rest_days()
        self._add_sessions_per_day()
        self._add_endurance_per_day()
        self._add_strength_spacing()
        self._add_strength_not_with_hard()

    def _add_one_day_each(self) -> None:
        for demand in self.demands:
            self.model.add_exactly_one([self.place[demand.key, day] for day in WEEK_DAYS])

    def _add_day_minutes(self) -> None:
        for day in WEEK_DAYS:
            capacity = minutes_to_tenths(self.availability.minutes_on(day))
            switch = self.switch(ConstraintGroup(GroupKind.DAY_MINUTES, day=day))
            self.model.add(self.load_tenths(day) <= capacity).only_enforce_if(switch)
            if capacity == 0:
                self.model.add(self.placed(self.demands, day) == 0).only_enforce_if(switch)

    def _add_fixed_days(self) -> None:
        for demand in self.demands:
            if demand.fixed_day is not None:
                switch = self.switch(ConstraintGroup(GroupKind.FIXED_DAY, key=demand.key))
                self.model.add(self.place[demand.key, demand.fixed_day] == 1).only_enforce_if(
                    switch
                )

    def _add_hard_spacing(self) -> None:
        hard = self._hard()
        if not hard:
            return
        switch = self.switch(ConstraintGroup(GroupKind.HARD_SPACING))
        for day in WEEK_DAYS:
            self.model.add(self.placed(hard, day) <= 1).only_enforce_if(switch)
        for day, next_day in itertools.pairwise(WEEK_DAYS):
            both = self.placed(hard, day) + self.placed(hard, next_day)
            self.model.add(both <= 1).only_enforce_if(switch)

    def _add_hard_after_last_week(self) -> None:
        hard = self._hard()
        if not hard or not self.availability.previous_week_last_day_hard:
            return
        switch = self.switch(ConstraintGroup(GroupKind.HARD_AFTER_LAST_WEEK))
        self.model.add(self.placed(hard, Weekday.MONDAY) == 0).only_enforce_if(switch)

    def _add_rest_days(self) -> None:
        training = [demand for demand in self.demands if demand.breaks_rest]
        if not training or self.problem.rest_days_min <= 0:
            return
        busy = [self.model.new_bool_var(f"busy[{day}]") for day in WEEK_DAYS]
        for day, day_busy in zip(WEEK_DAYS, busy, strict=True):
            for demand in training:
                self.model.add_implication(self.place[demand.key, day], day_busy)
        switch = self.switch(ConstraintGroup(GroupKind.REST_DAYS))
        limit = len(WEEK_DAYS) - self.problem.rest_days_min
        self.model.add(cp_model.LinearExpr.sum(busy) <= limit).only_enforce_if(switch)

    def _add_sessions_per_day(self) -> None:
        limit = self.availability.max_sessions_per_day
        if len(self.demands) <= limit:
            return
        switch = self.switch(ConstraintGroup(GroupKind.SESSIONS_PER_DAY))
        for day in WEEK_DAYS:
            self.model.add(self.placed(self.demands, day) <= limit).only_enforce_if(switch)

    def _add_endurance_per_day(self) -> None:
        endurance = self._of_kind(DemandKind.ENDURANCE)
        if len(endurance) < 2:
            return
        switch = self.switch(ConstraintGroup(GroupKind.ENDURANCE_PER_DAY))
        for day in WEEK_DAYS:
            self.model.add(self.placed(endurance, day) <= 1).only_enforce_if(switch)

    def _add_strength_after_last_week(
        self, strength: list[SessionDemand], switch: cp_model.IntVar
    ) -> None:
        """Last Sunday's muscles rest on Monday too (48 h across the week boundary)."""
        sunday = self.availability.previous_week_last_day_muscles
        for demand in strength:
            if demand.muscles & sunday:
                self.model.add(self.place[demand.key, Weekday.MONDAY] == 0).only_enforce_if(switch)

    def _add_strength_spacing(self) -> None:
        strength = self._of_kind(DemandKind.STRENGTH)
        pairs = [
            (first, second)
            for index, first in enumerate(strength)
            for second in strength[index + 1 :]
            if first.muscles & second.muscles
        ]
        sunday = self.availability.previous_week_last_day_muscles
        if not pairs and not any(d.muscles & sunday for d in strength):
            return
        switch = self.switch(ConstraintGroup(GroupKind.STRENGTH_SPACING))
        self._add_strength_after_last_week(strength, switch)
        reach = self.problem.strength_gap_days - 1
        for first, second in pairs:
            for day_index, day in enumerate(WEEK_DAYS):
                for near in WEEK_DAYS[max(day_index - reach, 0) : day_index + reach + 1]:
                    close = self.place[first.key, day] + self.place[second.key, near]
                    self.model.add(close <= 1).only_enforce_if(switch)

    def _add_strength_not_with_hard(self) -> None:
        strength = self._of_kind(DemandKind.STRENGTH)
        hard_endurance = [d for d in self._of_kind(DemandKind.ENDURANCE) if d.is_hard]
        if not strength or not hard_endurance:
            return
        switch = self.switch(ConstraintGroup(GroupKind.STRENGTH_WITH_HARD))
        for session in strength:
            for day in WEEK_DAYS:
                both = self.placed(hard_endurance, day) + self.place[session.key, day]
                self.model.add(both <= 1).only_enforce_if(switch)

    # -- soft preferences ------------------------------------------------------------------

    def add_preferences(self) -> None:
        """Minimise the weighted misses of the soft preferences."""
        terms = [
            *self._long_off_preferred_day(),
            *self._strength_before_hard(),
            *self._strength_with_endurance(),
            *self._stacked_sessions(),
        ]
        self.model.minimize(cp_model.LinearExpr.sum(terms))

    def _long_off_preferred_day(self) -> list[cp_model.LinearExprT]:
        long_day = self.availability.long_day
        if long_day is None or not self.availability.is_available(long_day):
            return []
        return [
            WEIGHT_LONG_OFF_PREFERRED_DAY * (1 - self.place[demand.key, long_day])
            for demand in self.demands
            if demand.long
        ]

    def _both_penalty(
        self, first: cp_model.LinearExpr, second: cp_model.LinearExpr
    ) -> cp_model.IntVar:
        """A boolean forced to 1 when both 0/1 expressions are 1."""
        both = self.model.new_bool_var("both")
        self.model.add(both >= first + second - 1)
        return both

    def _strength_before_hard(self) -> list[cp_model.LinearExprT]:
        hard = self._hard()
        return [
            WEIGHT_STRENGTH_BEFORE_HARD
            * self._both_penalty(self.place[session.key, day], self.placed(hard, next_day))
            for session in self._of_kind(DemandKind.STRENGTH)
            for day, next_day in itertools.pairwise(WEEK_DAYS)
            if hard
        ]

    def _strength_with_endurance(self) -> list[cp_model.LinearExprT]:
        return [
            WEIGHT_STRENGTH_WITH_ENDURANCE
            * self._both_penalty(self.place[session.key, day], self.place[endurance.key, day])
            for session in self._of_kind(DemandKind.STRENGTH)
            for endurance in self._of_kind(DemandKind.ENDURANCE)
            for day in WEEK_DAYS
        ]

    def _stacked_sessions(self) -> list[cp_model.LinearExprT]:
        terms: list[cp_model.LinearExprT] = []
        for day in WEEK_DAYS:
            used = self.model.new_bool_var(f"used[{day}]")
            count = self.placed(self.demands, day)
            self.model.add(used <= count)
            terms.append(WEIGHT_STACKED_SESSION * (count - used))
        return terms


def new_solver(time_limit_s: float = SOLVE_TIME_LIMIT_S) -> cp_model.CpSolver:
    """A single-worker solver with a fixed seed and a time limit."""
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = SOLVER_WORKERS
    solver.parameters.random_seed = 0
    solver.parameters.max_time_in_seconds = time_limit_s
    return solver


def outcome_of(status: cp_model.CpSolverStatus) -> SolveOutcome:
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return SolveOutcome.SOLVED
    if status == cp_model.INFEASIBLE:
        return SolveOutcome.INFEASIBLE
    return SolveOutcome.UNKNOWN


def enforce_all(week: WeekModel) -> None:
    """Make every hard-constraint group binding (the normal solve)."""
    for switch in week.switches.values():
        week.model.add(switch == 1)


def is_feasible(problem: WeekProblem) -> bool:
    """Whether the week can be scheduled with every hard constraint on."""
    week = WeekModel(problem)
    enforce_all(week)
    return outcome_of(new_solver().solve(week.model)) is SolveOutcome.SOLVED


def min_minutes_needed_on(day: Weekday, problem: WeekProblem) -> float | None:
    """The fewest minutes ``day`` must hold for the week to fit, ``None`` if it never fits."""
    week = WeekModel(problem)
    enforce_all(week)
    week.model.minimize(week.load_tenths(day))
    solver = new_solver()
    if outcome_of(solver.solve(week.model)) is not SolveOutcome.SOLVED:
        return None
    return tenths_to_minutes(math.ceil(solver.objective_value))
