"""The facts a report shows, computed elsewhere; the report only draws them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from aicoach.domain.activity import FloatArray


@dataclass(frozen=True, slots=True)
class AlertMarker:
    day: date
    rule: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class MeanMaxCurve:
    label: str
    """e.g. "Power, last 90 days"."""
    durations_s: FloatArray
    values: FloatArray
    unit: str


@dataclass(frozen=True, slots=True)
class RacePrediction:
    distance_label: str
    time_s: float
    method: str


@dataclass(slots=True)
class ReportData:
    """Daily arrays share ``days``; missing values are NaN and draw as gaps."""

    athlete_name: str
    days: list[date]
    load: FloatArray
    ctl: FloatArray
    atl: FloatArray
    tsb: FloatArray
    hrv_ln_7d: FloatArray
    hrv_band_low: FloatArray
    hrv_band_high: FloatArray
    resting_hr_bpm: FloatArray
    rhr_baseline_bpm: FloatArray
    weekly_intensity_s: dict[str, FloatArray] = field(default_factory=dict)
    """Zone name -> seconds per week, aligned with ``week_starts``."""
    week_starts: list[date] = field(default_factory=list)
    alerts: list[AlertMarker] = field(default_factory=list)
    mean_max: list[MeanMaxCurve] = field(default_factory=list)
    predictions: list[RacePrediction] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    """Short plain sentences, each carrying its numbers."""
