"""Every route under ``/athletes/{athlete_id}/`` hides another athlete's data behind 404.

The routes are read from the application itself, so a route added later is covered without
touching this test: athlete to athlete, a coach whose invitation is pending, a coach who
was declined, and a revoked coach all get the same 404 as for an athlete that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser, coach_of

MISSING_ATHLETE_ID = 987654


def athlete_routes(client: TestClient) -> list[tuple[str, str]]:
    """(method, path) of every documented operation whose path names an athlete."""
    paths = client.get("/openapi.json").json()["paths"]
    return [
        (method.upper(), path)
        for path, operations in sorted(paths.items())
        if "{athlete_id}" in path
        for method in sorted(operations)
    ]


def concrete(path: str, athlete_id: int) -> str:
    """The route's path with the athlete filled in and every other id set to 1."""
    path = path.replace("{athlete_id}", str(athlete_id))
    return re.sub(r"\{[a-z_]+\}", "1", path)


def test_the_application_has_athlete_routes(client: TestClient) -> None:
    paths = {path for _, path in athlete_routes(client)}
    assert "/api/v1/athletes/{athlete_id}/profile" in paths


def _attempt(client: TestClient, who: ApiUser, method: str, path: str) -> tuple[int, object]:
    answer = client.request(method, path, headers=who.headers, json={})
    body = (
        answer.json()
        if answer.headers.get("content-type", "").startswith("application/json")
        else None
    )
    return answer.status_code, body


@pytest.mark.parametrize("kind", ["athlete", "pending coach", "declined coach", "revoked coach"])
def test_no_route_reaches_an_athlete_without_consent(
    kind: str, client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    victim = make_user("victim@example.org")
    intruder = make_user("intruder@example.org", role="athlete" if kind == "athlete" else "coach")
    if kind != "athlete":
        link = client.post(
            "/api/v1/coaching/invitations",
            json={"athlete_email": victim.email},
            headers=intruder.headers,
        ).json()
        if kind == "declined coach":
            client.post(
                f"/api/v1/coaching/links/{link['id']}/answer",
                json={"accept": False},
                headers=victim.headers,
            )
        if kind == "revoked coach":
            client.post(
                f"/api/v1/coaching/links/{link['id']}/answer",
                json={"accept": True},
                headers=victim.headers,
            )
            client.post(f"/api/v1/coaching/links/{link['id']}/revoke", headers=victim.headers)
    leaks = []
    for method, path in athlete_routes(client):
        status, body = _attempt(client, intruder, method, concrete(path, victim.athlete_id))
        missing = _attempt(client, intruder, method, concrete(path, MISSING_ATHLETE_ID))
        if status != 404 or (status, body) != missing:
            leaks.append(f"{method} {path}: {status}")
    assert leaks == []


def test_an_accepted_coach_reaches_the_athlete_routes(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    athlete = make_user("coached@example.org")
    coach = make_user("thecoach@example.org", role="coach")
    coach_of(client, coach, athlete)
    status, _ = _attempt(client, coach, "GET", f"/api/v1/athletes/{athlete.athlete_id}/profile")
    assert status == 200
