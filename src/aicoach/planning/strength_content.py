"""The strength part of a plan's weeks: which focus, how many sessions, with what equipment."""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.domain.activity import Sport
from aicoach.domain.athlete import AthleteProfile
from aicoach.domain.plan import (
    RUNNING_RACE_GOALS,
    Intensity,
    Phase,
    PlanGoal,
    SessionType,
)
from aicoach.errors import UserError
from aicoach.planning.exercises import (
    Equipment,
    Region,
    avoid_regions_from_conditions,
    parse_equipment,
    parse_equipment_list,
)
from aicoach.planning.general_fitness import STRENGTH_DAYS_MIN
from aicoach.planning.periodisation import WeekShape
from aicoach.planning.request import PlanRequest
from aicoach.planning.strength import StrengthFocus, StrengthSessionDraft, strength_week
from aicoach.planning.workouts import SessionDraft

FOCUS_BY_GOAL: dict[PlanGoal, StrengthFocus] = {
    PlanGoal.STRENGTH: StrengthFocus.GENERAL,
    PlanGoal.HYPERTROPHY: StrengthFocus.HYPERTROPHY,
    PlanGoal.MAX_STRENGTH: StrengthFocus.MAX_STRENGTH,
    PlanGoal.GENERAL_FITNESS: StrengthFocus.GENERAL_FITNESS,
    PlanGoal.WEIGHT_LOSS: StrengthFocus.GENERAL_FITNESS,
}
SUPPLEMENT_SESSIONS = 2
"""Runners: two short strength sessions a week in base and build (none in peak and taper)."""
LIGHT_NOTE = "Light plan: keep at least 3 repetitions in reserve on every set."


@dataclass(frozen=True, slots=True)
class StrengthContent:
    focus: StrengthFocus | None
    sessions: int
    equipment: frozenset[Equipment]
    avoid: frozenset[Region]
    light: bool
    warnings: tuple[str, ...] = ()

    def week(
        self, shape: WeekShape, *, sessions: int | None = None, max_session_min: float | None = None
    ) -> list[SessionDraft]:
        """The week's strength drafts: ``sessions`` of them (default: the plan's count for this
        phase), each fitting ``max_session_min`` when given."""
        count = self.sessions_in(shape) if sessions is None else sessions
        if self.focus is None or count == 0:
            return []
        week = strength_week(
            self.focus,
            count,
            set(self.equipment),
            set(self.avoid),
            week_index=shape.index - 1,
            deload=shape.easier or shape.phase is Phase.TAPER,
            max_session_min=max_session_min,
        )
        return [self._draft(d) for d in week.drafts]

    def sessions_in(self, shape: WeekShape) -> int:
        if self.focus is StrengthFocus.SUPPLEMENT and shape.phase in {Phase.PEAK, Phase.TAPER}:
            return 0
        return self.sessions

    def _draft(self, draft: StrengthSessionDraft) -> SessionDraft:
        return SessionDraft(
            sport=Sport.STRENGTH,
            session_type=SessionType.STRENGTH,
            intensity=Intensity.EASY if self.light else draft.intensity,
            title=draft.title,
            exercises=draft.exercises,
            effort_rpe=min(draft.rpe, 4.0) if self.light else draft.rpe,
            planned_min=draft.duration_min,
            note=LIGHT_NOTE if self.light else None,
        )


def strength_content(request: PlanRequest, profile: AthleteProfile, light: bool) -> StrengthContent:
    """Strength sessions for the goal; the first week is built once to collect warnings."""
    focus, sessions = _focus_and_sessions(request)
    equipment = frozenset(
        parse_equipment_list(request.equipment)
        if request.equipment
        else _profile_equipment(profile.equipment)
    )
    avoid = frozenset(avoid_regions_from_conditions(profile.conditions))
    warnings: tuple[str, ...] = ()
    if focus is not None and sessions > 0:
        warnings = strength_week(focus, sessions, set(equipment), set(avoid)).warnings
    return StrengthContent(focus, sessions, equipment, avoid, light, warnings)


def _profile_equipment(items: list[str]) -> set[Equipment]:
    """The profile lists everything the athlete owns (shoes, a bike...): keep what lifts."""
    found: set[Equipment] = {Equipment.BODY_ONLY}
    for item in items:
        try:
            found |= parse_equipment(item)
        except UserError:
            continue
    return found


def _focus_and_sessions(request: PlanRequest) -> tuple[StrengthFocus | None, int]:
    goal = request.goal
    if goal in FOCUS_BY_GOAL and request.is_strength:
        return FOCUS_BY_GOAL[goal], request.days_per_week or 3
    if goal in FOCUS_BY_GOAL:
        return FOCUS_BY_GOAL[goal], STRENGTH_DAYS_MIN
    if goal in RUNNING_RACE_GOALS:
        return StrengthFocus.SUPPLEMENT, SUPPLEMENT_SESSIONS
    return None, 0
