"""Activities over the API: pages, detail, streams with downsampling, deletion, and access.

Activities are stored through the real storage layer from values built here (streams that
vary, so that averages and bucket means tell implementations apart).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import numpy as np
from fastapi.testclient import TestClient

from aicoach.domain.activity import Activity, Lap, Sport, StreamChannel
from aicoach.storage.activities import add_activity
from tests.api.conftest import ApiUser, coach_of

SAMPLES = 3600


def athlete_activity(
    start: datetime, *, sport: Sport = Sport.RUNNING, hr_shift: float = 0.0
) -> Activity:
    """One hour at 1 Hz: heart rate climbing 120 -> 159.99 bpm, speed 3 m/s with a sine."""
    time_s = np.arange(SAMPLES, dtype=float)
    heart_rate = 120.0 + hr_shift + time_s / 90.0
    speed = 3.0 + 0.5 * np.sin(time_s / 300.0)
    distance = np.cumsum(speed)
    streams = {
        StreamChannel.TIME_S: time_s,
        StreamChannel.HEART_RATE_BPM: heart_rate,
        StreamChannel.SPEED_M_S: speed,
        StreamChannel.DISTANCE_M: distance,
        StreamChannel.LATITUDE_DEG: 51.46 + time_s * 1e-6,
        StreamChannel.LONGITUDE_DEG: -0.30 + time_s * 1e-6,
    }
    if sport is Sport.CYCLING:
        streams[StreamChannel.POWER_W] = 150.0 + 100.0 * (time_s % 600 < 300)
    return Activity(
        sport=sport,
        start_time=start,
        source_format="fit",
        name=f"{sport.value} at {start:%H:%M}",
        elapsed_s=float(SAMPLES),
        timer_s=float(SAMPLES - 60),
        distance_m=float(distance[-1]),
        streams=streams,
        laps=[Lap(start_time=start, elapsed_s=1800.0, distance_m=float(distance[1799]))],
    )


def store_activities(
    client: TestClient, athlete_id: int, starts: list[datetime], **kwargs: object
) -> list[int]:
    """Store one activity per start time; their ids, in the same order."""
    database = client.app.state.server.database  # type: ignore[attr-defined]
    with database.sessions.begin() as session:
        ids = []
        for index, start in enumerate(starts):
            row = add_activity(
                session,
                athlete_id,
                athlete_activity(start, **kwargs),  # type: ignore[arg-type]
                source_name=f"a{index}.fit",
                source_sha256=f"{athlete_id:032d}{index:032d}",
                recovery_notes=[],
            )
            ids.append(row.id)
    return ids


def set_thresholds(client: TestClient, user: ApiUser) -> None:
    answer = client.patch(
        f"/api/v1/athletes/{user.athlete_id}/profile",
        json={"hr_max_bpm": 190, "hr_rest_bpm": 50, "lthr_bpm": 170, "ftp_w": 250},
        headers=user.headers,
    )
    assert answer.status_code == 200, answer.text


def access_cases(
    client: TestClient, make_user: Callable[..., ApiUser], owner: ApiUser, prefix: str
) -> dict[str, ApiUser]:
    """A stranger athlete, an invited-only coach, a revoked coach and an active coach."""
    stranger = make_user(f"stranger-{prefix}@example.org")
    invited = make_user(f"invited-{prefix}@example.org", role="coach")
    client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": owner.email}, headers=invited.headers
    )
    revoked = make_user(f"revoked-{prefix}@example.org", role="coach")
    link = coach_of(client, revoked, owner)
    client.post(f"/api/v1/coaching/links/{link}/revoke", headers=owner.headers)
    active = make_user(f"active-{prefix}@example.org", role="coach")
    coach_of(client, active, owner)
    return {"stranger": stranger, "invited": invited, "revoked": revoked, "active": active}


def assert_reach(
    client: TestClient, cases: dict[str, ApiUser], method: str, url: str, **kwargs: object
) -> int:
    """Strangers, invited and revoked coaches get 404; returns the active coach's status."""
    for name in ("stranger", "invited", "revoked"):
        answer = client.request(method, url, headers=cases[name].headers, **kwargs)  # type: ignore[arg-type]
        assert answer.status_code == 404, (name, url, answer.text)
    return client.request(method, url, headers=cases["active"].headers, **kwargs).status_code  # type: ignore[arg-type]


DAY0 = datetime(2025, 3, 3, 7, 0, tzinfo=UTC)  # a Monday


def test_list_is_newest_first_and_pages_by_local_day(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("act1@example.org")
    set_thresholds(client, user)
    starts = [DAY0 + timedelta(days=offset) for offset in range(5)]
    ids = store_activities(client, user.athlete_id, starts)
    url = f"/api/v1/athletes/{user.athlete_id}/activities"
    page = client.get(url, params={"limit": 2}, headers=user.headers)
    assert page.status_code == 200, page.text
    assert [item["id"] for item in page.json()] == [ids[4], ids[3]]
    first = page.json()[0]
    assert first["duration_s"] == SAMPLES - 60
    assert first["elapsed_s"] == SAMPLES
    assert first["avg_hr_bpm"] is not None and abs(first["avg_hr_bpm"] - 139.99) < 0.1
    assert first["load"] is not None and first["load"] > 0
    assert first["distance_m"] > 10000
    older = client.get(
        url, params={"before": "2025-03-06", "since": "2025-03-04"}, headers=user.headers
    )
    assert [item["id"] for item in older.json()] == [ids[2], ids[1]]
    assert client.get(url, params={"limit": 0}, headers=user.headers).status_code == 422
    assert client.get(url, params={"limit": 201}, headers=user.headers).status_code == 422


def test_detail_has_laps_metrics_zones_and_mean_max(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("act2@example.org")
    set_thresholds(client, user)
    (ride,) = store_activities(client, user.athlete_id, [DAY0], sport=Sport.CYCLING)
    answer = client.get(
        f"/api/v1/athletes/{user.athlete_id}/activities/{ride}", headers=user.headers
    )
    assert answer.status_code == 200, answer.text
    detail = answer.json()
    assert detail["sport"] == "cycling" and len(detail["laps"]) == 1
    assert detail["streams"]["power_w"] == SAMPLES
    power = detail["mean_max"]["power_w"]
    # 300 s blocks at 250 W alternate with 150 W: the best 5 minutes average exactly 250 W
    assert power["value"][power["duration_s"].index(300.0)] == 250.0
    assert detail["metrics"]
    assert detail["hr_zone_time_s"] is None or sum(detail["hr_zone_time_s"].values()) > 0


def test_streams_downsample_to_bucket_means(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("act3@example.org")
    (run,) = store_activities(client, user.athlete_id, [DAY0])
    url = f"/api/v1/athletes/{user.athlete_id}/activities/{run}/streams"
    full = client.get(url, headers=user.headers).json()
    assert full["point_count"] == SAMPLES and full["power_w"] is None
    assert full["hr_bpm"][90] == 121.0
    coarse = client.get(url, params={"resolution_s": 2}, headers=user.headers).json()
    assert coarse["point_count"] == SAMPLES // 2 <= 2000
    assert coarse["time_s"][:3] == [0.0, 2.0, 4.0]
    stored = np.array(full["hr_bpm"])
    expected = (stored[0::2] + stored[1::2]) / 2  # each bucket: the mean of its two samples
    assert np.allclose(coarse["hr_bpm"], expected)
    assert 120.5 in coarse["hr_bpm"]  # a bucket straddling 120 -> 121 bpm
    assert len(coarse["lat_deg"]) == coarse["point_count"]
    assert client.get(url, params={"resolution_s": 0}, headers=user.headers).status_code == 422


def test_only_the_athlete_deletes_and_missing_or_foreign_ids_are_404(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    owner = make_user("act4@example.org")
    other = make_user("act4b@example.org")
    (mine,) = store_activities(client, owner.athlete_id, [DAY0])
    (theirs,) = store_activities(client, other.athlete_id, [DAY0])
    coach = make_user("act4c@example.org", role="coach")
    coach_of(client, coach, owner)
    base = f"/api/v1/athletes/{owner.athlete_id}/activities"
    foreign = client.get(f"{base}/{theirs}", headers=owner.headers)
    missing = client.get(f"{base}/999999", headers=owner.headers)
    assert foreign.status_code == missing.status_code == 404
    assert client.delete(f"{base}/{mine}", headers=coach.headers).status_code == 403
    assert client.delete(f"{base}/{theirs}", headers=owner.headers).status_code == 404
    assert client.delete(f"{base}/{mine}", headers=owner.headers).status_code == 204
    assert client.get(f"{base}/{mine}", headers=owner.headers).status_code == 404
    assert client.get(base, headers=owner.headers).json() == []
    assert (
        client.get(f"/api/v1/athletes/{other.athlete_id}/activities", headers=other.headers).json()[
            0
        ]["id"]
        == theirs
    )


def test_cross_user_access(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("act5@example.org")
    (run,) = store_activities(client, owner.athlete_id, [DAY0])
    cases = access_cases(client, make_user, owner, "act")
    base = f"/api/v1/athletes/{owner.athlete_id}/activities"
    for url in (base, f"{base}/{run}", f"{base}/{run}/streams"):
        assert assert_reach(client, cases, "GET", url) == 200
    assert assert_reach(client, cases, "DELETE", f"{base}/{run}") == 403
