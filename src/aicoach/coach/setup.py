"""Pick the coach's language model from the settings, falling back to templates only."""

from __future__ import annotations

from dataclasses import dataclass

from aicoach.backends.base import Backend
from aicoach.backends.embedded import RUNTIME_HINT, EmbeddedBackend, runtime_available
from aicoach.backends.options import EmbeddedOptions, OpenAIOptions
from aicoach.backends.registry import create_backend
from aicoach.errors import UserError
from aicoach.settings import Settings

TEMPLATES = "templates"


@dataclass(frozen=True, slots=True)
class BackendChoice:
    backend: Backend | None
    note: str | None = None
    """Why the coach runs without a model, when it does."""


def choose_backend(settings: Settings, name: str | None = None) -> BackendChoice:
    """The configured backend. A missing embedded runtime or model means templates only (with
    a note); an explicit ``AICOACH_MODEL_PATH`` that is wrong is an error naming the file."""
    chosen = name or settings.llm_backend
    if chosen == TEMPLATES:
        return BackendChoice(None)
    if chosen == "embedded":
        return _embedded(settings)
    if chosen == "openai":
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        options = OpenAIOptions(
            base_url=settings.llm_base_url, api_key=key, model=settings.llm_model
        )
        return BackendChoice(create_backend("openai", options.model_dump()))
    return BackendChoice(create_backend(chosen))


def _embedded(settings: Settings) -> BackendChoice:
    options = EmbeddedOptions(
        model_path=settings.model_path,
        models_dir=settings.llm_models_dir,
        threads=settings.llm_threads,
    )
    if settings.model_path is None:
        if not runtime_available():
            return BackendChoice(None, f"answering from templates only: {RUNTIME_HINT}")
        try:
            return BackendChoice(EmbeddedBackend(options))
        except UserError as exc:
            return BackendChoice(None, f"answering from templates only: {exc}")
    return BackendChoice(EmbeddedBackend(options))
