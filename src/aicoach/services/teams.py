"""Teams: groups whose members see each other's training summaries, and nobody else does.

A team is created by a user, who becomes its owner, and joined with an invite code. The code
is a random 72-bit value shown once to the owner; only its SHA-256 is stored, so a copy of the
database does not let anyone join, and the owner may rotate it. Whether a user reaches a team
is decided here (``team_access``): a non-member gets "not found", exactly like for a team that
does not exist.

Shared progress counts each member's activities and logged sessions on their own local days
(the athlete's timezone); distance comes from activities and logged sessions that have one.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aicoach.errors import DataError, NotFoundError, PermissionDeniedError, UserError
from aicoach.storage.server_tables import TeamMemberRow, TeamRow, UserRow
from aicoach.storage.tables import ActivityRow, AthleteRow, ManualSessionRow

INVITE_CODE_BYTES = 9
"""72 random bits: 12 URL-safe characters."""
MAX_MEMBERS = 200
NOT_FOUND = "not found"


class TeamRole(StrEnum):
    OWNER = "owner"
    MEMBER = "member"


@dataclass(frozen=True, slots=True)
class TeamAccess:
    """A user's membership of a team, as every team route receives it."""

    team: TeamRow
    member: TeamMemberRow
    user: UserRow

    @property
    def is_owner(self) -> bool:
        return self.member.role == TeamRole.OWNER.value


@dataclass(frozen=True, slots=True)
class NewTeam:
    team: TeamRow
    invite_code: str
    """Shown once; only its hash is stored."""


@dataclass(frozen=True, slots=True)
class Member:
    """A current member: who they are and the athlete whose training they share."""

    user_id: int
    athlete_id: int
    name: str
    timezone: str
    role: str
    joined_at: datetime


@dataclass(frozen=True, slots=True)
class DayTraining:
    """One activity or logged session of a member on a local day."""

    user_id: int
    day: date
    sport: str
    duration_s: float | None
    distance_m: float | None


@dataclass(frozen=True, slots=True)
class WeekProgress:
    member: Member
    duration_s: float
    distance_m: float
    active_days: int


def hash_invite_code(code: str) -> str:
    return hashlib.sha256(code.strip().encode()).hexdigest()


def create_team(session: Session, user: UserRow, name: str) -> NewTeam:
    code = _new_code()
    team = TeamRow(name=name, invite_code_sha256=hash_invite_code(code), created_by_user_id=user.id)
    session.add(team)
    session.flush()
    session.add(TeamMemberRow(team_id=team.id, user_id=user.id, role=TeamRole.OWNER.value))
    session.flush()
    return NewTeam(team, code)


def rotate_invite_code(session: Session, access: TeamAccess) -> NewTeam:
    """A fresh code for the team; the old one stops working at once. Owner only."""
    if not access.is_owner:
        raise PermissionDeniedError("only the team's owner can change its invite code")
    code = _new_code()
    access.team.invite_code_sha256 = hash_invite_code(code)
    session.flush()
    return NewTeam(access.team, code)


def join_team(session: Session, user: UserRow, invite_code: str) -> TeamAccess:
    """Join the team of this code; joining a team one is already in changes nothing."""
    team = session.scalar(
        select(TeamRow).where(TeamRow.invite_code_sha256 == hash_invite_code(invite_code))
    )
    if team is None:
        raise NotFoundError("no team has this invite code", kind="team")
    member = _membership(session, team.id, user.id)
    if member is None:
        if member_count(session, team.id) >= MAX_MEMBERS:
            raise UserError(f"this team is full ({MAX_MEMBERS} members)")
        member = TeamMemberRow(team_id=team.id, user_id=user.id, role=TeamRole.MEMBER.value)
        session.add(member)
        session.flush()
    return TeamAccess(team, member, user)


def leave_team(session: Session, access: TeamAccess) -> None:
    """Leave; an owner's role passes to the longest-standing member, an empty team is deleted."""
    session.delete(access.member)
    session.flush()
    remaining = session.scalars(
        select(TeamMemberRow)
        .where(TeamMemberRow.team_id == access.team.id)
        .order_by(TeamMemberRow.joined_at, TeamMemberRow.id)
    ).all()
    if not remaining:
        session.delete(access.team)
    elif access.is_owner and not any(m.role == TeamRole.OWNER.value for m in remaining):
        remaining[0].role = TeamRole.OWNER.value
    session.flush()


def team_access(session: Session, user: UserRow, team_id: int) -> TeamAccess:
    """The user's membership of the team; "not found" for non-members and missing teams."""
    team = session.get(TeamRow, team_id)
    member = _membership(session, team_id, user.id) if team is not None else None
    if team is None or member is None:
        raise NotFoundError(NOT_FOUND, kind="team", identifier=str(team_id))
    return TeamAccess(team, member, user)


def teams_of(session: Session, user: UserRow) -> list[tuple[TeamRow, TeamMemberRow, int]]:
    """The user's teams with their membership and member count, by name."""
    counts = (
        select(TeamMemberRow.team_id, func.count().label("members"))
        .group_by(TeamMemberRow.team_id)
        .subquery()
    )
    rows = session.execute(
        select(TeamRow, TeamMemberRow, counts.c.members)
        .join(TeamMemberRow, TeamMemberRow.team_id == TeamRow.id)
        .join(counts, counts.c.team_id == TeamRow.id)
        .where(TeamMemberRow.user_id == user.id)
        .order_by(TeamRow.name, TeamRow.id)
    ).all()
    return [(team, member, int(count)) for team, member, count in rows]


def member_count(session: Session, team_id: int) -> int:
    count = session.scalar(
        select(func.count()).select_from(TeamMemberRow).where(TeamMemberRow.team_id == team_id)
    )
    return int(count or 0)


def members_of(session: Session, team_id: int) -> list[Member]:
    rows = session.execute(
        select(TeamMemberRow, UserRow.athlete_id, AthleteRow.name, AthleteRow.timezone)
        .join(UserRow, UserRow.id == TeamMemberRow.user_id)
        .join(AthleteRow, AthleteRow.id == UserRow.athlete_id)
        .where(TeamMemberRow.team_id == team_id)
        .order_by(AthleteRow.name, TeamMemberRow.user_id)
    ).all()
    return [
        Member(member.user_id, athlete_id, name, timezone, member.role, member.joined_at)
        for member, athlete_id, name, timezone in rows
    ]


def week_start_of(day: date) -> date:
    """The Monday of the week of ``day``."""
    return day - timedelta(days=day.weekday())


def require_monday(day: date) -> date:
    if day.weekday() != 0:
        raise DataError(f"week_start must be a Monday, not a {day:%A}", field="week_start")
    return day


def today_of(session: Session, user: UserRow) -> date:
    """Today in the user's own timezone."""
    athlete = session.get_one(AthleteRow, user.athlete_id)
    return datetime.now(ZoneInfo(athlete.timezone)).date()


def training_between(
    session: Session, members: Iterable[Member], first_day: date, last_day: date
) -> list[DayTraining]:
    """Activities and logged sessions of the members on local days ``first_day..last_day``.

    Two queries for all members: activities in a UTC window a day wider on each side, then
    kept by each member's own local day; logged sessions by their day.
    """
    by_athlete = {member.athlete_id: member for member in members}
    if not by_athlete:
        return []
    start = datetime.combine(first_day - timedelta(days=1), time.min, tzinfo=UTC)
    end = datetime.combine(last_day + timedelta(days=2), time.min, tzinfo=UTC)
    found: list[DayTraining] = []
    activities = session.execute(
        select(
            ActivityRow.athlete_id,
            ActivityRow.start_time,
            ActivityRow.sport,
            ActivityRow.timer_s,
            ActivityRow.elapsed_s,
            ActivityRow.distance_m,
        ).where(
            ActivityRow.athlete_id.in_(by_athlete),
            ActivityRow.start_time >= start,
            ActivityRow.start_time < end,
        )
    ).all()
    for athlete_id, start_time, sport, timer_s, elapsed_s, distance_m in activities:
        member = by_athlete[athlete_id]
        day = start_time.astimezone(ZoneInfo(member.timezone)).date()
        if first_day <= day <= last_day:
            duration = timer_s if timer_s is not None else elapsed_s
            found.append(DayTraining(member.user_id, day, sport, duration, distance_m))
    manual = session.execute(
        select(
            ManualSessionRow.athlete_id,
            ManualSessionRow.day,
            ManualSessionRow.sport,
            ManualSessionRow.duration_s,
            ManualSessionRow.distance_m,
        ).where(
            ManualSessionRow.athlete_id.in_(by_athlete),
            ManualSessionRow.day >= first_day,
            ManualSessionRow.day <= last_day,
        )
    ).all()
    for athlete_id, day, sport, duration_s, distance_m in manual:
        found.append(
            DayTraining(by_athlete[athlete_id].user_id, day, sport, duration_s, distance_m)
        )
    return found


def week_progress(session: Session, team_id: int, week_start: date) -> list[WeekProgress]:
    """Each current member's minutes, distance and active days in the week from ``week_start``."""
    members = members_of(session, team_id)
    training = training_between(session, members, week_start, week_start + timedelta(days=6))
    progress = []
    for member in members:
        own = [item for item in training if item.user_id == member.user_id]
        progress.append(
            WeekProgress(
                member,
                duration_s=sum(item.duration_s or 0.0 for item in own),
                distance_m=sum(item.distance_m or 0.0 for item in own),
                active_days=len({item.day for item in own}),
            )
        )
    return progress


def _membership(session: Session, team_id: int, user_id: int) -> TeamMemberRow | None:
    return session.scalar(
        select(TeamMemberRow).where(
            TeamMemberRow.team_id == team_id, TeamMemberRow.user_id == user_id
        )
    )


def _new_code() -> str:
    return secrets.token_urlsafe(INVITE_CODE_BYTES)
