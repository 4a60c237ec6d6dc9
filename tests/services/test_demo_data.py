"""Synthetic demo history: deterministic, labelled, physiologically plausible, tells its story."""

from __future__ import annotations

import copy
import io
import math
from collections import Counter
from datetime import UTC, date, timedelta
from itertools import pairwise

import numpy as np
import pytest

from aicoach.domain import Activity, Lap, Sex, Sport, StreamChannel, WellnessEntry
from aicoach.domain.activity import FloatArray
from aicoach.io.fit_reader import read_fit
from aicoach.io.fit_writer import write_fit_activity
from aicoach.io.plausibility import mask_implausible_samples
from aicoach.services.demo_data import (
    DEMO_ATHLETE_NAME,
    DEMO_NAME_PREFIX,
    MIN_STORY_DAYS,
    DemoHistory,
    DemoPhase,
    generate_demo_history,
)

END_DAY = date(2025, 6, 1)
HR_MAX = 186.0


@pytest.fixture(scope="module")
def history() -> DemoHistory:
    """The full default history: 182 days."""
    return generate_demo_history(END_DAY)


@pytest.fixture(scope="module")
def short_history() -> DemoHistory:
    return generate_demo_history(END_DAY, days=42)


def phase(history: DemoHistory, wanted: DemoPhase) -> tuple[date, date]:
    found = [e for e in history.events if e.phase is wanted]
    assert len(found) == 1, f"expected one {wanted} event"
    return found[0].start, found[0].end


def days_between(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def wellness_mean(history: DemoHistory, days: list[date], name: str) -> float:
    by_day = {entry.day: entry for entry in history.wellness}
    values = [getattr(by_day[d], name) for d in days if getattr(by_day[d], name) is not None]
    assert len(values) >= len(days) // 2
    return float(np.mean(values))


def session_load(activity: Activity) -> float:
    """Hours x mean HR as a fraction of HRmax: a simple load that needs no analytics."""
    hr = activity.streams[StreamChannel.HEART_RATE_BPM]
    assert activity.elapsed_s is not None
    return activity.elapsed_s / 3600 * float(np.mean(hr)) / HR_MAX


def weekly_load(history: DemoHistory, monday: date) -> float:
    week = days_between(monday, monday + timedelta(days=6))
    return sum(session_load(a) for a in history.activities if local_day(a) in week)


def local_day(activity: Activity) -> date:
    return activity.start_time.date()


def normalized_power(power: FloatArray) -> float:
    rolling = np.convolve(power, np.ones(30) / 30, mode="valid")
    return float(np.mean(rolling**4) ** 0.25)


# --- determinism -------------------------------------------------------------------------


def test_same_seed_gives_identical_data(short_history: DemoHistory) -> None:
    again = generate_demo_history(END_DAY, days=42)
    assert len(again.activities) == len(short_history.activities)
    for first, second in zip(short_history.activities, again.activities, strict=True):
        assert first.start_time == second.start_time
        assert first.name == second.name
        assert first.streams.keys() == second.streams.keys()
        for channel, values in first.streams.items():
            np.testing.assert_array_equal(values, second.streams[channel])
        assert first.laps == second.laps
    assert again.wellness == short_history.wellness
    assert again.events == short_history.events


def test_other_seed_gives_other_data(short_history: DemoHistory) -> None:
    other = generate_demo_history(END_DAY, days=42, seed=7)
    assert other.wellness != short_history.wellness
    first_hr = short_history.activities[0].streams[StreamChannel.HEART_RATE_BPM]
    other_hr = other.activities[0].streams[StreamChannel.HEART_RATE_BPM]
    assert first_hr.size != other_hr.size or not np.array_equal(first_hr, other_hr)


# --- labels and profile ------------------------------------------------------------------


def test_everything_is_labelled_synthetic(history: DemoHistory) -> None:
    assert history.profile.name == DEMO_ATHLETE_NAME == "Demo Athlete (synthetic)"
    assert history.activities
    assert all((a.name or "").startswith(f"{DEMO_NAME_PREFIX} ") for a in history.activities)


def test_profile_describes_the_demo_athlete(history: DemoHistory) -> None:
    profile = history.profile
    assert profile.sex is Sex.FEMALE
    assert profile.birth_year == END_DAY.year - 38
    assert (profile.hr_max_bpm, profile.hr_rest_bpm, profile.lthr_bpm) == (186, 48, 168)
    assert profile.ftp_w == 230
    assert profile.threshold_pace_s_per_km == pytest.approx(270)
    assert profile.mass_kg == pytest.approx(60)
    assert profile.timezone == "Europe/London"
    assert profile.language.value == "en"
    goal = profile.goals[0]
    assert "half marathon" in goal.description.lower()
    assert goal.event_date is not None
    assert 63 <= (goal.event_date - END_DAY).days <= 77


# --- the story ---------------------------------------------------------------------------


def test_events_cover_the_history_in_order(history: DemoHistory) -> None:
    events = history.events
    assert events[0].start == END_DAY - timedelta(days=181)
    assert events[-1].end == END_DAY
    for before, after in pairwise(events):
        assert after.start == before.end + timedelta(days=1)
    assert all(e.description for e in events)
    phases = [e.phase for e in events]
    story = [DemoPhase.OVERREACHING, DemoPhase.ILLNESS, DemoPhase.RETURN, DemoPhase.REBUILD]
    assert [p for p in phases if p in story] == story
    ill_start, ill_end = phase(history, DemoPhase.ILLNESS)
    line = str(next(e for e in events if e.phase is DemoPhase.ILLNESS))
    assert line.startswith(f"{ill_start.isoformat()} to {ill_end.isoformat()} (illness): ")


def test_overreaching_block_sits_two_thirds_in_and_lasts_two_to_three_weeks(
    history: DemoHistory,
) -> None:
    start, end = phase(history, DemoPhase.OVERREACHING)
    first = history.events[0].start
    assert 0.5 <= (start - first).days / 182 <= 0.75
    assert 14 <= (end - start).days + 1 <= 21


def test_overreaching_load_is_well_above_the_weeks_before(history: DemoHistory) -> None:
    start, _ = phase(history, DemoPhase.OVERREACHING)
    block = [weekly_load(history, start + timedelta(weeks=w)) for w in (0, 1)]
    before = [weekly_load(history, start - timedelta(weeks=w)) for w in (1, 2, 3)]
    assert np.mean(block) >= 1.25 * np.mean(before)


def test_illness_raises_resting_hr_and_suppresses_hrv(history: DemoHistory) -> None:
    ill_start, _ = phase(history, DemoPhase.ILLNESS)
    illness_week = days_between(ill_start, ill_start + timedelta(days=6))
    first = history.events[0].start
    baseline = days_between(first + timedelta(days=14), first + timedelta(days=70))
    rhr_ill = wellness_mean(history, illness_week, "resting_hr_bpm")
    rhr_base = wellness_mean(history, baseline, "resting_hr_bpm")
    assert rhr_ill >= rhr_base + 5
    assert 46 <= rhr_base <= 50

    def ln_rmssd(days: list[date]) -> float:
        by_day = {e.day: e for e in history.wellness}
        values = [math.log(by_day[d].hrv_ms or math.nan) for d in days if by_day[d].hrv_ms]
        return float(np.mean(values))

    assert ln_rmssd(baseline) == pytest.approx(4.2, abs=0.1)
    assert ln_rmssd(illness_week) <= ln_rmssd(baseline) - 0.2


def test_overreaching_raises_resting_hr_less_than_illness(history: DemoHistory) -> None:
    _, over_end = phase(history, DemoPhase.OVERREACHING)
    ill_start, ill_end = phase(history, DemoPhase.ILLNESS)
    first = history.events[0].start
    baseline = wellness_mean(
        history,
        days_between(first + timedelta(days=14), first + timedelta(days=70)),
        "resting_hr_bpm",
    )
    late_block = days_between(over_end - timedelta(days=6), over_end)
    over = wellness_mean(history, late_block, "resting_hr_bpm")
    ill = wellness_mean(history, days_between(ill_start, ill_end), "resting_hr_bpm")
    assert baseline + 2 <= over < ill


def test_illness_days_have_no_training_and_describe_symptoms(history: DemoHistory) -> None:
    start, end = phase(history, DemoPhase.ILLNESS)
    ill_days = days_between(start, end)
    assert 4 <= len(ill_days) <= 6
    assert not [a for a in history.activities if local_day(a) in ill_days]
    entries = [e for e in history.wellness if e.day in ill_days]
    assert all(e.illness for e in entries)
    notes = " ".join(e.notes or "" for e in entries)
    assert "sore throat" in notes
    assert "fever" in notes
    healthy = [e for e in history.wellness if e.day < start and e.illness is not None]
    assert healthy
    assert not any(e.illness for e in healthy)


def test_sleep_is_worse_during_illness(history: DemoHistory) -> None:
    start, end = phase(history, DemoPhase.ILLNESS)
    first = history.events[0].start
    ill = wellness_mean(history, days_between(start, end), "sleep_duration_s")
    usual = wellness_mean(
        history, days_between(first, start - timedelta(days=30)), "sleep_duration_s"
    )
    assert ill < usual - 1800


def test_story_needs_enough_days() -> None:
    full = generate_demo_history(END_DAY, days=MIN_STORY_DAYS)
    phases = {e.phase for e in full.events}
    assert {DemoPhase.OVERREACHING, DemoPhase.ILLNESS, DemoPhase.RETURN} <= phases
    too_short = generate_demo_history(END_DAY, days=MIN_STORY_DAYS - 1)
    assert DemoPhase.ILLNESS not in {e.phase for e in too_short.events}


def test_short_history_has_no_story(short_history: DemoHistory) -> None:
    assert {e.phase for e in short_history.events} <= {DemoPhase.BUILD, DemoPhase.RECOVERY_WEEK}
    assert short_history.phase_on(END_DAY) is not None
    assert short_history.phase_on(END_DAY + timedelta(days=1)) is None


# --- training structure ------------------------------------------------------------------


def test_about_five_sessions_a_week_with_rides_and_a_sunday_long_run(
    history: DemoHistory,
) -> None:
    over_start, _ = phase(history, DemoPhase.OVERREACHING)
    first_monday = history.events[0].start
    weeks = [
        first_monday + timedelta(weeks=w) for w in range((over_start - first_monday).days // 7)
    ]
    counts = []
    for monday in weeks:
        week = days_between(monday, monday + timedelta(days=6))
        sessions = [a for a in history.activities if local_day(a) in week]
        counts.append(len(sessions))
        rides = [a for a in sessions if a.sport is Sport.CYCLING]
        assert 1 <= len(rides) <= 2
        sunday = [a for a in sessions if local_day(a).weekday() == 6]
        assert sunday
        assert sunday[0].sport is Sport.RUNNING
        assert "Long run" in (sunday[0].name or "")
    assert 4.3 <= np.mean(counts) <= 5.5
    assert min(counts) >= 3


def test_session_lengths(history: DemoHistory) -> None:
    for activity in history.activities:
        minutes = (activity.elapsed_s or 0) / 60
        if activity.sport is Sport.RUNNING:
            assert 30 <= minutes <= 111, activity.name
        else:
            assert 60 <= minutes <= 151, activity.name


def test_names_show_the_weekly_structure(history: DemoHistory) -> None:
    names = Counter((a.name or "").split(" ")[1] for a in history.activities)
    assert {"Easy", "Intervals", "Long", "Endurance", "Sweet-spot"} <= set(names)


# --- streams -----------------------------------------------------------------------------


def test_streams_are_complete_varied_and_plausible(history: DemoHistory) -> None:
    for activity in history.activities:
        streams = activity.streams
        size = activity.sample_count
        assert size == activity.elapsed_s
        assert activity.start_time.tzinfo is UTC
        expected = {
            StreamChannel.TIME_S,
            StreamChannel.HEART_RATE_BPM,
            StreamChannel.SPEED_M_S,
            StreamChannel.CADENCE_RPM,
            StreamChannel.ALTITUDE_M,
            StreamChannel.LATITUDE_DEG,
            StreamChannel.LONGITUDE_DEG,
            StreamChannel.DISTANCE_M,
            StreamChannel.TEMPERATURE_C,
        }
        if activity.sport is Sport.CYCLING:
            expected.add(StreamChannel.POWER_W)
        assert set(streams) == expected
        for channel, values in streams.items():
            assert values.size == size
            assert not np.isnan(values).any(), channel
            assert np.unique(values).size > 1, f"{activity.name}: {channel} is constant"
        assert mask_implausible_samples(copy.deepcopy(streams)) == []


def test_heart_rate_is_physiological(history: DemoHistory) -> None:
    for activity in history.activities:
        hr = activity.streams[StreamChannel.HEART_RATE_BPM]
        assert hr.min() >= 40
        assert hr.max() <= 200
        assert hr.max() <= HR_MAX
        assert np.array_equal(hr, np.round(hr))
        assert hr[:10].mean() < hr[600:].mean(), "heart rate should rise after the warm-up"


def test_intervals_show_in_heart_rate_and_pace(history: DemoHistory) -> None:
    sessions = [a for a in history.activities if "Intervals" in (a.name or "")]
    assert len(sessions) >= 10
    threshold_speed = 1000 / 270
    for session in sessions:
        work, rest = session.laps[1:-1:2], session.laps[2:-1:2]
        assert len(work) == len(rest) + 1 >= 3

        def mean_hr(laps: list[Lap]) -> float:
            return float(np.mean([lap.avg_hr_bpm or 0 for lap in laps]))

        def mean_speed(laps: list[Lap]) -> float:
            return float(np.mean([(lap.distance_m or 0) / (lap.elapsed_s or 1) for lap in laps]))

        assert mean_hr(work) >= mean_hr(rest) + 10
        assert mean_speed(work) >= mean_speed(rest) + 1.0
        assert mean_speed(work) >= 0.9 * threshold_speed


def test_cardiac_drift_in_steady_runs(history: DemoHistory) -> None:
    steady = [
        a
        for a in history.activities
        if a.name in {f"{DEMO_NAME_PREFIX} Easy run", f"{DEMO_NAME_PREFIX} Long run"}
        and (a.elapsed_s or 0) >= 3000
    ]
    assert len(steady) >= 10
    drifts = []
    for activity in steady:
        hr = activity.streams[StreamChannel.HEART_RATE_BPM]
        drifts.append(hr[-780:-180].mean() - hr[600:1200].mean())
    assert np.mean(drifts) >= 2
    assert np.mean(np.array(drifts) > 0) >= 0.8


def test_runs_have_plausible_speed_and_cadence(history: DemoHistory) -> None:
    for activity in (a for a in history.activities if a.sport is Sport.RUNNING):
        speed = activity.streams[StreamChannel.SPEED_M_S]
        assert speed.min() >= 2.0 and speed.max() <= 6.0
        cadence = activity.streams[StreamChannel.CADENCE_RPM]
        assert cadence.min() >= 80 and cadence.max() <= 100
        assert 84 <= cadence.mean() <= 92


def test_rides_have_variable_power(history: DemoHistory) -> None:
    rides = [a for a in history.activities if a.sport is Sport.CYCLING]
    assert rides
    for ride in rides:
        power = ride.streams[StreamChannel.POWER_W]
        assert power.min() >= 0
        assert normalized_power(power) > power.mean() * 1.02
        assert 120 <= power.mean() <= 230
        assert ride.device_summary["normalized_power"] == round(normalized_power(power))
        cadence = ride.streams[StreamChannel.CADENCE_RPM]
        pedalling = cadence[power > 0]
        assert 80 <= pedalling.mean() <= 95
        assert np.all(cadence[power == 0] == 0)


def test_distance_is_the_integral_of_speed(history: DemoHistory) -> None:
    for activity in history.activities[:20]:
        speed = activity.streams[StreamChannel.SPEED_M_S]
        distance = activity.streams[StreamChannel.DISTANCE_M]
        assert distance[0] == 0
        assert np.all(np.diff(distance) >= 0)
        np.testing.assert_allclose(np.diff(distance), speed[:-1], atol=0.011)
        assert activity.distance_m == pytest.approx(distance[-1] + speed[-1], abs=0.02)


def test_routes_are_loops_near_home_and_match_the_distance(history: DemoHistory) -> None:
    home = (51.4613, -0.3037)
    for activity in history.activities[:20]:
        lat = activity.streams[StreamChannel.LATITUDE_DEG]
        lon = activity.streams[StreamChannel.LONGITUDE_DEG]
        north = (lat - home[0]) * 111_320
        east = (lon - home[1]) * 111_320 * math.cos(math.radians(home[0]))
        assert np.hypot(north[0], east[0]) < 20
        assert np.hypot(north[-1], east[-1]) < 150
        assert np.hypot(north, east).max() < 30_000
        gps_length = np.hypot(np.diff(north), np.diff(east)).sum()
        assert gps_length == pytest.approx(activity.streams[StreamChannel.DISTANCE_M][-1], rel=0.05)


def test_altitude_and_temperature_are_plausible_for_london(history: DemoHistory) -> None:
    winter, summer = [], []
    for activity in history.activities:
        altitude = activity.streams[StreamChannel.ALTITUDE_M]
        assert altitude.min() >= 0 and altitude.max() <= 250
        temperature = activity.streams[StreamChannel.TEMPERATURE_C]
        month = local_day(activity).month
        if month in {12, 1, 2}:
            winter.append(temperature.mean())
        elif month in {5, 6}:
            summer.append(temperature.mean())
    assert np.mean(summer) >= np.mean(winter) + 6


def test_laps_cover_each_activity(history: DemoHistory) -> None:
    for activity in history.activities:
        assert activity.laps
        assert sum(lap.elapsed_s or 0 for lap in activity.laps) == activity.elapsed_s
        assert activity.laps[0].start_time == activity.start_time
        total = sum(lap.distance_m or 0 for lap in activity.laps)
        assert total == pytest.approx(activity.distance_m, abs=0.05 * len(activity.laps))
    easy = next(a for a in history.activities if a.name == f"{DEMO_NAME_PREFIX} Easy run")
    assert all(lap.distance_m == pytest.approx(1000, abs=6) for lap in easy.laps[:-1])


# --- wellness ----------------------------------------------------------------------------


def test_one_wellness_entry_per_day(history: DemoHistory) -> None:
    days = [e.day for e in history.wellness]
    assert days == days_between(END_DAY - timedelta(days=181), END_DAY)


def test_wellness_values_are_in_range(history: DemoHistory) -> None:
    entries = history.wellness
    for entry in entries:
        if entry.resting_hr_bpm is not None:
            assert 40 <= entry.resting_hr_bpm <= 70
        if entry.sleep_duration_s is not None:
            assert 5 * 3600 <= entry.sleep_duration_s <= 8.5 * 3600
        if entry.mass_kg is not None:
            assert 57 <= entry.mass_kg <= 63
        if entry.spo2_pct is not None:
            assert 93 <= entry.spo2_pct <= 100
        for name in ("mood_1_5", "soreness_1_5", "stress_1_5", "fatigue_1_5", "sleep_quality_1_5"):
            value = getattr(entry, name)
            assert value is None or 1 <= value <= 5
    pressures = [(e.systolic_mmhg, e.diastolic_mmhg) for e in entries if e.systolic_mmhg]
    assert 17 <= len(pressures) <= 26
    assert np.mean([p[0] for p in pressures]) == pytest.approx(115, abs=4)
    assert np.mean([p[1] for p in pressures if p[1]]) == pytest.approx(75, abs=3)


def test_missing_values_are_none_never_zero(history: DemoHistory) -> None:
    entries: list[WellnessEntry] = history.wellness
    missing_rhr = [e for e in entries if e.resting_hr_bpm is None]
    assert 1 <= len(missing_rhr) <= 0.15 * len(entries)
    assert any(e.mood_1_5 is None for e in entries)
    assert any(e.mass_kg is None for e in entries)
    for entry in entries:
        numbers = [getattr(entry, name) for name in entry.measurement_names()]
        assert all(n != 0 for n in numbers if not isinstance(n, bool | str))
        assert (entry.hrv_ms is None) == (entry.hrv_method is None)


def test_soreness_follows_hard_days(history: DemoHistory) -> None:
    by_day = {e.day: e for e in history.wellness}
    after_long, after_rest = [], []
    for entry in history.wellness:
        yesterday = entry.day - timedelta(days=1)
        done = [a for a in history.activities if local_day(a) == yesterday]
        if entry.soreness_1_5 is None or yesterday not in by_day:
            continue
        if any("Long run" in (a.name or "") for a in done):
            after_long.append(entry.soreness_1_5)
        elif not done and history.phase_on(entry.day) is DemoPhase.BUILD:
            after_rest.append(entry.soreness_1_5)
    assert np.mean(after_long) > np.mean(after_rest) + 0.5


# --- export ------------------------------------------------------------------------------


def test_demo_activities_survive_a_fit_round_trip(short_history: DemoHistory) -> None:
    ride = next(a for a in short_history.activities if a.sport is Sport.CYCLING)
    run = next(a for a in short_history.activities if a.sport is Sport.RUNNING)
    for activity in (ride, run):
        parsed = read_fit(io.BytesIO(write_fit_activity(activity)), "demo.fit")
        assert parsed.recovered == []
        (back,) = parsed.activities
        assert back.name == activity.name
        assert back.sport is activity.sport
        assert back.start_time == activity.start_time
        assert back.sample_count == activity.sample_count
        assert len(back.laps) == len(activity.laps)
        for channel, values in activity.streams.items():
            np.testing.assert_allclose(back.streams[channel], values, rtol=0, atol=0.2)
