"""The one validated settings object. No other module reads the environment."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field, SecretStr
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
    latitude: float | None = Field(default=None, ge=-90, le=90)
    """Where the athlete trains (``AICOACH_LATITUDE``), for the optional weather lookup."""
    longitude: float | None = Field(default=None, ge=-180, le=180)
    weather_url: str = "https://api.open-meteo.com/v1/forecast"
    """Open-Meteo forecast endpoint; contacted only when a location is set."""
    air_quality_url: str = "https://air-quality-api.open-meteo.com/v1/air-quality"
    weather_timeout_s: float = Field(default=3.0, gt=0, le=30)
    recommend_exploration: float = Field(default=0.05, ge=0, le=1)
    """Share of ``aicoach today`` choices made at random among the safe ones (learning)."""
    llm_backend: str = "embedded"
    """Coach language model (``AICOACH_LLM_BACKEND``): embedded, openai, or templates (none)."""
    model_path: Path | None = None
    """A local GGUF file for the embedded backend (``AICOACH_MODEL_PATH``)."""
    llm_base_url: str = "http://127.0.0.1:11434/v1"
    """OpenAI-compatible server for the ``openai`` backend (``AICOACH_LLM_BASE_URL``)."""
    llm_api_key: SecretStr | None = None
    llm_model: str = "qwen2.5:1.5b-instruct"
    llm_threads: int | None = Field(default=None, ge=1, le=256)
    server_host: str = "127.0.0.1"
    """Where ``aicoach serve`` listens (``AICOACH_SERVER_HOST``); loopback unless set."""
    server_port: int = Field(default=8000, ge=1, le=65535)
    redis_url: str | None = None
    """Redis for background jobs in server mode (``AICOACH_REDIS_URL``); unset: in-process."""
    session_ttl_h: float = Field(default=14 * 24, gt=0)
    """How long a browser login lasts."""
    secure_cookies: bool = False
    """Mark cookies Secure (set it when the server is behind HTTPS)."""
    api_max_upload_bytes: int = Field(default=64 * 1024**2, gt=0)
    """Largest file accepted by an upload through the API or the web page."""
    login_failures_allowed: int = Field(default=10, ge=1)
    """Failed logins per address and e-mail within ``login_window_s`` before 429."""
    login_window_s: float = Field(default=15 * 60, gt=0)
    open_registration: bool = True
    """Anyone may register (``AICOACH_OPEN_REGISTRATION=false`` for invitation-only servers)."""

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.home / 'aicoach.sqlite3'}"

    @property
    def llm_models_dir(self) -> Path:
        return self.home / "models" / "llm"

    @property
    def demo_dir(self) -> Path:
        return self.home / "demo"

    @property
    def uploads_dir(self) -> Path:
        return self.home / "uploads"

    @property
    def weather_cache_dir(self) -> Path:
        return self.home / "cache" / "weather"


def load_settings() -> Settings:
    """Read settings from the environment (called at the edges, never at import time)."""
    return Settings()
