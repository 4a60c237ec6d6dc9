"""Storage on a real database: migrations, time zones, athletes, activities, wellness."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from aicoach.domain import (
    Activity,
    AthleteProfile,
    Goal,
    HrvMethod,
    Lap,
    Sex,
    Sport,
    StreamChannel,
    Weekday,
    WellnessEntry,
)
from aicoach.domain.session import ManualSession
from aicoach.errors import AthleteAmbiguousError, AthleteNotFoundError, NotFoundError, UserError
from aicoach.storage import activities, athletes, sessions, wellness
from aicoach.storage.database import (
    Database,
    alembic_config,
    create_database_engine,
    upgrade_schema,
)
from aicoach.storage.tables import ActivityRow, AthleteRow, Base, LapRow, StreamRow


def _activity(start: datetime, elapsed_s: float = 1800.0) -> Activity:
    n = int(elapsed_s)
    t = np.arange(n, dtype=float)
    hr = 120 + 30 * np.sin(t / 200)
    hr[10:20] = np.nan
    return Activity(
        sport=Sport.RUNNING,
        start_time=start,
        source_format="fit",
        name="Tempo",
        elapsed_s=elapsed_s,
        distance_m=5000.0,
        streams={StreamChannel.TIME_S: t, StreamChannel.HEART_RATE_BPM: hr},
        laps=[
            Lap(start_time=start, elapsed_s=elapsed_s / 2),
            Lap(start_time=start + timedelta(seconds=900)),
        ],
        rr_intervals_ms=np.array([812.0, 798.0, 805.0]),
        device_summary={"total_distance": 5000.0, "avg_heart_rate": 131},
    )


def test_migrations_match_the_table_definitions(database: Database) -> None:
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_profile_round_trip_and_name_rules(database: Database) -> None:
    profile = AthleteProfile(
        name="Ada",
        birth_year=1985,
        sex=Sex.FEMALE,
        hr_max_bpm=190,
        threshold_pace_s_per_km=270.0,
        goals=[Goal("Half marathon", date(2027, 3, 7), 6300.0)],
        weekly_availability_min={Weekday.MONDAY: 45, Weekday.SUNDAY: 120},
        equipment=["dumbbells"],
        conditions=["left Achilles tendinopathy"],
    )
    with database.sessions.begin() as session:
        athletes.add_athlete(session, profile)
    with database.sessions() as session:
        stored = athletes.read_profile(athletes.resolve_athlete(session, None))
        assert stored == profile
        assert athletes.resolve_athlete(session, "  ada ").name == "Ada"
        with pytest.raises(AthleteNotFoundError):
            athletes.resolve_athlete(session, "Bob")
    with database.sessions.begin() as session, pytest.raises(UserError, match="already exists"):
        athletes.add_athlete(session, AthleteProfile(name="ADA"))
    with database.sessions.begin() as session:
        athletes.add_athlete(session, AthleteProfile(name="Bob"))
    with database.sessions() as session, pytest.raises(AthleteAmbiguousError) as error:
        athletes.resolve_athlete(session, None)
    assert error.value.names == ["Ada", "Bob"]


def test_activity_round_trip_keeps_utc_streams_laps_and_rr(database: Database) -> None:
    start = datetime(2026, 3, 1, 8, 0, 5, tzinfo=timezone(timedelta(hours=2)))
    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        row = activities.add_activity(
            session,
            athlete_id,
            _activity(start),
            source_name="a.fit",
            source_sha256="0" * 64,
            recovery_notes=[],
        )
        activity_id = row.id
    with database.sessions() as session:
        stored = activities.read_activity(activities.get_activity(session, athlete_id, activity_id))
    assert stored.start_time == start and stored.start_time.tzinfo == UTC
    original = _activity(start)
    np.testing.assert_allclose(
        stored.streams[StreamChannel.HEART_RATE_BPM],
        original.streams[StreamChannel.HEART_RATE_BPM],
        atol=0.05,
    )
    assert np.isnan(stored.streams[StreamChannel.HEART_RATE_BPM][10:20]).all()
    assert stored.rr_intervals_ms is not None and stored.rr_intervals_ms.tolist() == [
        812.0,
        798.0,
        805.0,
    ]
    assert [lap.elapsed_s for lap in stored.laps] == [900.0, None]
    assert stored.device_summary == {"total_distance": 5000.0, "avg_heart_rate": 131}


def test_same_workout_is_found_by_start_and_duration(database: Database) -> None:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        activities.add_activity(
            session,
            athlete_id,
            _activity(start),
            source_name="a.fit",
            source_sha256="0" * 64,
            recovery_notes=[],
        )
    with database.sessions() as session:
        assert activities.find_same_workout(
            session, athlete_id, start + timedelta(seconds=7), 1795.0
        )
        assert (
            activities.find_same_workout(session, athlete_id, start + timedelta(minutes=5), 1800.0)
            is None
        )
        assert activities.find_same_workout(session, athlete_id, start, 3600.0) is None


def test_other_athletes_activities_are_not_found(database: Database) -> None:
    start = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    with database.sessions.begin() as session:
        ada = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        bob = athletes.add_athlete(session, AthleteProfile(name="Bob")).id
        activity_id = activities.add_activity(
            session,
            ada,
            _activity(start),
            source_name="a.fit",
            source_sha256="0" * 64,
            recovery_notes=[],
        ).id
    with database.sessions() as session:
        with pytest.raises(NotFoundError):
            activities.get_activity(session, bob, activity_id)
        assert activities.find_same_workout(session, bob, start, 1800.0) is None


def test_deleting_an_athlete_erases_everything_of_theirs(database: Database) -> None:
    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        activities.add_activity(
            session,
            athlete_id,
            _activity(datetime(2026, 3, 1, tzinfo=UTC)),
            source_name="a.fit",
            source_sha256="0" * 64,
            recovery_notes=[],
        )
    with database.sessions.begin() as session:
        session.delete(session.get(AthleteRow, athlete_id))
    with database.sessions() as session:
        for table in (ActivityRow, StreamRow, LapRow):
            assert session.scalar(select(func.count()).select_from(table)) == 0


def test_wellness_upsert_merges_fields_and_reports_outcome(database: Database) -> None:
    day = date(2026, 3, 2)
    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        assert (
            wellness.upsert_wellness(session, athlete_id, WellnessEntry(day, resting_hr_bpm=48.0))
            == "inserted"
        )
        entry = WellnessEntry(day, hrv_ms=62.0, hrv_method=HrvMethod.RMSSD)
        assert wellness.upsert_wellness(session, athlete_id, entry) == "updated"
        assert (
            wellness.upsert_wellness(session, athlete_id, WellnessEntry(day, resting_hr_bpm=48.0))
            == "unchanged"
        )
    with database.sessions() as session:
        (stored,) = wellness.list_wellness(session, athlete_id)
    assert (stored.resting_hr_bpm, stored.hrv_ms, stored.hrv_method, stored.sleep_duration_s) == (
        48.0,
        62.0,
        HrvMethod.RMSSD,
        None,
    )


def test_manual_sessions_are_stored_once(database: Database) -> None:
    manual = ManualSession(date(2026, 3, 3), Sport.STRENGTH, 2700.0, 7.0, notes="squats")
    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        assert sessions.add_manual_session(session, athlete_id, manual) is True
        assert sessions.add_manual_session(session, athlete_id, manual) is False
    with database.sessions() as session:
        assert sessions.list_manual_sessions(session, athlete_id) == [manual]


def test_upgrading_a_database_that_holds_data(tmp_path: Path) -> None:
    """Later migrations must apply to a database with rows in it, not only to an empty one."""
    engine = create_database_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO athletes (id, name, language, timezone, goals,"
                " weekly_availability_min,"
                " equipment, conditions, created_at, updated_at) VALUES (1, 'Ada', 'en', 'UTC',"
                " '[]', '{}', '[]', '[]', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO activities (id, athlete_id, sport, start_time, sample_count,"
                " source_format, source_name, source_sha256, device_summary, recovery_notes,"
                " created_at) VALUES (1, 1, 'running', '2026-01-01 08:00:00', 0, 'fit', 'a.fit',"
                " 'x', '{}', '[]', '2026-01-01 00:00:00')"
            )
        )
    upgrade_schema(engine)
    with Session(engine) as session:
        row = session.get_one(ActivityRow, 1)
        assert row.metrics == {} and row.load is None
    engine.dispose()


def test_saved_alerts_follow_the_latest_evaluation_but_keep_acknowledged_ones(
    database: Database,
) -> None:
    from aicoach.storage.alerts import AlertRecord, acknowledge_alert, list_alerts, save_alerts

    def record(day: int, rule: str) -> AlertRecord:
        return AlertRecord(date(2026, 3, day), rule, "caution", f"{rule} on {day}", {"x": 1.0})

    with database.sessions.begin() as session:
        athlete_id = athletes.add_athlete(session, AthleteProfile(name="Ada")).id
        first = [record(1, "a"), record(2, "a"), record(2, "b"), record(9, "c")]
        assert save_alerts(session, athlete_id, first, evaluated_through=date(2026, 3, 9)) == 4
        acknowledged = next(
            r for r in list_alerts(session, athlete_id) if r.day.day == 2 and r.rule == "b"
        )
        acknowledge_alert(session, athlete_id, acknowledged.id)
        again = [record(1, "a"), record(3, "a")]  # evaluated only up to day 5: day 9 stays
        assert save_alerts(session, athlete_id, again, evaluated_through=date(2026, 3, 5)) == 1
        kept = {
            (r.day.day, r.rule, r.acknowledged_at is not None)
            for r in list_alerts(session, athlete_id)
        }
    assert kept == {(1, "a", False), (3, "a", False), (2, "b", True), (9, "c", False)}
    with database.sessions() as session, pytest.raises(NotFoundError):
        acknowledge_alert(session, athlete_id + 1, acknowledged.id)
