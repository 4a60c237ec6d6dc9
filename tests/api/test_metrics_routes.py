"""Metrics, weekly totals and predictions over the API, and their reuse between requests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import (
    access_cases,
    assert_reach,
    set_thresholds,
    store_activities,
)


def _recent_starts(days_ago: list[int]) -> list[datetime]:
    today = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    return [today - timedelta(days=days) for days in days_ago]


def test_daily_series_match_the_stored_loads(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("m1@example.org")
    set_thresholds(client, user)
    store_activities(client, user.athlete_id, _recent_starts([3, 1]))
    base = f"/api/v1/athletes/{user.athlete_id}"
    loads = [a["load"] for a in client.get(f"{base}/activities", headers=user.headers).json()]
    answer = client.get(f"{base}/metrics", headers=user.headers)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    daily = report["daily"]
    assert len(daily) == 4  # first day of data to today
    assert [d["load"] for d in daily] == pytest.approx([loads[1], 0.0, loads[0], 0.0], abs=1e-4)
    assert daily[0]["ctl"] > 0 and daily[0]["ctl"] < loads[1]
    assert report["current"]["date"] == daily[-1]["date"]
    assert daily[0]["resting_hr_bpm"] is None
    window = client.get(
        f"{base}/metrics", params={"from": daily[2]["date"]}, headers=user.headers
    ).json()
    assert [d["date"] for d in window["daily"]] == [daily[2]["date"], daily[3]["date"]]
    assert window["daily"][0]["ctl"] == daily[2]["ctl"]  # history before "from" still counts
    refused = client.get(
        f"{base}/metrics", params={"from": "2025-02-02", "to": "2025-02-01"}, headers=user.headers
    )
    assert refused.status_code == 400


def test_new_data_is_seen_at_once(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    user = make_user("m2@example.org")
    set_thresholds(client, user)
    url = f"/api/v1/athletes/{user.athlete_id}/metrics"
    assert client.get(url, headers=user.headers).json() == {
        "daily": [],
        "current": None,
        "settings": client.get(url, headers=user.headers).json()["settings"],
    }
    store_activities(client, user.athlete_id, _recent_starts([0]))
    assert len(client.get(url, headers=user.headers).json()["daily"]) == 1
    client.post(
        f"/api/v1/athletes/{user.athlete_id}/wellness",
        json={"resting_hr_bpm": 49},
        headers=user.headers,
    )
    assert client.get(url, headers=user.headers).json()["current"]["resting_hr_bpm"] == 49


def test_weekly_totals_by_sport(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    user = make_user("m3@example.org")
    set_thresholds(client, user)
    today = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    store_activities(client, user.athlete_id, [monday, monday - timedelta(days=7)])
    answer = client.get(
        f"/api/v1/athletes/{user.athlete_id}/metrics/weekly",
        params={"weeks": 3},
        headers=user.headers,
    )
    assert answer.status_code == 200, answer.text
    weeks = answer.json()
    assert [w["week_start"] for w in weeks] == [
        (monday - timedelta(days=d)).date().isoformat() for d in (14, 7, 0)
    ]
    assert weeks[0]["count"] == 0 and weeks[0]["by_sport"] == {} and weeks[0]["load"] == 0
    assert weeks[2]["count"] == 1 and weeks[2]["minutes"] == 59.0
    assert weeks[2]["by_sport"]["running"]["distance_m"] == weeks[2]["distance_m"] > 10000
    assert weeks[1]["load"] == weeks[2]["load"] > 0


def test_predictions_come_with_their_method(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("m4@example.org")
    set_thresholds(client, user)
    url = f"/api/v1/athletes/{user.athlete_id}/predictions"
    empty = client.get(url, headers=user.headers).json()
    assert empty["predictions"] == [] and empty["vdot"] is None and empty["notes"]
    store_activities(client, user.athlete_id, _recent_starts([2]))
    report = client.get(url, headers=user.headers).json()
    assert report["vdot"]["value"] > 0
    assert {p["distance"] for p in report["predictions"]} == {
        "5 km",
        "10 km",
        "half marathon",
        "marathon",
    }
    five = [p["time_s"] for p in report["predictions"] if p["distance"] == "5 km"]
    ten = [p["time_s"] for p in report["predictions"] if p["distance"] == "10 km"]
    assert all(t > f for f, t in zip(five, ten, strict=True))


def test_cross_user_access(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("m5@example.org")
    cases = access_cases(client, make_user, owner, "metrics")
    base = f"/api/v1/athletes/{owner.athlete_id}"
    for path in ("metrics", "metrics/weekly", "predictions"):
        assert assert_reach(client, cases, "GET", f"{base}/{path}") == 200
