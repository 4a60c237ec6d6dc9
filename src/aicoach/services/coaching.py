"""Coach access: a coach invites an athlete, the athlete accepts, either may end it.

Only an active link lets a coach see the athlete. Whether a user may reach an athlete is
decided here, once, for the API and the web pages alike.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from aicoach.errors import ConflictError, NotFoundError, PermissionDeniedError
from aicoach.services.accounts import Role, normalise_email
from aicoach.storage.server_tables import CoachLinkRow, UserRow


class LinkStatus(StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    DECLINED = "declined"
    REVOKED = "revoked"


def may_reach_athlete(session: Session, user: UserRow, athlete_id: int) -> bool:
    """The user's own athlete, or one whose coach they are by an accepted invitation."""
    if user.athlete_id == athlete_id:
        return True
    if user.role != Role.COACH.value:
        return False
    statement = select(CoachLinkRow.id).where(
        CoachLinkRow.coach_user_id == user.id,
        CoachLinkRow.athlete_id == athlete_id,
        CoachLinkRow.status == LinkStatus.ACTIVE.value,
    )
    return session.scalar(statement) is not None


def invite_athlete(session: Session, coach: UserRow, athlete_email: str) -> CoachLinkRow:
    """A pending invitation from ``coach`` to the athlete registered with ``athlete_email``.

    An unknown e-mail is refused with the same wording as a known one that cannot be invited,
    so the invitation form does not reveal who is registered.
    """
    if coach.role != Role.COACH.value:
        raise PermissionDeniedError("only a coach account can invite athletes")
    email = normalise_email(athlete_email)
    athlete_user = session.scalar(select(UserRow).where(UserRow.email == email))
    if athlete_user is None or athlete_user.id == coach.id:
        raise NotFoundError(f"no athlete to invite at {email}", kind="user", identifier=email)
    link = _link(session, coach.id, athlete_user.athlete_id)
    if link is not None and link.status in {LinkStatus.ACTIVE.value, LinkStatus.INVITED.value}:
        raise ConflictError(f"{email} is already invited or coached by you")
    if link is None:
        link = CoachLinkRow(coach_user_id=coach.id, athlete_id=athlete_user.athlete_id)
        session.add(link)
    link.status = LinkStatus.INVITED.value
    link.invited_at = datetime.now(UTC)
    link.answered_at = link.revoked_at = None
    session.flush()
    return link


def answer_invitation(
    session: Session, athlete: UserRow, link_id: int, accept: bool
) -> CoachLinkRow:
    link = _athletes_link(session, athlete, link_id)
    if link.status != LinkStatus.INVITED.value:
        raise ConflictError(f"invitation {link_id} is {link.status}, not open")
    link.status = (LinkStatus.ACTIVE if accept else LinkStatus.DECLINED).value
    link.answered_at = datetime.now(UTC)
    return link


def end_link(session: Session, user: UserRow, link_id: int) -> CoachLinkRow:
    """The athlete revokes a coach, or the coach steps back; access ends at once."""
    link = session.get(CoachLinkRow, link_id)
    if link is None or (user.id != link.coach_user_id and user.athlete_id != link.athlete_id):
        raise NotFoundError("no such coach link", kind="coach_link", identifier=str(link_id))
    link.status = LinkStatus.REVOKED.value
    link.revoked_at = datetime.now(UTC)
    return link


def links_of_athlete(session: Session, athlete: UserRow) -> list[CoachLinkRow]:
    statement = (
        select(CoachLinkRow)
        .where(CoachLinkRow.athlete_id == athlete.athlete_id)
        .order_by(CoachLinkRow.id)
    )
    return list(session.scalars(statement))


def links_of_coach(session: Session, coach: UserRow) -> list[CoachLinkRow]:
    statement = (
        select(CoachLinkRow).where(CoachLinkRow.coach_user_id == coach.id).order_by(CoachLinkRow.id)
    )
    return list(session.scalars(statement))


def coached_athlete_ids(session: Session, coach: UserRow) -> list[int]:
    statement = select(CoachLinkRow.athlete_id).where(
        CoachLinkRow.coach_user_id == coach.id, CoachLinkRow.status == LinkStatus.ACTIVE.value
    )
    return list(session.scalars(statement))


def _athletes_link(session: Session, athlete: UserRow, link_id: int) -> CoachLinkRow:
    link = session.get(CoachLinkRow, link_id)
    if link is None or link.athlete_id != athlete.athlete_id:
        raise NotFoundError("no such invitation", kind="coach_link", identifier=str(link_id))
    return link


def _link(session: Session, coach_user_id: int, athlete_id: int) -> CoachLinkRow | None:
    statement = select(CoachLinkRow).where(
        CoachLinkRow.coach_user_id == coach_user_id, CoachLinkRow.athlete_id == athlete_id
    )
    return session.scalar(statement)
