"""The athlete's data as the API hands it out: pages and charts, entries, and whole exports.

Reads here are meant to be cheap, for dashboards polled by many athletes: lists select the
columns they show, and the whole-history analytics (daily series, alerts, predictions) are
recomputed only when the athlete's data changed. ``data_stamp`` is that change detector: a
few aggregate queries over activities, wellness, logged sessions and the profile, plus the
local day; results computed for one stamp are kept in a small per-process memo.
"""

from __future__ import annotations

import csv
import io
import json
import math
import threading
import zipfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.analytics.session_load import tss_equivalent_from_rpe
from aicoach.analytics.thresholds import mean_max_curve
from aicoach.domain.activity import FloatArray, StreamChannel
from aicoach.domain.plan import Plan
from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.errors import ImplausibleValueError, NotFoundError, UserError
from aicoach.io.csv_readers import SESSION_COLUMNS
from aicoach.io.csv_writers import write_wellness_csv
from aicoach.io.fhir_writer import wellness_bundle
from aicoach.io.plausibility import WELLNESS_LIMITS, require_plausible
from aicoach.planning.plan_json import plan_from_json, plan_to_json
from aicoach.recommend.candidates import ARM_IDS
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.services.health_alerts import refresh_alerts
from aicoach.storage import activities as activity_store
from aicoach.storage import recommendations as recommendation_store
from aicoach.storage.athletes import read_profile
from aicoach.storage.database import Database
from aicoach.storage.plans import active_plan
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import (
    ActivityRow,
    AlertRow,
    AthleteRow,
    ConversationTurnRow,
    ManualSessionRow,
    PlanRow,
    RecommendationRow,
    RecommenderRow,
    WellnessRow,
)
from aicoach.storage.wellness import read_wellness, upsert_wellness
from aicoach.units import hours_to_seconds, seconds_to_hours, seconds_to_minutes

NOT_FOUND = "not found"
STREAM_KEYS: dict[str, StreamChannel] = {
    "time_s": StreamChannel.TIME_S,
    "hr_bpm": StreamChannel.HEART_RATE_BPM,
    "power_w": StreamChannel.POWER_W,
    "speed_m_s": StreamChannel.SPEED_M_S,
    "cadence_rpm": StreamChannel.CADENCE_RPM,
    "altitude_m": StreamChannel.ALTITUDE_M,
    "lat_deg": StreamChannel.LATITUDE_DEG,
    "lon_deg": StreamChannel.LONGITUDE_DEG,
    "distance_m": StreamChannel.DISTANCE_M,
    "temperature_c": StreamChannel.TEMPERATURE_C,
}
"""API name of each stream array -> stored channel."""
MEMO_SIZE = 512


def local_today(athlete: AthleteRow) -> date:
    return datetime.now(ZoneInfo(athlete.timezone)).date()


def local_midnight(athlete: AthleteRow, day: date) -> datetime:
    """The UTC instant the athlete's local ``day`` starts."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(athlete.timezone)).astimezone(UTC)


# --- change detection and the memo -----------------------------------------------------------


def data_stamp(session: Session, athlete: AthleteRow) -> tuple[object, ...]:
    """Changes whenever anything the analytics read changes (or the local day turns)."""
    activities = session.execute(
        select(func.count(ActivityRow.id), func.max(ActivityRow.id)).where(
            ActivityRow.athlete_id == athlete.id
        )
    ).one()
    wellness = session.execute(
        select(func.count(WellnessRow.id), func.max(WellnessRow.updated_at)).where(
            WellnessRow.athlete_id == athlete.id
        )
    ).one()
    sessions = session.execute(
        select(func.count(ManualSessionRow.id), func.max(ManualSessionRow.id)).where(
            ManualSessionRow.athlete_id == athlete.id
        )
    ).one()
    return (
        athlete.id,
        athlete.updated_at,
        local_today(athlete),
        *activities,
        *wellness,
        *sessions,
    )


T = TypeVar("T")


class _Memo:
    """Results per (purpose, stamp), least recently used dropped first; thread-safe."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_compute(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._values[key] = value
            while len(self._values) > self._size:
                self._values.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


memo = _Memo(MEMO_SIZE)


def remembered(
    session: Session, athlete: AthleteRow, purpose: tuple[object, ...], compute: Callable[[], T]
) -> T:
    """``compute()``, or its result from an earlier call on the same data."""
    return memo.get_or_compute((purpose, data_stamp(session, athlete)), compute)


def refresh_alerts_if_changed(session: Session, athlete: AthleteRow) -> None:
    """Re-run the alert rules only when the data (or the day) changed since the last run."""
    stamp = data_stamp(session, athlete)

    def run() -> bool:
        refresh_alerts(session, athlete)
        return True

    memo.get_or_compute((("alerts",), stamp), run)


# --- activities ------------------------------------------------------------------------------


def activity_page(
    session: Session,
    athlete: AthleteRow,
    *,
    limit: int,
    since: date | None = None,
    before: date | None = None,
) -> list[dict[str, Any]]:
    """Newest first; ``since`` and ``before`` are local days (``before`` not included)."""
    refresh_activity_metrics(session, athlete)
    rows = activity_store.list_activities(
        session,
        athlete.id,
        since=local_midnight(athlete, since) if since else None,
        until=local_midnight(athlete, before) if before else None,
        limit=limit,
    )
    zone = ZoneInfo(athlete.timezone)
    return [activity_summary(row, zone) for row in rows]


def activity_summary(row: ActivityRow, zone: ZoneInfo) -> dict[str, Any]:
    avg_hr = row.device_summary.get("avg_heart_rate", row.metrics.get("hr_avg_bpm"))
    return {
        "id": row.id,
        "sport": row.sport,
        "name": row.name,
        "start_time": row.start_time,
        "local_start": row.start_time.astimezone(zone).replace(tzinfo=None),
        "duration_s": row.timer_s if row.timer_s is not None else row.elapsed_s,
        "elapsed_s": row.elapsed_s,
        "distance_m": row.distance_m,
        "avg_hr_bpm": float(avg_hr) if isinstance(avg_hr, int | float) else None,
        "load": row.load,
        "load_source": row.load_source,
        "source_format": row.source_format,
    }


def mean_max(row: ActivityRow) -> dict[str, dict[str, list[float]]]:
    """Best mean power and heart rate over standard durations, where the streams have them."""
    activity = activity_store.read_activity(row)
    curves: dict[str, dict[str, list[float]]] = {}
    for key, channel in (
        ("power_w", StreamChannel.POWER_W),
        ("hr_bpm", StreamChannel.HEART_RATE_BPM),
    ):
        if channel not in activity.streams:
            continue
        durations, values = mean_max_curve([activity], channel)
        if durations.size:
            curves[key] = {
                "duration_s": [float(d) for d in durations],
                "value": [round(float(v), 1) for v in values],
            }
    return curves


def activity_streams(
    session: Session, athlete: AthleteRow, activity_id: int, resolution_s: float | None
) -> dict[str, Any]:
    """Stream arrays of one activity; with ``resolution_s``, the mean of each time bucket."""
    row = activity_store.get_activity(session, athlete.id, activity_id)
    streams = activity_store.read_activity(row).streams
    time_s = streams.get(StreamChannel.TIME_S)
    arrays: dict[str, FloatArray | None] = {
        key: streams.get(channel) for key, channel in STREAM_KEYS.items()
    }
    if resolution_s is not None and time_s is not None and time_s.size:
        arrays = downsample(arrays, time_s, resolution_s)
    count = 0 if arrays["time_s"] is None else int(arrays["time_s"].size)
    return {
        "activity_id": row.id,
        "resolution_s": resolution_s,
        "point_count": count,
        **{key: None if values is None else _nullable(values) for key, values in arrays.items()},
    }


def downsample(
    arrays: dict[str, FloatArray | None], time_s: FloatArray, resolution_s: float
) -> dict[str, FloatArray | None]:
    """Mean of every channel in buckets of ``resolution_s`` seconds (NaN ignored); the time
    of a bucket is its start."""
    known = ~np.isnan(time_s)
    buckets = np.floor(time_s[known] / resolution_s)
    keys, inverse = np.unique(buckets, return_inverse=True)
    result: dict[str, FloatArray | None] = {}
    for key, values in arrays.items():
        if values is None:
            result[key] = None
        elif key == "time_s":
            result[key] = keys * resolution_s
        else:
            picked = values[known]
            present = ~np.isnan(picked)
            sums = np.bincount(inverse[present], weights=picked[present], minlength=keys.size)
            counts = np.bincount(inverse[present], minlength=keys.size)
            with np.errstate(invalid="ignore", divide="ignore"):
                result[key] = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    return result


def delete_activity(session: Session, athlete: AthleteRow, activity_id: int) -> None:
    row = session.scalars(
        select(ActivityRow).where(
            ActivityRow.id == activity_id, ActivityRow.athlete_id == athlete.id
        )
    ).first()
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="activity", identifier=str(activity_id))
    session.delete(row)
    session.flush()


def _nullable(values: FloatArray) -> list[float | None]:
    return [None if math.isnan(v) else round(float(v), 6) for v in values.tolist()]


# --- wellness --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WellnessInput:
    """A manual entry as typed (the ``aicoach wellness add`` options)."""

    day: date | None = None
    resting_hr_bpm: float | None = None
    hrv_rmssd_ms: float | None = None
    hrv_sdnn_ms: float | None = None
    sleep_h: float | None = None
    sleep_quality_1_5: int | None = None
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    spo2_pct: float | None = None
    mass_kg: float | None = None
    mood_1_5: int | None = None
    soreness_1_5: int | None = None
    stress_1_5: int | None = None
    fatigue_1_5: int | None = None
    illness: bool | None = None
    note: str | None = None


def list_wellness_rows(session: Session, athlete: AthleteRow, days: int) -> list[WellnessRow]:
    """The last ``days`` local days, oldest first."""
    since = local_today(athlete) - timedelta(days=days - 1)
    return list(
        session.scalars(
            select(WellnessRow)
            .where(WellnessRow.athlete_id == athlete.id, WellnessRow.day >= since)
            .order_by(WellnessRow.day, WellnessRow.source)
        )
    )


def add_wellness(
    session: Session, athlete: AthleteRow, given: WellnessInput
) -> tuple[WellnessRow, str]:
    """Store a manual entry, checked as the CLI checks it; the row and what happened."""
    entry = _wellness_entry(athlete, given)
    outcome = upsert_wellness(session, athlete.id, entry)
    row = session.scalars(
        select(WellnessRow).where(
            WellnessRow.athlete_id == athlete.id,
            WellnessRow.day == entry.day,
            WellnessRow.source == entry.source,
        )
    ).one()
    return row, outcome


def delete_wellness(session: Session, athlete: AthleteRow, entry_id: int) -> None:
    row = session.scalars(
        select(WellnessRow).where(WellnessRow.id == entry_id, WellnessRow.athlete_id == athlete.id)
    ).first()
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="wellness entry", identifier=str(entry_id))
    session.delete(row)
    session.flush()


def _wellness_entry(athlete: AthleteRow, given: WellnessInput) -> WellnessEntry:
    if given.hrv_rmssd_ms is not None and given.hrv_sdnn_ms is not None:
        raise UserError("give HRV either as hrv_rmssd_ms or as hrv_sdnn_ms, not both")
    if (given.systolic_mmhg is None) != (given.diastolic_mmhg is None):
        raise UserError("blood pressure needs both systolic_mmhg and diastolic_mmhg")
    if (
        given.systolic_mmhg is not None
        and given.diastolic_mmhg is not None
        and given.systolic_mmhg <= given.diastolic_mmhg
    ):
        raise UserError(
            f"blood pressure: systolic {given.systolic_mmhg} must be above diastolic "
            f"{given.diastolic_mmhg}"
        )
    method = (
        HrvMethod.RMSSD
        if given.hrv_rmssd_ms is not None
        else HrvMethod.SDNN
        if given.hrv_sdnn_ms is not None
        else None
    )
    entry = WellnessEntry(
        day=given.day or local_today(athlete),
        source="manual",
        resting_hr_bpm=given.resting_hr_bpm,
        hrv_ms=given.hrv_rmssd_ms if given.hrv_rmssd_ms is not None else given.hrv_sdnn_ms,
        hrv_method=method,
        sleep_duration_s=hours_to_seconds(given.sleep_h) if given.sleep_h is not None else None,
        sleep_quality_1_5=given.sleep_quality_1_5,
        systolic_mmhg=given.systolic_mmhg,
        diastolic_mmhg=given.diastolic_mmhg,
        spo2_pct=given.spo2_pct,
        mass_kg=given.mass_kg,
        mood_1_5=given.mood_1_5,
        soreness_1_5=given.soreness_1_5,
        stress_1_5=given.stress_1_5,
        fatigue_1_5=given.fatigue_1_5,
        illness=given.illness,
        notes=given.note or None,
    )
    if not entry.measurement_names():
        raise UserError("nothing to record: give at least one value")
    for name in entry.measurement_names():
        value = getattr(entry, name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            try:
                require_plausible(WELLNESS_LIMITS, name, float(value), field_label=name)
            except ImplausibleValueError as exc:
                raise UserError(f"{exc.field}: {exc.message}") from exc
    return entry


def wellness_json(row: WellnessRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "date": row.day,
        "source": row.source,
        "resting_hr_bpm": row.resting_hr_bpm,
        "hrv_ms": row.hrv_ms,
        "hrv_method": row.hrv_method,
        "sleep_h": None if row.sleep_duration_s is None else seconds_to_hours(row.sleep_duration_s),
        "sleep_quality_1_5": row.sleep_quality_1_5,
        "systolic_mmhg": row.systolic_mmhg,
        "diastolic_mmhg": row.diastolic_mmhg,
        "spo2_pct": row.spo2_pct,
        "mass_kg": row.mass_kg,
        "vo2max_ml_kg_min": row.vo2max_ml_kg_min,
        "mood_1_5": row.mood_1_5,
        "soreness_1_5": row.soreness_1_5,
        "stress_1_5": row.stress_1_5,
        "fatigue_1_5": row.fatigue_1_5,
        "illness": row.illness,
        "note": row.notes,
    }


# --- weekly totals ---------------------------------------------------------------------------


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


def require_plan(session: Session, athlete: AthleteRow) -> tuple[PlanRow, Plan]:
    """The active plan; 404 when there is none."""
    row = active_plan(session, athlete.id)
    if row is None:
        raise NotFoundError(NOT_FOUND, kind="plan", identifier="current")
    return row, plan_from_json(row.document, source=f"plan {row.id}")


def plan_calendar(
    session: Session, athlete: AthleteRow, first: date | None, last: date | None
) -> dict[str, Any]:
    """Planned and done per local day; without dates, the active plan's span (or 4 weeks)."""
    row = active_plan(session, athlete.id)
    plan = plan_from_json(row.document, source=f"plan {row.id}") if row else None
    today = local_today(athlete)
    first = first or (plan.start if plan else today - timedelta(days=27))
    last = last or (plan.end if plan else today)
    if last < first:
        raise UserError("from must not be after to")
    if (last - first).days > 400:
        raise UserError("a calendar covers at most 400 days")
    days: dict[date, dict[str, Any]] = {
        first + timedelta(days=i): {"date": first + timedelta(days=i), "planned": [], "done": []}
        for i in range((last - first).days + 1)
    }
    for planned in plan.sessions if plan else []:
        if planned.day in days:
            days[planned.day]["planned"].append(
                {
                    "sport": planned.sport.value,
                    "session_type": planned.session_type.value,
                    "title": planned.title,
                    "intensity": planned.intensity.value,
                    "duration_min": planned.duration_min,
                    "load": planned.load,
                    "status": planned.status.value,
                }
            )
    zone = ZoneInfo(athlete.timezone)
    for activity in activity_store.list_activities(
        session,
        athlete.id,
        since=local_midnight(athlete, first),
        until=local_midnight(athlete, last + timedelta(days=1)),
    ):
        day = activity.start_time.astimezone(zone).date()
        duration_s = activity.timer_s if activity.timer_s is not None else activity.elapsed_s
        days[day]["done"].insert(
            0,
            {
                "activity_id": activity.id,
                "sport": activity.sport,
                "name": activity.name,
                "duration_min": None if duration_s is None else seconds_to_minutes(duration_s),
                "distance_m": activity.distance_m,
                "load": activity.load,
            },
        )
    for manual in list_manual_sessions(session, athlete.id, since=first):
        if manual.day in days:
            days[manual.day]["done"].append(
                {
                    "activity_id": None,
                    "sport": manual.sport.value,
                    "name": manual.notes,
                    "duration_min": seconds_to_minutes(manual.duration_s),
                    "distance_m": manual.distance_m,
                    "load": round(tss_equivalent_from_rpe(manual.duration_s, manual.rpe_0_10), 1),
                }
            )
    return {
        "from": first,
        "to": last,
        "plan_id": row.id if row else None,
        "days": list(days.values()),
    }


# --- preferences -----------------------------------------------------------------------------


def preferences_json(row: RecommenderRow) -> dict[str, Any]:
    return {
        "likes": list(row.likes),
        "dislikes": list(row.dislikes),
        "places": list(row.places) or [Place.HOME.value, Place.OUTDOORS.value],
        "home_kit": list(row.home_kit),
        "latitude": row.latitude,
        "longitude": row.longitude,
    }


def update_preferences(
    session: Session, athlete: AthleteRow, changes: dict[str, Any]
) -> dict[str, Any]:
    """Replace the preferences sent (as ``aicoach preferences`` does); the result."""
    row = recommendation_store.recommender(session, athlete.id)
    likes = set(_activities(changes.get("likes"), "likes") if "likes" in changes else row.likes)
    dislikes = set(
        _activities(changes.get("dislikes"), "dislikes") if "dislikes" in changes else row.dislikes
    )
    if likes & dislikes:
        raise UserError(f"liked and disliked at once: {', '.join(sorted(likes & dislikes))}")
    row.likes, row.dislikes = sorted(likes), sorted(dislikes)
    if changes.get("places") is not None:
        row.places = [Place(p).value for p in changes["places"]]
    if changes.get("home_kit") is not None:
        row.home_kit = [HomeKit(k).value for k in changes["home_kit"]]
    if "latitude" in changes or "longitude" in changes:
        latitude, longitude = changes.get("latitude"), changes.get("longitude")
        if (latitude is None) != (longitude is None):
            raise UserError("latitude and longitude go together: give both (or both null)")
        row.latitude, row.longitude = latitude, longitude
    session.flush()
    return preferences_json(row)


def _activities(names: list[str] | None, field_name: str) -> list[str]:
    found = []
    for name in names or []:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in ARM_IDS or key.startswith("planned"):
            known = ", ".join(a for a in ARM_IDS if not a.startswith("planned"))
            raise UserError(f"{field_name}: {name!r} is not an activity aicoach knows ({known})")
        found.append(key)
    return found


# --- exports ---------------------------------------------------------------------------------


def export_json_chunks(session: Session, athlete: AthleteRow) -> Iterator[bytes]:
    """Everything of the athlete as one JSON document, written activity by activity."""
    zone = ZoneInfo(athlete.timezone)
    head = {
        "format": "aicoach-export",
        "version": 1,
        "exported_at": datetime.now(UTC),
        "profile": _profile_json(athlete),
        "wellness": [
            wellness_json(row)
            for row in session.scalars(
                select(WellnessRow)
                .where(WellnessRow.athlete_id == athlete.id)
                .order_by(WellnessRow.day, WellnessRow.source)
            )
        ],
        "manual_sessions": [_manual_json(row) for row in _manual_rows(session, athlete)],
        "alerts": [
            _columns(
                row, ("id", "day", "rule", "severity", "message", "evidence", "acknowledged_at")
            )
            for row in session.scalars(
                select(AlertRow).where(AlertRow.athlete_id == athlete.id).order_by(AlertRow.id)
            )
        ],
        "plans": [
            _columns(row, ("id", "goal", "active", "created_at", "updated_at", "document"))
            for row in session.scalars(
                select(PlanRow).where(PlanRow.athlete_id == athlete.id).order_by(PlanRow.id)
            )
        ],
        "recommendations": [
            _recommendation_json(row) for row in _recommendations(session, athlete)
        ],
        "conversations": [
            _columns(
                row,
                (
                    "id",
                    "conversation_id",
                    "created_at",
                    "message",
                    "reply",
                    "language",
                    "intent",
                    "referral",
                    "facts",
                ),
            )
            for row in session.scalars(
                select(ConversationTurnRow)
                .where(ConversationTurnRow.athlete_id == athlete.id)
                .order_by(ConversationTurnRow.id)
            )
        ],
    }
    yield _dumps(head)[:-1].encode() + b', "activities": ['
    ids = session.scalars(
        select(ActivityRow.id)
        .where(ActivityRow.athlete_id == athlete.id)
        .order_by(ActivityRow.start_time, ActivityRow.id)
    ).all()
    for index, activity_id in enumerate(ids):
        row = activity_store.get_activity(session, athlete.id, activity_id)
        yield (b", " if index else b"") + _dumps(_activity_export(row, zone)).encode()
        session.expunge(row)
    yield b"]}"


def export_csv_zip(session: Session, athlete: AthleteRow) -> bytes:
    """activities.csv, wellness.csv (the import format) and sessions.csv (the import format)."""
    zone = ZoneInfo(athlete.timezone)
    activities = io.StringIO()
    columns = (
        "id",
        "sport",
        "name",
        "start_time",
        "local_start",
        "duration_s",
        "elapsed_s",
        "distance_m",
        "avg_hr_bpm",
        "load",
        "load_source",
        "source_format",
    )
    writer = csv.writer(activities, lineterminator="\n")
    writer.writerow(columns)
    for row in activity_store.list_activities(session, athlete.id)[::-1]:
        summary = activity_summary(row, zone)
        writer.writerow([_cell(summary[column]) for column in columns])
    sessions = io.StringIO()
    writer = csv.writer(sessions, lineterminator="\n")
    writer.writerow(SESSION_COLUMNS)
    for manual in list_manual_sessions(session, athlete.id):
        writer.writerow(
            [
                manual.day.isoformat(),
                manual.sport.value,
                round(seconds_to_minutes(manual.duration_s), 2),
                manual.rpe_0_10,
                "" if manual.distance_m is None else round(manual.distance_m / 1000, 3),
                manual.notes or "",
            ]
        )
    entries = [read_wellness(row) for row in _wellness_rows(session, athlete)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("activities.csv", activities.getvalue())
        archive.writestr("wellness.csv", write_wellness_csv(entries))
        archive.writestr("sessions.csv", sessions.getvalue())
    return buffer.getvalue()


def export_fhir(session: Session, athlete: AthleteRow) -> dict[str, Any]:
    entries = [read_wellness(row) for row in _wellness_rows(session, athlete)]
    return wellness_bundle(entries, subject_reference=f"Patient/{athlete.id}")


def _wellness_rows(session: Session, athlete: AthleteRow) -> list[WellnessRow]:
    return list(
        session.scalars(
            select(WellnessRow)
            .where(WellnessRow.athlete_id == athlete.id)
            .order_by(WellnessRow.day, WellnessRow.source)
        )
    )


def _manual_rows(session: Session, athlete: AthleteRow) -> list[ManualSessionRow]:
    return list(
        session.scalars(
            select(ManualSessionRow)
            .where(ManualSessionRow.athlete_id == athlete.id)
            .order_by(ManualSessionRow.day, ManualSessionRow.id)
        )
    )


def _recommendations(session: Session, athlete: AthleteRow) -> list[RecommendationRow]:
    return list(
        session.scalars(
            select(RecommendationRow)
            .where(RecommendationRow.athlete_id == athlete.id)
            .order_by(RecommendationRow.id)
        )
    )


def _activity_export(row: ActivityRow, zone: ZoneInfo) -> dict[str, Any]:
    activity = activity_store.read_activity(row)
    document = activity_summary(row, zone)
    document.update(
        {
            "sub_sport": row.sub_sport,
            "timer_s": row.timer_s,
            "source_name": row.source_name,
            "device_name": row.device_name,
            "device_summary": row.device_summary,
            "metrics": row.metrics,
            "laps": [
                {
                    "start_time": lap.start_time,
                    "elapsed_s": lap.elapsed_s,
                    "timer_s": lap.timer_s,
                    "distance_m": lap.distance_m,
                    "avg_hr_bpm": lap.avg_hr_bpm,
                    "max_hr_bpm": lap.max_hr_bpm,
                    "avg_power_w": lap.avg_power_w,
                }
                for lap in activity.laps
            ],
            "streams": {
                channel.value: _nullable(values) for channel, values in activity.streams.items()
            },
            "rr_interval_ms": None
            if activity.rr_intervals_ms is None
            else _nullable(activity.rr_intervals_ms),
        }
    )
    return document


def _profile_json(athlete: AthleteRow) -> dict[str, Any]:
    profile = read_profile(athlete)
    return {
        "athlete_id": athlete.id,
        "name": profile.name,
        "birth_year": profile.birth_year,
        "sex": profile.sex.value if profile.sex else None,
        "height_cm": profile.height_cm,
        "mass_kg": profile.mass_kg,
        "hr_rest_bpm": profile.hr_rest_bpm,
        "hr_max_bpm": profile.hr_max_bpm,
        "lthr_bpm": profile.lthr_bpm,
        "ftp_w": profile.ftp_w,
        "threshold_pace_s_per_km": profile.threshold_pace_s_per_km,
        "swim_css_s_per_100m": profile.swim_css_s_per_100m,
        "language": profile.language.value,
        "timezone": profile.timezone,
        "goals": list(athlete.goals),
        "weekly_availability_min": dict(athlete.weekly_availability_min),
        "equipment": list(profile.equipment),
        "conditions": list(profile.conditions),
    }


def _manual_json(row: ManualSessionRow) -> dict[str, Any]:
    return _columns(
        row, ("id", "day", "sport", "duration_s", "rpe_0_10", "distance_m", "notes", "source")
    )


def _recommendation_json(row: RecommendationRow) -> dict[str, Any]:
    return _columns(
        row,
        (
            "id",
            "day",
            "created_at",
            "arm",
            "intensity",
            "duration_min",
            "intended_rpe",
            "decision",
            "done",
            "rating_1_5",
            "rpe_0_10",
            "feedback_note",
            "feedback_at",
            "reward",
        ),
    )


def _columns(row: object, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _dumps(document: object) -> str:
    return json.dumps(document, default=_json_default, ensure_ascii=False, allow_nan=False)


def _json_default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, np.floating | np.integer):
        return value.item()
    raise TypeError(f"not JSON: {type(value).__name__}")


def plan_document(plan: Plan) -> dict[str, Any]:
    return plan_to_json(plan)


def export_json_stream(database: Database, athlete_id: int) -> Iterator[bytes]:
    """``export_json_chunks`` in its own read session, for a response streamed after the
    request's transaction has ended."""
    with database.sessions() as session:
        athlete = session.get_one(AthleteRow, athlete_id)
        yield from export_json_chunks(session, athlete)
