"""A coach's roster: every athlete with an active coach link, on one screen.

Per athlete: open (unacknowledged) alerts as stored by ``services.health_alerts``; today's
CTL, ATL, TSB and ACWR as the engine computes them for ``aicoach metrics`` (same daily
inputs via ``training_history.daily_inputs_from``, same formulas via
``analytics.series.compute_load_series_batch``); load and minutes of the last 7 local days
(today included); compliance over the 28 days before today; the last activity's start.

Compliance counts the current plan's non-rest sessions on those days and how many of them
have training of the same kind recorded on their day (matched as plan adaptation matches
them: same sport, running and walking interchangeable, strength for strength sessions);
``None`` without a plan or without planned sessions in the window.

Speed: one query per table for the whole roster (athletes, activities, logged sessions,
wellness start days, alerts, plans), whatever the number of athletes, and one vectorised
engine call. Activities whose metrics are stale after a profile change are recomputed first,
for those athletes only.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.analytics.series import compute_load_series_batch
from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.domain.activity import Sport
from aicoach.domain.plan import Plan, SessionType
from aicoach.errors import DataError, PermissionDeniedError
from aicoach.planning.adaptation import counts_as
from aicoach.planning.plan_json import plan_from_json
from aicoach.services.accounts import Role
from aicoach.services.activity_metrics import metrics_basis, refresh_activity_metrics
from aicoach.services.coaching import coached_athlete_ids
from aicoach.services.training_history import DayLoad, daily_inputs_from
from aicoach.storage.athletes import read_profile
from aicoach.storage.server_tables import UserRow
from aicoach.storage.tables import (
    ActivityRow,
    AlertRow,
    AthleteRow,
    ManualSessionRow,
    PlanRow,
    WellnessRow,
)

logger = logging.getLogger(__name__)

RECENT_DAYS = 7
COMPLIANCE_DAYS = 28


@dataclass(frozen=True, slots=True)
class RosterAlert:
    day: date
    severity: str
    rule: str
    message: str


@dataclass(frozen=True, slots=True)
class RosterEntry:
    athlete_id: int
    name: str
    open_alerts: tuple[RosterAlert, ...]
    ctl: float | None
    atl: float | None
    tsb: float | None
    acwr: float | None
    load_7d: float | None
    minutes_7d: float | None
    compliance_pct_28d: float | None
    last_activity_at: datetime | None


class _Training(NamedTuple):
    """One activity or logged session on the athlete's local day."""

    day: date
    sport: str
    duration_s: float | None
    load: float
    started_at: datetime | None


@dataclass(slots=True)
class _Gathered:
    training: dict[int, list[_Training]]
    first_wellness: dict[int, date]
    alerts: dict[int, list[RosterAlert]]
    plans: dict[int, Plan]


def coach_roster(
    session: Session,
    coach: UserRow,
    *,
    now: datetime | None = None,
    settings: AnalyticsSettings | None = None,
) -> list[RosterEntry]:
    """The coach's athletes by name; refused (403) for accounts that are not coaches."""
    if coach.role != Role.COACH.value:
        raise PermissionDeniedError("the roster needs a coach account")
    ids = coached_athlete_ids(session, coach)
    if not ids:
        return []
    athletes = list(
        session.scalars(select(AthleteRow).where(AthleteRow.id.in_(ids)).order_by(AthleteRow.name))
    )
    moment = now or datetime.now(ZoneInfo("UTC"))
    todays = {a.id: moment.astimezone(ZoneInfo(a.timezone)).date() for a in athletes}
    gathered = _gather(session, athletes)
    engine = _engine_today(athletes, todays, gathered, settings or AnalyticsSettings())
    return [
        RosterEntry(
            athlete_id=athlete.id,
            name=athlete.name,
            open_alerts=tuple(
                a for a in gathered.alerts.get(athlete.id, []) if a.day <= todays[athlete.id]
            ),
            **engine[athlete.id],
            minutes_7d=_minutes_7d(gathered.training.get(athlete.id), todays[athlete.id]),
            compliance_pct_28d=_compliance_pct(
                gathered.plans.get(athlete.id),
                gathered.training.get(athlete.id, []),
                todays[athlete.id],
            ),
            last_activity_at=_last_activity(gathered.training.get(athlete.id, [])),
        )
        for athlete in athletes
    ]


def _gather(session: Session, athletes: list[AthleteRow]) -> _Gathered:
    by_id = {athlete.id: athlete for athlete in athletes}
    training: dict[int, list[_Training]] = defaultdict(list)
    for athlete_id, start, sport, timer_s, elapsed_s, load in _activities(session, by_id):
        local_day = start.astimezone(ZoneInfo(by_id[athlete_id].timezone)).date()
        duration = timer_s if timer_s is not None else elapsed_s
        training[athlete_id].append(_Training(local_day, sport, duration, load or 0.0, start))
    manual = session.execute(
        select(
            ManualSessionRow.athlete_id,
            ManualSessionRow.day,
            ManualSessionRow.sport,
            ManualSessionRow.duration_s,
            ManualSessionRow.rpe_0_10,
        ).where(ManualSessionRow.athlete_id.in_(by_id))
    ).all()
    for athlete_id, day, sport, duration_s, rpe in manual:
        load = tss_equivalent_from_rpe(duration_s, rpe)
        training[athlete_id].append(_Training(day, sport, duration_s, load, None))
    first_wellness = {
        athlete_id: day
        for athlete_id, day in session.execute(
            select(WellnessRow.athlete_id, func.min(WellnessRow.day))
            .where(WellnessRow.athlete_id.in_(by_id))
            .group_by(WellnessRow.athlete_id)
        ).all()
    }
    return _Gathered(training, first_wellness, _open_alerts(session, by_id), _plans(session, by_id))


def _activities(
    session: Session, by_id: dict[int, AthleteRow]
) -> list[tuple[int, datetime, str, float | None, float | None, float | None]]:
    """Every activity's day fields; stale metrics (profile changed) are refreshed first."""
    columns = (
        ActivityRow.athlete_id,
        ActivityRow.start_time,
        ActivityRow.sport,
        ActivityRow.timer_s,
        ActivityRow.elapsed_s,
        ActivityRow.load,
        ActivityRow.metrics_basis,
    )
    statement = select(*columns).where(ActivityRow.athlete_id.in_(by_id))
    rows = session.execute(statement).all()
    bases = {athlete_id: metrics_basis(read_profile(row)) for athlete_id, row in by_id.items()}
    stale = {row.athlete_id for row in rows if row.metrics_basis != bases[row.athlete_id]}
    if stale:
        for athlete_id in sorted(stale):
            refresh_activity_metrics(session, by_id[athlete_id])
        rows = session.execute(statement).all()
    return [(r[0], r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _open_alerts(session: Session, by_id: dict[int, AthleteRow]) -> dict[int, list[RosterAlert]]:
    rows = session.scalars(
        select(AlertRow)
        .where(AlertRow.athlete_id.in_(by_id), AlertRow.acknowledged_at.is_(None))
        .order_by(AlertRow.day.desc(), AlertRow.id)
    )
    alerts: dict[int, list[RosterAlert]] = defaultdict(list)
    for row in rows:
        alerts[row.athlete_id].append(RosterAlert(row.day, row.severity, row.rule, row.message))
    return alerts


def _plans(session: Session, by_id: dict[int, AthleteRow]) -> dict[int, Plan]:
    """Each athlete's active plan (the newest active one, as ``storage.plans.active_plan``)."""
    plans: dict[int, Plan] = {}
    rows = session.scalars(
        select(PlanRow)
        .where(PlanRow.athlete_id.in_(by_id), PlanRow.active.is_(True))
        .order_by(PlanRow.id.desc())
    )
    for row in rows:
        if row.athlete_id in plans:
            continue
        try:
            plans[row.athlete_id] = plan_from_json(row.document, source=f"plan {row.id}")
        except DataError:
            logger.exception("plan %s could not be read", row.id)
    return plans


def _engine_today(
    athletes: list[AthleteRow],
    todays: dict[int, date],
    gathered: _Gathered,
    settings: AnalyticsSettings,
) -> dict[int, dict[str, float | None]]:
    """Today's load values of every athlete from one engine call.

    Each athlete's daily loads run from their first data day (first activity or wellness
    day, as ``training_history.first_data_day``) to their today; rows are aligned on the
    last day and padded with zero load in front, which leaves CTL, ATL and the EWMAs exactly
    at their zero start. The ACWR is undefined until the athlete has ``chronic_days`` of
    history, as the engine's warm-up rule says.
    """
    empty: dict[str, float | None] = dict.fromkeys(("ctl", "atl", "tsb", "acwr", "load_7d"))
    results = {athlete.id: dict(empty) for athlete in athletes}
    loads: dict[int, np.ndarray] = {}
    for athlete in athletes:
        today = todays[athlete.id]
        own = gathered.training.get(athlete.id, [])
        first_days = [item.day for item in own if item.started_at is not None]
        if athlete.id in gathered.first_wellness:
            first_days.append(gathered.first_wellness[athlete.id])
        if not first_days or min(first_days) > today:
            continue
        sessions = [DayLoad(item.day, item.load) for item in own]
        loads[athlete.id] = daily_inputs_from(min(first_days), today, sessions, []).load
    if not loads:
        return results
    width = max(load.size for load in loads.values())
    matrix = np.zeros((len(loads), width))
    for row, load in enumerate(loads.values()):
        matrix[row, width - load.size :] = load
    batch = compute_load_series_batch(matrix, settings)
    for row, (athlete_id, load) in enumerate(loads.items()):
        acwr = batch.acwr[row, -1] if load.size >= settings.chronic_days else math.nan
        results[athlete_id] = {
            "ctl": _number(batch.ctl[row, -1]),
            "atl": _number(batch.atl[row, -1]),
            "tsb": _number(batch.tsb[row, -1]),
            "acwr": _number(acwr),
            "load_7d": _number(float(np.sum(load[-RECENT_DAYS:]))),
        }
    return results


def _minutes_7d(training: list[_Training] | None, today: date) -> float | None:
    if not training:
        return None
    first = today - timedelta(days=RECENT_DAYS - 1)
    seconds = sum(item.duration_s or 0.0 for item in training if first <= item.day <= today)
    return round(seconds / 60.0, 1)


def _compliance_pct(plan: Plan | None, training: list[_Training], today: date) -> float | None:
    if plan is None:
        return None
    first = today - timedelta(days=COMPLIANCE_DAYS)
    planned = [
        s
        for s in plan.sessions
        if first <= s.day < today and s.session_type is not SessionType.REST
    ]
    if not planned:
        return None
    by_day: dict[date, set[str]] = defaultdict(set)
    for item in training:
        by_day[item.day].add(item.sport)
    done = sum(1 for s in planned if any(counts_as(Sport(sport), s) for sport in by_day[s.day]))
    return round(100.0 * done / len(planned), 1)


def _last_activity(training: list[_Training]) -> datetime | None:
    starts = [item.started_at for item in training if item.started_at is not None]
    return max(starts) if starts else None


def _number(value: float) -> float | None:
    """Rounded as ``aicoach metrics`` shows it; NaN is missing."""
    return None if math.isnan(value) else round(float(value), 4)
