"""Import use case: files in, one transaction per file, an outcome per file out.

Each source is read completely before the database is touched, then stored in a single
transaction: a failure at any point leaves nothing of that file behind. The same bytes are
recognised by hash; the same workout recorded twice (a FIT file and its GPX export) is
recognised by start time and duration.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from aicoach.domain.parsed import ParsedFile
from aicoach.errors import AicoachError, UserError
from aicoach.io.readers import read_source
from aicoach.io.sources import FileFormat, ImportSource, discover_sources, sha256_of_source
from aicoach.services.activity_metrics import refresh_activity_metrics
from aicoach.storage import activities, imported_files, sessions, wellness
from aicoach.storage.athletes import resolve_athlete
from aicoach.storage.database import Database
from aicoach.storage.tables import AthleteRow

logger = logging.getLogger(__name__)


class ImportStatus(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "duplicate"
    RECOVERED = "recovered"
    SKIPPED = "skipped"
    """A well-formed file with nothing to import (a device settings file, a workout file)."""
    FAILED = "failed"


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input file. ``records`` counts what the file held."""

    file: str
    status: ImportStatus
    activity_id: int | None = None
    records: int = 0
    error: str | None = None
    notes: list[str] = field(default_factory=list)
    activity_ids: list[int] = field(default_factory=list)

    @property
    def succeeded(self) -> bool:
        return self.status is not ImportStatus.FAILED


class ImportProgress(Protocol):
    """Receives progress; the CLI shows a bar, the API a job status."""

    def started(self, total_files: int) -> None: ...

    def file_done(self, outcome: FileOutcome) -> None: ...


def import_paths(
    database: Database,
    paths: list[Path],
    *,
    athlete_name: str | None = None,
    recursive: bool = False,
    max_bytes: int = 2 * 1024**3,
    progress: ImportProgress | None = None,
) -> list[FileOutcome]:
    """Import every file under ``paths`` for one athlete and report each file's outcome."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UserError(f"no such file or folder: {', '.join(missing)}")
    with database.sessions() as session:
        athlete_id = resolve_athlete(session, athlete_name).id
    sources = list(discover_sources(paths, recursive=recursive, max_bytes=max_bytes))
    if progress is not None:
        progress.started(len(sources))
    outcomes = []
    for source in sources:
        outcome = import_source(database, athlete_id, source)
        outcomes.append(outcome)
        if progress is not None:
            progress.file_done(outcome)
    with database.sessions.begin() as session:
        refresh_activity_metrics(session, session.get_one(AthleteRow, athlete_id))
    return outcomes


def import_source(database: Database, athlete_id: int, source: ImportSource) -> FileOutcome:
    """Read, check and store one source in one transaction."""
    if source.problem is not None or source.format is None:
        return FileOutcome(source.name, ImportStatus.FAILED, error=source.problem)
    try:
        data = None if source.format is FileFormat.APPLE_HEALTH else source.read_bytes()
        digest = sha256_of_source(source, data)
        with database.sessions() as session:
            known = imported_files.find_imported_file(session, athlete_id, digest)
            if known is not None:
                return _already_imported(
                    source, known.source_name, known.activity_ids, known.record_count
                )
        parsed = read_source(source, data)
        if parsed.skipped is not None:
            return FileOutcome(source.name, ImportStatus.SKIPPED, notes=[parsed.skipped])
        with database.sessions.begin() as session:
            return _store(session, athlete_id, source, digest, parsed)
    except AicoachError as exc:
        return FileOutcome(source.name, ImportStatus.FAILED, error=_error_text(exc, source))
    except SQLAlchemyError as exc:
        logger.exception("database error while importing %s", source.name)
        return FileOutcome(source.name, ImportStatus.FAILED, error=f"database error: {exc}")


def count_by_status(outcomes: Iterable[FileOutcome]) -> dict[ImportStatus, int]:
    counts = dict.fromkeys(ImportStatus, 0)
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts


def _store(
    session: Session, athlete_id: int, source: ImportSource, digest: str, parsed: ParsedFile
) -> FileOutcome:
    stored_anything = False
    activity_ids: list[int] = []
    duplicate_of: list[str] = []
    for activity in parsed.activities:
        same = activities.find_same_workout(
            session, athlete_id, activity.start_time, activity.elapsed_s
        )
        if same is not None:
            activity_ids.append(same.id)
            duplicate_of.append(f"same workout as activity {same.id} ({same.source_name})")
            continue
        row = activities.add_activity(
            session,
            athlete_id,
            activity,
            source_name=source.name,
            source_sha256=digest,
            recovery_notes=parsed.recovered,
        )
        activity_ids.append(row.id)
        stored_anything = True
    for entry in parsed.wellness:
        stored_anything |= wellness.upsert_wellness(session, athlete_id, entry) != "unchanged"
    for manual in parsed.sessions:
        stored_anything |= sessions.add_manual_session(session, athlete_id, manual)
    status = _status(stored_anything, parsed)
    records = _record_count(parsed)
    imported_files.record_imported_file(
        session,
        athlete_id,
        sha256=digest,
        source_name=source.name,
        file_format=parsed.format,
        status=status.value,
        record_count=records,
        activity_ids=activity_ids,
        notes=parsed.recovered + duplicate_of,
    )
    return FileOutcome(
        source.name,
        status,
        activity_id=activity_ids[0] if activity_ids else None,
        records=records,
        notes=parsed.recovered + duplicate_of,
        activity_ids=activity_ids,
    )


def _status(stored_anything: bool, parsed: ParsedFile) -> ImportStatus:
    if not stored_anything:
        return ImportStatus.DUPLICATE
    return ImportStatus.RECOVERED if parsed.recovered else ImportStatus.IMPORTED


def _record_count(parsed: ParsedFile) -> int:
    samples = sum(activity.sample_count for activity in parsed.activities)
    return samples + len(parsed.wellness) + len(parsed.sessions)


def _already_imported(
    source: ImportSource, first_name: str, activity_ids: list[int], record_count: int
) -> FileOutcome:
    return FileOutcome(
        source.name,
        ImportStatus.DUPLICATE,
        activity_id=activity_ids[0] if activity_ids else None,
        records=record_count,
        notes=[f"same file already imported as {first_name}"],
        activity_ids=list(activity_ids),
    )


def _error_text(exc: AicoachError, source: ImportSource) -> str:
    text = str(exc)
    return text if source.name in text else f"{source.name}: {text}"
