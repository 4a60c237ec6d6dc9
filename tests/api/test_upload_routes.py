"""Uploads through the API: real files become activities, hostile ones leave nothing behind."""

from __future__ import annotations

import gzip
import io
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import fitdecode
import gpxpy
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from aicoach.api.app import create_app
from aicoach.jobs.redis_queue import RedisJobQueue
from aicoach.settings import Settings
from aicoach.storage.database import Database, open_database
from aicoach.storage.server_tables import UploadJobRow
from aicoach.storage.tables import ActivityRow, ImportedFileRow, WellnessRow
from tests.api.conftest import ApiUser, coach_of, register
from tests.io.apple_health_factory import write_apple_health_export

FENIX_RUN = "fit/garmin-fenix-5-run.fit"
GPX_RIDE = "activities/activity_4801048867.gpx"
BOUNDARY = "aicoach-test-boundary"
XXE_GPX = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" creator="x"><trk><name>&xxe;</name><trkseg>
<trkpt lat="52" lon="6"><time>2024-05-04T07:30:00Z</time></trkpt></trkseg></trk></gpx>
"""
XXE_TCX = b"""<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2">
<Activities><Activity Sport="Running"><Id>&xxe;</Id></Activity></Activities>
</TrainingCenterDatabase>
"""


# ---------------------------------------------------------------- helpers


def upload(
    client: TestClient, user: ApiUser, name: str, content: bytes, athlete_id: int | None = None
) -> Any:
    return client.post(
        f"/api/v1/athletes/{athlete_id or user.athlete_id}/uploads",
        files={"file": (name, content, "application/octet-stream")},
        headers=user.headers,
    )


def raw_multipart(parts: list[tuple[bytes, bytes]]) -> bytes:
    """A multipart body built by hand: (Content-Disposition tail, content) per part."""
    body = b""
    for disposition, content in parts:
        body += f"--{BOUNDARY}\r\n".encode()
        body += b"Content-Disposition: form-data; " + disposition + b"\r\n"
        body += b"Content-Type: application/octet-stream\r\n\r\n" + content + b"\r\n"
    return body + f"--{BOUNDARY}--\r\n".encode()


def post_raw(client: TestClient, user: ApiUser, body: bytes | Iterator[bytes]) -> Any:
    return client.post(
        f"/api/v1/athletes/{user.athlete_id}/uploads",
        content=body,
        headers={**user.headers, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"},
    )


def wait_for_job(client: TestClient, user: ApiUser, job_id: int) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = client.get(f"/api/v1/athletes/{user.athlete_id}/uploads/{job_id}", **_h(user))
        assert answer.status_code == 200, answer.text
        job: dict[str, Any] = answer.json()
        if job["status"] in {"done", "failed"}:
            return job
        time.sleep(0.05)
    raise AssertionError(f"upload job {job_id} did not finish")


def upload_and_wait(client: TestClient, user: ApiUser, name: str, content: bytes) -> Any:
    answer = upload(client, user, name, content)
    assert answer.status_code == 202, answer.text
    assert answer.json()["status"] == "queued"
    return wait_for_job(client, user, answer.json()["id"])


def _h(user: ApiUser) -> dict[str, Any]:
    return {"headers": user.headers}


def database_of(client: TestClient) -> Database:
    database: Database = client.app.state.server.database  # type: ignore[attr-defined]
    return database


def stored_files(settings: Settings) -> list[Path]:
    root = settings.uploads_dir
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def row_counts(client: TestClient) -> dict[str, int]:
    with database_of(client).sessions() as session:
        return {
            table.__name__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ActivityRow, ImportedFileRow, UploadJobRow)
        }


def fit_record_count(path: Path) -> int:
    count = 0
    with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
        for frame in reader:
            if (
                isinstance(frame, fitdecode.FitDataMessage)
                and frame.name == "record"
                and frame.get_value("timestamp", fallback=None) is not None
            ):
                count += 1
    return count


def zip_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def ada(make_user: Callable[..., ApiUser]) -> ApiUser:
    return make_user("ada@example.org", name="Ada")


# ---------------------------------------------------------------- real files


def test_fit_and_gpx_uploads_become_activities(
    client: TestClient, ada: ApiUser, shared_data: Path, server_settings: Settings
) -> None:
    fit = upload_and_wait(client, ada, "run.fit", (shared_data / FENIX_RUN).read_bytes())
    assert fit["status"] == "done" and fit["error"] is None
    assert (fit["files_total"], fit["files_done"], fit["file_name"]) == (1, 1, "run.fit")
    [outcome] = fit["outcomes"]
    assert outcome["file"] == "run.fit" and outcome["status"] == "imported"
    assert outcome["records"] == fit_record_count(shared_data / FENIX_RUN)
    with database_of(client).sessions() as session:
        [activity] = [session.get_one(ActivityRow, i) for i in outcome["activity_ids"]]
        assert activity.athlete_id == ada.athlete_id
        assert activity.sample_count == outcome["records"]

    gpx_bytes = (shared_data / GPX_RIDE).read_bytes()
    points = sum(
        len(segment.points)
        for track in gpxpy.parse(gpx_bytes.decode()).tracks
        for segment in track.segments
    )
    gpx = upload_and_wait(client, ada, "ride.gpx.gz", gzip.compress(gpx_bytes))
    assert gpx["status"] == "done"
    assert gpx["outcomes"][0]["status"] == "imported"
    assert gpx["outcomes"][0]["records"] == points
    assert gpx["size_bytes"] < len(gpx_bytes)  # the compressed size was stored and counted

    listed = client.get(f"/api/v1/athletes/{ada.athlete_id}/uploads", **_h(ada)).json()
    assert [job["id"] for job in listed] == [gpx["id"], fit["id"]]
    one = client.get(f"/api/v1/athletes/{ada.athlete_id}/uploads?limit=1", **_h(ada)).json()
    assert [job["id"] for job in one] == [gpx["id"]]
    assert row_counts(client)["ActivityRow"] == 2
    assert stored_files(server_settings) == []  # imported files live in the database only

    again = upload_and_wait(client, ada, "run-again.fit", (shared_data / FENIX_RUN).read_bytes())
    assert again["outcomes"][0]["status"] == "duplicate"
    assert again["outcomes"][0]["activity_ids"] == outcome["activity_ids"]
    assert row_counts(client)["ActivityRow"] == 2

    # Deleting the activity forgets its file: the same bytes import again.
    [deleted] = outcome["activity_ids"]
    url = f"/api/v1/athletes/{ada.athlete_id}/activities/{deleted}"
    assert client.delete(url, **_h(ada)).status_code == 204
    assert row_counts(client)["ActivityRow"] == 1
    restored = upload_and_wait(client, ada, "run.fit", (shared_data / FENIX_RUN).read_bytes())
    assert restored["outcomes"][0]["status"] == "imported"
    assert restored["outcomes"][0]["activity_ids"] != [deleted]
    assert row_counts(client)["ActivityRow"] == 2


def test_zip_upload_reports_progress_per_file(
    client: TestClient, ada: ApiUser, shared_data: Path
) -> None:
    archive = zip_of(
        {
            "rides/edge500.fit": (shared_data / "fit/garmin-edge-500-activity.fit").read_bytes(),
            "runs/fenix.fit": (shared_data / FENIX_RUN).read_bytes(),
            "notes.txt": b"ignored: not a file type aicoach reads",
        }
    )
    job = upload_and_wait(client, ada, "export.zip", archive)
    assert job["status"] == "done"
    assert (job["files_total"], job["files_done"]) == (2, 2)
    assert [o["file"] for o in job["outcomes"]] == [
        "export.zip!rides/edge500.fit",
        "export.zip!runs/fenix.fit",
    ]
    assert [o["status"] for o in job["outcomes"]] == ["imported", "imported"]
    assert row_counts(client)["ActivityRow"] == 2


def test_apple_health_export_upload(client: TestClient, ada: ApiUser, tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    written = write_apple_health_export(
        path, 3, date(2024, 3, 1), workouts_per_week=7, oddities=False
    )
    job = upload_and_wait(client, ada, "export.zip", path.read_bytes())
    assert job["status"] == "done"
    assert (job["files_total"], job["files_done"]) == (1, 1)
    [outcome] = job["outcomes"]
    assert outcome["file"] == "export.zip"
    assert outcome["status"] in {"imported", "recovered"}
    assert (outcome["status"] == "recovered") == bool(outcome["notes"])  # e.g. HR 262 dropped
    assert len(outcome["activity_ids"]) == len(written.workouts) > 0
    with database_of(client).sessions() as session:
        days = set(
            session.scalars(select(WellnessRow.day).where(WellnessRow.athlete_id == ada.athlete_id))
        )
    assert days >= set(written.resting_hr_bpm)


def test_malformed_fit_is_recovered_with_a_note(
    client: TestClient, ada: ApiUser, shared_data: Path
) -> None:
    data = (shared_data / "fit/activity-unexpected-eof.fit").read_bytes()
    job = upload_and_wait(client, ada, "activity-unexpected-eof.fit", data)
    assert job["status"] == "done"
    [outcome] = job["outcomes"]
    assert outcome["file"] == "activity-unexpected-eof.fit"
    assert outcome["status"] == "recovered"
    assert outcome["notes"] == ["file ends early at byte 768: kept the 14 records read before it"]


def test_broken_fit_fails_naming_the_file_and_writes_nothing(
    client: TestClient, ada: ApiUser, shared_data: Path, server_settings: Settings
) -> None:
    head = (shared_data / FENIX_RUN).read_bytes()[:11]
    job = upload_and_wait(client, ada, "cut-short.fit", head)
    assert job["status"] == "failed"
    [outcome] = job["outcomes"]
    assert outcome["status"] == "failed" and outcome["activity_ids"] == []
    assert outcome["error"].startswith("cut-short.fit")
    assert job["error"].startswith("nothing imported: cut-short.fit")
    assert str(server_settings.home) not in job["error"]  # no server paths in messages
    counts = row_counts(client)
    assert (counts["ActivityRow"], counts["ImportedFileRow"]) == (0, 0)
    assert stored_files(server_settings) == []


# ---------------------------------------------------------------- hostile content


@pytest.mark.parametrize(("name", "content"), [("evil.gpx", XXE_GPX), ("evil.tcx", XXE_TCX)])
def test_xml_entity_attack_fails_cleanly(
    client: TestClient, ada: ApiUser, server_settings: Settings, name: str, content: bytes
) -> None:
    job = upload_and_wait(client, ada, name, content)
    assert job["status"] == "failed"
    [outcome] = job["outcomes"]
    assert outcome["error"] == (
        f"{name}: XML document type declarations are not allowed "
        "(possible entity-expansion or external-entity attack)"
    )
    assert "root:" not in str(job)
    counts = row_counts(client)
    assert (counts["ActivityRow"], counts["ImportedFileRow"]) == (0, 0)
    assert stored_files(server_settings) == []


def test_zip_members_escaping_the_archive_are_refused(
    client: TestClient, ada: ApiUser, server_settings: Settings, shared_data: Path
) -> None:
    fit = (shared_data / FENIX_RUN).read_bytes()
    job = upload_and_wait(client, ada, "evil.zip", zip_of({"../../evil.fit": fit, "/abs.fit": fit}))
    assert job["status"] == "failed"
    assert [o["error"] for o in job["outcomes"]] == [
        "archive member name '../../evil.fit' points outside the archive; refused",
        "archive member name '/abs.fit' points outside the archive; refused",
    ]
    assert [o["file"] for o in job["outcomes"]] == ["evil.zip!../../evil.fit", "evil.zip!/abs.fit"]
    assert not (server_settings.home / "evil.fit").exists()
    assert not Path("/abs.fit").exists()
    counts = row_counts(client)
    assert (counts["ActivityRow"], counts["ImportedFileRow"]) == (0, 0)
    assert stored_files(server_settings) == []


@pytest.fixture
def small_limits(tmp_path: Path, database_url: str) -> Iterator[tuple[TestClient, Settings]]:
    """A server whose archive members may expand to 100 kB and whose uploads may be 20 kB."""
    settings = Settings(
        home=tmp_path / "small",
        database_url=database_url,
        max_upload_bytes=100_000,
        api_max_upload_bytes=20_000,
    )
    with TestClient(create_app(settings)) as client:
        yield client, settings


def test_zip_and_gzip_bombs_are_refused(
    small_limits: tuple[TestClient, Settings],
) -> None:
    client, settings = small_limits
    user = register(client, "bob@example.org")
    bomb = zip_of({"bomb.fit": b"\0" * 5_000_000})
    assert len(bomb) < 20_000
    job = upload_and_wait(client, user, "bomb.zip", bomb)
    assert job["status"] == "failed"
    assert job["outcomes"][0]["error"] == (
        "archive member would expand to 5000000 bytes, over the 100000-byte limit"
    )
    gz_bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(gz_bomb) < 20_000
    job = upload_and_wait(client, user, "bomb.fit.gz", gz_bomb)
    assert job["status"] == "failed"
    assert job["outcomes"][0]["error"] == (
        "bomb.fit.gz: content expands beyond the 100000-byte limit (zip bomb?)"
    )
    counts = row_counts(client)
    assert (counts["ActivityRow"], counts["ImportedFileRow"]) == (0, 0)
    assert stored_files(settings) == []


def test_oversized_upload_is_refused_with_413(
    small_limits: tuple[TestClient, Settings],
) -> None:
    client, settings = small_limits
    user = register(client, "bob@example.org")
    answer = upload(client, user, "big.fit", b"x" * 20_001)
    assert answer.status_code == 413
    assert answer.json()["detail"].startswith("the upload is larger than the 20000-byte limit")
    just_right = upload(client, user, "fits.fit", b"y" * 20_000)
    assert just_right.status_code == 202
    wait_for_job(client, user, just_right.json()["id"])

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused while streaming
        yield f"--{BOUNDARY}\r\n".encode()
        yield b'Content-Disposition: form-data; name="file"; filename="big.fit"\r\n\r\n'
        for _ in range(100):
            yield b"z" * 1000

    streamed = post_raw(client, user, chunks())
    assert streamed.status_code == 413
    assert "20000-byte limit" in streamed.json()["detail"]
    assert stored_files(settings) == []
    assert row_counts(client)["UploadJobRow"] == 1


# ---------------------------------------------------------------- refused requests


BAD_NAMES = [
    (b"../../etc/passwd", 400, "file name '../../etc/passwd' refused: it has folder parts"),
    (b"..\\..\\evil.fit", 400, "refused: it has folder parts"),
    (b"/etc/evil.fit", 400, "refused: it has folder parts"),
    (b"a\x00b.fit", 400, "refused: it contains control characters"),
    ("run\u202egpx.fit".encode(), 400, "control characters"),  # right-to-left override
    (b"..", 400, "refused: it must not start with a dot"),
    (b"", 400, "the upload has no file name"),
    (b"x" * 252 + b".fit", 400, "refused: it is longer than 255 bytes"),
    (b"notes.txt", 422, "notes.txt: unsupported file type '.txt'"),
    (b"archive.zip.gz", 422, "unsupported file type '.zip'"),
    (b"run.gz", 422, "unsupported file type '(none)'"),
]


def test_bad_file_names_are_refused(
    client: TestClient, ada: ApiUser, server_settings: Settings
) -> None:
    for filename, status, message in BAD_NAMES:
        body = raw_multipart([(b'name="file"; filename="' + filename + b'"', b"data")])
        answer = post_raw(client, ada, body)
        assert answer.status_code == status, (filename, answer.text)
        assert message in answer.json()["detail"], filename
    assert stored_files(server_settings) == []
    assert row_counts(client)["UploadJobRow"] == 0


def test_broken_requests_are_refused(client: TestClient, ada: ApiUser) -> None:
    url = f"/api/v1/athletes/{ada.athlete_id}/uploads"
    not_multipart = client.post(url, json={"file": "x"}, headers=ada.headers)
    assert not_multipart.status_code == 400
    assert "multipart/form-data" in not_multipart.json()["detail"]
    no_file = post_raw(client, ada, f"--{BOUNDARY}--\r\n".encode())
    assert no_file.status_code == 400
    assert "no file in the upload" in no_file.json()["detail"]
    empty = post_raw(client, ada, raw_multipart([(b'name="file"; filename="e.fit"', b"")]))
    assert empty.status_code == 400 and empty.json()["detail"] == "e.fit: the file is empty"
    cut = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="c.fit"\r\n\r\n'
    cut_off = post_raw(client, ada, cut.encode() + b"half a file")
    assert cut_off.status_code == 400 and "ended before the file did" in cut_off.text
    two = raw_multipart(
        [(b'name="file"; filename="a.fit"', b"a"), (b'name="file"; filename="b.fit"', b"b")]
    )
    assert "one file per upload" in post_raw(client, ada, two).json()["detail"]
    assert row_counts(client)["UploadJobRow"] == 0


@pytest.mark.parametrize("field", ["athlete_id", "owner_id", "role", "status"])
def test_extra_form_fields_are_refused(
    client: TestClient, ada: ApiUser, make_user: Callable[..., ApiUser], field: str
) -> None:
    other = make_user("eve@example.org")
    body = raw_multipart(
        [
            (f'name="{field}"'.encode(), str(other.athlete_id).encode()),
            (b'name="file"; filename="a.fit"', b"data"),
        ]
    )
    answer = post_raw(client, ada, body)
    assert answer.status_code == 422
    assert answer.json()["detail"] == (
        f"unexpected form field '{field}': an upload takes only the field 'file'"
    )
    assert row_counts(client)["UploadJobRow"] == 0


# ---------------------------------------------------------------- who may upload and read


def test_other_users_get_404_and_active_coaches_may_upload(
    client: TestClient,
    ada: ApiUser,
    make_user: Callable[..., ApiUser],
    shared_data: Path,
    server_settings: Settings,
) -> None:
    fit = (shared_data / FENIX_RUN).read_bytes()
    job = upload_and_wait(client, ada, "run.fit", fit)
    eve = make_user("eve@example.org")
    stranger = make_user("coach-x@example.org", role="coach")
    invited = make_user("coach-i@example.org", role="coach")
    revoked = make_user("coach-r@example.org", role="coach")
    active = make_user("coach-a@example.org", role="coach")
    client.post(
        "/api/v1/coaching/invitations", json={"athlete_email": ada.email}, headers=invited.headers
    )
    link_id = coach_of(client, revoked, ada)
    client.post(f"/api/v1/coaching/links/{link_id}/revoke", headers=ada.headers)
    coach_of(client, active, ada)

    base = f"/api/v1/athletes/{ada.athlete_id}/uploads"
    for outsider in (eve, stranger, invited, revoked):
        assert client.get(base, headers=outsider.headers).status_code == 404
        assert client.get(f"{base}/{job['id']}", headers=outsider.headers).status_code == 404
        assert upload(client, outsider, "x.fit", fit, athlete_id=ada.athlete_id).status_code == 404
    # Ada's job seen through Eve's own athlete: the same 404 as a job that does not exist.
    eve_path = f"/api/v1/athletes/{eve.athlete_id}/uploads"
    assert client.get(f"{eve_path}/{job['id']}", headers=eve.headers).status_code == 404
    assert client.get(f"{eve_path}/999999", headers=eve.headers).status_code == 404
    assert client.get(eve_path, headers=eve.headers).json() == []
    assert client.get(base).status_code == 401

    assert client.get(f"{base}/{job['id']}", headers=active.headers).json()["status"] == "done"
    assert [j["id"] for j in client.get(base, headers=active.headers).json()] == [job["id"]]
    edge = (shared_data / "fit/garmin-edge-500-activity.fit").read_bytes()
    by_coach = upload(client, active, "edge.fit", edge, athlete_id=ada.athlete_id)
    assert by_coach.status_code == 202 and by_coach.json()["athlete_id"] == ada.athlete_id
    done = wait_for_job(client, ada, by_coach.json()["id"])
    with database_of(client).sessions() as session:
        owners = set(session.scalars(select(ActivityRow.athlete_id)))
    assert done["status"] == "done" and owners == {ada.athlete_id}
    assert stored_files(server_settings) == []


def test_cookie_login_needs_the_csrf_token(client: TestClient, ada: ApiUser) -> None:
    login = client.post(
        "/api/v1/auth/login",
        json={"email": ada.email, "password": "correct horse battery staple"},
    )
    url = f"/api/v1/athletes/{ada.athlete_id}/uploads"
    files = {"file": ("a.fit", b"data", "application/octet-stream")}
    assert client.post(url, files=files).status_code == 403
    answer = client.post(url, files=files, headers={"X-CSRF-Token": login.json()["csrf_token"]})
    assert answer.status_code == 202
    wait_for_job(client, ada, answer.json()["id"])


def test_unreachable_job_queue_answers_503_and_keeps_nothing(
    tmp_path: Path, database_url: str, shared_data: Path
) -> None:
    settings = Settings(home=tmp_path / "home", database_url=database_url)
    database = open_database(database_url)
    dead_redis = Settings(home=settings.home, redis_url="redis://127.0.0.1:1/0")
    queue = RedisJobQueue(dead_redis, database)
    with TestClient(create_app(settings, database=database, jobs=queue)) as client:
        user = register(client, "ada@example.org")
        answer = upload(client, user, "run.fit", (shared_data / FENIX_RUN).read_bytes())
        assert answer.status_code == 503
        assert answer.json()["detail"].startswith("the job queue (Redis) cannot be reached")
        [job] = client.get(f"/api/v1/athletes/{user.athlete_id}/uploads", **_h(user)).json()
        assert job["status"] == "failed" and job["error"] == answer.json()["detail"]
    assert stored_files(settings) == []
    database.dispose()
