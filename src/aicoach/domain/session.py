"""Manual training sessions, logged without a device file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from aicoach.domain.activity import Sport


@dataclass(frozen=True, slots=True)
class ManualSession:
    """A session the athlete logged by hand, with its session-RPE (Foster's CR-10 scale)."""

    day: date
    sport: Sport
    duration_s: float
    rpe_0_10: float
    distance_m: float | None = None
    notes: str | None = None
    source: str = "manual"
