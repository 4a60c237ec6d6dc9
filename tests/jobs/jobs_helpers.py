"""Upload jobs made directly in the database, with a small GPX run the tests write themselves."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aicoach.domain import AthleteProfile
from aicoach.settings import Settings
from aicoach.storage import athletes
from aicoach.storage.database import Database
from aicoach.storage.server_tables import UploadJobRow

GPX_POINTS = 6


def small_gpx(start: datetime | None = None) -> bytes:
    """A six-point run, ten seconds apart, moving north about 30 m a step."""
    start = start or datetime(2024, 5, 4, 7, 30, tzinfo=UTC)
    points = "".join(
        f'<trkpt lat="{52 + i * 0.0003:.5f}" lon="6.00000"><ele>{10 + i}</ele>'
        f"<time>{(start + timedelta(seconds=10 * i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        "</trkpt>"
        for i in range(GPX_POINTS)
    )
    return (
        '<?xml version="1.0"?><gpx version="1.1" creator="aicoach-tests" '
        'xmlns="http://www.topografix.com/GPX/1/1"><trk><type>running</type><trkseg>'
        f"{points}</trkseg></trk></gpx>"
    ).encode()


def add_athlete(database: Database, name: str = "Ada") -> int:
    with database.sessions.begin() as session:
        return athletes.add_athlete(session, AthleteProfile(name=name)).id


def add_job(
    settings: Settings, database: Database, athlete_id: int, name: str, content: bytes
) -> tuple[int, Path]:
    """Store ``content`` as an upload would and register a queued job for it."""
    folder = settings.uploads_dir / str(athlete_id) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(content)
    with database.sessions.begin() as session:
        job = UploadJobRow(
            athlete_id=athlete_id,
            file_name=name,
            stored_path=str(path),
            size_bytes=len(content),
            status="queued",
            files_done=0,
            outcomes=[],
        )
        session.add(job)
        session.flush()
        return job.id, path


def job_row(database: Database, job_id: int) -> UploadJobRow:
    with database.sessions() as session:
        return session.get_one(UploadJobRow, job_id)
