"""Apple Health export reader: known answers from the synthetic export, edge cases, safety."""

from __future__ import annotations

import shutil
import tracemalloc
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest

from aicoach.domain import HrvMethod, ParsedFile, Sport, StreamChannel, WellnessEntry
from aicoach.errors import CorruptFileError, UnsafeInputError
from aicoach.io.apple_health import (
    apple_epoch_s,
    export_xml_size,
    parse_apple_datetime,
    read_apple_health_zip,
)
from tests.io.apple_health_factory import (
    MEMBER_NAME,
    ExpectedTotals,
    billion_laughs_xml,
    write_apple_health_export,
    write_zip_with_xml,
)

START = date(2024, 3, 4)
DAYS = 21


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ExpectedTotals]:
    path = tmp_path_factory.mktemp("apple") / "export.zip"
    return path, write_apple_health_export(path, DAYS, START, seed=7)


@pytest.fixture(scope="module")
def parsed(export: tuple[Path, ExpectedTotals]) -> ParsedFile:
    return read_apple_health_zip(export[0], "export.zip")


@pytest.fixture(scope="module")
def expected(export: tuple[Path, ExpectedTotals]) -> ExpectedTotals:
    return export[1]


def by_day(parsed: ParsedFile) -> dict[date, WellnessEntry]:
    return {entry.day: entry for entry in parsed.wellness}


def values(parsed: ParsedFile, name: str) -> dict[date, object]:
    return {
        entry.day: getattr(entry, name)
        for entry in parsed.wellness
        if getattr(entry, name) is not None
    }


# ---------------------------------------------------------------------------------------------
# Known answers


def test_one_entry_per_local_day(parsed: ParsedFile) -> None:
    assert parsed.format == "apple_health"
    assert [e.day for e in parsed.wellness] == [
        date.fromordinal(START.toordinal() + i) for i in range(DAYS)
    ]
    assert {e.source for e in parsed.wellness} == {"apple_health"}


@pytest.mark.parametrize(
    ("field", "attribute"),
    [
        ("resting_hr_bpm", "resting_hr_bpm"),
        ("hrv_ms", "hrv_sdnn_ms"),
        ("sleep_duration_s", "sleep_s"),
        ("vo2max_ml_kg_min", "vo2max_ml_kg_min"),
        ("spo2_pct", "spo2_pct"),
        ("mass_kg", "mass_kg"),
    ],
)
def test_daily_values_match_the_known_answers(
    parsed: ParsedFile, expected: ExpectedTotals, field: str, attribute: str
) -> None:
    wanted = getattr(expected, attribute)
    assert wanted, "the factory should produce this measurement"
    assert values(parsed, field) == pytest.approx(wanted)


def test_hrv_is_marked_sdnn(parsed: ParsedFile) -> None:
    assert {e.hrv_method for e in parsed.wellness if e.hrv_ms is not None} == {HrvMethod.SDNN}


def test_blood_pressure_is_the_mean_of_distinct_readings(
    parsed: ParsedFile, expected: ExpectedTotals
) -> None:
    found = {
        e.day: (e.systolic_mmhg, e.diastolic_mmhg)
        for e in parsed.wellness
        if e.systolic_mmhg is not None
    }
    assert found == expected.blood_pressure_mmhg
    assert len(found) >= 5


def test_implausible_resting_hr_is_dropped_with_a_note(
    parsed: ParsedFile, expected: ExpectedTotals
) -> None:
    (bad_day,) = expected.implausible_resting_hr_days
    assert by_day(parsed)[bad_day].resting_hr_bpm is None
    assert any("resting_hr_bpm" in note and "300" in note for note in parsed.recovered)


def test_unreadable_records_are_counted(parsed: ParsedFile, expected: ExpectedTotals) -> None:
    assert expected.unreadable_records == 4
    assert any(
        note.startswith("4 records with unreadable values were skipped")
        for note in parsed.recovered
    )


def test_workouts_match_the_known_answers(parsed: ParsedFile, expected: ExpectedTotals) -> None:
    assert len(parsed.activities) == len(expected.workouts) > 5
    for activity, wanted in zip(parsed.activities, expected.workouts, strict=True):
        assert activity.source_format == "apple_health"
        assert activity.start_time == wanted.start_utc
        assert activity.start_time.tzinfo is UTC
        assert activity.sport is wanted.sport
        assert activity.elapsed_s == wanted.elapsed_s
        assert activity.timer_s == pytest.approx(wanted.timer_s)
        assert activity.distance_m == pytest.approx(wanted.distance_m)
        assert activity.device_name == "Apple Watch"
        assert activity.device_summary["sourceName"] == "Jane’s Apple Watch"
        assert activity.sample_count == wanted.heart_rate_samples
        time_s = activity.streams[StreamChannel.TIME_S]
        heart_rate = activity.streams[StreamChannel.HEART_RATE_BPM]
        assert time_s[0] == 0.0 and time_s[-1] == wanted.elapsed_s
        assert np.all(np.diff(time_s) >= 0)
        assert int(np.isnan(heart_rate).sum()) == wanted.implausible_heart_rate_samples


def test_workout_sports_and_summaries(parsed: ParsedFile) -> None:
    sports = {a.sport for a in parsed.activities}
    assert {Sport.RUNNING, Sport.CYCLING, Sport.STRENGTH, Sport.OTHER} <= sports
    other = next(a for a in parsed.activities if a.sport is Sport.OTHER)
    assert other.sub_sport == "HighIntensityIntervalTraining"
    strength = next(a for a in parsed.activities if a.sport is Sport.STRENGTH)
    assert strength.distance_m is None
    old_style = next(a for a in parsed.activities if "totalDistance" in a.device_summary)
    assert old_style.device_summary["totalDistanceUnit"] == "km"
    new_style = next(
        a
        for a in parsed.activities
        if a.distance_m is not None and "totalDistance" not in a.device_summary
    )
    assert "statistics" in new_style.device_summary


def test_implausible_workout_heart_rate_is_reported(parsed: ParsedFile) -> None:
    assert any("heart_rate_bpm" in note and "262" in note for note in parsed.recovered)


def test_file_order_does_not_matter(tmp_path: Path, parsed: ParsedFile) -> None:
    path = tmp_path / "by_day.zip"
    write_apple_health_export(path, DAYS, START, seed=7, layout="by_day")
    again = read_apple_health_zip(path, "by_day.zip")
    assert again.wellness == parsed.wellness
    assert [a.sample_count for a in again.activities] == [a.sample_count for a in parsed.activities]
    assert sorted(again.recovered) == sorted(parsed.recovered)


def test_progress_rises_to_the_xml_size(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    written = write_apple_health_export(path, 3, START, workouts_per_week=7, oddities=False)
    seen: list[int] = []
    read_apple_health_zip(path, "export.zip", progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == export_xml_size(path, "export.zip") == written.xml_bytes
    assert len(seen) > 10


# ---------------------------------------------------------------------------------------------
# Hand-made exports for single behaviours


def health_xml(*body: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!DOCTYPE HealthData [\n<!ATTLIST HealthData locale CDATA #REQUIRED>\n]>\n"
        '<HealthData locale="en_US">\n' + "\n".join(body) + "\n</HealthData>\n"
    )


def record(kind: str, start: str, end: str | None = None, value: str = "", unit: str = "") -> str:
    unit_attr = f' unit="{unit}"' if unit else ""
    return (
        f'<Record type="HKQuantityTypeIdentifier{kind}" sourceName="S"{unit_attr} '
        f'startDate="{start}" endDate="{end or start}" value="{value}"/>'
    )


def sleep(start: str, end: str, value: str, source: str = "Watch") -> str:
    return (
        f'<Record type="HKCategoryTypeIdentifierSleepAnalysis" sourceName="{source}" '
        f'startDate="{start}" endDate="{end}" value="HKCategoryValueSleepAnalysis{value}"/>'
    )


def read_xml(tmp_path: Path, *body: str) -> ParsedFile:
    path = tmp_path / "hand.zip"
    write_zip_with_xml(path, health_xml(*body))
    return read_apple_health_zip(path, "hand.zip")


def test_sleep_from_two_sources_is_not_double_counted(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        sleep("2024-01-01 22:30:00 +0100", "2024-01-02 07:10:00 +0100", "InBed", "Phone"),
        sleep("2024-01-01 23:00:00 +0100", "2024-01-01 23:50:00 +0100", "AsleepCore"),
        sleep("2024-01-01 23:50:00 +0100", "2024-01-02 00:10:00 +0100", "Awake"),
        sleep("2024-01-02 00:10:00 +0100", "2024-01-02 07:00:00 +0100", "AsleepDeep"),
        sleep("2024-01-01 23:30:00 +0100", "2024-01-02 06:30:00 +0100", "Asleep", "Phone"),
    )
    (entry,) = parsed.wellness
    # 23:00-07:00 is covered: the phone's span fills the watch's awake gap; in-bed doesn't count.
    assert (entry.day, entry.sleep_duration_s) == (date(2024, 1, 2), 8 * 3600.0)


def test_sleep_goes_to_the_wake_up_day_and_naps_add_to_it(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        sleep("2024-01-01 22:00:00 +0100", "2024-01-01 23:30:00 +0100", "AsleepCore"),
        sleep("2024-01-02 00:30:00 +0100", "2024-01-02 06:00:00 +0100", "AsleepREM"),
        sleep("2024-01-02 14:00:00 +0100", "2024-01-02 14:20:00 +0100", "AsleepUnspecified"),
        sleep("2024-01-02 20:00:00 +0100", "2024-01-02 20:30:00 +0100", "Awake"),
    )
    (entry,) = parsed.wellness
    assert entry.day == date(2024, 1, 2)
    assert entry.sleep_duration_s == (1.5 + 5.5) * 3600 + 20 * 60


def test_local_date_comes_from_the_record_own_offset(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        record("RestingHeartRate", "2024-01-02 00:30:00 +0100", value="50", unit="count/min"),
        record("RestingHeartRate", "2024-01-01 23:30:00 -0500", value="60", unit="count/min"),
    )
    assert values(parsed, "resting_hr_bpm") == {date(2024, 1, 2): 50.0, date(2024, 1, 1): 60.0}


def test_units_spo2_fraction_and_pounds(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        record("OxygenSaturation", "2024-01-02 03:00:00 +0000", value="0.96", unit="%"),
        record("OxygenSaturation", "2024-01-02 04:00:00 +0000", value="0.98", unit="%"),
        record("BodyMass", "2024-01-02 07:00:00 +0000", value="154.3236", unit="lb"),
        record("RestingHeartRate", "2024-01-02 07:00:00 +0000", value="52", unit="count/min"),
        record("RestingHeartRate", "2024-01-02 08:00:00 +0000", value="55", unit="count/min"),
    )
    (entry,) = parsed.wellness
    assert entry.spo2_pct == pytest.approx(97.0)
    assert entry.mass_kg == pytest.approx(70.0, abs=0.001)
    assert entry.resting_hr_bpm == 53.5


def pressure_pair(moment: str, systolic: int, diastolic: int) -> str:
    return record("BloodPressureSystolic", moment, value=str(systolic), unit="mmHg") + record(
        "BloodPressureDiastolic", moment, value=str(diastolic), unit="mmHg"
    )


def test_blood_pressure_in_correlation_and_top_level_counts_once(tmp_path: Path) -> None:
    first = "2024-01-02 07:00:00 +0100"
    parsed = read_xml(
        tmp_path,
        f'<Correlation type="HKCorrelationTypeIdentifierBloodPressure" sourceName="S" '
        f'startDate="{first}" endDate="{first}">{pressure_pair(first, 140, 90)}</Correlation>',
        pressure_pair(first, 140, 90),
        pressure_pair("2024-01-02 20:00:00 +0100", 120, 80),
    )
    (entry,) = parsed.wellness
    # Counted twice, the first reading would pull the mean to 133/87.
    assert (entry.systolic_mmhg, entry.diastolic_mmhg) == (130, 85)


def test_unpaired_or_inverted_blood_pressure_is_dropped(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        record("BloodPressureSystolic", "2024-01-02 07:00:00 +0000", value="120", unit="mmHg"),
        pressure_pair("2024-01-03 07:00:00 +0000", 70, 80),
        record("RestingHeartRate", "2024-01-02 07:00:00 +0000", value="52", unit="count/min"),
    )
    assert [e.systolic_mmhg for e in parsed.wellness] == [None]
    assert any("blood pressure dropped on 2 days" in note for note in parsed.recovered)


def workout(start: str, end: str, kind: str = "Running", children: str = "") -> str:
    return (
        f'<Workout workoutActivityType="HKWorkoutActivityType{kind}" duration="1" '
        f'durationUnit="min" totalDistance="1" totalDistanceUnit="mi" sourceName="W" '
        f'startDate="{start}" endDate="{end}">{children}</Workout>'
    )


def heart_rate(moment: str, bpm: int) -> str:
    return record("HeartRate", moment, value=str(bpm), unit="count/min")


def test_heart_rate_goes_to_the_workout_holding_it(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        heart_rate("2024-01-02 10:40:00 +0000", 150),  # both windows: the later start wins
        heart_rate("2024-01-02 11:00:00 +0000", 140),  # only the long workout
        heart_rate("2024-01-02 09:59:59 +0000", 99),  # before both
        workout("2024-01-02 10:00:00 +0000", "2024-01-02 12:00:00 +0000", "Cycling"),
        workout("2024-01-02 10:30:00 +0000", "2024-01-02 10:45:00 +0000", "Walking"),
        heart_rate("2024-01-02 12:00:00 +0000", 130),  # end is inclusive
        heart_rate("2024-01-02 10:30:00 +0000", 120),  # start is inclusive
    )
    ride, walk = parsed.activities
    assert (ride.sport, walk.sport) == (Sport.CYCLING, Sport.WALKING)
    assert ride.distance_m == pytest.approx(1609.344)
    assert ride.start_time == datetime(2024, 1, 2, 10, 0, tzinfo=UTC)
    np.testing.assert_array_equal(ride.streams[StreamChannel.TIME_S], [3600, 7200])
    np.testing.assert_array_equal(ride.streams[StreamChannel.HEART_RATE_BPM], [140, 130])
    np.testing.assert_array_equal(walk.streams[StreamChannel.TIME_S], [0, 600])
    np.testing.assert_array_equal(walk.streams[StreamChannel.HEART_RATE_BPM], [120, 150])


def test_workout_with_unreadable_dates_is_skipped(tmp_path: Path) -> None:
    parsed = read_xml(
        tmp_path,
        workout("2024-01-02T10:00:00Z", "2024-01-02 12:00:00 +0000"),
        workout("2024-01-03 10:00:00 +0000", "2024-01-03 11:00:00 +0000"),
    )
    assert len(parsed.activities) == 1
    assert parsed.recovered[0].startswith("1 record with unreadable values was skipped")


def test_empty_export_is_skipped_not_an_error(tmp_path: Path) -> None:
    parsed = read_xml(tmp_path, '<ExportDate value="2024-01-01 00:00:00 +0000"/>')
    assert parsed.is_empty
    assert parsed.skipped is not None


def test_localised_member_name_is_found_by_its_root(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("apple_health_export/export_cda.xml", "<ClinicalDocument/>")
        archive.writestr(
            "apple_health_export/exportación.xml",
            health_xml(record("VO2Max", "2024-01-02 07:00:00 +0000", value="44", unit="mL/min·kg")),
        )
    parsed = read_apple_health_zip(path, "export.zip")
    assert parsed.wellness[0].vo2max_ml_kg_min == 44.0


def test_apple_dates() -> None:
    moment = parse_apple_datetime("2024-01-02 07:12:00 +0100")
    assert moment == datetime(2024, 1, 2, 6, 12, tzinfo=UTC)
    assert moment.date() == date(2024, 1, 2)
    assert (
        apple_epoch_s("2024-01-02 07:12:00 -0330")
        == datetime(2024, 1, 2, 10, 42, tzinfo=UTC).timestamp()
    )
    for bad in ("2024-01-02 07:12:00", "2024-01-02T07:12:00+01:00", "2024-01-02 25:00:00 +0000"):
        with pytest.raises(ValueError, match="date"):
            apple_epoch_s(bad)
    with pytest.raises(ValueError, match="date"):
        parse_apple_datetime("2024-01-02 07:12")


# ---------------------------------------------------------------------------------------------
# Broken and hostile files


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.zip"
    write_zip_with_xml(path, billion_laughs_xml())
    with pytest.raises(UnsafeInputError) as info:
        read_apple_health_zip(path, "bomb.zip")
    assert info.value.source == f"bomb.zip!{MEMBER_NAME}"


def test_external_entity_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "xxe.zip"
    xml = (
        '<?xml version="1.0"?>\n<!DOCTYPE HealthData [\n'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        '<HealthData locale="en_US"><ExportDate value="&secret;"/></HealthData>\n'
    )
    write_zip_with_xml(path, xml)
    with pytest.raises(UnsafeInputError):
        read_apple_health_zip(path, "xxe.zip")


def test_truncated_zip_is_corrupt(tmp_path: Path, export: tuple[Path, ExpectedTotals]) -> None:
    path = tmp_path / "truncated.zip"
    data = export[0].read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CorruptFileError) as info:
        read_apple_health_zip(path, "truncated.zip")
    assert info.value.source == "truncated.zip"


def test_damaged_member_data_is_corrupt(
    tmp_path: Path, export: tuple[Path, ExpectedTotals]
) -> None:
    path = tmp_path / "damaged.zip"
    shutil.copy(export[0], path)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = bytes(64)
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError) as info:
        read_apple_health_zip(path, "damaged.zip")
    assert info.value.source == f"damaged.zip!{MEMBER_NAME}"


def test_not_a_zip_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    path.write_text("<HealthData/>")
    with pytest.raises(CorruptFileError, match="zip"):
        read_apple_health_zip(path, "export.zip")


def test_zip_without_export_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photos/a.jpg", b"\xff\xd8")
        archive.writestr("notes.xml", "<notes/>")
    with pytest.raises(CorruptFileError, match=r"export\.xml") as info:
        read_apple_health_zip(path, "photos.zip")
    assert info.value.source == "photos.zip"


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    write_zip_with_xml(path, health_xml("<Record type='x'", "<Record/>"))
    with pytest.raises(CorruptFileError) as info:
        read_apple_health_zip(path, "export.zip")
    assert info.value.line == 7
    assert info.value.source == f"export.zip!{MEMBER_NAME}"


def test_wrong_root_element_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    write_zip_with_xml(path, "<ClinicalDocument><Record/></ClinicalDocument>")
    with pytest.raises(CorruptFileError, match="HealthData"):
        read_apple_health_zip(path, "export.zip")


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "export.zip"
    write_zip_with_xml(path, health_xml())
    with pytest.raises(UnsafeInputError):
        read_apple_health_zip(path, "export.zip", max_xml_bytes=10)


# ---------------------------------------------------------------------------------------------
# Streaming: memory stays flat however large the export


@pytest.mark.slow
def test_memory_stays_flat_on_a_30_mb_export(tmp_path: Path) -> None:
    path = tmp_path / "large.zip"
    written = write_apple_health_export(path, 95, START, seed=3)
    assert written.xml_bytes > 28_000_000
    tracemalloc.start()
    try:
        parsed = read_apple_health_zip(path, "large.zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # Building the whole tree would take several hundred MB; streaming keeps a few MB.
    assert peak < 60_000_000
    assert len(parsed.wellness) == 95
    assert sum(a.sample_count for a in parsed.activities) == sum(
        w.heart_rate_samples for w in written.workouts
    )
