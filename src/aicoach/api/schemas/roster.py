"""The coach's roster as the API shows it."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class RosterAlertPublic(BaseModel):
    date: date
    severity: str
    rule: str
    message: str


class RosterEntryPublic(BaseModel):
    """Missing values are null: no training data, no plan, or a ratio still warming up."""

    athlete_id: int
    name: str
    open_alerts: list[RosterAlertPublic]
    ctl: float | None
    atl: float | None
    tsb: float | None
    acwr: float | None
    load_7d: float | None
    minutes_7d: float | None
    compliance_pct_28d: float | None
    last_activity_at: datetime | None
