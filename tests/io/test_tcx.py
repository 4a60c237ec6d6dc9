"""TCX reading and writing: device laps and totals, round trips, attacks, repairs."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from aicoach.domain.activity import Activity, Lap, Sport, StreamChannel
from aicoach.errors import (
    CorruptFileError,
    DataError,
    EmptyFileError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from aicoach.io.tcx_reader import parse_tcx_time, read_tcx
from aicoach.io.tcx_writer import write_tcx

Ch = StreamChannel
START = datetime(2024, 3, 9, 8, 0, 0, tzinfo=UTC)

OPEN = """<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">
"""
CLOSE = "</TrainingCenterDatabase>\n"


def trackpoint(
    second: int | None,
    *,
    hr: str | None = "140",
    distance: float | None = None,
    extra: str = "",
) -> str:
    time = "" if second is None else f"<Time>2024-03-09T08:00:{second:02d}Z</Time>"
    heart = "" if hr is None else f"<HeartRateBpm><Value>{hr}</Value></HeartRateBpm>"
    dist = "" if distance is None else f"<DistanceMeters>{distance}</DistanceMeters>"
    return f"<Trackpoint>{time}{dist}{heart}{extra}</Trackpoint>\n"


def tcx(trackpoints: str, *, sport: str = "Running") -> bytes:
    """A one-activity, one-lap TCX document around the given trackpoints."""
    return (
        f'{OPEN}<Activities><Activity Sport="{sport}"><Id>2024-03-09T08:00:00Z</Id>\n'
        f'<Lap StartTime="2024-03-09T08:00:00Z"><Track>\n{trackpoints}</Track></Lap>\n'
        f"</Activity></Activities>\n{CLOSE}"
    ).encode()


def read(data: bytes, source: str = "test.tcx") -> tuple[Activity, list[str]]:
    parsed = read_tcx(io.BytesIO(data), source)
    assert len(parsed.activities) == 1
    return parsed.activities[0], parsed.recovered


GARMIN_STYLE = f"""{OPEN}<Activities>
<Activity Sport="Running">
  <Id>2024-03-09T08:00:00.000Z</Id>
  <Lap StartTime="2024-03-09T08:00:00.000Z">
    <TotalTimeSeconds>300.0</TotalTimeSeconds>
    <DistanceMeters>1000.0</DistanceMeters>
    <MaximumSpeed>3.9</MaximumSpeed>
    <Calories>71</Calories>
    <AverageHeartRateBpm><Value>141</Value></AverageHeartRateBpm>
    <MaximumHeartRateBpm><Value>152</Value></MaximumHeartRateBpm>
    <Intensity>Active</Intensity>
    <TriggerMethod>Distance</TriggerMethod>
    <Track>
      <Trackpoint>
        <Time>2024-03-09T08:00:00.000Z</Time>
        <Position><LatitudeDegrees>52.1</LatitudeDegrees>
          <LongitudeDegrees>6.6</LongitudeDegrees></Position>
        <AltitudeMeters>12.4</AltitudeMeters>
        <DistanceMeters>0.0</DistanceMeters>
        <HeartRateBpm><Value>128</Value></HeartRateBpm>
        <Extensions><ns3:TPX><ns3:Speed>3.1</ns3:Speed><ns3:RunCadence>84</ns3:RunCadence>
          <ns3:Watts>255</ns3:Watts></ns3:TPX></Extensions>
      </Trackpoint>
      <Trackpoint>
        <Time>2024-03-09T08:04:59.000Z</Time>
        <Position><LatitudeDegrees>52.109</LatitudeDegrees>
          <LongitudeDegrees>6.6</LongitudeDegrees></Position>
        <AltitudeMeters>13.0</AltitudeMeters>
        <DistanceMeters>999.0</DistanceMeters>
        <HeartRateBpm><Value>150</Value></HeartRateBpm>
        <Extensions><ns3:TPX><ns3:Speed>3.4</ns3:Speed><ns3:RunCadence>88</ns3:RunCadence>
          <ns3:Watts>270</ns3:Watts></ns3:TPX></Extensions>
      </Trackpoint>
    </Track>
    <Extensions><ns3:LX><ns3:AvgSpeed>3.33</ns3:AvgSpeed><ns3:AvgRunCadence>86</ns3:AvgRunCadence>
      <ns3:AvgWatts>262</ns3:AvgWatts></ns3:LX></Extensions>
  </Lap>
  <Lap StartTime="2024-03-09T08:06:00.000Z">
    <TotalTimeSeconds>240.5</TotalTimeSeconds>
    <DistanceMeters>800.0</DistanceMeters>
    <Calories>60</Calories>
    <Intensity>Active</Intensity>
    <TriggerMethod>Manual</TriggerMethod>
    <Track>
      <Trackpoint>
        <Time>2024-03-09T08:06:00.000Z</Time>
        <DistanceMeters>1000.0</DistanceMeters>
        <HeartRateBpm><Value>139</Value></HeartRateBpm>
      </Trackpoint>
      <Trackpoint>
        <Time>2024-03-09T08:09:00.000Z</Time>
        <DistanceMeters>1600.0</DistanceMeters>
      </Trackpoint>
    </Track>
  </Lap>
  <Creator xsi:type="Device_t" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
    <Name>Forerunner 255</Name>
  </Creator>
</Activity>
</Activities>
{CLOSE}""".encode()


# --- a device-style file with known answers --------------------------------------------------


def test_garmin_style_activity_totals_come_from_the_laps() -> None:
    activity, recovered = read(GARMIN_STYLE)
    assert recovered == []
    assert activity.sport is Sport.RUNNING
    assert activity.start_time == START
    assert activity.device_name == "Forerunner 255"
    assert activity.timer_s == 540.5  # 300.0 + 240.5
    assert activity.distance_m == 1800.0  # the laps' sum, not the last trackpoint's 1600
    assert activity.elapsed_s == 600.5  # second lap ends 08:06:00 + 240.5 s
    assert activity.device_summary == {"Calories": 131.0}
    assert activity.sample_count == 4


def test_garmin_style_laps_keep_the_device_values() -> None:
    activity, _ = read(GARMIN_STYLE)
    first, second = activity.laps
    assert first.start_time == START
    assert (first.timer_s, first.distance_m) == (300.0, 1000.0)
    assert (first.avg_hr_bpm, first.max_hr_bpm, first.avg_power_w) == (141.0, 152.0, 262.0)
    assert first.device_summary == {
        "TotalTimeSeconds": 300.0,
        "DistanceMeters": 1000.0,
        "MaximumSpeed": 3.9,
        "Calories": 71.0,
        "AverageHeartRateBpm": 141.0,
        "MaximumHeartRateBpm": 152.0,
        "Intensity": "Active",
        "TriggerMethod": "Distance",
        "AvgSpeed": 3.33,
        "AvgRunCadence": 86.0,
        "AvgWatts": 262.0,
    }
    assert second.start_time == START + timedelta(minutes=6)
    assert (second.avg_hr_bpm, second.max_hr_bpm, second.avg_power_w) == (None, None, None)
    assert "AverageHeartRateBpm" not in second.device_summary


def test_garmin_style_streams() -> None:
    activity, _ = read(GARMIN_STYLE)
    streams = activity.streams
    np.testing.assert_array_equal(streams[Ch.TIME_S], [0, 299, 360, 540])
    np.testing.assert_array_equal(streams[Ch.HEART_RATE_BPM], [128, 150, 139, np.nan])
    np.testing.assert_array_equal(streams[Ch.CADENCE_RPM], [84, 88, np.nan, np.nan])
    np.testing.assert_array_equal(streams[Ch.POWER_W], [255, 270, np.nan, np.nan])
    np.testing.assert_array_equal(streams[Ch.SPEED_M_S], [3.1, 3.4, np.nan, np.nan])
    np.testing.assert_array_equal(streams[Ch.DISTANCE_M], [0, 999, 1000, 1600])
    np.testing.assert_array_equal(streams[Ch.LATITUDE_DEG], [52.1, 52.109, np.nan, np.nan])
    np.testing.assert_array_equal(streams[Ch.ALTITUDE_M], [12.4, 13.0, np.nan, np.nan])


def test_without_lap_totals_the_stream_distance_is_used() -> None:
    points = trackpoint(0, distance=0.0) + trackpoint(10, distance=42.5)
    activity, _ = read(tcx(points, sport="Biking"))
    assert activity.sport is Sport.CYCLING
    assert activity.distance_m == 42.5
    assert activity.timer_s is None
    assert activity.elapsed_s == 10.0
    assert activity.device_summary == {}
    np.testing.assert_allclose(activity.streams[Ch.SPEED_M_S], [np.nan, 4.25])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-09T08:00:00Z", START),
        ("2024-03-09T08:00:00.000Z", START),
        ("2024-03-09T10:00:00+02:00", START),
        ("2024-03-09T08:00:00", START),
        ("yesterday", None),
        (None, None),
    ],
)
def test_parse_tcx_time(text: str | None, expected: datetime | None) -> None:
    assert parse_tcx_time(text) == expected


# --- round trips -----------------------------------------------------------------------------


def make_activity(sport: Sport, *, laps: bool) -> Activity:
    """An activity whose channels all vary, with irregular sampling and one missing HR."""
    index = np.arange(50, dtype=np.float64)
    steps = np.where(index % 5 == 2, 3.0, 1.0)
    time_s = np.cumsum(steps) - steps[0]
    heart_rate = 120 + (index * 11) % 40
    heart_rate[7] = np.nan
    distance = np.cumsum(2.0 + (index % 3))
    activity = Activity(
        sport=sport,
        start_time=START,
        source_format="test",
        name="Intervals & hills",
        streams={
            Ch.TIME_S: time_s,
            Ch.LATITUDE_DEG: 52.0 + 0.00002 * index + 0.000013 * np.cos(index),
            Ch.LONGITUDE_DEG: 6.6 + 0.00003 * index,
            Ch.ALTITUDE_M: 20 + 4.4 * np.sin(index / 4),
            Ch.DISTANCE_M: distance,
            Ch.SPEED_M_S: 2.5 + 0.125 * (index % 8),
            Ch.HEART_RATE_BPM: heart_rate,
            Ch.POWER_W: 200 + (index * 29) % 150,
            Ch.CADENCE_RPM: 78 + (index * 5) % 13,
        },
    )
    if laps:
        activity.laps = [
            Lap(START, timer_s=20.0, distance_m=60.0, avg_hr_bpm=131.0, max_hr_bpm=158.0),
            Lap(
                START + timedelta(seconds=20),
                timer_s=45.25,
                distance_m=95.5,
                avg_power_w=271.0,
                device_summary={"Calories": 12.0},
            ),
        ]
    return activity


@pytest.mark.parametrize(
    ("sport", "laps"), [(Sport.RUNNING, True), (Sport.CYCLING, False), (Sport.ROWING, True)]
)
def test_write_then_read_gives_back_the_activity(sport: Sport, laps: bool) -> None:
    original = make_activity(sport, laps=laps)
    activity, recovered = read(write_tcx(original))

    assert recovered == []
    assert activity.sample_count == original.sample_count
    assert activity.start_time == original.start_time
    assert activity.name == original.name
    assert activity.sport is (sport if sport is not Sport.ROWING else Sport.OTHER)
    got, want = activity.streams, original.streams
    np.testing.assert_allclose(got[Ch.TIME_S], want[Ch.TIME_S], atol=1.0)
    for channel in (Ch.HEART_RATE_BPM, Ch.POWER_W, Ch.CADENCE_RPM):
        np.testing.assert_array_equal(got[channel], want[channel])
    np.testing.assert_allclose(got[Ch.LATITUDE_DEG], want[Ch.LATITUDE_DEG], rtol=0, atol=1e-6)
    np.testing.assert_allclose(got[Ch.LONGITUDE_DEG], want[Ch.LONGITUDE_DEG], rtol=0, atol=1e-6)
    np.testing.assert_allclose(got[Ch.ALTITUDE_M], want[Ch.ALTITUDE_M], rtol=0, atol=0.1)
    np.testing.assert_allclose(got[Ch.DISTANCE_M], want[Ch.DISTANCE_M], rtol=0, atol=0.01)
    np.testing.assert_allclose(got[Ch.SPEED_M_S], want[Ch.SPEED_M_S], rtol=0, atol=0.001)
    assert math.isnan(got[Ch.HEART_RATE_BPM][7])


def test_laps_survive_a_round_trip() -> None:
    original = make_activity(Sport.RUNNING, laps=True)
    activity, _ = read(write_tcx(original))
    assert [lap.start_time for lap in activity.laps] == [lap.start_time for lap in original.laps]
    first, second = activity.laps
    assert (first.timer_s, first.distance_m, first.avg_hr_bpm, first.max_hr_bpm) == (
        20.0,
        60.0,
        131.0,
        158.0,
    )
    assert (second.timer_s, second.distance_m, second.avg_power_w) == (45.25, 95.5, 271.0)
    assert second.device_summary["Calories"] == 12.0
    assert "Calories" not in first.device_summary  # unknown stays unknown, never 0
    assert activity.timer_s == 65.25
    assert activity.distance_m == 155.5


def test_running_cadence_goes_to_run_cadence_and_cycling_to_cadence() -> None:
    running = write_tcx(make_activity(Sport.RUNNING, laps=False))
    cycling = write_tcx(make_activity(Sport.CYCLING, laps=False))
    assert b"<ns3:RunCadence>78</ns3:RunCadence>" in running
    assert b"<Cadence>" not in running
    assert b"<Cadence>78</Cadence>" in cycling
    assert b"RunCadence" not in cycling


# --- attacks and broken files ----------------------------------------------------------------

BILLION_LAUGHS_TCX = b"""<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&lol3;</Id>
</Activity></Activities></TrainingCenterDatabase>
"""

XXE_TCX = b"""<?xml version="1.0"?>
<!DOCTYPE TrainingCenterDatabase [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TrainingCenterDatabase><Activities><Activity Sport="Running"><Id>&xxe;</Id>
</Activity></Activities></TrainingCenterDatabase>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS_TCX, XXE_TCX])
def test_entity_attacks_are_refused(document: bytes) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        read_tcx(io.BytesIO(document), "evil.tcx")
    assert caught.value.source == "evil.tcx"


def test_truncated_file_is_corrupt_with_a_line_number() -> None:
    cut = GARMIN_STYLE[: GARMIN_STYLE.index(b"<Creator")]
    with pytest.raises(CorruptFileError) as caught:
        read_tcx(io.BytesIO(cut), "cut.tcx")
    assert caught.value.source == "cut.tcx"
    assert caught.value.line == cut.count(b"\n") + 1


@pytest.mark.parametrize("data", [b"", b"\n  "])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyFileError):
        read_tcx(io.BytesIO(data), "empty.tcx")


def test_file_without_activities_is_empty() -> None:
    with pytest.raises(EmptyFileError, match="no activities"):
        read_tcx(io.BytesIO(f"{OPEN}<Activities/>{CLOSE}".encode()), "none.tcx")


def test_workout_file_is_skipped_not_imported() -> None:
    workouts = f'{OPEN}<Workouts><Workout Sport="Running"><Name>4x1k</Name></Workout></Workouts>'
    parsed = read_tcx(io.BytesIO(f"{workouts}{CLOSE}".encode()), "plan.tcx")
    assert parsed.is_empty
    assert parsed.skipped is not None
    assert "workouts" in parsed.skipped


def test_other_xml_is_not_tcx() -> None:
    with pytest.raises(UnsupportedFormatError, match="<gpx>"):
        read_tcx(io.BytesIO(b'<gpx version="1.1"/>'), "x.tcx")


def test_activity_without_any_time_is_refused() -> None:
    data = (
        f'{OPEN}<Activities><Activity Sport="Running"><Id>soon</Id><Lap><Track>'
        f"{trackpoint(None)}</Track></Lap></Activity></Activities>{CLOSE}"
    ).encode()
    with pytest.raises(DataError, match="cannot place it in time") as caught:
        read_tcx(io.BytesIO(data), "timeless.tcx")
    assert caught.value.line == 4


# --- repairs ---------------------------------------------------------------------------------


def test_malformed_number_is_dropped_and_reported_with_its_line() -> None:
    points = trackpoint(0, hr="131") + trackpoint(1, hr="1.3.2") + trackpoint(2, hr="133")
    data = tcx(points)
    line = data[: data.index(b"1.3.2")].count(b"\n") + 1
    activity, recovered = read(data)
    np.testing.assert_array_equal(activity.streams[Ch.HEART_RATE_BPM], [131, np.nan, 133])
    assert recovered == [
        f"1 <HeartRateBpm> value that is not a number was dropped (first: '1.3.2' at line {line})"
    ]


def test_trackpoints_without_time_are_dropped_and_reported() -> None:
    points = trackpoint(0) + trackpoint(None) + trackpoint(2)
    activity, recovered = read(tcx(points))
    assert activity.sample_count == 2
    assert recovered == ["1 of 3 trackpoints had no valid Time and were dropped"]


def test_implausible_heart_rate_is_dropped_and_reported() -> None:
    points = trackpoint(0, hr="131") + trackpoint(1, hr="300") + trackpoint(2, hr="133")
    activity, recovered = read(tcx(points))
    np.testing.assert_array_equal(activity.streams[Ch.HEART_RATE_BPM], [131, np.nan, 133])
    assert recovered == ["1 heart_rate_bpm sample outside 25-250 bpm (e.g. 300) was dropped"]


def test_missing_values_stay_missing() -> None:
    activity, _ = read(tcx(trackpoint(0, hr=None) + trackpoint(1, hr=None)))
    assert set(activity.streams) == {Ch.TIME_S}
    assert activity.distance_m is None
    assert activity.laps[0].timer_s is None
    assert activity.laps[0].device_summary == {}


def test_lap_without_start_time_takes_its_first_trackpoint_or_is_dropped() -> None:
    data = (
        f'{OPEN}<Activities><Activity Sport="Running"><Id>2024-03-09T08:00:00Z</Id>\n'
        f"<Lap><TotalTimeSeconds>5</TotalTimeSeconds><Track>{trackpoint(3)}</Track></Lap>\n"
        "<Lap><TotalTimeSeconds>7</TotalTimeSeconds></Lap>\n"
        f"</Activity></Activities>{CLOSE}"
    ).encode()
    line = data[: data.index(b"<TotalTimeSeconds>7")].count(b"\n") + 1
    activity, recovered = read(data)
    assert [lap.start_time for lap in activity.laps] == [START + timedelta(seconds=3)]
    assert recovered == [
        f"the lap at line {line} has no valid StartTime and no trackpoints and was dropped"
    ]
