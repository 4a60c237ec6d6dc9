"""Daily wellness and health measurements."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from enum import StrEnum


class HrvMethod(StrEnum):
    """How heart-rate variability was computed; values from different methods don't compare."""

    RMSSD = "rmssd"
    SDNN = "sdnn"


@dataclass(slots=True)
class WellnessEntry:
    """What one source said about one local day. Every measurement may be missing (``None``)."""

    day: date
    source: str = "manual"
    resting_hr_bpm: float | None = None
    hrv_ms: float | None = None
    hrv_method: HrvMethod | None = None
    sleep_duration_s: float | None = None
    sleep_quality_1_5: int | None = None
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    spo2_pct: float | None = None
    mass_kg: float | None = None
    vo2max_ml_kg_min: float | None = None
    mood_1_5: int | None = None
    soreness_1_5: int | None = None
    stress_1_5: int | None = None
    fatigue_1_5: int | None = None
    illness: bool | None = None
    notes: str | None = None

    def measurement_names(self) -> list[str]:
        """Names of the fields that hold a value, apart from the day and source."""
        return [
            f.name
            for f in fields(self)
            if f.name not in {"day", "source"} and getattr(self, f.name) is not None
        ]
