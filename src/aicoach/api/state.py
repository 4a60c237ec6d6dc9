"""What every request can reach: settings, the database, the job queue, the login limiter."""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.api.rate_limit import FailureLimiter
from aicoach.jobs import JobQueue
from aicoach.services.chat_stream import CoachResources
from aicoach.settings import Settings
from aicoach.storage.database import Database


@dataclass(frozen=True, slots=True)
class ServerState:
    settings: Settings
    database: Database
    jobs: JobQueue
    login_limiter: FailureLimiter
    coach: CoachResources
