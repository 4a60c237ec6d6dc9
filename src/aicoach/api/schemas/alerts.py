"""Health early-warning alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel


class AlertPublic(BaseModel):
    id: int
    date: date
    rule: str
    severity: str
    message: str
    evidence: dict[str, Any]
    acknowledged: bool
