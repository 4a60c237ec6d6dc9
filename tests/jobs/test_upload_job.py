"""``run_upload_job`` on a real database: progress, outcomes, idempotence, resumption."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aicoach.jobs import make_job_queue
from aicoach.jobs.in_process import InProcessJobQueue
from aicoach.jobs.upload_job import run_upload_job
from aicoach.settings import Settings
from aicoach.storage.database import Database
from aicoach.storage.server_tables import UploadJobRow
from aicoach.storage.tables import ActivityRow, AlertRow
from tests.jobs.jobs_helpers import GPX_POINTS, add_athlete, add_job, job_row, small_gpx


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url)


def activity_count(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(ActivityRow)) or 0


def test_job_imports_records_outcomes_and_removes_the_file(
    settings: Settings, database: Database
) -> None:
    athlete_id = add_athlete(database)
    job_id, path = add_job(settings, database, athlete_id, "morning.gpx", small_gpx())
    run_upload_job(settings, database, job_id)
    job = job_row(database, job_id)
    assert (job.status, job.error, job.files_total, job.files_done) == ("done", None, 1, 1)
    [outcome] = job.outcomes
    assert outcome["file"] == "morning.gpx"
    assert (outcome["status"], outcome["records"]) == ("imported", GPX_POINTS)
    assert job.started_at is not None and job.finished_at is not None
    assert job.started_at <= job.finished_at
    with database.sessions() as session:
        activity = session.get_one(ActivityRow, outcome["activity_ids"][0])
        assert (activity.athlete_id, activity.sample_count) == (athlete_id, GPX_POINTS)
    assert not path.exists() and not path.parent.exists()
    assert path.parent.parent.is_dir()  # the athlete's folder stays


def test_finished_job_is_not_run_again(settings: Settings, database: Database) -> None:
    athlete_id = add_athlete(database)
    job_id, _ = add_job(settings, database, athlete_id, "a.gpx", small_gpx())
    run_upload_job(settings, database, job_id)
    first = job_row(database, job_id)
    run_upload_job(settings, database, job_id)  # the same message delivered twice
    second = job_row(database, job_id)
    assert (second.status, second.outcomes, second.finished_at) == (
        first.status,
        first.outcomes,
        first.finished_at,
    )
    assert activity_count(database) == 1


def test_job_cut_off_while_running_runs_again(settings: Settings, database: Database) -> None:
    athlete_id = add_athlete(database)
    job_id, path = add_job(settings, database, athlete_id, "b.gpx", small_gpx())
    with database.sessions.begin() as session:  # a worker died here, half-way
        job = session.get_one(UploadJobRow, job_id)
        job.status, job.started_at, job.files_total, job.files_done = (
            "running",
            datetime.now(UTC),
            1,
            0,
        )
    run_upload_job(settings, database, job_id)
    job = job_row(database, job_id)
    assert (job.status, job.files_done, job.outcomes[0]["status"]) == ("done", 1, "imported")
    assert not path.exists()


def test_missing_file_and_missing_job(settings: Settings, database: Database) -> None:
    athlete_id = add_athlete(database)
    job_id, path = add_job(settings, database, athlete_id, "gone.gpx", small_gpx())
    path.unlink()
    run_upload_job(settings, database, job_id)
    job = job_row(database, job_id)
    assert job.status == "failed"
    assert job.error == "no such file or folder: gone.gpx"
    run_upload_job(settings, database, 123456)  # erased with its athlete: nothing to do


def test_in_process_queue_resumes_unfinished_jobs_at_start(
    settings: Settings, database: Database
) -> None:
    athlete_id = add_athlete(database)
    queued, _ = add_job(settings, database, athlete_id, "q.gpx", small_gpx())
    later = datetime(2024, 6, 1, 6, 0, tzinfo=UTC)
    running, _ = add_job(settings, database, athlete_id, "r.gpx", small_gpx(later))
    with database.sessions.begin() as session:
        session.get_one(UploadJobRow, running).status = "running"
    queue = make_job_queue(settings, database)
    assert isinstance(queue, InProcessJobQueue)
    queue.close()  # waits for the jobs it picked up
    assert [job_row(database, i).status for i in (queued, running)] == ["done", "done"]
    assert activity_count(database) == 2


def test_in_process_queue_runs_submitted_jobs(settings: Settings, database: Database) -> None:
    athlete_id = add_athlete(database)
    queue = make_job_queue(settings, database)
    job_id, _ = add_job(settings, database, athlete_id, "c.gpx", small_gpx())
    queue.submit_upload(job_id)
    deadline = time.monotonic() + 30
    while job_row(database, job_id).status != "done" and time.monotonic() < deadline:
        time.sleep(0.05)
    queue.close()
    assert job_row(database, job_id).status == "done"


def test_an_upload_raises_its_health_alerts_when_the_job_finishes(
    settings: Settings, database: Database
) -> None:
    """A wellness file with a resting BP of 186/114 today: the job leaves the alert stored."""
    athlete_id = add_athlete(database)
    today = datetime.now(UTC).date().isoformat()
    csv_text = f"date,systolic_mmhg,diastolic_mmhg\n{today},186,114\n"
    job_id, _ = add_job(settings, database, athlete_id, "wellness.csv", csv_text.encode())
    run_upload_job(settings, database, job_id)
    assert job_row(database, job_id).status == "done"
    with database.sessions() as session:
        rules = set(session.scalars(select(AlertRow.rule).where(AlertRow.athlete_id == athlete_id)))
    assert "blood_pressure" in rules
