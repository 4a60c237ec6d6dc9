"""Plan exports: iCalendar, Markdown, HTML and FIT workouts, each read back and checked."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, date, datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any

import fitdecode
import pytest
from icalendar import Calendar

from aicoach.domain.activity import Sport
from aicoach.domain.plan import (
    ExercisePrescription,
    Intensity,
    Phase,
    Plan,
    PlanChange,
    PlanGoal,
    PlannedSession,
    PlanWeek,
    RepeatBlock,
    SessionType,
    Step,
    StepKind,
    Target,
    TargetKind,
)
from aicoach.errors import ImplausibleValueError, UserError
from aicoach.io.fit_workout_writer import plan_to_fit_workouts, session_to_fit_workout
from aicoach.io.plan_describe import (
    duration_min_text,
    exercise_text,
    part_text,
    session_headline,
    step_distance_text,
    step_text,
    step_time_text,
    steps_text,
    target_text,
)
from aicoach.io.plan_ics import plan_to_ics
from aicoach.io.plan_text import plan_to_html, plan_to_markdown

MONDAY = date(2026, 11, 30)
GENERATED_AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
MALICIOUS = "<script>alert('x')</script>"

# --- a small plan built by hand --------------------------------------------------------


def pace(low_s_per_km: float, high_s_per_km: float) -> Target:
    return Target(TargetKind.PACE_S_PER_KM, low_s_per_km, high_s_per_km)


def rest_day() -> PlannedSession:
    return PlannedSession(MONDAY, Sport.RUNNING, SessionType.REST, Intensity.REST, 0.0, 0.0)


def interval_run() -> PlannedSession:
    return PlannedSession(
        day=MONDAY + timedelta(days=1),
        sport=Sport.RUNNING,
        session_type=SessionType.INTERVALS_RUN,
        intensity=Intensity.HARD,
        duration_min=65.0,
        load=78.4,
        distance_km=11.25,
        steps=(
            Step(StepKind.WARM_UP, 900.0, target=pace(340.0, 370.0)),
            RepeatBlock(
                4,
                (
                    Step(StepKind.ACTIVE, 480.0, target=pace(270.0, 280.0)),
                    Step(StepKind.RECOVERY, 120.0),
                ),
            ),
            Step(StepKind.COOL_DOWN, 600.0),
        ),
    )


def easy_run() -> PlannedSession:
    return PlannedSession(
        day=MONDAY + timedelta(days=2),
        sport=Sport.RUNNING,
        session_type=SessionType.EASY_RUN,
        intensity=Intensity.EASY,
        duration_min=45.0,
        load=40.0,
        distance_km=7.5,
        steps=(Step(StepKind.ACTIVE, 2700.0, target=pace(335.0, 365.0)),),
    )


def strength() -> PlannedSession:
    return PlannedSession(
        day=MONDAY + timedelta(days=3),
        sport=Sport.STRENGTH,
        session_type=SessionType.STRENGTH,
        intensity=Intensity.MODERATE,
        duration_min=40.0,
        load=30.0,
        exercises=(
            ExercisePrescription("goblet-squat", "Goblet squat", ("quadriceps",), 3, 10, None, 2),
            ExercisePrescription(
                "romanian-deadlift",
                "Romanian deadlift",
                ("hamstrings",),
                sets=3,
                reps=8,
                load_pct_1rm=70.0,
                reps_in_reserve=2,
                rest_s=120,
                cue="hips back",
            ),
        ),
    )


def sweet_spot_ride() -> PlannedSession:
    return PlannedSession(
        day=MONDAY + timedelta(days=4),
        sport=Sport.CYCLING,
        session_type=SessionType.SWEET_SPOT_RIDE,
        intensity=Intensity.HARD,
        duration_min=75.0,
        load=85.5,
        steps=(
            Step(StepKind.WARM_UP, 600.0, target=Target(TargetKind.POWER_W, 120.0, 150.0)),
            RepeatBlock(
                3,
                (
                    Step(StepKind.ACTIVE, 600.0, target=Target(TargetKind.POWER_W, 230.0, 245.0)),
                    Step(StepKind.RECOVERY, 300.0, target=Target(TargetKind.POWER_W, 130.0, 150.0)),
                ),
            ),
            Step(StepKind.COOL_DOWN, 900.0),
        ),
    )


def tempo_run() -> PlannedSession:
    hr = TargetKind.HEART_RATE_BPM
    return PlannedSession(
        day=MONDAY + timedelta(days=5),
        sport=Sport.RUNNING,
        session_type=SessionType.TEMPO_RUN,
        intensity=Intensity.HARD,
        duration_min=50.0,
        load=65.0,
        distance_km=9.0,
        title="Tempo run",
        note="Flat route",
        steps=(
            Step(StepKind.WARM_UP, 1200.0, target=Target(hr, 130.0, 145.0)),
            Step(StepKind.ACTIVE, 1500.0, distance_m=5000.0, target=Target(hr, 160.0, 170.0)),
            Step(StepKind.COOL_DOWN, 600.0, target=Target(TargetKind.RPE_0_10, 2.0, 3.0)),
        ),
    )


def mobility() -> PlannedSession:
    """A second session on the tempo day, without steps."""
    return PlannedSession(
        MONDAY + timedelta(days=5),
        Sport.YOGA,
        SessionType.MOBILITY,
        Intensity.EASY,
        20.0,
        5.0,
    )


def sample_sessions() -> tuple[PlannedSession, ...]:
    return (
        rest_day(),
        interval_run(),
        easy_run(),
        strength(),
        sweet_spot_ride(),
        tempo_run(),
        mobility(),
    )


def sample_plan(sessions: tuple[PlannedSession, ...] | None = None, **changes: Any) -> Plan:
    sessions = sample_sessions() if sessions is None else sessions
    week = PlanWeek(
        index=1,
        start=MONDAY,
        phase=Phase.BUILD,
        planned_load=sum(session.load for session in sessions),
        sessions=sessions,
    )
    values: dict[str, Any] = {
        "goal": PlanGoal.TEN_K,
        "start": MONDAY,
        "weeks": (week,),
        "event_date": date(2027, 2, 14),
        "target_time_s": 2700.0,
        "warnings": ("Check with a doctor before hard sessions.",),
    }
    values.update(changes)
    return Plan(**values)


def malicious_plan() -> Plan:
    sessions = list(sample_sessions())
    sessions[5] = dataclasses.replace(tempo_run(), title=MALICIOUS, note=MALICIOUS)
    return sample_plan(
        tuple(sessions),
        warnings=(MALICIOUS,),
        changes=(PlanChange(MONDAY, MALICIOUS),),
    )


def non_rest_sessions() -> list[PlannedSession]:
    return [s for s in sample_sessions() if s.session_type is not SessionType.REST]


# --- describe --------------------------------------------------------------------------


def test_targets_are_worded_in_their_units() -> None:
    assert target_text(pace(270.0, 280.4)) == "4:30-4:40 /km"
    assert target_text(Target(TargetKind.HEART_RATE_BPM, 140.2, 150.0)) == "140-150 bpm"
    assert target_text(Target(TargetKind.POWER_W, 230.0, 245.0)) == "230-245 W"
    assert target_text(Target(TargetKind.RPE_0_10, 6.5, 7.0)) == "RPE 6.5-7"
    assert target_text(Target(TargetKind.RPE_0_10, 7.0, 7.0)) == "RPE 7"


def test_durations_and_distances_are_worded() -> None:
    assert step_time_text(480.0) == "8 min"
    assert step_time_text(90.0) == "1 min 30 s"
    assert step_time_text(45.0) == "45 s"
    assert step_distance_text(400.0) == "400 m"
    assert step_distance_text(1500.0) == "1.5 km"
    assert duration_min_text(50.0) == "50 min"
    assert duration_min_text(150.0) == "2 h 30 min"
    assert duration_min_text(120.0) == "2 h"


def test_steps_and_repeat_blocks_read_as_words() -> None:
    steps = interval_run().steps
    assert step_text(steps[0]) == "warm-up 15 min @ 5:40-6:10 /km"  # type: ignore[arg-type]
    assert part_text(steps[1]) == "4 x (8 min @ 4:30-4:40 /km, 2 min easy)"
    assert steps_text(steps) == (
        "warm-up 15 min @ 5:40-6:10 /km; 4 x (8 min @ 4:30-4:40 /km, 2 min easy); cool-down 10 min"
    )
    assert part_text(tempo_run().steps[1]) == "5 km @ 160-170 bpm"


def test_exercises_and_headline_read_as_words() -> None:
    squat, deadlift = strength().exercises
    assert exercise_text(squat) == "Goblet squat 3 x 10 @ RIR 2"
    assert exercise_text(deadlift) == "Romanian deadlift 3 x 8 @ 70% 1RM, RIR 2"
    assert session_headline(tempo_run()) == "Tempo run · 50 min · 9.0 km"
    assert session_headline(sweet_spot_ride()) == "Sweet spot ride · 1 h 15 min"


# --- iCalendar -------------------------------------------------------------------------


def ics_events(data: bytes) -> list[Any]:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_ics_has_one_all_day_event_per_non_rest_session() -> None:
    data = plan_to_ics(sample_plan(), "Ana", "Europe/Berlin", generated_at=GENERATED_AT)
    calendar = Calendar.from_ical(data)
    events = ics_events(data)
    expected = non_rest_sessions()

    assert "aicoach" in str(calendar["PRODID"])
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Berlin"
    assert len(events) == len(expected)
    for event, session in zip(events, expected, strict=True):
        start = event.decoded("DTSTART")
        assert type(start) is date
        assert start == session.day
        assert event.decoded("DTEND") == session.day + timedelta(days=1)
        assert str(event["SUMMARY"]) == session_headline(session)
        assert event.decoded("DTSTAMP") == GENERATED_AT
        assert event.categories == [session.sport.value]


def test_ics_event_descriptions_list_steps_and_exercises() -> None:
    data = plan_to_ics(sample_plan(), "Ana", "Europe/Berlin", generated_at=GENERATED_AT)
    by_summary = {str(event["SUMMARY"]): str(event["DESCRIPTION"]) for event in ics_events(data)}

    intervals = by_summary["Intervals run · 1 h 5 min · 11.2 km"]
    assert intervals.splitlines()[0] == "hard · 1 h 5 min · 11.2 km · load 78.4"
    assert "4 x (8 min @ 4:30-4:40 /km, 2 min easy)" in intervals
    strength_lines = by_summary["Strength · 40 min"].splitlines()
    assert "Goblet squat 3 x 10 @ RIR 2" in strength_lines
    assert "Romanian deadlift 3 x 8 @ 70% 1RM, RIR 2" in strength_lines
    tempo = by_summary["Tempo run · 50 min · 9.0 km"]
    assert "5 km @ 160-170 bpm" in tempo
    assert "cool-down 10 min @ RPE 2-3" in tempo
    assert "Note: Flat route" in tempo


def test_ics_uids_are_unique_and_stable_across_exports_and_edits() -> None:
    first = ics_events(plan_to_ics(sample_plan(), "Ana", "UTC", generated_at=GENERATED_AT))
    sessions = list(sample_sessions())
    sessions[1] = dataclasses.replace(interval_run(), duration_min=70.0)
    later = datetime(2026, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))
    edited = ics_events(plan_to_ics(sample_plan(tuple(sessions)), "Ana", "UTC", generated_at=later))

    uids = [str(event["UID"]) for event in first]
    assert len(set(uids)) == len(uids)
    assert uids == [str(event["UID"]) for event in edited]
    assert edited[0].decoded("DTSTAMP") == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    other = ics_events(plan_to_ics(sample_plan(), "Ben", "UTC", generated_at=GENERATED_AT))
    assert not set(uids) & {str(event["UID"]) for event in other}


def test_ics_rejects_unknown_zone_and_naive_stamp() -> None:
    with pytest.raises(UserError, match="Mars/Olympus"):
        plan_to_ics(sample_plan(), "Ana", "Mars/Olympus", generated_at=GENERATED_AT)
    with pytest.raises(UserError, match="timezone-aware"):
        plan_to_ics(sample_plan(), "Ana", "UTC", generated_at=datetime(2026, 1, 1))


def test_ics_keeps_user_text_as_text() -> None:
    data = plan_to_ics(malicious_plan(), "Ana; X-EVIL:1", "UTC", generated_at=GENERATED_AT)
    calendar = Calendar.from_ical(data)
    assert "X-EVIL" not in calendar
    summaries = [str(event["SUMMARY"]) for event in ics_events(data)]
    assert f"{MALICIOUS} · 50 min · 9.0 km" in summaries


# --- Markdown --------------------------------------------------------------------------


def test_markdown_lists_plan_facts_weeks_and_every_session() -> None:
    text = plan_to_markdown(sample_plan(), "Ana")
    lines = text.splitlines()

    assert lines[0] == "# Training plan for Ana"
    assert "- Goal: 10k" in lines
    assert "- Event: Sun 2027-02-14" in lines
    assert "- Target time: 0:45:00" in lines
    assert "> **Warning:** Check with a doctor before hard sessions." in lines
    assert "## Week 1 · build · load 303.9" in lines
    assert "### Mon 2026-11-30 · Rest" in lines
    for session in non_rest_sessions():
        assert any(line.startswith(f"### {session.day:%a} {session.day}") for line in lines)
    assert "- hard · 1 h 5 min · 11.2 km · load 78.4" in lines
    assert "### Sat 2026-12-05 · Tempo run" in lines
    assert "### Sat 2026-12-05 · Mobility" in lines
    assert "- Goblet squat 3 x 10 @ RIR 2" in lines
    assert "- Steps: warm-up 10 min @ 120-150 W; 3 x (10 min @ 230-245 W, 5 min easy @ " in text


def test_markdown_escapes_user_text() -> None:
    text = plan_to_markdown(malicious_plan(), "Ana")
    assert "<script>" not in text
    assert r"\<script\>alert('x')\</script\>" in text


# --- HTML ------------------------------------------------------------------------------


class _PageParser(HTMLParser):
    """Collects tags, attributes and the text of ``h3`` and ``script`` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open = tag

    def handle_endtag(self, tag: str) -> None:
        self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "h3":
            self.headings.append(data)


def parse_page(page: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(page)
    parser.close()
    return parser


def test_html_page_shows_every_session_and_is_self_contained() -> None:
    page = plan_to_html(sample_plan(), "Ana")
    parsed = parse_page(page)
    tag_names = [tag for tag, _ in parsed.tags]

    assert page.startswith("<!DOCTYPE html>")
    assert parsed.headings == [
        f"{session.day:%a} {session.day} · {label}"
        for session, label in zip(
            sample_sessions(),
            [
                "Rest",
                "Intervals run",
                "Easy run",
                "Strength",
                "Sweet spot ride",
                "Tempo run",
                "Mobility",
            ],
            strict=True,
        )
    ]
    assert tag_names.count("article") == len(sample_sessions())
    assert "script" not in tag_names
    assert "link" not in tag_names
    assert all("src" not in attrs and "href" not in attrs for _, attrs in parsed.tags)
    viewport = [attrs for tag, attrs in parsed.tags if attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in (viewport[0]["content"] or "")
    assert "Week 1 · build · load 303.9" in page
    assert "Goblet squat 3 x 10 @ RIR 2" in page
    assert "hard · 50 min · 9.0 km · load 65" in page


def test_html_escapes_user_text() -> None:
    page = plan_to_html(malicious_plan(), "<b>Ana</b>")
    parsed = parse_page(page)

    assert "<script>" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "script" not in [tag for tag, _ in parsed.tags]
    assert f"Sat 2026-12-05 · {MALICIOUS}" in parsed.headings


# --- FIT workouts ----------------------------------------------------------------------


def decode_fit(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Data messages by name, with every CRC checked."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                values = {f.name: f.value for f in frame.fields}
                messages.setdefault(frame.name, []).append(values)
    return messages


def workout(session: PlannedSession, name: str = "Workout") -> tuple[dict[str, Any], list[Any]]:
    messages = decode_fit(session_to_fit_workout(session, name))
    assert [m["type"] for m in messages["file_id"]] == ["workout"]
    (header,) = messages["workout"]
    steps = messages["workout_step"]
    assert header["num_valid_steps"] == len(steps)
    assert [step["message_index"] for step in steps] == list(range(len(steps)))
    return header, steps


def test_fit_intervals_use_speed_targets_and_a_repeat_step() -> None:
    header, steps = workout(interval_run(), "12-01 Intervals")

    assert header["wkt_name"] == "12-01 Intervals"
    assert header["sport"] == "running"
    assert header["num_valid_steps"] == 5
    warm_up, active, recovery, repeat, cool_down = steps
    assert (warm_up["duration_type"], warm_up["duration_time"]) == ("time", 900.0)
    assert warm_up["intensity"] == "warmup"
    assert warm_up["target_type"] == "speed"
    assert warm_up["custom_target_speed_low"] == pytest.approx(1000 / 370, abs=1e-3)
    assert warm_up["custom_target_speed_high"] == pytest.approx(1000 / 340, abs=1e-3)
    assert active["custom_target_speed_high"] == pytest.approx(1000 / 270, abs=1e-3)
    assert (active["intensity"], active["duration_time"]) == ("active", 480.0)
    assert (recovery["intensity"], recovery["target_type"]) == ("recovery", "open")
    assert repeat["duration_type"] == "repeat_until_steps_cmplt"
    assert (repeat["duration_step"], repeat["repeat_steps"]) == (1, 4)
    assert (cool_down["intensity"], cool_down["duration_time"]) == ("cooldown", 600.0)


def test_fit_power_targets_carry_the_watts_offset() -> None:
    header, steps = workout(sweet_spot_ride())

    assert header["sport"] == "cycling"
    assert steps[0]["target_type"] == "power"
    assert (steps[0]["custom_target_power_low"], steps[0]["custom_target_power_high"]) == (
        1120,
        1150,
    )
    assert steps[1]["custom_target_power_low"] - 1000 == 230
    assert steps[1]["custom_target_power_high"] - 1000 == 245
    assert (steps[3]["duration_step"], steps[3]["repeat_steps"]) == (1, 3)


def test_fit_heart_rate_distance_and_rpe_steps() -> None:
    _, steps = workout(tempo_run())
    warm_up, active, cool_down = steps

    assert warm_up["target_type"] == "heart_rate"
    assert warm_up["custom_target_heart_rate_low"] - 100 == 130
    assert warm_up["custom_target_heart_rate_high"] - 100 == 145
    assert (active["duration_type"], active["duration_distance"]) == ("distance", 5000.0)
    assert active["custom_target_heart_rate_low"] - 100 == 160
    assert cool_down["target_type"] == "open"
    assert cool_down["notes"] == "RPE 2-3"


def test_fit_strength_session_has_reps_rest_and_set_repeats() -> None:
    header, steps = workout(strength())

    assert (header["sport"], header["sub_sport"]) == ("training", "strength_training")
    assert len(steps) == 6
    squat, squat_rest, squat_sets, deadlift, deadlift_rest, deadlift_sets = steps
    assert (squat["wkt_step_name"], squat["duration_type"]) == ("Goblet squat", "reps")
    assert squat["duration_reps"] == 10
    assert squat["notes"] == "RIR 2"
    assert (squat_rest["intensity"], squat_rest["duration_time"]) == ("rest", 90.0)
    assert (squat_sets["duration_step"], squat_sets["repeat_steps"]) == (0, 3)
    assert deadlift["duration_reps"] == 8
    assert deadlift["notes"] == "70% 1RM, RIR 2; hips back"
    assert deadlift_rest["duration_time"] == 120.0
    assert (deadlift_sets["duration_step"], deadlift_sets["repeat_steps"]) == (3, 3)


def test_fit_plan_export_names_files_and_skips_rest_and_stepless_sessions() -> None:
    files = plan_to_fit_workouts(sample_plan())

    assert [name for name, _ in files] == [
        "2026-12-01-intervals-run.fit",
        "2026-12-02-easy-run.fit",
        "2026-12-03-strength.fit",
        "2026-12-04-sweet-spot-ride.fit",
        "2026-12-05-tempo-run.fit",
    ]
    names = [decode_fit(data)["workout"][0]["wkt_name"] for _, data in files]
    assert names[-1] == "12-05 Tempo run"


def test_fit_plan_export_keeps_same_day_same_type_files_apart() -> None:
    second = dataclasses.replace(easy_run(), title="Shake-out")
    files = plan_to_fit_workouts(sample_plan((easy_run(), second)))
    assert [name for name, _ in files] == ["2026-12-02-easy-run.fit", "2026-12-02-easy-run-2.fit"]


def test_fit_workout_bytes_are_reproducible_and_record_creation_time() -> None:
    assert session_to_fit_workout(tempo_run(), "T") == session_to_fit_workout(tempo_run(), "T")
    created = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    data = session_to_fit_workout(tempo_run(), "T", created_at=created)
    assert decode_fit(data)["file_id"][0]["time_created"] == created


def test_fit_stepless_session_is_one_timed_step() -> None:
    _, steps = workout(mobility())
    assert len(steps) == 1
    assert (steps[0]["duration_type"], steps[0]["duration_time"]) == ("time", 1200.0)


def test_fit_rejects_rest_days_and_impossible_paces() -> None:
    with pytest.raises(UserError, match="rest day"):
        session_to_fit_workout(rest_day(), "Rest")
    broken = dataclasses.replace(
        easy_run(), steps=(Step(StepKind.ACTIVE, 600.0, target=pace(0, 300)),)
    )
    with pytest.raises(ImplausibleValueError) as caught:
        session_to_fit_workout(broken, "Broken")
    assert caught.value.field == "pace_s_per_km"
