"""The athlete profile: read it, change some of its fields."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from aicoach.api.deps import AthleteInReach, DbSession
from aicoach.api.schemas.profile import GoalModel, ProfilePublic, ProfileUpdate
from aicoach.domain.athlete import AthleteProfile, Goal, Language, Sex, Weekday
from aicoach.services.athletes import update_profile
from aicoach.storage.athletes import read_profile

router = APIRouter(tags=["profile"])


def profile_public(athlete_id: int, profile: AthleteProfile) -> ProfilePublic:
    return ProfilePublic(
        athlete_id=athlete_id,
        name=profile.name,
        birth_year=profile.birth_year,
        sex=profile.sex.value if profile.sex else None,
        height_cm=profile.height_cm,
        mass_kg=profile.mass_kg,
        hr_rest_bpm=profile.hr_rest_bpm,
        hr_max_bpm=profile.hr_max_bpm,
        lthr_bpm=profile.lthr_bpm,
        ftp_w=profile.ftp_w,
        threshold_pace_s_per_km=profile.threshold_pace_s_per_km,
        swim_css_s_per_100m=profile.swim_css_s_per_100m,
        language=profile.language.value,
        timezone=profile.timezone,
        goals=[
            GoalModel(
                description=goal.description,
                event_date=goal.event_date,
                target_time_s=goal.target_time_s,
            )
            for goal in profile.goals
        ],
        weekly_availability_min={
            day.value: minutes for day, minutes in profile.weekly_availability_min.items()
        },
        equipment=list(profile.equipment),
        conditions=list(profile.conditions),
    )


@router.get("/athletes/{athlete_id}/profile")
def get_profile(athlete: AthleteInReach) -> ProfilePublic:
    return profile_public(athlete.id, read_profile(athlete))


@router.patch("/athletes/{athlete_id}/profile")
def patch_profile(
    body: ProfileUpdate, athlete: AthleteInReach, session: DbSession
) -> ProfilePublic:
    """Change the fields sent; values are checked as ``aicoach profile set`` checks them."""
    updated = update_profile(session, athlete.name, _domain_changes(body))
    return profile_public(athlete.id, updated)


def _domain_changes(body: ProfileUpdate) -> dict[str, object]:
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    if "sex" in changes:
        changes["sex"] = Sex(changes["sex"]) if changes["sex"] else None
    if "language" in changes and changes["language"] is not None:
        changes["language"] = Language(changes["language"])
    if changes.get("goals") is not None and body.goals is not None:
        changes["goals"] = [
            Goal(goal.description, goal.event_date, goal.target_time_s) for goal in body.goals
        ]
    if changes.get("weekly_availability_min") is not None:
        changes["weekly_availability_min"] = {
            Weekday(day): minutes for day, minutes in changes["weekly_availability_min"].items()
        }
    for key in ("name", "language", "timezone", "goals", "equipment", "conditions"):
        if key in changes and changes[key] is None:
            del changes[key]
    if "weekly_availability_min" in changes and changes["weekly_availability_min"] is None:
        del changes["weekly_availability_min"]
    return changes
