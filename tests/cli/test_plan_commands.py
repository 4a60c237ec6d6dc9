"""``aicoach plan create|show|check|adapt|export`` as a person and a script use them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import fitdecode
import icalendar
import pytest
from typer.testing import CliRunner

from aicoach.cli.app import app

runner = CliRunner()
SESSION_KEYS = {
    "date",
    "sport",
    "type",
    "intensity",
    "duration_min",
    "distance_km",
    "load",
    "steps",
}


def next_monday() -> date:
    """A Monday after today (the default time zone is UTC), so the plan lies ahead."""
    today = datetime.now(UTC).date()
    return today + timedelta(days=7 - today.weekday())


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ok(*args: str) -> str:
    code, out, err = run(*args)
    assert code == 0, out + err
    return out


def as_json(text: str) -> Any:
    return json.loads(text)


@pytest.fixture
def screened(aicoach_home: Path) -> Path:
    ok("init", "--name", "Ada")
    ok("screen", "--all-no", "--no-clearance")
    return aicoach_home


def create_10k(*extra: str) -> dict[str, Any]:
    out = ok(
        "plan", "create", "--goal", "10k", "--weeks", "10", "--start",
        next_monday().isoformat(), "--json", *extra,
    )  # fmt: skip
    data = as_json(out)
    assert isinstance(data, dict)
    return data


def test_create_prints_the_documented_json(screened: Path) -> None:
    data = create_10k()

    assert data["goal"] == "10k"
    assert data["warnings"] == []
    assert len(data["weeks"]) == 10
    for index, week in enumerate(data["weeks"], start=1):
        assert {"index", "phase", "planned_load", "sessions"} <= set(week)
        assert week["index"] == index
        assert week["phase"] in {"base", "build", "peak", "taper"}
        assert week["planned_load"] == pytest.approx(
            sum(s["load"] for s in week["sessions"]), abs=0.051
        )
        for session in week["sessions"]:
            assert set(session) >= SESSION_KEYS
            date.fromisoformat(session["date"])
            assert session["intensity"] in {"rest", "easy", "moderate", "hard"}
            assert isinstance(session["steps"], list)
    runs = [s for w in data["weeks"] for s in w["sessions"] if s["sport"] == "running"]
    assert runs and all(s["steps"] for s in runs)
    assert all(s["distance_km"] is None for s in runs)  # no pace known: no distance, not 0


def test_create_without_screening_is_light_and_says_so(aicoach_home: Path) -> None:
    ok("init", "--name", "Ada")
    data = create_10k()
    assert data["light"] is True
    assert any("aicoach screen" in w for w in data["warnings"])
    intensities = {s["intensity"] for w in data["weeks"] for s in w["sessions"]}
    assert intensities <= {"rest", "easy"}


def test_a_refused_plan_prints_an_error_object_and_exits_1(screened: Path) -> None:
    code, out, _ = run("plan", "create", "--goal", "return-to-run", "--pain", "6", "--json")
    assert code == 1
    data = as_json(out)
    assert set(data) == {"error"} and "6/10" in data["error"]
    code, _, err = run("plan", "create", "--goal", "return-to-run", "--pain", "6")
    assert code == 1 and "6/10" in err
    assert run("plan", "show")[0] == 1  # nothing was stored


def test_blood_pressure_at_the_no_exercise_level_refuses(aicoach_home: Path) -> None:
    ok("init", "--name", "Ada")
    ok("wellness", "add", "--bp", "185/112")
    ok("screen", "--all-no", "--clearance")
    code, out, _ = run("plan", "create", "--goal", "10k", "--json")
    assert code == 1
    assert "185/112" in as_json(out)["error"]


def test_show_one_week(screened: Path) -> None:
    created = create_10k()
    data = as_json(ok("plan", "show", "--week", "2", "--json"))
    assert [w["index"] for w in data["weeks"]] == [2]
    assert data["weeks"][0] == created["weeks"][1]
    assert "Week 2" in ok("plan", "show", "--week", "2")
    code, _, err = run("plan", "show", "--week", "11")
    assert code == 1 and "10 weeks" in err


def test_check_passes_for_the_stored_plan(screened: Path) -> None:
    create_10k()
    assert "passes every rule" in ok("plan", "check")
    assert as_json(ok("plan", "check", "--json")) == {"ok": True, "violations": []}


def write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_check_a_file_with_a_wrong_week_load_exits_1_naming_the_rule(
    screened: Path, tmp_path: Path
) -> None:
    data = create_10k()
    data["weeks"][2]["planned_load"] += 40
    path = write(tmp_path, data)

    code, out, _ = run("plan", "check", str(path), "--json")

    assert code == 1
    report = as_json(out)
    assert report["ok"] is False
    assert {v["rule"] for v in report["violations"]} == {"week-load-sum"}
    assert report["violations"][0]["week"] == 3
    code, out, _ = run("plan", "check", str(path))
    assert code == 1 and "[week-load-sum]" in out


def test_check_a_file_with_a_run_half_as_long_again_names_the_growth_rule(
    screened: Path, tmp_path: Path
) -> None:
    data = create_10k()
    week = data["weeks"][-3]
    longest = max(
        (s for s in week["sessions"] if s["sport"] == "running"), key=lambda s: s["duration_min"]
    )
    longest["duration_min"] = round(longest["duration_min"] * 1.5, 1)
    path = write(tmp_path, data)

    code, out, _ = run("plan", "check", str(path), "--json")

    assert code == 1
    rules = {v["rule"] for v in as_json(out)["violations"]}
    assert "single-run-growth" in rules


def test_check_a_malformed_file_exits_2(screened: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"goal": "10k", "weeks": [', encoding="utf-8")
    code, _, err = run("plan", "check", str(path))
    assert code == 2
    assert "broken.json" in err


def test_adapt_prints_compliance_and_changes_as_json(screened: Path) -> None:
    create_10k()
    data = as_json(ok("plan", "adapt", "--json"))
    assert set(data) == {"date", "compliance", "planned_min", "done_min", "changes"}
    assert data["compliance"] is None  # the plan starts next Monday
    assert data["changes"] == []
    assert "Compliance" in ok("plan", "adapt") or "nothing to compare" in ok("plan", "adapt")


def test_export_ics_md_html_and_fit(screened: Path, tmp_path: Path) -> None:
    created = create_10k()
    sessions = [s for w in created["weeks"] for s in w["sessions"]]

    ok("plan", "export", "--format", "ics", "--out", str(tmp_path / "plan.ics"))
    calendar = icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(sessions)
    first_day = min(s["date"] for s in sessions)
    assert min(e.decoded("DTSTART") for e in events).isoformat()[:10] == first_day

    ok("plan", "export", "--format", "md", "--out", str(tmp_path / "plan.md"))
    markdown = (tmp_path / "plan.md").read_text(encoding="utf-8")
    assert "10k" in markdown and "Week 1" in markdown

    ok("plan", "export", "--format", "html", "--out", str(tmp_path / "plan.html"))
    assert "<html" in (tmp_path / "plan.html").read_text(encoding="utf-8").lower()

    out = ok("plan", "export", "--format", "fit", "--out", str(tmp_path / "fit"))
    files = sorted((tmp_path / "fit").glob("*.fit"))
    assert files and out.count("wrote") == len(files)
    with fitdecode.FitReader(files[0]) as reader:
        names = {frame.name for frame in reader if isinstance(frame, fitdecode.FitDataMessage)}
    assert {"file_id", "workout", "workout_step"} <= names
