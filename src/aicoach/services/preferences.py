"""The recommender's stated preferences (likes, dislikes, places, home kit, location)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from aicoach.errors import UserError
from aicoach.recommend.candidates import ARM_IDS
from aicoach.recommend.catalogue import HomeKit, Place
from aicoach.storage import recommendations as recommendation_store
from aicoach.storage.tables import (
    AthleteRow,
    RecommenderRow,
)


def preferences_json(row: RecommenderRow) -> dict[str, Any]:
    return {
        "likes": list(row.likes),
        "dislikes": list(row.dislikes),
        "places": list(row.places) or [Place.HOME.value, Place.OUTDOORS.value],
        "home_kit": list(row.home_kit),
        "latitude": row.latitude,
        "longitude": row.longitude,
    }


def update_preferences(
    session: Session, athlete: AthleteRow, changes: dict[str, Any]
) -> dict[str, Any]:
    """Replace the preferences sent (as ``aicoach preferences`` does); the result."""
    row = recommendation_store.recommender(session, athlete.id)
    likes = set(_activities(changes.get("likes"), "likes") if "likes" in changes else row.likes)
    dislikes = set(
        _activities(changes.get("dislikes"), "dislikes") if "dislikes" in changes else row.dislikes
    )
    if likes & dislikes:
        raise UserError(f"liked and disliked at once: {', '.join(sorted(likes & dislikes))}")
    row.likes, row.dislikes = sorted(likes), sorted(dislikes)
    if changes.get("places") is not None:
        row.places = [Place(p).value for p in changes["places"]]
    if changes.get("home_kit") is not None:
        row.home_kit = [HomeKit(k).value for k in changes["home_kit"]]
    if "latitude" in changes or "longitude" in changes:
        latitude, longitude = changes.get("latitude"), changes.get("longitude")
        if (latitude is None) != (longitude is None):
            raise UserError("latitude and longitude go together: give both (or both null)")
        row.latitude, row.longitude = latitude, longitude
    session.flush()
    return preferences_json(row)


def _activities(names: list[str] | None, field_name: str) -> list[str]:
    found = []
    for name in names or []:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        if key not in ARM_IDS or key.startswith("planned"):
            known = ", ".join(a for a in ARM_IDS if not a.startswith("planned"))
            raise UserError(f"{field_name}: {name!r} is not an activity aicoach knows ({known})")
        found.append(key)
    return found


# --- exports ---------------------------------------------------------------------------------
