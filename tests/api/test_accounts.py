"""Accounts over the real application: register, log in, CSRF, tokens, rate limit, erasure."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy import func, select

from aicoach.api.app import create_app
from aicoach.settings import Settings
from aicoach.storage.database import open_database
from aicoach.storage.server_tables import AuditEventRow, LoginFailureRow, UserRow
from aicoach.storage.tables import AthleteRow
from tests.api.conftest import PASSWORD, ApiUser


def test_register_login_and_me_with_cookie_and_csrf(client: TestClient) -> None:
    registered = client.post(
        "/api/v1/auth/register",
        json={"email": "Ada@Example.org", "password": PASSWORD, "display_name": "Ada"},
    )
    assert registered.status_code == 201
    assert registered.json()["email"] == "ada@example.org"
    assert registered.json()["role"] == "athlete"
    login = client.post(
        "/api/v1/auth/login", json={"email": "ada@example.org", "password": PASSWORD}
    )
    assert login.status_code == 200
    cookie = login.headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert client.get("/api/v1/me").json()["athlete_name"] == "Ada"
    # a change with the cookie but without the CSRF token is refused
    refused = client.patch("/api/v1/me", json={"language": "zh"})
    assert refused.status_code == 403
    assert "X-CSRF-Token" in refused.json()["detail"]
    csrf = login.json()["csrf_token"]
    changed = client.patch("/api/v1/me", json={"language": "zh"}, headers={"X-CSRF-Token": csrf})
    assert changed.status_code == 200 and changed.json()["language"] == "zh"
    assert client.post("/api/v1/auth/logout").status_code == 403  # logout needs CSRF too
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert client.get("/api/v1/me").status_code == 401


def test_password_is_stored_as_argon2_hash(client: TestClient, server_settings: Settings) -> None:
    client.post(
        "/api/v1/auth/register",
        json={"email": "b@example.org", "password": PASSWORD, "display_name": "B"},
    )
    database = open_database(server_settings.resolved_database_url)
    with database.sessions() as session:
        stored = session.scalars(select(UserRow.password_hash)).one()
    database.dispose()
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_registration_refuses_role_and_owner_fields(client: TestClient) -> None:
    base = {"email": "c@example.org", "password": PASSWORD, "display_name": "C"}
    admin = client.post("/api/v1/auth/register", json={**base, "role": "admin"})
    assert admin.status_code == 422
    owner = client.post("/api/v1/auth/register", json={**base, "athlete_id": 1})
    assert owner.status_code == 422
    assert "athlete_id" in owner.text


def test_weak_password_and_bad_email_are_named(client: TestClient) -> None:
    short = client.post(
        "/api/v1/auth/register",
        json={"email": "d@example.org", "password": "short", "display_name": "D"},
    )
    assert short.status_code == 400 and "password" in short.json()["detail"]
    bad = client.post(
        "/api/v1/auth/register",
        json={"email": "not-an-email", "password": PASSWORD, "display_name": "D"},
    )
    assert bad.status_code == 400 and "e-mail" in bad.json()["detail"]


def test_duplicate_email_conflicts_and_display_names_stay_unique(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    first = make_user("e1@example.org", name="Sam")
    second = make_user("e2@example.org", name="Sam")
    names = [
        client.get("/api/v1/me", headers=user.headers).json()["athlete_name"]
        for user in (first, second)
    ]
    assert names == ["Sam", "Sam (2)"]
    again = client.post(
        "/api/v1/auth/register",
        json={"email": "E1@example.org", "password": PASSWORD, "display_name": "X"},
    )
    assert again.status_code == 409


def test_login_failures_are_rate_limited(server_settings: Settings) -> None:
    settings = server_settings.model_copy(update={"login_failures_allowed": 3})
    with TestClient(create_app(settings)) as client:
        client.post(
            "/api/v1/auth/register",
            json={"email": "f@example.org", "password": PASSWORD, "display_name": "F"},
        )
        wrong = {"email": "f@example.org", "password": "wrong password 123"}
        codes = [client.post("/api/v1/auth/login", json=wrong).status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        blocked = client.post(
            "/api/v1/auth/login", json={"email": "f@example.org", "password": PASSWORD}
        )
        assert blocked.status_code == 429
        assert int(blocked.headers["Retry-After"]) > 0


def test_the_login_limit_is_shared_by_server_processes_on_one_database(
    server_settings: Settings,
) -> None:
    """Two applications on one database stand for two ``serve --workers`` processes."""
    settings = server_settings.model_copy(update={"login_failures_allowed": 4})
    wrong = {"email": "s@example.org", "password": "wrong password 123"}
    right = {"email": "s@example.org", "password": PASSWORD}
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        first.post("/api/v1/auth/register", json={**right, "display_name": "S"}).raise_for_status()
        first.cookies.clear()
        assert first.post("/api/v1/auth/login", json=wrong).status_code == 401
        assert first.post("/api/v1/auth/login", json=right).status_code == 200  # resets
        codes = [
            client.post("/api/v1/auth/login", json=wrong).status_code
            for client in (first, second, first, second)
        ]
        assert codes == [401, 401, 401, 401]
        assert first.post("/api/v1/auth/login", json=right).status_code == 429
        assert second.post("/api/v1/auth/login", json=right).status_code == 429
    database = open_database(settings.resolved_database_url)
    with database.sessions() as session:
        keys = session.scalars(select(LoginFailureRow.key_sha256)).all()
    database.dispose()
    assert len(keys) == 4 and all("@" not in key for key in keys)  # digests, not e-mails


def test_bearer_tokens_list_revoke_and_reject(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("g@example.org")
    listed = client.get("/api/v1/auth/tokens", headers=user.headers).json()
    assert [token["name"] for token in listed] == ["tests"]
    assert "token" not in listed[0]
    assert (
        client.delete(f"/api/v1/auth/tokens/{listed[0]['id']}", headers=user.headers).status_code
        == 204
    )
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401
    garbage = client.get("/api/v1/me", headers={"Authorization": "Bearer aic_nonsense"})
    assert garbage.status_code == 401
    assert garbage.headers["WWW-Authenticate"] == "Bearer"


def test_erasure_removes_the_account_and_its_athlete(
    client: TestClient, make_user: Callable[..., ApiUser], server_settings: Settings
) -> None:
    user = make_user("h@example.org")
    keep = make_user("i@example.org")
    wrong = client.post(
        "/api/v1/me/erase",
        json={"email": "h@example.org", "password": "not my password"},
        headers=user.headers,
    )
    assert wrong.status_code == 401
    erased = client.post(
        "/api/v1/me/erase",
        json={"email": "h@example.org", "password": PASSWORD},
        headers=user.headers,
    )
    assert erased.status_code == 204
    assert client.get("/api/v1/me", headers=user.headers).status_code == 401
    database = open_database(server_settings.resolved_database_url)
    with database.sessions() as session:
        athlete_ids = set(session.scalars(select(AthleteRow.id)))
        emails = set(session.scalars(select(UserRow.email)))
        erase_events = session.scalar(select(func.count()).where(AuditEventRow.action == "erase"))
    database.dispose()
    assert athlete_ids == {keep.athlete_id}
    assert emails == {"i@example.org"}
    assert erase_events == 1
