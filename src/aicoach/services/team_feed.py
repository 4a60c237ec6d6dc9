"""A team's feed of members' recent activities, with kudos and comments.

The feed shows what a training summary needs (sport, start, duration, distance, load) and
never GPS or streams. Kudos and comments are stored per activity; a team sees only those
given by its current members, so a comment made in one team never shows in another. An
activity of someone outside the team is "not found", even for a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.errors import NotFoundError
from aicoach.services.teams import TeamAccess
from aicoach.storage.server_tables import CommentRow, KudosRow, TeamMemberRow, UserRow
from aicoach.storage.tables import ActivityRow, AthleteRow

MAX_COMMENT_CHARS = 500
MAX_FEED_ITEMS = 100


@dataclass(frozen=True, slots=True)
class FeedItem:
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


@dataclass(frozen=True, slots=True)
class CommentView:
    id: int
    activity_id: int
    user_id: int
    author_name: str
    text: str
    created_at: datetime


def feed(session: Session, access: TeamAccess, limit: int = 30) -> list[FeedItem]:
    """The members' latest activities, newest first (four queries, whatever the team size)."""
    rows = session.execute(
        select(
            ActivityRow.id,
            UserRow.id,
            AthleteRow.name,
            ActivityRow.sport,
            ActivityRow.start_time,
            ActivityRow.timer_s,
            ActivityRow.elapsed_s,
            ActivityRow.distance_m,
            ActivityRow.load,
        )
        .join(UserRow, UserRow.athlete_id == ActivityRow.athlete_id)
        .join(TeamMemberRow, TeamMemberRow.user_id == UserRow.id)
        .join(AthleteRow, AthleteRow.id == ActivityRow.athlete_id)
        .where(TeamMemberRow.team_id == access.team.id)
        .order_by(ActivityRow.start_time.desc(), ActivityRow.id.desc())
        .limit(min(max(limit, 1), MAX_FEED_ITEMS))
    ).all()
    ids = [row[0] for row in rows]
    kudos = _counts(session, KudosRow, ids, access)
    comments = _counts(session, CommentRow, ids, access)
    mine = set(
        session.scalars(
            select(KudosRow.activity_id).where(
                KudosRow.activity_id.in_(ids), KudosRow.user_id == access.user.id
            )
        )
    )
    return [
        FeedItem(
            activity_id=activity_id,
            user_id=user_id,
            athlete_name=name,
            sport=sport,
            start_time=start_time,
            duration_s=timer_s if timer_s is not None else elapsed_s,
            distance_m=distance_m,
            load=load,
            kudos_count=kudos.get(activity_id, 0),
            comment_count=comments.get(activity_id, 0),
            kudos_from_me=activity_id in mine,
        )
        for activity_id, user_id, name, sport, start_time, timer_s, elapsed_s, distance_m, load in (
            rows
        )
    ]


def team_activity(session: Session, access: TeamAccess, activity_id: int) -> int:
    """The id of an activity of a current member; "not found" for anyone else's."""
    found = session.scalar(
        select(ActivityRow.id)
        .join(UserRow, UserRow.athlete_id == ActivityRow.athlete_id)
        .join(TeamMemberRow, TeamMemberRow.user_id == UserRow.id)
        .where(ActivityRow.id == activity_id, TeamMemberRow.team_id == access.team.id)
    )
    if found is None:
        raise NotFoundError("not found", kind="activity", identifier=str(activity_id))
    return found


def give_kudos(session: Session, access: TeamAccess, activity_id: int) -> int:
    """Kudos from the user (once; giving again changes nothing); the team's kudos count."""
    team_activity(session, access, activity_id)
    existing = session.scalar(
        select(KudosRow.id).where(
            KudosRow.activity_id == activity_id, KudosRow.user_id == access.user.id
        )
    )
    if existing is None:
        session.add(KudosRow(activity_id=activity_id, user_id=access.user.id))
        session.flush()
    return _counts(session, KudosRow, [activity_id], access).get(activity_id, 0)


def add_comment(session: Session, access: TeamAccess, activity_id: int, text: str) -> CommentView:
    """Store a comment; the text is kept as written (stripped) and is data, never markup."""
    team_activity(session, access, activity_id)
    row = CommentRow(activity_id=activity_id, user_id=access.user.id, text=text.strip())
    session.add(row)
    session.flush()
    return _comment_views(session, access, activity_id, only_id=row.id)[0]


def comments_on(session: Session, access: TeamAccess, activity_id: int) -> list[CommentView]:
    """Comments by current members, oldest first."""
    team_activity(session, access, activity_id)
    return _comment_views(session, access, activity_id)


def _comment_views(
    session: Session, access: TeamAccess, activity_id: int, only_id: int | None = None
) -> list[CommentView]:
    statement = (
        select(CommentRow, AthleteRow.name)
        .join(UserRow, UserRow.id == CommentRow.user_id)
        .join(AthleteRow, AthleteRow.id == UserRow.athlete_id)
        .join(TeamMemberRow, TeamMemberRow.user_id == CommentRow.user_id)
        .where(CommentRow.activity_id == activity_id, TeamMemberRow.team_id == access.team.id)
        .order_by(CommentRow.created_at, CommentRow.id)
    )
    if only_id is not None:
        statement = statement.where(CommentRow.id == only_id)
    return [
        CommentView(row.id, row.activity_id, row.user_id, name, row.text, row.created_at)
        for row, name in session.execute(statement).all()
    ]


def _counts(
    session: Session, table: type[KudosRow] | type[CommentRow], ids: list[int], access: TeamAccess
) -> dict[int, int]:
    """Per activity: rows written by current members of the team."""
    if not ids:
        return {}
    rows = session.execute(
        select(table.activity_id, func.count())
        .join(TeamMemberRow, TeamMemberRow.user_id == table.user_id)
        .where(table.activity_id.in_(ids), TeamMemberRow.team_id == access.team.id)
        .group_by(table.activity_id)
    ).all()
    return {int(activity_id): int(count) for activity_id, count in rows}
