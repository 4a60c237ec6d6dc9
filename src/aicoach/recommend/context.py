"""Today's context as typed values, and the feature vector the learner sees.

Readiness combines the engine's markers, each mapped to [-1, 1] (negative = less ready):

- HRV: 7-day mean lnRMSSD within the athlete's normal band, mean +/- 0.5 SD of 60 days
  (Plews DJ et al. 2012, Eur J Appl Physiol 112:3729-3741): -1 at the band's low edge,
  +1 at its high edge.
- Resting HR: deviation from the 60-day baseline in SD units (Buchheit M 2014, Front Physiol
  5:73), -1 at +2 SD.
- TSB (training stress balance, Coggan): -1 at -25, +1 at +25.
- ACWR above 1.3 (Gabbett TJ 2016, Br J Sports Med 50:273-280): -1 at 1.8; lower ratios
  add nothing (detraining is not fatigue).
- Sleep: last night against 7 h (Hirshkowitz M et al. 2015, Sleep Health 1:40-43), -1 at
  5 h, +1 at 9 h.

The readiness score is the mean of the markers that are known; ``None`` when none is.
Features are centred so that 0 means typical *or unknown*: the learner's vector never holds
a made-up measurement, and the context keeps ``None`` for what was not measured.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from aicoach.domain.athlete import Language
from aicoach.domain.plan import Intensity, PlannedSession
from aicoach.planning.exercises import Region
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.recommend.mood import NoteMood
from aicoach.recommend.weather import Sky, Weather

FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "readiness",
    "energy",
    "mood",
    "tsb",
    "acwr",
    "sleep",
    "minutes",
    "time_of_day",
    "weather",
    "planned_intensity",
)
"""The learner's context features, in vector order."""

PLANNED_INTENSITY: dict[Intensity, float] = {
    Intensity.REST: 0.0,
    Intensity.EASY: 1 / 3,
    Intensity.MODERATE: 2 / 3,
    Intensity.HARD: 1.0,
}
PLEASANT_C = (5.0, 25.0)
"""Feels-like temperatures comfortable for outdoor exercise."""

FloatVector = npt.NDArray[np.float64]


def _clip(value: float) -> float:
    return max(-1.0, min(1.0, value))


@dataclass(frozen=True, slots=True)
class Readiness:
    """The engine's readiness markers today; ``None`` where not measured or not yet defined."""

    hrv_ln_7d: float | None = None
    hrv_band_low: float | None = None
    hrv_band_high: float | None = None
    rhr_deviation_sd: float | None = None
    tsb: float | None = None
    acwr: float | None = None
    sleep_h: float | None = None

    def markers(self) -> dict[str, float]:
        """Each known marker mapped to [-1, 1] (see the module notes)."""
        found: dict[str, float] = {}
        low, high, mean = self.hrv_band_low, self.hrv_band_high, self.hrv_ln_7d
        if low is not None and high is not None and mean is not None and high > low:
            found["hrv"] = _clip((mean - (low + high) / 2) / ((high - low) / 2))
        if self.rhr_deviation_sd is not None:
            found["resting_hr"] = _clip(-self.rhr_deviation_sd / 2)
        if self.tsb is not None:
            found["tsb"] = _clip(self.tsb / 25)
        if self.acwr is not None:
            found["acwr"] = -_clip(max(0.0, self.acwr - 1.3) / 0.5)
        if self.sleep_h is not None:
            found["sleep"] = _clip((self.sleep_h - 7.0) / 2)
        return found

    def score(self) -> float | None:
        markers = self.markers()
        return round(sum(markers.values()) / len(markers), 3) if markers else None


@dataclass(frozen=True, slots=True)
class AlertInfo:
    rule: str
    severity: str
    message: str


@dataclass(frozen=True, slots=True)
class Health:
    """What the safety mask acts on; collected from alerts, wellness, notes and the profile."""

    alerts: tuple[AlertInfo, ...] = ()
    """Open alerts of the last days (rule, severity, message)."""
    blood_pressure: tuple[int, int] | None = None
    """Latest resting (systolic, diastolic) mmHg of the last days."""
    medical_clearance: bool = False
    illness: tuple[str, ...] = ()
    """Why the athlete counts as ill: reported illness, an illness pattern, a fever."""
    fever: bool = False
    pain: dict[Region, str] = field(default_factory=dict)
    """Regions in pain and the words that said so."""
    pain_unlocated: tuple[str, ...] = ()
    """Pain reports that name no body part aicoach can place."""
    injuries: dict[Region, str] = field(default_factory=dict)
    """Regions of injuries in the profile and the condition naming them."""


@dataclass(frozen=True, slots=True)
class Preferences:
    likes: frozenset[str] = frozenset()
    dislikes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class TodayContext:
    day: date
    hour: int
    language: Language = Language.ENGLISH
    minutes_available: float | None = None
    places: frozenset[Place] = frozenset({Place.HOME, Place.OUTDOORS})
    home_kit: frozenset[HomeKit] = frozenset()
    weather: Weather | None = None
    readiness: Readiness = field(default_factory=Readiness)
    note: NoteMood | None = None
    planned: PlannedSession | None = None
    upcoming: tuple[PlannedSession, ...] = ()
    """Planned sessions of the next days, for a swap."""
    health: Health = field(default_factory=Health)
    preferences: Preferences = field(default_factory=Preferences)

    def features(self) -> dict[str, float]:
        """The learner's features by name (see ``FEATURE_NAMES``), each in [-1, 1]."""
        r = self.readiness
        markers = r.markers()
        score = r.score()
        minutes = self.minutes_available
        return {
            "bias": 1.0,
            "readiness": score if score is not None else 0.0,
            "energy": self.note.energy if self.note else 0.0,
            "mood": self.note.mood if self.note else 0.0,
            "tsb": markers.get("tsb", 0.0),
            "acwr": _clip(r.acwr - 1.0) if r.acwr is not None else 0.0,
            "sleep": markers.get("sleep", 0.0),
            "minutes": _clip((min(minutes, 120.0) - 60.0) / 60.0) if minutes is not None else 0.0,
            "time_of_day": -1.0 if self.hour < 10 else (1.0 if self.hour >= 18 else 0.0),
            "weather": weather_feature(self.weather),
            "planned_intensity": PLANNED_INTENSITY[self.planned.intensity] if self.planned else 0.0,
        }


def feature_vector(features: dict[str, float]) -> FloatVector:
    """Features by name -> the learner's vector; names it does not know are ignored."""
    return np.array([features.get(name, 0.0) for name in FEATURE_NAMES], dtype=np.float64)


def weather_feature(weather: Weather | None) -> float:
    """+1 pleasant for outdoor exercise, -1 poor, 0 unknown or in between."""
    if weather is None:
        return 0.0
    feels = weather.feels_like_c
    if weather.sky in {Sky.RAIN, Sky.SNOW, Sky.STORM, Sky.FOG}:
        return -1.0
    if feels is not None and not PLEASANT_C[0] <= feels <= PLEASANT_C[1]:
        return -1.0 if feels > PLEASANT_C[1] + 5 or feels < PLEASANT_C[0] - 5 else -0.5
    if weather.sky in {Sky.CLEAR, Sky.CLOUDY}:
        return 1.0
    return 0.0
