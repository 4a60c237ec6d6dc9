"""Jobs through Redis: a worker in another process runs them, and a killed worker loses none.

Runs when ``AICOACH_TEST_REDIS_URL`` is set (``bash scripts/redis-for-tests.sh`` starts one).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from aicoach.api.app import create_app
from aicoach.jobs import make_job_queue
from aicoach.jobs.redis_queue import NAMESPACE, QUEUE_NAME, RedisJobQueue
from aicoach.settings import Settings
from tests.api.conftest import ApiUser, register
from tests.jobs.jobs_helpers import GPX_POINTS, small_gpx

REDIS_URL_VARIABLE = "AICOACH_TEST_REDIS_URL"
WORKER = (
    "import typer\n"
    "from aicoach.cli.server_commands import worker\n"
    "app = typer.Typer()\n"
    "app.command()(worker)\n"
    "app()\n"
)
SLOW_WORKER = """
import sys, threading, time
from pathlib import Path
from aicoach.jobs.redis_queue import declare_upload_actor, make_broker, run_worker

def slow(job_id: int) -> None:
    Path(sys.argv[2]).write_text(str(job_id))
    time.sleep(120)

broker = make_broker(sys.argv[1])
declare_upload_actor(broker, slow)
run_worker(broker, threads=1, stop=threading.Event())
"""


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get(REDIS_URL_VARIABLE)
    if not url:
        pytest.skip(f"{REDIS_URL_VARIABLE} is not set (bash scripts/redis-for-tests.sh)")
    client = redis.Redis.from_url(url)
    stale = list(client.scan_iter(f"{NAMESPACE}*"))
    if stale:
        client.delete(*stale)
    client.close()
    return url


@pytest.fixture
def settings(tmp_path: Path, database_url: str, redis_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url, redis_url=redis_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def start(settings: Settings) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start Python code (a worker) in a subprocess with the test's settings."""
    started: list[subprocess.Popen[bytes]] = []
    env = {key: value for key, value in os.environ.items() if not key.startswith("AICOACH_")}
    env |= {
        "AICOACH_HOME": str(settings.home),
        "AICOACH_DATABASE_URL": settings.resolved_database_url,
        "AICOACH_REDIS_URL": settings.redis_url or "",
    }

    def run(code: str, *args: str) -> subprocess.Popen[bytes]:
        process = subprocess.Popen([sys.executable, "-c", code, *args], env=env)
        started.append(process)
        return process

    yield run
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def job_status(client: TestClient, user: ApiUser, job_id: int) -> dict[str, Any]:
    answer = client.get(
        f"/api/v1/athletes/{user.athlete_id}/uploads/{job_id}", headers=user.headers
    )
    assert answer.status_code == 200, answer.text
    job: dict[str, Any] = answer.json()
    return job


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def upload_gpx(client: TestClient, user: ApiUser) -> int:
    answer = client.post(
        f"/api/v1/athletes/{user.athlete_id}/uploads",
        files={"file": ("run.gpx", small_gpx(), "application/gpx+xml")},
        headers=user.headers,
    )
    assert answer.status_code == 202, answer.text
    job_id: int = answer.json()["id"]
    return job_id


def unacked_ids(url: str) -> list[bytes]:
    client = redis.Redis.from_url(url)
    try:
        return [
            member
            for key in client.scan_iter(f"{NAMESPACE}:__acks__.*")
            for member in client.smembers(key)
        ]
    finally:
        client.close()


def test_server_uses_redis_when_configured(settings: Settings) -> None:
    from aicoach.storage.database import open_database

    database = open_database(settings.resolved_database_url)
    queue = make_job_queue(settings, database)
    assert isinstance(queue, RedisJobQueue)
    queue.close()
    database.dispose()


def test_worker_process_runs_uploaded_job(
    client: TestClient, settings: Settings, start: Callable[..., subprocess.Popen[bytes]]
) -> None:
    user = register(client, "ada@example.org")
    job_id = upload_gpx(client, user)
    time.sleep(0.3)
    assert job_status(client, user, job_id)["status"] == "queued"  # waits in Redis for a worker
    worker = start(WORKER, "--threads", "2")
    wait_until(lambda: job_status(client, user, job_id)["status"] == "done", 30, "the job")
    job = job_status(client, user, job_id)
    assert job["outcomes"][0]["status"] == "imported"
    assert job["outcomes"][0]["records"] == GPX_POINTS
    worker.send_signal(signal.SIGTERM)
    assert worker.wait(timeout=20) == 0
    assert unacked_ids(settings.redis_url or "") == []
    assert not list(settings.uploads_dir.rglob("*.gpx"))


def test_job_of_a_killed_worker_is_finished_by_another(
    client: TestClient,
    settings: Settings,
    start: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    user = register(client, "ada@example.org")
    job_id = upload_gpx(client, user)
    marker = tmp_path / "slow-worker-started"
    slow = start(SLOW_WORKER, settings.redis_url or "", str(marker))
    wait_until(marker.exists, 30, "the slow worker to take the job")
    assert marker.read_text() == str(job_id)
    slow.send_signal(signal.SIGKILL)
    slow.wait(timeout=10)
    assert len(unacked_ids(settings.redis_url or "")) == 1  # taken, never acknowledged
    assert job_status(client, user, job_id)["status"] == "queued"

    second = start(
        WORKER,
        "--threads",
        "1",
        "--heartbeat-timeout-s",
        "1",
        "--requeue-checks-per-million",
        "1000000",
    )
    wait_until(lambda: job_status(client, user, job_id)["status"] == "done", 30, "the re-run")
    assert job_status(client, user, job_id)["outcomes"][0]["status"] == "imported"
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=20) == 0
    assert unacked_ids(settings.redis_url or "") == []
    client_redis = redis.Redis.from_url(settings.redis_url or "")
    assert client_redis.hlen(f"{NAMESPACE}:{QUEUE_NAME}.msgs") == 0
    client_redis.close()
