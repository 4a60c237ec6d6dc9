"""The athlete's daily series and current values, shaped for ``aicoach metrics`` and the API."""

from __future__ import annotations

import math
from dataclasses import asdict
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from aicoach.analytics.conventions import AnalyticsSettings
from aicoach.services.training_history import athlete_series
from aicoach.storage.athletes import resolve_athlete

DAILY_FIELDS = {
    "load": "load",
    "ctl": "ctl",
    "atl": "atl",
    "tsb": "tsb",
    "ramp_per_week": "ramp",
    "acwr": "acwr",
    "monotony": "monotony",
    "strain": "strain",
    "hrv_ln_rmssd": "hrv_ln",
    "hrv_ln_7d": "hrv_ln_7d",
    "hrv_band_low": "hrv_band_low",
    "hrv_band_high": "hrv_band_high",
    "resting_hr_bpm": "resting_hr_bpm",
    "rhr_baseline_bpm": "rhr_baseline",
    "sleep_h": "sleep_h",
    "sleep_debt_h": "sleep_debt_h",
}
"""JSON key -> ``AthleteSeries`` field."""


def metrics_report(
    session: Session,
    athlete_name: str | None,
    *,
    first_day: date | None = None,
    last_day: date | None = None,
    settings: AnalyticsSettings | None = None,
) -> dict[str, Any]:
    """``{"daily": [...], "current": {...}, "settings": {...}}``; missing values are null."""
    athlete = resolve_athlete(session, athlete_name)
    today = last_day or datetime.now(ZoneInfo(athlete.timezone)).date()
    chosen = settings or AnalyticsSettings()
    computed = athlete_series(session, athlete, last_day=today, settings=chosen)
    if computed is None:
        return {"daily": [], "current": {}, "settings": _settings_json(chosen)}
    inputs, series = computed
    rows = []
    for index, day in enumerate(inputs.days):
        if first_day is not None and day < first_day:
            continue
        row: dict[str, Any] = {"date": day}
        for key, name in DAILY_FIELDS.items():
            row[key] = _number(getattr(series, name)[index])
        rows.append(row)
    current = dict(rows[-1]) if rows else {}
    return {"daily": rows, "current": current, "settings": _settings_json(chosen)}


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(float(value), 4)


def _settings_json(settings: AnalyticsSettings) -> dict[str, Any]:
    return {key: getattr(value, "value", value) for key, value in asdict(settings).items()}
