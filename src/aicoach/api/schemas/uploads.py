"""Upload jobs as the API shows them: status and progress for a progress bar."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel


class FileOutcomePublic(BaseModel):
    """One file read from the upload (an archive holds several)."""

    file: str
    status: Literal["imported", "duplicate", "recovered", "skipped", "failed"]
    activity_ids: list[int]
    records: int
    error: str | None
    """Why the file failed, naming the file (and line, field or byte where known)."""
    notes: list[str]


class UploadJobPublic(BaseModel):
    id: int
    athlete_id: int
    file_name: str
    size_bytes: int
    status: Literal["queued", "running", "done", "failed"]
    files_total: int | None
    """Files found in the upload; None until the job has looked."""
    files_done: int
    outcomes: list[FileOutcomePublic]
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
