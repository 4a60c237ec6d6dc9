"""Plan requests (the ``aicoach plan create`` options) and plan views."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput
from aicoach.api.schemas.profile import WeekdayName

GoalName = Literal[
    "5k",
    "10k",
    "half",
    "marathon",
    "cycling-event",
    "ftp",
    "strength",
    "hypertrophy",
    "max-strength",
    "general",
    "weight-loss",
    "return-to-run",
]


class PlanCreate(StrictInput):
    goal: GoalName
    weeks: int | None = Field(default=None, ge=1, le=52)
    event_date: date | None = None
    target_time_s: float | None = Field(default=None, gt=0, le=7 * 24 * 3600)
    days_per_week: int | None = Field(default=None, ge=1, le=7)
    available_min: dict[WeekdayName, float] | None = None
    """Training days and their minutes, e.g. {"mon": 45, "sat": 120}."""
    minutes_per_day: int | None = Field(default=None, ge=10, le=24 * 60)
    long_day: WeekdayName | None = None
    equipment: list[str] = Field(default_factory=list, max_length=50)
    start: date | None = None
    """First day; default tomorrow (athlete's local time)."""
    pain_0_10: int | None = Field(default=None, ge=0, le=10)
    weekly_minutes: float | None = Field(default=None, ge=0, le=7 * 24 * 60)
    longest_min: float | None = Field(default=None, ge=0, le=24 * 60)
    sport: Literal["walking", "running", "cycling"] | None = None


class ViolationPublic(BaseModel):
    rule: str
    week: int | None
    date: date | None
    message: str


class PlanCheckPublic(BaseModel):
    ok: bool
    violations: list[ViolationPublic]


class PlanChangePublic(BaseModel):
    date: date
    sentence: str


class AdaptationPublic(BaseModel):
    date: date
    compliance: float | None
    planned_min: float
    done_min: float
    changes: list[PlanChangePublic]


class CalendarSessionPublic(BaseModel):
    sport: str
    session_type: str
    title: str
    intensity: str
    duration_min: float
    load: float
    status: str


class CalendarDonePublic(BaseModel):
    activity_id: int | None
    """None for a logged (manual) session."""
    sport: str
    name: str | None
    duration_min: float | None
    distance_m: float | None
    load: float | None


class CalendarDayPublic(BaseModel):
    date: date
    planned: list[CalendarSessionPublic]
    done: list[CalendarDonePublic]


class CalendarPublic(BaseModel):
    from_: date = Field(serialization_alias="from")
    to: date
    plan_id: int | None
    days: list[CalendarDayPublic]
