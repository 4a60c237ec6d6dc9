"""Importing one uploaded file in the background, with progress on its ``upload_jobs`` row."""

from __future__ import annotations

from aicoach.settings import Settings
from aicoach.storage.database import Database


def run_upload_job(settings: Settings, database: Database, job_id: int) -> None:
    raise NotImplementedError("upload jobs are being written")
