"""Step 2 of a turn: what the user asks for (intent) and the details given (slots)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from aicoach.domain.athlete import Weekday
from aicoach.domain.plan import PlanGoal


class Intent(StrEnum):
    TODAY = "today_session"
    """What to do today, including mood and energy reports ("I'm exhausted")."""
    METRIC = "metric"
    PLAN_QUESTION = "plan_question"
    PLAN_CHANGE = "plan_change"
    PAIN = "pain_report"
    GENERAL = "general_question"


class Metric(StrEnum):
    CTL = "ctl"
    ATL = "atl"
    TSB = "tsb"
    ACWR = "acwr"
    LOAD = "load"
    MONOTONY = "monotony"
    HRV = "hrv"
    RESTING_HR = "resting_hr"
    SLEEP = "sleep"
    RACE_PREDICTION = "race_prediction"


class Slots(BaseModel):
    """Details of a request; every one is optional and ``None`` when not given."""

    model_config = ConfigDict(extra="forbid")

    metric: Metric | None = None
    goal: PlanGoal | None = None
    event_date: date | None = None
    available_days: list[Weekday] | None = None
    pain_location: str | None = Field(default=None, max_length=60)
    pain_0_10: int | None = Field(default=None, ge=0, le=10)
    adapt: bool = False
    """A change to the current plan (illness, missed sessions) rather than a new plan."""


class Understanding(BaseModel):
    model_config = ConfigDict(extra="forbid")

    intent: Intent
    slots: Slots = Field(default_factory=Slots)

    def merged(self, earlier: Slots) -> Understanding:
        """These slots, with the earlier turn's filling the gaps (after a clarifying question)."""
        mine = self.slots.model_dump(exclude_defaults=True)
        return Understanding(
            intent=self.intent, slots=Slots.model_validate(earlier.model_dump() | mine)
        )
