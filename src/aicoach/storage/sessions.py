"""Manual session rows (logged by hand or from a sessions CSV)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.domain.activity import Sport
from aicoach.domain.session import ManualSession
from aicoach.storage.tables import ManualSessionRow


def add_manual_session(session: Session, athlete_id: int, manual: ManualSession) -> bool:
    """Store the session; ``False`` when the same day, sport and duration is already there."""
    existing = session.scalars(
        select(ManualSessionRow.id).where(
            ManualSessionRow.athlete_id == athlete_id,
            ManualSessionRow.day == manual.day,
            ManualSessionRow.sport == manual.sport.value,
            ManualSessionRow.duration_s == manual.duration_s,
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        ManualSessionRow(
            athlete_id=athlete_id,
            day=manual.day,
            sport=manual.sport.value,
            duration_s=manual.duration_s,
            rpe_0_10=manual.rpe_0_10,
            distance_m=manual.distance_m,
            notes=manual.notes,
            source=manual.source,
        )
    )
    session.flush()
    return True


def list_manual_sessions(
    session: Session, athlete_id: int, *, since: date | None = None
) -> list[ManualSession]:
    statement = select(ManualSessionRow).where(ManualSessionRow.athlete_id == athlete_id)
    if since is not None:
        statement = statement.where(ManualSessionRow.day >= since)
    rows = session.scalars(statement.order_by(ManualSessionRow.day))
    return [
        ManualSession(
            day=row.day,
            sport=Sport(row.sport),
            duration_s=row.duration_s,
            rpe_0_10=row.rpe_0_10,
            distance_m=row.distance_m,
            notes=row.notes,
            source=row.source,
        )
        for row in rows
    ]
