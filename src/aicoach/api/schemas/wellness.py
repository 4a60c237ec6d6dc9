"""Wellness entries: what the athlete types in, and what the API shows."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput

Scale = int | None


class WellnessCreate(StrictInput):
    """One day's manual values (``aicoach wellness add``); values sent replace that day's."""

    day: date | None = None
    resting_hr_bpm: float | None = None
    hrv_rmssd_ms: float | None = None
    hrv_sdnn_ms: float | None = None
    sleep_h: float | None = None
    sleep_quality_1_5: Scale = Field(default=None, ge=1, le=5)
    systolic_mmhg: int | None = None
    diastolic_mmhg: int | None = None
    spo2_pct: float | None = None
    mass_kg: float | None = None
    mood_1_5: Scale = Field(default=None, ge=1, le=5)
    soreness_1_5: Scale = Field(default=None, ge=1, le=5)
    stress_1_5: Scale = Field(default=None, ge=1, le=5)
    fatigue_1_5: Scale = Field(default=None, ge=1, le=5)
    illness: bool | None = None
    note: str | None = Field(default=None, max_length=2000)


class WellnessPublic(BaseModel):
    id: int
    date: date
    source: str
    resting_hr_bpm: float | None
    hrv_ms: float | None
    hrv_method: str | None
    sleep_h: float | None
    sleep_quality_1_5: int | None
    systolic_mmhg: int | None
    diastolic_mmhg: int | None
    spo2_pct: float | None
    mass_kg: float | None
    vo2max_ml_kg_min: float | None
    mood_1_5: int | None
    soreness_1_5: int | None
    stress_1_5: int | None
    fatigue_1_5: int | None
    illness: bool | None
    note: str | None


class WellnessSaved(BaseModel):
    outcome: str
    """inserted, updated or unchanged"""
    entry: WellnessPublic
