"""The athlete profile: who the person is and what they have to train with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class Language(StrEnum):
    ENGLISH = "en"
    CHINESE = "zh"


class Weekday(StrEnum):
    MONDAY = "mon"
    TUESDAY = "tue"
    WEDNESDAY = "wed"
    THURSDAY = "thu"
    FRIDAY = "fri"
    SATURDAY = "sat"
    SUNDAY = "sun"


@dataclass(frozen=True, slots=True)
class Goal:
    """Something the athlete is working towards, e.g. a half marathon on a date in a time."""

    description: str
    event_date: date | None = None
    target_time_s: float | None = None


@dataclass(slots=True)
class AthleteProfile:
    """Everything aicoach knows about the person. Unknown values stay ``None``."""

    name: str
    birth_year: int | None = None
    sex: Sex | None = None
    height_cm: float | None = None
    mass_kg: float | None = None
    hr_rest_bpm: int | None = None
    hr_max_bpm: int | None = None
    lthr_bpm: int | None = None
    ftp_w: int | None = None
    threshold_pace_s_per_km: float | None = None
    swim_css_s_per_100m: float | None = None
    language: Language = Language.ENGLISH
    timezone: str = "UTC"
    goals: list[Goal] = field(default_factory=list)
    weekly_availability_min: dict[Weekday, int] = field(default_factory=dict)
    equipment: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    """Injuries and medical conditions in the athlete's words, e.g. 'left Achilles tendinopathy'."""
