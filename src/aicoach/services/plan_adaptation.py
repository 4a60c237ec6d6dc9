"""``plan adapt``: gather what happened and what the body says, then re-plan the coming days."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.domain.activity import Sport
from aicoach.domain.plan import Plan, PlanChange
from aicoach.planning.adaptation import Adaptation, DoneSession, Readiness, adapt_plan
from aicoach.planning.screening import ScreeningOutcome
from aicoach.planning.targets import thresholds_from
from aicoach.services.health_alerts import refresh_alerts
from aicoach.services.note_reading import pain_mentions
from aicoach.services.plan_baseline import history_baseline
from aicoach.services.plans import current_plan, store_plan_update
from aicoach.services.screening import screening_status
from aicoach.services.training_history import athlete_series
from aicoach.storage import alerts as alert_store
from aicoach.storage.activities import list_activities
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import AthleteRow
from aicoach.storage.wellness import list_wellness
from aicoach.units import seconds_to_minutes

RECENT_DAYS = 3
"""Alerts, illness and pain reports of the last three days shape the coming days."""
ILLNESS_RULES = frozenset({"illness_pattern"})


@dataclass(frozen=True, slots=True)
class AdaptationReport:
    adaptation: Adaptation
    today: date

    @property
    def changes(self) -> tuple[PlanChange, ...]:
        return self.adaptation.changes

    def compliance_sentence(self) -> str:
        compliance = self.adaptation.compliance
        if compliance is None:
            return "No planned session is in the past yet, so there is nothing to compare."
        return (
            f"Compliance so far: {self.adaptation.done_min:.0f} of "
            f"{self.adaptation.planned_min:.0f} planned minutes done ({compliance:.0%})."
        )

    def as_json(self) -> dict[str, Any]:
        compliance = self.adaptation.compliance
        return {
            "date": self.today.isoformat(),
            "compliance": round(compliance, 3) if compliance is not None else None,
            "planned_min": round(self.adaptation.planned_min, 1),
            "done_min": round(self.adaptation.done_min, 1),
            "changes": [{"date": c.day.isoformat(), "sentence": c.sentence} for c in self.changes],
        }


def adapt_current_plan(
    session: Session, athlete_name: str | None, today: date | None = None
) -> AdaptationReport:
    stored = current_plan(session, athlete_name)
    athlete = stored.athlete
    today = today or datetime.now(ZoneInfo(athlete.timezone)).date()
    baseline = history_baseline(session, athlete, stored.plan.start)
    thresholds = thresholds_from(baseline)
    adaptation = adapt_plan(
        stored.plan,
        done_sessions(session, athlete, stored.plan, today),
        readiness(session, athlete, today),
        today,
        thresholds,
        baseline,
    )
    store_plan_update(stored, adaptation.plan)
    return AdaptationReport(adaptation, today)


def done_sessions(
    session: Session, athlete: AthleteRow, plan: Plan, today: date
) -> list[DoneSession]:
    zone = ZoneInfo(athlete.timezone)
    since = datetime.combine(plan.start, time(), tzinfo=zone).astimezone(UTC)
    until = datetime.combine(today, time(), tzinfo=zone).astimezone(UTC)
    done = []
    for row in list_activities(session, athlete.id, since=since, until=until):
        duration_s = row.timer_s or row.elapsed_s or 0.0
        done.append(
            DoneSession(
                row.start_time.astimezone(zone).date(),
                Sport(row.sport),
                seconds_to_minutes(duration_s),
            )
        )
    for manual in list_manual_sessions(session, athlete.id, since=plan.start):
        if manual.day < today:
            done.append(
                DoneSession(
                    manual.day, manual.sport, seconds_to_minutes(manual.duration_s), manual.rpe_0_10
                )
            )
    return done


def readiness(session: Session, athlete: AthleteRow, today: date) -> Readiness:
    computed = athlete_series(session, athlete, last_day=today)
    if computed is not None:
        refresh_alerts(session, athlete, today, computed)
    since = today - timedelta(days=RECENT_DAYS)
    open_alerts = [
        row
        for row in alert_store.list_alerts(
            session, athlete.id, since=since, include_acknowledged=False
        )
        if row.day <= today
    ]
    urgent = [a.message for a in open_alerts if a.severity == "urgent"]
    screening = screening_status(session, athlete, today)
    if screening.outcome is ScreeningOutcome.NO_PLAN:
        urgent.extend(screening.reasons[:1])
    illness = [a.message for a in open_alerts if a.rule in ILLNESS_RULES and a.severity != "urgent"]
    entries = [e for e in list_wellness(session, athlete.id) if since <= e.day <= today]
    illness.extend(f"you reported being ill on {e.day:%a %d %b}" for e in entries if e.illness)
    warnings = [
        a.message for a in open_alerts if a.severity == "warning" and a.rule not in ILLNESS_RULES
    ]
    pain = [text for e in entries if e.notes for text in pain_mentions(e.notes)]
    tsb = None
    if computed is not None:
        last = float(computed[1].tsb[-1])
        tsb = last if math.isfinite(last) else None
    return Readiness(
        urgent=tuple(urgent),
        illness=tuple(illness),
        warnings=tuple(warnings),
        pain=tuple(pain),
        tsb=tsb,
    )
