"""The server application: API under ``/api/v1``, the dashboard at ``/``.

``create_app()`` with no arguments uses the settings (SQLite under the user's home unless
``AICOACH_DATABASE_URL`` is set; in-process jobs unless ``AICOACH_REDIS_URL`` is set).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from aicoach import __version__
from aicoach.api.error_handlers import install_error_handlers
from aicoach.api.rate_limit import DatabaseFailureLimiter, FailureLimiter, RedisFailureLimiter
from aicoach.api.routes import (
    accounts,
    activities,
    alerts,
    chat,
    coaching,
    exports,
    metrics,
    plans,
    privacy,
    profile,
    reports,
    roster,
    teams,
    today,
    uploads,
    wellness,
)
from aicoach.api.state import ServerState
from aicoach.jobs import JobQueue, make_job_queue
from aicoach.services.chat_stream import CoachResources
from aicoach.settings import Settings, load_settings
from aicoach.storage.database import Database, open_database, use_write_ahead_log
from aicoach.web.app import install_web

API_PREFIX = "/api/v1"
ROUTERS: tuple[APIRouter, ...] = (
    accounts.router,
    profile.router,
    coaching.router,
    roster.router,
    uploads.router,
    activities.router,
    wellness.router,
    metrics.router,
    alerts.router,
    plans.router,
    today.router,
    chat.router,
    reports.router,
    exports.router,
    privacy.router,
    teams.router,
)


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    jobs: JobQueue | None = None,
) -> FastAPI:
    """The whole server; pass ``database``/``jobs`` to share them (tests, benchmarks)."""
    settings = settings or load_settings()
    owns_database = database is None
    database = database or open_database(settings.resolved_database_url)
    use_write_ahead_log(database.engine)
    state = ServerState(
        settings=settings,
        database=database,
        jobs=jobs or make_job_queue(settings, database),
        login_limiter=_login_limiter(settings, database),
        coach=CoachResources(settings),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        state.jobs.close()
        if owns_database:
            database.dispose()

    app = FastAPI(
        title="aicoach",
        version=__version__,
        summary="Your training and health data, checkable numbers, safe plans.",
        lifespan=lifespan,
    )
    app.state.server = state
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    install_web(app)
    return app


def _login_limiter(settings: Settings, database: Database) -> FailureLimiter:
    if settings.redis_url:
        return RedisFailureLimiter(
            settings.redis_url, settings.login_failures_allowed, settings.login_window_s
        )
    return DatabaseFailureLimiter(
        database, settings.login_failures_allowed, settings.login_window_s
    )
