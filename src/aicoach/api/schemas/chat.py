"""A message to the coach, and the history of turns."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput
from aicoach.coach.pipeline import MAX_MESSAGE_CHARS


class ChatMessage(StrictInput):
    message: str = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


class ChatTurnPublic(BaseModel):
    id: int
    conversation_id: int
    created_at: datetime
    message: str
    reply: str
    language: str
    intent: str | None
    referral: bool
    facts: dict[str, Any]
