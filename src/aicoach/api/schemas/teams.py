"""Teams, challenges, the feed, kudos and comments as the API reads and shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput
from aicoach.domain.activity import Sport
from aicoach.services.team_feed import MAX_COMMENT_CHARS


class TeamCreate(StrictInput):
    name: str = Field(min_length=1, max_length=100)


class TeamJoin(StrictInput):
    invite_code: str = Field(min_length=1, max_length=100)


class TeamCreatedPublic(BaseModel):
    """The invite code is shown here once; only its hash is stored."""

    id: int
    name: str
    invite_code: str


class TeamSummaryPublic(BaseModel):
    id: int
    name: str
    my_role: str
    member_count: int
    created_at: datetime


class MemberProgressPublic(BaseModel):
    """A member and this week's shared progress (Monday to today, their local days)."""

    user_id: int
    name: str
    role: str
    joined_at: datetime
    week_duration_s: float
    week_distance_m: float
    week_active_days: int


class TeamDetailPublic(BaseModel):
    id: int
    name: str
    my_role: str
    created_at: datetime
    week_start: date
    members: list[MemberProgressPublic]


class FeedItemPublic(BaseModel):
    """A member's activity as the team sees it: a summary, never GPS or streams."""

    activity_id: int
    user_id: int
    athlete_name: str
    sport: str
    start_time: datetime
    duration_s: float | None
    distance_m: float | None
    load: float | None
    kudos_count: int
    comment_count: int
    kudos_from_me: bool


class ChallengeCreate(StrictInput):
    title: str = Field(min_length=1, max_length=100)
    kind: Literal["distance", "consistency"]
    sport: Sport | None = None
    week_start: date
    target: float = Field(gt=0, le=100_000, allow_inf_nan=False)
    """Kilometres (distance) or active days (consistency)."""


class ChallengePublic(BaseModel):
    id: int
    team_id: int
    title: str
    kind: str
    sport: str | None
    week_start: date
    week_end: date
    target: float
    created_at: datetime


class StandingPublic(BaseModel):
    rank: int
    user_id: int
    name: str
    distance_km: float | None
    """Set for distance challenges."""
    active_days: int | None
    """Set for consistency challenges."""
    completed: bool


class LeaderboardPublic(BaseModel):
    challenge: ChallengePublic
    standings: list[StandingPublic]


class KudosPublic(BaseModel):
    activity_id: int
    kudos_count: int
    kudos_from_me: bool


class CommentCreate(StrictInput):
    text: str = Field(min_length=1, max_length=MAX_COMMENT_CHARS)


class CommentPublic(BaseModel):
    """``text`` is the member's words as data; pages escape it when they show it."""

    id: int
    activity_id: int
    user_id: int
    author_name: str
    text: str
    created_at: datetime
