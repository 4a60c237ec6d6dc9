"""Recommendation log rows and each athlete's recommender (learner state and preferences)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.storage.tables import RecommendationRow, RecommenderRow


def recommender(session: Session, athlete_id: int) -> RecommenderRow:
    """The athlete's recommender row, created empty on first use."""
    row = session.scalars(
        select(RecommenderRow).where(RecommenderRow.athlete_id == athlete_id)
    ).first()
    if row is None:
        row = RecommenderRow(
            athlete_id=athlete_id, state={}, likes=[], dislikes=[], places=[], home_kit=[]
        )
        session.add(row)
        session.flush()
    return row


def add_recommendation(session: Session, row: RecommendationRow) -> RecommendationRow:
    session.add(row)
    session.flush()
    return row


def latest_on(session: Session, athlete_id: int, day: date) -> RecommendationRow | None:
    """The last recommendation made for ``day`` (the one feedback is about)."""
    return session.scalars(
        select(RecommendationRow)
        .where(RecommendationRow.athlete_id == athlete_id, RecommendationRow.day == day)
        .order_by(RecommendationRow.id.desc())
        .limit(1)
    ).first()


def count_on(session: Session, athlete_id: int, day: date) -> int:
    """How many recommendations were made for ``day``."""
    statement = select(func.count(RecommendationRow.id)).where(
        RecommendationRow.athlete_id == athlete_id, RecommendationRow.day == day
    )
    return int(session.scalar(statement) or 0)


def awaiting_readiness(
    session: Session, athlete_id: int, since: date, before: date
) -> list[RecommendationRow]:
    """Rated recommendations from ``since`` to the day before ``before`` whose reward has not
    yet been corrected by the next days' readiness, oldest first."""
    return list(
        session.scalars(
            select(RecommendationRow)
            .where(
                RecommendationRow.athlete_id == athlete_id,
                RecommendationRow.day >= since,
                RecommendationRow.day < before,
                RecommendationRow.reward.is_not(None),
                RecommendationRow.readiness_score.is_not(None),
                RecommendationRow.readiness_correction.is_(None),
            )
            .order_by(RecommendationRow.id)
        )
    )


def rewarded(session: Session, athlete_id: int) -> list[RecommendationRow]:
    """Every recommendation with a reward, oldest first (to rebuild a learner from the log)."""
    return list(
        session.scalars(
            select(RecommendationRow)
            .where(
                RecommendationRow.athlete_id == athlete_id, RecommendationRow.reward.is_not(None)
            )
            .order_by(RecommendationRow.id)
        )
    )
