"""Shared fixtures: the reference data in ../shared and database engines to test against."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from aicoach.storage import server_tables  # noqa: F401  (their tables join the metadata)
from aicoach.storage.database import Database, open_database
from aicoach.storage.tables import Base

SHARED_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder; tests that use it skip cleanly when it is absent."""
    if not SHARED_DATA_DIR.is_dir():
        pytest.skip("../shared/data is not present")
    return SHARED_DATA_DIR


POSTGRES_URL_VARIABLE = "AICOACH_TEST_POSTGRES_URL"
DATABASE_KINDS = ["sqlite", "postgresql"]


def _reset_postgres(url: str) -> None:
    """Drop everything so that the migrations are exercised from an empty database."""
    engine = open_database(url, migrate=False).engine
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set")
    _reset_postgres(url)
    yield url


@pytest.fixture(params=DATABASE_KINDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database: a SQLite file always, PostgreSQL when configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
        return
    url = request.getfixturevalue("postgres_url")
    database = open_database(url)
    with database.engine.begin() as connection:
        names = ", ".join(table.name for table in Base.metadata.sorted_tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    database.dispose()
    yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = open_database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def aicoach_home(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the CLI at a private home folder and the test database."""
    home = tmp_path / "home"
    monkeypatch.setenv("AICOACH_HOME", str(home))
    monkeypatch.setenv("AICOACH_DATABASE_URL", database_url)
    return home
