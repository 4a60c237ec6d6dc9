"""What each page shows, gathered from the services; templates only lay it out."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.analytics.thresholds import mean_max_curve
from aicoach.domain.activity import Sport, StreamChannel
from aicoach.errors import UserError
from aicoach.reports.model import AlertMarker, MeanMaxCurve
from aicoach.services.activity_views import activity_detail, list_activity_summaries
from aicoach.services.demo_data import DEMO_ATHLETE_NAME
from aicoach.services.health_alerts import list_alert_views
from aicoach.services.metrics_view import metrics_report
from aicoach.services.plans import current_plan
from aicoach.services.screening import screening_status
from aicoach.services.today import TodayRequest, recommend_today
from aicoach.settings import Settings
from aicoach.storage import activities as activity_store
from aicoach.storage import recommendations
from aicoach.storage.tables import AthleteRow, RecommendationRow
from aicoach.storage.wellness import list_wellness
from aicoach.web import charts

CHART_DAYS = 90
READINESS_KEYS = ("ctl", "atl", "tsb", "acwr", "hrv_ln_rmssd", "resting_hr_bpm", "sleep_h")


def local_today(athlete: AthleteRow) -> date:
    return datetime.now(ZoneInfo(athlete.timezone)).date()


def is_synthetic(athlete: AthleteRow) -> bool:
    return athlete.name == DEMO_ATHLETE_NAME


def today_view(
    session: Session, athlete: AthleteRow, settings: Settings, *, may_decide: bool
) -> dict[str, Any]:
    """Today's latest recommendation (made now when there is none and ``may_decide``)."""
    today = local_today(athlete)
    row = recommendations.latest_on(session, athlete.id, today)
    if row is None and may_decide:
        recommend_today(session, athlete.name, TodayRequest(), settings)
        row = recommendations.latest_on(session, athlete.id, today)
    metrics = metrics_report(session, athlete.name, last_day=today)
    current = metrics["current"]
    alerts = list_alert_views(session, athlete.name, include_acknowledged=False, refresh=False)
    return {
        "day": today,
        "recommendation": recommendation_view(row),
        "readiness": {key: current.get(key) for key in READINESS_KEYS},
        "alerts": alerts,
    }


def recommendation_view(row: RecommendationRow | None) -> dict[str, Any] | None:
    if row is None:
        return None
    decision = dict(row.decision)
    decision.update(
        {
            "id": row.id,
            "done": row.done,
            "rating_1_5": row.rating_1_5,
            "rpe_0_10": row.rpe_0_10,
            "feedback_note": row.feedback_note,
            "has_feedback": row.feedback_at is not None,
        }
    )
    return decision


def training_view(session: Session, athlete: AthleteRow) -> dict[str, Any]:
    today = local_today(athlete)
    first = today - timedelta(days=CHART_DAYS - 1)
    metrics = metrics_report(session, athlete.name, first_day=first, last_day=today)
    data = charts.report_data(athlete.name, metrics["daily"])
    return {
        "current": metrics["current"],
        "charts": charts.training_charts(data) if metrics["daily"] else {},
        "activities": list_activity_summaries(session, athlete.name, limit=100),
    }


def activity_view(session: Session, athlete: AthleteRow, activity_id: int) -> dict[str, Any]:
    """One activity: its summary, streams, zones and mean-max curve (NotFoundError if not
    this athlete's)."""
    row = activity_store.get_activity(session, athlete.id, activity_id)
    detail = activity_detail(session, athlete.name, activity_id, with_samples=True)
    samples: dict[str, Any] = detail.pop("samples", {})
    found: dict[str, dict[str, Any]] = {}
    streams = charts.stream_chart(samples)
    if streams is not None:
        found["streams"] = streams
    zones = detail["metrics"].get("hr_zone_time_s")
    if isinstance(zones, dict) and zones:
        found["zones"] = charts.zones_chart({str(k): float(v) for k, v in zones.items()})
    curves = _mean_max(row)
    if curves:
        found["mean_max"] = charts.mean_max_chart(curves)
    return {"activity": detail, "charts": found}


def _mean_max(row: Any) -> list[MeanMaxCurve]:
    activity = activity_store.read_activity(row)
    curves = []
    for channel, label, unit in (
        (StreamChannel.POWER_W, "Power", "W"),
        (StreamChannel.HEART_RATE_BPM, "Heart rate", "bpm"),
    ):
        if channel in activity.streams:
            durations, values = mean_max_curve([activity], channel)
            if durations.size:
                curves.append(MeanMaxCurve(label, durations, values, unit))
    return curves


def health_view(session: Session, athlete: AthleteRow) -> dict[str, Any]:
    today = local_today(athlete)
    first = today - timedelta(days=CHART_DAYS - 1)
    metrics = metrics_report(session, athlete.name, first_day=first, last_day=today)
    alerts = list_alert_views(session, athlete.name, since=first)
    markers = [AlertMarker(a.day, a.rule, a.severity, a.message) for a in alerts]
    data = charts.report_data(athlete.name, metrics["daily"], markers)
    entries = list_wellness(session, athlete.id, since=first, until=today)
    return {
        "current": metrics["current"],
        "charts": charts.health_charts(data, entries) if metrics["daily"] else {},
        "alerts": list(reversed(alerts)),
        "latest": entries[-1] if entries else None,
    }


def plan_view(session: Session, athlete: AthleteRow) -> dict[str, Any]:
    """The current plan's weeks with what was done on each day, or None without a plan."""
    try:
        stored = current_plan(session, athlete.name)
    except UserError:
        return {"plan": None}
    plan = stored.plan
    zone = ZoneInfo(athlete.timezone)
    rows = activity_store.list_activities(
        session,
        athlete.id,
        since=datetime.combine(plan.start, time.min, tzinfo=zone),
        until=datetime.combine(plan.end + timedelta(days=1), time.min, tzinfo=zone),
    )
    done: dict[date, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        done[row.start_time.astimezone(zone).date()].append(
            {"id": row.id, "sport": row.sport, "minutes": (row.elapsed_s or 0) / 60}
        )
    weeks = [
        {
            "index": week.index,
            "start": week.start,
            "phase": week.phase.value,
            "planned_load": week.planned_load,
            "easier": week.easier,
            "days": [
                {
                    "day": week.start + timedelta(days=offset),
                    "sessions": [
                        s for s in week.sessions if s.day == week.start + timedelta(offset)
                    ],
                    "done": done.get(week.start + timedelta(days=offset), []),
                }
                for offset in range(7)
            ],
        }
        for week in plan.weeks
    ]
    return {"plan": plan, "weeks": weeks, "today": local_today(athlete)}


def settings_view(session: Session, athlete: AthleteRow, settings: Settings) -> dict[str, Any]:
    screening = screening_status(session, athlete, local_today(athlete))
    return {
        "screening": screening,
        "llm_backend": settings.llm_backend,
        "sports": [sport.value for sport in Sport],
    }
