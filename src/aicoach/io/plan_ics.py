"""Export a training plan as an iCalendar (.ics, RFC 5545) file, written with ``icalendar``.

Each non-rest session becomes one all-day event on its local day (``DTSTART;VALUE=DATE``,
``DTEND`` the next day), shown as free time. Its summary is the session headline
(``Tempo run · 50 min · 9.0 km``); its description lists intensity, load, the steps and the
exercises in words (``plan_describe``); its category is the sport.

UIDs are stable: a hash of the athlete, the plan's goal and start, and the session's day,
type and index among that day's sessions. Exporting an adapted plan again therefore updates
the events a calendar already holds instead of duplicating them.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from aicoach.domain.plan import Plan, PlannedSession, SessionType
from aicoach.errors import UserError
from aicoach.io.plan_describe import (
    SEPARATOR,
    exercise_text,
    session_facts,
    session_headline,
    steps_text,
)

PRODID = "-//aicoach//Training plan export//EN"
UID_DOMAIN = "aicoach"
UID_HEX_CHARS = 32


def plan_to_ics(
    plan: Plan,
    athlete_name: str,
    timezone: str,
    generated_at: datetime | None = None,
) -> bytes:
    """The plan as iCalendar bytes: one all-day event per session that is not a rest day.

    ``timezone`` is the athlete's IANA zone (e.g. 'Europe/Berlin'), published as the
    calendar's ``X-WR-TIMEZONE``; ``generated_at`` (timezone-aware, default now) is every
    event's ``DTSTAMP``. Raises ``UserError`` for an unknown zone or a naive ``generated_at``.
    """
    _check_timezone(timezone)
    stamp_utc = _stamp_utc(generated_at)
    calendar = _calendar(plan, athlete_name, timezone)
    for session, index_in_day in _indexed_sessions(plan):
        if session.session_type is SessionType.REST:
            continue
        uid = session_uid(plan, athlete_name, session, index_in_day)
        calendar.add_component(_event(session, uid, stamp_utc))
    return bytes(calendar.to_ical())


def session_uid(plan: Plan, athlete_name: str, session: PlannedSession, index_in_day: int) -> str:
    """A stable event UID for the ``index_in_day``-th session of ``session.day`` in ``plan``."""
    key = "|".join(
        (
            athlete_name,
            plan.goal.value,
            plan.start.isoformat(),
            session.day.isoformat(),
            session.session_type.value,
            str(index_in_day),
        )
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:UID_HEX_CHARS]
    return f"{digest}@{UID_DOMAIN}"


def session_description(session: PlannedSession) -> str:
    """The event description: facts, steps, exercises and the session's note, one per line."""
    lines = [SEPARATOR.join(session_facts(session))]
    if session.steps:
        lines.append(f"Steps: {steps_text(session.steps)}")
    lines.extend(exercise_text(exercise) for exercise in session.exercises)
    if session.note:
        lines.append(f"Note: {session.note}")
    return "\n".join(lines)


def _calendar(plan: Plan, athlete_name: str, timezone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{athlete_name}: {plan.goal.value} plan")
    calendar.add("x-wr-timezone", timezone)
    return calendar


def _event(session: PlannedSession, uid: str, stamp_utc: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp_utc)
    event.add("dtstart", session.day)
    event.add("dtend", session.day + timedelta(days=1))
    event.add("summary", session_headline(session))
    event.add("description", session_description(session))
    event.add("categories", [session.sport.value])
    event.add("transp", "TRANSPARENT")
    return event


def _indexed_sessions(plan: Plan) -> list[tuple[PlannedSession, int]]:
    """Every session with its index among the sessions of its day, in plan order."""
    seen: Counter[date] = Counter()
    indexed: list[tuple[PlannedSession, int]] = []
    for session in plan.sessions:
        indexed.append((session, seen[session.day]))
        seen[session.day] += 1
    return indexed


def _check_timezone(timezone: str) -> None:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise UserError(f"Unknown time zone '{timezone}'; use an IANA name.") from error


def _stamp_utc(generated_at: datetime | None) -> datetime:
    if generated_at is None:
        return datetime.now(UTC)
    if generated_at.tzinfo is None:
        raise UserError("generated_at must be timezone-aware.")
    return generated_at.astimezone(UTC)
