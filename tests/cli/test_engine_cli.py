"""The engine's commands end to end: metrics, alerts with acknowledgement, predict, report."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from aicoach.io.fit_writer import write_fit_activity
from tests.cli.test_cli import run, run_json
from tests.services.test_importing import make_run

TODAY = datetime.now(UTC).date()


@pytest.fixture
def runner_with_runs(aicoach_home: Path, tmp_path: Path) -> Path:
    """An athlete with thresholds and three runs in the last week."""
    run(
        "init", "--name", "Ada", "--sex", "female", "--hr-max-bpm", "190", "--hr-rest-bpm", "50",
        "--lthr-bpm", "165", "--threshold-pace-s-per-km", "4:45", "--birth-year", "1988",
    )  # fmt: skip
    folder = tmp_path / "runs"
    folder.mkdir()
    for days_ago in (6, 4, 2):
        start = datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time(), UTC)
        activity = make_run(start + timedelta(hours=7), seconds=1800, seed=days_ago)
        (folder / f"run-{days_ago}.fit").write_bytes(write_fit_activity(activity))
    code, _ = run("import", str(folder))
    assert code == 0
    return folder


def test_activity_metrics_are_named_with_units_and_absent_when_unknown(
    runner_with_runs: Path,
) -> None:
    shown = run_json("activities", "show", "1")
    assert isinstance(shown, dict)
    metrics = shown["metrics"]
    assert metrics["duration_s"] == pytest.approx(1799.0)
    assert 130 < metrics["hr_avg_bpm"] < 150
    assert metrics["rtss"] > 0 and metrics["hrtss"] > 0 and metrics["trimp_banister"] > 0
    for unknowable in ("np_w", "tss", "if", "power_avg_w"):  # no power stream
        assert unknowable not in metrics
    assert shown["load"] == pytest.approx(metrics["rtss"]) and shown["load_source"] == "rtss"


def test_metrics_json_daily_series_and_current(runner_with_runs: Path) -> None:
    report = run_json("metrics")
    assert isinstance(report, dict)
    daily = report["daily"]
    assert [row["date"] for row in daily][-1] == TODAY.isoformat()
    loads = {row["date"]: row["load"] for row in daily}
    assert loads[(TODAY - timedelta(days=6)).isoformat()] > 0
    assert loads[(TODAY - timedelta(days=5)).isoformat()] == 0.0
    assert report["current"]["ctl"] > 0 and report["current"]["acwr"] is None  # too short
    assert report["settings"]["load_smoothing"] == "exponential_decay"


def test_alerts_from_blood_pressure_and_red_flag_notes_then_acknowledged(
    runner_with_runs: Path,
) -> None:
    yesterday = (TODAY - timedelta(days=1)).isoformat()
    assert run("wellness", "add", "--date", yesterday, "--bp", "185/115")[0] == 0
    assert run("wellness", "add", "--note", "felt chest pain on the hill")[0] == 0
    listed = run_json("alerts")
    assert isinstance(listed, list)
    by_rule = {item["rule"]: item for item in listed}
    assert (
        by_rule["blood_pressure"]["severity"] == "urgent"
        and by_rule["blood_pressure"]["date"] == yesterday
    )
    assert "185/115" in by_rule["blood_pressure"]["message"]
    assert by_rule["red_flag_symptoms"]["severity"] == "urgent"
    alert_id = by_rule["blood_pressure"]["id"]
    acknowledged = run_json("alerts", "--ack", str(alert_id))
    assert isinstance(acknowledged, dict) and acknowledged["acknowledged"] is True
    still_open = run_json("alerts", "--open")
    assert isinstance(still_open, list) and alert_id not in [item["id"] for item in still_open]
    assert run("alerts", "--ack", "9999")[0] == 1


def test_predict_json_has_sources_and_consistent_times(runner_with_runs: Path) -> None:
    report = run_json("predict")
    assert isinstance(report, dict)
    assert 30 < report["vdot"]["value"] < 60
    daniels = {
        p["distance"]: p["time_s"]
        for p in report["predictions"]
        if p["method"].startswith("Daniels")
    }
    assert daniels["5 km"] < daniels["10 km"] < daniels["half marathon"] < daniels["marathon"]
    assert report["thresholds"]["hr_max_bpm"]["source"]
    model = report["performance_model"]  # three running days: fitted, and flagged as too few
    assert model["performance_count"] == 3 and model["insufficient"] is True
    assert any("performances" in reason for reason in model["reasons"])
    assert (
        report["training_paces_s_per_km"]["easy"]["slow"]
        > report["training_paces_s_per_km"]["threshold"]["fast"]
    )


def test_report_writes_one_self_contained_file(runner_with_runs: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code, _ = run("report", "--out", str(out), "--from", (TODAY - timedelta(days=13)).isoformat())
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert (
        'id="chart-fitness"' in page
        and 'id="chart-hrv"' in page
        and "3 activities in the period." in page
    )
    assert not list(tmp_path.glob(".*.partial"))
    assert run("report", "--from", "2026-02-01", "--to", "2026-01-01")[0] == 1


def test_json_dates_are_iso(runner_with_runs: Path) -> None:
    report = run_json("metrics", "--from", (TODAY - timedelta(days=2)).isoformat())
    assert isinstance(report, dict)
    assert [row["date"] for row in report["daily"]] == [
        (TODAY - timedelta(days=offset)).isoformat() for offset in (2, 1, 0)
    ]
    json.dumps(report)
    assert date.fromisoformat(report["current"]["date"]) == TODAY
