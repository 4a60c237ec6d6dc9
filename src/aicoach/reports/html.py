"""Assemble the report into one self-contained HTML file (Plotly's script inlined once)."""

from __future__ import annotations

from html import escape

import plotly.graph_objects as go
import plotly.io
import plotly.offline

from aicoach.reports import charts
from aicoach.reports.model import ReportData
from aicoach.units import format_duration_hms

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
.synthetic { background: #fff3cd; padding: .5rem 1rem; border-radius: .3rem; }
table { border-collapse: collapse; }
td, th { padding: .3rem .8rem; border-bottom: 1px solid #dee2e6; text-align: left; }
.chart { min-height: 360px; }
"""


def render_report(data: ReportData, *, title: str, period: str, synthetic: bool = False) -> str:
    """The whole page as a string; it needs no network to display."""
    sections = [
        _figure_section("fitness", charts.fitness_fatigue_form(data)),
        _figure_section("weekly-load", charts.weekly_load_and_intensity(data)),
        _figure_section("hrv", charts.hrv_trend(data)),
        _figure_section("resting-hr", charts.resting_hr_trend(data)),
    ]
    if data.mean_max:
        sections.append(_figure_section("mean-max", charts.mean_max_curves(data.mean_max)))
    notice = (
        '<p class="synthetic">This athlete\'s data is synthetic, '
        "made to show what aicoach does.</p>"
        if synthetic
        else ""
    )
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title><style>{_STYLE}</style>",
            f'<script type="text/javascript">{plotly.offline.get_plotlyjs()}</script>',
            "</head><body>",
            f"<h1>{escape(title)}</h1><p>{escape(period)}</p>{notice}",
            _summary_section(data),
            *sections,
            _predictions_section(data),
            _alerts_section(data),
            "</body></html>",
        ]
    )


def _figure_section(identifier: str, figure: go.Figure) -> str:
    div = plotly.io.to_html(
        figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"chart-{identifier}",
        config={"responsive": True},
    )
    return f'<section class="chart">{div}</section>'


def _summary_section(data: ReportData) -> str:
    if not data.summary:
        return ""
    items = "".join(f"<li>{escape(sentence)}</li>" for sentence in data.summary)
    return f'<h2>Summary</h2><ul id="summary">{items}</ul>'


def _predictions_section(data: ReportData) -> str:
    if not data.predictions:
        return ""
    rows = "".join(
        f"<tr><td>{escape(p.distance_label)}</td><td>{format_duration_hms(p.time_s)}</td>"
        f"<td>{escape(p.method)}</td></tr>"
        for p in data.predictions
    )
    return (
        '<h2>Race predictions</h2><table id="predictions"><tr><th>Distance</th><th>Time</th>'
        f"<th>Method</th></tr>{rows}</table>"
    )


def _alerts_section(data: ReportData) -> str:
    if not data.alerts:
        return '<h2>Alerts</h2><p id="alerts">No alerts in this period.</p>'
    rows = "".join(
        f"<tr><td>{alert.day.isoformat()}</td><td>{escape(alert.severity)}</td>"
        f"<td>{escape(alert.rule)}</td><td>{escape(alert.message)}</td></tr>"
        for alert in sorted(data.alerts, key=lambda a: a.day)
    )
    return (
        '<h2>Alerts</h2><table id="alerts"><tr><th>Day</th><th>Severity</th><th>Rule</th>'
        f"<th>Message</th></tr>{rows}</table>"
    )
