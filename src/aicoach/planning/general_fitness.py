"""General fitness and weight loss: weekly aerobic minutes plus resistance training.

ACSM/AHA guidance (Garber et al. 2011, Med Sci Sports Exerc 43:1334): at least 150 minutes a
week of moderate aerobic activity in sessions of 10+ minutes on most days, and resistance
training of the major muscle groups on 2+ days a week. For weight loss, ACSM's position stand
(Donnelly et al. 2009, Med Sci Sports Exerc 41:459) finds 150-250 min/week gives modest loss
and more than 250 min/week clinically significant loss.
"""

from __future__ import annotations

from aicoach.domain.activity import Sport
from aicoach.domain.plan import PlanGoal
from aicoach.planning.week_context import WeekContext
from aicoach.planning.workouts import SessionDraft, brisk_walk, easy_run, endurance_ride

AEROBIC_TARGET_MIN: dict[PlanGoal, float] = {
    PlanGoal.GENERAL_FITNESS: 150.0,
    PlanGoal.WEIGHT_LOSS: 250.0,
}
STRENGTH_DAYS_MIN = 2
AEROBIC_SESSION_MIN_MIN = 20.0


def aerobic_week(week: WeekContext, sport: Sport) -> list[SessionDraft]:
    """``week.sessions`` equal aerobic sessions of the preferred sport at an easy effort."""
    sessions = max(1, min(week.sessions, int(week.volume_min // AEROBIC_SESSION_MIN_MIN)))
    minutes = max(AEROBIC_SESSION_MIN_MIN, round(week.volume_min / sessions))
    minutes = min(minutes, week.long_cap_min)
    return [_aerobic(sport, minutes, week) for _ in range(sessions)]


def _aerobic(sport: Sport, minutes: float, week: WeekContext) -> SessionDraft:
    if sport is Sport.RUNNING:
        return easy_run(minutes, week.thresholds)
    if sport is Sport.CYCLING:
        return endurance_ride(minutes, week.thresholds)
    return brisk_walk(minutes, week.thresholds)
