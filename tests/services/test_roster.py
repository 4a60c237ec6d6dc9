"""The roster's numbers are the engine's numbers, for many athletes at once."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from sqlalchemy.orm import Session

from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.domain.athlete import AthleteProfile
from aicoach.domain.plan import (
    Intensity,
    Phase,
    Plan,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    SessionType,
)
from aicoach.domain.session import ManualSession
from aicoach.domain.wellness import WellnessEntry
from aicoach.errors import PermissionDeniedError
from aicoach.planning.plan_json import plan_to_json
from aicoach.services.metrics_view import metrics_report
from aicoach.services.roster import RosterEntry, coach_roster
from aicoach.services.training_history import athlete_series
from aicoach.storage import alerts as alert_store
from aicoach.storage.activities import add_activity
from aicoach.storage.athletes import add_athlete
from aicoach.storage.database import Database
from aicoach.storage.plans import save_plan
from aicoach.storage.server_tables import CoachLinkRow, UserRow
from aicoach.storage.sessions import add_manual_session
from aicoach.storage.tables import AthleteRow
from aicoach.storage.wellness import upsert_wellness

NOW = datetime(2026, 3, 20, 11, 0, tzinfo=UTC)
TODAY = NOW.date()


def ride(start: datetime, duration_s: int, sport: Sport = Sport.CYCLING) -> Activity:
    """A ride with a varying power stream, so that its TSS depends on the profile's FTP."""
    time_s = np.arange(duration_s, dtype=np.float64)
    power = 170.0 + 80.0 * np.sin(time_s / 83.0) + 0.02 * time_s
    return Activity(
        sport=sport,
        start_time=start,
        source_format="fit",
        elapsed_s=float(duration_s),
        timer_s=float(duration_s),
        distance_m=duration_s * 8.0,
        streams={StreamChannel.TIME_S: time_s, StreamChannel.POWER_W: power},
    )


def store(session: Session, athlete_id: int, activity: Activity) -> None:
    digest = hashlib.sha256(f"{athlete_id}{activity.start_time}".encode()).hexdigest()
    add_activity(
        session, athlete_id, activity, source_name="r.fit", source_sha256=digest, recovery_notes=[]
    )


def athlete(session: Session, name: str, timezone: str = "UTC") -> AthleteRow:
    return add_athlete(session, AthleteProfile(name=name, ftp_w=240, timezone=timezone))


def user(session: Session, athlete_row: AthleteRow, role: str) -> UserRow:
    row = UserRow(
        email=f"{athlete_row.name.lower()}@example.org",
        password_hash="-",
        role=role,
        athlete_id=athlete_row.id,
    )
    session.add(row)
    session.flush()
    return row


def link(session: Session, coach: UserRow, athlete_row: AthleteRow, status: str) -> None:
    session.add(CoachLinkRow(coach_user_id=coach.id, athlete_id=athlete_row.id, status=status))
    session.flush()


def by_name(entries: list[RosterEntry]) -> dict[str, RosterEntry]:
    return {entry.name: entry for entry in entries}


def test_roster_values_equal_the_engine_for_athletes_in_different_timezones(
    database: Database,
) -> None:
    with database.sessions.begin() as session:
        coach = user(session, athlete(session, "Coach"), "coach")
        zones = {"Ada": "Pacific/Auckland", "Bea": "America/Los_Angeles", "Cy": "UTC"}
        for index, (name, zone) in enumerate(zones.items()):
            row = athlete(session, name, zone)
            link(session, coach, row, "active")
            for day in range(60 - 15 * index):
                if day % 3 == 2:
                    continue
                start = NOW - timedelta(days=day, hours=index * 5)
                store(session, row.id, ride(start, 1200 + 300 * (day % 4)))
            upsert_wellness(
                session, row.id, WellnessEntry(TODAY - timedelta(days=70), resting_hr_bpm=50)
            )
            add_manual_session(
                session,
                row.id,
                ManualSession(TODAY - timedelta(days=2), Sport.STRENGTH, 2400.0, 6.0),
            )
    with database.sessions.begin() as session:
        coach = session.get_one(UserRow, 1)
        entries = by_name(coach_roster(session, coach, now=NOW))
        assert sorted(entries) == ["Ada", "Bea", "Cy"]
        for name, zone in zones.items():
            row = session.get_one(AthleteRow, entries[name].athlete_id)
            today = NOW.astimezone(ZoneInfo(zone)).date()
            report = metrics_report(session, name, last_day=today)
            current = report["current"]
            entry = entries[name]
            assert current["ctl"] is not None and current["ctl"] > 10
            for key in ("ctl", "atl", "tsb", "acwr"):
                assert getattr(entry, key) == pytest.approx(current[key], abs=1e-4), (name, key)
            loads = [day["load"] for day in report["daily"][-7:]]
            assert entry.load_7d == pytest.approx(sum(loads), abs=1e-3)
            computed = athlete_series(session, row, last_day=today)
            assert computed is not None
            assert entry.load_7d == pytest.approx(float(np.sum(computed[1].load[-7:])), abs=1e-3)


def test_minutes_last_activity_and_missing_values(database: Database) -> None:
    with database.sessions.begin() as session:
        coach = user(session, athlete(session, "Coach"), "coach")
        busy = athlete(session, "Busy")
        short = athlete(session, "Short")
        empty = athlete(session, "Empty")
        for row in (busy, short, empty):
            link(session, coach, row, "active")
        store(session, busy.id, ride(NOW - timedelta(hours=2), 1800))  # today
        store(session, busy.id, ride(NOW - timedelta(days=6, hours=2), 600))  # 7th day back
        store(session, busy.id, ride(NOW - timedelta(days=7, hours=2), 3000))  # 8th: outside
        add_manual_session(
            session, busy.id, ManualSession(TODAY - timedelta(days=1), Sport.STRENGTH, 1200.0, 5.0)
        )
        upsert_wellness(
            session, busy.id, WellnessEntry(TODAY - timedelta(days=40), resting_hr_bpm=48)
        )
        store(session, short.id, ride(NOW - timedelta(days=3), 1800))
        entries = by_name(coach_roster(session, coach, now=NOW))
    assert entries["Busy"].minutes_7d == 60.0  # 30 + 10 + 20 (logged)
    assert entries["Busy"].last_activity_at == NOW - timedelta(hours=2)
    assert entries["Busy"].acwr is not None  # 41 days of history
    assert entries["Short"].ctl is not None and entries["Short"].acwr is None  # warming up
    assert entries["Short"].minutes_7d == 30.0
    empty_entry = entries["Empty"]
    assert (empty_entry.ctl, empty_entry.atl, empty_entry.tsb, empty_entry.acwr) == (None,) * 4
    assert (empty_entry.load_7d, empty_entry.minutes_7d, empty_entry.last_activity_at) == (
        None,
    ) * 3
    assert empty_entry.compliance_pct_28d is None and empty_entry.open_alerts == ()


def planned(day: date, sport: Sport, kind: SessionType) -> PlannedSession:
    if kind is SessionType.REST:
        return PlannedSession(day, sport, kind, Intensity.REST, 0.0, 0.0)
    return PlannedSession(day, sport, kind, Intensity.EASY, 45.0, 40.0)


def noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def test_compliance_counts_planned_sessions_done_in_the_last_28_days(database: Database) -> None:
    days = [TODAY - timedelta(days=offset) for offset in (30, 20, 15, 10, 5, 3, 1)]
    sessions = (
        planned(days[0], Sport.RUNNING, SessionType.EASY_RUN),  # outside the window
        planned(days[1], Sport.RUNNING, SessionType.EASY_RUN),  # done as a walk: counts
        planned(days[2], Sport.CYCLING, SessionType.ENDURANCE_RIDE),  # done
        planned(days[3], Sport.RUNNING, SessionType.LONG_RUN),  # a ride that day: missed
        planned(days[4], Sport.STRENGTH, SessionType.STRENGTH),  # logged strength: done
        planned(days[5], Sport.RUNNING, SessionType.REST),  # rest: not counted
        planned(days[6], Sport.RUNNING, SessionType.TEMPO_RUN),  # nothing: missed
        planned(TODAY, Sport.RUNNING, SessionType.EASY_RUN),  # today: not yet due
    )
    plan = Plan(
        PlanGoal.TEN_K,
        days[0],
        (PlanWeek(1, days[0], Phase.BASE, sum(s.load for s in sessions), sessions),),
    )
    with database.sessions.begin() as session:
        coach = user(session, athlete(session, "Coach"), "coach")
        ada = athlete(session, "Ada")
        bob = athlete(session, "Bob")
        link(session, coach, ada, "active")
        link(session, coach, bob, "active")
        save_plan(session, ada.id, "10k", plan_to_json(plan))
        store(session, ada.id, ride(noon(days[0]), 600, Sport.RUNNING))
        store(session, ada.id, ride(noon(days[1]), 600, Sport.WALKING))
        store(session, ada.id, ride(noon(days[2]), 600))
        store(session, ada.id, ride(noon(days[3]), 600))
        add_manual_session(session, ada.id, ManualSession(days[4], Sport.STRENGTH, 1800.0, 6.0))
        store(session, bob.id, ride(noon(days[2]), 600))
        entries = by_name(coach_roster(session, coach, now=NOW))
    assert entries["Ada"].compliance_pct_28d == 60.0  # 3 of 5
    assert entries["Bob"].compliance_pct_28d is None  # no plan


def test_roster_lists_active_links_only_with_open_alerts(database: Database) -> None:
    with database.sessions.begin() as session:
        coach = user(session, athlete(session, "Coach"), "coach")
        other_coach = user(session, athlete(session, "Other"), "coach")
        kinds = {
            "Active": "active",
            "Invited": "invited",
            "Declined": "declined",
            "Revoked": "revoked",
        }
        rows = {name: athlete(session, name) for name in kinds}
        for name, status in kinds.items():
            link(session, coach, rows[name], status)
        link(session, other_coach, athlete(session, "Elsewhere"), "active")
        records = [
            alert_store.AlertRecord(
                TODAY - timedelta(days=1), "acwr_out_of_range", "warning", "ACWR 1.62", {}
            ),
            alert_store.AlertRecord(
                TODAY - timedelta(days=2), "sleep_debt", "info", "sleep debt 6 h", {}
            ),
            alert_store.AlertRecord(TODAY + timedelta(days=1), "sleep_debt", "info", "future", {}),
        ]
        alert_store.save_alerts(session, rows["Active"].id, records, evaluated_through=TODAY)
        seen = alert_store.list_alerts(session, rows["Active"].id)
        sleep = next(a for a in seen if a.message == "sleep debt 6 h")
        alert_store.acknowledge_alert(session, rows["Active"].id, sleep.id)
        entries = coach_roster(session, coach, now=NOW)
        assert [e.name for e in entries] == ["Active"]
        assert [(a.severity, a.rule, a.message) for a in entries[0].open_alerts] == [
            ("warning", "acwr_out_of_range", "ACWR 1.62")
        ]
        assert [e.name for e in coach_roster(session, other_coach, now=NOW)] == ["Elsewhere"]
        athlete_user = user(session, rows["Active"], "athlete")
        with pytest.raises(PermissionDeniedError):
            coach_roster(session, athlete_user, now=NOW)
