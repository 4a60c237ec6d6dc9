"""Adapting a plan to what happened: compliance, alerts, readiness, pain and illness.

Past sessions are marked done or missed by matching what was recorded on their day. The
coming days are then re-planned, most protective rule first: an urgent alert, illness or a
blood pressure at the no-exercise level turns the next days into rest; pain turns the next runs
into rest; warning alerts, a deep fatigue (TSB) or sessions rated much harder than planned
turn the next hard sessions into easy ones; low compliance shortens the coming week. Missed
sessions are not made up. Every change carries one sentence with its numbers, and the result
must pass ``planning/check.py``: weeks after a cut are trimmed until the growth rules hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    Intensity,
    Plan,
    PlanChange,
    PlannedSession,
    PlanWeek,
    RepeatBlock,
    SessionPart,
    SessionStatus,
    SessionType,
    Step,
)
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import CheckRule, check_plan
from aicoach.planning.rules import DEFAULT_RULES, PlanRules
from aicoach.planning.session_load import parts_duration_s, parts_load, week_load
from aicoach.planning.targets import Thresholds
from aicoach.planning.workouts import easy_run, endurance_ride

REST_DAYS_AFTER_URGENT = 3
EASY_DAYS_AFTER_WARNING = 3
PAIN_REST_DAYS = 3
DEEP_FATIGUE_TSB = -30.0
"""TSB below -30 marks a deep overload block (Coggan's 'high risk' form zone)."""
RPE_ABOVE_PLAN = 2.0
LOW_COMPLIANCE = 0.6
LOW_COMPLIANCE_FACTOR = 0.85
EASY_FRACTION = 0.8
TRIM_FACTOR = 0.9
MAX_TRIMS = 40
GROWTH_RULES = frozenset({CheckRule.TWO_WEEK_GROWTH, CheckRule.SINGLE_RUN_GROWTH})


@dataclass(frozen=True, slots=True)
class DoneSession:
    day: date
    sport: Sport
    duration_min: float
    rpe_0_10: float | None = None


@dataclass(frozen=True, slots=True)
class Readiness:
    """What the engine and the athlete's own reports say about the coming days."""

    urgent: tuple[str, ...] = ()
    """Messages of urgent alerts and no-exercise blood pressure."""
    illness: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    pain: tuple[str, ...] = ()
    tsb: float | None = None


@dataclass(frozen=True, slots=True)
class Adaptation:
    plan: Plan
    changes: tuple[PlanChange, ...]
    planned_min: float
    done_min: float

    @property
    def compliance(self) -> float | None:
        return self.done_min / self.planned_min if self.planned_min > 0 else None


def adapt_plan(
    plan: Plan,
    done: Iterable[DoneSession],
    readiness: Readiness,
    today: date,
    thresholds: Thresholds,
    baseline: TrainingBaseline | None = None,
    rules: PlanRules = DEFAULT_RULES,
) -> Adaptation:
    done_by_day = _by_day(done)
    sessions, planned_min, done_min, high_rpe = _mark_past(plan, done_by_day, today)
    changes: list[PlanChange] = []
    sessions = _protect(sessions, readiness, today, thresholds, high_rpe, changes)
    compliance = done_min / planned_min if planned_min > 0 else None
    if compliance is not None and compliance < LOW_COMPLIANCE:
        sessions = _shorten_week(sessions, today, compliance, changes)
    adapted = _rebuild(plan, sessions)
    adapted = _trim_until_valid(adapted, today, baseline, rules, changes)
    return Adaptation(
        replace(adapted, changes=(*plan.changes, *changes)), tuple(changes), planned_min, done_min
    )


def _by_day(done: Iterable[DoneSession]) -> dict[date, list[DoneSession]]:
    grouped: dict[date, list[DoneSession]] = {}
    for session in done:
        grouped.setdefault(session.day, []).append(session)
    return grouped


def _mark_past(
    plan: Plan, done_by_day: dict[date, list[DoneSession]], today: date
) -> tuple[list[PlannedSession], float, float, list[str]]:
    sessions: list[PlannedSession] = []
    planned_min = done_min = 0.0
    high_rpe: list[str] = []
    for session in plan.sessions:
        if session.day >= today or session.session_type is SessionType.REST:
            sessions.append(session)
            continue
        match = next((d for d in done_by_day.get(session.day, []) if _same_kind(d, session)), None)
        planned_min += session.duration_min
        if match is None:
            sessions.append(replace(session, status=SessionStatus.MISSED))
            continue
        done_min += min(match.duration_min, session.duration_min)
        sessions.append(replace(session, status=SessionStatus.DONE))
        if match.rpe_0_10 is not None and match.rpe_0_10 >= _intended_rpe(session) + RPE_ABOVE_PLAN:
            high_rpe.append(
                f"{session.title} on {session.day:%a %d %b} was rated RPE {match.rpe_0_10:g} "
                f"against about {_intended_rpe(session):g} planned"
            )
    return sessions, planned_min, done_min, high_rpe


def _same_kind(done: DoneSession, planned: PlannedSession) -> bool:
    return counts_as(done.sport, planned)


def counts_as(done_sport: Sport, planned: PlannedSession) -> bool:
    """Whether training of ``done_sport`` fulfils ``planned`` (a walk counts for a run)."""
    if planned.sport is Sport.STRENGTH or planned.exercises:
        return done_sport is Sport.STRENGTH
    return done_sport is planned.sport or {done_sport, planned.sport} <= {
        Sport.RUNNING,
        Sport.WALKING,
    }


def _intended_rpe(session: PlannedSession) -> float:
    return {Intensity.REST: 0.0, Intensity.EASY: 3.0, Intensity.MODERATE: 5.0, Intensity.HARD: 7.0}[
        session.intensity
    ]


def _protect(
    sessions: list[PlannedSession],
    readiness: Readiness,
    today: date,
    thresholds: Thresholds,
    high_rpe: list[str],
    changes: list[PlanChange],
) -> list[PlannedSession]:
    if readiness.urgent or readiness.illness:
        reason = (readiness.urgent or readiness.illness)[0]
        return _replace_in_window(
            sessions, today, REST_DAYS_AFTER_URGENT, lambda s: True, _to_rest(reason), changes
        )
    if readiness.pain:
        reason = (
            f"you reported pain ({readiness.pain[0]}); rest it and see a physiotherapist "
            "if it persists"
        )
        sessions = _replace_in_window(
            sessions, today, PAIN_REST_DAYS, _loads_legs, _to_rest(reason), changes
        )
    reasons = [*readiness.warnings, *high_rpe]
    if readiness.tsb is not None and readiness.tsb < DEEP_FATIGUE_TSB:
        reasons.append(f"form (TSB) is {readiness.tsb:.0f}, below {DEEP_FATIGUE_TSB:.0f}")
    if reasons:
        sessions = _replace_in_window(
            sessions,
            today,
            EASY_DAYS_AFTER_WARNING,
            lambda s: s.intensity is Intensity.HARD and s.session_type is not SessionType.RACE,
            _to_easy(reasons[0], thresholds),
            changes,
        )
    return sessions


Converter = Callable[[PlannedSession], tuple[PlannedSession, str]]


def _replace_in_window(
    sessions: list[PlannedSession],
    today: date,
    days: int,
    applies: Callable[[PlannedSession], bool],
    convert: Converter,
    changes: list[PlanChange],
) -> list[PlannedSession]:
    end = today + timedelta(days=days)
    result = []
    for session in sessions:
        if (
            today <= session.day < end
            and session.status is SessionStatus.PLANNED
            and applies(session)
        ):
            session, sentence = convert(session)
            changes.append(PlanChange(session.day, sentence))
        result.append(session)
    return result


def _loads_legs(session: PlannedSession) -> bool:
    return session.sport in {Sport.RUNNING, Sport.WALKING, Sport.HIKING} or bool(session.exercises)


def _to_rest(reason: str) -> Converter:
    def convert(session: PlannedSession) -> tuple[PlannedSession, str]:
        rest = PlannedSession(
            day=session.day,
            sport=Sport.OTHER,
            session_type=SessionType.REST,
            intensity=Intensity.REST,
            duration_min=0.0,
            load=0.0,
            title="Rest",
            status=SessionStatus.ADAPTED,
            note=f"Was: {session.title}.",
        )
        return rest, f"{session.title} is replaced by rest because {reason}."

    return convert


def _to_easy(reason: str, thresholds: Thresholds) -> Converter:
    def convert(session: PlannedSession) -> tuple[PlannedSession, str]:
        minutes = max(20.0, round(session.duration_min * EASY_FRACTION))
        builder = endurance_ride if session.sport is Sport.CYCLING else easy_run
        draft = builder(minutes, thresholds)
        easy = replace(
            draft.on(session.day), status=SessionStatus.ADAPTED, note=f"Was: {session.title}."
        )
        return easy, f"{session.title} becomes an easy {minutes:g}-minute session because {reason}."

    return convert


def _shorten_week(
    sessions: list[PlannedSession],
    today: date,
    compliance: float,
    changes: list[PlanChange],
) -> list[PlannedSession]:
    end = today + timedelta(days=7)
    result = []
    for session in sessions:
        if today <= session.day < end and session.status is SessionStatus.PLANNED and session.steps:
            scaled = _scaled(session, LOW_COMPLIANCE_FACTOR)
            changes.append(
                PlanChange(
                    session.day,
                    f"{session.title} is shortened to {scaled.duration_min:g} min because only "
                    f"{compliance:.0%} of the planned minutes were done so far.",
                )
            )
            session = scaled
        result.append(session)
    return result


def _scaled(session: PlannedSession, factor: float) -> PlannedSession:
    """The session with every step's time (and distance) scaled by ``factor``."""
    parts = tuple(_scaled_part(part, factor) for part in session.steps)
    distance = None
    if session.distance_km is not None:
        distance = round(session.distance_km * factor, 2)
    return replace(
        session,
        steps=parts,
        duration_min=round(parts_duration_s(parts) / 60.0, 1),
        load=parts_load(parts),
        distance_km=distance,
        status=SessionStatus.ADAPTED,
    )


def _scaled_part(part: SessionPart, factor: float) -> SessionPart:
    if isinstance(part, RepeatBlock):
        return part
    return _scaled_step(part, factor)


def _scaled_step(step: Step, factor: float) -> Step:
    distance = round(step.distance_m * factor, 1) if step.distance_m is not None else None
    return replace(step, duration_s=round(step.duration_s * factor), distance_m=distance)


def _rebuild(plan: Plan, sessions: list[PlannedSession]) -> Plan:
    weeks = []
    for week in plan.weeks:
        end = week.start + timedelta(days=7)
        inside = tuple(s for s in sessions if week.start <= s.day < end)
        weeks.append(replace(week, sessions=inside, planned_load=week_load(s.load for s in inside)))
    return replace(plan, weeks=tuple(weeks))


def _trim_until_valid(
    plan: Plan,
    today: date,
    baseline: TrainingBaseline | None,
    rules: PlanRules,
    changes: list[PlanChange],
) -> Plan:
    """Trim weeks after a cut until the growth rules hold again (illness must not be made up)."""
    trimmed: set[int] = set()
    for _ in range(MAX_TRIMS):
        report = check_plan(plan, baseline, rules)
        growth = [
            v
            for v in report.violations
            if v.rule in GROWTH_RULES
            and v.week_index is not None
            and plan.weeks[v.week_index - 1].start + timedelta(days=6) >= today
        ]
        if not growth:
            break
        plan = _trim_week(plan, growth[0].week_index or 1, today)
        trimmed.add(growth[0].week_index or 1)
    for index in sorted(trimmed):
        week = plan.weeks[index - 1]
        changes.append(
            PlanChange(
                week.start,
                f"Week {index} is trimmed to {_week_minutes(week):.0f} min so the return after "
                "the lighter days stays within the growth limits.",
            )
        )
    return plan


def _trim_week(plan: Plan, index: int, today: date) -> Plan:
    week = plan.weeks[index - 1]
    sessions = tuple(
        _scaled(s, TRIM_FACTOR)
        if s.day >= today
        and s.steps
        and s.session_type is not SessionType.RACE
        and s.status is not SessionStatus.DONE
        else s
        for s in week.sessions
    )
    new_week = replace(week, sessions=sessions, planned_load=week_load(s.load for s in sessions))
    weeks = list(plan.weeks)
    weeks[index - 1] = new_week
    return replace(plan, weeks=tuple(weeks))


def _week_minutes(week: PlanWeek) -> float:
    return sum(s.duration_min for s in week.sessions)
