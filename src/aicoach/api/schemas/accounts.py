"""Accounts, tokens and coach links as the API reads and shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput


class UserCreate(StrictInput):
    email: str = Field(min_length=3, max_length=254)
    password: str = Field(min_length=1, max_length=1024)
    display_name: str = Field(min_length=1, max_length=180)
    role: Literal["athlete", "coach"] = "athlete"
    language: Literal["en", "zh"] = "en"


class LoginRequest(StrictInput):
    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=1024)


class PasswordChange(StrictInput):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class LanguageUpdate(StrictInput):
    language: Literal["en", "zh"]


class UserPublic(BaseModel):
    id: int
    email: str
    role: str
    athlete_id: int
    athlete_name: str
    language: str
    created_at: datetime


class LoginPublic(BaseModel):
    user: UserPublic
    csrf_token: str
    expires_at: datetime


class TokenCreate(StrictInput):
    name: str = Field(min_length=1, max_length=100)
    valid_days: int | None = Field(default=None, ge=1, le=3650)


class TokenPublic(BaseModel):
    id: int
    name: str
    created_at: datetime
    expires_at: datetime | None


class NewTokenPublic(TokenPublic):
    token: str
    """Shown once: only its hash is kept."""


class InvitationCreate(StrictInput):
    athlete_email: str = Field(min_length=3, max_length=254)


class InvitationAnswer(StrictInput):
    accept: bool


class CoachLinkPublic(BaseModel):
    id: int
    coach_user_id: int
    coach_email: str
    athlete_id: int
    athlete_name: str
    status: str
    invited_at: datetime
    answered_at: datetime | None
    revoked_at: datetime | None
