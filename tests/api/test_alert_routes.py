"""Alerts over the API: the rules run on new data, acknowledging, and access."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import access_cases, assert_reach


def _hypertensive(client: TestClient, user: ApiUser) -> None:
    answer = client.post(
        f"/api/v1/athletes/{user.athlete_id}/wellness",
        json={"systolic_mmhg": 185, "diastolic_mmhg": 112},
        headers=user.headers,
    )
    assert answer.status_code == 201, answer.text


def test_a_crisis_reading_raises_an_alert_that_can_be_acknowledged(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("al1@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/alerts"
    assert client.get(url, headers=user.headers).json() == []
    _hypertensive(client, user)
    alerts = client.get(url, headers=user.headers).json()
    pressure = [a for a in alerts if a["rule"] == "blood_pressure"]
    assert len(pressure) == 1, alerts
    alert = pressure[0]
    assert alert["severity"] == "urgent" and "185" in alert["message"]
    assert alert["acknowledged"] is False
    acked = client.post(f"{url}/{alert['id']}/acknowledge", headers=user.headers)
    assert acked.status_code == 200 and acked.json()["acknowledged"] is True
    open_ids = [
        a["id"] for a in client.get(url, params={"open": "true"}, headers=user.headers).json()
    ]
    assert alert["id"] not in open_ids
    all_ids = [a["id"] for a in client.get(url, headers=user.headers).json()]
    assert alert["id"] in all_ids


def test_foreign_alerts_are_404_and_access_follows_the_link(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    owner = make_user("al2@example.org")
    other = make_user("al2b@example.org")
    _hypertensive(client, other)
    theirs = client.get(
        f"/api/v1/athletes/{other.athlete_id}/alerts", headers=other.headers
    ).json()[0]["id"]
    url = f"/api/v1/athletes/{owner.athlete_id}/alerts"
    assert client.post(f"{url}/{theirs}/acknowledge", headers=owner.headers).status_code == 404
    assert client.post(f"{url}/999999/acknowledge", headers=owner.headers).status_code == 404
    _hypertensive(client, owner)
    mine = client.get(url, headers=owner.headers).json()[0]["id"]
    cases = access_cases(client, make_user, owner, "alerts")
    assert assert_reach(client, cases, "GET", url) == 200
    assert assert_reach(client, cases, "POST", f"{url}/{mine}/acknowledge") == 200
