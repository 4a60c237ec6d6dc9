"""Privacy zones through the API: the athlete manages them, a coach may read, nobody else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
from fastapi.testclient import TestClient

from aicoach.analytics.geo import haversine_distance_m
from tests.api.conftest import ApiUser, coach_of
from tests.api.test_activity_routes import store_activities

HOME: dict[str, Any] = {
    "name": "home",
    "latitude_deg": 51.4613,
    "longitude_deg": -0.3037,
    "radius_m": 200,
}


def zones_url(athlete: ApiUser) -> str:
    return f"/api/v1/athletes/{athlete.athlete_id}/privacy-zones"


def test_athlete_adds_lists_and_deletes_zones(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    created = client.post(zones_url(ann), json=HOME, headers=ann.headers)
    assert created.status_code == 201, created.text
    zone = created.json()
    assert {k: zone[k] for k in HOME} == {**HOME, "radius_m": 200.0}
    assert zone["athlete_id"] == ann.athlete_id
    work = {**HOME, "name": "work", "latitude_deg": 51.5, "radius_m": 50}
    assert client.post(zones_url(ann), json=work, headers=ann.headers).status_code == 201
    listed = client.get(zones_url(ann), headers=ann.headers).json()
    assert [z["name"] for z in listed] == ["home", "work"]
    deleted = client.delete(f"{zones_url(ann)}/{zone['id']}", headers=ann.headers)
    assert deleted.status_code == 204
    assert [z["name"] for z in client.get(zones_url(ann), headers=ann.headers).json()] == ["work"]
    again = client.delete(f"{zones_url(ann)}/{zone['id']}", headers=ann.headers)
    assert again.status_code == 404


def test_zone_values_and_owner_fields_are_checked(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    bob = make_user("bob@example.org")
    for change in (
        {"radius_m": 49.9},
        {"radius_m": 5000.1},
        {"latitude_deg": 90.5},
        {"latitude_deg": -91},
        {"longitude_deg": 180.5},
        {"name": ""},
        {"name": "x" * 101},
        {"athlete_id": bob.athlete_id},
        {"id": 7},
        {"owner_id": bob.user_id},
    ):
        answer = client.post(zones_url(ann), json={**HOME, **change}, headers=ann.headers)
        assert answer.status_code == 422, change
    edges = [{"radius_m": 50}, {"radius_m": 5000}, {"latitude_deg": -90, "longitude_deg": 180}]
    for change in edges:
        answer = client.post(zones_url(ann), json={**HOME, **change}, headers=ann.headers)
        assert answer.status_code == 201, change
    assert client.get(zones_url(bob), headers=bob.headers).json() == []


def test_nobody_else_reaches_an_athletes_zones(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    bob = make_user("bob@example.org")
    zone_id = client.post(zones_url(ann), json=HOME, headers=ann.headers).json()["id"]
    pending = make_user("pending@example.org", role="coach")
    client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": ann.email}, headers=pending.headers
    )
    revoked = make_user("revoked@example.org", role="coach")
    link_id = coach_of(client, revoked, ann)
    client.post(f"/api/v1/coaching/links/{link_id}/revoke", headers=ann.headers)
    for intruder in (bob, pending, revoked):
        assert client.get(zones_url(ann), headers=intruder.headers).status_code == 404
        posted = client.post(zones_url(ann), json=HOME, headers=intruder.headers)
        assert posted.status_code == 404
        removed = client.delete(f"{zones_url(ann)}/{zone_id}", headers=intruder.headers)
        assert removed.status_code == 404
    # bob's own path with ann's zone id: not found, and ann's zone is still there
    assert client.delete(f"{zones_url(bob)}/{zone_id}", headers=bob.headers).status_code == 404
    assert len(client.get(zones_url(ann), headers=ann.headers).json()) == 1


def test_an_active_coach_reads_but_cannot_change_the_zones(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    coach = make_user("coach@example.org", role="coach")
    coach_of(client, coach, ann)
    zone_id = client.post(zones_url(ann), json=HOME, headers=ann.headers).json()["id"]
    listed = client.get(zones_url(ann), headers=coach.headers)
    assert listed.status_code == 200 and [z["id"] for z in listed.json()] == [zone_id]
    assert client.post(zones_url(ann), json=HOME, headers=coach.headers).status_code == 403
    removed = client.delete(f"{zones_url(ann)}/{zone_id}", headers=coach.headers)
    assert removed.status_code == 403
    assert len(client.get(zones_url(ann), headers=ann.headers).json()) == 1


def test_a_coach_sees_no_positions_inside_the_athletes_zones(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    coach = make_user("coach@example.org", role="coach")
    coach_of(client, coach, ann)
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
    (activity_id,) = store_activities(client, ann.athlete_id, [start])  # starts at 51.46, -0.30
    zone = {"name": "home", "latitude_deg": 51.46, "longitude_deg": -0.30, "radius_m": 100}
    assert client.post(zones_url(ann), json=zone, headers=ann.headers).status_code == 201
    url = f"/api/v1/athletes/{ann.athlete_id}/activities/{activity_id}/streams"

    own = client.get(url, headers=ann.headers).json()
    assert None not in own["lat_deg"] and None not in own["lon_deg"]  # the athlete sees all
    latitude, longitude = np.array(own["lat_deg"]), np.array(own["lon_deg"])
    inside = haversine_distance_m(latitude, longitude, 51.46, -0.30) <= 100
    assert 700 < inside.sum() < 800  # about 0.13 m per second away from home

    shown = client.get(url, headers=coach.headers).json()
    hidden = np.array([value is None for value in shown["lat_deg"]])
    assert np.array_equal(hidden, inside)
    assert [v is None for v in shown["lon_deg"]] == hidden.tolist()
    assert shown["hr_bpm"] == own["hr_bpm"]  # only positions are hidden

    coarse = client.get(url, params={"resolution_s": 60}, headers=coach.headers).json()
    first_visible = int(np.argmax(~inside))
    assert coarse["lat_deg"][: first_visible // 60] == [None] * (first_visible // 60)
    assert None not in coarse["lat_deg"][first_visible // 60 + 1 :]
