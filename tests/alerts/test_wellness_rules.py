"""Sleep debt, low SpO2 and exercise HR above the profile maximum."""

from __future__ import annotations

import pytest

from aicoach.alerts import AthleteTimeline, Severity
from aicoach.alerts.exercise_hr_above_max import ExerciseHrAboveMax
from aicoach.alerts.sleep_debt import SleepDebt
from aicoach.alerts.spo2_low import Spo2Low
from tests.alerts.support import FIRST_DAY, fired_on


def test_sleep_debt_three_nights_in_a_row() -> None:
    sleep = [8.0, 7.0, 6.5, 7.2, 8.0, 6.0, 6.8, 7.4, 5.5, None, 6.0, 6.2, 6.1]
    timeline = AthleteTimeline.build(FIRST_DAY, 13, sleep_h=sleep, sleep_target_h=7.5)
    alerts = SleepDebt().with_overrides({"margin_h": 0.0}).evaluate(timeline)
    assert fired_on(alerts, timeline) == [3, 7, 8, 12]
    assert alerts[0].evidence["debt_h"] == pytest.approx(0.5 + 1.0 + 0.3)
    assert alerts[0].message == (
        "You slept 7.2 h last night, below your 7.5 h target for 3 nights in a row "
        "(1.8 h short in total). Aim for an earlier night and keep hard sessions for when "
        "you have slept."
    )
    assert alerts[2].evidence["consecutive_nights"] == 4.0


def test_sleep_on_target_is_quiet_and_a_week_short_is_a_warning() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 3, sleep_h=[7.0, 7.3, 8.1])
    assert SleepDebt().evaluate(timeline) == []
    week = AthleteTimeline.build(FIRST_DAY, 8, sleep_h=[6.0, 6.4, 5.9, 6.2, 6.4, 6.1, 5.8, 6.3])
    severities = [a.severity for a in SleepDebt().evaluate(week)]
    assert severities == [Severity.CAUTION] * 4 + [Severity.WARNING] * 2


def test_sleep_within_half_an_hour_of_target_is_not_short() -> None:
    """Wearables misjudge sleep by about 30 min: 6.6 h against a 7 h target is not a deficit."""
    timeline = AthleteTimeline.build(FIRST_DAY, 4, sleep_h=[6.6, 6.7, 6.55, 6.6])
    assert SleepDebt().evaluate(timeline) == []
    assert len(SleepDebt().with_overrides({"margin_h": 0.0}).evaluate(timeline)) == 2


def test_spo2_thresholds() -> None:
    spo2 = [97, 93, 92, 91.9, 88, 87.9, None]
    timeline = AthleteTimeline.build(FIRST_DAY, 7, spo2_pct=spo2)
    alerts = Spo2Low().evaluate(timeline)
    assert fired_on(alerts, timeline) == [3, 4, 5]
    assert [a.severity for a in alerts] == [Severity.WARNING, Severity.WARNING, Severity.URGENT]
    assert alerts[0].message.startswith("Resting SpO2 92 % is below 92 %")
    assert alerts[2].message.startswith("Resting SpO2 88 % is below 88 %: no exercise today.")
    assert alerts[2].evidence["spo2_pct"] == 87.9


def test_exercise_hr_above_profile_max() -> None:
    peak = [170, 190, 190.5, None, 205]
    timeline = AthleteTimeline.build(FIRST_DAY, 5, activity_max_hr_bpm=peak, hr_max_bpm=185)
    alerts = ExerciseHrAboveMax().evaluate(timeline)
    assert fired_on(alerts, timeline) == [2, 4]
    assert {a.severity for a in alerts} == {Severity.CAUTION}
    assert alerts[1].message.startswith(
        "Highest heart rate in today's activity, 205 bpm, is 20 bpm above your profile "
        "maximum of 185 bpm."
    )


def test_exercise_hr_needs_a_profile_max() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 2, activity_max_hr_bpm=[230, 240])
    assert ExerciseHrAboveMax().evaluate(timeline) == []
