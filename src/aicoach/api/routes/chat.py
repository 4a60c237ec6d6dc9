"""The conversational coach: a turn streamed as Server-Sent Events, and the history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from aicoach.api.deps import AthleteInReach, DbSession, State
from aicoach.api.schemas.chat import ChatMessage, ChatTurnPublic
from aicoach.services.chat_stream import chat_events, chat_history

router = APIRouter(tags=["chat"])


@router.post(
    "/athletes/{athlete_id}/chat",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}}},
)
def chat(body: ChatMessage, athlete: AthleteInReach, state: State) -> StreamingResponse:
    """``event: token`` with ``{"text"}`` pieces as the reply is written, then ``event: done``
    with the reply JSON (facts, referral, ...), or ``event: error``. Red flags get the fixed
    stop-and-refer reply."""
    events = chat_events(state.database, state.settings, athlete.id, body.message, state.coach)
    return StreamingResponse(
        events,
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )


@router.get("/athletes/{athlete_id}/chat/history")
def history(
    athlete: AthleteInReach,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> list[ChatTurnPublic]:
    """The last ``limit`` turns, oldest first."""
    return [
        ChatTurnPublic.model_validate(turn) for turn in chat_history(session, athlete.id, limit)
    ]
