"""The athlete profile as the API reads and shows it."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput

WeekdayName = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class GoalModel(StrictInput):
    description: str = Field(min_length=1, max_length=200)
    event_date: date | None = None
    target_time_s: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)


class ProfileUpdate(StrictInput):
    """Only the fields sent change; owner, id and role are not profile fields."""

    name: str | None = Field(default=None, min_length=1, max_length=180)
    birth_year: int | None = None
    sex: Literal["female", "male"] | None = None
    height_cm: float | None = None
    mass_kg: float | None = None
    hr_rest_bpm: int | None = None
    hr_max_bpm: int | None = None
    lthr_bpm: int | None = None
    ftp_w: int | None = None
    threshold_pace_s_per_km: float | None = None
    swim_css_s_per_100m: float | None = None
    language: Literal["en", "zh"] | None = None
    timezone: str | None = Field(default=None, max_length=64)
    goals: list[GoalModel] | None = Field(default=None, max_length=20)
    weekly_availability_min: dict[WeekdayName, int] | None = None
    equipment: list[str] | None = Field(default=None, max_length=50)
    conditions: list[str] | None = Field(default=None, max_length=50)


class ProfilePublic(BaseModel):
    athlete_id: int
    name: str
    birth_year: int | None
    sex: str | None
    height_cm: float | None
    mass_kg: float | None
    hr_rest_bpm: int | None
    hr_max_bpm: int | None
    lthr_bpm: int | None
    ftp_w: int | None
    threshold_pace_s_per_km: float | None
    swim_css_s_per_100m: float | None
    language: str
    timezone: str
    goals: list[GoalModel]
    weekly_availability_min: dict[str, int]
    equipment: list[str]
    conditions: list[str]
