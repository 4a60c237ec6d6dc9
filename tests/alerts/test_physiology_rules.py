"""HRV below band, resting HR elevated, illness pattern: known answers on crafted days."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.alerts import AthleteTimeline, Severity, evaluate_all
from aicoach.alerts.hrv_below_band import HrvBelowBand
from aicoach.alerts.illness_pattern import IllnessPattern
from aicoach.alerts.resting_hr_elevated import RestingHrElevated
from tests.alerts.support import FIRST_DAY, fired_on


def test_hrv_below_band_needs_two_consecutive_days() -> None:
    hrv_7d = [4.10, 4.05, 3.92, 3.85, 3.80, 3.95, 3.86, 3.84, 3.83, None, 3.82, 3.79]
    band_low = [3.90, 3.90, 3.91, 3.91, 3.91, 3.92, 3.92, 3.92, 3.92, 3.92, 3.93, 3.93]
    timeline = AthleteTimeline.build(
        FIRST_DAY, 12, hrv_ln_7d=hrv_7d, hrv_band_low=band_low, hrv_band_high=4.3
    )
    alerts = HrvBelowBand().evaluate(timeline)
    # below on 3-4 (streak hits 2 on day 4), 6-8 (fires 7, 8), gap on 9, then 10-11 (fires 11)
    assert fired_on(alerts, timeline) == [4, 7, 8, 11]
    assert {a.severity for a in alerts} == {Severity.CAUTION}
    assert alerts[1].message.startswith(
        "Your 7-day HRV (ln rMSSD 3.84) has been below your normal band (3.92-4.30) "
        "for 2 days in a row."
    )
    assert alerts[2].evidence["consecutive_days"] == 3.0


def test_hrv_below_band_for_a_week_is_a_warning() -> None:
    hrv_7d = [4.0, 3.8, 3.78, 3.75, 3.74, 3.7, 3.71, 3.69, 3.68, 3.66]
    timeline = AthleteTimeline.build(FIRST_DAY, 10, hrv_ln_7d=hrv_7d, hrv_band_low=3.9)
    alerts = HrvBelowBand().evaluate(timeline)
    assert fired_on(alerts, timeline) == [2, 3, 4, 5, 6, 7, 8, 9]
    severities = [a.severity for a in alerts]
    assert severities == [Severity.CAUTION] * 5 + [Severity.WARNING] * 3
    assert "(from 3.90)" in alerts[0].message


def test_resting_hr_elevated_by_bpm_or_sd() -> None:
    rhr = [51, 55, 54, 53, 61, None, 49, 52]
    sd = [2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 0.5]
    timeline = AthleteTimeline.build(
        FIRST_DAY, 8, resting_hr_bpm=rhr, rhr_baseline_bpm=50.0, rhr_baseline_sd_bpm=sd
    )
    alerts = RestingHrElevated().evaluate(timeline)
    # +5 bpm (day 1); +4 bpm = 2 SD (day 2); +3 = 1.5 SD no; +11 warning; +2 = 4 SD but < 3 bpm
    assert fired_on(alerts, timeline) == [1, 2, 4]
    assert [a.severity for a in alerts] == [Severity.CAUTION, Severity.CAUTION, Severity.WARNING]


def test_resting_hr_message_shows_its_numbers() -> None:
    timeline = AthleteTimeline.build(
        FIRST_DAY, 1, resting_hr_bpm=[58], rhr_baseline_bpm=[49.2], rhr_baseline_sd_bpm=[3.1]
    )
    (alert,) = RestingHrElevated().evaluate(timeline)
    assert alert.message.startswith(
        "Resting HR 58 bpm is 9 bpm above your baseline of 49 bpm (2.8 SD)."
    )
    assert alert.evidence["rise_bpm"] == pytest.approx(8.8)
    assert alert.evidence["rise_sd"] == pytest.approx(8.8 / 3.1)
    assert alert.rule == "resting_hr_elevated"


def test_resting_hr_without_sd_uses_bpm_only() -> None:
    timeline = AthleteTimeline.build(
        FIRST_DAY, 3, resting_hr_bpm=[54, 55, 56], rhr_baseline_bpm=[50, 50, 50.5]
    )
    alerts = RestingHrElevated().evaluate(timeline)
    assert fired_on(alerts, timeline) == [1, 2]
    assert "SD" not in alerts[0].message


def _illness_timeline() -> AthleteTimeline:
    n = 16
    rng = np.random.default_rng(7)
    rhr = 52 + rng.uniform(-1.0, 1.0, n)
    hrv = 4.25 + rng.uniform(-0.08, 0.08, n)
    rhr[5], hrv[5] = 57.0, 4.22  # resting HR up alone
    rhr[6], hrv[6] = 52.5, 3.80  # HRV down alone
    rhr[10:13] = [57.0, 58.0, 59.5]  # both, three days before the symptoms
    hrv[10:13] = [3.85, 3.72, 3.60]
    rhr[13], hrv[13] = 60.0, 3.55
    notes = {13: "Sore throat and fever, stayed in bed", 14: "Still coughing"}
    return AthleteTimeline.build(
        FIRST_DAY,
        n,
        resting_hr_bpm=rhr,
        rhr_baseline_bpm=52.0,
        rhr_baseline_sd_bpm=1.5,
        hrv_ln_rmssd=hrv,
        hrv_band_low=4.0,
        hrv_band_high=4.5,
        notes=notes,
    )


def test_illness_pattern_fires_before_symptoms() -> None:
    timeline = _illness_timeline()
    alerts = IllnessPattern().evaluate(timeline)
    assert fired_on(alerts, timeline) == [11, 12, 13]
    symptom_day = next(i for i, note in enumerate(timeline.notes) if note)
    assert fired_on(alerts, timeline)[0] < symptom_day
    first = alerts[0]
    assert first.severity is Severity.WARNING
    assert first.message.startswith(
        "Possible illness coming: resting HR up and HRV down together for 2 days "
        "(today resting HR 58 bpm, 6 bpm above your baseline of 52 bpm; ln rMSSD 3.72, "
        "below your normal band from 4.00)."
    )


def test_illness_pattern_in_evaluate_all_alongside_single_signal_rules() -> None:
    timeline = _illness_timeline()
    alerts = evaluate_all(timeline)
    by_rule = {
        rule: fired_on([a for a in alerts if a.rule == rule], timeline)
        for rule in ("illness_pattern", "resting_hr_elevated")
    }
    assert by_rule["illness_pattern"] == [11, 12, 13]
    assert by_rule["resting_hr_elevated"] == [5, 10, 11, 12, 13]
    assert not any(a.rule == "red_flag_symptoms" for a in alerts)


def test_illness_pattern_margin_parameter() -> None:
    timeline = _illness_timeline()
    stricter = IllnessPattern().with_overrides({"hrv_margin_ln": 0.2})
    # below 4.0 - 0.2 = 3.8 on days 11, 12, 13 only: streak reaches 2 on day 12
    assert fired_on(stricter.evaluate(timeline), timeline) == [12, 13]
