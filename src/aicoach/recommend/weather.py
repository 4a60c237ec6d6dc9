"""Today's weather: entered by the athlete, or looked up from Open-Meteo (optional, cached).

The lookup is never needed: without a location, on a timeout or any network error the
recommendation goes on without weather, and says why. Weather codes are WMO code table 4677
as Open-Meteo reports them (https://open-meteo.com/en/docs); air quality is the US AQI of the
Open-Meteo air-quality API (EPA 2018 breakpoints: > 150 unhealthy, > 200 very unhealthy).
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from aicoach.errors import UserError

CACHE_TTL_S = 3600.0
"""A forecast is reused for an hour; weather changes more slowly than people ask."""
CURRENT_FIELDS = "temperature_2m,apparent_temperature,weather_code,wind_speed_10m"


class Sky(StrEnum):
    CLEAR = "clear"
    CLOUDY = "cloudy"
    FOG = "fog"
    RAIN = "rain"
    SNOW = "snow"
    STORM = "storm"


SKY_WORDS: dict[str, Sky] = {
    "clear": Sky.CLEAR, "sunny": Sky.CLEAR, "sun": Sky.CLEAR, "晴": Sky.CLEAR,
    "cloudy": Sky.CLOUDY, "clouds": Sky.CLOUDY, "overcast": Sky.CLOUDY, "多云": Sky.CLOUDY,
    "阴": Sky.CLOUDY, "fog": Sky.FOG, "foggy": Sky.FOG, "雾": Sky.FOG, "rain": Sky.RAIN,
    "rainy": Sky.RAIN, "drizzle": Sky.RAIN, "showers": Sky.RAIN, "雨": Sky.RAIN,
    "snow": Sky.SNOW, "snowy": Sky.SNOW, "雪": Sky.SNOW, "storm": Sky.STORM,
    "thunderstorm": Sky.STORM, "thunder": Sky.STORM, "lightning": Sky.STORM, "雷暴": Sky.STORM,
    "雷雨": Sky.STORM,
}  # fmt: skip
"""Words accepted by ``--weather`` (English and Chinese) and the sky they mean."""


@dataclass(frozen=True, slots=True)
class Weather:
    """What the weather is now; every value may be unknown (``None``)."""

    sky: Sky | None = None
    temperature_c: float | None = None
    apparent_temperature_c: float | None = None
    wind_kmh: float | None = None
    us_aqi: float | None = None
    source: str = "entered"

    @property
    def feels_like_c(self) -> float | None:
        return (
            self.apparent_temperature_c
            if self.apparent_temperature_c is not None
            else (self.temperature_c)
        )


@dataclass(frozen=True, slots=True)
class WeatherLookup:
    """The weather found, or why there is none (a sentence for the athlete)."""

    weather: Weather | None
    note: str | None = None


_TEMPERATURE = re.compile(r"^(-?\d+(?:\.\d+)?)\s*(?:°?c|℃|度)$")
_KEY_VALUE = re.compile(r"^(aqi|wind)\s*[=:]\s*(\d+(?:\.\d+)?)$")


def parse_weather(text: str) -> Weather:
    """``"storm"``, ``"clear, 31C"``, ``"rain 12C wind=40 aqi=160"``, ``"雷暴"`` -> Weather.

    Tokens are separated by commas or spaces: a sky word, a temperature in °C, ``aqi=N``
    (US AQI) and ``wind=N`` (km/h). An unknown token is an error that names it.
    """
    sky: Sky | None = None
    temperature: float | None = None
    values: dict[str, float] = {}
    for token in filter(None, re.split(r"[,\s，]+", text.strip().lower())):
        if token in SKY_WORDS:
            sky = SKY_WORDS[token]
        elif match := _TEMPERATURE.match(token):
            temperature = float(match.group(1))
        elif match := _KEY_VALUE.match(token):
            values[match.group(1)] = float(match.group(2))
        else:
            words = ", ".join(sorted({s.value for s in Sky}))
            raise UserError(
                f"--weather: {token!r} is not understood; use a sky word ({words}), a "
                "temperature like 24C, aqi=N or wind=N, e.g. --weather 'rain, 12C'"
            )
    if sky is None and temperature is None and not values:
        raise UserError("--weather: nothing given; e.g. --weather 'clear, 24C'")
    return Weather(sky, temperature, None, values.get("wind"), values.get("aqi"), "entered")


def sky_from_wmo_code(code: int) -> Sky | None:
    """WMO 4677 present-weather code (as Open-Meteo's ``weather_code``) -> sky."""
    if code == 0:
        return Sky.CLEAR
    if code in {1, 2, 3}:
        return Sky.CLOUDY
    if code in {45, 48}:
        return Sky.FOG
    if 51 <= code <= 67 or 80 <= code <= 82:
        return Sky.RAIN
    if 71 <= code <= 77 or code in {85, 86}:
        return Sky.SNOW
    if code in {95, 96, 99}:
        return Sky.STORM
    return None


@dataclass(frozen=True, slots=True)
class OpenMeteoClient:
    """Current weather and air quality for a location, with a file cache and a timeout."""

    forecast_url: str
    air_quality_url: str
    cache_dir: Path
    timeout_s: float = 3.0
    ttl_s: float = CACHE_TTL_S

    def lookup(
        self, latitude: float, longitude: float, now_s: float | None = None
    ) -> WeatherLookup:
        """The weather now at (latitude, longitude); never raises for network trouble."""
        now_s = time.time() if now_s is None else now_s
        cached = self._read_cache(latitude, longitude, now_s)
        if cached is not None:
            return WeatherLookup(cached)
        try:
            current = self._get(self.forecast_url, latitude, longitude, CURRENT_FIELDS)
        except _LookupFailedError as exc:
            return WeatherLookup(None, f"no weather: {exc}")
        try:
            aqi = self._get(self.air_quality_url, latitude, longitude, "us_aqi").get("us_aqi")
        except _LookupFailedError:
            aqi = None  # air quality is a bonus; the forecast alone is still useful
        weather = _weather_from(current, aqi)
        self._write_cache(latitude, longitude, now_s, weather)
        return WeatherLookup(weather)

    def _get(self, url: str, latitude: float, longitude: float, fields: str) -> dict[str, Any]:
        query = urllib.parse.urlencode(
            {"latitude": f"{latitude:.4f}", "longitude": f"{longitude:.4f}", "current": fields}
        )
        if not url.startswith(("http://", "https://")):
            raise _LookupFailedError(f"{url!r} is not an http(s) URL")
        try:
            with urllib.request.urlopen(f"{url}?{query}", timeout=self.timeout_s) as response:  # noqa: S310
                document = json.loads(response.read().decode("utf-8"))
        except TimeoutError as exc:
            raise _LookupFailedError(
                f"the weather service did not answer in {self.timeout_s:g} s"
            ) from exc
        except urllib.error.HTTPError as exc:
            raise _LookupFailedError(f"the weather service answered HTTP {exc.code}") from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                raise _LookupFailedError(
                    f"the weather service did not answer in {self.timeout_s:g} s"
                ) from exc
            raise _LookupFailedError(
                f"the weather service could not be reached ({reason})"
            ) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise _LookupFailedError("the weather service sent something that is not JSON") from exc
        current = document.get("current") if isinstance(document, dict) else None
        if not isinstance(current, dict):
            raise _LookupFailedError("the weather service's answer has no 'current' values")
        return current

    def _cache_file(self, latitude: float, longitude: float) -> Path:
        return self.cache_dir / f"open-meteo_{latitude:.2f}_{longitude:.2f}.json"

    def _read_cache(self, latitude: float, longitude: float, now_s: float) -> Weather | None:
        path = self._cache_file(latitude, longitude)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if not 0 <= now_s - float(document["fetched_at_s"]) <= self.ttl_s:
                return None
            values = document["weather"]
            sky = values.pop("sky")
            return Weather(sky=Sky(sky) if sky else None, **values)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no cache, or one we cannot read: ask the service again

    def _write_cache(
        self, latitude: float, longitude: float, now_s: float, weather: Weather
    ) -> None:
        path = self._cache_file(latitude, longitude)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            document = {"fetched_at_s": now_s, "weather": asdict(weather)}
            path.write_text(json.dumps(document), encoding="utf-8")
        except OSError:
            return  # a cache that cannot be written only costs a lookup next time


class _LookupFailedError(Exception):
    pass


def _weather_from(current: dict[str, Any], aqi: object) -> Weather:
    code = current.get("weather_code")
    return Weather(
        sky=sky_from_wmo_code(int(code)) if isinstance(code, int | float) else None,
        temperature_c=_number(current.get("temperature_2m")),
        apparent_temperature_c=_number(current.get("apparent_temperature")),
        wind_kmh=_number(current.get("wind_speed_10m")),
        us_aqi=_number(aqi),
        source="open-meteo",
    )


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
