"""The athlete's starting point for a plan, from their imported history.

Weekly minutes per sport over the four full weeks before the plan's first Monday, the longest
session per sport of the last 30 days, mean weekly load, and thresholds and VDOT from the
prediction service (profile values where the data says nothing).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.domain.activity import Sport
from aicoach.planning.baseline import TrainingBaseline
from aicoach.planning.periodisation import monday_of
from aicoach.services.predictions import predict
from aicoach.storage.activities import list_activities
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import AthleteRow
from aicoach.units import seconds_to_minutes

HISTORY_WEEKS = 4
LONGEST_LOOKBACK_DAYS = 30


def history_baseline(
    session: Session, athlete: AthleteRow, start: date, today: date | None = None
) -> TrainingBaseline:
    """Recent weeks are the full weeks before the current one (or the plan's, if earlier)."""
    first_monday = monday_of(min(start, today or start))
    history_start = first_monday - timedelta(weeks=HISTORY_WEEKS)
    minutes: dict[Sport, list[float]] = defaultdict(lambda: [0.0] * HISTORY_WEEKS)
    longest: dict[Sport, float] = {}
    loads: list[float] = []
    for day, sport, duration_min, load in _sessions(session, athlete, history_start, first_monday):
        minutes[sport][(day - history_start).days // 7] += duration_min
        if day >= first_monday - timedelta(days=LONGEST_LOOKBACK_DAYS):
            longest[sport] = max(longest.get(sport, 0.0), duration_min)
        if load is not None:
            loads.append(load)
    report = predict(session, athlete.name, now=datetime.combine(first_monday, time(), tzinfo=UTC))
    thresholds = {name: value["value"] for name, value in report.thresholds.items()}
    return TrainingBaseline(
        weekly_minutes={
            sport: tuple(round(m, 1) for m in weeks) for sport, weeks in minutes.items()
        },
        longest_session_min={sport: round(value, 1) for sport, value in longest.items()},
        weekly_load=round(sum(loads) / HISTORY_WEEKS, 1) if loads else None,
        vdot=report.vdot["value"] if report.vdot else None,
        threshold_pace_s_per_km=athlete.threshold_pace_s_per_km
        or thresholds.get("threshold_pace_s_per_km"),
        ftp_w=athlete.ftp_w or thresholds.get("ftp_w"),
        lthr_bpm=athlete.lthr_bpm or thresholds.get("lthr_bpm"),
        hr_max_bpm=athlete.hr_max_bpm or thresholds.get("hr_max_bpm"),
        from_history=bool(minutes),
    )


def _sessions(
    session: Session, athlete: AthleteRow, first_day: date, end_day: date
) -> list[tuple[date, Sport, float, float | None]]:
    """(local day, sport, minutes, load) of activities and logged sessions in [first, end)."""
    zone = ZoneInfo(athlete.timezone)
    since = datetime.combine(first_day, time(), tzinfo=zone).astimezone(UTC)
    until = datetime.combine(end_day, time(), tzinfo=zone).astimezone(UTC)
    found = []
    for row in list_activities(session, athlete.id, since=since, until=until):
        duration_s = row.timer_s or row.elapsed_s
        if duration_s:
            day = row.start_time.astimezone(zone).date()
            found.append((day, Sport(row.sport), seconds_to_minutes(duration_s), row.load))
    for manual in list_manual_sessions(session, athlete.id, since=first_day):
        if first_day <= manual.day < end_day:
            found.append((manual.day, manual.sport, seconds_to_minutes(manual.duration_s), None))
    return found
