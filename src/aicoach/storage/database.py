"""Engine creation and schema migration.

The schema is owned by Alembic: ``open_database`` upgrades the database to the newest
revision before handing out sessions, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from aicoach.errors import UserError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


@dataclass(frozen=True, slots=True)
class Database:
    """An engine and the session factory bound to it."""

    engine: Engine
    sessions: sessionmaker[Session]

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, migrate: bool = True) -> Database:
    """Connect to ``url`` (creating a SQLite file's folder) and bring its schema up to date."""
    engine = create_database_engine(url)
    if migrate:
        upgrade_schema(engine)
    return Database(engine=engine, sessions=sessionmaker(engine, expire_on_commit=False))


SERVER_POOL_SIZE = 20
"""Connections kept open per process to a database server. SQLAlchemy's default of 5 sits
below the threads a busy server process runs requests on (up to 40), and every connection
over the pool was opened and closed per request: on PostgreSQL that is a new backend process
each time, which halved the API's throughput under load (bench_api.py)."""
SERVER_POOL_OVERFLOW = 10
"""Extra connections opened only while more requests than the pool run at once. A server
process holds at most 30: size PostgreSQL's max_connections for 30 per `aicoach serve` worker
and `aicoach worker` process (its default, 100, fits three)."""


def create_database_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"database URL is not valid: {url!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
        return engine
    return create_engine(
        parsed,
        pool_pre_ping=True,
        pool_size=SERVER_POOL_SIZE,
        max_overflow=SERVER_POOL_OVERFLOW,
    )


def use_write_ahead_log(engine: Engine) -> None:
    """Let readers carry on while one writer writes (SQLite files; a no-op elsewhere).

    The server's requests and its background jobs share the file; in WAL mode a job's import
    does not stall every page. The mode is stored in the file and stays on.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA journal_mode=WAL")


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending Alembic migration."""
    config = alembic_config()
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except OperationalError as exc:
        raise UserError(f"cannot open the database: {exc.orig}") from exc


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
