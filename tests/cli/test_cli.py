"""The command line as a user and a script see it: output, JSON and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aicoach.cli.app import app
from aicoach.io.fit_writer import write_fit_activity
from tests.services.test_importing import make_run

runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def run_json(*args: str) -> object:
    code, out = run(*args, "--json")
    assert code == 0, out
    return json.loads(out)


def test_init_and_profile_fields_with_units(aicoach_home: Path) -> None:
    assert run("init", "--name", "Ada")[0] == 0
    code, _ = run(
        "profile", "set", "--ftp-w", "315", "--hr-max-bpm", "190", "--hr-rest-bpm", "50",
        "--lthr-bpm", "170", "--birth-year", "1985", "--sex", "female", "--mass-kg", "60",
        "--threshold-pace-s-per-km", "4:30", "--availability", "mon=45,sun=120",
        "--goal", "Half marathon@2027-03-07@1:45:00",
    )  # fmt: skip
    assert code == 0
    profile = run_json("profile", "show")
    assert isinstance(profile, dict)
    assert (
        profile["ftp_w"],
        profile["hr_max_bpm"],
        profile["hr_rest_bpm"],
        profile["lthr_bpm"],
    ) == (315, 190, 50, 170)
    assert (profile["birth_year"], profile["sex"], profile["mass_kg"]) == (1985, "female", 60.0)
    assert profile["threshold_pace_s_per_km"] == 270.0
    assert profile["weekly_availability_min"] == {"mon": 45, "sun": 120}
    assert profile["goals"] == [
        {"description": "Half marathon", "event_date": "2027-03-07", "target_time_s": 6300.0}
    ]


def test_user_errors_exit_1(aicoach_home: Path) -> None:
    assert run("profile", "show")[0] == 1  # no athlete yet
    run("init", "--name", "Ada")
    assert run("init", "--name", "ada")[0] == 1  # exists
    assert run("profile", "set", "--hr-max-bpm", "400")[0] == 1  # implausible
    assert (
        run("profile", "set", "--hr-rest-bpm", "60", "--hr-max-bpm", "55")[0] == 1
    )  # contradictory
    assert run("profile", "show", "--athlete", "Bob")[0] == 1
    assert run("activities", "show", "999")[0] == 1
    assert run("wellness", "add", "--resting-hr-bpm", "300")[0] == 1


def test_usage_errors_exit_1_through_the_real_entry_point(aicoach_home: Path) -> None:
    env = {**os.environ}
    result = subprocess.run(
        [sys.executable, "-m", "aicoach", "profile", "set", "--no-such-option"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "No such option" in result.stderr


def test_import_json_round_trip_and_duplicate(aicoach_home: Path, tmp_path: Path) -> None:
    run("init", "--name", "Ada", "--timezone", "Europe/London")
    activity = make_run(datetime(2026, 10, 4, 7, 30, tzinfo=UTC))
    fit_path = tmp_path / "run.fit"
    fit_path.write_bytes(write_fit_activity(activity))

    imported = run_json("import", str(fit_path))
    assert imported == [
        {
            "file": str(fit_path),
            "status": "imported",
            "activity_id": 1,
            "records": 1200,
            "error": None,
            "notes": [],
            "activity_ids": [1],
        }
    ]
    again = run_json("import", str(fit_path))
    assert (
        isinstance(again, list)
        and again[0]["status"] == "duplicate"
        and again[0]["activity_id"] == 1
    )

    listed = run_json("activities", "list")
    assert isinstance(listed, list) and [item["id"] for item in listed] == [1]
    assert listed[0]["local_start"] == "2026-10-04T08:30:00+01:00"

    shown = run_json("activities", "show", "1")
    assert isinstance(shown, dict)
    assert shown["streams"]["heart_rate_bpm"] == 1200 and shown["streams"]["latitude_deg"] == 1200
    assert shown["device_summary"]["total_elapsed_time"] == pytest.approx(1199.0)
    assert shown["start_time"] == "2026-10-04T07:30:00+00:00"
    with_samples = run_json("activities", "show", "1", "--samples")
    assert isinstance(with_samples, dict)
    assert (
        with_samples["samples"]["heart_rate_bpm"][:5]
        == activity.streams[next(c for c in activity.streams if c.value == "heart_rate_bpm")][
            :5
        ].tolist()
    )


def test_failed_import_exits_2_and_reports_reason(aicoach_home: Path, tmp_path: Path) -> None:
    run("init", "--name", "Ada")
    bad = tmp_path / "bad.fit"
    bad.write_bytes(b"\x0e\x10this is not a fit file at all")
    code, out = run("import", str(bad), "--json")
    assert code == 2
    (outcome,) = json.loads(out)
    assert outcome["status"] == "failed" and "bad.fit" in outcome["error"]
    code, out = run("import", str(bad))
    assert code == 2 and "failed" in out.lower()


def test_wellness_add_list_and_csv_import(aicoach_home: Path, tmp_path: Path) -> None:
    run("init", "--name", "Ada")
    code, _ = run(
        "wellness",
        "add",
        "--date",
        "2026-11-20",
        "--resting-hr-bpm",
        "52",
        "--bp",
        "185/115",
        "--note",
        "headache",
    )
    assert code == 0
    csv_path = tmp_path / "wellness.csv"
    csv_path.write_text(
        "date,resting_hr_bpm,hrv_rmssd_ms,sleep_h,systolic_mmhg,diastolic_mmhg,spo2_pct,mass_kg,mood_1_5,soreness_1_5,notes\n"
        "2026-11-21,49,68,7.5,,,97,60.2,4,2,\n"
        "2026-11-22,55,48,5.0,,,,,2,4,slept badly\n",
        encoding="utf-8",
    )
    assert run("wellness", "import", str(csv_path))[0] == 0
    entries = run_json("wellness", "list", "--days", "3650")
    assert isinstance(entries, list)
    by_day = {entry["date"]: entry for entry in entries}
    assert (
        by_day["2026-11-20"]["systolic_mmhg"] == 185 and by_day["2026-11-20"]["notes"] == "headache"
    )
    assert by_day["2026-11-21"]["hrv_ms"] == 68 and by_day["2026-11-21"]["hrv_method"] == "rmssd"
    assert (
        by_day["2026-11-22"]["sleep_duration_s"] == 5 * 3600
        and by_day["2026-11-22"]["notes"] == "slept badly"
    )


def test_demo_command_json_then_already_present(aicoach_home: Path) -> None:
    created = run_json("demo", "--days", "14")
    assert isinstance(created, dict)
    assert created["athlete"] == "Demo Athlete (synthetic)" and created["already_present"] is False
    assert created["activities"] > 5 and created["failures"] == []
    assert created["files"]["failed"] == 0 and created["files"]["duplicate"] == 1
    again = run_json("demo", "--days", "14")
    assert isinstance(again, dict) and again["already_present"] is True
    assert again["activities"] == created["activities"]
    listed = run_json("activities", "list", "--athlete", "Demo Athlete (synthetic)", "--limit", "3")
    assert isinstance(listed, list) and len(listed) == 3
    assert all(item["name"].startswith("[demo]") for item in listed)
