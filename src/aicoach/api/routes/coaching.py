"""Coach links: a coach invites, the athlete accepts or declines, either side ends it."""

from __future__ import annotations

from fastapi import APIRouter, status
from sqlalchemy.orm import Session

from aicoach.api.deps import CurrentPrincipal, DbSession
from aicoach.api.schemas.accounts import CoachLinkPublic, InvitationAnswer, InvitationCreate
from aicoach.services import coaching
from aicoach.storage.server_tables import CoachLinkRow, UserRow
from aicoach.storage.tables import AthleteRow

router = APIRouter(tags=["coaching"])


def link_public(session: Session, link: CoachLinkRow) -> CoachLinkPublic:
    coach = session.get_one(UserRow, link.coach_user_id)
    athlete = session.get_one(AthleteRow, link.athlete_id)
    return CoachLinkPublic(
        id=link.id,
        coach_user_id=coach.id,
        coach_email=coach.email,
        athlete_id=athlete.id,
        athlete_name=athlete.name,
        status=link.status,
        invited_at=link.invited_at,
        answered_at=link.answered_at,
        revoked_at=link.revoked_at,
    )


@router.post("/coaching/invitations", status_code=status.HTTP_201_CREATED)
def invite(
    body: InvitationCreate, principal: CurrentPrincipal, session: DbSession
) -> CoachLinkPublic:
    """A coach invites a registered athlete by e-mail; nothing is visible until they accept."""
    link = coaching.invite_athlete(session, principal.user, body.athlete_email)
    return link_public(session, link)


@router.get("/coaching/links")
def list_links(principal: CurrentPrincipal, session: DbSession) -> list[CoachLinkPublic]:
    """Links where the user is the coach or the athlete, in every state."""
    links = {link.id: link for link in coaching.links_of_athlete(session, principal.user)}
    links.update({link.id: link for link in coaching.links_of_coach(session, principal.user)})
    return [link_public(session, links[key]) for key in sorted(links)]


@router.post("/coaching/links/{link_id}/answer")
def answer(
    link_id: int, body: InvitationAnswer, principal: CurrentPrincipal, session: DbSession
) -> CoachLinkPublic:
    link = coaching.answer_invitation(session, principal.user, link_id, body.accept)
    return link_public(session, link)


@router.post("/coaching/links/{link_id}/revoke")
def revoke(link_id: int, principal: CurrentPrincipal, session: DbSession) -> CoachLinkPublic:
    """Ends the coach's access at once (the athlete or the coach may do it)."""
    link = coaching.end_link(session, principal.user, link_id)
    return link_public(session, link)
