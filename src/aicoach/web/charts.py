"""Plotly figures for the pages, as JSON the page embeds; the report's charts are reused.

``reports/charts.py`` draws from a ``ReportData``; ``report_data`` builds one from the
``metrics_view`` daily rows so the pages and the offline report show the same figures.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from aicoach.domain.activity import FloatArray
from aicoach.domain.wellness import WellnessEntry
from aicoach.reports import charts
from aicoach.reports.model import AlertMarker, MeanMaxCurve, ReportData

MAX_STREAM_POINTS = 1500
"""Samples drawn per stream; longer streams are thinned by taking every n-th sample."""
STREAM_LABELS = {
    "heart_rate_bpm": "HR (bpm)",
    "power_w": "Power (W)",
    "speed_m_s": "Speed (km/h)",
    "altitude_m": "Altitude (m)",
}
_COMPACT = {"height": 320, "margin": {"l": 45, "r": 15, "t": 40, "b": 35}}


def figure_json(figure: go.Figure) -> dict[str, Any]:
    """The figure as plain JSON (data + layout) for ``Plotly.newPlot``."""
    document: dict[str, Any] = json.loads(figure.to_json())
    return document


def report_data(
    name: str, daily: Sequence[dict[str, Any]], alerts: Sequence[AlertMarker] = ()
) -> ReportData:
    """A ``ReportData`` over the ``metrics_report`` daily rows (missing values as NaN)."""

    def column(key: str) -> FloatArray:
        return np.array([np.nan if row[key] is None else row[key] for row in daily], dtype=float)

    return ReportData(
        athlete_name=name,
        days=[row["date"] for row in daily],
        load=column("load"),
        ctl=column("ctl"),
        atl=column("atl"),
        tsb=column("tsb"),
        hrv_ln_7d=column("hrv_ln_7d"),
        hrv_band_low=column("hrv_band_low"),
        hrv_band_high=column("hrv_band_high"),
        resting_hr_bpm=column("resting_hr_bpm"),
        rhr_baseline_bpm=column("rhr_baseline_bpm"),
        alerts=list(alerts),
    )


def training_charts(data: ReportData) -> dict[str, dict[str, Any]]:
    return {
        "fitness": figure_json(charts.fitness_fatigue_form(data)),
        "weekly": figure_json(charts.weekly_load_and_intensity(data)),
    }


def health_charts(data: ReportData, entries: Sequence[WellnessEntry]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    if not np.all(np.isnan(data.hrv_ln_7d)):
        found["hrv"] = figure_json(charts.hrv_trend(data))
    if not np.all(np.isnan(data.resting_hr_bpm)):
        found["rhr"] = figure_json(charts.resting_hr_trend(data))
    sleep = [(e.day, e.sleep_duration_s / 3600) for e in entries if e.sleep_duration_s]
    if sleep:
        found["sleep"] = _bars(sleep, "Sleep (h)", "#6f42c1")
    pressure = [e for e in entries if e.systolic_mmhg is not None and e.diastolic_mmhg is not None]
    if pressure:
        found["bp"] = _blood_pressure(pressure)
    spo2 = [(e.day, e.spo2_pct) for e in entries if e.spo2_pct is not None]
    if spo2:
        found["spo2"] = _line(spo2, "SpO2 (%)", "#0dcaf0", band=(95.0, 100.0))
    return found


def stream_chart(samples: dict[str, Any]) -> dict[str, Any] | None:
    """HR, power, speed and altitude against elapsed minutes, one panel each."""
    channels = [key for key in STREAM_LABELS if key in samples]
    time_s = samples.get("time_s")
    if not channels or time_s is None or len(time_s) == 0:
        return None
    step = max(1, len(time_s) // MAX_STREAM_POINTS)
    minutes = _plain(np.asarray(time_s, dtype=float)[::step] / 60)
    figure = make_subplots(rows=len(channels), cols=1, shared_xaxes=True, vertical_spacing=0.04)
    for row, key in enumerate(channels, start=1):
        values = np.asarray(samples[key], dtype=float)[::step]
        if key == "speed_m_s":
            values = values * 3.6
        figure.add_scatter(x=minutes, y=_plain(values), name=STREAM_LABELS[key], row=row, col=1)
        figure.update_yaxes(title_text=STREAM_LABELS[key], row=row, col=1)
    figure.update_xaxes(title_text="minutes", row=len(channels), col=1)
    figure.update_layout(
        template="plotly_white",
        height=170 * len(channels) + 60,
        showlegend=False,
        margin={"l": 55, "r": 15, "t": 20, "b": 40},
    )
    return figure_json(figure)


def zones_chart(zone_seconds: dict[str, float]) -> dict[str, Any]:
    names = sorted(zone_seconds)
    figure = go.Figure()
    figure.add_bar(x=names, y=[zone_seconds[n] / 60 for n in names], marker_color="#dc3545")
    figure.update_layout(template="plotly_white", yaxis={"title": "minutes"}, **_COMPACT)
    return figure_json(figure)


def mean_max_chart(curves: list[MeanMaxCurve]) -> dict[str, Any]:
    return figure_json(charts.mean_max_curves(curves))


def _bars(points: list[tuple[date, float]], label: str, colour: str) -> dict[str, Any]:
    figure = go.Figure()
    figure.add_bar(x=[p[0] for p in points], y=[p[1] for p in points], name=label)
    figure.update_traces(marker_color=colour)
    figure.update_layout(template="plotly_white", yaxis={"title": label}, **_COMPACT)
    return figure_json(figure)


def _line(
    points: list[tuple[date, float]], label: str, colour: str, band: tuple[float, float]
) -> dict[str, Any]:
    figure = go.Figure()
    figure.add_hrect(y0=band[0], y1=band[1], fillcolor="rgba(25,135,84,0.12)", line_width=0)
    figure.add_scatter(
        x=[p[0] for p in points], y=[p[1] for p in points], name=label, mode="lines+markers"
    )
    figure.update_traces(line_color=colour)
    figure.update_layout(template="plotly_white", yaxis={"title": label}, **_COMPACT)
    return figure_json(figure)


def _blood_pressure(entries: list[WellnessEntry]) -> dict[str, Any]:
    figure = go.Figure()
    days = [e.day for e in entries]
    figure.add_scatter(x=days, y=[e.systolic_mmhg for e in entries], name="systolic")
    figure.add_scatter(x=days, y=[e.diastolic_mmhg for e in entries], name="diastolic")
    for level, colour in ((160, "#fd7e14"), (180, "#dc3545")):
        figure.add_hline(y=level, line_dash="dot", line_color=colour)
    figure.update_layout(template="plotly_white", yaxis={"title": "mmHg"}, **_COMPACT)
    return figure_json(figure)


def _plain(values: FloatArray) -> list[float | None]:
    return [None if np.isnan(v) else round(float(v), 3) for v in values]
