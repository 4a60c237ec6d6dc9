"""GPX reading and writing: real Garmin export, round trips, attacks, repairs."""

from __future__ import annotations

import io
import math
from datetime import UTC, datetime
from pathlib import Path

import gpxpy
import numpy as np
import pytest

from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.errors import (
    CorruptFileError,
    DataError,
    EmptyFileError,
    UnsafeInputError,
    UnsupportedFormatError,
)
from aicoach.io.gpx_reader import (
    EARTH_MEAN_RADIUS_M,
    cumulative_distance_m,
    read_gpx,
    speed_from_distance_m_s,
    sport_from_gpx_type,
)
from aicoach.io.gpx_writer import format_decimal, format_time, write_gpx

Ch = StreamChannel
START = datetime(2024, 5, 4, 7, 30, 0, tzinfo=UTC)
GARMIN_RIDE = "activities/activity_4801048867.gpx"

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:ns3="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">
"""


def gpx(track_points: str, *, header: str = HEADER, type_: str = "running") -> bytes:
    """A one-track GPX document around the given ``<trkpt>`` elements."""
    return (
        f"{header}<trk><name>Test</name><type>{type_}</type><trkseg>\n"
        f"{track_points}</trkseg></trk>\n</gpx>\n"
    ).encode()


def point(
    second: int | None, lat: float, *, ele: float = 10.0, hr: str | None = "120", extra: str = ""
) -> str:
    time = "" if second is None else f"<time>2024-05-04T07:30:{second:02d}Z</time>"
    extension = "" if hr is None else f"<ns3:TrackPointExtension><ns3:hr>{hr}</ns3:hr>"
    extension = f"{extension}</ns3:TrackPointExtension>" if hr is not None else ""
    extensions = f"<extensions>{extra}{extension}</extensions>" if extension or extra else ""
    return f'<trkpt lat="{lat}" lon="6.6"><ele>{ele}</ele>{time}{extensions}</trkpt>\n'


def read(data: bytes, source: str = "test.gpx") -> tuple[Activity, list[str]]:
    parsed = read_gpx(io.BytesIO(data), source)
    assert len(parsed.activities) == 1
    return parsed.activities[0], parsed.recovered


def make_activity(sport: Sport = Sport.CYCLING, samples: int = 40) -> Activity:
    """An activity whose channels all vary, with irregular sampling and one missing HR."""
    index = np.arange(samples, dtype=np.float64)
    steps = np.where(index % 7 == 3, 2.0, 1.0)
    heart_rate = 110 + (index * 7) % 45
    heart_rate[5] = np.nan
    return Activity(
        sport=sport,
        start_time=START,
        source_format="test",
        name="Dawn <ride> & friends",
        streams={
            Ch.TIME_S: np.cumsum(steps) - steps[0],
            Ch.LATITUDE_DEG: 52.0 + 0.00009 * index + 0.00001 * np.sin(index),
            Ch.LONGITUDE_DEG: 6.6 + 0.00013 * index,
            Ch.ALTITUDE_M: 10 + 3.3 * np.sin(index / 5),
            Ch.HEART_RATE_BPM: heart_rate,
            Ch.POWER_W: 150 + (index * 37) % 200,
            Ch.CADENCE_RPM: 80 + (index * 3) % 17,
            Ch.TEMPERATURE_C: 18 + 0.5 * (index % 4),
        },
    )


# --- real file -------------------------------------------------------------------------------


def test_garmin_connect_ride_reads_every_track_point(shared_data: Path) -> None:
    path = shared_data / GARMIN_RIDE
    parsed = read_gpx(io.BytesIO(path.read_bytes()), path.name)
    reference = gpxpy.parse(path.read_text(encoding="utf-8"))
    activity = parsed.activities[0]

    assert len(parsed.activities) == 1
    assert parsed.recovered == []
    assert activity.sample_count == reference.get_points_no() == 5159
    assert activity.sport is Sport.CYCLING
    assert activity.name == "Berkelland Fietsen"
    assert activity.start_time == datetime(2020, 4, 18, 11, 10, 44, tzinfo=UTC)
    assert activity.elapsed_s == 5158.0  # 11:10:44 to 12:36:42
    assert activity.streams[Ch.HEART_RATE_BPM][0] == 121
    assert activity.streams[Ch.TEMPERATURE_C][0] == 29.0
    assert activity.streams[Ch.HEART_RATE_BPM][-1] == 126
    assert activity.distance_m is not None
    assert activity.distance_m == pytest.approx(reference.length_2d(), rel=0.005)


# --- round trip ------------------------------------------------------------------------------


def test_write_then_read_gives_back_the_activity() -> None:
    original = make_activity()
    activity, recovered = read(write_gpx(original))

    assert recovered == []
    assert activity.sample_count == original.sample_count
    assert activity.start_time == original.start_time
    assert activity.sport is Sport.CYCLING
    assert activity.name == original.name
    got, want = activity.streams, original.streams
    np.testing.assert_allclose(got[Ch.TIME_S], want[Ch.TIME_S], atol=1.0)
    for channel in (Ch.HEART_RATE_BPM, Ch.POWER_W, Ch.CADENCE_RPM):
        np.testing.assert_array_equal(got[channel], want[channel])
    np.testing.assert_allclose(got[Ch.LATITUDE_DEG], want[Ch.LATITUDE_DEG], rtol=0, atol=1e-6)
    np.testing.assert_allclose(got[Ch.LONGITUDE_DEG], want[Ch.LONGITUDE_DEG], rtol=0, atol=1e-6)
    np.testing.assert_allclose(got[Ch.ALTITUDE_M], want[Ch.ALTITUDE_M], rtol=0, atol=0.1)
    np.testing.assert_allclose(got[Ch.TEMPERATURE_C], want[Ch.TEMPERATURE_C], atol=0.05)
    assert math.isnan(got[Ch.HEART_RATE_BPM][5])


@pytest.mark.parametrize("sport", list(Sport))
def test_every_sport_survives_a_round_trip(sport: Sport) -> None:
    activity, _ = read(write_gpx(make_activity(sport, samples=8)))
    assert activity.sport is sport


def test_writing_an_activity_without_positions_is_refused() -> None:
    indoor = make_activity()
    del indoor.streams[Ch.LATITUDE_DEG], indoor.streams[Ch.LONGITUDE_DEG]
    with pytest.raises(DataError, match="no GPS positions"):
        write_gpx(indoor)


def test_format_helpers() -> None:
    assert format_decimal(52.097312388, 8) == "52.09731239"
    assert format_decimal(29.0, 1) == "29"
    assert format_decimal(-0.0001, 2) == "0"
    assert format_time(START) == "2024-05-04T07:30:00Z"
    assert format_time(START.replace(microsecond=250_000)) == "2024-05-04T07:30:00.250Z"


# --- derived distance and speed --------------------------------------------------------------


def test_distance_and_speed_follow_the_positions() -> None:
    step_deg = 0.0001  # along a meridian: R * step in radians
    step_m = EARTH_MEAN_RADIUS_M * math.radians(step_deg)
    points = "".join(point(s, 52.0 + step_deg * i) for i, s in enumerate((0, 1, 3, 4)))
    activity, _ = read(gpx(points))

    np.testing.assert_allclose(
        activity.streams[Ch.DISTANCE_M], [0, step_m, 2 * step_m, 3 * step_m], rtol=1e-9
    )
    np.testing.assert_allclose(
        activity.streams[Ch.SPEED_M_S], [np.nan, step_m, step_m / 2, step_m], rtol=1e-9
    )
    assert activity.distance_m == pytest.approx(3 * step_m)
    assert activity.elapsed_s == 4.0


def test_speed_is_missing_where_time_does_not_advance() -> None:
    speed = speed_from_distance_m_s(
        np.array([0.0, 1.0, 1.0, 3.0]), np.array([0.0, 5.0, 6.0, np.nan])
    )
    np.testing.assert_array_equal(speed, [np.nan, 5.0, np.nan, np.nan])


def test_distance_skips_samples_without_a_position() -> None:
    distance = cumulative_distance_m(np.array([np.nan, 0.0, np.nan, 0.0]), np.array([0, 0, 0, 1.0]))
    one_degree_m = EARTH_MEAN_RADIUS_M * math.pi / 180
    np.testing.assert_allclose(distance, [np.nan, 0.0, np.nan, one_degree_m])


def test_a_speed_extension_is_used_instead_of_deriving_one() -> None:
    tpx2 = "<ns3:speed>4.25</ns3:speed>"
    points = point(0, 52.0, extra=f"<ns3:TrackPointExtension>{tpx2}</ns3:TrackPointExtension>")
    points += point(1, 52.00005, extra="<power>231</power>")
    activity, _ = read(gpx(points))
    np.testing.assert_array_equal(activity.streams[Ch.SPEED_M_S], [4.25, np.nan])
    np.testing.assert_array_equal(activity.streams[Ch.POWER_W], [np.nan, 231])


# --- sport and names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gpx_type", "sport"),
    [
        ("cycling", Sport.CYCLING),
        ("running", Sport.RUNNING),
        ("trail_running", Sport.RUNNING),
        ("road_biking", Sport.CYCLING),
        ("1", Sport.CYCLING),
        ("9", Sport.RUNNING),
        ("Ride", Sport.CYCLING),
        ("VirtualRide", Sport.CYCLING),
        ("Run", Sport.RUNNING),
        ("Hike", Sport.HIKING),
        ("NordicSki", Sport.CROSS_COUNTRY_SKIING),
        ("cross_country_skiing", Sport.CROSS_COUNTRY_SKIING),
        ("paragliding", Sport.OTHER),
        ("42", Sport.OTHER),
        (None, Sport.OTHER),
    ],
)
def test_sport_from_gpx_type(gpx_type: str | None, sport: Sport) -> None:
    assert sport_from_gpx_type(gpx_type) is sport


def test_latin1_file_is_decoded_by_its_declaration() -> None:
    header = HEADER.replace("UTF-8", "ISO-8859-1")
    data = gpx(point(0, 52.0) + point(1, 52.00005), header=header).replace(
        b"<name>Test</name>", "<name>Rundfahrt über Berg</name>".encode("latin-1")
    )
    activity, _ = read(data)
    assert activity.name == "Rundfahrt über Berg"


def test_one_activity_per_track() -> None:
    track = "<trk><name>{}</name><trkseg>{}</trkseg></trk>"
    data = (
        HEADER
        + track.format("A", point(0, 52.0) + point(1, 52.00005))
        + track.format("B", point(5, 53.0))
        + "</gpx>"
    ).encode()
    parsed = read_gpx(io.BytesIO(data), "two.gpx")
    assert [a.name for a in parsed.activities] == ["A", "B"]
    assert [a.sample_count for a in parsed.activities] == [2, 1]


# --- attacks and broken files ----------------------------------------------------------------


BILLION_LAUGHS_GPX = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<gpx version="1.1" creator="x"><trk><name>&lol3;</name><trkseg>
<trkpt lat="52" lon="6"><time>2024-05-04T07:30:00Z</time></trkpt></trkseg></trk></gpx>
"""

XXE_GPX = b"""<?xml version="1.0"?>
<!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<gpx version="1.1" creator="x"><trk><name>&xxe;</name><trkseg>
<trkpt lat="52" lon="6"><time>2024-05-04T07:30:00Z</time></trkpt></trkseg></trk></gpx>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS_GPX, XXE_GPX])
def test_entity_attacks_are_refused(document: bytes) -> None:
    with pytest.raises(UnsafeInputError) as caught:
        read_gpx(io.BytesIO(document), "evil.gpx")
    assert caught.value.source == "evil.gpx"


def test_truncated_file_is_corrupt_with_a_line_number() -> None:
    data = gpx("".join(point(s, 52.0 + s / 1e5) for s in range(30)))
    cut = data[: len(data) // 2]
    expected_line = cut.count(b"\n") + 1
    with pytest.raises(CorruptFileError) as caught:
        read_gpx(io.BytesIO(cut), "cut.gpx")
    assert caught.value.source == "cut.gpx"
    assert caught.value.line == expected_line


def test_truncated_file_beyond_the_first_read_block_is_corrupt_with_a_line_number() -> None:
    data = gpx("".join(point(s % 60, 52.0 + s / 1e5) for s in range(400)))
    cut = data[:-20]
    with pytest.raises(CorruptFileError) as caught:
        read_gpx(io.BytesIO(cut), "cut.gpx")
    assert caught.value.line == cut.count(b"\n") + 1


@pytest.mark.parametrize("data", [b"", b"  \n\t"])
def test_empty_file(data: bytes) -> None:
    with pytest.raises(EmptyFileError):
        read_gpx(io.BytesIO(data), "empty.gpx")


def test_routes_and_waypoints_only_is_empty() -> None:
    data = (
        HEADER
        + '<wpt lat="52" lon="6"><name>Start</name></wpt>'
        + '<rte><rtept lat="52" lon="6"/><rtept lat="52.1" lon="6"/></rte></gpx>'
    ).encode()
    with pytest.raises(EmptyFileError, match="1 routes with 2 points and 1 waypoints"):
        read_gpx(io.BytesIO(data), "route.gpx")


def test_other_xml_is_not_gpx() -> None:
    with pytest.raises(UnsupportedFormatError, match="<TrainingCenterDatabase>"):
        read_gpx(io.BytesIO(b"<TrainingCenterDatabase/>"), "x.gpx")


def test_invalid_coordinate_text_is_corrupt() -> None:
    data = gpx('<trkpt lat="north" lon="6"><time>2024-05-04T07:30:00Z</time></trkpt>')
    with pytest.raises(CorruptFileError, match="invalid GPX content"):
        read_gpx(io.BytesIO(data), "bad.gpx")


# --- repairs ---------------------------------------------------------------------------------


def test_implausible_heart_rate_and_elevation_are_dropped_and_reported() -> None:
    points = (
        point(0, 52.0, hr="120")
        + point(1, 52.00005, hr="300")
        + point(2, 52.0001, ele=-1000.0, hr="125")
        + point(3, 52.00015, hr="130")
    )
    activity, recovered = read(gpx(points))
    np.testing.assert_array_equal(activity.streams[Ch.HEART_RATE_BPM], [120, np.nan, 125, 130])
    np.testing.assert_array_equal(activity.streams[Ch.ALTITUDE_M], [10, 10, np.nan, 10])
    assert any("heart_rate_bpm" in note and "300" in note for note in recovered)
    assert any("altitude_m" in note and "-1000" in note for note in recovered)
    assert len(recovered) == 2


def test_points_missing_a_timestamp_are_dropped_and_reported() -> None:
    points = point(0, 52.0) + point(None, 52.00005) + point(2, 52.0001) + point(3, 52.00015)
    activity, recovered = read(gpx(points))
    assert activity.sample_count == 3
    np.testing.assert_array_equal(activity.streams[Ch.TIME_S], [0, 2, 3])
    assert recovered == ["1 of 4 track points had no valid timestamp and were dropped"]


def test_a_track_without_any_timestamp_is_refused() -> None:
    points = point(None, 52.0) + point(None, 52.00005)
    with pytest.raises(DataError, match="no timestamps"):
        read_gpx(io.BytesIO(gpx(points)), "untimed.gpx")


def test_extension_value_that_is_not_a_number_is_dropped_with_its_line() -> None:
    points = point(0, 52.0, hr="120") + point(1, 52.00005, hr="fast") + point(2, 52.0001, hr="122")
    data = gpx(points)
    line = data[: data.index(b"fast")].count(b"\n") + 1
    activity, recovered = read(data)
    np.testing.assert_array_equal(activity.streams[Ch.HEART_RATE_BPM], [120, np.nan, 122])
    assert recovered == [
        f"1 <hr> value that is not a number was dropped (first: 'fast' at line {line})"
    ]


def test_a_missing_channel_stays_missing() -> None:
    activity, _ = read(gpx(point(0, 52.0, hr=None) + point(1, 52.00005, hr=None)))
    assert Ch.HEART_RATE_BPM not in activity.streams
    assert Ch.POWER_W not in activity.streams


def test_a_gps_jump_gives_an_impossible_speed_that_is_dropped() -> None:
    points = point(0, 52.0) + point(1, 52.01) + point(2, 52.01005)  # 1.1 km in one second
    activity, recovered = read(gpx(points))
    speed = activity.streams[Ch.SPEED_M_S]
    assert math.isnan(speed[1])
    assert speed[2] == pytest.approx(EARTH_MEAN_RADIUS_M * math.radians(0.00005))
    assert recovered == ["1 speed_m_s sample outside 0-40 m/s (e.g. 1111.95) was dropped"]
