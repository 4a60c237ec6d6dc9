"""``TeamInReach``: the one membership check of every route under ``/teams/{team_id}/``.

A user who is not a member gets 404, exactly as for a team that does not exist, and the
refusal is audited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from aicoach.api.audit import AuditAction, record_event
from aicoach.api.deps import DbSession, State, require_principal
from aicoach.errors import NotFoundError
from aicoach.services.teams import TeamAccess, team_access


def team_in_reach(
    team_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
    request: Request,
    session: DbSession,
    state: State,
) -> TeamAccess:
    principal = require_principal(request, session)
    try:
        return team_access(session, principal.user, team_id)
    except NotFoundError:
        record_event(
            state.database,
            actor_user_id=principal.user.id,
            subject_athlete_id=None,
            action=AuditAction.DENIED,
            resource=f"{request.method} {request.url.path}",
        )
        raise


TeamInReach = Annotated[TeamAccess, Depends(team_in_reach)]
