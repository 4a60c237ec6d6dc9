"""Today's recommendation, feedback on it, and the preferences it uses."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput

PlaceName = Literal["home", "outdoors", "gym", "pool"]
HomeKitName = Literal["treadmill", "bike-trainer"]


class MaskedPublic(BaseModel):
    activity: str
    why: str


class SafetyPublic(BaseModel):
    level: str
    message: str


class TodayPublic(BaseModel):
    """``aicoach today --json``."""

    recommendation_id: int
    date: date
    activity: str
    title: str
    intensity: str
    duration_min: float
    place: str | None
    reasons: list[str]
    masked: list[MaskedPublic]
    safety: SafetyPublic
    probability: float


class FeedbackCreate(StrictInput):
    done: bool
    rating: int | None = Field(default=None, ge=1, le=5)
    rpe: float | None = Field(default=None, ge=0, le=10)
    note: str | None = Field(default=None, max_length=2000)


class FeedbackPublic(BaseModel):
    recommendation_id: int
    date: date
    activity: str
    reward: float
    replaced: bool


class PreferencesUpdate(StrictInput):
    """Fields sent replace the stored ones; latitude and longitude go together."""

    likes: list[str] | None = Field(default=None, max_length=40)
    dislikes: list[str] | None = Field(default=None, max_length=40)
    places: list[PlaceName] | None = None
    home_kit: list[HomeKitName] | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


class PreferencesPublic(BaseModel):
    likes: list[str]
    dislikes: list[str]
    places: list[str]
    home_kit: list[str]
    latitude: float | None
    longitude: float | None
