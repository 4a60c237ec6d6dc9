"""FIT writer: encode an Activity with fit_tool, decode it back with fitdecode (CRC checked)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import fitdecode
import numpy as np
import pytest

from aicoach.domain import Activity, Lap, Sport, StreamChannel
from aicoach.domain.activity import FloatArray, Streams
from aicoach.errors import ImplausibleValueError
from aicoach.io.fit_writer import write_fit_activity
from aicoach.units import semicircles_to_degrees

START = datetime(2024, 3, 5, 6, 45, 0, tzinfo=UTC)
SAMPLES = 900


@dataclass
class Decoded:
    """The data messages of a FIT file, grouped by message name."""

    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def all(self, name: str) -> list[dict[str, Any]]:
        return self.messages.get(name, [])

    def one(self, name: str) -> dict[str, Any]:
        found = self.all(name)
        assert len(found) == 1, f"expected one {name} message, found {len(found)}"
        return found[0]


def decode(data: bytes) -> Decoded:
    decoded = Decoded()
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                values = {f.name: f.value for f in frame.fields}
                decoded.messages.setdefault(frame.name, []).append(values)
    return decoded


def ride_streams() -> Streams:
    """Varied 1 Hz ride data: no channel is constant, and a few samples are missing."""
    t = np.arange(SAMPLES, dtype=np.float64)
    rng = np.random.default_rng(7)
    speed = 8.0 + 1.5 * np.sin(t / 90) + rng.normal(0, 0.3, SAMPLES)
    power: FloatArray = 180 + 80 * np.sin(t / 40) + rng.normal(0, 30, SAMPLES)
    power[power < 0] = 0.0
    streams: Streams = {
        StreamChannel.TIME_S: t,
        StreamChannel.HEART_RATE_BPM: np.round(120 + 25 * np.sin(t / 120) + t / 60),
        StreamChannel.POWER_W: np.round(power),
        StreamChannel.SPEED_M_S: speed,
        StreamChannel.CADENCE_RPM: np.round(85 + 6 * np.sin(t / 33)),
        StreamChannel.ALTITUDE_M: 35 + 20 * np.sin(t / 200) - 3.7,
        StreamChannel.LATITUDE_DEG: 51.4613 + 0.02 * np.sin(t / 150),
        StreamChannel.LONGITUDE_DEG: -0.3037 + 0.03 * (1 - np.cos(t / 150)),
        StreamChannel.DISTANCE_M: np.concatenate([[0.0], np.cumsum(speed[:-1])]),
        StreamChannel.TEMPERATURE_C: np.round(8 + 3 * t / SAMPLES),
    }
    streams[StreamChannel.HEART_RATE_BPM][[10, 11, 500]] = np.nan
    streams[StreamChannel.LATITUDE_DEG][200] = np.nan
    streams[StreamChannel.LONGITUDE_DEG][200] = np.nan
    return streams


def ride(**changes: Any) -> Activity:
    values: dict[str, Any] = {
        "sport": Sport.CYCLING,
        "start_time": START,
        "source_format": "test",
        "name": "[demo] Tempo ride",
        "elapsed_s": float(SAMPLES),
        "timer_s": float(SAMPLES),
        "streams": ride_streams(),
        "laps": [
            Lap(start_time=START, elapsed_s=300.0, distance_m=2400.0, avg_hr_bpm=121.0),
            Lap(start_time=START + timedelta(seconds=300), elapsed_s=600.0),
        ],
        "device_summary": {"normalized_power": 214, "training_stress_score": 21.3},
        "device_name": "test bike computer",
    }
    values.update(changes)
    return Activity(**values)


def decoded_column(records: list[dict[str, Any]], name: str) -> FloatArray:
    return np.array([np.nan if r.get(name) is None else r[name] for r in records], dtype=float)


@pytest.fixture(scope="module")
def decoded_ride() -> tuple[Activity, Decoded]:
    activity = ride()
    return activity, decode(write_fit_activity(activity))


def test_every_sample_becomes_one_record_with_its_timestamp(
    decoded_ride: tuple[Activity, Decoded],
) -> None:
    activity, decoded = decoded_ride
    records = decoded.all("record")
    assert len(records) == SAMPLES
    offsets = [(r["timestamp"] - START).total_seconds() for r in records]
    np.testing.assert_allclose(offsets, activity.streams[StreamChannel.TIME_S], atol=1.0)


@pytest.mark.parametrize(
    ("channel", "fit_name", "tolerance"),
    [
        (StreamChannel.HEART_RATE_BPM, "heart_rate", 0.0),
        (StreamChannel.POWER_W, "power", 0.0),
        (StreamChannel.CADENCE_RPM, "cadence", 0.0),
        (StreamChannel.TEMPERATURE_C, "temperature", 0.0),
        (StreamChannel.SPEED_M_S, "enhanced_speed", 0.0005 + 1e-9),
        (StreamChannel.DISTANCE_M, "distance", 0.005 + 1e-9),
        (StreamChannel.ALTITUDE_M, "enhanced_altitude", 0.1 + 1e-9),
    ],
)
def test_record_values_survive_within_fit_resolution(
    decoded_ride: tuple[Activity, Decoded],
    channel: StreamChannel,
    fit_name: str,
    tolerance: float,
) -> None:
    activity, decoded = decoded_ride
    expected = activity.streams[channel]
    actual = decoded_column(decoded.all("record"), fit_name)
    np.testing.assert_array_equal(np.isnan(actual), np.isnan(expected))
    np.testing.assert_allclose(actual, expected, rtol=0, atol=tolerance, equal_nan=True)


def test_positions_survive_to_a_millionth_of_a_degree(
    decoded_ride: tuple[Activity, Decoded],
) -> None:
    activity, decoded = decoded_ride
    records = decoded.all("record")
    for channel, fit_name in (
        (StreamChannel.LATITUDE_DEG, "position_lat"),
        (StreamChannel.LONGITUDE_DEG, "position_long"),
    ):
        semicircles = decoded_column(records, fit_name)
        degrees = np.array([semicircles_to_degrees(v) for v in semicircles])
        np.testing.assert_allclose(
            degrees, activity.streams[channel], rtol=0, atol=1e-6, equal_nan=True
        )


def test_missing_samples_decode_as_none(decoded_ride: tuple[Activity, Decoded]) -> None:
    records = decoded_ride[1].all("record")
    assert records[10]["heart_rate"] is None
    assert records[12]["heart_rate"] is not None
    assert records[200]["position_lat"] is None
    assert records[200]["power"] is not None


def test_header_messages_and_timer_events(decoded_ride: tuple[Activity, Decoded]) -> None:
    decoded = decoded_ride[1]
    file_id = decoded.one("file_id")
    assert file_id["type"] == "activity"
    assert file_id["manufacturer"] == "development"
    assert file_id["product_name"] == "test bike computer"
    assert decoded.one("sport")["name"] == "[demo] Tempo ride"
    events = decoded.all("event")
    assert [(e["event"], e["event_type"]) for e in events] == [
        ("timer", "start"),
        ("timer", "stop"),
    ]
    assert events[0]["timestamp"] == START
    assert events[1]["timestamp"] == START + timedelta(seconds=SAMPLES)


def test_session_summarises_the_activity(decoded_ride: tuple[Activity, Decoded]) -> None:
    activity, decoded = decoded_ride
    session = decoded.one("session")
    streams = activity.streams
    assert session["sport"] == "cycling"
    assert session["start_time"] == START
    assert session["total_elapsed_time"] == SAMPLES
    assert session["total_timer_time"] == SAMPLES
    last_distance = streams[StreamChannel.DISTANCE_M][-1]
    assert session["total_distance"] == pytest.approx(last_distance, abs=0.01)
    assert session["avg_heart_rate"] == round(np.nanmean(streams[StreamChannel.HEART_RATE_BPM]))
    assert session["max_heart_rate"] == np.nanmax(streams[StreamChannel.HEART_RATE_BPM])
    assert session["avg_power"] == round(np.mean(streams[StreamChannel.POWER_W]))
    assert session["normalized_power"] == 214
    assert session["training_stress_score"] == pytest.approx(21.3)
    assert session["num_laps"] == 2
    activity_message = decoded.one("activity")
    assert activity_message["num_sessions"] == 1
    assert activity_message["total_timer_time"] == SAMPLES


def test_laps_keep_given_values_and_fill_the_rest_from_streams(
    decoded_ride: tuple[Activity, Decoded],
) -> None:
    activity, decoded = decoded_ride
    laps = decoded.all("lap")
    assert [lap["start_time"] for lap in laps] == [START, START + timedelta(seconds=300)]
    assert [lap["total_elapsed_time"] for lap in laps] == [300, 600]
    assert laps[0]["total_distance"] == pytest.approx(2400.0)
    assert laps[0]["avg_heart_rate"] == 121
    second_half_hr = activity.streams[StreamChannel.HEART_RATE_BPM][300:]
    assert laps[1]["max_heart_rate"] == np.nanmax(second_half_hr)


def test_device_values_are_left_out_without_power() -> None:
    streams = ride_streams()
    del streams[StreamChannel.POWER_W]
    run = ride(sport=Sport.RUNNING, streams=streams, laps=[])
    decoded = decode(write_fit_activity(run))
    session = decoded.one("session")
    assert session["sport"] == "running"
    assert session.get("normalized_power") is None
    assert session.get("avg_power") is None
    assert "power" not in decoded.all("record")[0]
    assert len(decoded.all("lap")) == 1
    assert decoded.one("lap")["total_elapsed_time"] == SAMPLES


def test_device_values_are_left_out_when_not_given() -> None:
    decoded = decode(write_fit_activity(ride(device_summary={})))
    assert decoded.one("session").get("normalized_power") is None
    assert decoded.one("session")["avg_power"] is not None


def test_activity_without_samples_still_makes_a_valid_file() -> None:
    empty = ride(streams={}, laps=[], elapsed_s=1800.0, distance_m=5000.0)
    decoded = decode(write_fit_activity(empty))
    assert decoded.all("record") == []
    session = decoded.one("session")
    assert session["total_elapsed_time"] == 1800
    assert session["total_distance"] == pytest.approx(5000.0)


def test_output_is_deterministic() -> None:
    assert write_fit_activity(ride()) == write_fit_activity(ride())


def test_unrepresentable_value_is_refused_naming_the_channel() -> None:
    streams = ride_streams()
    streams[StreamChannel.SPEED_M_S][5] = -2.0
    with pytest.raises(ImplausibleValueError) as caught:
        write_fit_activity(ride(streams=streams))
    assert caught.value.field == "speed_m_s"
    assert caught.value.value == -2.0


def test_fractional_heart_rate_is_rounded_not_truncated() -> None:
    streams = ride_streams()
    streams[StreamChannel.HEART_RATE_BPM][0] = 140.7
    records = decode(write_fit_activity(ride(streams=streams))).all("record")
    assert records[0]["heart_rate"] == 141
