"""The coach over HTTP: one turn as Server-Sent Events, and the conversation history.

A turn runs in its own transaction, opened when the response starts streaming and committed
after the last piece, so the reply is remembered exactly when it was delivered whole. Events:
``token`` (``{"text": piece}``) for each piece as it is written, then ``done`` with the reply
JSON (reply, language, referral, intent, facts, timings, backend), or ``error`` with a detail
when the turn fails. Red-flag messages get the fixed stop-and-refer reply from the pipeline.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.backends.base import Backend
from aicoach.coach.pipeline import Coach
from aicoach.coach.setup import choose_backend
from aicoach.errors import AicoachError
from aicoach.notes.loader import load_note_classifier
from aicoach.notes.reading import NoteClassifier
from aicoach.settings import Settings
from aicoach.storage.database import Database
from aicoach.storage.tables import AthleteRow, ConversationTurnRow

logger = logging.getLogger(__name__)


class CoachResources:
    """The coach's language model and note classifier, loaded once per server process.

    Loading a model takes seconds, so it is not repeated per message; turns take the model one
    at a time (the embedded runtime is not safe to share between threads).
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._load_lock = threading.Lock()
        self._loaded: tuple[Backend | None, NoteClassifier] | None = None
        self.turn_lock = threading.Lock()

    def get(self) -> tuple[Backend | None, NoteClassifier]:
        with self._load_lock:
            if self._loaded is None:
                backend = choose_backend(self._settings).backend
                self._loaded = (backend, load_note_classifier(self._settings))
            return self._loaded


def sse_event(event: str, data: object) -> bytes:
    """One Server-Sent Event; ``data`` as one line of JSON."""
    payload = json.dumps(data, ensure_ascii=False, default=str)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def chat_events(
    database: Database,
    settings: Settings,
    athlete_id: int,
    message: str,
    resources: CoachResources,
) -> Iterator[bytes]:
    """Run one turn for the athlete and yield its events (see the module notes).

    ``resources`` holds the configured model and note classifier (see ``CoachResources``).
    """
    try:
        model, classifier = resources.get()
        with resources.turn_lock, database.sessions.begin() as session:
            athlete = session.get_one(AthleteRow, athlete_id)
            coach = Coach(session, settings, model, classifier, athlete.name)
            turn = coach.turn(message)
            for piece in turn:
                yield sse_event("token", {"text": piece})
            assert turn.result is not None
            done = turn.result.as_json()
        yield sse_event("done", done)
    except AicoachError as exc:
        yield sse_event("error", {"detail": str(exc), "error": type(exc).__name__})
    except Exception:
        logger.exception("chat turn failed for athlete %s", athlete_id)
        yield sse_event("error", {"detail": "the coach could not answer; try again"})


def chat_history(session: Session, athlete_id: int, limit: int) -> list[dict[str, Any]]:
    """The athlete's last ``limit`` turns, oldest first."""
    rows = session.scalars(
        select(ConversationTurnRow)
        .where(ConversationTurnRow.athlete_id == athlete_id)
        .order_by(ConversationTurnRow.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "id": row.id,
            "conversation_id": row.conversation_id,
            "created_at": row.created_at,
            "message": row.message,
            "reply": row.reply,
            "language": row.language,
            "intent": row.intent,
            "referral": row.referral,
            "facts": row.facts,
        }
        for row in reversed(rows)
    ]
