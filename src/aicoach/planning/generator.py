"""Plan generation: screening gate, periodised volumes, week content, scheduling, checking.

The generator never hands out a plan that ``planning/check.py`` rejects: it checks its own
output and stops with the violations if a rule would be broken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from aicoach.analytics.race_prediction import race_time_for_vdot_s, vdot_from_race
from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile, Weekday
from aicoach.domain.plan import (
    RUNNING_RACE_GOALS,
    STRENGTH_GOALS,
    Intensity,
    Phase,
    Plan,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    SessionType,
)
from aicoach.errors import DataError, UserError
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.check import Violation, check_plan
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
from aicoach.planning.running import RACE_SPECS, race_week_runs, running_week
from aicoach.planning.schedule_types import WEEK_DAYS, DemandKind, SessionDemand, WeekAvailability
from aicoach.planning.scheduling import ScheduleConflictError, schedule_week
from aicoach.planning.screening import ScreeningOutcome, ScreeningResult
from aicoach.planning.strength_content import StrengthContent, strength_content
from aicoach.planning.taper import (
    DAYS_PER_WEEK,
    TaperMeasure,
    WeekMinutes,
    biggest_week_before,
    measure_taper,
    minutes_by_day,
    taper_first_day,
)
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
TAPER_CUT_AIM = 0.50
"""The taper aims at a 50 % cut, mid Bosquet et al.'s (2007) 41-60 % (the limit is 40-60 %)."""
TAPER_CUT_MARGIN = 0.07
"""A taper cut within 43-57 % is kept; further off, the taper weeks are sized again."""
TAPER_WEEK_DECAY = 0.75
"""Each taper week trains at 75 % of the week before it: a progressive taper, which Mujika &
Padilla (2003) found better than a step cut."""
TAPER_ATTEMPTS = 5
TAPER_RESIZE_MAX = 2.0
TAPER_QUALITY_WEEK_MIN = 36.0
"""A taper week with two runs needs 36 min to keep a short quality session (19 min or more)
beside a 15-minute run or more."""
TAPER_REST_DAYS_MAX = 2
"""A taper week's days before the taper (a Monday or Tuesday event's) are rest when at most 2."""
MAX_VOLUME_CUTS = 17
VOLUME_CUT = 0.97
"""When minimum session lengths push a week over the two-week cap, cut its volume by 3 %."""


@dataclass
class PlanRefusedError(UserError):
    """No plan can be made: screening says no, or the request cannot be met. ``violations``
    are the checker's findings when the generated plan broke its own rules."""

    violations: tuple[Violation, ...] = ()


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
        event_day=request.event_date,
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
            f"the generated plan broke its own rules, so it was withheld: {problems}",
            violations=report.violations,
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


@dataclass(frozen=True, slots=True)
class _Built:
    """The weeks built so far, their sessions, and the main sport's minutes of every week
    (the athlete's recent weeks first) that the two-week cap looks back on."""

    weeks: tuple[PlanWeek, ...]
    sessions: tuple[PlannedSession, ...]
    history_min: tuple[float, ...]

    def plus(self, week: PlanWeek, sport: Sport) -> _Built:
        minutes = sum(s.duration_min for s in week.sessions if s.sport is sport)
        return _Built(
            (*self.weeks, week), (*self.sessions, *week.sessions), (*self.history_min, minutes)
        )


def _build_weeks(
    setup: _Setup, shapes: list[WeekShape], strength: StrengthContent, warnings: list[str]
) -> list[PlanWeek]:
    volumes = _volumes(setup, shapes)
    building = [s for s in shapes if s.phase is not Phase.TAPER]
    built = _Built((), (), tuple(setup.baseline.recent_weekly_minutes(setup.sport)))
    for shape, volume in zip(building, volumes, strict=False):
        progress = _progress(shape, building)
        week = _build_week(setup, shape, volume, progress, built, strength, warnings)
        built = built.plus(week, setup.sport)
    taper = shapes[len(building) :]
    if taper:
        built = _build_taper(setup, taper, volumes[len(building) :], built, strength, warnings)
    return list(built.weeks)


def _build_week(
    setup: _Setup,
    shape: WeekShape,
    volume: float,
    progress: float,
    built: _Built,
    strength: StrengthContent,
    warnings: list[str],
) -> PlanWeek:
    history = built.history_min
    weeks_to_go = setup.request.week_count() - shape.index
    cap = two_week_cap_min(
        history,
        setup.rules.progression,
        look_ahead=weeks_to_go > 0,
        next_week_min=_race_min(setup) if weeks_to_go == 1 else 0.0,
    )
    if shape.easier and history:
        cap = min(cap, history[-1] * EASIER_WEEK_SHARE_OF_LAST)
    previous = list(built.sessions)
    sessions = _plan_week(
        setup, shape, min(volume, cap), cap, progress, previous, strength, warnings
    )
    total = round(sum(s.load for s in sessions), 1)
    return PlanWeek(shape.index, shape.start, shape.phase, total, tuple(sessions), shape.easier)


def _build_taper(
    setup: _Setup,
    shapes: list[WeekShape],
    estimates_min: list[float],
    built: _Built,
    strength: StrengthContent,
    warnings: list[str],
) -> _Built:
    """The taper weeks. Towards a checked taper (an event, 8+ weeks), they are sized from the
    days up to the event against the biggest week planned before (``planning/taper.py``);
    otherwise from ``estimates_min``."""
    event = setup.request.event_date
    days = setup.rules.progression.taper_weeks * DAYS_PER_WEEK
    if event is None or days <= 0 or len(built.weeks) + len(shapes) < 8:
        return _plan_taper_weeks(setup, shapes, estimates_min, built, strength, warnings)
    first_day = taper_first_day(event, days)
    reference = biggest_week_before(_week_minutes_of(setup, built.weeks), first_day)
    if reference is None:
        return _plan_taper_weeks(setup, shapes, estimates_min, built, strength, warnings)
    before_min = _main_minutes_from(setup, built.sessions, first_day)
    wanted_min = reference.minutes * days / DAYS_PER_WEEK * (1 - TAPER_CUT_AIM) - before_min
    search = _TaperSearch(
        setup=setup,
        shapes=shapes,
        built=built,
        strength=strength,
        before_min=before_min,
        event=event,
        days=days,
        base_min=_taper_volumes(setup, shapes, first_day, max(0.0, wanted_min)),
        floors_min=[_taper_floor_min(setup, shape) for shape in shapes],
    )
    result, tried = search.run()
    warnings.extend(tried)
    return result


@dataclass(frozen=True, slots=True)
class _TaperSearch:
    """Scales the taper weeks' volumes (``base_min``, each at least its floor) until the cut
    is within ``TAPER_CUT_MARGIN`` of ``TAPER_CUT_AIM`` and the taper keeps its intensity:
    first by the ratio still missing, then halfway between the scales known to give too little
    and too much. The best attempt is kept; the search stops when scaling changes nothing."""

    setup: _Setup
    shapes: list[WeekShape]
    built: _Built
    strength: StrengthContent
    before_min: float
    """Minutes already planned in the taper's days (weeks before the taper weeks)."""
    event: date
    days: int
    base_min: list[float]
    floors_min: list[float]

    def run(self) -> tuple[_Built, list[str]]:
        scale, low, high = 1.0, 0.0, float("inf")
        best: tuple[tuple[bool, float], _Built, list[str]] | None = None
        last_min = -1.0
        for _ in range(TAPER_ATTEMPTS):
            result, tried, measure = self._attempt(scale)
            if measure is None:
                return result, tried
            score = _taper_score(self.setup, measure.cut, result)
            if best is None or score < best[0]:
                best = (score, result, tried)
            if (score[1] <= TAPER_CUT_MARGIN and not score[0]) or measure.taper_min == last_min:
                break
            last_min = measure.taper_min
            wanted_min = measure.reference_min * (1 - TAPER_CUT_AIM) - self.before_min
            got_min = measure.taper_min - self.before_min
            if got_min > wanted_min:
                high = min(high, scale)
            else:
                low = max(low, scale)
            ratio = wanted_min / got_min if got_min > 0 else TAPER_RESIZE_MAX
            scale = _next_scale(scale, ratio, low, high)
        assert best is not None
        return best[1], best[2]

    def _attempt(self, scale: float) -> tuple[_Built, list[str], TaperMeasure | None]:
        volumes = [
            max(scale * volume, floor)
            for volume, floor in zip(self.base_min, self.floors_min, strict=True)
        ]
        tried: list[str] = []
        setup, built = self.setup, self.built
        result = _plan_taper_weeks(setup, self.shapes, volumes, built, self.strength, tried)
        measure = measure_taper(
            _week_minutes_of(self.setup, result.weeks),
            _main_minutes_by_day(self.setup, result.sessions),
            self.event,
            self.days,
        )
        return result, tried, measure


def _taper_score(setup: _Setup, cut: float, built: _Built) -> tuple[bool, float]:
    """How far a taper is off, to compare attempts (lower is better): whether it breaks a
    taper rule (a cut outside 40-60 %, or one of the last ``taper_weeks`` weeks without the
    intensity the weeks before had), then how far the cut is from the aim."""
    limits = setup.rules.progression
    count = limits.taper_weeks
    before, taper = built.weeks[:-count], built.weeks[-count:]
    flat = any(_intense(week) for week in before) and not all(_intense(w) for w in taper)
    outside = not limits.taper_volume_cut_min < cut < limits.taper_volume_cut_max
    return (flat or outside, abs(cut - TAPER_CUT_AIM))


def _intense(week: PlanWeek) -> bool:
    return any(s.intensity in {Intensity.MODERATE, Intensity.HARD} for s in week.sessions)


def _next_scale(scale: float, ratio: float, low: float, high: float) -> float:
    """The next taper scale: by the ratio still missing (within ``TAPER_RESIZE_MAX``), or
    halfway between the scales known to give too little and too much."""
    if low > 0 and high < float("inf"):
        return (low + high) / 2
    return scale * min(TAPER_RESIZE_MAX, max(1 / TAPER_RESIZE_MAX, ratio))


def _taper_floor_min(setup: _Setup, shape: WeekShape) -> float:
    """The least a taper week before the race week gets: enough for a short quality session
    and a run (a taper keeps intensity), when it has two training days and the plan has
    intensity at all."""
    if setup.light or _is_race_week(setup.request, shape) or setup.request.goal not in RACE_SPECS:
        return 0.0
    days = sum(1 for value in _week_minutes(setup, shape).values() if value > 0)
    return TAPER_QUALITY_WEEK_MIN if days >= 2 and setup.sessions >= 2 else 0.0


def _plan_taper_weeks(
    setup: _Setup,
    shapes: list[WeekShape],
    volumes_min: list[float],
    built: _Built,
    strength: StrengthContent,
    warnings: list[str],
) -> _Built:
    """``built`` with the taper weeks planned at ``volumes_min``."""
    for shape, volume in zip(shapes, volumes_min, strict=True):
        week = _build_week(setup, shape, volume, 1.0, built, strength, warnings)
        built = built.plus(week, setup.sport)
    return built


def _taper_volumes(
    setup: _Setup, shapes: list[WeekShape], first_day: date, window_min: float
) -> list[float]:
    """Each taper week's volume: ``window_min`` shared out over the taper's days by the
    athlete's minutes on them, each week at ``TAPER_WEEK_DECAY`` of the one before; a week's
    days before the taper train at its rate too."""
    weights: list[float] = []
    spreads: list[float] = []
    for position, shape in enumerate(shapes):
        minutes = _week_minutes(setup, shape)
        inside = sum(
            value
            for day, value in minutes.items()
            if shape.start + timedelta(days=WEEK_DAYS.index(day)) >= first_day
        )
        weights.append(TAPER_WEEK_DECAY**position * inside)
        spreads.append(sum(minutes.values()) / inside if inside > 0 else 0.0)
    total = sum(weights)
    if total <= 0:
        return [0.0] * len(shapes)
    return [
        window_min * weight / total * spread
        for weight, spread in zip(weights, spreads, strict=True)
    ]


def _main_minutes_by_day(setup: _Setup, sessions: Iterable[PlannedSession]) -> dict[date, float]:
    """The main sport's minutes per day, races excluded (what the taper rule counts)."""
    return minutes_by_day(
        (s.day, s.duration_min)
        for s in sessions
        if s.sport is setup.sport and s.session_type is not SessionType.RACE
    )


def _week_minutes_of(setup: _Setup, weeks: Iterable[PlanWeek]) -> list[WeekMinutes]:
    """Each week's main-sport minutes, races excluded."""
    return [
        WeekMinutes(week.index, week.start, _main_minutes_from(setup, week.sessions, week.start))
        for week in weeks
    ]


def _main_minutes_from(setup: _Setup, sessions: Iterable[PlannedSession], first: date) -> float:
    return sum(
        minutes for day, minutes in _main_minutes_by_day(setup, sessions).items() if day >= first
    )


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
    race = _is_race_week(setup.request, shape) and setup.request.goal in RACE_SPECS
    if days == 0 and not race:
        return []
    most = min(setup.sessions, days + 1 if race else days)
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
    race_week = _is_race_week(setup.request, shape) and goal in RACE_SPECS
    runs = sessions - 1 if race_week else sessions  # the race has its own day
    week = WeekContext(
        shape=shape,
        volume_min=volume,
        sessions=runs,
        long_cap_min=_long_cap_min(setup, shape, previous, volume),
        thresholds=setup.thresholds,
        light=setup.light,
        progress=progress,
        goal_pace=_goal_pace(setup),
        race_week=race_week,
        session_cap_min=_session_cap_min(_week_minutes(setup, shape), runs),
    )
    if race_week:
        return [*race_week_runs(week), _race_draft(setup)]
    if goal in RACE_SPECS:
        return running_week(goal, week)
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


def _race_min(setup: _Setup) -> float:
    """The race's minutes (0 without one): the race week's two-week cap must hold them."""
    if setup.request.event_date is None or setup.request.goal not in RACE_SPECS:
        return 0.0
    return _race_draft(setup).duration_min


def _race_draft(setup: _Setup) -> SessionDraft:
    """The race on the event day; a light plan takes the event at an easy effort."""
    request = setup.request
    spec = RACE_SPECS[request.goal]
    pace = _goal_pace(setup) or _race_pace_from_fitness(setup, spec.distance_km)
    if not setup.light:
        return race(spec.distance_km, pace, f"Race: {request.goal.value}")
    assert pace.pace_s_per_km is not None
    minutes = round(spec.distance_km * pace.pace_s_per_km * LIGHT_EVENT_PACE_FACTOR / 60.0)
    return easy_event(
        minutes, setup.thresholds, f"Event: {request.goal.value}, easy", LIGHT_EVENT_NOTE
    )


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
        long_day=_long_day(setup, shape),
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
    """The athlete's minutes on the week's training days: from the plan start, and before the
    event (the race is placed on its day by itself). The day before a Monday event stays free
    too: its week is scheduled without the race, so it could not keep a hard session off it.
    A taper week's one or two days before the taper's 14 days are rest, so the taper's days
    hold what the taper plans."""
    first, last = _training_span(setup, shape)
    minutes = {}
    for offset, day in enumerate(WEEK_DAYS):
        if first <= shape.start + timedelta(days=offset) <= last:
            minutes[day] = setup.availability.get(day, 0.0)
    return minutes


def _long_day(setup: _Setup, shape: WeekShape) -> Weekday | None:
    """The preferred day for the long session: the athlete's; in a taper week that begins
    before the taper's 14 days, one of those days (the athlete's long day, else the longest),
    so the taper's days hold what the taper plans."""
    chosen = setup.request.long_day
    event = setup.request.event_date
    if shape.phase is not Phase.TAPER or event is None:
        return chosen
    taper_first = taper_first_day(event, setup.rules.progression.taper_weeks * DAYS_PER_WEEK)
    if taper_first <= shape.start:
        return chosen
    inside = {
        day: minutes
        for day, minutes in _week_minutes(setup, shape).items()
        if minutes > 0 and shape.start + timedelta(days=WEEK_DAYS.index(day)) >= taper_first
    }
    if not inside or chosen in inside:
        return chosen
    return max(inside, key=lambda day: (inside[day], WEEK_DAYS.index(day)))


def _training_span(setup: _Setup, shape: WeekShape) -> tuple[date, date]:
    """The first and last day of ``shape`` that may hold training."""
    request = setup.request
    first, last = max(shape.start, request.start), shape.start + timedelta(days=6)
    event = request.event_date
    if event is None:
        return first, last
    last = min(last, event - timedelta(days=1 if event.weekday() else 2))
    taper_first = taper_first_day(event, setup.rules.progression.taper_weeks * DAYS_PER_WEEK)
    if shape.phase is Phase.TAPER and 0 < (taper_first - shape.start).days <= TAPER_REST_DAYS_MAX:
        first = max(first, taper_first)
    return first, last


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
