"""The independent plan validator: every safety and structure rule, for any plan.

Written from ``rules.py`` and DESIGN.md's safety rules, not from the generator, so a plan the
generator makes, one the user imports and one the user edits are all held to the same rules.
Each rule is one small check function in ``CHECKS``; every violation message states the
numbers it compares (``Week 5: long run 132 min ... (114 min); the limit is 10%.``).

Minutes are stated to 0.1 in a plan's JSON form, so comparisons of minutes allow
``MINUTES_TOLERANCE`` (half of that precision) before a limit counts as broken.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType
from typing import NamedTuple

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    LONG_SESSION_TYPES,
    RUNNING_RACE_GOALS,
    Intensity,
    Phase,
    Plan,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    RepeatBlock,
    SessionPart,
    SessionStatus,
    SessionType,
    Step,
)
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.rules import DEFAULT_RULES, PlanRules
from aicoach.planning.session_load import parts_duration_s, parts_load
from aicoach.planning.taper import DAYS_PER_WEEK, WeekMinutes, measure_taper, minutes_by_day
from aicoach.units import SECONDS_PER_MINUTE, fraction_to_percent


class CheckRule(StrEnum):
    WEEK_SEQUENCE = "week-sequence"
    SESSION_DAYS = "session-days"
    SESSION_VALUES = "session-values"
    WEEK_LOAD_SUM = "week-load-sum"
    SESSION_STEPS = "session-steps"
    SESSIONS_PER_DAY = "sessions-per-day"
    REST_DAYS = "rest-days"
    SESSION_LENGTH = "session-length"
    HARD_CONSECUTIVE_DAYS = "hard-consecutive-days"
    HARD_SESSIONS_PER_WEEK = "hard-sessions-per-week"
    QUALITY_SESSIONS_PER_WEEK = "quality-sessions-per-week"
    LIGHT_PLAN_INTENSITY = "light-plan-intensity"
    RETURN_TO_RUN_INTENSITY = "return-to-run-intensity"
    SINGLE_RUN_GROWTH = "single-run-growth"
    TWO_WEEK_GROWTH = "two-week-growth"
    EASIER_WEEK_CADENCE = "easier-week-cadence"
    EASIER_WEEK_VOLUME = "easier-week-volume"
    LONG_RUN_SHARE = "long-run-share"
    POLARISED_INTENSITY = "polarised-intensity"
    TAPER_PHASE = "taper-phase"
    TAPER_VOLUME = "taper-volume"
    TAPER_INTENSITY = "taper-intensity"
    STRENGTH_WEEKLY_SETS = "strength-weekly-sets"
    STRENGTH_FREQUENCY = "strength-frequency"
    STRENGTH_RECOVERY = "strength-recovery"


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule, with the week and day it concerns when it concerns one."""

    rule: CheckRule
    message: str
    week_index: int | None = None
    day: date | None = None


@dataclass(frozen=True, slots=True)
class CheckReport:
    violations: tuple[Violation, ...]

    @property
    def ok(self) -> bool:
        return not self.violations

    def of_rule(self, rule: CheckRule) -> tuple[Violation, ...]:
        return tuple(violation for violation in self.violations if violation.rule is rule)

    @property
    def broken_rules(self) -> frozenset[CheckRule]:
        return frozenset(violation.rule for violation in self.violations)


MINUTES_TOLERANCE = 0.05
WEEK_LOAD_TOLERANCE = 0.05
"""Stated week load vs the sum of stated session loads (both to 0.1)."""
STEP_LOAD_TOLERANCE = 0.15
STEP_DURATION_TOLERANCE_MIN = 1.0
MAX_SESSIONS_PER_DAY = 2

_FRACTION_TOLERANCE = 1e-9
_REST_DAY_TYPES = frozenset({SessionType.REST, SessionType.MOBILITY})
_NON_ENDURANCE_TYPES = frozenset({SessionType.REST, SessionType.STRENGTH, SessionType.MOBILITY})
_ENDURANCE_SPORTS = frozenset(
    {
        Sport.RUNNING,
        Sport.CYCLING,
        Sport.SWIMMING,
        Sport.WALKING,
        Sport.HIKING,
        Sport.ROWING,
        Sport.CROSS_COUNTRY_SKIING,
    }
)
_ENDURANCE_GOALS = RUNNING_RACE_GOALS | {PlanGoal.CYCLING_EVENT, PlanGoal.FTP_BUILD}
_GROWTH_SPORTS = (Sport.RUNNING, Sport.CYCLING)
_INTERVAL_TYPES = frozenset(
    {
        SessionType.INTERVALS_RUN,
        SessionType.HILL_REPEATS,
        SessionType.TEMPO_RUN,
        SessionType.THRESHOLD_RIDE,
        SessionType.VO2MAX_RIDE,
    }
)
_INTENSE = frozenset({Intensity.MODERATE, Intensity.HARD})
_LOW_SESSION_INTENSITIES = frozenset({Intensity.REST, Intensity.EASY})


class _Finding(NamedTuple):
    message: str
    week_index: int | None = None
    day: date | None = None


@dataclass(frozen=True, slots=True)
class _Context:
    plan: Plan
    baseline: TrainingBaseline | None
    rules: PlanRules


_Check = Callable[[_Context], Iterator[_Finding]]


def check_plan(
    plan: Plan, baseline: TrainingBaseline | None = None, rules: PlanRules = DEFAULT_RULES
) -> CheckReport:
    """Every rule in ``CHECKS`` over ``plan``; violations sorted by week, then rule order."""
    context = _Context(plan=plan, baseline=baseline, rules=rules)
    violations = [
        Violation(
            rule=rule, message=finding.message, week_index=finding.week_index, day=finding.day
        )
        for rule, check in CHECKS.items()
        for finding in check(context)
    ]
    violations.sort(key=lambda violation: violation.week_index or 0)
    return CheckReport(violations=tuple(violations))


# --------------------------------------------------------------------------- formatting


def _num(value: float) -> str:
    """``132`` or ``12.5``: one decimal at most, none when it is zero."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def _pct(fraction: float, limit: float | None = None) -> str:
    """A percentage, whole unless rounding would make it look equal to ``limit``."""
    percent = fraction_to_percent(fraction)
    if limit is not None and round(percent) == round(fraction_to_percent(limit)):
        return f"{percent:.1f}%"
    return f"{percent:.0f}%"


def _day(day: date) -> str:
    return f"{day:%a} {day.isoformat()}"


def _label(session: PlannedSession) -> str:
    return session.session_type.value.replace("-", " ")


def _sport(sport: Sport) -> str:
    return sport.value.replace("_", " ")


# --------------------------------------------------------------------------- session facts


def _is_rest(session: PlannedSession) -> bool:
    return session.session_type is SessionType.REST


def _is_endurance(session: PlannedSession) -> bool:
    return session.sport in _ENDURANCE_SPORTS and session.session_type not in _NON_ENDURANCE_TYPES


def _is_run(session: PlannedSession) -> bool:
    return (
        session.sport is Sport.RUNNING
        and session.session_type not in _NON_ENDURANCE_TYPES
        and session.duration_min > 0
    )


def _is_race(session: PlannedSession) -> bool:
    return session.session_type is SessionType.RACE


def _sport_minutes(week: PlanWeek, sport: Sport) -> float:
    return sum(
        session.duration_min
        for session in week.sessions
        if session.sport is sport and _is_endurance(session)
    )


def _endurance_minutes(week: PlanWeek, *, exclude_races: bool = False) -> float:
    return sum(
        session.duration_min
        for session in week.sessions
        if _is_endurance(session) and not (exclude_races and _is_race(session))
    )


def _flat_steps(parts: Iterable[SessionPart]) -> Iterator[tuple[Step, int]]:
    """Each step with how many times it is done."""
    for part in parts:
        if isinstance(part, RepeatBlock):
            for step in part.steps:
                yield step, part.times
        else:
            yield part, 1


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_days(week: PlanWeek) -> list[date]:
    return [week.start + timedelta(days=offset) for offset in range(7)]


# --------------------------------------------------------------------------- structure


def _check_week_sequence(context: _Context) -> Iterator[_Finding]:
    """Weeks are numbered 1..n and start on consecutive Mondays from the plan start's week."""
    weeks = context.plan.weeks
    if not weeks:
        yield _Finding("The plan has no weeks.")
        return
    first_monday = _monday(context.plan.start)
    for position, week in enumerate(weeks):
        if week.index != position + 1:
            yield _Finding(
                f"Week {week.index} is number {position + 1} in the plan; weeks must be "
                f"numbered 1 to {len(weeks)} in order.",
                week.index,
            )
        expected = first_monday + timedelta(weeks=position)
        if week.start != expected:
            yield _Finding(
                f"Week {week.index} starts on {_day(week.start)}; it should start on "
                f"{_day(expected)}.",
                week.index,
            )


def _check_session_days(context: _Context) -> Iterator[_Finding]:
    """Every session lies inside its week and not before the plan starts."""
    for week in context.plan.weeks:
        last = week.start + timedelta(days=6)
        for session in week.sessions:
            if not week.start <= session.day <= last:
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} is "
                    f"outside the week ({week.start.isoformat()} to {last.isoformat()}).",
                    week.index,
                    session.day,
                )
            elif session.day < context.plan.start:
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} is "
                    f"before the plan starts ({context.plan.start.isoformat()}).",
                    week.index,
                    session.day,
                )


def _check_session_values(context: _Context) -> Iterator[_Finding]:
    """Durations are positive (zero only for rest), loads and distances not negative."""
    for week in context.plan.weeks:
        for session in week.sessions:
            for problem in _session_value_problems(session):
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} {problem}.",
                    week.index,
                    session.day,
                )


def _session_value_problems(session: PlannedSession) -> Iterator[str]:
    duration = session.duration_min
    if not math.isfinite(duration) or duration < 0 or (duration == 0 and not _is_rest(session)):
        yield f"has duration {duration} min; it must be above 0"
    if not math.isfinite(session.load) or session.load < 0:
        yield f"has load {session.load}; it must not be negative"
    distance = session.distance_km
    if distance is not None and (not math.isfinite(distance) or distance < 0):
        yield f"has distance {distance} km; it must not be negative"


def _check_week_load_sum(context: _Context) -> Iterator[_Finding]:
    """A week's stated ``planned_load`` equals the sum of its sessions' loads."""
    for week in context.plan.weeks:
        total = sum(session.load for session in week.sessions)
        if abs(week.planned_load - total) > WEEK_LOAD_TOLERANCE + _FRACTION_TOLERANCE:
            yield _Finding(
                f"Week {week.index}: stated load {_num(week.planned_load)} differs from the sum "
                f"of its {len(week.sessions)} sessions' loads ({_num(total)}).",
                week.index,
            )


def _check_session_steps(context: _Context) -> Iterator[_Finding]:
    """A session with steps lasts as long as they do, and scores their load when they have IFs."""
    for week in context.plan.weeks:
        for session in week.sessions:
            if session.steps:
                for problem in _step_problems(session):
                    yield _Finding(
                        f"Week {week.index}: the {_label(session)} on {_day(session.day)} "
                        f"{problem}.",
                        week.index,
                        session.day,
                    )


def _step_problems(session: PlannedSession) -> Iterator[str]:
    steps_min = parts_duration_s(session.steps) / SECONDS_PER_MINUTE
    if abs(session.duration_min - steps_min) > STEP_DURATION_TOLERANCE_MIN:
        yield (
            f"is stated as {_num(session.duration_min)} min but its steps add up to "
            f"{_num(steps_min)} min"
        )
    has_factors = any(step.intensity_factor is not None for step, _ in _flat_steps(session.steps))
    steps_load = parts_load(session.steps)
    if has_factors and abs(session.load - steps_load) > STEP_LOAD_TOLERANCE + _FRACTION_TOLERANCE:
        yield f"has load {_num(session.load)} but its steps score {_num(steps_load)}"


def _check_sessions_per_day(context: _Context) -> Iterator[_Finding]:
    """At most two sessions (rest entries not counted) on one day."""
    for week in context.plan.weeks:
        per_day: dict[date, int] = defaultdict(int)
        for session in week.sessions:
            if not _is_rest(session):
                per_day[session.day] += 1
        for day, count in sorted(per_day.items()):
            if count > MAX_SESSIONS_PER_DAY:
                yield _Finding(
                    f"Week {week.index}: {count} sessions on {_day(day)}; the limit is "
                    f"{MAX_SESSIONS_PER_DAY}.",
                    week.index,
                    day,
                )


def _check_rest_days(context: _Context) -> Iterator[_Finding]:
    """Enough days a week with no session, or only rest or mobility."""
    minimum = context.rules.progression.rest_days_per_week_min
    for week in context.plan.weeks:
        training_days = {
            session.day for session in week.sessions if session.session_type not in _REST_DAY_TYPES
        }
        rest_days = sum(1 for day in _week_days(week) if day not in training_days)
        if rest_days < minimum:
            yield _Finding(
                f"Week {week.index}: {rest_days} rest days; at least {minimum} needed.",
                week.index,
            )


def _check_session_length(context: _Context) -> Iterator[_Finding]:
    """No session but a race is longer than ``max_session_minutes``."""
    limit = context.rules.progression.max_session_minutes
    for week in context.plan.weeks:
        for session in week.sessions:
            if not _is_race(session) and session.duration_min > limit + MINUTES_TOLERANCE:
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} lasts "
                    f"{_num(session.duration_min)} min; the limit is {_num(limit)} min.",
                    week.index,
                    session.day,
                )


# --------------------------------------------------------------------------- intensity


def _check_hard_consecutive_days(context: _Context) -> Iterator[_Finding]:
    """No hard sessions (hard intensity, long run or ride) on consecutive days, weeks included."""
    hard: dict[date, tuple[int, PlannedSession]] = {}
    for week in context.plan.weeks:
        for session in week.sessions:
            if session.is_hard:
                hard.setdefault(session.day, (week.index, session))
    for day in sorted(hard):
        previous = hard.get(day - timedelta(days=1))
        if previous is not None:
            week_index, session = hard[day]
            yield _Finding(
                f"Week {week_index}: hard sessions on consecutive days: {_label(previous[1])} on "
                f"{_day(previous[1].day)} and {_label(session)} on {_day(day)}.",
                week_index,
                day,
            )


def _check_hard_sessions_per_week(context: _Context) -> Iterator[_Finding]:
    """At most ``hard_sessions_per_week_max`` hard endurance sessions (long ones included) a week.

    Strength sessions are held to the strength rules (sets per muscle, 48 h) instead: three
    heavy full-body sessions a week are a normal strength plan."""
    limit = context.rules.progression.hard_sessions_per_week_max
    for week in context.plan.weeks:
        hard = [s for s in week.sessions if s.is_hard and not _is_strength(s)]
        if len(hard) > limit:
            yield _Finding(
                f"Week {week.index}: {len(hard)} hard sessions ({_listing(hard)}); "
                f"the limit is {limit}.",
                week.index,
            )


def _check_quality_sessions_per_week(context: _Context) -> Iterator[_Finding]:
    """At most ``quality_sessions_per_week_max`` hard sessions that are neither long nor a race."""
    limit = context.rules.progression.quality_sessions_per_week_max
    for week in context.plan.weeks:
        quality = [
            session
            for session in week.sessions
            if session.is_hard
            and not _is_strength(session)
            and session.session_type not in LONG_SESSION_TYPES
            and not _is_race(session)
        ]
        if len(quality) > limit:
            yield _Finding(
                f"Week {week.index}: {len(quality)} quality sessions ({_listing(quality)}); "
                f"the limit is {limit}.",
                week.index,
            )


def _cut_by_adaptation(week: PlanWeek) -> bool:
    """A week where adaptation replaced sessions by rest (illness, pain): minimum-volume and
    share rules do not apply to what is left of it; the safety limits still do."""
    return any(
        s.status is SessionStatus.ADAPTED and s.session_type is SessionType.REST
        for s in week.sessions
    )


def _is_strength(session: PlannedSession) -> bool:
    return session.session_type is SessionType.STRENGTH or bool(session.exercises)


def _listing(sessions: Iterable[PlannedSession]) -> str:
    return ", ".join(f"{_label(session)} {session.day:%a}" for session in sessions)


def _check_light_plan_intensity(context: _Context) -> Iterator[_Finding]:
    """A light plan (after screening) has only easy and rest sessions."""
    if not context.plan.light:
        return
    for week in context.plan.weeks:
        for session in week.sessions:
            if session.intensity in _INTENSE:
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} is "
                    f"{session.intensity.value}, but a light plan has only easy sessions.",
                    week.index,
                    session.day,
                )


def _check_return_to_run_intensity(context: _Context) -> Iterator[_Finding]:
    """A return-to-run plan has no hard sessions and no intervals, tempo or hill repeats."""
    if context.plan.goal is not PlanGoal.RETURN_TO_RUN:
        return
    for week in context.plan.weeks:
        for session in week.sessions:
            if session.intensity is Intensity.HARD or session.session_type in _INTERVAL_TYPES:
                yield _Finding(
                    f"Week {week.index}: the {_label(session)} on {_day(session.day)} "
                    f"({session.intensity.value}) does not belong in a return-to-run plan, "
                    "which has no hard sessions or intervals.",
                    week.index,
                    session.day,
                )


# --------------------------------------------------------------------------- progression


def _check_single_run_growth(context: _Context) -> Iterator[_Finding]:
    """A run (not a race) at most ``single_run_growth_max`` longer than the 30-day longest.

    The reference is the longest run in the previous ``single_run_lookback_days`` days of the
    plan, plus the baseline's longest recent run while that window reaches before the plan.
    Without a baseline run the first week's runs set the reference and are not checked.
    """
    plan = context.plan
    if not plan.weeks:
        return
    limits = context.rules.progression
    runs = sorted(
        (
            (session, week.index)
            for week in plan.weeks
            for session in week.sessions
            if _is_run(session)
        ),
        key=lambda pair: pair[0].day,
    )
    baseline_min = context.baseline.longest_recent_min(Sport.RUNNING) if context.baseline else None
    first_week_end = plan.weeks[0].start + timedelta(days=6)
    for run, week_index in runs:
        if _is_race(run) or (baseline_min is None and run.day <= first_week_end):
            continue
        window_start = run.day - timedelta(days=limits.single_run_lookback_days)
        earlier = [other.duration_min for other, _ in runs if window_start <= other.day < run.day]
        if baseline_min is not None and window_start < plan.start:
            earlier.append(baseline_min)
        if not earlier:
            continue
        reference = max(earlier)
        if run.duration_min > reference * (1 + limits.single_run_growth_max) + MINUTES_TOLERANCE:
            growth = run.duration_min / reference - 1
            yield _Finding(
                f"Week {week_index}: {_label(run)} {_num(run.duration_min)} min on {_day(run.day)} "
                f"is {_pct(growth, limits.single_run_growth_max)} longer than the longest run of "
                f"the previous {limits.single_run_lookback_days} days ({_num(reference)} min); "
                f"the limit is {_pct(limits.single_run_growth_max)}.",
                week_index,
                run.day,
            )


def _check_two_week_growth(context: _Context) -> Iterator[_Finding]:
    """Running and riding minutes of two weeks at most ``two_week_growth_max`` above the two before.

    The weeks before the plan come from the baseline's ``weekly_minutes``. A fortnight is not
    checked when its reference fortnight has under ``two_week_reference_min_minutes``.
    """
    for sport in _GROWTH_SPORTS:
        yield from _two_week_growth_of(context, sport)


def _two_week_growth_of(context: _Context, sport: Sport) -> Iterator[_Finding]:
    limit = context.rules.progression.two_week_growth_max
    before = list(context.baseline.recent_weekly_minutes(sport)) if context.baseline else []
    series = before + [_sport_minutes(week, sport) for week in context.plan.weeks]
    offset = len(before)
    for position, week in enumerate(context.plan.weeks):
        now = offset + position
        if now < 3:
            continue
        current = series[now - 1] + series[now]
        reference = series[now - 3] + series[now - 2]
        if reference < context.rules.progression.two_week_reference_min_minutes:
            continue
        if current > reference * (1 + limit) + MINUTES_TOLERANCE:
            growth = current / reference - 1
            yield _Finding(
                f"{_fortnight(position)}: {_sport(sport)} {_num(current)} min is "
                f"{_pct(growth, limit)} more than the 2 weeks before ({_num(reference)} min); "
                f"the limit is {_pct(limit)}.",
                week.index,
            )


def _fortnight(position: int) -> str:
    """The two weeks ending at plan week number ``position + 1``."""
    if position == 0:
        return "The last week before the plan and week 1"
    return f"Weeks {position}-{position + 1}"


def _check_easier_week_cadence(context: _Context) -> Iterator[_Finding]:
    """Plans of 5+ weeks: no more than ``max_weeks_without_easier_week`` building weeks in a row.

    Taper weeks count as easier. Return-to-run plans are exempt: their progression is gated by
    pain, and a stage is repeated whenever pain says so.
    """
    limit = context.rules.progression.max_weeks_without_easier_week
    if len(context.plan.weeks) < 5 or context.plan.goal is PlanGoal.RETURN_TO_RUN:
        return
    streak: list[PlanWeek] = []
    for week in context.plan.weeks:
        if week.easier or week.phase is Phase.TAPER:
            streak = []
            continue
        streak.append(week)
        if len(streak) > limit:
            yield _Finding(
                f"Weeks {streak[0].index}-{week.index}: {len(streak)} weeks in a row without an "
                f"easier week; the limit is {limit}.",
                week.index,
            )
            streak = []


def _check_easier_week_volume(context: _Context) -> Iterator[_Finding]:
    """Plans of 5+ weeks: an easier week has at most the stated fraction of last week's minutes."""
    fraction = context.rules.progression.easier_week_volume_max_fraction
    weeks = context.plan.weeks
    if len(weeks) < 5:
        return
    for previous, week in pairwise(weeks):
        before = _endurance_minutes(previous)
        now = _endurance_minutes(week)
        if week.easier and before > 0 and now > fraction * before + MINUTES_TOLERANCE:
            yield _Finding(
                f"Week {week.index} is an easier week but has {_num(now)} min of endurance "
                f"training, {_pct(now / before, fraction)} of week {previous.index} "
                f"({_num(before)} min); the limit is {_pct(fraction)}.",
                week.index,
            )


def _check_long_run_share(context: _Context) -> Iterator[_Finding]:
    """The longest run's share of a week's running minutes (weeks of 2+ runs, no taper/race)."""
    limits = context.rules.progression
    for week in context.plan.weeks:
        if week.phase is Phase.TAPER or any(_is_race(session) for session in week.sessions):
            continue
        if _cut_by_adaptation(week):
            continue
        runs = [session.duration_min for session in week.sessions if _is_run(session)]
        if len(runs) < 2:
            continue
        limit = limits.long_run_share_max if len(runs) >= 4 else limits.long_run_share_max_few_runs
        total = sum(runs)
        longest = max(runs)
        if longest - MINUTES_TOLERANCE > limit * total:
            yield _Finding(
                f"Week {week.index}: the longest run ({_num(longest)} min) is "
                f"{_pct(longest / total, limit)} of the week's {_num(total)} running minutes "
                f"({len(runs)} runs); the limit is {_pct(limit)}.",
                week.index,
            )


def _check_polarised_intensity(context: _Context) -> Iterator[_Finding]:
    """Endurance goals, non-taper weeks: enough endurance time below the easy IF.

    Steps count by their intensity factor; steps without one, and sessions without steps,
    count as low when the session's intensity is easy (or rest).
    """
    if context.plan.goal not in _ENDURANCE_GOALS:
        return
    limits = context.rules.progression
    for week in context.plan.weeks:
        if week.phase is Phase.TAPER:
            continue
        low_s = total_s = 0.0
        for session in week.sessions:
            if _is_endurance(session):
                session_low_s, session_total_s = _low_intensity_s(
                    session, limits.easy_intensity_factor_max
                )
                low_s += session_low_s
                total_s += session_total_s
        if total_s > 0 and low_s / total_s < limits.easy_time_share_min - _FRACTION_TOLERANCE:
            yield _Finding(
                f"Week {week.index}: {_pct(low_s / total_s, limits.easy_time_share_min)} of "
                f"endurance time is at low intensity ({_num(low_s / SECONDS_PER_MINUTE)} of "
                f"{_num(total_s / SECONDS_PER_MINUTE)} min below IF "
                f"{limits.easy_intensity_factor_max:.2f}); the minimum is "
                f"{_pct(limits.easy_time_share_min)}.",
                week.index,
            )


def _low_intensity_s(session: PlannedSession, easy_factor_max: float) -> tuple[float, float]:
    """Seconds at low intensity and in total of one endurance session."""
    session_low = session.intensity in _LOW_SESSION_INTENSITIES
    if not session.steps:
        total_s = session.duration_min * SECONDS_PER_MINUTE
        return (total_s if session_low else 0.0), total_s
    low_s = total_s = 0.0
    for step, times in _flat_steps(session.steps):
        step_s = step.duration_s * times
        factor = step.intensity_factor
        total_s += step_s
        if (factor < easy_factor_max) if factor is not None else session_low:
            low_s += step_s
    return low_s, total_s


# --------------------------------------------------------------------------- taper


def _taper_weeks(context: _Context) -> tuple[PlanWeek, ...]:
    """The last ``taper_weeks`` weeks of a plan of 8+ weeks towards an event, else none."""
    plan = context.plan
    count = context.rules.progression.taper_weeks
    if plan.event_date is None or len(plan.weeks) < 8 or count <= 0:
        return ()
    return plan.weeks[-count:]


def _check_taper_phase(context: _Context) -> Iterator[_Finding]:
    """The last weeks before an event are taper weeks."""
    taper = _taper_weeks(context)
    for week in taper:
        if week.phase is not Phase.TAPER:
            yield _Finding(
                f"Week {week.index} is one of the last {len(taper)} weeks before the event "
                f"but its phase is {week.phase.value}, not taper.",
                week.index,
            )


def _check_taper_volume(context: _Context) -> Iterator[_Finding]:
    """The days up to the event (``7 * taper_weeks`` of them, race day included) hold 40-60 %
    fewer endurance minutes, races excluded, than the biggest week that began before them,
    scaled to as many days (``taper.py``; Bosquet et al. 2007). Counting days, not calendar
    weeks, keeps the weekday of the event out of the cut. A plan that ends before its event is
    not measured."""
    plan = context.plan
    if not _taper_weeks(context) or plan.event_date is None or plan.event_date > plan.end:
        return
    limits = context.rules.progression
    weeks = [
        WeekMinutes(week.index, week.start, _endurance_minutes(week, exclude_races=True))
        for week in plan.weeks
    ]
    days = limits.taper_weeks * DAYS_PER_WEEK
    measure = measure_taper(weeks, _training_minutes_by_day(plan), plan.event_date, days)
    if measure is None:
        return
    kept_min = measure.reference_min
    too_small = measure.taper_min > kept_min * (1 - limits.taper_volume_cut_min) + MINUTES_TOLERANCE
    too_big = measure.taper_min < kept_min * (1 - limits.taper_volume_cut_max) - MINUTES_TOLERANCE
    if too_small or too_big:
        yield _Finding(
            f"Taper, the {measure.days} days {_span(measure.first_day, measure.event_day)}: "
            f"{_num(measure.taper_min)} min of endurance training (races excluded), "
            f"{_pct(measure.cut)} less than week {measure.reference.index} "
            f"({_num(measure.reference.minutes)} min) over as many days "
            f"({_num(kept_min)} min); the cut must be {_pct(limits.taper_volume_cut_min)}-"
            f"{_pct(limits.taper_volume_cut_max)}.",
            _week_of(plan, measure.first_day),
            measure.first_day,
        )


def _training_minutes_by_day(plan: Plan) -> dict[date, float]:
    """Endurance minutes per day, races excluded."""
    return minutes_by_day(
        (session.day, session.duration_min)
        for session in plan.sessions
        if _is_endurance(session) and not _is_race(session)
    )


def _span(first: date, last: date) -> str:
    return f"{first:%a} {first.isoformat()} to {last:%a} {last.isoformat()}"


def _week_of(plan: Plan, day: date) -> int | None:
    """The index of the plan week holding ``day``."""
    for week in plan.weeks:
        if week.start <= day <= week.start + timedelta(days=6):
            return week.index
    return None


def _check_taper_intensity(context: _Context) -> Iterator[_Finding]:
    """Each taper week keeps a moderate or hard session, when the weeks before the taper had
    any: a taper keeps the intensity there was (Bosquet et al. 2007); a light plan, or a
    beginner's all-easy build, has none to keep."""
    if context.plan.light:
        return
    taper = _taper_weeks(context)
    if not taper:
        return
    before = [week for week in context.plan.weeks if week.index < taper[0].index]
    if not any(s.intensity in _INTENSE for week in before for s in week.sessions):
        return
    for week in taper:
        if not any(session.intensity in _INTENSE for session in week.sessions):
            yield _Finding(
                f"Week {week.index} (taper) has no moderate or hard session; a taper cuts "
                "volume but keeps some intensity.",
                week.index,
            )


# --------------------------------------------------------------------------- strength


def _muscle_work(week: PlanWeek) -> dict[str, list[tuple[PlannedSession, int]]]:
    """Per primary muscle, the sessions of the week that train it and their sets for it."""
    work: dict[str, list[tuple[PlannedSession, int]]] = defaultdict(list)
    for session in week.sessions:
        sets: dict[str, int] = defaultdict(int)
        for exercise in session.exercises:
            for muscle in set(exercise.primary_muscles):
                sets[muscle] += exercise.sets
        for muscle, count in sets.items():
            work[muscle].append((session, count))
    return work


def _check_strength_weekly_sets(context: _Context) -> Iterator[_Finding]:
    """Weekly sets of each trained muscle within the range (the minimum not in a part week)."""
    limits = context.rules.strength
    for week in context.plan.weeks:
        part_week = week.start < context.plan.start or _cut_by_adaptation(week)
        for muscle, work in sorted(_muscle_work(week).items()):
            total = sum(sets for _, sets in work)
            too_few = total < limits.weekly_sets_per_muscle_min and not part_week
            if too_few or total > limits.weekly_sets_per_muscle_max:
                yield _Finding(
                    f"Week {week.index}: {muscle} get {total} sets in {len(work)} sessions; the "
                    f"range is {limits.weekly_sets_per_muscle_min}-"
                    f"{limits.weekly_sets_per_muscle_max} sets a week.",
                    week.index,
                )


def _check_strength_frequency(context: _Context) -> Iterator[_Finding]:
    """Each muscle in at most ``sessions_per_muscle_per_week_max`` sessions a week."""
    limit = context.rules.strength.sessions_per_muscle_per_week_max
    for week in context.plan.weeks:
        for muscle, work in sorted(_muscle_work(week).items()):
            if len(work) > limit:
                yield _Finding(
                    f"Week {week.index}: {muscle} are trained in {len(work)} sessions; the "
                    f"limit is {limit}.",
                    week.index,
                )


def _check_strength_recovery(context: _Context) -> Iterator[_Finding]:
    """Two sessions training the same muscle are at least 48 h (two calendar days) apart."""
    hours = context.rules.strength.hours_between_same_muscle_min
    gap_days = math.ceil(hours / 24)
    days: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for week in context.plan.weeks:
        for muscle, work in _muscle_work(week).items():
            days[muscle].extend((session.day, week.index) for session, _ in work)
    for muscle, trained in sorted(days.items()):
        trained.sort()
        for (first, _), (second, week_index) in pairwise(trained):
            apart = (second - first).days
            if apart < gap_days:
                when = "on the same day" if apart == 0 else f"on {_day(first)} and {_day(second)}"
                yield _Finding(
                    f"Week {week_index}: {muscle} trained {when}; the same muscle needs "
                    f"{_num(hours)} h between sessions.",
                    week_index,
                    second,
                )


CHECKS: Mapping[CheckRule, _Check] = MappingProxyType(
    {
        CheckRule.WEEK_SEQUENCE: _check_week_sequence,
        CheckRule.SESSION_DAYS: _check_session_days,
        CheckRule.SESSION_VALUES: _check_session_values,
        CheckRule.WEEK_LOAD_SUM: _check_week_load_sum,
        CheckRule.SESSION_STEPS: _check_session_steps,
        CheckRule.SESSIONS_PER_DAY: _check_sessions_per_day,
        CheckRule.REST_DAYS: _check_rest_days,
        CheckRule.SESSION_LENGTH: _check_session_length,
        CheckRule.HARD_CONSECUTIVE_DAYS: _check_hard_consecutive_days,
        CheckRule.HARD_SESSIONS_PER_WEEK: _check_hard_sessions_per_week,
        CheckRule.QUALITY_SESSIONS_PER_WEEK: _check_quality_sessions_per_week,
        CheckRule.LIGHT_PLAN_INTENSITY: _check_light_plan_intensity,
        CheckRule.RETURN_TO_RUN_INTENSITY: _check_return_to_run_intensity,
        CheckRule.SINGLE_RUN_GROWTH: _check_single_run_growth,
        CheckRule.TWO_WEEK_GROWTH: _check_two_week_growth,
        CheckRule.EASIER_WEEK_CADENCE: _check_easier_week_cadence,
        CheckRule.EASIER_WEEK_VOLUME: _check_easier_week_volume,
        CheckRule.LONG_RUN_SHARE: _check_long_run_share,
        CheckRule.POLARISED_INTENSITY: _check_polarised_intensity,
        CheckRule.TAPER_PHASE: _check_taper_phase,
        CheckRule.TAPER_VOLUME: _check_taper_volume,
        CheckRule.TAPER_INTENSITY: _check_taper_intensity,
        CheckRule.STRENGTH_WEEKLY_SETS: _check_strength_weekly_sets,
        CheckRule.STRENGTH_FREQUENCY: _check_strength_frequency,
        CheckRule.STRENGTH_RECOVERY: _check_strength_recovery,
    }
)
"""The registry: one check per rule, run by ``check_plan`` in this order."""
