"""Teams through the API: codes, shared progress, the feed, challenges, kudos and comments,
and that nothing of a team reaches anyone outside it."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import numpy as np
from fastapi.testclient import TestClient

from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.domain.session import ManualSession
from aicoach.storage.activities import add_activity
from aicoach.storage.database import Database
from aicoach.storage.server_tables import TeamRow
from aicoach.storage.sessions import add_manual_session
from tests.api.conftest import ApiUser, coach_of

WEEK = date(2026, 3, 2)
"""A Monday."""


def database_of(client: TestClient) -> Database:
    database: Database = cast(Any, client.app).state.server.database
    return database


def add_activity_for(
    client: TestClient,
    user: ApiUser,
    start: datetime,
    *,
    sport: Sport = Sport.RUNNING,
    duration_s: float = 1800.0,
    distance_m: float | None = 5000.0,
    power: bool = False,
) -> int:
    """Store an activity with GPS (and optionally power) streams; returns its id."""
    time_s = np.arange(int(duration_s), dtype=np.float64)
    streams = {
        StreamChannel.TIME_S: time_s,
        StreamChannel.LATITUDE_DEG: 51.46 + time_s * 1e-5,
        StreamChannel.LONGITUDE_DEG: -0.30 + np.sin(time_s / 300.0) * 1e-3,
    }
    if power:
        streams[StreamChannel.POWER_W] = 190.0 + 70.0 * np.sin(time_s / 97.0) + time_s * 0.01
    activity = Activity(
        sport=sport,
        start_time=start,
        source_format="fit",
        name=f"{sport.value} at {start:%H:%M}",
        elapsed_s=duration_s,
        timer_s=duration_s,
        distance_m=distance_m,
        streams=streams,
    )
    digest = hashlib.sha256(f"{user.email} {start.isoformat()} {sport}".encode()).hexdigest()
    with database_of(client).sessions.begin() as session:
        row = add_activity(
            session,
            user.athlete_id,
            activity,
            source_name="test.fit",
            source_sha256=digest,
            recovery_notes=[],
        )
        return row.id


def add_logged_session(
    client: TestClient, user: ApiUser, day: date, sport: Sport, duration_s: float, **extra: Any
) -> None:
    with database_of(client).sessions.begin() as session:
        add_manual_session(
            session, user.athlete_id, ManualSession(day, sport, duration_s, 5.0, **extra)
        )


def at(day: date, hour: int = 7) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def new_team(client: TestClient, owner: ApiUser, name: str = "Harriers") -> dict[str, Any]:
    answer = client.post("/api/v1/teams", json={"name": name}, headers=owner.headers)
    assert answer.status_code == 201, answer.text
    created: dict[str, Any] = answer.json()
    return created


def join(client: TestClient, user: ApiUser, code: str) -> int:
    answer = client.post("/api/v1/teams/join", json={"invite_code": code}, headers=user.headers)
    return answer.status_code


def team_of(
    client: TestClient, make_user: Callable[..., ApiUser], *names: str
) -> tuple[int, list[ApiUser]]:
    """A team whose first member (the owner) created it and the others joined."""
    users = [make_user(f"{name}@example.org", name=name) for name in names]
    team = new_team(client, users[0])
    for user in users[1:]:
        assert join(client, user, team["invite_code"]) == 200
    return team["id"], users


def test_owner_creates_members_join_and_only_the_hash_of_the_code_is_stored(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    owner = make_user("owner@example.org", name="Olga")
    ben = make_user("ben@example.org", name="Ben")
    created = new_team(client, owner)
    code = created["invite_code"]
    assert len(code) >= 12
    with database_of(client).sessions() as session:
        row = session.get_one(TeamRow, created["id"])
        assert row.invite_code_sha256 == hashlib.sha256(code.encode()).hexdigest()
        assert code not in {row.name, row.invite_code_sha256}
    assert join(client, ben, "not-the-code") == 404
    assert join(client, ben, f"  {code} ") == 200
    assert join(client, ben, code) == 200  # joining again changes nothing
    listed = client.get("/api/v1/teams", headers=ben.headers).json()
    assert [(t["name"], t["my_role"], t["member_count"]) for t in listed] == [
        ("Harriers", "member", 2)
    ]
    assert "invite_code" not in listed[0]
    detail = client.get(f"/api/v1/teams/{created['id']}", headers=owner.headers).json()
    assert [(m["name"], m["role"]) for m in detail["members"]] == [
        ("Ben", "member"),
        ("Olga", "owner"),
    ]
    assert "email" not in detail["members"][0]


def test_owner_rotates_the_code_and_the_old_one_stops_working(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (owner, ben) = team_of(client, make_user, "olga", "ben")
    old = client.get("/api/v1/teams", headers=owner.headers).json()
    assert old[0]["my_role"] == "owner"
    assert (
        client.post(f"/api/v1/teams/{team_id}/invite-code", headers=ben.headers).status_code == 403
    )
    rotated = client.post(f"/api/v1/teams/{team_id}/invite-code", headers=owner.headers)
    assert rotated.status_code == 200
    carl = make_user("carl@example.org")
    dora = make_user("dora@example.org")
    with database_of(client).sessions() as session:
        stored = session.get_one(TeamRow, team_id).invite_code_sha256
    assert stored == hashlib.sha256(rotated.json()["invite_code"].encode()).hexdigest()
    assert join(client, dora, rotated.json()["invite_code"]) == 200
    assert client.get(f"/api/v1/teams/{team_id}", headers=carl.headers).status_code == 404


def test_leaving_ends_access_and_passes_ownership_on(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (owner, ben, cleo) = team_of(client, make_user, "olga", "ben", "cleo")
    assert client.post(f"/api/v1/teams/{team_id}/leave", headers=owner.headers).status_code == 204
    assert client.get(f"/api/v1/teams/{team_id}", headers=owner.headers).status_code == 404
    detail = client.get(f"/api/v1/teams/{team_id}", headers=ben.headers).json()
    assert {m["name"]: m["role"] for m in detail["members"]} == {"ben": "owner", "cleo": "member"}
    client.post(f"/api/v1/teams/{team_id}/leave", headers=ben.headers)
    client.post(f"/api/v1/teams/{team_id}/leave", headers=cleo.headers)
    with database_of(client).sessions() as session:
        assert session.get(TeamRow, team_id) is None  # the last one out deletes the team


def test_shared_progress_counts_a_week_of_each_member(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben) = team_of(client, make_user, "ann", "ben")
    add_activity_for(client, ann, at(WEEK), duration_s=1800, distance_m=6000)
    add_activity_for(
        client, ann, at(WEEK, 18), sport=Sport.CYCLING, duration_s=3600, distance_m=None
    )
    add_activity_for(client, ann, at(WEEK + timedelta(days=3)), duration_s=2400, distance_m=8000)
    add_activity_for(client, ann, at(WEEK + timedelta(days=7)), duration_s=999, distance_m=999)
    add_activity_for(client, ann, at(WEEK - timedelta(days=1)), duration_s=999, distance_m=999)
    add_logged_session(client, ann, WEEK + timedelta(days=5), Sport.STRENGTH, 1200.0)
    url = f"/api/v1/teams/{team_id}?week_start={WEEK.isoformat()}"
    detail = client.get(url, headers=ben.headers).json()
    progress = {
        m["name"]: (m["week_duration_s"], m["week_distance_m"], m["week_active_days"])
        for m in detail["members"]
    }
    assert detail["week_start"] == WEEK.isoformat()
    assert progress == {"ann": (9000.0, 14000.0, 3), "ben": (0.0, 0.0, 0)}
    tuesday = (WEEK + timedelta(days=1)).isoformat()
    assert (
        client.get(f"/api/v1/teams/{team_id}?week_start={tuesday}", headers=ben.headers).status_code
        == 422
    )


def test_feed_shows_members_summaries_without_gps_and_never_an_outsider(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben) = team_of(client, make_user, "ann", "ben")
    outsider = make_user("out@example.org")
    first = add_activity_for(client, ann, at(WEEK), duration_s=1500, distance_m=4200)
    second = add_activity_for(client, ben, at(WEEK + timedelta(days=1)), sport=Sport.CYCLING)
    add_activity_for(client, outsider, at(WEEK + timedelta(days=2)))
    client.post(f"/api/v1/teams/{team_id}/activities/{first}/kudos", headers=ben.headers)
    client.post(
        f"/api/v1/teams/{team_id}/activities/{first}/comments",
        json={"text": "nice"},
        headers=ben.headers,
    )
    answer = client.get(f"/api/v1/teams/{team_id}/feed", headers=ann.headers)
    assert answer.status_code == 200
    items = answer.json()
    assert [item["activity_id"] for item in items] == [second, first]
    ann_item = items[1]
    assert ann_item["athlete_name"] == "ann" and ann_item["sport"] == "running"
    assert ann_item["duration_s"] == 1500.0 and ann_item["distance_m"] == 4200.0
    assert (ann_item["kudos_count"], ann_item["comment_count"], ann_item["kudos_from_me"]) == (
        1,
        1,
        False,
    )
    text = answer.text.lower()
    assert "latitude" not in text and "longitude" not in text and "stream" not in text
    assert (
        client.get(f"/api/v1/teams/{team_id}/feed?limit=1", headers=ann.headers).json()[0][
            "activity_id"
        ]
        == second
    )


def test_distance_leaderboard_ranks_members_by_kilometres(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben, cleo) = team_of(client, make_user, "ann", "ben", "cleo")
    add_activity_for(client, ann, at(WEEK), distance_m=5000.0)
    add_activity_for(client, ann, at(WEEK + timedelta(days=6), 20), distance_m=7500.0)
    add_activity_for(client, ben, at(WEEK + timedelta(days=2)), distance_m=30000.0)
    add_activity_for(client, cleo, at(WEEK + timedelta(days=7)), distance_m=50000.0)  # next week
    challenge = client.post(
        f"/api/v1/teams/{team_id}/challenges",
        json={
            "title": "50 km week",
            "kind": "distance",
            "week_start": WEEK.isoformat(),
            "target": 20,
        },
        headers=cleo.headers,
    )
    assert challenge.status_code == 201, challenge.text
    assert challenge.json()["week_end"] == (WEEK + timedelta(days=6)).isoformat()
    board = client.get(
        f"/api/v1/teams/{team_id}/challenges/{challenge.json()['id']}/leaderboard",
        headers=ann.headers,
    ).json()
    assert [
        (s["rank"], s["name"], s["distance_km"], s["completed"]) for s in board["standings"]
    ] == [
        (1, "ben", 30.0, True),
        (2, "ann", 12.5, False),
        (3, "cleo", 0.0, False),
    ]
    listed = client.get(f"/api/v1/teams/{team_id}/challenges", headers=ben.headers).json()
    assert [c["title"] for c in listed] == ["50 km week"]


def test_sport_filter_and_shared_ranks_on_ties(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben, cleo) = team_of(client, make_user, "ann", "ben", "cleo")
    add_activity_for(client, ann, at(WEEK), sport=Sport.CYCLING, distance_m=40000.0)
    add_activity_for(client, ann, at(WEEK + timedelta(days=1)), distance_m=10000.0)
    add_activity_for(client, ben, at(WEEK + timedelta(days=1)), distance_m=10000.0)
    add_logged_session(
        client, cleo, WEEK + timedelta(days=4), Sport.RUNNING, 900.0, distance_m=2500.0
    )
    body = {
        "title": "run",
        "kind": "distance",
        "sport": "running",
        "week_start": str(WEEK),
        "target": 10,
    }
    challenge_id = client.post(
        f"/api/v1/teams/{team_id}/challenges", json=body, headers=ann.headers
    ).json()["id"]
    board = client.get(
        f"/api/v1/teams/{team_id}/challenges/{challenge_id}/leaderboard", headers=ann.headers
    ).json()
    assert [(s["rank"], s["name"], s["distance_km"]) for s in board["standings"]] == [
        (1, "ann", 10.0),
        (1, "ben", 10.0),
        (3, "cleo", 2.5),
    ]


def test_consistency_counts_days_with_training(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben) = team_of(client, make_user, "ann", "ben")
    for offset in (0, 0, 2, 4, 6):  # two on Monday: still one day
        add_activity_for(client, ann, at(WEEK + timedelta(days=offset), 6 + offset))
    add_activity_for(client, ben, at(WEEK + timedelta(days=1)))
    add_logged_session(client, ben, WEEK + timedelta(days=3), Sport.STRENGTH, 1800.0)
    add_activity_for(client, ben, at(WEEK - timedelta(days=1)))  # the Sunday before
    body = {"title": "4 days", "kind": "consistency", "week_start": str(WEEK), "target": 4}
    challenge_id = client.post(
        f"/api/v1/teams/{team_id}/challenges", json=body, headers=ben.headers
    ).json()["id"]
    board = client.get(
        f"/api/v1/teams/{team_id}/challenges/{challenge_id}/leaderboard", headers=ben.headers
    ).json()
    standings = [
        (s["rank"], s["name"], s["active_days"], s["distance_km"], s["completed"])
        for s in board["standings"]
    ]
    assert standings == [(1, "ann", 4, None, True), (2, "ben", 2, None, False)]


def test_challenge_input_is_checked(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    team_id, (ann,) = team_of(client, make_user, "ann")
    url = f"/api/v1/teams/{team_id}/challenges"
    good = {"title": "t", "kind": "distance", "week_start": str(WEEK), "target": 5}
    assert client.post(url, json=good, headers=ann.headers).status_code == 201
    for change in (
        {"week_start": str(WEEK + timedelta(days=1))},
        {"target": 0},
        {"target": -3},
        {"kind": "speed"},
        {"sport": "quidditch"},
        {"title": ""},
        {"kind": "consistency", "target": 8},
        {"team_id": team_id + 1},
        {"created_by_user_id": 1},
    ):
        answer = client.post(url, json={**good, **change}, headers=ann.headers)
        assert answer.status_code == 422, (change, answer.text)


def test_kudos_once_per_user_and_comments_are_checked_data(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben, cleo) = team_of(client, make_user, "ann", "ben", "cleo")
    activity = add_activity_for(client, ann, at(WEEK))
    kudos_url = f"/api/v1/teams/{team_id}/activities/{activity}/kudos"
    assert client.post(kudos_url, headers=ben.headers).json()["kudos_count"] == 1
    assert client.post(kudos_url, headers=ben.headers).json()["kudos_count"] == 1
    assert client.post(kudos_url, headers=cleo.headers).json()["kudos_count"] == 2
    feed = client.get(f"/api/v1/teams/{team_id}/feed", headers=ben.headers).json()
    assert feed[0]["kudos_from_me"] is True and feed[0]["kudos_count"] == 2
    url = f"/api/v1/teams/{team_id}/activities/{activity}/comments"
    markup = "<script>alert('x')</script> great run!"
    posted = client.post(url, json={"text": f"  {markup}\n"}, headers=ben.headers)
    assert posted.status_code == 201
    assert posted.json()["text"] == markup and posted.json()["author_name"] == "ben"
    assert client.post(url, json={"text": "x" * 500}, headers=cleo.headers).status_code == 201
    for bad in ({"text": "x" * 501}, {"text": "   "}, {"text": "hi", "user_id": ann.user_id}):
        assert client.post(url, json=bad, headers=cleo.headers).status_code == 422
    listed = client.get(url, headers=ann.headers)
    assert listed.headers["content-type"].startswith("application/json")
    assert [(c["author_name"], len(c["text"])) for c in listed.json()] == [
        ("ben", len(markup)),
        ("cleo", 500),
    ]


def test_comments_and_kudos_of_one_team_do_not_show_in_another(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    red, (ann, ben) = team_of(client, make_user, "ann", "ben")
    blue_team = new_team(client, make_user("zoe@example.org", name="zoe"), "Blue")
    assert join(client, ann, blue_team["invite_code"]) == 200
    activity = add_activity_for(client, ann, at(WEEK))
    client.post(f"/api/v1/teams/{red}/activities/{activity}/kudos", headers=ben.headers)
    client.post(
        f"/api/v1/teams/{red}/activities/{activity}/comments",
        json={"text": "red only"},
        headers=ben.headers,
    )
    blue = blue_team["id"]
    in_blue = client.get(
        f"/api/v1/teams/{blue}/activities/{activity}/comments", headers=ann.headers
    )
    assert in_blue.json() == []
    feed = client.get(f"/api/v1/teams/{blue}/feed", headers=ann.headers).json()
    assert (feed[0]["kudos_count"], feed[0]["comment_count"]) == (0, 0)
    # ben is not in blue: blue's routes do not exist for him
    assert client.get(f"/api/v1/teams/{blue}/feed", headers=ben.headers).status_code == 404


def team_routes(client: TestClient) -> list[tuple[str, str]]:
    paths = client.get("/openapi.json").json()["paths"]
    return [
        (method.upper(), path)
        for path, operations in sorted(paths.items())
        if "{team_id}" in path
        for method in sorted(operations)
    ]


def test_every_team_route_is_404_for_anyone_outside_the_team(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, ben) = team_of(client, make_user, "ann", "ben")
    activity = add_activity_for(client, ann, at(WEEK))
    body = {"title": "t", "kind": "distance", "week_start": str(WEEK), "target": 5}
    challenge = client.post(
        f"/api/v1/teams/{team_id}/challenges", json=body, headers=ann.headers
    ).json()["id"]
    stranger = make_user("stranger@example.org")
    coach = make_user("coach@example.org", role="coach")
    coach_of(client, coach, ann)  # coaching ann does not open ann's teams
    pending = make_user("pending@example.org", role="coach")
    client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": ann.email}, headers=pending.headers
    )
    routes = team_routes(client)
    assert len(routes) >= 10
    ids = {"team_id": team_id, "activity_id": activity, "challenge_id": challenge}
    bodies: dict[str, dict[str, Any]] = {
        "/comments": {"text": "hello"},
        "/challenges": body,
    }
    leaks = []
    for intruder in (stranger, coach, pending):
        for method, path in routes:
            url = re.sub(r"\{([a-z_]+)\}", lambda m: str(ids[m.group(1)]), path)
            payload = next((b for end, b in bodies.items() if path.endswith(end)), None)
            answer = client.request(method, url, headers=intruder.headers, json=payload)
            if answer.status_code != 404:
                leaks.append(f"{intruder.email} {method} {path}: {answer.status_code}")
    assert leaks == []
    # a missing team answers exactly like a hidden one
    hidden = client.get(f"/api/v1/teams/{team_id}", headers=stranger.headers).json()
    missing = client.get("/api/v1/teams/999999", headers=stranger.headers).json()
    assert hidden == missing
    # and nothing was written by the refused requests
    assert (
        client.get(f"/api/v1/teams/{team_id}/feed", headers=ben.headers).json()[0]["kudos_count"]
        == 0
    )
    assert client.get(f"/api/v1/teams/{team_id}", headers=ann.headers).status_code == 200


def test_a_member_cannot_reach_an_outsiders_activity_through_the_team(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    team_id, (ann, _ben) = team_of(client, make_user, "ann", "ben")
    outsider = make_user("out@example.org")
    foreign = add_activity_for(client, outsider, at(WEEK))
    base = f"/api/v1/teams/{team_id}/activities"
    assert client.post(f"{base}/{foreign}/kudos", headers=ann.headers).status_code == 404
    assert client.get(f"{base}/{foreign}/comments", headers=ann.headers).status_code == 404
    assert (
        client.post(
            f"{base}/{foreign}/comments", json={"text": "hi"}, headers=ann.headers
        ).status_code
        == 404
    )
    assert client.post(f"{base}/999999/kudos", headers=ann.headers).status_code == 404
    # a member who left takes their activities out of the team's reach
    ben_activity = add_activity_for(client, _ben, at(WEEK))
    client.post(f"/api/v1/teams/{team_id}/leave", headers=_ben.headers)
    assert client.post(f"{base}/{ben_activity}/kudos", headers=ann.headers).status_code == 404
    feed = client.get(f"/api/v1/teams/{team_id}/feed", headers=ann.headers).json()
    assert ben_activity not in [item["activity_id"] for item in feed]


def test_mass_assignment_in_team_bodies_is_refused(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    ann = make_user("ann@example.org")
    bob = make_user("bob@example.org")
    for extra in ({"owner": True}, {"role": "owner"}, {"team_id": 5}, {"user_id": bob.user_id}):
        answer = client.post("/api/v1/teams", json={"name": "x", **extra}, headers=ann.headers)
        assert answer.status_code == 422, extra
    code = new_team(client, ann)["invite_code"]
    for extra in ({"role": "owner"}, {"user_id": ann.user_id}, {"team_id": 1}):
        answer = client.post(
            "/api/v1/teams/join", json={"invite_code": code, **extra}, headers=bob.headers
        )
        assert answer.status_code == 422, extra
    assert client.get("/api/v1/teams", headers=bob.headers).json() == []
    assert client.get("/api/v1/teams").status_code == 401
