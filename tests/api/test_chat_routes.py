"""The coach over Server-Sent Events, with the scripted backend; red flags stop and refer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aicoach.api.app import create_app
from aicoach.coach.safety import screen_message
from aicoach.domain.athlete import Language
from aicoach.notes.lexicon import LexiconNoteClassifier
from aicoach.settings import Settings
from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import access_cases, assert_reach

RED_FLAG = "I had chest pain and nearly fainted on my run"


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    """The server with the scripted language model (it answers with empty text, so replies
    are the coach's templates over computed facts)."""
    settings = Settings(home=tmp_path / "home", database_url=database_url, llm_backend="scripted")
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def events(body: str) -> list[tuple[str, object]]:
    parsed = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        parsed.append((lines["event"], json.loads(lines["data"])))
    return parsed


def test_a_question_streams_tokens_then_the_reply(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("c1@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/chat"
    answer = client.post(url, json={"message": "What is my fitness (CTL)?"}, headers=user.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/event-stream")
    stream = events(answer.text)
    kinds = [kind for kind, _ in stream]
    assert kinds[-1] == "done" and set(kinds[:-1]) == {"token"} and len(kinds) > 1
    done = stream[-1][1]
    assert isinstance(done, dict)
    tokens = "".join(data["text"] for kind, data in stream[:-1])  # type: ignore[index]
    assert done["reply"] == tokens and done["referral"] is False
    assert done["facts"]["tool"]
    history = client.get(f"{url}/history", headers=user.headers).json()
    assert [turn["message"] for turn in history] == ["What is my fitness (CTL)?"]
    assert history[0]["reply"] == tokens


def test_red_flags_get_the_fixed_stop_and_refer_reply(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("c2@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/chat"
    stream = events(client.post(url, json={"message": RED_FLAG}, headers=user.headers).text)
    done = stream[-1][1]
    assert isinstance(done, dict)
    expected = screen_message(RED_FLAG, LexiconNoteClassifier(), Language.ENGLISH).referral
    assert expected and done["reply"] == expected and done["referral"] is True
    assert done["facts"]["red_flags"]
    assert client.get(f"{url}/history", headers=user.headers).json()[0]["referral"] is True


def test_bad_bodies_and_access(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("c3@example.org")
    url = f"/api/v1/athletes/{owner.athlete_id}/chat"
    assert client.post(url, json={"message": ""}, headers=owner.headers).status_code == 422
    assert client.post(url, json={"message": "x" * 4001}, headers=owner.headers).status_code == 422
    for field in ("athlete_id", "owner_id", "role"):
        assert (
            client.post(url, json={"message": "hi", field: 1}, headers=owner.headers).status_code
            == 422
        )
    cases = access_cases(client, make_user, owner, "chat")
    assert assert_reach(client, cases, "POST", url, json={"message": "How am I doing?"}) == 200
    assert assert_reach(client, cases, "GET", f"{url}/history") == 200
