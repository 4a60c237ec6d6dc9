"""Plan generation: screening gate, periodised volumes, week content, scheduling, checking.

The generator never hands out a plan that ``planning/check.py`` rejects: it checks its own
output and stops with the violations if a rule would be broken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from aicoach.analytics.race_prediction import race_time_for_vdot_s, vdot_from_race
from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import (
    RUNNING_RACE_GOALS,
    STRENGTH_GOALS,
    Phase,
    Plan,
    PlanGoal,
    PlannedSession,
    PlanWeek,
)
from aicoach.errors import DataError, UserError
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import check_plan
from aicoach.planning.cycling import RIDE_SPECS, cycling_week
from aicoach.planning.general_fitness import AEROBIC_TARGET_MIN, aerobic_week
from aicoach.planning.periodisation import (
    WeekShape,
    plan_shape,
    two_week_cap_min,
    weekly_volumes_min,
)
from aicoach.planning.request import PlanRequest
from aicoach.planning.return_to_run import return_week
from aicoach.planning.rules import DEFAULT_RULES, PlanRules
from aicoach.planning.running import RACE_SPECS, long_run_share, running_week
from aicoach.planning.schedule_types import WEEK_DAYS, DemandKind, SessionDemand, WeekAvailability
from aicoach.planning.scheduling import ScheduleConflictError, schedule_week
from aicoach.planning.screening import ScreeningOutcome, ScreeningResult
from aicoach.planning.strength_content import StrengthContent, strength_content
from aicoach.planning.targets import StepTarget, Thresholds, race_pace_target, thresholds_from
from aicoach.planning.week_context import WeekContext
from aicoach.planning.workouts import SessionDraft, easy_event, race
from aicoach.units import format_duration_hms

LONG_SESSION_GROWTH = 1.08
"""Long sessions grow to at most 8 % over the longest of the last 30 days (limit: 10 %)."""
UNKNOWN_FITNESS_VDOT = 35.0
EASIER_WEEK_SHARE_OF_LAST = 0.83
"""An easier week stays under 83 % of the minutes actually planned the week before (limit 85 %),
also when that week had to shrink to fit the athlete's days."""
LIGHT_EVENT_PACE_FACTOR = 1.25
"""A light plan takes the event at an easy effort, about a quarter slower than race pace."""
LIGHT_EVENT_NOTE = (
    "Light plan: take part at an easy, conversational effort and walk when you need to; "
    "do not race it until a doctor has cleared you for hard efforts."
)
MAX_VOLUME_CUTS = 10
VOLUME_CUT = 0.95
"""When minimum session lengths push a week over the two-week cap, cut its volume by 5 %."""


class PlanRefusedError(UserError):
    """No plan can be made: screening says no, or the request cannot be met."""


@dataclass(frozen=True, slots=True)
class _Setup:
    request: PlanRequest
    profile: AthleteProfile
    baseline: TrainingBaseline
    rules: PlanRules
    thresholds: Thresholds
    availability: dict[Weekday, float]
    sessions: int
    light: bool
    sport: Sport


def generate_plan(
    request: PlanRequest,
    profile: AthleteProfile,
    baseline: TrainingBaseline,
    screening: ScreeningResult,
    rules: PlanRules = DEFAULT_RULES,
) -> Plan:
    """A checked plan for ``request``, or ``PlanRefusedError`` saying why not."""
    warnings = list(_screening_gate(screening))
    _return_to_run_gate(request, rules)
    setup = _setup(request, profile, baseline, screening, rules)
    _capacity_gate(setup)
    shapes = plan_shape(
        request.start,
        request.week_count(),
        has_event=request.event_date is not None,
        return_to_run=request.goal is PlanGoal.RETURN_TO_RUN,
    )
    warnings.extend(_goal_warnings(setup))
    strength = strength_content(request, profile, setup.light)
    warnings.extend(strength.warnings)
    weeks = _build_weeks(setup, shapes, strength, warnings)
    plan = Plan(
        goal=request.goal,
        start=request.start,
        weeks=tuple(weeks),
        event_date=request.event_date,
        target_time_s=request.target_time_s,
        light=setup.light,
        warnings=tuple(dict.fromkeys(warnings)),
    )
    report = check_plan(plan, baseline, rules)
    if not report.ok:
        problems = "; ".join(v.message for v in report.violations[:5])
        raise PlanRefusedError(
            f"the generated plan broke its own rules, so it was withheld: {problems}"
        )
    return plan


def _screening_gate(screening: ScreeningResult) -> list[str]:
    if screening.outcome is ScreeningOutcome.NO_PLAN:
        raise PlanRefusedError(" ".join((*screening.reasons, screening.advice)).strip())
    if screening.outcome is ScreeningOutcome.CLEAR:
        return []
    return [*screening.reasons, screening.advice]


def _return_to_run_gate(request: PlanRequest, rules: PlanRules) -> None:
    if request.goal is not PlanGoal.RETURN_TO_RUN:
        return
    pain = request.current_pain_0_10
    limit = rules.return_to_run.pain_to_start_max
    if pain is None:
        raise PlanRefusedError(
            "a return-to-run plan needs today's pain on a 0-10 scale (--pain N): "
            f"it starts only at pain {limit}/10 or less"
        )
    if pain > limit:
        raise PlanRefusedError(
            f"pain {pain}/10 is above {limit}/10: walk and rehabilitate until pain is at most "
            f"{limit}/10, and see a physiotherapist if it does not settle"
        )


def _capacity_gate(setup: _Setup) -> None:
    """Refuse an endurance goal the athlete's week cannot hold even at a beginner's volume."""
    goal = setup.request.goal
    spec = RACE_SPECS.get(goal) or RIDE_SPECS.get(goal)
    if spec is None:
        return
    days = len(setup.availability)
    total_min = sum(setup.availability.values())
    if days >= spec.min_days and total_min >= spec.beginner_min_per_week:
        return
    listed = ", ".join(day.value for day in WEEK_DAYS if day in setup.availability)
    raise PlanRefusedError(
        f"a {goal.value} plan needs at least {spec.min_days} training days and "
        f"{spec.beginner_min_per_week:g} min a week; your week has {total_min:g} min on "
        f"{days} day(s) ({listed}): add days or minutes (--available, or in your profile)"
    )


def _setup(
    request: PlanRequest,
    profile: AthleteProfile,
    baseline: TrainingBaseline,
    screening: ScreeningResult,
    rules: PlanRules,
) -> _Setup:
    availability = request.availability(profile)
    return _Setup(
        request=request,
        profile=profile,
        baseline=baseline,
        rules=rules,
        thresholds=thresholds_from(baseline, profile),
        availability=availability,
        sessions=request.sessions_per_week(len(availability)),
        light=screening.outcome is not ScreeningOutcome.CLEAR,
        sport=_main_sport(request),
    )


def _main_sport(request: PlanRequest) -> Sport:
    if request.goal in RUNNING_RACE_GOALS or request.goal is PlanGoal.RETURN_TO_RUN:
        return Sport.RUNNING
    if request.goal in RIDE_SPECS:
        return Sport.CYCLING
    if request.goal in STRENGTH_GOALS:
        return Sport.STRENGTH
    return request.aerobic_sport or Sport.WALKING


def _goal_warnings(setup: _Setup) -> list[str]:
    request = setup.request
    spec = RACE_SPECS.get(request.goal)
    if spec is None or request.target_time_s is None:
        return []
    target = format_duration_hms(request.target_time_s)
    try:
        needed = vdot_from_race(spec.distance_km * 1000.0, request.target_time_s)
    except DataError:
        return [f"The target {target} is outside what the VDOT tables cover (3-300 min races)."]
    current = setup.thresholds.vdot
    if current is None:
        return [f"No recent race-like effort to judge the target {target} (VDOT {needed:.1f})."]
    if needed > current * 1.05:
        return [
            f"The target {target} needs VDOT {needed:.1f}; your recent best is {current:.1f}. "
            "The paces are set from your current fitness; goal-pace work uses the target."
        ]
    return []


def _build_weeks(
    setup: _Setup, shapes: list[WeekShape], strength: StrengthContent, warnings: list[str]
) -> list[PlanWeek]:
    volumes = _volumes(setup, shapes)
    weeks: list[PlanWeek] = []
    previous_sessions: list[PlannedSession] = []
    building = [s for s in shapes if s.phase is not Phase.TAPER]
    history = list(setup.baseline.recent_weekly_minutes(setup.sport))
    for shape, volume in zip(shapes, volumes, strict=True):
        progress = _progress(shape, building)
        cap = two_week_cap_min(history, setup.rules.progression)
        if shape.easier and history:
            cap = min(cap, history[-1] * EASIER_WEEK_SHARE_OF_LAST)
        sessions = _plan_week(
            setup, shape, min(volume, cap), cap, progress, previous_sessions, strength, warnings
        )
        history.append(sum(s.duration_min for s in sessions if s.sport is setup.sport))
        total = round(sum(s.load for s in sessions), 1)
        weeks.append(
            PlanWeek(shape.index, shape.start, shape.phase, total, tuple(sessions), shape.easier)
        )
        previous_sessions.extend(sessions)
    return weeks


def _plan_week(
    setup: _Setup,
    shape: WeekShape,
    volume: float,
    cap: float,
    progress: float,
    previous: list[PlannedSession],
    strength: StrengthContent,
    warnings: list[str],
) -> list[PlannedSession]:
    """The week's sessions on days. When the week cannot hold everything, strength plans lose
    one strength session at a time; endurance plans drop their strength first, then one
    endurance session at a time. Each step is reported."""
    minutes = _week_minutes(setup, shape)
    days = sum(1 for value in minutes.values() if value > 0)
    most = setup.sessions if days == len(WEEK_DAYS) else min(setup.sessions, max(1, days - 1))
    wanted_strength = strength.sessions_in(shape)
    strength_goal = setup.request.goal in STRENGTH_GOALS
    strength_counts = (
        list(range(wanted_strength, 0, -1)) if strength_goal else sorted({wanted_strength, 0})[::-1]
    )
    first_error: PlanRefusedError | None = None
    for sessions in [most] if strength_goal else range(most, 0, -1):
        drafts = _fit_under_cap(setup, shape, volume, cap, progress, previous, sessions)
        for count in strength_counts:
            extra = strength.week(
                shape, sessions=count, max_session_min=_session_cap_min(minutes, count)
            )
            try:
                placed = _schedule(setup, shape, drafts, extra, previous)
            except PlanRefusedError as error:
                first_error = first_error or error
                continue
            if count < wanted_strength:
                warnings.append(
                    f"Week {shape.index}: {count} strength sessions instead of "
                    f"{wanted_strength}, to fit your days."
                    if count
                    else f"Week {shape.index}: no room for strength sessions on your days."
                )
            if sessions < setup.sessions and drafts:
                warnings.append(
                    f"Week {shape.index}: {sessions} endurance sessions instead of "
                    f"{setup.sessions}, to fit your days."
                )
            return placed
    assert first_error is not None
    raise first_error


def _session_cap_min(minutes: dict[Weekday, float], sessions: int) -> float:
    """The longest session that ``sessions`` sessions on different days can each have: the
    ``sessions``-th longest day of the week."""
    longest_first = sorted((value for value in minutes.values() if value > 0), reverse=True)
    if not longest_first or sessions <= 0:
        return 0.0
    return longest_first[min(sessions, len(longest_first)) - 1]


def _fit_under_cap(
    setup: _Setup,
    shape: WeekShape,
    volume: float,
    cap: float,
    progress: float,
    previous: list[PlannedSession],
    most_sessions: int,
) -> list[SessionDraft]:
    """The week's endurance drafts within the two-week cap: less volume first, then fewer
    sessions (minimum session lengths can hold a week above a low cap, e.g. after illness)."""
    drafts: list[SessionDraft] = []
    for sessions in range(most_sessions, 0, -1):
        wanted = volume
        for _ in range(MAX_VOLUME_CUTS):
            drafts = _endurance_drafts(setup, shape, wanted, progress, previous, sessions)
            if _sport_minutes(drafts, setup.sport) <= cap:
                return drafts
            wanted *= VOLUME_CUT
    return drafts


def _sport_minutes(drafts: list[SessionDraft], sport: Sport) -> float:
    return sum(d.duration_min for d in drafts if d.sport is sport)


def _progress(shape: WeekShape, building: list[WeekShape]) -> float:
    if shape not in building or len(building) <= 1:
        return 1.0
    return building.index(shape) / (len(building) - 1)


def _volumes(setup: _Setup, shapes: list[WeekShape]) -> list[float]:
    goal = setup.request.goal
    if goal in STRENGTH_GOALS or goal is PlanGoal.RETURN_TO_RUN:
        return [0.0] * len(shapes)
    history = setup.baseline.recent_weekly_minutes(setup.sport)
    recent = [m for m in history[-2:] if m > 0]
    current = sum(recent) / len(recent) if recent else None
    start, peak = _start_and_peak(setup, current)
    capacity = _weekly_capacity_min(setup)
    return weekly_volumes_min(
        shapes, min(start, capacity), min(peak, capacity), history, setup.rules.progression
    )


def _start_and_peak(setup: _Setup, current: float | None) -> tuple[float, float]:
    """First-week and peak volume: endurance goals start from the recent weeks, at least at a
    beginner's volume (the two-week cap still limits the step up)."""
    goal = setup.request.goal
    spec = RACE_SPECS.get(goal) or RIDE_SPECS.get(goal)
    if spec is not None:
        start = max(current or 0.0, spec.beginner_min_per_week)
        return start, max(spec.peak_min_per_week, start)
    target = AEROBIC_TARGET_MIN[goal]
    start = current if current is not None else min(target, 90.0)
    return min(start, target), target


def _weekly_capacity_min(setup: _Setup) -> float:
    """Endurance minutes the athlete's best days can hold."""
    best_days = sorted(setup.availability.values(), reverse=True)[: setup.sessions]
    return sum(best_days)


def _endurance_drafts(
    setup: _Setup,
    shape: WeekShape,
    volume: float,
    progress: float,
    previous: list[PlannedSession],
    sessions: int,
) -> list[SessionDraft]:
    goal = setup.request.goal
    if goal in STRENGTH_GOALS:
        return []
    if goal is PlanGoal.RETURN_TO_RUN:
        return return_week(shape.index - 1, setup.thresholds, setup.rules.return_to_run)
    race_week = _is_race_week(setup.request, shape)
    if race_week and goal in RACE_SPECS:
        # The race takes the long run's place: size the week so the other runs keep the
        # taper's volume without it (the taper rule counts the weeks without the race).
        volume /= 1.0 - long_run_share(sessions)
    week = WeekContext(
        shape=shape,
        volume_min=volume,
        sessions=sessions,
        long_cap_min=_long_cap_min(setup, shape, previous, volume),
        thresholds=setup.thresholds,
        light=setup.light,
        progress=progress,
        goal_pace=_goal_pace(setup),
        race_week=race_week,
        session_cap_min=_session_cap_min(_week_minutes(setup, shape), sessions),
    )
    if goal in RACE_SPECS:
        drafts = running_week(goal, week)
        return _with_race(setup, drafts) if race_week else drafts
    if goal in RIDE_SPECS:
        return cycling_week(goal, week)
    return aerobic_week(week, setup.sport)


def _is_race_week(request: PlanRequest, shape: WeekShape) -> bool:
    event = request.event_date
    return event is not None and shape.start <= event <= shape.start + timedelta(days=6)


def _long_cap_min(
    setup: _Setup, shape: WeekShape, previous: list[PlannedSession], volume: float
) -> float:
    spec_cap = _goal_long_cap(setup.request.goal)
    # The window of the week's last day: what it holds is within the window of every day.
    last_day = shape.start + timedelta(days=6)
    since = last_day - timedelta(days=setup.rules.progression.single_run_lookback_days)
    recent = [
        s.duration_min
        for s in previous
        if s.sport is setup.sport and s.day >= since and s.session_type.value != "race"
    ]
    history = setup.baseline.longest_recent_min(setup.sport)
    if history is not None and shape.index <= 5:
        recent.append(history)
    day_cap = max(setup.availability.values())
    if setup.request.long_day is not None:
        day_cap = setup.availability.get(setup.request.long_day, day_cap)
    growth_cap = max(recent) * LONG_SESSION_GROWTH if recent else volume
    return float(max(20, int(min(spec_cap, growth_cap, day_cap))))


def _goal_long_cap(goal: PlanGoal) -> float:
    if goal in RACE_SPECS:
        return RACE_SPECS[goal].long_run_cap_min
    if goal in RIDE_SPECS:
        return RIDE_SPECS[goal].long_ride_cap_min
    return 90.0


def _goal_pace(setup: _Setup) -> StepTarget | None:
    request = setup.request
    spec = RACE_SPECS.get(request.goal)
    if spec is None or request.target_time_s is None:
        return None
    return race_pace_target(request.target_time_s / spec.distance_km, setup.thresholds)


def _with_race(setup: _Setup, drafts: list[SessionDraft]) -> list[SessionDraft]:
    """Race week: the long run gives way to the race itself on the event day."""
    request = setup.request
    spec = RACE_SPECS[request.goal]
    pace = _goal_pace(setup) or _race_pace_from_fitness(setup, spec.distance_km)
    others = [d for d in drafts if d.session_type.value != "long-run"]
    keep = max(0, len(drafts) - 1)
    race_draft = race(spec.distance_km, pace, f"Race: {request.goal.value}")
    if setup.light:
        assert pace.pace_s_per_km is not None
        minutes = round(spec.distance_km * pace.pace_s_per_km * LIGHT_EVENT_PACE_FACTOR / 60.0)
        race_draft = easy_event(
            minutes, setup.thresholds, f"Event: {request.goal.value}, easy", LIGHT_EVENT_NOTE
        )
    return [*others[:keep], race_draft]


def _race_pace_from_fitness(setup: _Setup, distance_km: float) -> StepTarget:
    """Race pace from the current VDOT, or from VDOT 35 (a recreational runner) when unknown."""
    vdot = setup.thresholds.vdot or UNKNOWN_FITNESS_VDOT
    return race_pace_target(
        race_time_for_vdot_s(vdot, distance_km * 1000.0) / distance_km, setup.thresholds
    )


def _schedule(
    setup: _Setup,
    shape: WeekShape,
    endurance: list[SessionDraft],
    strength: list[SessionDraft],
    previous: list[PlannedSession],
) -> list[PlannedSession]:
    drafts = {f"{d.title} ({i + 1})": d for i, d in enumerate([*endurance, *strength])}
    demands = [_demand(key, draft, setup.request, shape) for key, draft in drafts.items()]
    minutes = _week_minutes(setup, shape)
    for demand in demands:
        if demand.fixed_day is not None:
            minutes[demand.fixed_day] = max(minutes.get(demand.fixed_day, 0.0), demand.duration_min)
    availability = WeekAvailability(
        minutes_by_day=minutes,
        long_day=setup.request.long_day,
        previous_week_last_day_hard=any(
            s.is_hard and s.day == shape.start - timedelta(days=1) for s in previous
        ),
        previous_week_last_day_muscles=frozenset(
            muscle
            for s in previous
            if s.day == shape.start - timedelta(days=1)
            for exercise in s.exercises
            for muscle in exercise.primary_muscles
        ),
        max_sessions_per_day=2,
    )
    try:
        placed = schedule_week(demands, availability, setup.rules)
    except ScheduleConflictError as conflict:
        raise PlanRefusedError(f"week {shape.index}: {conflict.message}") from conflict
    sessions = [
        drafts[key].on(shape.start + timedelta(days=WEEK_DAYS.index(day)))
        for key, day in placed.day_by_key.items()
    ]
    return sorted(sessions, key=lambda s: (s.day, s.sport.value != setup.sport.value))


def _week_minutes(setup: _Setup, shape: WeekShape) -> dict[Weekday, float]:
    minutes = {}
    for offset, day in enumerate(WEEK_DAYS):
        if shape.start + timedelta(days=offset) >= setup.request.start:
            minutes[day] = setup.availability.get(day, 0.0)
    return minutes


def _demand(key: str, draft: SessionDraft, request: PlanRequest, shape: WeekShape) -> SessionDemand:
    fixed = None
    if draft.session_type.value == "race" and request.event_date is not None:
        fixed = WEEK_DAYS[(request.event_date - shape.start).days]
    kind = DemandKind.STRENGTH if draft.exercises else DemandKind.ENDURANCE
    if draft.session_type.value == "mobility":
        kind = DemandKind.MOBILITY
    return SessionDemand(
        key=key,
        kind=kind,
        duration_min=draft.duration_min,
        hard=draft.intensity.value == "hard",
        long=draft.session_type.value in {"long-run", "long-ride"},
        muscles=frozenset(m for e in draft.exercises for m in e.primary_muscles),
        fixed_day=fixed,
    )
