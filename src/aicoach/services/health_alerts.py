"""Health early warnings for an athlete: build the timeline, run the rules, store the alerts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from aicoach.alerts.registry import evaluate_all
from aicoach.alerts.timeline import AthleteTimeline
from aicoach.analytics.series import AthleteSeries
from aicoach.services.training_history import DailyInputs, athlete_series
from aicoach.storage import alerts as alert_store
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import AlertRow, AthleteRow


@dataclass(frozen=True, slots=True)
class AlertView:
    id: int
    day: date
    rule: str
    severity: str
    message: str
    evidence: dict[str, Any]
    acknowledged: bool

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "date": self.day,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "evidence": self.evidence,
            "acknowledged": self.acknowledged,
        }


def build_timeline(
    inputs: DailyInputs, series: AthleteSeries, hr_max_bpm: int | None
) -> AthleteTimeline:
    """The rules' view of the athlete: measurements plus the engine's daily results."""
    settled = _after_warm_up(series.ctl.size, series.settings.ctl_days)
    return AthleteTimeline(
        first_day=inputs.first_day,
        resting_hr_bpm=series.resting_hr_bpm,
        rhr_baseline_bpm=series.rhr_baseline,
        rhr_baseline_sd_bpm=series.rhr_sd,
        hrv_ln_rmssd=series.hrv_ln,
        hrv_ln_7d=series.hrv_ln_7d,
        hrv_band_low=series.hrv_band_low,
        hrv_band_high=series.hrv_band_high,
        sleep_h=series.sleep_h,
        systolic_mmhg=inputs.systolic_mmhg,
        diastolic_mmhg=inputs.diastolic_mmhg,
        spo2_pct=inputs.spo2_pct,
        load=series.load,
        acwr=np.where(settled, series.acwr, np.nan),
        monotony=series.monotony,
        strain=series.strain,
        ctl=series.ctl,
        ctl_ramp_per_week=np.where(settled, series.ramp, np.nan),
        activity_max_hr_bpm=inputs.activity_max_hr_bpm,
        notes=inputs.notes,
        hr_max_bpm=hr_max_bpm,
    )


def _after_warm_up(day_count: int, warm_up_days: int) -> npt.NDArray[np.bool_]:
    """False for the first ``warm_up_days`` of history: CTL starts from zero, so its ramp and
    the load ratios mean nothing until about one CTL time constant of data exists."""
    return np.arange(day_count) >= warm_up_days


def refresh_alerts(
    session: Session,
    athlete: AthleteRow,
    today: date | None = None,
    computed: tuple[DailyInputs, AthleteSeries] | None = None,
) -> int:
    """Evaluate every rule over the athlete's history and store what is new; returns the count.

    ``computed`` reuses series the caller already has (they must reach ``today``).
    """
    if computed is None:
        last_day = today or datetime.now(ZoneInfo(athlete.timezone)).date()
        computed = athlete_series(session, athlete, last_day=last_day)
    if computed is None:
        return 0
    inputs, series = computed
    found = evaluate_all(build_timeline(inputs, series, athlete.hr_max_bpm))
    records = [
        alert_store.AlertRecord(
            day=alert.day,
            rule=alert.rule,
            severity=alert.severity.value,
            message=alert.message,
            evidence=_json_safe(alert.evidence),
        )
        for alert in found
    ]
    last_day = inputs.first_day + timedelta(days=inputs.load.size - 1)
    return alert_store.save_alerts(session, athlete.id, records, evaluated_through=last_day)


def list_alert_views(
    session: Session,
    athlete_name: str | None,
    *,
    since: date | None = None,
    include_acknowledged: bool = True,
    refresh: bool = True,
) -> list[AlertView]:
    athlete = resolve_athlete(session, athlete_name)
    if refresh:
        refresh_alerts(session, athlete)
    rows = alert_store.list_alerts(
        session, athlete.id, since=since, include_acknowledged=include_acknowledged
    )
    return [_view(row) for row in rows]


def acknowledge(session: Session, athlete_name: str | None, alert_id: int) -> AlertView:
    athlete = resolve_athlete(session, athlete_name)
    return _view(alert_store.acknowledge_alert(session, athlete.id, alert_id))


def _json_safe(evidence: Mapping[str, object]) -> dict[str, Any]:
    """Evidence as JSON can hold it: plain floats (NaN as null) and strings."""
    safe: dict[str, Any] = {}
    for key, value in evidence.items():
        if isinstance(value, bool | str) or value is None:
            safe[key] = value
        elif isinstance(value, int | float | np.floating | np.integer):
            safe[key] = None if math.isnan(float(value)) else float(value)
        else:
            safe[key] = str(value)
    return safe


def _view(row: AlertRow) -> AlertView:
    return AlertView(
        id=row.id,
        day=row.day,
        rule=row.rule,
        severity=row.severity,
        message=row.message,
        evidence=dict(row.evidence),
        acknowledged=row.acknowledged_at is not None,
    )
