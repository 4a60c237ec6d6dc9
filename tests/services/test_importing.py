"""The import use case end to end on a real database, with files the tests write themselves."""

from __future__ import annotations

import gzip
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from aicoach.domain import Activity, AthleteProfile, Sport, StreamChannel
from aicoach.errors import UserError
from aicoach.io.fit_writer import write_fit_activity
from aicoach.io.gpx_writer import write_gpx
from aicoach.services.importing import ImportStatus, import_paths
from aicoach.storage import activities, athletes
from aicoach.storage.database import Database
from aicoach.storage.tables import ActivityRow, ImportedFileRow, StreamRow, WellnessRow


def make_run(start: datetime, seconds: int = 1200, seed: int = 0) -> Activity:
    """A run with varied HR, speed and a loop of positions (nothing constant)."""
    rng = np.random.default_rng(seed)
    t = np.arange(seconds, dtype=float)
    speed = 3.2 + 0.4 * np.sin(t / 120) + rng.normal(0, 0.05, seconds)
    angle = t / seconds * 2 * np.pi
    return Activity(
        sport=Sport.RUNNING,
        start_time=start,
        source_format="fit",
        name="Loop",
        elapsed_s=float(seconds - 1),
        timer_s=float(seconds - 1),
        distance_m=float(np.cumsum(speed)[-1]),
        streams={
            StreamChannel.TIME_S: t,
            StreamChannel.HEART_RATE_BPM: np.rint(
                135 + 15 * np.sin(t / 300) + rng.normal(0, 2, seconds)
            ),
            StreamChannel.SPEED_M_S: np.round(speed, 3),
            StreamChannel.CADENCE_RPM: np.rint(86 + rng.normal(0, 2, seconds)),
            StreamChannel.ALTITUDE_M: np.round(30 + 5 * np.sin(angle), 1),
            StreamChannel.LATITUDE_DEG: 51.5 + 0.01 * np.sin(angle),
            StreamChannel.LONGITUDE_DEG: -0.12 + 0.015 * np.cos(angle),
            StreamChannel.DISTANCE_M: np.round(np.cumsum(speed), 2),
        },
    )


START = datetime(2026, 10, 4, 7, 30, tzinfo=UTC)


@pytest.fixture
def athlete(database: Database) -> str:
    with database.sessions.begin() as session:
        athletes.add_athlete(session, AthleteProfile(name="Ada"))
    return "Ada"


def _count(database: Database, table: type) -> int:
    with database.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_fit_import_then_same_file_then_its_gpx_export(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    run = make_run(START)
    fit_path = tmp_path / "run.fit"
    fit_path.write_bytes(write_fit_activity(run))
    gpx_path = tmp_path / "run.gpx"
    gpx_path.write_bytes(write_gpx(run))

    (first,) = import_paths(database, [fit_path])
    assert first.status is ImportStatus.IMPORTED
    assert first.records == 1200 and first.activity_id is not None

    (again,) = import_paths(database, [fit_path])
    assert again.status is ImportStatus.DUPLICATE and again.activity_id == first.activity_id

    (export,) = import_paths(database, [gpx_path])
    assert export.status is ImportStatus.DUPLICATE
    assert f"activity {first.activity_id}" in export.notes[0]
    assert _count(database, ActivityRow) == 1

    with database.sessions() as session:
        athlete_id = athletes.resolve_athlete(session, athlete).id
        stored = activities.read_activity(
            activities.get_activity(session, athlete_id, first.activity_id)
        )
    np.testing.assert_array_equal(
        stored.streams[StreamChannel.HEART_RATE_BPM], run.streams[StreamChannel.HEART_RATE_BPM]
    )
    np.testing.assert_allclose(
        stored.streams[StreamChannel.LATITUDE_DEG],
        run.streams[StreamChannel.LATITUDE_DEG],
        atol=1e-6,
    )


def test_folder_and_zip_archive_with_unsafe_members(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    archive_path = tmp_path / "export.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("rides/one.fit", write_fit_activity(make_run(START, seed=1)))
        archive.writestr(
            "two.fit.gz",
            gzip.compress(write_fit_activity(make_run(START + timedelta(days=1), seed=2))),
        )
        archive.writestr(
            "../escape.fit", write_fit_activity(make_run(START + timedelta(days=2), seed=3))
        )
        archive.writestr("inner.zip", b"PK")
        archive.writestr("notes.txt", b"hello")
    outcomes = {Path(o.file.split("!")[-1]).name: o for o in import_paths(database, [tmp_path])}
    assert outcomes["one.fit"].status is ImportStatus.IMPORTED
    assert outcomes["two.fit.gz"].status is ImportStatus.IMPORTED
    assert outcomes["escape.fit"].status is ImportStatus.FAILED
    assert "outside the archive" in (outcomes["escape.fit"].error or "")
    assert "inside archives" in (outcomes["inner.zip"].error or "")
    assert "notes.txt" not in outcomes  # a folder import passes over files it does not read
    assert _count(database, ActivityRow) == 2


def test_zip_bomb_member_is_refused(database: Database, athlete: str, tmp_path: Path) -> None:
    archive_path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.fit", b"\0" * 20_000_000)
    (outcome,) = import_paths(database, [archive_path], max_bytes=1_000_000)
    assert outcome.status is ImportStatus.FAILED
    assert "limit" in (outcome.error or "")
    assert _count(database, ImportedFileRow) == 0


def test_gzip_bomb_is_refused_without_reading_it_all(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    path = tmp_path / "ride.fit.gz"
    path.write_bytes(gzip.compress(b"\0" * 20_000_000))
    (outcome,) = import_paths(database, [path], max_bytes=1_000_000)
    assert outcome.status is ImportStatus.FAILED and "limit" in (outcome.error or "")


def test_empty_and_unsupported_files_fail_with_reasons(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.fit"
    empty.write_bytes(b"")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    empty_outcome, text_outcome = import_paths(database, [empty, text])
    assert empty_outcome.status is ImportStatus.FAILED and "empty" in (empty_outcome.error or "")
    assert text_outcome.status is ImportStatus.FAILED and "unsupported file type '.txt'" in (
        text_outcome.error or ""
    )


def test_truncated_fit_keeps_valid_records_or_fails_cleanly(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    data = write_fit_activity(make_run(START))
    path = tmp_path / "cut.fit"
    path.write_bytes(data[: len(data) // 2])
    (outcome,) = import_paths(database, [path])
    assert outcome.status is ImportStatus.RECOVERED
    assert 0 < outcome.records < 1200
    assert any("byte" in note for note in outcome.notes)
    with database.sessions() as session:
        row = session.scalars(select(ActivityRow)).one()
        assert row.sample_count == outcome.records and row.recovery_notes == outcome.notes


def test_a_failure_while_storing_leaves_nothing_of_that_file(
    database: Database, athlete: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(write_fit_activity(make_run(START)))

    def broken_record(*args: object, **kwargs: object) -> None:
        raise SQLAlchemyError("disk full")

    monkeypatch.setattr("aicoach.storage.imported_files.record_imported_file", broken_record)
    (outcome,) = import_paths(database, [path])
    assert outcome.status is ImportStatus.FAILED and "disk full" in (outcome.error or "")
    for table in (ActivityRow, StreamRow, ImportedFileRow):
        assert _count(database, table) == 0


def test_wellness_csv_with_a_bad_line_stores_nothing(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    path = tmp_path / "wellness.csv"
    path.write_text(
        "date,resting_hr_bpm,hrv_rmssd_ms,sleep_h\n2026-10-01,48,65,7.5\n2026-10-02,300,60,7\n",
        encoding="utf-8",
    )
    (outcome,) = import_paths(database, [path])
    assert outcome.status is ImportStatus.FAILED
    assert "line 3" in (outcome.error or "") and "resting_hr_bpm" in (outcome.error or "")
    assert _count(database, WellnessRow) == 0


def test_imports_belong_to_the_chosen_athlete(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    with database.sessions.begin() as session:
        athletes.add_athlete(session, AthleteProfile(name="Bob"))
    path = tmp_path / "run.fit"
    path.write_bytes(write_fit_activity(make_run(START)))
    with pytest.raises(UserError, match="several athletes"):
        import_paths(database, [path])
    (for_bob,) = import_paths(database, [path], athlete_name="Bob")
    (for_ada,) = import_paths(database, [path], athlete_name="Ada")
    assert for_bob.status is for_ada.status is ImportStatus.IMPORTED
    assert for_bob.activity_id != for_ada.activity_id


def test_missing_path_is_a_user_error_and_imports_nothing(
    database: Database, athlete: str, tmp_path: Path
) -> None:
    real = tmp_path / "run.fit"
    real.write_bytes(write_fit_activity(make_run(START)))
    with pytest.raises(UserError, match="no such file"):
        import_paths(database, [real, tmp_path / "missing.fit"])
    assert _count(database, ActivityRow) == 0
