"""Alert rows: stored once per athlete, rule and day; acknowledged by the athlete."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.errors import NotFoundError
from aicoach.storage.tables import AlertRow


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """What the storage needs of an alert, whatever computed it."""

    day: date
    rule: str
    severity: str
    message: str
    evidence: dict[str, Any]


def save_alerts(
    session: Session, athlete_id: int, alerts: list[AlertRecord], *, evaluated_through: date
) -> int:
    """Make the stored alerts match a fresh evaluation of the history up to ``evaluated_through``.

    New alerts are inserted, unacknowledged ones refreshed, and unacknowledged ones up to that
    day that the rules no longer raise (after a profile change or a corrected import) removed;
    acknowledged alerts stay as the athlete saw them. Returns how many are new.
    """
    existing = {
        (row.day, row.rule): row
        for row in session.scalars(select(AlertRow).where(AlertRow.athlete_id == athlete_id))
    }
    new_count = 0
    for alert in alerts:
        row = existing.get((alert.day, alert.rule))
        if row is None:
            session.add(
                AlertRow(
                    athlete_id=athlete_id,
                    day=alert.day,
                    rule=alert.rule,
                    severity=alert.severity,
                    message=alert.message,
                    evidence=alert.evidence,
                )
            )
            new_count += 1
        elif row.acknowledged_at is None:
            row.severity, row.message, row.evidence = alert.severity, alert.message, alert.evidence
    current = {(alert.day, alert.rule) for alert in alerts}
    for key, row in existing.items():
        day, _ = key
        if day <= evaluated_through and key not in current and row.acknowledged_at is None:
            session.delete(row)
    session.flush()
    return new_count


def list_alerts(
    session: Session,
    athlete_id: int,
    *,
    since: date | None = None,
    include_acknowledged: bool = True,
) -> list[AlertRow]:
    """Newest day first."""
    statement = select(AlertRow).where(AlertRow.athlete_id == athlete_id)
    if since is not None:
        statement = statement.where(AlertRow.day >= since)
    if not include_acknowledged:
        statement = statement.where(AlertRow.acknowledged_at.is_(None))
    return list(session.scalars(statement.order_by(AlertRow.day.desc(), AlertRow.id)))


def acknowledge_alert(session: Session, athlete_id: int, alert_id: int) -> AlertRow:
    row = session.scalars(
        select(AlertRow).where(AlertRow.id == alert_id, AlertRow.athlete_id == athlete_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no alert with id {alert_id}", kind="alert", identifier=str(alert_id))
    if row.acknowledged_at is None:
        row.acknowledged_at = datetime.now(UTC)
    return row
