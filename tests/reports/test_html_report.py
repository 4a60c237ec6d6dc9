"""The HTML report renders in a real browser, offline, with every chart drawn."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from aicoach.reports.html import render_report
from aicoach.reports.model import AlertMarker, MeanMaxCurve, RacePrediction, ReportData
from tests.reports.chromium import rendered_dom


def _report_data() -> ReportData:
    rng = np.random.default_rng(5)
    n = 70
    days = [date(2026, 9, 1) + timedelta(days=i) for i in range(n)]
    load = np.where(rng.random(n) < 0.3, 0.0, rng.uniform(40, 120, n))
    ctl = np.cumsum(load) / np.arange(1, n + 1)
    hrv = 4.2 + 0.1 * np.sin(np.arange(n) / 5)
    hrv[10:13] = np.nan
    return ReportData(
        athlete_name="Ada <script>alert(1)</script>",
        days=days,
        load=load,
        ctl=ctl,
        atl=ctl * 1.2,
        tsb=-ctl * 0.2,
        hrv_ln_7d=hrv,
        hrv_band_low=np.full(n, 4.1),
        hrv_band_high=np.full(n, 4.3),
        resting_hr_bpm=48 + rng.normal(0, 1.5, n),
        rhr_baseline_bpm=np.full(n, 48.0),
        weekly_intensity_s={
            "Z1-Z2": np.array([14000.0, 16000.0]),
            "Z3+": np.array([2000.0, 3500.0]),
        },
        week_starts=[date(2026, 8, 31), date(2026, 9, 7)],
        alerts=[
            AlertMarker(days[40], "resting_hr_elevated", "warning", "Resting HR 57 bpm is 9 above")
        ],
        mean_max=[
            MeanMaxCurve(
                "Power", np.array([5.0, 60, 300, 1200]), np.array([900.0, 400, 300, 260]), "W"
            )
        ],
        predictions=[RacePrediction("10 km", 2590.0, "Daniels VDOT 50.1")],
        summary=["Fitness (CTL) rose from 20 to 45 over the period."],
    )


def test_report_is_self_contained_and_escapes_text() -> None:
    page = render_report(_report_data(), title="Ada <script>", period="2026-09-01 to 2026-11-09")
    assert "<script src=" not in page and "<link" not in page  # nothing fetched from a network
    assert "<script>alert(1)</script>" not in page
    assert "Ada &lt;script&gt;" in page
    assert page.count('class="plotly-graph-div"') == 5


def test_report_charts_draw_in_headless_chromium(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report(_report_data(), title="Report", period="test"), encoding="utf-8")
    dom = rendered_dom(page, tmp_path / "chromium-profile")
    for chart in ("fitness", "weekly-load", "hrv", "resting-hr", "mean-max"):
        assert f'id="chart-{chart}"' in dom
    assert dom.count('class="main-svg"') >= 5  # Plotly ran and drew an SVG per chart
    assert "Daniels VDOT 50.1" in dom and "0:43:10" in dom
