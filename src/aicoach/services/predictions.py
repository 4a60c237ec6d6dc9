"""Race predictions and thresholds from the athlete's own recent data, each with its source."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from aicoach.analytics.best_efforts import fastest_time_for_distance_s
from aicoach.analytics.critical_power import eftp_from_model_w, fit_cp_2_parameter
from aicoach.analytics.impulse_response import (
    MIN_PERFORMANCES_FOR_FIT,
    fit_banister,
    forecast_performance,
)
from aicoach.analytics.race_prediction import (
    race_time_for_vdot_s,
    riegel_time_s,
    training_paces,
    vo2max_estimate,
)
from aicoach.analytics.series import AthleteSeries
from aicoach.analytics.thresholds import (
    estimate_ftp_w,
    estimate_hr_max_bpm,
    estimate_lthr_bpm,
    estimate_threshold_pace_s_per_km,
    mean_max_curve,
)
from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.errors import DataError
from aicoach.services.training_history import DailyInputs, athlete_series
from aicoach.storage import activities as activity_store
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import AthleteRow

LOOKBACK_DAYS = 90
"""Fitness changes: predictions use the last 90 days of training."""
RACE_DISTANCES_M = {"5 km": 5000.0, "10 km": 10000.0, "half marathon": 21097.5, "marathon": 42195.0}
EFFORT_DISTANCES_M = (3000.0, 5000.0, 10000.0, 21097.5)
FORECAST_DAYS = 14


@dataclass(slots=True)
class PredictionReport:
    vdot: dict[str, Any] | None = None
    predictions: list[dict[str, Any]] = field(default_factory=list)
    training_paces_s_per_km: dict[str, dict[str, float]] = field(default_factory=dict)
    thresholds: dict[str, dict[str, Any]] = field(default_factory=dict)
    critical_power: dict[str, Any] | None = None
    performance_model: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "vdot": self.vdot,
            "predictions": self.predictions,
            "training_paces_s_per_km": self.training_paces_s_per_km,
            "thresholds": self.thresholds,
            "critical_power": self.critical_power,
            "performance_model": self.performance_model,
            "notes": self.notes,
        }


def predict(
    session: Session,
    athlete_name: str | None,
    *,
    now: datetime | None = None,
    computed: tuple[DailyInputs, AthleteSeries] | None = None,
) -> PredictionReport:
    """``computed`` reuses daily series the caller already has (they must reach today)."""
    athlete = resolve_athlete(session, athlete_name)
    since = (now or datetime.now(UTC)) - timedelta(days=LOOKBACK_DAYS)
    recent = [
        activity_store.read_activity(row)
        for row in activity_store.list_activities(session, athlete.id, since=since)
    ]
    report = PredictionReport()
    runs = [activity for activity in recent if activity.sport is Sport.RUNNING]
    _running_predictions(report, runs)
    _thresholds(report, athlete, recent, runs)
    _performance_model(session, report, athlete, computed)
    return report


def _running_predictions(report: PredictionReport, runs: list[Activity]) -> None:
    efforts = list(_best_efforts(runs))
    best = vo2max_estimate(efforts)
    if best is None:
        report.notes.append("no run of 3 km or more in the last 90 days: no race prediction")
        return
    report.vdot = {
        "value": round(best.vdot, 1),
        "from_distance_m": best.distance_m,
        "from_time_s": round(best.time_s, 1),
        "source": "Daniels & Gilbert VDOT from the best effort of the last 90 days",
    }
    for label, distance_m in RACE_DISTANCES_M.items():
        report.predictions.append(
            {
                "distance": label,
                "distance_m": distance_m,
                "time_s": round(race_time_for_vdot_s(best.vdot, distance_m), 1),
                "method": f"Daniels VDOT {best.vdot:.1f}",
            }
        )
        report.predictions.append(
            {
                "distance": label,
                "distance_m": distance_m,
                "time_s": round(riegel_time_s(best.time_s, best.distance_m, distance_m), 1),
                "method": f"Riegel (exponent 1.06) from {best.distance_m / 1000:g} km",
            }
        )
    report.training_paces_s_per_km = {
        intensity.value: {
            "slow": round(pace.slow_s_per_km, 1),
            "fast": round(pace.fast_s_per_km, 1),
        }
        for intensity, pace in training_paces(best.vdot).items()
    }
    report.notes.append(
        "training runs are not races: predictions from them are conservative until a race or "
        "time trial is recorded"
    )


def _best_efforts(runs: list[Activity]) -> list[tuple[float, float]]:
    efforts = []
    for run in runs:
        time_s = run.streams.get(StreamChannel.TIME_S)
        distance_m = run.streams.get(StreamChannel.DISTANCE_M)
        if time_s is None or distance_m is None:
            continue
        for target_m in EFFORT_DISTANCES_M:
            best_s = fastest_time_for_distance_s(time_s, distance_m, target_m)
            if best_s is not None:
                efforts.append((target_m, best_s))
    return efforts


def _thresholds(
    report: PredictionReport, athlete: AthleteRow, recent: list[Activity], runs: list[Activity]
) -> None:
    age = datetime.now(UTC).year - athlete.birth_year if athlete.birth_year else None
    hr_max = estimate_hr_max_bpm(recent, age)
    if hr_max is not None:
        report.thresholds["hr_max_bpm"] = _estimate(
            hr_max.hr_bpm, hr_max.source, hr_max.method, athlete.hr_max_bpm
        )
    lthr = estimate_lthr_bpm(recent, athlete.hr_max_bpm or (hr_max.hr_bpm if hr_max else None))
    if lthr is not None:
        report.thresholds["lthr_bpm"] = _estimate(
            lthr.hr_bpm, lthr.source, lthr.method, athlete.lthr_bpm
        )
    rides = [activity for activity in recent if StreamChannel.POWER_W in activity.streams]
    durations_s, power_w = mean_max_curve(rides, StreamChannel.POWER_W)
    ftp = estimate_ftp_w(durations_s, power_w) if durations_s.size else None
    if ftp is not None:
        report.thresholds["ftp_w"] = _estimate(ftp.power_w, ftp.source, ftp.method, athlete.ftp_w)
    try:
        fit = fit_cp_2_parameter(durations_s, power_w) if durations_s.size else None
    except DataError as exc:
        report.notes.append(f"critical power not fitted: {exc.message}")
        fit = None
    if fit is not None:
        report.critical_power = {
            "cp_w": round(fit.cp_w, 1),
            "w_prime_j": round(fit.w_prime_j),
            "r_squared": round(fit.r_squared, 4),
            "eftp_w": round(eftp_from_model_w(fit), 1),
            "model": "2-parameter (Monod & Scherrer 1965), efforts of 2-20 min",
        }
    pace = estimate_threshold_pace_s_per_km(runs)
    if pace is not None:
        report.thresholds["threshold_pace_s_per_km"] = _estimate(
            pace.pace_s_per_km, pace.source, pace.method, athlete.threshold_pace_s_per_km
        )


def _estimate(
    value: float, source: object, method: str, profile_value: float | None
) -> dict[str, Any]:
    return {
        "value": round(value, 1),
        "source": str(source),
        "method": method,
        "profile_value": profile_value,
    }


def _performance_model(
    session: Session,
    report: PredictionReport,
    athlete: AthleteRow,
    computed: tuple[DailyInputs, AthleteSeries] | None,
) -> None:
    """Banister's impulse-response model fitted to each running day's best VDOT.

    The fit's quality is reported as it is (R², RMSE, leave-one-out error, and the reasons
    it is not to be trusted); the forecast compares keeping the last 28 days' average load
    for two weeks with halving it (a taper).
    """
    if computed is None:
        today = datetime.now(ZoneInfo(athlete.timezone)).date()
        computed = athlete_series(session, athlete, last_day=today)
    if computed is None:
        return
    inputs, _ = computed
    zone = ZoneInfo(athlete.timezone)
    best_by_day: dict[int, float] = {}
    for row in activity_store.list_activities(session, athlete.id):
        if row.sport != Sport.RUNNING.value:
            continue
        estimate = vo2max_estimate(_best_efforts([activity_store.read_activity(row)]))
        if estimate is None:
            continue
        index = (row.start_time.astimezone(zone).date() - inputs.first_day).days
        if 0 <= index < inputs.load.size:
            best_by_day[index] = max(best_by_day.get(index, 0.0), estimate.vdot)
    if len(best_by_day) < MIN_PERFORMANCES_FOR_FIT:
        report.notes.append(
            f"performance model needs at least {MIN_PERFORMANCES_FOR_FIT} running days with a "
            f"3 km effort; found {len(best_by_day)}"
        )
        return
    days = sorted(best_by_day)
    fit = fit_banister(inputs.load, days, [best_by_day[day] for day in days])
    recent_load = float(np.mean(inputs.load[-28:]))
    steady = forecast_performance(fit.parameters, inputs.load, np.full(FORECAST_DAYS, recent_load))
    taper = forecast_performance(
        fit.parameters, inputs.load, np.full(FORECAST_DAYS, recent_load / 2)
    )
    report.performance_model = {
        "model": "Banister impulse-response (fitness - fatigue), fitted to daily best VDOT",
        "unit": "VDOT",
        "parameters": asdict(fit.parameters),
        "performance_count": fit.performance_count,
        "r_squared": fit.r_squared,
        "rmse": fit.rmse,
        "loo_rmse": fit.loo_rmse,
        "insufficient": fit.insufficient,
        "reasons": list(fit.reasons),
        "forecast_in_14_days": {
            "keep_recent_load": round(float(steady[-1]), 2),
            "halve_load": round(float(taper[-1]), 2),
        },
    }
