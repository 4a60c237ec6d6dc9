"""Wellness over the API: entries checked like ``aicoach wellness add``, listing, deletion."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import access_cases, assert_reach


def _url(user: ApiUser) -> str:
    return f"/api/v1/athletes/{user.athlete_id}/wellness"


def test_an_entry_is_stored_merged_and_listed(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("w1@example.org")
    today = datetime.now(UTC).date()
    first = client.post(
        _url(user),
        json={
            "day": today.isoformat(),
            "resting_hr_bpm": 52,
            "hrv_rmssd_ms": 61.5,
            "sleep_h": 7.5,
            "systolic_mmhg": 124,
            "diastolic_mmhg": 79,
            "note": "slept well",
        },
        headers=user.headers,
    )
    assert first.status_code == 201, first.text
    assert first.json()["outcome"] == "inserted"
    second = client.post(
        _url(user), json={"day": today.isoformat(), "mass_kg": 70.2}, headers=user.headers
    )
    assert second.json()["outcome"] == "updated"
    assert second.json()["entry"]["id"] == first.json()["entry"]["id"]
    old = (today - timedelta(days=40)).isoformat()
    client.post(_url(user), json={"day": old, "spo2_pct": 97}, headers=user.headers)
    listed = client.get(_url(user), params={"days": 7}, headers=user.headers).json()
    assert len(listed) == 1
    entry = listed[0]
    assert (
        entry["resting_hr_bpm"] == 52 and entry["hrv_ms"] == 61.5 and entry["hrv_method"] == "rmssd"
    )
    assert entry["sleep_h"] == 7.5 and entry["mass_kg"] == 70.2 and entry["note"] == "slept well"
    assert entry["spo2_pct"] is None  # missing is null, never 0
    assert len(client.get(_url(user), params={"days": 60}, headers=user.headers).json()) == 2


def test_values_are_checked_like_the_cli(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("w2@example.org")
    refused = {
        "resting_hr_bpm": {"resting_hr_bpm": 400},
        "spo2_pct": {"spo2_pct": 30},
        "systolic": {"systolic_mmhg": 80, "diastolic_mmhg": 90},
        "both hrv": {"hrv_rmssd_ms": 50, "hrv_sdnn_ms": 50},
        "nothing": {},
        "half bp": {"systolic_mmhg": 120},
        "sleep": {"sleep_h": 30},
    }
    for name, body in refused.items():
        answer = client.post(_url(user), json=body, headers=user.headers)
        assert answer.status_code == 400, (name, answer.text)
    assert (
        "resting_hr_bpm"
        in client.post(_url(user), json=refused["resting_hr_bpm"], headers=user.headers).json()[
            "detail"
        ]
    )
    assert client.post(_url(user), json={"mood_1_5": 6}, headers=user.headers).status_code == 422
    for field in ("athlete_id", "owner_id", "role", "source", "id"):
        answer = client.post(
            _url(user), json={"resting_hr_bpm": 50, field: 1}, headers=user.headers
        )
        assert answer.status_code == 422, field
    assert client.get(_url(user), headers=user.headers).json() == []


def test_delete_is_for_the_athlete_only(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    owner = make_user("w3@example.org")
    other = make_user("w3b@example.org")
    cases = access_cases(client, make_user, owner, "well")
    mine = client.post(_url(owner), json={"resting_hr_bpm": 50}, headers=owner.headers).json()[
        "entry"
    ]["id"]
    theirs = client.post(_url(other), json={"resting_hr_bpm": 60}, headers=other.headers).json()[
        "entry"
    ]["id"]
    assert assert_reach(client, cases, "GET", _url(owner)) == 200
    assert assert_reach(client, cases, "POST", _url(owner), json={"mass_kg": 70}) == 201
    assert assert_reach(client, cases, "DELETE", f"{_url(owner)}/{mine}") == 403
    assert client.delete(f"{_url(owner)}/{theirs}", headers=owner.headers).status_code == 404
    assert client.delete(f"{_url(owner)}/{mine}", headers=owner.headers).status_code == 204
    assert client.get(_url(owner), headers=owner.headers).json() == []
    assert len(client.get(_url(other), headers=other.headers).json()) == 1
