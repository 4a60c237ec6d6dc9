"""Team services: membership, local-day weeks, ranking with ties, and visibility of kudos."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy.orm import Session

from aicoach.domain.activity import Activity, Sport, StreamChannel
from aicoach.domain.athlete import AthleteProfile
from aicoach.errors import DataError, NotFoundError, PermissionDeniedError
from aicoach.services import challenges, team_feed, teams
from aicoach.storage.activities import add_activity
from aicoach.storage.athletes import add_athlete
from aicoach.storage.database import Database
from aicoach.storage.server_tables import ChallengeRow, UserRow

WEEK = date(2026, 3, 2)


def user(session: Session, name: str, timezone: str = "UTC") -> UserRow:
    athlete = add_athlete(session, AthleteProfile(name=name, timezone=timezone))
    row = UserRow(email=f"{name}@example.org", password_hash="-", athlete_id=athlete.id)
    session.add(row)
    session.flush()
    return row


def run(session: Session, who: UserRow, start: datetime, distance_m: float) -> int:
    time_s = np.arange(600, dtype=np.float64)
    activity = Activity(
        sport=Sport.RUNNING,
        start_time=start,
        source_format="fit",
        timer_s=600.0,
        distance_m=distance_m,
        streams={StreamChannel.TIME_S: time_s},
    )
    digest = hashlib.sha256(f"{who.id}{start}".encode()).hexdigest()
    row = add_activity(
        session, who.athlete_id, activity, source_name="r", source_sha256=digest, recovery_notes=[]
    )
    return row.id


def test_weeks_are_counted_in_each_members_local_days(database: Database) -> None:
    with database.sessions.begin() as session:
        kiwi = user(session, "kiwi", "Pacific/Auckland")  # UTC+13 in March
        london = user(session, "london", "Europe/London")  # UTC+0 in March
        created = teams.create_team(session, kiwi, "Tasman")
        teams.join_team(session, london, created.invite_code)
        sunday_night_utc = datetime(2026, 3, 1, 20, 0, tzinfo=UTC)  # Monday 09:00 in Auckland
        run(session, kiwi, sunday_night_utc, 5000.0)
        run(session, london, sunday_night_utc, 7000.0)  # Sunday in London: the week before
        run(session, london, datetime(2026, 3, 8, 23, 30, tzinfo=UTC), 3000.0)  # Sunday night
        progress = {p.member.name: p for p in teams.week_progress(session, created.team.id, WEEK)}
    assert (progress["kiwi"].distance_m, progress["kiwi"].active_days) == (5000.0, 1)
    assert (progress["london"].distance_m, progress["london"].active_days) == (3000.0, 1)
    assert progress["kiwi"].duration_s == 600.0


def test_membership_codes_and_ownership(database: Database) -> None:
    with database.sessions.begin() as session:
        ann, ben, cy = user(session, "ann"), user(session, "ben"), user(session, "cy")
        created = teams.create_team(session, ann, "A")
        assert (
            created.team.invite_code_sha256
            == hashlib.sha256(created.invite_code.encode()).hexdigest()
        )
        with pytest.raises(NotFoundError):
            teams.team_access(session, ben, created.team.id)
        joined = teams.join_team(session, ben, created.invite_code)
        assert not joined.is_owner and teams.team_access(session, ben, created.team.id)
        with pytest.raises(PermissionDeniedError):
            teams.rotate_invite_code(session, joined)
        rotated = teams.rotate_invite_code(
            session, teams.team_access(session, ann, created.team.id)
        )
        with pytest.raises(NotFoundError):
            teams.join_team(session, cy, created.invite_code)
        teams.join_team(session, cy, rotated.invite_code)
        teams.leave_team(session, teams.team_access(session, ann, created.team.id))
        roles = {m.name: m.role for m in teams.members_of(session, created.team.id)}
        assert roles == {"ben": "owner", "cy": "member"}
        assert [team.name for team, _, count in teams.teams_of(session, cy) if count == 2] == ["A"]


def member(user_id: int, name: str) -> teams.Member:
    return teams.Member(user_id, user_id, name, "UTC", "member", datetime(2026, 1, 1, tzinfo=UTC))


def test_ranking_shares_ranks_on_ties_and_marks_completion() -> None:
    members = [member(1, "a"), member(2, "b"), member(3, "c"), member(4, "d")]
    progress = {1: 5.0, 2: 12.5, 3: 5.0, 4: 0.0}
    standings = challenges.ranked(members, progress, target=5.0)
    assert [(s.rank, s.member.name, s.progress, s.completed) for s in standings] == [
        (1, "b", 12.5, True),
        (2, "a", 5.0, True),
        (2, "c", 5.0, True),
        (4, "d", 0.0, False),
    ]
    # 0.1 + 0.2 km and 0.3 km are the same distance, not two ranks
    tied = challenges.ranked(members[:2], {1: 0.1 + 0.2, 2: 0.3}, target=1.0)
    assert [s.rank for s in tied] == [1, 1]


def test_challenges_need_a_monday_and_a_positive_target(database: Database) -> None:
    with database.sessions.begin() as session:
        ann = user(session, "ann")
        access = teams.team_access(session, ann, teams.create_team(session, ann, "A").team.id)

        def make(week_start: date, target: float) -> ChallengeRow:
            return challenges.create_challenge(
                session,
                access,
                title="t",
                kind=challenges.ChallengeKind.DISTANCE,
                sport=None,
                week_start=week_start,
                target=target,
            )

        with pytest.raises(DataError, match="Monday"):
            make(WEEK + timedelta(days=2), 5)
        with pytest.raises(DataError, match="above 0"):
            make(WEEK, 0)
        row = make(WEEK, 5)
        other = user(session, "bob")
        other_access = teams.team_access(
            session, other, teams.create_team(session, other, "B").team.id
        )
        with pytest.raises(NotFoundError):
            challenges.get_challenge(session, other_access, row.id)


def test_kudos_are_idempotent_and_counted_per_team(database: Database) -> None:
    with database.sessions.begin() as session:
        ann, ben, zoe = user(session, "ann"), user(session, "ben"), user(session, "zoe")
        red = teams.create_team(session, ann, "Red")
        teams.join_team(session, ben, red.invite_code)
        blue = teams.create_team(session, zoe, "Blue")
        teams.join_team(session, ann, blue.invite_code)
        activity = run(session, ann, datetime(2026, 3, 3, 7, tzinfo=UTC), 5000.0)
        red_ben = teams.team_access(session, ben, red.team.id)
        assert team_feed.give_kudos(session, red_ben, activity) == 1
        assert team_feed.give_kudos(session, red_ben, activity) == 1
        blue_zoe = teams.team_access(session, zoe, blue.team.id)
        assert team_feed.give_kudos(session, blue_zoe, activity) == 1  # ben's is red's only
        red_feed = team_feed.feed(session, teams.team_access(session, ann, red.team.id))
        assert [(i.activity_id, i.kudos_count) for i in red_feed] == [(activity, 1)]
        outsider = user(session, "out")
        foreign = run(session, outsider, datetime(2026, 3, 3, 8, tzinfo=UTC), 1.0)
        with pytest.raises(NotFoundError):
            team_feed.give_kudos(session, red_ben, foreign)
