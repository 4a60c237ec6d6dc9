"""Dashboard reads served from memory change as soon as the data behind them changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi.testclient import TestClient

from aicoach.services.data_freshness import _Memo
from tests.api.conftest import ApiUser


def test_an_updated_day_is_listed_with_its_new_value(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("memo1@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/wellness"
    day = datetime.now(UTC).date().isoformat()
    client.post(url, json={"day": day, "resting_hr_bpm": 50}, headers=user.headers)
    first = client.get(url, params={"days": 7}, headers=user.headers).json()
    assert [entry["resting_hr_bpm"] for entry in first] == [50]
    assert client.get(url, params={"days": 7}, headers=user.headers).json() == first  # memo
    client.post(url, json={"day": day, "resting_hr_bpm": 58}, headers=user.headers)
    second = client.get(url, params={"days": 7}, headers=user.headers).json()
    assert [entry["resting_hr_bpm"] for entry in second] == [58]
    client.delete(f"{url}/{second[0]['id']}", headers=user.headers)
    assert client.get(url, params={"days": 7}, headers=user.headers).json() == []


def test_a_changed_profile_changes_the_answer(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("memo2@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/metrics/weekly"
    before = client.get(url, params={"weeks": 2}, headers=user.headers)
    assert before.status_code == 200 and before.headers["content-type"] == "application/json"
    assert len(before.json()) == 2
    assert len(client.get(url, params={"weeks": 3}, headers=user.headers).json()) == 3


def test_the_memo_drops_the_oldest_when_over_its_byte_budget() -> None:
    memo = _Memo(max_entries=10, max_bytes=100)
    for key in ("a", "b", "c"):
        memo.get_or_compute((key,), lambda: b"x" * 40)
    calls: list[str] = []
    memo.get_or_compute(("a",), lambda: calls.append("a") or b"y")  # evicted: computed again
    memo.get_or_compute(("c",), lambda: calls.append("c") or b"z")  # kept
    assert calls == ["a"]


def test_the_memo_drops_the_oldest_when_over_its_entry_count() -> None:
    memo = _Memo(max_entries=2, max_bytes=1000)
    for key in ("a", "b", "c"):
        memo.get_or_compute((key,), lambda: 1)
    calls: list[str] = []
    memo.get_or_compute(("a",), lambda: calls.append("a") or 2)
    assert calls == ["a"]
