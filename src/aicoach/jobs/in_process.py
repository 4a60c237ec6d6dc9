"""Jobs on a worker thread of the server process (the single-user default)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from aicoach.settings import Settings
from aicoach.storage.database import Database


class InProcessJobQueue:
    def __init__(self, settings: Settings, database: Database) -> None:
        self._settings = settings
        self._database = database
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="aicoach-job")

    def submit_upload(self, job_id: int) -> None:
        from aicoach.jobs.upload_job import run_upload_job

        self._pool.submit(run_upload_job, self._settings, self._database, job_id)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
