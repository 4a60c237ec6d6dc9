"""Known-answer and error tests for the sessions, wellness and activity-sample CSV readers."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pytest

from aicoach.domain import HrvMethod, ParsedFile, Sport, StreamChannel
from aicoach.errors import (
    CorruptFileError,
    DataError,
    EmptyFileError,
    ImplausibleValueError,
    UnsupportedFormatError,
)
from aicoach.io.csv_readers import (
    ACTIVITY_COLUMNS,
    SESSION_COLUMNS,
    WELLNESS_COLUMNS,
    detect_csv_kind,
    read_activity_csv,
    read_csv,
    read_sessions_csv,
    read_wellness_csv,
)

Reader = Callable[[BinaryIO, str], ParsedFile]


def csv_bytes(*lines: str, bom: bool = False) -> io.BytesIO:
    text = "\n".join(lines) + "\n"
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


def raises_data_error(
    reader: Reader, *lines: str, line: int | None, field: str | None
) -> DataError:
    with pytest.raises(DataError) as info:
        reader(csv_bytes(*lines), "in.csv")
    error = info.value
    assert error.source == "in.csv"
    assert error.line == line
    assert error.field == field
    return error


# ---------------------------------------------------------------------------------------------
# Sessions


def test_sessions_known_values() -> None:
    parsed = read_sessions_csv(
        csv_bytes(
            "date,sport,duration_min,rpe,distance_km,notes",
            '2024-05-01,run,45,6,8.4,"easy, hilly"',
            "2024-05-02,Cycling,90.5,4.5,,",
            "",
            "2024-05-04,gym,40,7,,legs",
        ),
        "log.csv",
    )
    assert parsed.format == "csv"
    assert [s.day for s in parsed.sessions] == [
        date(2024, 5, 1),
        date(2024, 5, 2),
        date(2024, 5, 4),
    ]
    run, ride, gym = parsed.sessions
    assert (run.sport, run.duration_s, run.rpe_0_10, run.distance_m) == (
        Sport.RUNNING,
        2700.0,
        6.0,
        8400.0,
    )
    assert run.notes == "easy, hilly"
    assert run.source == "csv"
    assert (ride.sport, ride.duration_s, ride.rpe_0_10, ride.distance_m) == (
        Sport.CYCLING,
        5430.0,
        4.5,
        None,
    )
    assert ride.notes is None
    assert gym.sport is Sport.STRENGTH


def test_sessions_header_is_case_insensitive_and_trailing_cells_may_be_omitted() -> None:
    parsed = read_sessions_csv(
        csv_bytes(" Date ,SPORT,Duration_Min,RPE,distance_km,notes", "2024-05-01,swim,30,5"),
        "log.csv",
    )
    assert parsed.sessions[0].sport is Sport.SWIMMING
    assert parsed.sessions[0].distance_m is None


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("2024-05-01,run,0,5", "duration_min", "more than 0"),
        ("2024-05-01,run,-5,5", "duration_min", "more than 0"),
        ("2024-05-01,run,45,11", "rpe", "plausible"),
        ("2024-05-01,run,45,-1", "rpe", "plausible"),
        ("2024-05-01,run,abc,5", "duration_min", "expected a number"),
        ("2024-05-01,run,nan,5", "duration_min", "finite"),
        ("2024-05-01,skating,45,5", "sport", "unknown sport"),
        ("01/05/2024,run,45,5", "date", "YYYY-MM-DD"),
        ("2024-02-30,run,45,5", "date", "YYYY-MM-DD"),
        ("20240501,run,45,5", "date", "YYYY-MM-DD"),
        ("2024-05-01,,45,5", "sport", "required"),
        ("2024-05-01,run,45,", "rpe", "required"),
    ],
)
def test_sessions_bad_cells_name_line_and_field(row: str, field: str, message: str) -> None:
    error = raises_data_error(
        read_sessions_csv,
        "date,sport,duration_min,rpe",
        "2024-04-30,run,30,5",
        row,
        line=3,
        field=field,
    )
    assert message in error.message


def test_session_rpe_out_of_range_is_implausible_value_error() -> None:
    with pytest.raises(ImplausibleValueError) as info:
        read_sessions_csv(csv_bytes("date,sport,duration_min,rpe", "2024-05-01,run,45,12"), "s.csv")
    assert (info.value.line, info.value.field, info.value.value) == (2, "rpe", 12.0)


def test_decimal_comma_gets_a_hint() -> None:
    error = raises_data_error(
        read_sessions_csv,
        "date,sport,duration_min,rpe",
        '2024-05-01,run,"45,5",5',
        line=2,
        field="duration_min",
    )
    assert "dot" in error.message


# ---------------------------------------------------------------------------------------------
# Wellness

WELLNESS_HEADER = (
    "date,resting_hr_bpm,hrv_rmssd_ms,sleep_h,systolic_mmhg,diastolic_mmhg,spo2_pct,mass_kg,"
    "mood_1_5,soreness_1_5,notes"
)


def test_wellness_known_values() -> None:
    parsed = read_wellness_csv(
        csv_bytes(
            WELLNESS_HEADER,
            "2024-05-01,48,62.5,7.25,118,76,97,70.4,4,2,felt good",
            "2024-05-02,51,,6.5,,,,,3,,",
        ),
        "well.csv",
    )
    first, second = parsed.wellness
    assert first.day == date(2024, 5, 1)
    assert first.source == "csv"
    assert first.resting_hr_bpm == 48.0
    assert (first.hrv_ms, first.hrv_method) == (62.5, HrvMethod.RMSSD)
    assert first.sleep_duration_s == 7.25 * 3600
    assert (first.systolic_mmhg, first.diastolic_mmhg) == (118, 76)
    assert (first.spo2_pct, first.mass_kg, first.mood_1_5, first.soreness_1_5) == (97.0, 70.4, 4, 2)
    assert first.notes == "felt good"
    assert second.hrv_ms is None and second.hrv_method is None
    assert second.systolic_mmhg is None
    assert second.measurement_names() == ["resting_hr_bpm", "sleep_duration_s", "mood_1_5"]


def test_wellness_optional_columns_and_sdnn() -> None:
    parsed = read_wellness_csv(
        csv_bytes(
            "date,hrv_sdnn_ms,sleep_quality_1_5,stress_1_5,fatigue_1_5,illness,vo2max_ml_kg_min",
            "2024-05-01,55,4,2,3,yes,48.5",
            "2024-05-02,,,,,False,",
            "2024-05-03,,,,,0,",
        ),
        "well.csv",
    )
    first, second, third = parsed.wellness
    assert (first.hrv_ms, first.hrv_method) == (55.0, HrvMethod.SDNN)
    assert (first.sleep_quality_1_5, first.stress_1_5, first.fatigue_1_5) == (4, 2, 3)
    assert first.illness is True
    assert first.vo2max_ml_kg_min == 48.5
    assert second.illness is False and third.illness is False


def test_wellness_row_with_only_a_date_is_not_stored() -> None:
    parsed = read_wellness_csv(
        csv_bytes("date,resting_hr_bpm", "2024-05-01,", "2024-05-02,50"), "well.csv"
    )
    assert [e.day for e in parsed.wellness] == [date(2024, 5, 2)]


def test_wellness_bom_is_accepted() -> None:
    parsed = read_wellness_csv(csv_bytes("date,resting_hr_bpm", "2024-05-01,50", bom=True), "w.csv")
    assert parsed.wellness[0].resting_hr_bpm == 50.0


def test_wellness_heart_rate_300_is_implausible_with_line_and_field() -> None:
    with pytest.raises(ImplausibleValueError) as info:
        read_wellness_csv(
            csv_bytes("date,resting_hr_bpm", "2024-05-01,50", "2024-05-02,300"), "w.csv"
        )
    error = info.value
    assert (error.source, error.line, error.field, error.value) == (
        "w.csv",
        3,
        "resting_hr_bpm",
        300,
    )
    assert "w.csv, line 3, field 'resting_hr_bpm'" in str(error)


@pytest.mark.parametrize(
    ("header", "row", "field", "message"),
    [
        ("date,systolic_mmhg,diastolic_mmhg", "2024-05-01,80,120", "systolic_mmhg", "higher"),
        ("date,systolic_mmhg,diastolic_mmhg", "2024-05-01,90,90", "systolic_mmhg", "higher"),
        ("date,systolic_mmhg,diastolic_mmhg", "2024-05-01,120,", "diastolic_mmhg", "both"),
        ("date,systolic_mmhg,diastolic_mmhg", "2024-05-01,,80", "systolic_mmhg", "both"),
        ("date,systolic_mmhg,diastolic_mmhg", "2024-05-01,120.5,80", "systolic_mmhg", "whole"),
        ("date,hrv_rmssd_ms,hrv_sdnn_ms", "2024-05-01,40,55", "hrv_sdnn_ms", "not both"),
        ("date,mood_1_5", "2024-05-01,6", "mood_1_5", "plausible"),
        ("date,mood_1_5", "2024-05-01,3.5", "mood_1_5", "whole"),
        ("date,sleep_h", "2024-05-01,25", "sleep_h", "plausible"),
        ("date,spo2_pct", "2024-05-01,0.97", "spo2_pct", "plausible"),
        ("date,illness", "2024-05-01,maybe", "illness", "yes/no"),
        ("date,resting_hr_bpm", "2024-13-01,50", "date", "YYYY-MM-DD"),
    ],
)
def test_wellness_bad_cells(header: str, row: str, field: str, message: str) -> None:
    error = raises_data_error(read_wellness_csv, header, row, line=2, field=field)
    assert message in error.message


def test_wellness_duplicate_date_names_both_lines() -> None:
    error = raises_data_error(
        read_wellness_csv,
        "date,resting_hr_bpm",
        "2024-05-01,50",
        "2024-05-02,51",
        "2024-05-01,49",
        line=4,
        field="date",
    )
    assert "lines 2 and 4" in error.message


# ---------------------------------------------------------------------------------------------
# Header and file-level errors, shared by the three formats


@pytest.mark.parametrize(
    ("reader", "header", "bad_column"),
    [
        (read_wellness_csv, "date,resting_hr,sleep_h", "resting_hr"),
        (read_sessions_csv, "date,sport,duration,rpe", "duration"),
        (read_activity_csv, "timestamp,hr", "hr"),
    ],
)
def test_unknown_column_is_named_with_the_accepted_ones(
    reader: Reader, header: str, bad_column: str
) -> None:
    error = raises_data_error(reader, header, "2024-05-01,1,2,3", line=1, field=bad_column)
    assert f"unknown column '{bad_column}'" in error.message
    assert "accepted columns are:" in error.message


def test_missing_required_column() -> None:
    error = raises_data_error(
        read_sessions_csv, "date,sport,rpe", "2024-05-01,run,5", line=1, field="duration_min"
    )
    assert "duration_min" in error.message


def test_duplicate_column() -> None:
    raises_data_error(
        read_wellness_csv, "date,mass_kg,Mass_KG", "2024-05-01,70,71", line=1, field="mass_kg"
    )


def test_semicolon_separated_file_gets_a_clear_message() -> None:
    error = raises_data_error(
        read_wellness_csv, "date;resting_hr_bpm", "2024-05-01;50", line=1, field=None
    )
    assert "commas" in error.message


def test_extra_cells_are_refused() -> None:
    raises_data_error(read_wellness_csv, "date,mass_kg", "2024-05-01,70,oops", line=2, field=None)


@pytest.mark.parametrize(
    "reader", [read_sessions_csv, read_wellness_csv, read_activity_csv, read_csv]
)
@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n"])
def test_empty_file(reader: Reader, content: bytes) -> None:
    with pytest.raises(EmptyFileError) as info:
        reader(io.BytesIO(content), "empty.csv")
    assert info.value.source == "empty.csv"


@pytest.mark.parametrize(
    ("reader", "header"),
    [
        (read_sessions_csv, "date,sport,duration_min,rpe"),
        (read_wellness_csv, "date,resting_hr_bpm"),
        (read_activity_csv, "timestamp,heart_rate_bpm"),
    ],
)
def test_header_only_is_empty(reader: Reader, header: str) -> None:
    with pytest.raises(EmptyFileError):
        reader(csv_bytes(header, ""), "empty.csv")


def test_not_utf8_names_the_line() -> None:
    data = io.BytesIO("date,notes\n2024-05-01,ok\n2024-05-02,caf\xe9\n".encode("latin-1"))
    with pytest.raises(CorruptFileError) as info:
        read_wellness_csv(data, "latin.csv")
    assert info.value.line == 3


def test_unterminated_quote_is_a_corrupt_file() -> None:
    with pytest.raises(CorruptFileError):
        read_wellness_csv(csv_bytes("date,notes", '2024-05-01,"never closed'), "q.csv")


# ---------------------------------------------------------------------------------------------
# Activity samples


def test_activity_samples_known_values_and_masking() -> None:
    parsed = read_activity_csv(
        csv_bytes(
            "timestamp,sport,heart_rate_bpm,power_w,distance_m,latitude_deg,longitude_deg",
            "2024-05-01T07:00:00+02:00,ride,120,200,0,47.1,8.5",
            "2024-05-01T07:00:05+02:00,,310,210,40,47.2,8.6",
            "2024-05-01T05:00:10Z,,,220,80.5,,",
            "2024-05-01T07:00:15+02:00,run,140,3000,120,47.3,8.7",
        ),
        "act.csv",
    )
    (activity,) = parsed.activities
    assert activity.sport is Sport.CYCLING  # first row wins
    assert activity.source_format == "csv"
    assert activity.start_time == datetime(2024, 5, 1, 5, 0, 0, tzinfo=UTC)
    assert activity.elapsed_s == 15.0
    assert activity.distance_m == 120.0
    streams = activity.streams
    np.testing.assert_array_equal(streams[StreamChannel.TIME_S], [0, 5, 10, 15])
    np.testing.assert_array_equal(streams[StreamChannel.HEART_RATE_BPM], [120, np.nan, np.nan, 140])
    np.testing.assert_array_equal(streams[StreamChannel.POWER_W], [200, 210, 220, np.nan])
    assert StreamChannel.SPEED_M_S not in streams
    assert len(parsed.recovered) == 2
    assert any("heart_rate_bpm" in note and "310" in note for note in parsed.recovered)
    assert any("power_w" in note and "3000" in note for note in parsed.recovered)


def test_activity_without_sport_column_is_other_and_unsorted_rows_are_sorted() -> None:
    parsed = read_activity_csv(
        csv_bytes(
            "timestamp,speed_m_s",
            "2024-05-01T07:00:10+00:00,3.5",
            "2024-05-01T07:00:00+00:00,3.0",
        ),
        "act.csv",
    )
    (activity,) = parsed.activities
    assert activity.sport is Sport.OTHER
    assert activity.distance_m is None
    np.testing.assert_array_equal(activity.streams[StreamChannel.SPEED_M_S], [3.0, 3.5])
    assert parsed.recovered == []


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("2024-05-01T07:00:05,130", "timestamp", "offset"),
        ("yesterday,130", "timestamp", "ISO 8601"),
        ("2024-05-01T07:00:05Z,fast", "heart_rate_bpm", "expected a number"),
        (",130", "timestamp", "required"),
    ],
)
def test_activity_bad_cells(row: str, field: str, message: str) -> None:
    error = raises_data_error(
        read_activity_csv,
        "timestamp,heart_rate_bpm",
        "2024-05-01T07:00:00Z,120",
        row,
        line=3,
        field=field,
    )
    assert message in error.message


# ---------------------------------------------------------------------------------------------
# Detection


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        (["date", "sport", "duration_min", "rpe"], "sessions"),
        (["\ufeffDATE", "Sport", "Duration_min", "RPE", "notes"], "sessions"),
        (["date", "resting_hr_bpm"], "wellness"),
        (["date", "resting_hr"], "wellness"),
        (["timestamp", "heart_rate_bpm"], "activity"),
        (["time", "hr"], None),
        ([], None),
    ],
)
def test_detect_csv_kind(header: list[str], kind: str | None) -> None:
    assert detect_csv_kind(header) == kind


def test_read_csv_dispatches_by_header() -> None:
    assert read_csv(csv_bytes("date,sport,duration_min,rpe", "2024-05-01,run,30,5"), "a").sessions
    assert read_csv(csv_bytes("date,mass_kg", "2024-05-01,70"), "b").wellness
    assert read_csv(csv_bytes("timestamp,power_w", "2024-05-01T07:00:00Z,200"), "c").activities
    with pytest.raises(UnsupportedFormatError):
        read_csv(csv_bytes("time,hr", "1,2"), "d")


def test_documented_columns_match_the_code() -> None:
    """docs/csv-formats.md lists every accepted column of each format."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "csv-formats.md").read_text("utf-8")
    for column in (*SESSION_COLUMNS, *WELLNESS_COLUMNS, *ACTIVITY_COLUMNS):
        assert f"`{column}`" in doc, column
