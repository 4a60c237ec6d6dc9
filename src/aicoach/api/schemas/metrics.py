"""Daily training-load and wellness series, weekly totals, and predictions."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel


class DailyMetricsPublic(BaseModel):
    """One day as ``aicoach metrics --json`` gives it; null where not known."""

    date: date
    load: float | None
    ctl: float | None
    atl: float | None
    tsb: float | None
    ramp_per_week: float | None
    acwr: float | None
    monotony: float | None
    strain: float | None
    hrv_ln_rmssd: float | None
    hrv_ln_7d: float | None
    hrv_band_low: float | None
    hrv_band_high: float | None
    resting_hr_bpm: float | None
    rhr_baseline_bpm: float | None
    sleep_h: float | None
    sleep_debt_h: float | None


class MetricsPublic(BaseModel):
    daily: list[DailyMetricsPublic]
    current: DailyMetricsPublic | None
    settings: dict[str, Any]


class SportWeekPublic(BaseModel):
    load: float
    minutes: float
    distance_m: float
    count: int


class WeekPublic(BaseModel):
    week_start: date
    load: float
    minutes: float
    distance_m: float
    count: int
    by_sport: dict[str, SportWeekPublic]


class PredictionsPublic(BaseModel):
    """``aicoach predict --json``: each number with the method and data it came from."""

    vdot: dict[str, Any] | None
    predictions: list[dict[str, Any]]
    training_paces_s_per_km: dict[str, dict[str, float]]
    thresholds: dict[str, dict[str, Any]]
    critical_power: dict[str, Any] | None
    performance_model: dict[str, Any] | None
    notes: list[str]
