"""The dashboard's pages and form posts, through the real application on the test database."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from aicoach.services.metrics_view import metrics_report
from aicoach.storage.server_tables import UserRow
from aicoach.storage.tables import AlertRow, PlanRow, RecommendationRow
from aicoach.web.i18n import CATALOGUE
from tests.api.conftest import ApiUser, coach_of
from tests.web.helpers import add_blood_pressure, browser_login, database_of, seed_history

MakeUser = Callable[..., ApiUser]
PAGES = ["/", "/training", "/health", "/plan", "/chat", "/upload", "/settings", "/teams"]
EXTERNAL_URL = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1|localhost)[a-z0-9.-]+\.[a-z]{2,}", re.I)


def _chart(html: str, chart_id: str) -> dict[str, object]:
    found = re.search(
        rf'<script type="application/json" id="chart-{chart_id}">(.*?)</script>', html, re.S
    )
    assert found is not None, f"no {chart_id} chart in the page"
    figure: dict[str, object] = json.loads(found.group(1))
    return figure


@pytest.mark.parametrize("path", [*PAGES, "/activities/1", "/coach", "/teams/1"])
def test_a_logged_out_visitor_is_sent_to_login(client: TestClient, path: str) -> None:
    answer = client.get(
        path, params={"athlete": 1} if path == "/" else None, follow_redirects=False
    )
    assert answer.status_code == 303
    expected = "/login?next=" + path.replace("/", "%2F") + ("%3Fathlete%3D1" if path == "/" else "")
    assert answer.headers["location"] == expected


def test_login_follows_only_local_next_paths(client: TestClient) -> None:
    page = client.get("/login", params={"next": "//evil.example/x"}).text
    assert 'data-next="/"' in page
    page = client.get("/login", params={"next": "/training?athlete=3"}).text
    assert 'data-next="/training?athlete=3"' in page
    assert '<html lang="en">' in page


def test_the_login_page_speaks_chinese_when_asked(client: TestClient) -> None:
    page = client.get("/register", params={"lang": "zh"}).text
    assert '<html lang="zh-CN">' in page
    assert CATALOGUE["register_title"][1] in page


def test_pages_show_the_athletes_own_numbers(client: TestClient, make_user: MakeUser) -> None:
    ann = make_user("ann@example.org", name="Ann")
    count = seed_history(client, ann.athlete_id)
    browser_login(client, ann.email)
    with database_of(client).sessions() as session:
        current = metrics_report(session, "Ann")["current"]
    assert current["ctl"] is not None and current["ctl"] > 0

    training = client.get("/training")
    assert training.status_code == 200
    assert f"<dd>{current['ctl']:.0f}</dd>" in training.text
    links = re.findall(r'href="/activities/(\d+)"', training.text)
    assert len(links) == count
    fitness = _chart(training.text, "fitness")
    ctl_trace = next(t for t in fitness["data"] if t["name"] == "Fitness (CTL)")  # type: ignore[attr-defined]
    assert ctl_trace["y"][-1] == pytest.approx(current["ctl"], abs=1e-3)

    activity = client.get(f"/activities/{links[0]}")
    assert activity.status_code == 200
    streams = _chart(activity.text, "streams")
    hr = next(t for t in streams["data"] if t["name"] == "HR (bpm)")  # type: ignore[attr-defined]
    assert len(hr["y"]) > 100 and 60 < max(v for v in hr["y"] if v is not None) < 220

    health = client.get("/health").text
    assert _chart(health, "hrv")["data"]
    today = client.get("/")
    assert today.status_code == 200
    assert 'id="feedback-done"' in today.text
    assert f"<dd>{current['ctl']:.0f}</dd>" in today.text
    with database_of(client).sessions() as session:
        made = session.scalars(
            select(RecommendationRow).where(RecommendationRow.athlete_id == ann.athlete_id)
        ).all()
    assert len(made) == 1
    assert made[0].decision["title"] in today.text


def test_a_chinese_user_gets_chinese_pages(client: TestClient, make_user: MakeUser) -> None:
    mei = make_user("mei@example.org", name="Mei")
    csrf = browser_login(client, mei.email)
    changed = client.post("/web/language", data={"language": "zh"}, headers={"X-CSRF-Token": csrf})
    assert changed.status_code == 204 and changed.headers["HX-Refresh"] == "true"
    for path in PAGES:
        page = client.get(path).text
        assert '<html lang="zh-CN">' in page
        assert CATALOGUE["nav_training"][1] in page
        assert CATALOGUE["nav_training"][0] not in page
    refused = client.post("/web/language", data={"language": "fr"}, headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 422


def test_nothing_served_points_to_another_host(client: TestClient, make_user: MakeUser) -> None:
    ann = make_user("ann@example.org", name="Ann")
    seed_history(client, ann.athlete_id, days=14)
    browser_login(client, ann.email)
    training = client.get("/training").text
    first = re.findall(r'href="/activities/(\d+)"', training)[0]
    served = [client.get(path).text for path in [*PAGES, f"/activities/{first}", "/teams/1"]]
    served += [client.get("/login").text, client.get("/register").text]
    assets = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', "".join(served)))
    assert {"/static/aicoach.css", "/static/aicoach.js", "/static/vendor/htmx.min.js"} <= assets
    assert "/static/vendor/plotly.min.js" in assets
    for asset in assets - {"/static/vendor/plotly.min.js"}:
        answer = client.get(asset)
        assert answer.status_code == 200, asset
        served.append(answer.text)
    for text in served:
        assert EXTERNAL_URL.search(text) is None, EXTERNAL_URL.search(text)
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200 and plotly.content.startswith(b"/**")
    assert "max-age=31536000" in plotly.headers["cache-control"]
    assert plotly.headers["content-type"].startswith("text/javascript")


def test_a_coach_sees_an_athlete_only_through_an_accepted_link(
    client: TestClient, make_user: MakeUser
) -> None:
    ann = make_user("ann@example.org", name="Ann")
    coach = make_user("coach@example.org", role="coach", name="Coach Carla")
    other = make_user("bob@example.org", name="Bob")
    seed_history(client, ann.athlete_id, days=14)
    browser_login(client, ann.email)
    training = client.get("/training").text
    activity_id = int(re.findall(r'href="/activities/(\d+)"', training)[0])
    paths = ["/", "/training", "/health", "/plan", f"/activities/{activity_id}"]

    def statuses(email: str) -> set[int]:
        browser_login(client, email)
        return {client.get(p, params={"athlete": ann.athlete_id}).status_code for p in paths}

    assert statuses(coach.email) == {404}
    assert statuses(other.email) == {404}
    link_id = coach_of(client, coach, ann)
    assert statuses(coach.email) == {200}
    browser_login(client, coach.email)
    roster = client.get("/coach").text
    assert f'href="/?athlete={ann.athlete_id}"' in roster and "Ann" in roster
    viewed = client.get("/", params={"athlete": ann.athlete_id}).text
    assert "Ann" in viewed and 'id="feedback-done"' not in viewed
    with database_of(client).sessions() as session:
        made = session.scalars(
            select(RecommendationRow).where(RecommendationRow.athlete_id == ann.athlete_id)
        ).all()
    assert made == []  # a coach's visit does not decide the athlete's day
    revoked = client.post(f"/api/v1/coaching/links/{link_id}/revoke", headers=ann.headers)
    assert revoked.status_code == 200, revoked.text
    assert statuses(coach.email) == {404}
    browser_login(client, ann.email)
    assert client.get("/coach").status_code == 404  # the roster is a coach's page


def test_another_athletes_activity_is_not_found(client: TestClient, make_user: MakeUser) -> None:
    ann = make_user("ann@example.org", name="Ann")
    bob = make_user("bob@example.org", name="Bob")
    seed_history(client, ann.athlete_id, days=7)
    browser_login(client, ann.email)
    activity_id = re.findall(r'href="/activities/(\d+)"', client.get("/training").text)[0]
    browser_login(client, bob.email)
    answer = client.get(f"/activities/{activity_id}")
    assert answer.status_code == 404
    assert CATALOGUE["not_found_title"][0] in answer.text


def test_feedback_is_stored_for_the_athlete_only(client: TestClient, make_user: MakeUser) -> None:
    ann = make_user("ann@example.org", name="Ann")
    coach = make_user("coach@example.org", role="coach")
    bob = make_user("bob@example.org", name="Bob")
    csrf = browser_login(client, ann.email)
    assert client.get("/").status_code == 200  # makes today's recommendation
    url = f"/web/athletes/{ann.athlete_id}/feedback"
    body = {"done": "true", "rating": "4", "rpe": "6"}
    assert client.post(url, data=body).status_code == 403  # no CSRF header
    saved = client.post(url, data=body, headers={"X-CSRF-Token": csrf})
    assert saved.status_code == 200, saved.text
    assert 'id="feedback-stored"' in saved.text and "4/5" in saved.text
    with database_of(client).sessions() as session:
        row = session.scalars(
            select(RecommendationRow).where(RecommendationRow.athlete_id == ann.athlete_id)
        ).one()
    assert (row.done, row.rating_1_5, row.rpe_0_10) == (True, 4, 6.0)
    assert (
        client.post(
            url, data={"done": "true", "rating": "9"}, headers={"X-CSRF-Token": csrf}
        ).status_code
        == 422
    )

    for user in (bob, coach):
        other_csrf = browser_login(client, user.email)
        answer = client.post(url, data=body, headers={"X-CSRF-Token": other_csrf})
        assert answer.status_code == 404
    coach_of(client, coach, ann)
    coach_csrf = browser_login(client, coach.email)
    answer = client.post(url, data=body, headers={"X-CSRF-Token": coach_csrf})
    assert answer.status_code == 403  # a coach reads the athlete's day but does not rate it


def test_an_alert_is_acknowledged_by_the_athlete_or_an_active_coach(
    client: TestClient, make_user: MakeUser
) -> None:
    ann = make_user("ann@example.org", name="Ann")
    bob = make_user("bob@example.org", name="Bob")
    coach = make_user("coach@example.org", role="coach")
    add_blood_pressure(client, ann.athlete_id, datetime.now(UTC).date(), high=True)
    browser_login(client, ann.email)
    page = client.get("/health").text
    alert_ids = [int(i) for i in re.findall(r'id="alert-(\d+)"', page)]
    assert alert_ids, "a resting blood pressure of 186/114 raises an alert"
    assert "186" in page
    alert_id = alert_ids[0]
    url = f"/web/athletes/{ann.athlete_id}/alerts/{alert_id}/acknowledge"

    bob_csrf = browser_login(client, bob.email)
    assert client.post(url, headers={"X-CSRF-Token": bob_csrf}).status_code == 404
    bobs_own = f"/web/athletes/{bob.athlete_id}/alerts/{alert_id}/acknowledge"
    assert client.post(bobs_own, headers={"X-CSRF-Token": bob_csrf}).status_code == 404
    coach_csrf = browser_login(client, coach.email)
    assert client.post(url, headers={"X-CSRF-Token": coach_csrf}).status_code == 404
    coach_of(client, coach, ann)
    coach_csrf = browser_login(client, coach.email)
    done = client.post(url, headers={"X-CSRF-Token": coach_csrf})
    assert done.status_code == 200, done.text
    assert CATALOGUE["acknowledged"][0] in done.text
    with database_of(client).sessions() as session:
        assert session.get_one(AlertRow, alert_id).acknowledged_at is not None


def test_a_plan_made_from_the_form_shows_on_the_plan_page(
    client: TestClient, make_user: MakeUser
) -> None:
    ann = make_user("ann@example.org", name="Ann")
    bob = make_user("bob@example.org", name="Bob")
    url = f"/web/athletes/{ann.athlete_id}/plan"
    bob_csrf = browser_login(client, bob.email)
    assert (
        client.post(url, data={"goal": "general"}, headers={"X-CSRF-Token": bob_csrf}).status_code
        == 404
    )
    csrf = browser_login(client, ann.email)
    assert CATALOGUE["no_plan"][0] in client.get("/plan").text
    bad = client.post(url, data={"goal": "moonwalk"}, headers={"X-CSRF-Token": csrf})
    assert bad.status_code == 422
    made = client.post(url, data={"goal": "general", "weeks": "4"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 204 and made.headers["HX-Redirect"] == "/plan"
    page = client.get("/plan").text
    assert page.count('class="calendar"') == 4
    with database_of(client).sessions() as session:
        plans = session.scalars(select(PlanRow).where(PlanRow.athlete_id == ann.athlete_id)).all()
        user = session.scalars(select(UserRow).where(UserRow.email == ann.email)).one()
    assert len(plans) == 1 and user.language == "en"
