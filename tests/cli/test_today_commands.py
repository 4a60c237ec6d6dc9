"""``aicoach today``, ``feedback`` and ``preferences`` as a person and a script use them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aicoach.cli.app import app

runner = CliRunner()
KEYS = {"activity", "intensity", "duration_min", "reasons", "masked", "safety", "probability"}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def ada(aicoach_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AICOACH_RECOMMEND_EXPLORATION", "0")
    assert run("init", "--name", "Ada")[0] == 0
    return aicoach_home


def test_today_json_has_the_documented_keys(ada: Path) -> None:
    code, out, err = run("today", "--minutes", "30", "--weather", "clear, 18C", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= KEYS
    assert data["duration_min"] <= 30 and data["probability"] == 1.0
    assert set(data["safety"]) == {"level", "message"} and data["safety"]["level"] == "ok"
    assert all(set(m) == {"activity", "why"} for m in data["masked"])
    assert 1 <= len(data["reasons"]) <= 2


def test_storm_with_only_outdoors_masks_every_outdoor_session(ada: Path) -> None:
    code, out, _ = run("today", "--weather", "storm", "--location", "outdoors", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["activity"] == "rest"
    assert {"easy_run", "brisk_walk"} <= {m["activity"] for m in data["masked"]}
    assert "thunderstorm" in data["safety"]["message"].lower()


def test_a_red_flag_note_prints_the_stop_message(ada: Path) -> None:
    code, out, _ = run("today", "--note", "chest pain on the stairs this morning")
    assert code == 0
    assert "Rest day" in out and "Stop: your notes mention chest pain" in out


def test_feedback_round_trip_and_clear_errors(ada: Path) -> None:
    code, _, err = run("feedback", "--done")
    assert code == 1 and "no recommendation for today" in err
    assert run("today")[0] == 0
    code, _, err = run("feedback", "--done", "--rating", "7")
    assert code == 1 and "--rating 7: a rating is a whole number from 1 to 5" in err
    code, _, err = run("feedback", "--rating", "4")
    assert code == 1 and "--done or --skipped" in err
    code, out, _ = run("feedback", "--done", "--rating", "5", "--rpe", "3", "--json")
    assert code == 0 and json.loads(out)["reward"] == 1.0
    code, out, _ = run("feedback", "--skipped")
    assert code == 0 and "Updated" in out


def test_bad_today_options_name_what_was_wrong(ada: Path) -> None:
    code, _, err = run("today", "--weather", "tornado")
    assert code == 1 and "--weather: 'tornado' is not understood" in err
    code, _, err = run("today", "--minutes", "-10")
    assert code == 1 and "--minutes -10" in err


def test_preferences_shape_the_recommendation(ada: Path) -> None:
    code, out, _ = run("preferences", "--like", "swim", "--places", "home,pool", "--json")
    assert code == 0
    assert json.loads(out) == {
        "likes": ["swim"], "dislikes": [], "places": ["home", "pool"], "home_kit": [],
        "latitude": None, "longitude": None,
    }  # fmt: skip
    data = json.loads(run("today", "--json")[1])
    assert data["activity"] == "swim" and data["place"] == "pool"
    code, _, err = run("preferences", "--dislike", "zumba")
    assert code == 1 and "--dislike 'zumba': not an activity aicoach knows" in err
    code, _, err = run("preferences", "--latitude", "51.5")
    assert code == 1 and "go together" in err
