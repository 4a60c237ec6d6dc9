"""Alembic environment: runs migrations on the connection handed over by ``upgrade_schema``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from aicoach.storage import server_tables  # noqa: F401  (registers the server tables)
from aicoach.storage.tables import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


def main() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no connection or sqlalchemy.url given to the migration environment")
    with create_engine(url).begin() as own_connection:
        run_migrations(own_connection)


main()
