"""Entered weather, WMO codes, and the Open-Meteo client against a local stub server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from aicoach.errors import UserError
from aicoach.recommend.weather import (
    OpenMeteoClient,
    Sky,
    Weather,
    parse_weather,
    sky_from_wmo_code,
)


def test_parse_weather() -> None:
    assert parse_weather("storm") == Weather(Sky.STORM)
    assert parse_weather("Clear, 31C aqi=160 wind=25") == Weather(
        Sky.CLEAR, 31.0, None, 25.0, 160.0
    )
    assert parse_weather("雷暴，28度") == Weather(Sky.STORM, 28.0)
    assert parse_weather("-5°C snow") == Weather(Sky.SNOW, -5.0)
    with pytest.raises(UserError, match="--weather: 'tornado' is not understood"):
        parse_weather("tornado, 20C")
    with pytest.raises(UserError, match="nothing given"):
        parse_weather(" , ")


def test_wmo_codes() -> None:
    expected = {0: Sky.CLEAR, 2: Sky.CLOUDY, 45: Sky.FOG, 53: Sky.RAIN, 81: Sky.RAIN,
                73: Sky.SNOW, 86: Sky.SNOW, 95: Sky.STORM, 99: Sky.STORM, 4: None}  # fmt: skip
    assert {code: sky_from_wmo_code(code) for code in expected} == expected


class Stub:
    """What the stub server answers, and what it was asked."""

    def __init__(self) -> None:
        self.status = 200
        self.delay_s = 0.0
        self.body: bytes | None = None
        self.paths: list[str] = []


@pytest.fixture
def stub() -> Iterator[tuple[Stub, str]]:
    state = Stub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.paths.append(self.path)
            time.sleep(state.delay_s)
            url = urlparse(self.path)
            query = parse_qs(url.query)
            if url.path == "/air":
                document: dict[str, object] = {"current": {"us_aqi": 162}}
            else:
                document = {
                    "latitude": float(query["latitude"][0]),
                    "current": {"temperature_2m": 33.5, "apparent_temperature": 36.1,
                                "weather_code": 95, "wind_speed_10m": 12.0},
                }  # fmt: skip
            body = state.body if state.body is not None else json.dumps(document).encode()
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def client(base: str, cache: Path, timeout_s: float = 2.0) -> OpenMeteoClient:
    return OpenMeteoClient(f"{base}/forecast", f"{base}/air", cache, timeout_s)


def test_lookup_reads_current_weather_and_air_quality_then_uses_the_cache(
    stub: tuple[Stub, str], tmp_path: Path
) -> None:
    state, base = stub
    found = client(base, tmp_path).lookup(51.5, -0.12, now_s=1000.0)
    assert found.note is None
    assert found.weather == Weather(Sky.STORM, 33.5, 36.1, 12.0, 162.0, "open-meteo")
    assert len(state.paths) == 2 and "latitude=51.5000" in state.paths[0]
    assert "current=temperature_2m" in state.paths[0]
    again = client(base, tmp_path).lookup(51.5, -0.12, now_s=1000.0 + 1800)
    assert again.weather == found.weather and len(state.paths) == 2  # from the cache
    client(base, tmp_path).lookup(51.5, -0.12, now_s=1000.0 + 7200)
    assert len(state.paths) == 4  # an hour later the cache is stale


def test_a_slow_service_times_out_and_the_lookup_says_so(
    stub: tuple[Stub, str], tmp_path: Path
) -> None:
    state, base = stub
    state.delay_s = 1.0
    started = time.perf_counter()
    found = client(base, tmp_path, timeout_s=0.2).lookup(10.0, 10.0)
    assert time.perf_counter() - started < 0.9
    assert found.weather is None
    assert found.note == "no weather: the weather service did not answer in 0.2 s"


@pytest.mark.parametrize(
    ("status", "body", "note"),
    [
        (500, b"{}", "no weather: the weather service answered HTTP 500"),
        (200, b"<html>", "no weather: the weather service sent something that is not JSON"),
        (200, b'{"hourly": {}}', "no weather: the weather service's answer has no 'current'"),
    ],
)
def test_service_errors_give_no_weather_and_a_reason(
    stub: tuple[Stub, str], tmp_path: Path, status: int, body: bytes, note: str
) -> None:
    state, base = stub
    state.status, state.body = status, body
    found = client(base, tmp_path).lookup(1.0, 2.0)
    assert found.weather is None and found.note is not None and found.note.startswith(note)


def test_an_unreachable_service_gives_no_weather(tmp_path: Path) -> None:
    found = client("http://127.0.0.1:9", tmp_path, timeout_s=0.5).lookup(1.0, 2.0)
    assert found.weather is None
    assert found.note is not None and "could not be reached" in found.note
