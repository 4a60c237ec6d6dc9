"""The ledger of stored files, by content hash."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.storage.tables import ImportedFileRow


def find_imported_file(session: Session, athlete_id: int, sha256: str) -> ImportedFileRow | None:
    return session.scalars(
        select(ImportedFileRow).where(
            ImportedFileRow.athlete_id == athlete_id, ImportedFileRow.sha256 == sha256
        )
    ).first()


def record_imported_file(
    session: Session,
    athlete_id: int,
    *,
    sha256: str,
    source_name: str,
    file_format: str,
    status: str,
    record_count: int,
    activity_ids: list[int],
    notes: list[str],
) -> ImportedFileRow:
    row = ImportedFileRow(
        athlete_id=athlete_id,
        sha256=sha256,
        source_name=source_name,
        format=file_format,
        status=status,
        record_count=record_count,
        activity_ids=activity_ids,
        notes=notes,
    )
    session.add(row)
    session.flush()
    return row
