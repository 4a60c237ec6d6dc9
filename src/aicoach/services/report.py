"""The visual report: the engine's facts for a period, drawn by ``reports`` into one HTML file."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy.orm import Session

from aicoach.analytics.series import AthleteSeries
from aicoach.analytics.thresholds import mean_max_curve
from aicoach.domain.activity import FloatArray, Sport, StreamChannel
from aicoach.errors import UserError
from aicoach.reports.html import render_report
from aicoach.reports.model import AlertMarker, MeanMaxCurve, RacePrediction, ReportData
from aicoach.services.demo_data import DEMO_ATHLETE_NAME
from aicoach.services.health_alerts import list_alert_views, refresh_alerts
from aicoach.services.predictions import predict
from aicoach.services.training_history import DailyInputs, athlete_series
from aicoach.storage import activities as activity_store
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.tables import ActivityRow

DEFAULT_PERIOD_DAYS = 90
MAX_PERIOD_DAYS = 3660
"""Ten years: a longer span is refused rather than computed day by day."""


def build_report_html(
    session: Session, athlete_name: str | None, *, first_day: date | None, last_day: date | None
) -> str:
    athlete = resolve_athlete(session, athlete_name)
    zone = ZoneInfo(athlete.timezone)
    last = last_day or datetime.now(zone).date()
    first = first_day or last - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if first > last:
        raise UserError(f"the report starts ({first}) after it ends ({last})")
    if (last - first).days >= MAX_PERIOD_DAYS:
        raise UserError(f"a report covers at most ten years; {first} to {last} is longer")
    computed = athlete_series(session, athlete, last_day=last)
    refresh_alerts(session, athlete, computed=computed)
    alerts = list_alert_views(session, athlete.name, since=first, refresh=False)
    rows = activity_store.list_activities(
        session,
        athlete.id,
        since=datetime.combine(first, time.min, tzinfo=zone),
        until=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    )
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    window = _series_window(computed[1] if computed else None, days)
    data = ReportData(
        athlete_name=athlete.name,
        days=days,
        load=window["load"],
        ctl=window["ctl"],
        atl=window["atl"],
        tsb=window["tsb"],
        hrv_ln_7d=window["hrv_ln_7d"],
        hrv_band_low=window["hrv_band_low"],
        hrv_band_high=window["hrv_band_high"],
        resting_hr_bpm=window["resting_hr_bpm"],
        rhr_baseline_bpm=window["rhr_baseline_bpm"],
        alerts=[AlertMarker(a.day, a.rule, a.severity, a.message) for a in alerts if a.day <= last],
        mean_max=_mean_max(rows),
        predictions=_predictions(session, athlete.name, None if last_day else computed),
    )
    data.week_starts, data.weekly_intensity_s = _weekly_zones(rows, zone, first)
    data.summary = _summary(data, len(rows))
    return render_report(
        data,
        title=f"aicoach report: {athlete.name}",
        period=f"{first.isoformat()} to {last.isoformat()}",
        synthetic=athlete.name == DEMO_ATHLETE_NAME,
    )


def _series_window(series: AthleteSeries | None, days: list[date]) -> dict[str, FloatArray]:
    names = {
        "load": "load",
        "ctl": "ctl",
        "atl": "atl",
        "tsb": "tsb",
        "hrv_ln_7d": "hrv_ln_7d",
        "hrv_band_low": "hrv_band_low",
        "hrv_band_high": "hrv_band_high",
        "resting_hr_bpm": "resting_hr_bpm",
        "rhr_baseline_bpm": "rhr_baseline",
    }
    window: dict[str, FloatArray] = {}
    for key, name in names.items():
        values = np.full(len(days), np.nan)
        if series is not None:
            source = getattr(series, name)
            for index, day in enumerate(days):
                offset = (day - series.start).days
                if 0 <= offset < source.size:
                    values[index] = source[offset]
        window[key] = values
    return window


def _weekly_zones(
    rows: list[ActivityRow], zone: ZoneInfo, first: date
) -> tuple[list[date], dict[str, FloatArray]]:
    """Seconds per heart-rate zone per week (weeks start on Monday)."""
    per_week: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in rows:
        zones = row.metrics.get("hr_zone_time_s")
        if not isinstance(zones, dict):
            continue
        day = row.start_time.astimezone(zone).date()
        week = day - timedelta(days=day.weekday())
        for name, seconds in zones.items():
            per_week[week][str(name)] += float(seconds)
    start = first - timedelta(days=first.weekday())
    weeks = sorted({start, *per_week})
    names = sorted({name for totals in per_week.values() for name in totals})
    return weeks, {name: np.array([per_week[w].get(name, 0.0) for w in weeks]) for name in names}


def _mean_max(rows: list[ActivityRow]) -> list[MeanMaxCurve]:
    activities = [activity_store.read_activity(row) for row in rows]
    curves = []
    rides = [a for a in activities if StreamChannel.POWER_W in a.streams]
    durations, power = mean_max_curve(rides, StreamChannel.POWER_W)
    if durations.size:
        curves.append(MeanMaxCurve("Power", durations, power, "W"))
    runs = [a for a in activities if a.sport is Sport.RUNNING]
    durations, hr = mean_max_curve(runs, StreamChannel.HEART_RATE_BPM)
    if durations.size:
        curves.append(MeanMaxCurve("Running heart rate", durations, hr, "bpm"))
    return curves


def _predictions(
    session: Session, athlete_name: str, computed: tuple[DailyInputs, AthleteSeries] | None
) -> list[RacePrediction]:
    """Race predictions; ``computed`` (series up to today) is reused for the performance model."""
    report = predict(session, athlete_name, computed=computed)
    return [
        RacePrediction(item["distance"], float(item["time_s"]), str(item["method"]))
        for item in report.predictions
        if str(item["method"]).startswith("Daniels")
    ]


def _summary(data: ReportData, activity_count: int) -> list[str]:
    sentences = [f"{activity_count} activities in the period."]
    ctl = data.ctl[~np.isnan(data.ctl)]
    if ctl.size:
        sentences.append(f"Fitness (CTL) went from {ctl[0]:.0f} to {ctl[-1]:.0f}.")
    tsb = data.tsb[~np.isnan(data.tsb)]
    if tsb.size:
        sentences.append(f"Form (TSB) on the last day: {tsb[-1]:+.0f}.")
    last_week = data.load[-7:]
    sentences.append(f"Load over the last 7 days: {np.nansum(last_week):.0f}.")
    by_severity: dict[str, int] = defaultdict(int)
    for alert in data.alerts:
        by_severity[alert.severity] += 1
    if by_severity:
        counts = ", ".join(f"{count} {severity}" for severity, count in sorted(by_severity.items()))
        sentences.append(f"Alerts in the period: {counts}.")
    else:
        sentences.append("No health alerts in the period.")
    return sentences
