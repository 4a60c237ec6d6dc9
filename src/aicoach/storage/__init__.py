"""Persistence: SQLAlchemy tables, Alembic migrations, repositories and the stream codec."""
