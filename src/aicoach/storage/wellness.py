"""Wellness rows: one per athlete, local day and source, merged field by field."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.domain.wellness import HrvMethod, WellnessEntry
from aicoach.storage.tables import WellnessRow

UpsertOutcome = Literal["inserted", "updated", "unchanged"]

_MEASUREMENT_FIELDS = tuple(
    f.name for f in fields(WellnessEntry) if f.name not in {"day", "source"}
)


def upsert_wellness(session: Session, athlete_id: int, entry: WellnessEntry) -> UpsertOutcome:
    """Store ``entry``; values it has replace stored ones, values it lacks leave them alone."""
    row = session.scalars(
        select(WellnessRow).where(
            WellnessRow.athlete_id == athlete_id,
            WellnessRow.day == entry.day,
            WellnessRow.source == entry.source,
        )
    ).first()
    if row is None:
        row = WellnessRow(athlete_id=athlete_id, day=entry.day, source=entry.source)
        _copy_values(entry, row)
        session.add(row)
        session.flush()
        return "inserted"
    return "updated" if _copy_values(entry, row) else "unchanged"


def list_wellness(
    session: Session, athlete_id: int, *, since: date | None = None, until: date | None = None
) -> list[WellnessEntry]:
    """Oldest first, one entry per day and source."""
    statement = select(WellnessRow).where(WellnessRow.athlete_id == athlete_id)
    if since is not None:
        statement = statement.where(WellnessRow.day >= since)
    if until is not None:
        statement = statement.where(WellnessRow.day <= until)
    statement = statement.order_by(WellnessRow.day, WellnessRow.source)
    return [read_wellness(row) for row in session.scalars(statement)]


def read_wellness(row: WellnessRow) -> WellnessEntry:
    values = {name: getattr(row, name) for name in _MEASUREMENT_FIELDS}
    values["hrv_method"] = HrvMethod(row.hrv_method) if row.hrv_method else None
    return WellnessEntry(day=row.day, source=row.source, **values)


def _copy_values(entry: WellnessEntry, row: WellnessRow) -> bool:
    changed = False
    for name in _MEASUREMENT_FIELDS:
        value = getattr(entry, name)
        if isinstance(value, HrvMethod):
            value = value.value
        if value is not None and getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed
