"""Test helpers for the dashboard: browser logins and an athlete with real-looking history."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime

from fastapi.testclient import TestClient

from aicoach.domain.wellness import WellnessEntry
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.services.demo_data import generate_demo_history
from aicoach.storage.activities import add_activity
from aicoach.storage.database import Database
from aicoach.storage.tables import AthleteRow
from aicoach.storage.wellness import upsert_wellness
from tests.api.conftest import PASSWORD


def browser_login(client: TestClient, email: str) -> str:
    """Log in with the session cookie (as the pages do); returns the CSRF token."""
    client.cookies.clear()
    answer = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["csrf_token"]
    return token


def database_of(client: TestClient) -> Database:
    database: Database = client.app.state.server.database  # type: ignore[attr-defined]
    return database


def seed_history(client: TestClient, athlete_id: int, days: int = 35) -> int:
    """The demo generator's synthetic weeks stored for ``athlete_id``; returns the activity
    count. Stored directly (not through files) to keep the tests quick; the importers have
    their own tests."""
    history = generate_demo_history(datetime.now(UTC).date(), days=days)
    with database_of(client).sessions.begin() as session:
        for activity in history.activities:
            digest = hashlib.sha256(f"{athlete_id}-{activity.start_time}".encode()).hexdigest()
            add_activity(
                session,
                athlete_id,
                activity,
                source_name=f"{activity.start_time:%Y%m%d}.fit",
                source_sha256=digest,
                recovery_notes=[],
            )
        for entry in history.wellness:
            upsert_wellness(session, athlete_id, entry)
        athlete = session.get_one(AthleteRow, athlete_id)
        athlete.hr_max_bpm = history.profile.hr_max_bpm
        athlete.hr_rest_bpm = history.profile.hr_rest_bpm
        athlete.lthr_bpm = history.profile.lthr_bpm
        athlete.ftp_w = history.profile.ftp_w
        athlete.threshold_pace_s_per_km = history.profile.threshold_pace_s_per_km
        refresh_activity_metrics(session, athlete)
    return len(history.activities)


def add_blood_pressure(client: TestClient, athlete_id: int, day: date, high: bool) -> None:
    """A resting blood pressure reading: 186/114 (no exercise today) or 118/76."""
    entry = WellnessEntry(day=day, source="manual")
    values = (186, 114) if high else (118, 76)
    entry = replace(entry, systolic_mmhg=values[0], diastolic_mmhg=values[1])
    with database_of(client).sessions.begin() as session:
        upsert_wellness(session, athlete_id, entry)
