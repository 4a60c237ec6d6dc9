"""A real server application over the test database, and users made through its API."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aicoach.api.app import create_app
from aicoach.settings import Settings

PASSWORD = "correct horse battery staple"


@dataclass(frozen=True)
class ApiUser:
    email: str
    user_id: int
    athlete_id: int
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def server_settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture
def client(server_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(server_settings)) as test_client:
        yield test_client


def register(client: TestClient, email: str, role: str = "athlete", name: str = "") -> ApiUser:
    """Register, log in, make a bearer token, and forget the cookie."""
    answer = client.post(
        "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": name or email, "role": role},
    )
    assert answer.status_code == 201, answer.text
    user = answer.json()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.text
    csrf = login.json()["csrf_token"]
    token = client.post(
        "/api/v1/auth/tokens", json={"name": "tests"}, headers={"X-CSRF-Token": csrf}
    )
    assert token.status_code == 201, token.text
    client.cookies.clear()
    return ApiUser(email, user["id"], user["athlete_id"], token.json()["token"])


@pytest.fixture
def make_user(client: TestClient) -> Callable[..., ApiUser]:
    def make(email: str, role: str = "athlete", name: str = "") -> ApiUser:
        return register(client, email, role, name)

    return make


def coach_of(client: TestClient, coach: ApiUser, athlete: ApiUser) -> int:
    """Invite ``athlete`` as ``coach`` and accept: the coach link's id."""
    invited = client.post(
        "/api/v1/coaching/invitations",
        json={"athlete_email": athlete.email},
        headers=coach.headers,
    )
    assert invited.status_code == 201, invited.text
    link_id: int = invited.json()["id"]
    accepted = client.post(
        f"/api/v1/coaching/links/{link_id}/answer", json={"accept": True}, headers=athlete.headers
    )
    assert accepted.status_code == 200, accepted.text
    return link_id
