"""Jobs through Redis with Dramatiq: the server enqueues, ``aicoach worker`` processes run them.

Dramatiq's Redis broker moves a fetched message into a per-worker "unacked" set and removes it
only when the job has returned, so a job survives its worker: a worker stopped with SIGTERM
puts back what it had not started and finishes what it had; a worker that dies (SIGKILL, power
loss) stops sending heartbeats, and after ``heartbeat_timeout_ms`` any other worker's
housekeeping (run on a share of its Redis calls, ``requeue_checks_per_million``) puts that
worker's unacked messages back on the queue. Jobs are idempotent, so running one twice is safe.

Nothing here runs at import time: brokers and actors are made by the functions below, never
through Dramatiq's global broker.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from dramatiq import Actor, Worker
from dramatiq.brokers.redis import RedisBroker
from dramatiq.errors import BrokerError
from redis import RedisError

from aicoach.jobs import JobQueueUnavailableError
from aicoach.settings import Settings
from aicoach.storage.database import Database

logger = logging.getLogger(__name__)

NAMESPACE = "aicoach-jobs"
QUEUE_NAME = "aicoach-uploads"
UPLOAD_ACTOR = "aicoach_upload"
HEARTBEAT_TIMEOUT_MS = 60_000
REQUEUE_CHECKS_PER_MILLION = 20_000
"""Dramatiq's default is 1,000 (0.1 % of calls); a quieter queue needs more to recover soon."""
UPLOAD_TIME_LIMIT_MS = 6 * 3600 * 1000
"""A large Apple Health export can take long; Dramatiq's default limit is 10 minutes."""
UPLOAD_MAX_RETRIES = 3
WORKER_IDLE_WAKE_MS = 1000
STOP_TIMEOUT_MS = 10 * 60 * 1000

UploadHandler = Callable[[int], None]


def make_broker(
    redis_url: str,
    *,
    heartbeat_timeout_ms: int = HEARTBEAT_TIMEOUT_MS,
    requeue_checks_per_million: int = REQUEUE_CHECKS_PER_MILLION,
) -> RedisBroker:
    """A broker of our own (Dramatiq's global one stays untouched); connects lazily."""
    broker: RedisBroker = RedisBroker(  # type: ignore[no-untyped-call]
        url=redis_url,
        namespace=NAMESPACE,
        heartbeat_timeout=heartbeat_timeout_ms,
        maintenance_chance=requeue_checks_per_million,
    )
    return broker


def declare_upload_actor(broker: RedisBroker, handler: UploadHandler) -> Actor[[int], None]:
    """The upload actor on ``broker``; ``handler(job_id)`` is what a worker runs."""

    def upload(job_id: int) -> None:
        handler(job_id)

    options: dict[str, Any] = {
        "time_limit": UPLOAD_TIME_LIMIT_MS,
        "max_retries": UPLOAD_MAX_RETRIES,
    }
    return Actor(
        upload,
        broker=broker,
        actor_name=UPLOAD_ACTOR,
        queue_name=QUEUE_NAME,
        priority=0,
        options=options,
    )


def upload_handler(settings: Settings, database: Database) -> UploadHandler:
    def handle(job_id: int) -> None:
        from aicoach.jobs.upload_job import run_upload_job

        run_upload_job(settings, database, job_id)

    return handle


class RedisJobQueue:
    """The server's side: it only sends messages; workers run them."""

    def __init__(self, settings: Settings, database: Database) -> None:
        assert settings.redis_url is not None
        self._broker = make_broker(settings.redis_url)
        self._actor = declare_upload_actor(self._broker, upload_handler(settings, database))

    def submit_upload(self, job_id: int) -> None:
        try:
            self._actor.send(job_id)
        except (RedisError, BrokerError) as exc:
            raise JobQueueUnavailableError(
                f"the job queue (Redis) cannot be reached: {type(exc).__name__}"
            ) from exc

    def close(self) -> None:
        self._broker.client.close()


def run_worker(broker: RedisBroker, *, threads: int, stop: threading.Event) -> None:
    """Process jobs with ``threads`` threads until ``stop`` is set, then shut down cleanly."""
    worker = Worker(broker, worker_threads=threads, worker_timeout=WORKER_IDLE_WAKE_MS)
    worker.start()
    logger.info("aicoach worker: %d thread(s) on queue %s", threads, QUEUE_NAME)
    try:
        stop.wait()
    finally:
        logger.info("aicoach worker: finishing started jobs, returning the others")
        worker.stop(timeout=STOP_TIMEOUT_MS)
