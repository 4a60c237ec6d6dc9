"""Today's recommendation, feedback on it, and the preferences it uses.

``GET /today`` decides and logs a recommendation (as ``aicoach today`` does): each call is
one logged decision, which feedback then refers to.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from aicoach.api.deps import AthleteInReach, DbSession, State
from aicoach.api.schemas.today import (
    FeedbackCreate,
    FeedbackPublic,
    PlaceName,
    PreferencesPublic,
    PreferencesUpdate,
    TodayPublic,
)
from aicoach.recommend.catalogue import Place
from aicoach.recommend.reward import Feedback
from aicoach.recommend.weather import parse_weather
from aicoach.services.feedback import record_feedback
from aicoach.services.preferences import preferences_json, update_preferences
from aicoach.services.today import TodayRequest, recommend_today
from aicoach.storage.recommendations import recommender

router = APIRouter(tags=["today"])


@router.get("/athletes/{athlete_id}/today")
def get_today(
    athlete: AthleteInReach,
    session: DbSession,
    state: State,
    minutes: Annotated[int | None, Query(ge=0, le=1440)] = None,
    note: Annotated[str | None, Query(max_length=2000)] = None,
    weather: Annotated[str | None, Query(max_length=200)] = None,
    location: PlaceName | None = None,
) -> TodayPublic:
    """``aicoach today --json``: what to do today and why (safety first, then the plan,
    context and feedback). ``weather`` as the CLI reads it, e.g. "rain 10C aqi=60"."""
    request = TodayRequest(
        note=note,
        minutes=float(minutes) if minutes is not None else None,
        weather=parse_weather(weather) if weather else None,
        location=Place(location) if location else None,
    )
    result = recommend_today(session, athlete.name, request, state.settings)
    return TodayPublic.model_validate(result.as_json())


@router.post("/athletes/{athlete_id}/today/feedback")
def post_feedback(
    body: FeedbackCreate, athlete: AthleteInReach, session: DbSession
) -> FeedbackPublic:
    """How today's latest recommendation went: done or skipped, rating 1-5, RPE 0-10."""
    given = Feedback(done=body.done, rating_1_5=body.rating, rpe_0_10=body.rpe, note=body.note)
    return FeedbackPublic.model_validate(record_feedback(session, athlete.name, given).as_json())


@router.get("/athletes/{athlete_id}/preferences")
def get_preferences(athlete: AthleteInReach, session: DbSession) -> PreferencesPublic:
    return PreferencesPublic.model_validate(preferences_json(recommender(session, athlete.id)))


@router.put("/athletes/{athlete_id}/preferences")
def put_preferences(
    body: PreferencesUpdate, athlete: AthleteInReach, session: DbSession
) -> PreferencesPublic:
    """Likes, dislikes, places, home kit and location used by today's recommendation; the
    fields sent replace the stored ones."""
    changes = body.model_dump(exclude_unset=True)
    return PreferencesPublic.model_validate(update_preferences(session, athlete, changes))
