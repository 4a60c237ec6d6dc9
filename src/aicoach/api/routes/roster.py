"""The coach's roster: every athlete who accepted the coach, with today's numbers."""

from __future__ import annotations

from fastapi import APIRouter

from aicoach.api.deps import CurrentPrincipal, DbSession
from aicoach.api.schemas.roster import RosterAlertPublic, RosterEntryPublic
from aicoach.services.roster import coach_roster

router = APIRouter(tags=["roster"])


@router.get("/coaching/roster")
def roster(principal: CurrentPrincipal, session: DbSession) -> list[RosterEntryPublic]:
    """Coach accounts only (403 otherwise); athletes appear while their link is active."""
    return [
        RosterEntryPublic(
            athlete_id=entry.athlete_id,
            name=entry.name,
            open_alerts=[
                RosterAlertPublic(
                    date=alert.day, severity=alert.severity, rule=alert.rule, message=alert.message
                )
                for alert in entry.open_alerts
            ],
            ctl=entry.ctl,
            atl=entry.atl,
            tsb=entry.tsb,
            acwr=entry.acwr,
            load_7d=entry.load_7d,
            minutes_7d=entry.minutes_7d,
            compliance_pct_28d=entry.compliance_pct_28d,
            last_activity_at=entry.last_activity_at,
        )
        for entry in coach_roster(session, principal.user)
    ]
