"""Weekly team challenges and their leaderboards.

Two kinds: ``distance`` (kilometres summed over the week, for one sport or all) and
``consistency`` (days of the week with at least one activity or logged session). A week runs
Monday to Sunday in each member's own local days. The leaderboard lists the current members
by progress, highest first; equal progress shares a rank (1, 1, 3: standard competition
ranking), and a member without training that week is on the board with 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import assert_never

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.domain.activity import Sport
from aicoach.errors import DataError, NotFoundError
from aicoach.services.teams import (
    Member,
    TeamAccess,
    members_of,
    require_monday,
    training_between,
)
from aicoach.storage.server_tables import ChallengeRow
from aicoach.units import m_to_km


class ChallengeKind(StrEnum):
    DISTANCE = "distance"
    CONSISTENCY = "consistency"


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    member: Member
    progress: float
    """Kilometres (distance) or active days (consistency)."""
    completed: bool


def create_challenge(
    session: Session,
    access: TeamAccess,
    *,
    title: str,
    kind: ChallengeKind,
    sport: Sport | None,
    week_start: date,
    target: float,
) -> ChallengeRow:
    """Any member may set a challenge for the team; the week must start on a Monday."""
    require_monday(week_start)
    if not target > 0:
        raise DataError("the target must be above 0", field="target")
    if kind is ChallengeKind.CONSISTENCY and target > 7:
        raise DataError("a week has 7 days: a consistency target is at most 7", field="target")
    row = ChallengeRow(
        team_id=access.team.id,
        title=title,
        kind=kind.value,
        sport=sport.value if sport else None,
        week_start=week_start,
        target=target,
        created_by_user_id=access.user.id,
    )
    session.add(row)
    session.flush()
    return row


def list_challenges(session: Session, access: TeamAccess) -> list[ChallengeRow]:
    """The team's challenges, latest week first."""
    statement = (
        select(ChallengeRow)
        .where(ChallengeRow.team_id == access.team.id)
        .order_by(ChallengeRow.week_start.desc(), ChallengeRow.id.desc())
    )
    return list(session.scalars(statement))


def get_challenge(session: Session, access: TeamAccess, challenge_id: int) -> ChallengeRow:
    row = session.get(ChallengeRow, challenge_id)
    if row is None or row.team_id != access.team.id:
        raise NotFoundError("not found", kind="challenge", identifier=str(challenge_id))
    return row


def leaderboard(session: Session, challenge: ChallengeRow) -> list[Standing]:
    members = members_of(session, challenge.team_id)
    last_day = challenge.week_start + timedelta(days=6)
    training = [
        item
        for item in training_between(session, members, challenge.week_start, last_day)
        if challenge.sport is None or item.sport == challenge.sport
    ]
    kind = ChallengeKind(challenge.kind)
    progress: dict[int, float] = {}
    for member in members:
        own = [item for item in training if item.user_id == member.user_id]
        match kind:
            case ChallengeKind.DISTANCE:
                progress[member.user_id] = m_to_km(sum(item.distance_m or 0.0 for item in own))
            case ChallengeKind.CONSISTENCY:
                progress[member.user_id] = float(len({item.day for item in own}))
            case _:
                assert_never(kind)
    return ranked(members, progress, challenge.target)


def ranked(members: list[Member], progress: dict[int, float], target: float) -> list[Standing]:
    """Highest progress first; equal progress shares the rank of the first of them."""
    order = sorted(members, key=lambda m: (-round(progress[m.user_id], 9), m.name, m.user_id))
    standings: list[Standing] = []
    for position, member in enumerate(order, start=1):
        value = progress[member.user_id]
        previous = standings[-1] if standings else None
        same = previous is not None and round(previous.progress, 9) == round(value, 9)
        rank = previous.rank if same and previous is not None else position
        standings.append(Standing(rank, member, value, value >= target))
    return standings
