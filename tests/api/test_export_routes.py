"""Exports over the API: JSON with streams, a zip of CSV files, a FHIR bundle; owner only."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from aicoach.io.csv_readers import read_wellness_csv
from tests.api.conftest import ApiUser
from tests.api.test_activity_routes import SAMPLES, access_cases, assert_reach, store_activities


def _seed(client: TestClient, user: ApiUser) -> list[int]:
    now = datetime.now(UTC).replace(hour=6, minute=0, second=0, microsecond=0)
    ids = store_activities(
        client, user.athlete_id, [now - timedelta(days=2), now - timedelta(days=1)]
    )
    wellness = f"/api/v1/athletes/{user.athlete_id}/wellness"
    body = {
        "resting_hr_bpm": 50,
        "hrv_rmssd_ms": 70,
        "systolic_mmhg": 118,
        "diastolic_mmhg": 76,
        "sleep_h": 8,
    }
    assert client.post(wellness, json=body, headers=user.headers).status_code == 201
    return ids


def test_json_has_everything_with_streams(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("e1@example.org", name="Ellis Export")
    ids = _seed(client, user)
    client.get(f"/api/v1/athletes/{user.athlete_id}/today", headers=user.headers)
    answer = client.get(f"/api/v1/athletes/{user.athlete_id}/export", headers=user.headers)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"].startswith("attachment")
    document = answer.json()
    assert document["profile"]["name"] == "Ellis Export"
    assert [a["id"] for a in document["activities"]] == ids  # oldest first
    streams = document["activities"][0]["streams"]
    assert len(streams["heart_rate_bpm"]) == SAMPLES and streams["time_s"][:2] == [0.0, 1.0]
    assert document["wellness"][0]["resting_hr_bpm"] == 50
    assert len(document["recommendations"]) == 1
    for key in ("manual_sessions", "alerts", "plans", "conversations"):
        assert isinstance(document[key], list)


def test_csv_zip_round_trips_wellness(
    client: TestClient, make_user: Callable[..., ApiUser]
) -> None:
    user = make_user("e2@example.org")
    ids = _seed(client, user)
    answer = client.get(
        f"/api/v1/athletes/{user.athlete_id}/export", params={"format": "csv"}, headers=user.headers
    )
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    assert sorted(archive.namelist()) == ["activities.csv", "sessions.csv", "wellness.csv"]
    rows = list(csv.DictReader(io.StringIO(archive.read("activities.csv").decode())))
    assert [int(row["id"]) for row in rows] == ids and rows[0]["duration_s"] == str(
        float(SAMPLES - 60)
    )
    parsed = read_wellness_csv(io.BytesIO(archive.read("wellness.csv")), "wellness.csv")
    assert parsed.wellness[0].resting_hr_bpm == 50 and parsed.wellness[0].systolic_mmhg == 118
    assert archive.read("sessions.csv").decode().startswith("date,sport,duration_min,rpe")


def test_fhir_bundle_of_the_vitals(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    user = make_user("e3@example.org")
    _seed(client, user)
    answer = client.get(
        f"/api/v1/athletes/{user.athlete_id}/export",
        params={"format": "fhir"},
        headers=user.headers,
    )
    assert answer.status_code == 200 and answer.headers["content-type"].startswith(
        "application/fhir+json"
    )
    bundle = answer.json()
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    resources = [item["resource"] for item in bundle["entry"]]
    assert len(resources) == 4  # resting HR, HRV, blood pressure, sleep
    assert {r["subject"]["reference"] for r in resources} == {f"Patient/{user.athlete_id}"}
    assert (
        client.get(
            f"/api/v1/athletes/{user.athlete_id}/export",
            params={"format": "xml"},
            headers=user.headers,
        ).status_code
        == 422
    )


def test_only_the_athlete_exports(client: TestClient, make_user: Callable[..., ApiUser]) -> None:
    owner = make_user("e4@example.org")
    cases = access_cases(client, make_user, owner, "export")
    url = f"/api/v1/athletes/{owner.athlete_id}/export"
    for kind in ("json", "csv", "fhir"):
        assert assert_reach(client, cases, "GET", f"{url}?format={kind}") == 403
