"""``aicoach serve`` (the web server) and ``aicoach worker`` (background jobs from Redis)."""

from __future__ import annotations

import ipaddress
import logging
import signal
import threading
from types import FrameType
from typing import Annotated

import typer

from aicoach.cli.context import handle_errors
from aicoach.cli.output import error_console, plain
from aicoach.errors import UserError
from aicoach.settings import Settings, load_settings

LOOPBACK_NAMES = frozenset({"localhost", "ip6-localhost"})


@handle_errors
def serve(
    host: Annotated[
        str | None,
        typer.Option("--host", help="Address to listen on (default AICOACH_SERVER_HOST)."),
    ] = None,
    port: Annotated[
        int | None,
        typer.Option("--port", min=1, max=65535, help="Port (default AICOACH_SERVER_PORT)."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Server processes (one per CPU core is usual); they share the port.",
        ),
    ] = 1,
    access_log: Annotated[
        bool, typer.Option("--access-log/--no-access-log", help="Log every request.")
    ] = True,
) -> None:
    """Run the web server: the API under /api/v1 and the dashboard at /."""
    from aicoach.api.server_processes import serve_processes
    from aicoach.storage.database import open_database

    settings = load_settings()
    # Migrate once here: processes starting together would race to create the tables.
    open_database(settings.resolved_database_url).dispose()
    bind_host = host or settings.server_host
    bind_port = port or settings.server_port
    for warning in bind_warnings(bind_host, settings):
        error_console.print(plain(f"warning: {warning}"), style="yellow")
    status = serve_processes(bind_host, bind_port, workers, log_level="info", access_log=access_log)
    if status:
        raise typer.Exit(status)


@handle_errors
def worker(
    threads: Annotated[
        int, typer.Option("--threads", min=1, max=64, help="Jobs run at the same time.")
    ] = 2,
    heartbeat_timeout_s: Annotated[
        float,
        typer.Option(
            "--heartbeat-timeout-s",
            min=1,
            help="Silence after which a worker counts as dead and its jobs go to another.",
        ),
    ] = 60,
    requeue_checks: Annotated[
        int,
        typer.Option(
            "--requeue-checks-per-million",
            min=1,
            max=1_000_000,
            hidden=True,
            help="Share of Redis calls that also look for dead workers' jobs (tests: 1000000).",
        ),
    ] = 20_000,
) -> None:
    """Run background jobs (upload imports) from Redis until stopped (Ctrl-C or SIGTERM)."""
    from aicoach.jobs.redis_queue import (
        declare_upload_actor,
        make_broker,
        run_worker,
        upload_handler,
    )
    from aicoach.storage.database import open_database

    settings = load_settings()
    if not settings.redis_url:
        raise UserError("set AICOACH_REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run a worker")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    database = open_database(settings.resolved_database_url)
    broker = make_broker(
        settings.redis_url,
        heartbeat_timeout_ms=round(heartbeat_timeout_s * 1000),
        requeue_checks_per_million=requeue_checks,
    )
    declare_upload_actor(broker, upload_handler(settings, database))
    stop = stop_on_signals()
    try:
        run_worker(broker, threads=threads, stop=stop)
    finally:
        broker.client.close()
        database.dispose()


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT (the main thread keeps waiting on it)."""
    stop = threading.Event()

    def handle(_signal: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop


def bind_warnings(host: str, settings: Settings) -> list[str]:
    """What to tell the operator before listening on ``host``."""
    if is_loopback(host):
        return []
    warnings = [
        f"listening on {host}: other machines can reach this server. Put it behind an HTTPS "
        "reverse proxy; logins and session cookies must not travel over plain HTTP."
    ]
    if not settings.secure_cookies:
        warnings.append(
            "AICOACH_SECURE_COOKIES is off: set it to true once the server is behind HTTPS."
        )
    if not settings.database_url:
        warnings.append(
            "SQLite with in-process jobs suits one machine and a few users; for a club use "
            "AICOACH_DATABASE_URL (PostgreSQL) and AICOACH_REDIS_URL with 'aicoach worker'."
        )
    return warnings


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
