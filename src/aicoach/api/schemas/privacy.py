"""Privacy zones as the API reads and shows them."""

from __future__ import annotations

from pydantic import BaseModel, Field

from aicoach.api.schemas import StrictInput
from aicoach.services.privacy_zones import MAX_RADIUS_M, MIN_RADIUS_M


class PrivacyZoneCreate(StrictInput):
    name: str = Field(min_length=1, max_length=100)
    latitude_deg: float = Field(ge=-90.0, le=90.0, allow_inf_nan=False)
    longitude_deg: float = Field(ge=-180.0, le=180.0, allow_inf_nan=False)
    radius_m: float = Field(ge=MIN_RADIUS_M, le=MAX_RADIUS_M, allow_inf_nan=False)


class PrivacyZonePublic(BaseModel):
    id: int
    athlete_id: int
    name: str
    latitude_deg: float
    longitude_deg: float
    radius_m: float
