"""Training plans stored as their documented JSON; one active plan per athlete."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from aicoach.storage.tables import PlanRow


def save_plan(session: Session, athlete_id: int, goal: str, document: dict[str, Any]) -> PlanRow:
    """Store a new plan and make it the active one (earlier plans are kept, inactive)."""
    session.execute(update(PlanRow).where(PlanRow.athlete_id == athlete_id).values(active=False))
    row = PlanRow(athlete_id=athlete_id, goal=goal, active=True, document=document)
    session.add(row)
    session.flush()
    return row


def active_plan(session: Session, athlete_id: int) -> PlanRow | None:
    return session.scalar(
        select(PlanRow)
        .where(PlanRow.athlete_id == athlete_id, PlanRow.active.is_(True))
        .order_by(PlanRow.id.desc())
        .limit(1)
    )


def replace_document(row: PlanRow, document: dict[str, Any]) -> None:
    row.document = document
