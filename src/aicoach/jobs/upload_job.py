"""Importing one uploaded file in the background, with progress on its ``upload_jobs`` row.

A job runs at most once to its end: a job already done or failed is left alone, so a message
delivered twice does no harm. A job found ``running`` was cut off (its worker died) and runs
again; files imported the first time come back as duplicates, never twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from aicoach.errors import AicoachError
from aicoach.services.health_alerts import refresh_alerts
from aicoach.services.importing import FileOutcome, import_paths
from aicoach.services.uploads import JobStatus, remove_stored_upload
from aicoach.settings import Settings
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.database import Database
from aicoach.storage.server_tables import UploadJobRow
from aicoach.storage.tables import AthleteRow

logger = logging.getLogger(__name__)
FINISHED = frozenset({JobStatus.DONE.value, JobStatus.FAILED.value})


def run_upload_job(settings: Settings, database: Database, job_id: int) -> None:
    """Import the job's stored file for its athlete; record outcomes; delete the file."""
    started = _start(database, job_id)
    if started is None:
        return
    athlete_name, stored_path, file_name = started
    progress = _JobProgress(database, job_id, stored_path, file_name)
    try:
        outcomes = import_paths(
            database,
            [Path(stored_path)],
            athlete_name=athlete_name,
            max_bytes=settings.max_upload_bytes,
            progress=progress,
        )
    except AicoachError as exc:
        _finish(database, job_id, JobStatus.FAILED, progress.display(str(exc)))
    except Exception as exc:
        logger.exception("upload job %s failed", job_id)
        _finish(database, job_id, JobStatus.FAILED, f"unexpected error: {type(exc).__name__}")
    else:
        _refresh_alerts(database, athlete_name)
        _finish(database, job_id, *_verdict(outcomes, progress))
    remove_stored_upload(settings.uploads_dir, stored_path)


def outcome_json(outcome: FileOutcome, shown: str) -> dict[str, Any]:
    return {
        "file": shown,
        "status": outcome.status.value,
        "activity_ids": list(outcome.activity_ids),
        "records": outcome.records,
        "error": outcome.error,
        "notes": list(outcome.notes),
    }


def _start(database: Database, job_id: int) -> tuple[str, str, str] | None:
    """Mark the job running; None when it is gone or already finished."""
    with database.sessions.begin() as session:
        job = session.get(UploadJobRow, job_id, with_for_update=True)
        if job is None or job.status in FINISHED:
            logger.info("upload job %s: nothing to do (missing or finished)", job_id)
            return None
        athlete = session.get_one(AthleteRow, job.athlete_id)
        job.status = JobStatus.RUNNING.value
        job.started_at = datetime.now(UTC)
        job.files_total = None
        job.files_done = 0
        job.outcomes = []
        job.error = None
        return athlete.name, job.stored_path, job.file_name


def _finish(database: Database, job_id: int, status: JobStatus, error: str | None) -> None:
    with database.sessions.begin() as session:
        job = session.get(UploadJobRow, job_id)
        if job is None:
            return
        job.status = status.value
        job.error = error
        job.finished_at = datetime.now(UTC)


def _verdict(outcomes: list[FileOutcome], progress: _JobProgress) -> tuple[JobStatus, str | None]:
    """Done when any file was read; failed (with every reason) when none was."""
    if any(outcome.succeeded for outcome in outcomes):
        return JobStatus.DONE, None
    if not outcomes:
        return JobStatus.FAILED, f"{progress.file_name}: no file aicoach reads was found in it"
    reasons = "; ".join(progress.display(outcome.error or "failed") for outcome in outcomes)
    return JobStatus.FAILED, f"nothing imported: {reasons}"


class _JobProgress:
    """``ImportProgress`` that writes the counts and outcomes to the job row as they come."""

    def __init__(self, database: Database, job_id: int, stored_path: str, file_name: str) -> None:
        self._database = database
        self._job_id = job_id
        self._stored_path = stored_path
        self.file_name = file_name

    def display(self, text: str) -> str:
        """Messages name the uploaded file, never the server's folders."""
        return text.replace(self._stored_path, self.file_name)

    def started(self, total_files: int) -> None:
        with self._database.sessions.begin() as session:
            session.get_one(UploadJobRow, self._job_id).files_total = total_files

    def file_done(self, outcome: FileOutcome) -> None:
        shown = outcome_json(outcome, self.display(outcome.file))
        shown["error"] = None if outcome.error is None else self.display(outcome.error)
        shown["notes"] = [self.display(note) for note in outcome.notes]
        with self._database.sessions.begin() as session:
            job = session.get_one(UploadJobRow, self._job_id)
            job.files_done += 1
            job.outcomes = [*job.outcomes, shown]


def _refresh_alerts(database: Database, athlete_name: str) -> None:
    """New data may raise health alerts: evaluate them now, not on the next page view."""
    try:
        with database.sessions.begin() as session:
            refresh_alerts(session, resolve_athlete(session, athlete_name))
    except SQLAlchemyError:
        logger.exception("alerts could not be refreshed after an upload for %s", athlete_name)
