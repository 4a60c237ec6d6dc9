"""Today's recommendation, feedback and preferences over the API."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import access_cases, assert_reach


def test_today_then_feedback(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    user = make_user("t1@example.org")
    base = f"/api/v1/athletes/{user.athlete_id}"
    early = client.post(f"{base}/today/feedback", json={"done": True}, headers=user.headers)
    assert early.status_code == 400 and "no recommendation" in early.json()["detail"]
    answer = client.get(
        f"{base}/today", params={"minutes": 30, "weather": "clear, 18C"}, headers=user.headers
    )
    assert answer.status_code == 200, answer.text
    today = answer.json()
    assert 0 < today["duration_min"] <= 30
    assert today["safety"]["level"] and today["reasons"]
    feedback = client.post(
        f"{base}/today/feedback", json={"done": True, "rating": 4, "rpe": 5}, headers=user.headers
    )
    assert feedback.status_code == 200, feedback.text
    body = feedback.json()
    assert body["recommendation_id"] == today["recommendation_id"] and body["replaced"] is False
    again = client.post(f"{base}/today/feedback", json={"done": False}, headers=user.headers).json()
    assert again["replaced"] is True
    bad = client.post(
        f"{base}/today/feedback", json={"done": False, "rpe": 5}, headers=user.headers
    )
    assert bad.status_code == 400
    assert (
        client.post(
            f"{base}/today/feedback", json={"done": True, "rating": 6}, headers=user.headers
        ).status_code
        == 422
    )
    assert (
        client.get(f"{base}/today", params={"minutes": 2000}, headers=user.headers).status_code
        == 422
    )


def test_a_crisis_blood_pressure_means_no_exercise(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("t2@example.org")
    base = f"/api/v1/athletes/{user.athlete_id}"
    client.post(
        f"{base}/wellness", json={"systolic_mmhg": 190, "diastolic_mmhg": 115}, headers=user.headers
    )
    today = client.get(f"{base}/today", headers=user.headers).json()
    assert today["safety"]["level"] in {"stop", "rest"}
    assert today["intensity"] == "rest"


def test_preferences_replace_what_is_sent(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("t3@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/preferences"
    shown = client.get(url, headers=user.headers).json()
    assert shown["places"] == ["home", "outdoors"] and shown["likes"] == []
    changed = client.put(
        url, json={"places": ["gym"], "home_kit": ["treadmill"]}, headers=user.headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["places"] == ["gym"] and changed.json()["home_kit"] == ["treadmill"]
    assert client.put(url, json={"likes": ["skydiving"]}, headers=user.headers).status_code == 400
    assert client.put(url, json={"latitude": 51.5}, headers=user.headers).status_code == 400
    assert client.put(url, json={"places": ["moon"]}, headers=user.headers).status_code == 422
    for field in ("athlete_id", "owner_id", "role", "state"):
        assert client.put(url, json={field: 1}, headers=user.headers).status_code == 422, field
    assert client.get(url, headers=user.headers).json()["places"] == ["gym"]


def test_cross_user_access(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("t4@example.org")
    cases = access_cases(client, make_user, owner, "today")
    base = f"/api/v1/athletes/{owner.athlete_id}"
    assert assert_reach(client, cases, "GET", f"{base}/today") == 200
    assert assert_reach(client, cases, "POST", f"{base}/today/feedback", json={"done": True}) == 200
    assert assert_reach(client, cases, "GET", f"{base}/preferences") == 200
    assert (
        assert_reach(client, cases, "PUT", f"{base}/preferences", json={"places": ["home"]}) == 200
    )
