"""Every reference file in ../shared/data through the whole import, on a real database."""

from __future__ import annotations

from pathlib import Path

import fitdecode
import gpxpy
import pytest
from sqlalchemy import func, select

from aicoach.domain import AthleteProfile
from aicoach.services.importing import FileOutcome, ImportStatus, import_paths
from aicoach.storage import athletes
from aicoach.storage.database import Database
from aicoach.storage.tables import ActivityRow, ImportedFileRow, WellnessRow

MALFORMED = {
    "activity-unexpected-eof.fit",
    "activity-settings-nodata.fit",
    "activity-settings-corruptheader.fit",
    "activity-filecrc.fit",
    "activity-activity-filecrc.fit",
    "strava-android-app-201.10-b1218918.fit",
}
NOTHING_TO_IMPORT = {
    "Settings.fit",
    "Settings2.fit",
    "nametest.FIT",
    "WorkoutCustomTargetValues.fit",
    "WorkoutIndividualSteps.fit",
    "WorkoutRepeatGreaterThanStep.fit",
    "WorkoutRepeatSteps.fit",
    "DeveloperData.fit",  # an SDK sample whose three records carry no timestamp
    "MonitoringFile.fit",  # step counts and activity levels, no resting HR or HRV
}


def _bare_record_count(path: Path) -> int:
    """Record messages with a timestamp, as a plain fitdecode pass reads them."""
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


@pytest.fixture
def imported(database: Database, shared_data: Path) -> dict[str, FileOutcome]:
    with database.sessions.begin() as session:
        athletes.add_athlete(session, AthleteProfile(name="Ada"))
    outcomes = import_paths(database, [shared_data], recursive=True)
    return {Path(outcome.file).name: outcome for outcome in outcomes}


def test_every_valid_file_imports_with_fitdecode_and_gpxpy_counts(
    imported: dict[str, FileOutcome], shared_data: Path, database: Database
) -> None:
    for name, outcome in imported.items():
        if name in MALFORMED:
            continue
        if name.endswith("-records.csv"):  # decoder test dumps, not an aicoach CSV format
            assert outcome.status is ImportStatus.FAILED and "column" in (outcome.error or ""), name
            continue
        path = next(shared_data.rglob(name))
        if name in NOTHING_TO_IMPORT:
            assert outcome.status is ImportStatus.SKIPPED, name
            continue
        stored_here = {ImportStatus.IMPORTED, ImportStatus.RECOVERED}
        assert outcome.status in {*stored_here, ImportStatus.DUPLICATE}, (name, outcome)
        if outcome.status is ImportStatus.RECOVERED:
            assert outcome.notes, name  # e.g. antfs-dump.63.fit: times counted from power-on
        if path.suffix.lower() == ".fit" and outcome.status in stored_here and outcome.activity_ids:
            with database.sessions() as session:
                stored = sum(
                    session.get_one(ActivityRow, activity_id).sample_count
                    for activity_id in outcome.activity_ids
                )
            assert stored == _bare_record_count(path), name
    gpx_path = shared_data / "activities" / "activity_4801048867.gpx"
    with gpx_path.open() as handle:
        points = sum(
            len(segment.points)
            for track in gpxpy.parse(handle).tracks
            for segment in track.segments
        )
    gpx = imported[gpx_path.name]
    assert gpx.records == points


def test_every_malformed_file_is_recovered_or_fails_with_a_reason(
    imported: dict[str, FileOutcome], database: Database
) -> None:
    for name in MALFORMED:
        outcome = imported[name]
        assert outcome.status in {
            ImportStatus.RECOVERED,
            ImportStatus.FAILED,
            ImportStatus.DUPLICATE,
        }, name
        if outcome.status is ImportStatus.FAILED:
            assert outcome.error and name in outcome.error
            with database.sessions() as session:
                leftovers = session.scalar(
                    select(func.count())
                    .select_from(ActivityRow)
                    .where(ActivityRow.source_name.endswith(name))
                )
            assert leftovers == 0, name
        elif outcome.status is ImportStatus.RECOVERED:
            assert outcome.notes, name
    assert imported["activity-unexpected-eof.fit"].status in {
        ImportStatus.RECOVERED,
        ImportStatus.DUPLICATE,
    }


def test_weight_scale_files_become_body_mass_entries(
    imported: dict[str, FileOutcome], database: Database
) -> None:
    assert imported["WeightScaleSingleUser.fit"].status is ImportStatus.IMPORTED
    with database.sessions() as session:
        masses = list(
            session.scalars(select(WellnessRow.mass_kg).where(WellnessRow.mass_kg.is_not(None)))
        )
    assert masses and all(20 < mass < 400 for mass in masses)


def test_reimporting_the_whole_folder_gives_only_duplicates_and_skips(
    imported: dict[str, FileOutcome], database: Database, shared_data: Path
) -> None:
    with database.sessions() as session:
        activities_before = session.scalar(select(func.count()).select_from(ActivityRow))
        files_before = session.scalar(select(func.count()).select_from(ImportedFileRow))
    again = import_paths(database, [shared_data], recursive=True)
    statuses = {outcome.status for outcome in again}
    assert statuses <= {ImportStatus.DUPLICATE, ImportStatus.SKIPPED, ImportStatus.FAILED}
    failed_before = {
        name for name, outcome in imported.items() if outcome.status is ImportStatus.FAILED
    }
    assert {Path(o.file).name for o in again if o.status is ImportStatus.FAILED} == failed_before
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ActivityRow)) == activities_before
        assert session.scalar(select(func.count()).select_from(ImportedFileRow)) == files_before
