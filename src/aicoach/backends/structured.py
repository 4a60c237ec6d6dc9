"""Typed output from any backend: ask under a JSON schema, validate, re-ask once."""

from __future__ import annotations

import json
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from aicoach.backends.base import Backend, Message, Request, Role

T = TypeVar("T", bound=BaseModel)
MAX_ASKS = 2


def ask_typed(backend: Backend, messages: tuple[Message, ...], model: type[T]) -> T | None:
    """A validated ``model`` instance, or ``None`` when two answers in a row were invalid."""
    schema = model.model_json_schema()
    asked = messages
    for _ in range(MAX_ASKS):
        text = backend.complete(Request(asked, max_tokens=160, temperature=0.0, json_schema=schema))
        try:
            return model.model_validate(json.loads(_json_part(text.text)))
        except (ValidationError, json.JSONDecodeError, ValueError) as exc:
            problem = str(exc).splitlines()[0][:300]
            asked = (
                *messages,
                Message(Role.ASSISTANT, text.text[:1000]),
                Message(Role.USER, f"That was not valid ({problem}). Answer with JSON only."),
            )
    return None


def _json_part(text: str) -> str:
    """The outermost ``{...}`` of ``text`` (servers without a grammar may wrap it in prose)."""
    start, end = text.find("{"), text.rfind("}")
    if start == -1 or end < start:
        raise ValueError("no JSON object in the answer")
    return text[start : end + 1]
