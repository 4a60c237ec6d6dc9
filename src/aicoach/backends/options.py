"""Typed options of the built-in backends; unknown keys are rejected, not ignored."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field


class StrictOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EmbeddedOptions(StrictOptions):
    model_path: Path | None = None
    """A GGUF file; ``None`` picks the installed default (see ``backends.model_store``)."""
    models_dir: Path | None = None
    """Where ``aicoach model install`` puts assembled models (``<AICOACH_HOME>/models/llm``)."""
    context_tokens: int = Field(default=2048, ge=256, le=32768)
    threads: int | None = Field(default=None, ge=1, le=256)
    seed: int = 0


class OpenAIOptions(StrictOptions):
    base_url: str = "http://127.0.0.1:11434/v1"
    api_key: str | None = None
    model: str = "qwen2.5:1.5b-instruct"
    timeout_s: float = Field(default=60.0, gt=0, le=600)
    tools: bool = True
    """Offer typed tools to the server (turned off by itself when the server refuses them)."""
    fluent: bool = True
    """Whether the server model writes free text well (a large instruct model does)."""


class ScriptedOptions(StrictOptions):
    replies: tuple[str, ...] = ()
    """Completions returned in order; the script starts again after the last one."""
    languages: frozenset[str] = frozenset({"en", "zh"})
    fluent: bool = True
    json_schema: bool = True
