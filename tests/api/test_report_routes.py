"""The HTML report over the API."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import (
    access_cases,
    assert_reach,
    set_thresholds,
    store_activities,
)


def test_the_report_is_one_html_page_for_the_period(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("r1@example.org", name="Robin Report")
    set_thresholds(client, user)
    now = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    store_activities(client, user.athlete_id, [now - timedelta(days=3), now - timedelta(days=40)])
    url = f"/api/v1/athletes/{user.athlete_id}/report"
    first = (now - timedelta(days=13)).date().isoformat()
    answer = client.get(
        url, params={"from": first, "to": now.date().isoformat()}, headers=user.headers
    )
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "Robin Report" in page and first in page
    assert "1 activities in the period." in page
    default = client.get(url, headers=user.headers).text
    assert "2 activities in the period." in default
    backwards = client.get(
        url, params={"from": "2025-02-02", "to": "2025-02-01"}, headers=user.headers
    )
    assert backwards.status_code == 400
    centuries = client.get(url, params={"from": "1025-01-01"}, headers=user.headers)
    assert centuries.status_code == 400  # to defaults to today: a thousand years is refused
    assert "at most ten years" in centuries.json()["detail"]


def test_cross_user_access(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("r2@example.org")
    cases = access_cases(client, make_user, owner, "report")
    assert assert_reach(client, cases, "GET", f"/api/v1/athletes/{owner.athlete_id}/report") == 200
