"""The audit log: who read or changed whose data, written in its own transaction.

Its own transaction means a refused or failed request is still on record.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy.orm import Session

from aicoach.storage.database import Database
from aicoach.storage.server_tables import AuditEventRow


class AuditAction(StrEnum):
    READ = "read"
    CHANGE = "change"
    DENIED = "denied"
    ERASE = "erase"


def record_event(
    database: Database,
    *,
    actor_user_id: int | None,
    subject_athlete_id: int | None,
    action: AuditAction,
    resource: str,
) -> None:
    with database.sessions.begin() as session:
        add_event(
            session,
            actor_user_id=actor_user_id,
            subject_athlete_id=subject_athlete_id,
            action=action,
            resource=resource,
        )


def add_event(
    session: Session,
    *,
    actor_user_id: int | None,
    subject_athlete_id: int | None,
    action: AuditAction,
    resource: str,
) -> None:
    """The same record inside the caller's transaction (kept only if that one commits)."""
    session.add(
        AuditEventRow(
            actor_user_id=actor_user_id,
            subject_athlete_id=subject_athlete_id,
            action=action.value,
            resource=resource[:200],
        )
    )
