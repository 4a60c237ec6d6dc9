"""Screening rows: the answers an athlete gave, when, and what screening decided then."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.planning.screening import ScreeningAnswers, ScreeningResult
from aicoach.storage.tables import ScreeningRow


def save_screening(
    session: Session,
    athlete_id: int,
    answers: ScreeningAnswers,
    result: ScreeningResult,
    answered_at: datetime,
) -> ScreeningRow:
    """Store one screening; earlier ones stay as history."""
    row = ScreeningRow(
        athlete_id=athlete_id,
        answered_at=answered_at,
        answers=dict(answers.answers),
        medical_clearance=answers.medical_clearance,
        outcome=result.outcome.value,
        reasons=list(result.reasons),
    )
    session.add(row)
    session.flush()
    return row


def latest_screening(session: Session, athlete_id: int) -> ScreeningRow | None:
    """The most recently answered screening of the athlete, if any."""
    statement = (
        select(ScreeningRow)
        .where(ScreeningRow.athlete_id == athlete_id)
        .order_by(ScreeningRow.answered_at.desc(), ScreeningRow.id.desc())
        .limit(1)
    )
    return session.scalars(statement).first()


def read_answers(row: ScreeningRow) -> ScreeningAnswers:
    """The stored answers, validated against today's question set."""
    return ScreeningAnswers(dict(row.answers), medical_clearance=row.medical_clearance)
