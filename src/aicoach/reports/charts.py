"""Plotly figures for the report, one function per chart."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import plotly.graph_objects as go

from aicoach.domain.activity import FloatArray
from aicoach.reports.model import AlertMarker, MeanMaxCurve, ReportData

SEVERITY_COLOURS = {
    "info": "#6c757d",
    "caution": "#e0a800",
    "warning": "#fd7e14",
    "urgent": "#dc3545",
}
_LAYOUT = {
    "template": "plotly_white",
    "height": 360,
    "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
}


def _values(array: FloatArray) -> list[float | None]:
    """NaN becomes None so that Plotly draws a gap, not a zero."""
    return [None if np.isnan(value) else float(value) for value in array]


def fitness_fatigue_form(data: ReportData) -> go.Figure:
    figure = go.Figure()
    figure.add_bar(
        x=data.days, y=_values(data.load), name="Daily load", marker_color="#ced4da", yaxis="y2"
    )
    figure.add_scatter(x=data.days, y=_values(data.ctl), name="Fitness (CTL)", line_color="#0d6efd")
    figure.add_scatter(x=data.days, y=_values(data.atl), name="Fatigue (ATL)", line_color="#d63384")
    figure.add_scatter(x=data.days, y=_values(data.tsb), name="Form (TSB)", line_color="#198754")
    figure.update_layout(
        title="Fitness, fatigue and form",
        yaxis={"title": "load per day"},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": "daily load"},
        **_LAYOUT,
    )
    return figure


def weekly_load_and_intensity(data: ReportData) -> go.Figure:
    figure = go.Figure()
    for zone, seconds in data.weekly_intensity_s.items():
        figure.add_bar(x=data.week_starts, y=_values(seconds / 3600), name=zone)
    weekly = _weekly_sums(data.days, data.load)
    figure.add_scatter(
        x=list(weekly),
        y=list(weekly.values()),
        name="Weekly load",
        yaxis="y2",
        line_color="#212529",
    )
    figure.update_layout(
        title="Weekly load and time in heart-rate zones",
        barmode="stack",
        yaxis={"title": "hours"},
        yaxis2={"overlaying": "y", "side": "right", "showgrid": False, "title": "weekly load"},
        **_LAYOUT,
    )
    return figure


def hrv_trend(data: ReportData) -> go.Figure:
    figure = go.Figure()
    figure.add_scatter(
        x=data.days,
        y=_values(data.hrv_band_high),
        name="Normal band",
        line_width=0,
        showlegend=False,
    )
    figure.add_scatter(
        x=data.days,
        y=_values(data.hrv_band_low),
        name="Normal band",
        fill="tonexty",
        fillcolor="rgba(25,135,84,0.15)",
        line_width=0,
    )
    figure.add_scatter(
        x=data.days, y=_values(data.hrv_ln_7d), name="lnRMSSD, 7-day mean", line_color="#198754"
    )
    _add_alert_markers(figure, data.alerts, data.days, data.hrv_ln_7d)
    figure.update_layout(title="Heart-rate variability", yaxis={"title": "ln rMSSD"}, **_LAYOUT)
    return figure


def resting_hr_trend(data: ReportData) -> go.Figure:
    figure = go.Figure()
    figure.add_scatter(
        x=data.days,
        y=_values(data.resting_hr_bpm),
        name="Resting HR",
        mode="lines+markers",
        line_color="#dc3545",
    )
    figure.add_scatter(
        x=data.days,
        y=_values(data.rhr_baseline_bpm),
        name="Baseline",
        line={"dash": "dash", "color": "#6c757d"},
    )
    _add_alert_markers(figure, data.alerts, data.days, data.resting_hr_bpm)
    figure.update_layout(title="Resting heart rate", yaxis={"title": "bpm"}, **_LAYOUT)
    return figure


def mean_max_curves(curves: list[MeanMaxCurve]) -> go.Figure:
    figure = go.Figure()
    for curve in curves:
        figure.add_scatter(
            x=_values(curve.durations_s),
            y=_values(curve.values),
            name=f"{curve.label} ({curve.unit})",
        )
    figure.update_layout(
        title="Mean-maximal curves",
        xaxis={"type": "log", "title": "duration (s)"},
        yaxis={"title": "best average"},
        **_LAYOUT,
    )
    return figure


def _add_alert_markers(
    figure: go.Figure, alerts: list[AlertMarker], days: list[date], series: FloatArray
) -> None:
    index_by_day = {day: index for index, day in enumerate(days)}
    for severity, colour in SEVERITY_COLOURS.items():
        chosen = [
            alert for alert in alerts if alert.severity == severity and alert.day in index_by_day
        ]
        if not chosen:
            continue
        heights = [series[index_by_day[alert.day]] for alert in chosen]
        figure.add_scatter(
            x=[alert.day for alert in chosen],
            y=[None if np.isnan(height) else float(height) for height in heights],
            mode="markers",
            marker={"color": colour, "size": 11, "symbol": "triangle-down"},
            name=f"{severity} alert",
            text=[alert.message for alert in chosen],
            hoverinfo="text+x",
        )


def _weekly_sums(days: list[date], load: FloatArray) -> dict[date, float]:
    sums: dict[date, float] = {}
    for day, value in zip(days, load, strict=True):
        week = day - timedelta(days=day.weekday())
        if not np.isnan(value):
            sums[week] = sums.get(week, 0.0) + float(value)
    return sums
