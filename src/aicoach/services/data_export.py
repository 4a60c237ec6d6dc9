"""Everything of an athlete, exported: one JSON document, a zip of CSV files, or a FHIR R4
bundle of wellness observations."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import InstrumentedAttribute, Session

from aicoach.domain.plan import Plan
from aicoach.io.csv_readers import SESSION_COLUMNS
from aicoach.io.csv_writers import write_wellness_csv
from aicoach.io.fhir_writer import wellness_bundle
from aicoach.planning.plan_json import plan_to_json
from aicoach.services.activity_pages import activity_summary, nullable
from aicoach.services.activity_views import lap_json
from aicoach.services.wellness_entries import wellness_json
from aicoach.storage import activities as activity_store
from aicoach.storage.athletes import read_profile
from aicoach.storage.database import Database
from aicoach.storage.sessions import list_manual_sessions
from aicoach.storage.tables import (
    ActivityRow,
    AlertRow,
    AthleteRow,
    ConversationTurnRow,
    ManualSessionRow,
    PlanRow,
    RecommendationRow,
    WellnessRow,
)
from aicoach.storage.wellness import read_wellness
from aicoach.units import seconds_to_minutes


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
    return _rows_of(session, WellnessRow, athlete, WellnessRow.day, WellnessRow.source)


def _manual_rows(session: Session, athlete: AthleteRow) -> list[ManualSessionRow]:
    return _rows_of(session, ManualSessionRow, athlete, ManualSessionRow.day, ManualSessionRow.id)


def _recommendations(session: Session, athlete: AthleteRow) -> list[RecommendationRow]:
    return _rows_of(session, RecommendationRow, athlete, RecommendationRow.id)


R = TypeVar("R", WellnessRow, ManualSessionRow, RecommendationRow)


def _rows_of(
    session: Session, table: type[R], athlete: AthleteRow, *order: InstrumentedAttribute[Any]
) -> list[R]:
    """Every row of ``table`` that belongs to the athlete, in ``order``."""
    statement = select(table).where(table.athlete_id == athlete.id).order_by(*order)
    return list(session.scalars(statement))


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
            "laps": [lap_json(lap) for lap in activity.laps],
            "streams": {
                channel.value: nullable(values) for channel, values in activity.streams.items()
            },
            "rr_interval_ms": None
            if activity.rr_intervals_ms is None
            else nullable(activity.rr_intervals_ms),
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
