"""Opening the database for a command, and translating errors into exit codes."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import typer
from sqlalchemy.orm import Session

from aicoach.cli.output import error_console, literal
from aicoach.errors import AicoachError, DataError
from aicoach.settings import Settings, load_settings
from aicoach.storage.database import Database, open_database

EXIT_OK = 0
EXIT_USER_ERROR = 1
EXIT_DATA_ERROR = 2

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def database(settings: Settings | None = None) -> Iterator[Database]:
    settings = settings or load_settings()
    db = open_database(settings.resolved_database_url)
    try:
        yield db
    finally:
        db.dispose()


@contextmanager
def transaction() -> Iterator[Session]:
    """A session whose work is committed together, or not at all."""
    with database() as db, db.sessions.begin() as session:
        yield session


def handle_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn aicoach errors into a one-line message and exit code 1 (user) or 2 (data)."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except AicoachError as exc:
            error_console.print(f"[bold red]error:[/] {literal(exc)}", highlight=False)
            code = EXIT_DATA_ERROR if isinstance(exc, DataError) else EXIT_USER_ERROR
            raise typer.Exit(code) from exc

    return wrapper
