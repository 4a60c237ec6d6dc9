"""Coach access follows the invitation: none before acceptance, none after revocation."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import select

from aicoach.settings import Settings
from aicoach.storage.database import open_database
from aicoach.storage.server_tables import AuditEventRow
from tests.api.conftest import ApiUser, coach_of


def _profile(client: TestClient, reader: ApiUser, athlete: ApiUser) -> int:
    url = f"/api/v1/athletes/{athlete.athlete_id}/profile"
    return client.get(url, headers=reader.headers).status_code


def test_coach_sees_an_athlete_only_between_acceptance_and_revocation(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    coach = make_user("coach@example.org", role="coach")
    athlete = make_user("ath@example.org")
    assert _profile(client, coach, athlete) == 404
    invited = client.post(
        "/api/v1/coaching/invitations",
        json={"athlete_email": athlete.email},
        headers=coach.headers,
    ).json()
    assert invited["status"] == "invited"
    assert _profile(client, coach, athlete) == 404  # invited is not accepted
    client.post(
        f"/api/v1/coaching/links/{invited['id']}/answer",
        json={"accept": True},
        headers=athlete.headers,
    )
    assert _profile(client, coach, athlete) == 200
    revoked = client.post(f"/api/v1/coaching/links/{invited['id']}/revoke", headers=athlete.headers)
    assert revoked.json()["status"] == "revoked"
    assert _profile(client, coach, athlete) == 404


def test_declined_invitation_gives_no_access_and_only_coaches_invite(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    coach = make_user("c2@example.org", role="coach")
    athlete = make_user("a2@example.org")
    other = make_user("a3@example.org")
    not_a_coach = client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": other.email}, headers=athlete.headers
    )
    assert not_a_coach.status_code == 403
    link = client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": athlete.email}, headers=coach.headers
    ).json()
    # another athlete cannot answer someone else's invitation
    stolen = client.post(
        f"/api/v1/coaching/links/{link['id']}/answer", json={"accept": True}, headers=other.headers
    )
    assert stolen.status_code == 404
    client.post(
        f"/api/v1/coaching/links/{link['id']}/answer",
        json={"accept": False},
        headers=athlete.headers,
    )
    assert _profile(client, coach, athlete) == 404


def test_athlete_to_athlete_is_404_like_a_missing_athlete(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    one = make_user("one@example.org")
    two = make_user("two@example.org")
    hidden = client.get(f"/api/v1/athletes/{two.athlete_id}/profile", headers=one.headers)
    missing = client.get("/api/v1/athletes/99999/profile", headers=one.headers)
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_coach_reads_are_audited_and_denials_too(
    client: TestClient, make_user: Callable[..., ApiUser], server_settings: Settings
) -> None:
    coach = make_user("c4@example.org", role="coach")
    athlete = make_user("a4@example.org")
    stranger = make_user("s4@example.org")
    coach_of(client, coach, athlete)
    assert _profile(client, coach, athlete) == 200
    assert _profile(client, stranger, athlete) == 404
    assert _profile(client, athlete, athlete) == 200  # own reads are not audited
    database = open_database(server_settings.resolved_database_url)
    with database.sessions() as session:
        events = [
            (row.actor_user_id, row.action)
            for row in session.scalars(
                select(AuditEventRow)
                .where(AuditEventRow.subject_athlete_id == athlete.athlete_id)
                .order_by(AuditEventRow.id)
            )
        ]
    database.dispose()
    assert events == [(coach.user_id, "read"), (stranger.user_id, "denied")]
