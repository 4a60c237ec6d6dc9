"""Background jobs (upload imports): in-process by default, Redis-backed in server mode."""

from __future__ import annotations

from typing import Protocol

from aicoach.errors import AicoachError
from aicoach.settings import Settings
from aicoach.storage.database import Database


class JobQueueUnavailableError(AicoachError):
    """The queue could not take the job (Redis unreachable); the server answers 503."""


class JobQueue(Protocol):
    """Runs upload jobs (rows of ``upload_jobs``) away from the request that made them."""

    def submit_upload(self, job_id: int) -> None: ...

    def close(self) -> None: ...


def make_job_queue(settings: Settings, database: Database) -> JobQueue:
    """Redis (Dramatiq) when ``AICOACH_REDIS_URL`` is set, else a thread in this process."""
    if settings.redis_url:
        from aicoach.jobs.redis_queue import RedisJobQueue

        return RedisJobQueue(settings, database)
    from aicoach.jobs.in_process import InProcessJobQueue

    return InProcessJobQueue(settings, database)
