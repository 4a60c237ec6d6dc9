"""Read-side views of stored activities, shaped for the CLI's JSON and the API alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.domain.activity import Lap
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.storage import activities
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import ActivityRow


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    id: int
    sport: str
    name: str | None
    start_time: datetime
    local_start: datetime
    elapsed_s: float | None
    distance_m: float | None
    avg_hr_bpm: float | None
    sample_count: int
    source_format: str

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sport": self.sport,
            "name": self.name,
            "start_time": self.start_time,
            "local_start": self.local_start,
            "elapsed_s": self.elapsed_s,
            "distance_m": self.distance_m,
            "avg_hr_bpm": self.avg_hr_bpm,
            "sample_count": self.sample_count,
            "source_format": self.source_format,
        }


def list_activity_summaries(
    session: Session,
    athlete_name: str | None,
    *,
    limit: int | None = None,
    since: datetime | None = None,
) -> list[ActivitySummary]:
    athlete = resolve_athlete(session, athlete_name)
    refresh_activity_metrics(session, athlete)
    zone = ZoneInfo(athlete.timezone)
    rows = activities.list_activities(session, athlete.id, since=since, limit=limit)
    return [_summary(row, zone) for row in rows]


def activity_detail(
    session: Session, athlete_name: str | None, activity_id: int, *, with_samples: bool = False
) -> dict[str, Any]:
    """Everything stored about one activity; stream values only when asked for."""
    athlete = resolve_athlete(session, athlete_name)
    refresh_activity_metrics(session, athlete)
    row = activities.get_activity(session, athlete.id, activity_id)
    activity = activities.read_activity(row)
    detail = _summary(row, ZoneInfo(athlete.timezone)).as_json()
    detail.update(
        {
            "sub_sport": row.sub_sport,
            "timer_s": row.timer_s,
            "source_name": row.source_name,
            "device_name": row.device_name,
            "device_summary": row.device_summary,
            "streams": {
                channel.value: int(values.size) for channel, values in activity.streams.items()
            },
            "stored_stream_bytes": activities.stored_stream_bytes(row),
            "rr_interval_count": 0
            if activity.rr_intervals_ms is None
            else int(activity.rr_intervals_ms.size),
            "laps": [lap_json(lap) for lap in activity.laps],
            "recovery_notes": row.recovery_notes,
            "metrics": row.metrics,
            "load": row.load,
            "load_source": row.load_source,
        }
    )
    if with_samples:
        detail["samples"] = {channel.value: values for channel, values in activity.streams.items()}
        if activity.rr_intervals_ms is not None:
            detail["samples"]["rr_interval_ms"] = activity.rr_intervals_ms
    return detail


def _summary(row: ActivityRow, zone: ZoneInfo) -> ActivitySummary:
    avg_hr = row.device_summary.get("avg_heart_rate", row.metrics.get("hr_avg_bpm"))
    return ActivitySummary(
        id=row.id,
        sport=row.sport,
        name=row.name,
        start_time=row.start_time,
        local_start=row.start_time.astimezone(zone),
        elapsed_s=row.elapsed_s,
        distance_m=row.distance_m,
        avg_hr_bpm=float(avg_hr) if isinstance(avg_hr, int | float) else None,
        sample_count=row.sample_count,
        source_format=row.source_format,
    )


def lap_json(lap: Lap) -> dict[str, Any]:
    return {
        "start_time": lap.start_time,
        "elapsed_s": lap.elapsed_s,
        "timer_s": lap.timer_s,
        "distance_m": lap.distance_m,
        "avg_hr_bpm": lap.avg_hr_bpm,
        "max_hr_bpm": lap.max_hr_bpm,
        "avg_power_w": lap.avg_power_w,
    }
