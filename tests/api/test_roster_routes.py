"""``GET /coaching/roster``: coaches only, athletes who accepted only, the engine's numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from aicoach.domain.activity import Sport
from aicoach.services.metrics_view import metrics_report
from tests.api.conftest import ApiUser, coach_of
from tests.api.test_team_routes import add_activity_for, database_of

ROSTER = "/api/v1/coaching/roster"


def names(client: TestClient, coach: ApiUser) -> list[str]:
    answer = client.get(ROSTER, headers=coach.headers)
    assert answer.status_code == 200, answer.text
    return [entry["name"] for entry in answer.json()]


def test_only_coaches_get_a_roster(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    athlete = make_user("ath@example.org")
    assert client.get(ROSTER, headers=athlete.headers).status_code == 403
    assert client.get(ROSTER).status_code == 401
    coach = make_user("coach@example.org", role="coach")
    assert names(client, coach) == []


def test_roster_follows_the_coach_link(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    coach = make_user("coach@example.org", role="coach")
    ann = make_user("ann@example.org", name="Ann")
    ben = make_user("ben@example.org", name="Ben")
    stranger_coach = make_user("other@example.org", role="coach")
    invited = client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": ben.email}, headers=coach.headers
    )
    assert invited.status_code == 201
    assert names(client, coach) == []  # an invitation is not consent
    link_id = coach_of(client, coach, ann)
    assert names(client, coach) == ["Ann"]
    assert names(client, stranger_coach) == []
    client.post(
        f"/api/v1/coaching/links/{invited.json()['id']}/answer",
        json={"accept": True},
        headers=ben.headers,
    )
    assert names(client, coach) == ["Ann", "Ben"]
    revoked = client.post(f"/api/v1/coaching/links/{link_id}/revoke", headers=ann.headers)
    assert revoked.status_code == 200
    assert names(client, coach) == ["Ben"]


def test_roster_numbers_are_the_engines(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    coach = make_user("coach@example.org", role="coach")
    ann = make_user("ann@example.org", name="Ann")
    coach_of(client, coach, ann)
    profile = client.patch(
        f"/api/v1/athletes/{ann.athlete_id}/profile", json={"ftp_w": 250}, headers=ann.headers
    )
    assert profile.status_code == 200
    now = datetime.now(UTC).replace(microsecond=0)
    starts = [now - timedelta(days=day, hours=1) for day in range(0, 36, 2)]
    for index, start in enumerate(starts):
        add_activity_for(
            client, ann, start, sport=Sport.CYCLING, duration_s=900 + 120 * (index % 3), power=True
        )
    entry = client.get(ROSTER, headers=coach.headers).json()[0]
    with database_of(client).sessions() as session:
        report = metrics_report(session, "Ann")
    current = report["current"]
    assert current["ctl"] is not None and current["acwr"] is not None
    for key in ("ctl", "atl", "tsb", "acwr"):
        assert entry[key] == pytest.approx(current[key], abs=1e-4), key
    assert entry["load_7d"] == pytest.approx(sum(d["load"] for d in report["daily"][-7:]), abs=1e-3)
    recent = [
        index for index, start in enumerate(starts) if start.date() > now.date() - timedelta(days=7)
    ]
    assert entry["minutes_7d"] == pytest.approx(sum(15 + 2 * (i % 3) for i in recent))
    assert datetime.fromisoformat(entry["last_activity_at"]) == starts[0]
    assert entry["compliance_pct_28d"] is None and entry["open_alerts"] == []
