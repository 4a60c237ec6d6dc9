"""Load, minutes and distance per Monday-to-Sunday week and sport, for the weekly charts."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.services.data_freshness import local_midnight, local_today
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import (
    ActivityRow,
    AthleteRow,
)
from aicoach.units import seconds_to_minutes


def weekly_totals(session: Session, athlete: AthleteRow, weeks: int) -> list[dict[str, Any]]:
    """Load, minutes, distance and count per week (Monday to Sunday, local) and sport, oldest
    week first; logged sessions count with their RPE-based load."""
    refresh_activity_metrics(session, athlete)
    today = local_today(athlete)
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    zone = ZoneInfo(athlete.timezone)
    totals: dict[date, dict[str, dict[str, float]]] = {
        first + timedelta(weeks=index): defaultdict(_zero_totals) for index in range(weeks)
    }
    rows = session.execute(
        select(
            ActivityRow.start_time,
            ActivityRow.sport,
            ActivityRow.timer_s,
            ActivityRow.elapsed_s,
            ActivityRow.distance_m,
            ActivityRow.load,
        ).where(
            ActivityRow.athlete_id == athlete.id,
            ActivityRow.start_time >= local_midnight(athlete, first),
        )
    )
    for start, sport, timer_s, elapsed_s, distance_m, load in rows:
        day = start.astimezone(zone).date()
        duration_s = timer_s if timer_s is not None else elapsed_s
        _add(totals, day, sport, duration_s, distance_m, load)
    for manual in list_manual_sessions(session, athlete.id, since=first):
        load = tss_equivalent_from_rpe(manual.duration_s, manual.rpe_0_10)
        _add(totals, manual.day, manual.sport.value, manual.duration_s, manual.distance_m, load)
    return [_week_json(start, by_sport) for start, by_sport in sorted(totals.items())]


def _zero_totals() -> dict[str, float]:
    return {"load": 0.0, "minutes": 0.0, "distance_m": 0.0, "count": 0.0}


def _add(
    totals: dict[date, dict[str, dict[str, float]]],
    day: date,
    sport: str,
    duration_s: float | None,
    distance_m: float | None,
    load: float | None,
) -> None:
    week = totals.get(day - timedelta(days=day.weekday()))
    if week is None:
        return
    item = week[sport]
    item["count"] += 1
    item["minutes"] += seconds_to_minutes(duration_s) if duration_s is not None else 0.0
    item["distance_m"] += distance_m or 0.0
    item["load"] += load or 0.0


def _week_json(start: date, by_sport: dict[str, dict[str, float]]) -> dict[str, Any]:
    sports = {
        sport: {
            "load": round(item["load"], 1),
            "minutes": round(item["minutes"], 1),
            "distance_m": round(item["distance_m"], 1),
            "count": int(item["count"]),
        }
        for sport, item in sorted(by_sport.items())
    }
    return {
        "week_start": start,
        "load": round(sum(s["load"] for s in sports.values()), 1),
        "minutes": round(sum(s["minutes"] for s in sports.values()), 1),
        "distance_m": round(sum(s["distance_m"] for s in sports.values()), 1),
        "count": sum(int(s["count"]) for s in sports.values()),
        "by_sport": sports,
    }


# --- plans -----------------------------------------------------------------------------------
