"""The one validated settings object. No other module reads the environment."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "aicoach"


class Settings(BaseSettings):
    """Where aicoach keeps the user's files and database.

    ``AICOACH_HOME`` moves every user file (database, demo files); ``AICOACH_DATABASE_URL``
    points at another database, e.g. ``postgresql+psycopg://user:pass@host/aicoach``.
    """

    model_config = SettingsConfigDict(env_prefix="AICOACH_", extra="ignore")

    home: Path = Field(default_factory=lambda: Path(platformdirs.user_data_dir(APP_NAME)))
    database_url: str | None = None
    max_upload_bytes: int = 2 * 1024**3
    """Largest single file (or archive member, uncompressed) accepted by an import."""
    notes_model: Path | None = None
    """A trained note model folder (``AICOACH_NOTES_MODEL``); default ``<home>/models/notes``."""

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'aicoach.sqlite3'}"

    @property
    def demo_dir(self) -> Path:
        return self.home / "demo"


def load_settings() -> Settings:
    """Read settings from the environment (called at the edges, never at import time)."""
    return Settings()
