"""Coach conversations: each turn with the facts it used, per athlete."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.storage.tables import ConversationRow, ConversationTurnRow, utc_now

CONTINUE_WITHIN = timedelta(minutes=30)
"""``aicoach ask`` continues the athlete's last conversation when it is this recent."""


def start_conversation(session: Session, athlete_id: int, backend: str) -> ConversationRow:
    row = ConversationRow(athlete_id=athlete_id, backend=backend[:200])
    session.add(row)
    session.flush()
    return row


def recent_conversation(
    session: Session, athlete_id: int, now: datetime | None = None
) -> ConversationRow | None:
    """The athlete's conversation whose last turn is within ``CONTINUE_WITHIN`` of ``now``."""
    last = session.scalars(
        select(ConversationTurnRow)
        .where(ConversationTurnRow.athlete_id == athlete_id)
        .order_by(ConversationTurnRow.id.desc())
        .limit(1)
    ).first()
    if last is None or (now or utc_now()) - last.created_at > CONTINUE_WITHIN:
        return None
    return session.get(ConversationRow, last.conversation_id)


def add_turn(session: Session, turn: ConversationTurnRow) -> ConversationTurnRow:
    session.add(turn)
    session.flush()
    return turn


def recent_turns(
    session: Session, conversation_id: int, limit: int = 3
) -> list[ConversationTurnRow]:
    """The conversation's last ``limit`` turns, oldest first."""
    rows = session.scalars(
        select(ConversationTurnRow)
        .where(ConversationTurnRow.conversation_id == conversation_id)
        .order_by(ConversationTurnRow.id.desc())
        .limit(limit)
    ).all()
    return list(reversed(rows))


def athlete_turns(session: Session, athlete_id: int) -> list[ConversationTurnRow]:
    return list(
        session.scalars(
            select(ConversationTurnRow)
            .where(ConversationTurnRow.athlete_id == athlete_id)
            .order_by(ConversationTurnRow.id)
        )
    )
