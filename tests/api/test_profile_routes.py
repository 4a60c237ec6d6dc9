"""The profile over the API: checked like the CLI checks it, no owner fields."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser, coach_of


def test_patch_changes_only_the_fields_sent(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("p@example.org", name="Pat")
    url = f"/api/v1/athletes/{user.athlete_id}/profile"
    changed = client.patch(
        url,
        json={
            "hr_max_bpm": 188,
            "weekly_availability_min": {"mon": 45, "sat": 90},
            "goals": [{"description": "Half marathon", "event_date": "2027-03-07"}],
        },
        headers=user.headers,
    )
    assert changed.status_code == 200, changed.text
    body = client.get(url, headers=user.headers).json()
    assert body["hr_max_bpm"] == 188
    assert body["weekly_availability_min"] == {"mon": 45, "sat": 90}
    assert body["goals"][0]["event_date"] == "2027-03-07"
    assert body["name"] == "Pat"


def test_implausible_values_and_owner_fields_are_refused(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("q@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/profile"
    too_high = client.patch(url, json={"hr_max_bpm": 320}, headers=user.headers)
    assert too_high.status_code == 400 and "hr_max_bpm" in too_high.json()["detail"]
    for field in ("athlete_id", "role", "owner_id", "user_id"):
        answer = client.patch(url, json={field: 1}, headers=user.headers)
        assert answer.status_code == 422, field


def test_a_coach_may_change_the_profile_of_a_coached_athlete(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    coach = make_user("pc@example.org", role="coach")
    athlete = make_user("pa@example.org")
    coach_of(client, coach, athlete)
    url = f"/api/v1/athletes/{athlete.athlete_id}/profile"
    assert client.patch(url, json={"ftp_w": 250}, headers=coach.headers).status_code == 200
    assert client.get(url, headers=athlete.headers).json()["ftp_w"] == 250
