"""Plans over the API: create, read, check, adapt, export in four formats, the calendar."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import access_cases, assert_reach, store_activities

PLAN = {"goal": "10k", "weeks": 8, "weekly_minutes": 150, "longest_min": 50, "days_per_week": 3}


def _create(client: TestClient, reader: ApiUser, athlete: ApiUser, **changes: object) -> dict:  # type: ignore[type-arg]
    answer = client.post(
        f"/api/v1/athletes/{athlete.athlete_id}/plans",
        json={**PLAN, **changes},
        headers=reader.headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_create_read_check_and_adapt(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    user = make_user("pl1@example.org")
    base = f"/api/v1/athletes/{user.athlete_id}/plans"
    assert client.get(f"{base}/current", headers=user.headers).status_code == 404
    assert client.get(f"{base}/current/check", headers=user.headers).status_code == 404
    start = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()
    created = _create(client, user, user, start=start)
    assert created["goal"] == "10k" and len(created["weeks"]) == 8
    assert created["start"] == start
    current = client.get(f"{base}/current", headers=user.headers).json()
    assert current == created
    check = client.get(f"{base}/current/check", headers=user.headers).json()
    assert check["ok"] is True and check["violations"] == []
    adapted = client.post(f"{base}/current/adapt", headers=user.headers)
    assert adapted.status_code == 200, adapted.text
    assert adapted.json()["compliance"] is None  # nothing planned in the past yet


def test_bad_requests_and_mass_assignment(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("pl2@example.org")
    url = f"/api/v1/athletes/{user.athlete_id}/plans"
    assert client.post(url, json={"goal": "moon"}, headers=user.headers).status_code == 422
    assert client.post(url, json={**PLAN, "weeks": 60}, headers=user.headers).status_code == 422
    past = client.post(
        url, json={**PLAN, "weeks": None, "event_date": "2000-01-01"}, headers=user.headers
    )
    assert past.status_code == 400 and "event date" in past.json()["detail"]
    for field in ("athlete_id", "owner_id", "role", "active"):
        assert client.post(url, json={**PLAN, field: 1}, headers=user.headers).status_code == 422, (
            field
        )


def test_exports_have_their_content_types(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("pl3@example.org")
    created = _create(client, user, user)
    url = f"/api/v1/athletes/{user.athlete_id}/plans/current/export"
    ics = client.get(url, params={"format": "ics"}, headers=user.headers)
    assert ics.headers["content-type"].startswith("text/calendar")
    assert (
        ics.text.startswith("BEGIN:VCALENDAR")
        and "attachment" in ics.headers["content-disposition"]
    )
    sessions = sum(len(week["sessions"]) for week in created["weeks"])
    assert ics.text.count("BEGIN:VEVENT") == sessions
    md = client.get(url, params={"format": "md"}, headers=user.headers)
    assert md.headers["content-type"].startswith("text/markdown") and md.text.startswith("#")
    html = client.get(url, params={"format": "html"}, headers=user.headers)
    assert html.headers["content-type"].startswith("text/html") and "<html" in html.text.lower()
    fit = client.get(url, params={"format": "fit"}, headers=user.headers)
    assert fit.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(fit.content)).namelist()
    assert names and all(name.endswith(".fit") for name in names)
    assert client.get(url, params={"format": "pdf"}, headers=user.headers).status_code == 422


def test_calendar_puts_planned_and_done_side_by_side(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("pl4@example.org")
    today = datetime.now(UTC).date()
    created = _create(client, user, user, start=(today - timedelta(days=6)).isoformat())
    done_at = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(
        days=2
    )
    (activity_id,) = store_activities(client, user.athlete_id, [done_at])
    url = f"/api/v1/athletes/{user.athlete_id}/plans/current/calendar"
    first, last = today - timedelta(days=6), today
    answer = client.get(
        url, params={"from": first.isoformat(), "to": last.isoformat()}, headers=user.headers
    )
    assert answer.status_code == 200, answer.text
    calendar = answer.json()
    assert calendar["from"] == first.isoformat() and len(calendar["days"]) == 7
    by_day = {day["date"]: day for day in calendar["days"]}
    assert by_day[done_at.date().isoformat()]["done"][0]["activity_id"] == activity_id
    planned = [
        s
        for w in created["weeks"]
        for s in w["sessions"]
        if first.isoformat() <= s["date"] <= last.isoformat()
    ]
    assert sum(len(day["planned"]) for day in calendar["days"]) == len(planned)
    whole = client.get(url, headers=user.headers).json()
    assert whole["from"] == created["start"]
    assert (
        client.get(
            url, params={"from": "2025-02-02", "to": "2025-02-01"}, headers=user.headers
        ).status_code
        == 400
    )


def test_coaches_may_create_and_adapt(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    owner = make_user("pl5@example.org")
    cases = access_cases(client, make_user, owner, "plans")
    base = f"/api/v1/athletes/{owner.athlete_id}/plans"
    assert assert_reach(client, cases, "POST", base, json=PLAN) == 201
    for path in ("current", "current/check", "current/calendar", "current/export?format=md"):
        assert assert_reach(client, cases, "GET", f"{base}/{path}") == 200
    assert assert_reach(client, cases, "POST", f"{base}/current/adapt") == 200
