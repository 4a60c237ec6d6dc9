"""The demo athlete: synthetic history written as real files and imported like anyone's.

Every activity goes through the same importers a user's files do: most as FIT files, some as
GPX (as a Strava export would give), one workout both ways to show duplicate detection, and the
daily wellness as a CSV file. The data is synthetic and labelled so everywhere it appears.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import func, select

from aicoach.domain.activity import Activity, Sport
from aicoach.io.csv_writers import write_wellness_csv
from aicoach.io.fit_writer import write_fit_activity
from aicoach.io.gpx_writer import write_gpx
from aicoach.services.demo_data import (
    DEMO_ATHLETE_NAME,
    DemoHistory,
    DemoPhase,
    generate_demo_history,
)
from aicoach.services.importing import (
    FileOutcome,
    ImportProgress,
    ImportStatus,
    count_by_status,
    import_paths,
)
from aicoach.storage import athletes
from aicoach.storage.database import Database
from aicoach.storage.tables import ActivityRow, AthleteRow

ROUTINE_PHASES = frozenset({DemoPhase.BUILD, DemoPhase.RECOVERY_WEEK})
"""Phases left out of the story told after the demo is made: only what stands out is told."""
GPX_EVERY_NTH_RUN = 4
"""Every 4th run is written as GPX instead of FIT, so both importers carry the demo."""


@dataclass(slots=True)
class DemoResult:
    athlete_name: str
    already_present: bool
    activity_count: int
    first_day: date | None = None
    last_day: date | None = None
    counts: dict[ImportStatus, int] = field(default_factory=dict)
    failures: list[FileOutcome] = field(default_factory=list)
    story: list[str] = field(default_factory=list)


def create_demo(
    database: Database,
    files_dir: Path,
    *,
    days: int = 182,
    end_day: date | None = None,
    reset: bool = False,
    on_file_written: Callable[[int, int], None] | None = None,
    progress: ImportProgress | None = None,
) -> DemoResult:
    """Create the demo athlete, unless it exists already with its data (then nothing changes)."""
    existing = _existing_activity_count(database)
    if existing and not reset:
        return DemoResult(DEMO_ATHLETE_NAME, already_present=True, activity_count=existing)
    _delete_demo_athlete(database)
    history = generate_demo_history(end_day or datetime.now(UTC).date(), days=days)
    _write_files(history, files_dir, on_file_written)
    with database.sessions.begin() as session:
        athletes.add_athlete(session, history.profile)
    outcomes = import_paths(
        database, [files_dir], athlete_name=history.profile.name, progress=progress
    )
    return DemoResult(
        athlete_name=history.profile.name,
        already_present=False,
        activity_count=_existing_activity_count(database),
        first_day=min(entry.day for entry in history.wellness),
        last_day=max(entry.day for entry in history.wellness),
        counts=count_by_status(outcomes),
        failures=[outcome for outcome in outcomes if outcome.status is ImportStatus.FAILED],
        story=[str(event) for event in history.events if event.phase not in ROUTINE_PHASES],
    )


def demo_file_name(activity: Activity, suffix: str) -> str:
    return f"{activity.start_time:%Y-%m-%d-%H%M}-{activity.sport.value}.{suffix}"


def _write_files(
    history: DemoHistory, files_dir: Path, on_file_written: Callable[[int, int], None] | None
) -> None:
    if files_dir.exists():
        shutil.rmtree(files_dir)
    files_dir.mkdir(parents=True)
    total = len(history.activities) + 2
    runs_seen = 0
    last_fit: Activity | None = None
    for index, activity in enumerate(history.activities):
        runs_seen += activity.sport is Sport.RUNNING
        if activity.sport is Sport.RUNNING and runs_seen % GPX_EVERY_NTH_RUN == 0:
            (files_dir / demo_file_name(activity, "gpx")).write_bytes(write_gpx(activity))
        else:
            (files_dir / demo_file_name(activity, "fit")).write_bytes(write_fit_activity(activity))
            last_fit = activity
        if on_file_written:
            on_file_written(index + 1, total)
    if last_fit is not None:
        export_name = f"strava-export-{demo_file_name(last_fit, 'gpx')}"
        (files_dir / export_name).write_bytes(write_gpx(last_fit))
    (files_dir / "wellness.csv").write_bytes(write_wellness_csv(history.wellness))
    if on_file_written:
        on_file_written(total, total)


def _existing_activity_count(database: Database) -> int:
    with database.sessions() as session:
        row = athletes.find_athlete(session, DEMO_ATHLETE_NAME)
        if row is None:
            return 0
        return int(
            session.scalar(
                select(func.count())
                .select_from(ActivityRow)
                .where(ActivityRow.athlete_id == row.id)
            )
            or 0
        )


def _delete_demo_athlete(database: Database) -> None:
    with database.sessions.begin() as session:
        row = athletes.find_athlete(session, DEMO_ATHLETE_NAME)
        if row is not None:
            session.delete(session.get_one(AthleteRow, row.id))
