"""Teams: create and join with a code, shared weekly progress, a feed, challenges, kudos and
comments. Everything under ``/teams/{team_id}/`` is visible to members only (``TeamInReach``).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from sqlalchemy.orm import Session

from aicoach.api.deps import CurrentPrincipal, DbSession
from aicoach.api.schemas.teams import (
    ChallengeCreate,
    ChallengePublic,
    CommentCreate,
    CommentPublic,
    FeedItemPublic,
    KudosPublic,
    LeaderboardPublic,
    MemberProgressPublic,
    StandingPublic,
    TeamCreate,
    TeamCreatedPublic,
    TeamDetailPublic,
    TeamJoin,
    TeamSummaryPublic,
)
from aicoach.api.team_access import TeamInReach
from aicoach.services import challenges, team_feed, teams
from aicoach.services.team_feed import CommentView
from aicoach.services.teams import TeamAccess
from aicoach.storage.server_tables import ChallengeRow

router = APIRouter(tags=["teams"])

ObjectId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/teams", status_code=status.HTTP_201_CREATED)
def create_team(
    body: TeamCreate, principal: CurrentPrincipal, session: DbSession
) -> TeamCreatedPublic:
    """The creator becomes the owner; the invite code is shown only in this answer."""
    created = teams.create_team(session, principal.user, body.name)
    return TeamCreatedPublic(
        id=created.team.id, name=created.team.name, invite_code=created.invite_code
    )


@router.post("/teams/join")
def join_team(body: TeamJoin, principal: CurrentPrincipal, session: DbSession) -> TeamSummaryPublic:
    access = teams.join_team(session, principal.user, body.invite_code)
    return _summary(session, access)


@router.get("/teams")
def list_teams(principal: CurrentPrincipal, session: DbSession) -> list[TeamSummaryPublic]:
    return [
        TeamSummaryPublic(
            id=team.id,
            name=team.name,
            my_role=member.role,
            member_count=count,
            created_at=team.created_at,
        )
        for team, member, count in teams.teams_of(session, principal.user)
    ]


@router.get("/teams/{team_id}")
def team_detail(
    access: TeamInReach,
    session: DbSession,
    week_start: Annotated[date | None, Query(description="a Monday; default this week")] = None,
) -> TeamDetailPublic:
    """Members and a week's shared progress: this week (of today in the reader's timezone)
    unless ``week_start`` names another Monday."""
    if week_start is None:
        week_start = teams.week_start_of(teams.today_of(session, access.user))
    teams.require_monday(week_start)
    return TeamDetailPublic(
        id=access.team.id,
        name=access.team.name,
        my_role=access.member.role,
        created_at=access.team.created_at,
        week_start=week_start,
        members=[
            MemberProgressPublic(
                user_id=item.member.user_id,
                name=item.member.name,
                role=item.member.role,
                joined_at=item.member.joined_at,
                week_duration_s=item.duration_s,
                week_distance_m=item.distance_m,
                week_active_days=item.active_days,
            )
            for item in teams.week_progress(session, access.team.id, week_start)
        ],
    )


@router.post("/teams/{team_id}/leave", status_code=status.HTTP_204_NO_CONTENT)
def leave_team(access: TeamInReach, session: DbSession) -> None:
    teams.leave_team(session, access)


@router.post("/teams/{team_id}/invite-code")
def rotate_invite_code(access: TeamInReach, session: DbSession) -> TeamCreatedPublic:
    """A new invite code (owner only); the old one stops working."""
    rotated = teams.rotate_invite_code(session, access)
    return TeamCreatedPublic(
        id=rotated.team.id, name=rotated.team.name, invite_code=rotated.invite_code
    )


@router.get("/teams/{team_id}/feed")
def team_feed_items(
    access: TeamInReach,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=team_feed.MAX_FEED_ITEMS)] = 30,
) -> list[FeedItemPublic]:
    items = team_feed.feed(session, access, limit)
    return [FeedItemPublic.model_validate(item, from_attributes=True) for item in items]


@router.post("/teams/{team_id}/challenges", status_code=status.HTTP_201_CREATED)
def create_challenge(
    body: ChallengeCreate, access: TeamInReach, session: DbSession
) -> ChallengePublic:
    row = challenges.create_challenge(
        session,
        access,
        title=body.title,
        kind=challenges.ChallengeKind(body.kind),
        sport=body.sport,
        week_start=body.week_start,
        target=body.target,
    )
    return _challenge(row)


@router.get("/teams/{team_id}/challenges")
def list_challenges(access: TeamInReach, session: DbSession) -> list[ChallengePublic]:
    return [_challenge(row) for row in challenges.list_challenges(session, access)]


@router.get("/teams/{team_id}/challenges/{challenge_id}/leaderboard")
def challenge_leaderboard(
    challenge_id: ObjectId, access: TeamInReach, session: DbSession
) -> LeaderboardPublic:
    row = challenges.get_challenge(session, access, challenge_id)
    distance = row.kind == challenges.ChallengeKind.DISTANCE.value
    return LeaderboardPublic(
        challenge=_challenge(row),
        standings=[
            StandingPublic(
                rank=standing.rank,
                user_id=standing.member.user_id,
                name=standing.member.name,
                distance_km=round(standing.progress, 3) if distance else None,
                active_days=None if distance else int(standing.progress),
                completed=standing.completed,
            )
            for standing in challenges.leaderboard(session, row)
        ],
    )


@router.post("/teams/{team_id}/activities/{activity_id}/kudos")
def give_kudos(activity_id: ObjectId, access: TeamInReach, session: DbSession) -> KudosPublic:
    """Once per user and activity; giving again changes nothing."""
    count = team_feed.give_kudos(session, access, activity_id)
    return KudosPublic(activity_id=activity_id, kudos_count=count, kudos_from_me=True)


@router.post(
    "/teams/{team_id}/activities/{activity_id}/comments", status_code=status.HTTP_201_CREATED
)
def add_comment(
    activity_id: ObjectId, body: CommentCreate, access: TeamInReach, session: DbSession
) -> CommentPublic:
    return _comment(team_feed.add_comment(session, access, activity_id, body.text))


@router.get("/teams/{team_id}/activities/{activity_id}/comments")
def list_comments(
    activity_id: ObjectId, access: TeamInReach, session: DbSession
) -> list[CommentPublic]:
    return [_comment(view) for view in team_feed.comments_on(session, access, activity_id)]


def _summary(session: Session, access: TeamAccess) -> TeamSummaryPublic:
    return TeamSummaryPublic(
        id=access.team.id,
        name=access.team.name,
        my_role=access.member.role,
        member_count=teams.member_count(session, access.team.id),
        created_at=access.team.created_at,
    )


def _challenge(row: ChallengeRow) -> ChallengePublic:
    return ChallengePublic(
        id=row.id,
        team_id=row.team_id,
        title=row.title,
        kind=row.kind,
        sport=row.sport,
        week_start=row.week_start,
        week_end=row.week_start + timedelta(days=6),
        target=row.target,
        created_at=row.created_at,
    )


def _comment(view: CommentView) -> CommentPublic:
    return CommentPublic.model_validate(view, from_attributes=True)
