"""Jobs on a worker thread of the server process (the single-user default).

Jobs left queued or running when the server last stopped are picked up again when it starts.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from aicoach.settings import Settings
from aicoach.storage.database import Database
from aicoach.storage.server_tables import UploadJobRow

UNFINISHED = ("queued", "running")


class InProcessJobQueue:
    def __init__(self, settings: Settings, database: Database) -> None:
        self._settings = settings
        self._database = database
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aicoach-job")
        self._resume_unfinished()

    def submit_upload(self, job_id: int) -> None:
        from aicoach.jobs.upload_job import run_upload_job

        self._pool.submit(run_upload_job, self._settings, self._database, job_id)

    def close(self) -> None:
        self._pool.shutdown(wait=True)

    def _resume_unfinished(self) -> None:
        with self._database.sessions() as session:
            statement = select(UploadJobRow.id).where(UploadJobRow.status.in_(UNFINISHED))
            job_ids = list(session.scalars(statement.order_by(UploadJobRow.id)))
        for job_id in job_ids:
            self.submit_upload(job_id)
