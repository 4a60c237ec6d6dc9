"""Tests of the FIT reader: generated files everywhere, real device files when ../shared exists."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import fitdecode
import numpy as np
import pytest
from fit_tool.base_type import BaseType
from fit_tool.developer_field import DeveloperField
from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.activity_message import ActivityMessage
from fit_tool.profile.messages.developer_data_id_message import DeveloperDataIdMessage
from fit_tool.profile.messages.field_description_message import FieldDescriptionMessage
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.hrv_message import HrvMessage
from fit_tool.profile.messages.lap_message import LapMessage
from fit_tool.profile.messages.monitoring_hr_data_message import MonitoringHrDataMessage
from fit_tool.profile.messages.record_message import RecordMessage
from fit_tool.profile.messages.session_message import SessionMessage
from fit_tool.profile.messages.sport_message import SportMessage
from fit_tool.profile.messages.weight_scale_message import WeightScaleMessage
from fit_tool.profile.profile_type import FileType, GarminProduct, Manufacturer
from fit_tool.profile.profile_type import Sport as FitSport
from hypothesis import given, settings
from hypothesis import strategies as st

from aicoach.domain import ParsedFile, Sport, StreamChannel
from aicoach.errors import CorruptFileError, DataError, EmptyFileError
from aicoach.io.fit_reader import read_fit
from aicoach.units import semicircles_to_degrees

START = datetime(2024, 3, 1, 7, 0, tzinfo=UTC)
FIT_EPOCH_UNIX_S = 631065600
HEART_RATES = [120, 131, 142, 255, 150, 149, 160, 158, 171, 165]
"""Index 3 is the FIT 'invalid' sentinel: the sample must come back missing."""
POWERS = [200, 210, 190, 250, 240, 3000, 260, 230, 220, 280]
"""Index 5 is beyond any human: it must be masked and reported."""


# --- generated files ------------------------------------------------------------------------


def _ms(moment: datetime) -> int:
    return round(moment.timestamp() * 1000)


def _file_id(file_type: FileType) -> FileIdMessage:
    message = FileIdMessage()
    message.type = file_type
    message.manufacturer = Manufacturer.GARMIN.value
    message.garmin_product = GarminProduct.FENIX5.value
    message.serial_number = 1234
    message.time_created = _ms(START)
    return message


def _record(index: int, *, timed: bool = True) -> RecordMessage:
    message = RecordMessage()
    if timed:
        message.timestamp = _ms(START + timedelta(seconds=index))
    message.heart_rate = HEART_RATES[index]
    message.power = POWERS[index]
    message.speed = 3.0 + index / 10
    message.distance = 3.5 * index
    message.cadence = 80 + index
    message.altitude = 100.0 + 2 * index
    message.position_lat = 51.5 + index * 1e-4
    message.position_long = -0.12 - index * 1e-4
    message.temperature = 15 + index
    return message


def _session(
    sport: FitSport, start: datetime, elapsed_s: float, distance_m: float
) -> SessionMessage:
    message = SessionMessage()
    message.timestamp = _ms(start + timedelta(seconds=elapsed_s))
    message.start_time = _ms(start)
    message.sport = sport
    message.total_elapsed_time = elapsed_s
    message.total_timer_time = elapsed_s - 1
    message.total_distance = distance_m
    message.avg_heart_rate = 150
    return message


def _lap() -> LapMessage:
    message = LapMessage()
    message.timestamp = _ms(START + timedelta(seconds=9))
    message.start_time = _ms(START)
    message.total_elapsed_time = 9.0
    message.total_timer_time = 8.0
    message.total_distance = 31.5
    message.avg_heart_rate = 150
    message.max_heart_rate = 171
    message.avg_power = 231
    return message


def _fit_bytes(*messages: object) -> bytes:
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    for message in messages:
        builder.add(message)
    data: bytes = builder.build().to_bytes()
    return data


def _activity_bytes(untimed_records: int = 0) -> bytes:
    """A 10-second run: records, RR intervals, one lap and one session."""
    hrv = HrvMessage()
    hrv.time = [0.512, 0.498, 0.505]
    sport = SportMessage()
    sport.sport = FitSport.RUNNING
    sport.sport_name = "Morning Run"
    untimed = [_record(0, timed=False) for _ in range(untimed_records)]
    return _fit_bytes(
        _file_id(FileType.ACTIVITY),
        sport,
        *[_record(i) for i in range(10)],
        *untimed,
        hrv,
        _lap(),
        _session(FitSport.RUNNING, START, 9.0, 31.5),
    )


def _read(data: bytes, source: str = "test.fit") -> ParsedFile:
    return read_fit(io.BytesIO(data), source)


def test_empty_input_raises_empty_file_error() -> None:
    with pytest.raises(EmptyFileError) as caught:
        _read(b"", "empty.fit")
    assert caught.value.source == "empty.fit"
    assert "empty.fit" in str(caught.value)


@pytest.mark.parametrize(
    "data",
    [
        b"hello world, not a FIT file at all",
        bytes(range(256)),
        b"\x0e\x10",
        np.random.default_rng(7).bytes(4096),
    ],
)
def test_non_fit_bytes_raise_corrupt_file_error(data: bytes) -> None:
    with pytest.raises(CorruptFileError) as caught:
        _read(data, "junk.fit")
    assert caught.value.source == "junk.fit"
    assert "not a FIT file" in caught.value.message


def test_generated_activity_values() -> None:
    parsed = _read(_activity_bytes())
    assert parsed.format == "fit"
    assert parsed.skipped is None
    [activity] = parsed.activities
    streams = activity.streams
    assert activity.sample_count == 10
    assert activity.start_time == START
    assert activity.sport is Sport.RUNNING
    assert activity.name == "Morning Run"
    assert activity.device_name == "garmin fenix5"
    assert (activity.elapsed_s, activity.timer_s, activity.distance_m) == (9.0, 8.0, 31.5)
    np.testing.assert_array_equal(streams[StreamChannel.TIME_S], np.arange(10.0))
    expected_hr = [math.nan if hr == 255 else hr for hr in HEART_RATES]
    np.testing.assert_array_equal(streams[StreamChannel.HEART_RATE_BPM], expected_hr)
    expected_power = [math.nan if watts > 2500 else watts for watts in POWERS]
    np.testing.assert_array_equal(streams[StreamChannel.POWER_W], expected_power)
    np.testing.assert_allclose(streams[StreamChannel.SPEED_M_S], 3.0 + np.arange(10) / 10)
    np.testing.assert_allclose(streams[StreamChannel.DISTANCE_M], 3.5 * np.arange(10))
    np.testing.assert_array_equal(streams[StreamChannel.CADENCE_RPM], 80 + np.arange(10.0))
    np.testing.assert_allclose(streams[StreamChannel.ALTITUDE_M], 100 + 2 * np.arange(10.0))
    np.testing.assert_array_equal(streams[StreamChannel.TEMPERATURE_C], 15 + np.arange(10.0))
    np.testing.assert_allclose(
        streams[StreamChannel.LATITUDE_DEG], 51.5 + np.arange(10) * 1e-4, atol=1e-6
    )
    np.testing.assert_allclose(
        streams[StreamChannel.LONGITUDE_DEG], -0.12 - np.arange(10) * 1e-4, atol=1e-6
    )
    assert activity.rr_intervals_ms is not None
    np.testing.assert_allclose(activity.rr_intervals_ms, [512.0, 498.0, 505.0])
    [lap] = activity.laps
    assert (lap.start_time, lap.elapsed_s, lap.timer_s, lap.distance_m) == (START, 9, 8, 31.5)
    assert (lap.avg_hr_bpm, lap.max_hr_bpm, lap.avg_power_w) == (150, 171, 231)
    assert activity.device_summary["avg_heart_rate"] == 150
    assert activity.device_summary["start_time"] == START.isoformat()
    json.dumps(activity.device_summary)
    json.dumps(lap.device_summary)


def test_implausible_power_is_masked_and_reported_but_hr_sentinel_is_just_missing() -> None:
    parsed = _read(_activity_bytes())
    assert len(parsed.recovered) == 1
    assert "power_w" in parsed.recovered[0]
    assert "3000" in parsed.recovered[0]
    assert math.isnan(parsed.activities[0].streams[StreamChannel.HEART_RATE_BPM][3])


def test_records_without_timestamp_are_dropped_and_reported() -> None:
    parsed = _read(_activity_bytes(untimed_records=2))
    assert parsed.activities[0].sample_count == 10
    assert "2 records without a timestamp were dropped" in parsed.recovered


def test_chained_files_give_one_activity_each() -> None:
    data = _activity_bytes()
    parsed = _read(data + data)
    assert len(parsed.activities) == 2
    assert parsed.activities[0].sample_count == parsed.activities[1].sample_count == 10


def test_multisport_file_keeps_every_session() -> None:
    bike_start = START + timedelta(seconds=5)
    data = _fit_bytes(
        _file_id(FileType.ACTIVITY),
        *[_record(i) for i in range(10)],
        _session(FitSport.RUNNING, START, 5.0, 17.5),
        _session(FitSport.CYCLING, bike_start, 4.0, 14.0),
    )
    [activity] = _read(data).activities
    assert (activity.sport, activity.sub_sport) == (Sport.OTHER, "multisport")
    assert activity.elapsed_s == 9.0
    assert activity.distance_m == 31.5
    sessions = activity.device_summary["sessions"]
    assert isinstance(sessions, list)
    assert [s["sport"] for s in sessions] == ["running", "cycling"]
    assert activity.device_summary["sport"] == "running"


def _developer_field(number: int, name: str) -> tuple[FieldDescriptionMessage, DeveloperField]:
    description = FieldDescriptionMessage()
    description.developer_data_index = 0
    description.field_definition_number = number
    description.fit_base_type_id = BaseType.UINT16.value
    description.field_name = name
    return description, DeveloperField(
        field_id=number, name=name, base_type=BaseType.UINT16, developer_data_index=0, size=2
    )


def test_developer_fields_go_to_the_summary_and_never_into_streams() -> None:
    developer = DeveloperDataIdMessage()
    developer.developer_data_index = 0
    developer.application_id = bytes(range(16))
    hr_description, hr_field = _developer_field(0, "heart_rate")
    power_description, power_field = _developer_field(1, "stryd_power")
    record = RecordMessage(developer_fields=[hr_field])
    record.timestamp = _ms(START)
    record.heart_rate = 100
    hr_field.set_value(0, 200)
    session = SessionMessage(developer_fields=[power_field])
    session.timestamp = _ms(START + timedelta(seconds=1))
    session.start_time = _ms(START)
    power_field.set_value(0, 245)
    data = _fit_bytes(
        _file_id(FileType.ACTIVITY), developer, hr_description, power_description, record, session
    )
    [activity] = _read(data).activities
    np.testing.assert_array_equal(activity.streams[StreamChannel.HEART_RATE_BPM], [100.0])
    assert activity.device_summary["developer"] == {"stryd_power": 245}


def test_unset_device_clock_uses_the_activity_local_time() -> None:
    """Times below 0x10000000 count from power-on; the activity message anchors them."""
    power_on = datetime.fromtimestamp(FIT_EPOCH_UNIX_S, UTC) + timedelta(seconds=5000)
    records = []
    for i in range(5):
        record = RecordMessage()
        record.timestamp = _ms(power_on + timedelta(seconds=2 * i))
        record.heart_rate = 100 + i
        records.append(record)
    activity_message = ActivityMessage()
    activity_message.timestamp = _ms(power_on + timedelta(seconds=8))
    activity_message.local_timestamp = round(START.timestamp()) + 8 - FIT_EPOCH_UNIX_S
    parsed = _read(_fit_bytes(_file_id(FileType.ACTIVITY), *records, activity_message))
    [activity] = parsed.activities
    assert activity.start_time == START
    np.testing.assert_array_equal(activity.streams[StreamChannel.TIME_S], [0, 2, 4, 6, 8])
    assert any("clock was not set" in note for note in parsed.recovered)


def test_weight_file_gives_mass_entries() -> None:
    messages = []
    for hours, kilograms in [(0, 70.2), (30, 69.8)]:
        message = WeightScaleMessage()
        message.timestamp = _ms(START + timedelta(hours=hours))
        message.weight = kilograms
        messages.append(message)
    parsed = _read(_fit_bytes(_file_id(FileType.WEIGHT), *messages))
    assert [(e.day, e.mass_kg, e.source) for e in parsed.wellness] == [
        (date(2024, 3, 1), 70.2, "fit"),
        (date(2024, 3, 2), 69.8, "fit"),
    ]
    assert parsed.skipped is None


def test_monitoring_file_gives_resting_heart_rate() -> None:
    message = MonitoringHrDataMessage()
    message.timestamp = _ms(START)
    message.resting_heart_rate = 52
    parsed = _read(_fit_bytes(_file_id(FileType.MONITORING_B), message))
    assert [(e.day, e.resting_hr_bpm) for e in parsed.wellness] == [(date(2024, 3, 1), 52)]


def test_monitoring_file_without_resting_heart_rate_is_skipped() -> None:
    parsed = _read(_fit_bytes(_file_id(FileType.MONITORING_B)))
    assert parsed.is_empty
    assert parsed.skipped == "monitoring file holds no resting heart rate or HRV data"


def test_settings_file_is_skipped_with_its_type() -> None:
    parsed = _read(_fit_bytes(_file_id(FileType.SETTINGS)))
    assert parsed.is_empty
    assert parsed.skipped == "FIT file type 'settings' holds no activity, weight or wellness data"


def _outcome(data: bytes) -> ParsedFile | DataError:
    """The reader's answer: a result or one of aicoach's data errors, nothing else."""
    try:
        return _read(data, "damaged.fit")
    except DataError as error:
        assert error.source == "damaged.fit"
        return error


def test_every_truncation_recovers_or_raises_corrupt_file_error() -> None:
    data = _activity_bytes()
    kept_before = 0
    for end in range(1, len(data)):
        outcome = _outcome(data[:end])
        if isinstance(outcome, DataError):
            assert isinstance(outcome, CorruptFileError)
            assert outcome.offset is not None or "not a FIT file" in outcome.message
            continue
        assert any("ends early" in note for note in outcome.recovered)
        kept = sum(activity.sample_count for activity in outcome.activities)
        assert kept_before <= kept <= 10
        kept_before = kept
    assert kept_before == 10


def test_every_flipped_byte_is_noticed() -> None:
    data = _activity_bytes()
    for position in range(len(data)):
        damaged = bytearray(data)
        damaged[position] ^= 0x10
        outcome = _outcome(bytes(damaged))
        if isinstance(outcome, ParsedFile):
            assert outcome.recovered, f"flip at byte {position} went unnoticed"


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_damage_never_escapes_as_another_exception(data: st.DataObject) -> None:
    original = _activity_bytes()
    damaged = bytearray(original[: data.draw(st.integers(0, len(original)))])
    for _ in range(data.draw(st.integers(0, 8))):
        if damaged:
            position = data.draw(st.integers(0, len(damaged) - 1))
            damaged[position] = data.draw(st.integers(0, 255))
    _outcome(bytes(damaged))


# --- real device files in ../shared -----------------------------------------------------------


@dataclass
class _BarePass:
    """What a bare fitdecode pass reads, as independent expectations for the reader."""

    file_types: list[str] = field(default_factory=list)
    timed_records: int = 0
    messages: Counter[str] = field(default_factory=Counter)
    first_session: dict[str, object] = field(default_factory=dict)
    rr_s: list[float] = field(default_factory=list)
    error: Exception | None = None


@functools.cache
def _bare_pass(path: Path) -> _BarePass:
    bare = _BarePass()
    try:
        with fitdecode.FitReader(str(path), check_crc=fitdecode.CrcCheck.DISABLED) as reader:
            for frame in reader:
                if isinstance(frame, fitdecode.FitDataMessage):
                    _note_message(bare, frame)
    except fitdecode.FitError as error:
        bare.error = error
    return bare


def _note_message(bare: _BarePass, frame: fitdecode.FitDataMessage) -> None:
    bare.messages[frame.name] += 1
    if frame.name == "file_id":
        bare.file_types.append(frame.get_value("type", fallback=None))
    elif frame.name == "record" and frame.get_value("timestamp", fallback=None) is not None:
        bare.timed_records += 1
    elif frame.name == "session" and not bare.first_session:
        bare.first_session = {f.name: f.value for f in frame.fields}
    elif frame.name == "hrv":
        bare.rr_s.extend(value for value in frame.get_value("time") if value is not None)


def _fit_files(folder: Path) -> Iterator[Path]:
    yield from sorted(p for p in folder.iterdir() if p.suffix.lower() == ".fit")


def _read_path(path: Path) -> ParsedFile:
    with path.open("rb") as stream:
        return read_fit(stream, path.name)


def _activity_paths(shared_data: Path) -> list[Path]:
    paths = [*_fit_files(shared_data / "fit"), *_fit_files(shared_data / "activities")]
    return [path for path in paths if "activity" in _bare_pass(path).file_types]


TIMESTAMP_OUTLIERS = {"strava-android-app-201.10-b1218918.fit": 1}
"""Records whose timestamp is far from the rest: the Strava file's last record before the
corruption reads 2.0e9 s (64 years) after the activity's start."""


def test_sample_count_equals_timed_record_messages(shared_data: Path) -> None:
    paths = _activity_paths(shared_data)
    assert len(paths) >= 25
    for path in paths:
        bare = _bare_pass(path)
        parsed = _read_path(path)
        samples = sum(activity.sample_count for activity in parsed.activities)
        assert samples == bare.timed_records - TIMESTAMP_OUTLIERS.get(path.name, 0), path.name


def test_summaries_laps_and_device_values_match_fitdecode(shared_data: Path) -> None:
    for path in _activity_paths(shared_data):
        bare = _bare_pass(path)
        parsed = _read_path(path)
        if not parsed.activities:
            continue
        activity = parsed.activities[0]
        json.dumps(activity.device_summary)
        if bare.error is None and len(bare.file_types) == 1:
            assert len(activity.laps) == bare.messages["lap"], path.name
        for name in ("total_distance", "avg_heart_rate", "total_calories", "normalized_power"):
            if bare.first_session.get(name) is not None:
                assert activity.device_summary[name] == bare.first_session[name], path.name
        if bare.messages["session"] == 1:
            assert activity.elapsed_s == bare.first_session["total_elapsed_time"], path.name


def test_edge_500_session_summary(shared_data: Path) -> None:
    [activity] = _read_path(shared_data / "fit" / "garmin-edge-500-activity.fit").activities
    assert activity.sport is Sport.CYCLING
    assert activity.device_name == "garmin edge500"
    assert activity.distance_m == pytest.approx(92622.34)
    assert activity.start_time == datetime(2011, 9, 25, 13, 0, 21, tzinfo=UTC)
    assert len(activity.laps) == 9


@pytest.mark.parametrize(
    "name", ["garmin-edge-820-bike.fit", "garmin-fenix-5-run.fit", "garmin-fenix-5-walk.fit"]
)
def test_rr_intervals_match_fitdecode(shared_data: Path, name: str) -> None:
    path = shared_data / "fit" / name
    bare = _bare_pass(path)
    [activity] = _read_path(path).activities
    assert activity.rr_intervals_ms is not None
    assert activity.rr_intervals_ms.dtype == np.float64
    assert activity.rr_intervals_ms.size == len(bare.rr_s) > 40
    np.testing.assert_allclose(activity.rr_intervals_ms[:3], np.array(bare.rr_s[:3]) * 1000)
    np.testing.assert_allclose(activity.rr_intervals_ms[-1], bare.rr_s[-1] * 1000)


def test_edge_820_rr_known_values(shared_data: Path) -> None:
    [activity] = _read_path(shared_data / "fit" / "garmin-edge-820-bike.fit").activities
    assert activity.rr_intervals_ms is not None
    np.testing.assert_allclose(activity.rr_intervals_ms[:3], [594.0, 588.0, 588.0])


_CSV_COLUMNS = {
    "heart_rate": StreamChannel.HEART_RATE_BPM,
    "Heart Rate [bpm]": StreamChannel.HEART_RATE_BPM,
    "cadence": StreamChannel.CADENCE_RPM,
    "Cadence [rpm]": StreamChannel.CADENCE_RPM,
    "speed": StreamChannel.SPEED_M_S,
    "Speed [m/s]": StreamChannel.SPEED_M_S,
    "distance": StreamChannel.DISTANCE_M,
    "Distance [m]": StreamChannel.DISTANCE_M,
    "position_lat": StreamChannel.LATITUDE_DEG,
    "position_long": StreamChannel.LONGITUDE_DEG,
    "altitude": StreamChannel.ALTITUDE_M,
    "temperature": StreamChannel.TEMPERATURE_C,
}


def _csv_expected(path: Path) -> dict[StreamChannel, np.ndarray]:
    with path.open(newline="") as stream:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(stream)]
    expected: dict[StreamChannel, np.ndarray] = {}
    for column, channel in _CSV_COLUMNS.items():
        if column not in rows[0]:
            continue
        values = [math.nan if row[column] in ("", "null") else float(row[column]) for row in rows]
        if channel in (StreamChannel.LATITUDE_DEG, StreamChannel.LONGITUDE_DEG):
            values = [semicircles_to_degrees(value) for value in values]
        expected[channel] = np.asarray(values)
    return expected


_PACIFIC_UTC_OFFSET_H = {"PDT": -7, "PST": -8}


def _csv_epoch_s(stamp: str) -> float:
    """A CSV timestamp in seconds: a FIT device time, or 'Sun Sep 25 06:00:22 PDT 2011'."""
    if stamp.isdigit():
        return float(stamp)
    _, month, day, clock, zone, year = stamp.split()
    local = datetime.strptime(f"{month} {day} {year} {clock}", "%b %d %Y %H:%M:%S")
    return local.replace(tzinfo=UTC).timestamp() - _PACIFIC_UTC_OFFSET_H[zone] * 3600


def _csv_times_s(path: Path) -> list[float]:
    """Seconds of each CSV row since the first row."""
    with path.open(newline="") as stream:
        seconds = [_csv_epoch_s(row[0]) for row in list(csv.reader(stream))[1:]]
    return [value - seconds[0] for value in seconds]


@functools.cache
def _invalid_indices(path: Path) -> dict[str, list[int]]:
    """Per field, the records holding the FIT 'invalid' value, by a bare fitdecode pass."""
    indices: dict[str, list[int]] = {}
    with fitdecode.FitReader(str(path)) as reader:
        messages = (f for f in reader if isinstance(f, fitdecode.FitDataMessage))
        for index, frame in enumerate(f for f in messages if f.name == "record"):
            for item in frame.fields:
                if item.value is None:
                    indices.setdefault(item.name, []).append(index)
    return indices


def _unfill_reference(
    path: Path, expected: dict[StreamChannel, np.ndarray], first_row: int
) -> dict[str, int]:
    """Undo how the reference CSVs fill invalid FIT values; count the samples undone.

    The edge-500 CSV writes 0 for an invalid cadence (0xFF) and repeats the previous position
    for an invalid one; the reader keeps such samples missing, as the FIT profile says.
    """
    fills = {"cadence": "zero", "position_lat": "previous", "position_long": "previous"}
    counts: dict[str, int] = {}
    for field_name, fill in fills.items():
        channel = _CSV_COLUMNS[field_name]
        if channel not in expected:
            continue
        rows = [index - first_row for index in _invalid_indices(path).get(field_name, [])]
        values = expected[channel]
        original = values.copy()
        for row in rows:
            filled = 0.0 if fill == "zero" else original[row - 1]
            assert math.isnan(values[row]) or values[row] == filled
            values[row] = math.nan
        counts[field_name] = len(rows)
    return counts


@pytest.mark.parametrize(
    ("name", "first_row", "undone"),
    [
        ("garmin-fenix-5-run", 0, 0),
        ("garmin-fenix-5-bike", 0, 0),
        ("garmin-fenix-5-walk", 0, 0),
        ("garmin-edge-820-bike", 0, 0),
        ("garmin-edge-500-activity", 0, 121 + 2 * 9),
        ("compressed-speed-distance", 1, 1),
    ],
)
def test_record_values_match_reference_csv(
    shared_data: Path, name: str, first_row: int, undone: int
) -> None:
    """Every record against the reference CSV (the compressed-speed-distance CSV leaves out
    the first record, which holds only a timestamp)."""
    fit_path = shared_data / "fit" / f"{name}.fit"
    csv_path = shared_data / "fit" / f"{name}-records.csv"
    [activity] = _read_path(fit_path).activities
    expected = _csv_expected(csv_path)
    assert sum(_unfill_reference(fit_path, expected, first_row).values()) == undone
    times = activity.streams[StreamChannel.TIME_S][first_row:]
    assert times.size == next(iter(expected.values())).size
    np.testing.assert_allclose(times - times[0], _csv_times_s(csv_path))
    for channel, values in expected.items():
        actual = activity.streams.get(channel, np.full(activity.sample_count, math.nan))
        np.testing.assert_allclose(
            actual[first_row:], values, rtol=1e-6, atol=1e-3, err_msg=channel
        )
    if first_row:
        assert all(math.isnan(v[0]) for c, v in activity.streams.items() if c in expected)


def test_weight_scale_files(shared_data: Path) -> None:
    folder = shared_data / "fit"
    single = _read_path(folder / "WeightScaleSingleUser.fit")
    multi = _read_path(folder / "WeightScaleMultiUser.fit")
    assert [e.mass_kg for e in single.wellness] == [75.8, 76.09]
    assert [e.mass_kg for e in multi.wellness] == [75.8, 58.2]
    assert {e.day for e in single.wellness + multi.wellness} == {date(2009, 9, 9)}
    assert not single.recovered and not multi.recovered


@pytest.mark.parametrize(
    ("name", "file_type"),
    [
        ("Settings.fit", "settings"),
        ("Settings2.fit", "settings"),
        ("nametest.FIT", "settings"),
        ("WorkoutIndividualSteps.fit", "workout"),
        ("WorkoutRepeatSteps.fit", "workout"),
        ("WorkoutCustomTargetValues.fit", "workout"),
        ("WorkoutRepeatGreaterThanStep.fit", "workout"),
    ],
)
def test_files_without_training_data_are_skipped(
    shared_data: Path, name: str, file_type: str
) -> None:
    parsed = _read_path(shared_data / "fit" / name)
    assert parsed.is_empty
    assert (
        parsed.skipped == f"FIT file type '{file_type}' holds no activity, weight or wellness data"
    )


def test_monitoring_file_without_resting_hr(shared_data: Path) -> None:
    parsed = _read_path(shared_data / "fit" / "MonitoringFile.fit")
    assert parsed.is_empty
    assert parsed.skipped is not None and "monitoring" in parsed.skipped


@pytest.mark.parametrize(
    ("name", "reason", "activities"),
    [
        ("activity-unexpected-eof.fit", "file ends early at byte 768", 1),
        ("activity-settings-nodata.fit", "file ends early at byte 784", 1),
        ("activity-settings-corruptheader.fit", "no valid FIT header at byte 771", 1),
        ("activity-filecrc.fit", "CRC check failed (footer at byte 769)", 1),
        ("activity-activity-filecrc.fit", "CRC check failed (footer at byte 1540)", 2),
        ("strava-android-app-201.10-b1218918.fit", "corrupt FIT data at byte 7471", 1),
    ],
)
def test_malformed_files_keep_what_was_read(
    shared_data: Path, name: str, reason: str, activities: int
) -> None:
    path = shared_data / "fit" / name
    parsed = _read_path(path)
    assert len(parsed.activities) == activities
    assert any(reason in note for note in parsed.recovered), parsed.recovered
    outliers = TIMESTAMP_OUTLIERS.get(name, 0)
    assert (
        sum(a.sample_count for a in parsed.activities) == _bare_pass(path).timed_records - outliers
    )
    if outliers:
        assert "1 record with a timestamp more than a day away from the rest was dropped" in (
            parsed.recovered
        )


def test_malformed_notes_name_the_kept_records(shared_data: Path) -> None:
    parsed = _read_path(shared_data / "fit" / "activity-unexpected-eof.fit")
    assert parsed.recovered == ["file ends early at byte 768: kept the 14 records read before it"]


def test_shared_file_sliced_recovers_or_raises(shared_data: Path) -> None:
    data = (shared_data / "fit" / "garmin-fenix-5-run.fit").read_bytes()
    for end in [1, 11, 12, 14, 40, 200, 1000, 2500, 4000, len(data) - 3, len(data) - 1]:
        outcome = _outcome(data[:end])
        if isinstance(outcome, ParsedFile):
            assert any("ends early" in note for note in outcome.recovered)
            assert 0 < sum(a.sample_count for a in outcome.activities) <= 21
        else:
            assert isinstance(outcome, CorruptFileError)


def test_multisport_and_chained_hr_parts(shared_data: Path) -> None:
    [triathlon] = _read_path(shared_data / "fit" / "sample_mulitple_header.fit").activities
    assert (triathlon.sport, triathlon.sub_sport) == (Sport.OTHER, "multisport")
    sessions = triathlon.device_summary["sessions"]
    assert isinstance(sessions, list) and len(sessions) == 5
    assert triathlon.distance_m == pytest.approx(1644.71 + 141.7 + 40909.42 + 31.93 + 9805.92)
    [swim] = _read_path(shared_data / "fit" / "event_timestamp.fit").activities
    assert (swim.sport, swim.sub_sport, swim.name) == (Sport.SWIMMING, "lap_swimming", "Pool Swim")


def test_unset_device_clock_in_real_file(shared_data: Path) -> None:
    parsed = _read_path(shared_data / "fit" / "compressed-speed-distance.fit")
    [activity] = parsed.activities
    assert activity.start_time.year == 2012
    assert any("clock was not set" in note for note in parsed.recovered)
