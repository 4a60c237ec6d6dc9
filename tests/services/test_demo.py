"""The demo athlete goes through the real importers and is created only once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from aicoach.services.demo import DEMO_ATHLETE_NAME, create_demo
from aicoach.services.demo_data import generate_demo_history
from aicoach.services.importing import ImportStatus
from aicoach.storage import athletes, wellness
from aicoach.storage.database import Database
from aicoach.storage.tables import ActivityRow

END_DAY = date(2026, 11, 22)
DAYS = 28


def test_demo_imports_every_generated_activity_from_fit_and_gpx(
    database: Database, tmp_path: Path
) -> None:
    expected = generate_demo_history(END_DAY, days=DAYS)
    result = create_demo(database, tmp_path / "demo", days=DAYS, end_day=END_DAY)

    assert not result.already_present and result.failures == []
    assert result.activity_count == len(expected.activities)
    assert result.counts[ImportStatus.DUPLICATE] == 1  # the GPX export of a FIT workout
    assert result.counts[ImportStatus.IMPORTED] == len(expected.activities) + 1  # + wellness.csv
    with database.sessions() as session:
        formats = dict(
            session.execute(
                select(ActivityRow.source_format, func.count()).group_by(ActivityRow.source_format)
            ).all()
        )
        athlete = athletes.resolve_athlete(session, DEMO_ATHLETE_NAME)
        stored_wellness = wellness.list_wellness(session, athlete.id)
        profile = athletes.read_profile(athlete)
    assert set(formats) == {"fit", "gpx"} and formats["fit"] > formats["gpx"] > 0
    assert len(stored_wellness) == len(expected.wellness)
    assert profile == expected.profile
    for stored, generated in zip(stored_wellness, expected.wellness, strict=True):
        assert stored.day == generated.day and stored.resting_hr_bpm == generated.resting_hr_bpm


def test_demo_is_idempotent_and_can_be_reset(database: Database, tmp_path: Path) -> None:
    first = create_demo(database, tmp_path / "demo", days=14, end_day=END_DAY)
    again = create_demo(database, tmp_path / "demo", days=14, end_day=END_DAY)
    assert again.already_present and again.activity_count == first.activity_count
    reset = create_demo(database, tmp_path / "demo", days=14, end_day=END_DAY, reset=True)
    assert not reset.already_present and reset.activity_count == first.activity_count
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRow)) == first.activity_count
