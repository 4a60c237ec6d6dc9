from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from aicoach.alerts import SERIES_FIELDS, AthleteTimeline
from aicoach.errors import UserError
from tests.alerts.support import FIRST_DAY


def test_build_fills_missing_series_with_nan_and_converts_none() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 3, resting_hr_bpm=[50, None, 52.5])
    assert len(timeline) == 3
    assert np.isnan(timeline.resting_hr_bpm[1])
    assert timeline.resting_hr_bpm[2] == 52.5
    for name in SERIES_FIELDS:
        if name != "resting_hr_bpm":
            assert np.isnan(getattr(timeline, name)).all()
    assert timeline.notes == (None, None, None)


def test_days_and_indexes() -> None:
    timeline = AthleteTimeline.build(date(2024, 2, 28), 3)
    assert timeline.days == (date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1))
    assert timeline.last_day == date(2024, 3, 1)
    assert timeline.index_of(date(2024, 2, 29)) == 1
    with pytest.raises(UserError, match="outside"):
        timeline.index_of(date(2024, 3, 2))


def test_scalar_series_and_note_mapping() -> None:
    timeline = AthleteTimeline.build(FIRST_DAY, 4, hrv_band_low=3.9, notes={2: "tired"})
    assert timeline.hrv_band_low.tolist() == [3.9] * 4
    assert timeline.notes == (None, None, "tired", None)


def test_arrays_are_read_only_copies() -> None:
    source = np.array([50.0, 51.0])
    timeline = AthleteTimeline.build(FIRST_DAY, 2, resting_hr_bpm=source)
    source[0] = 99.0
    assert timeline.resting_hr_bpm[0] == 50.0
    with pytest.raises(ValueError, match="read-only"):
        timeline.resting_hr_bpm[0] = 1.0


def test_wrong_lengths_and_names_are_errors() -> None:
    with pytest.raises(UserError, match="resting_hr_bpm"):
        AthleteTimeline.build(FIRST_DAY, 3, resting_hr_bpm=[50, 51])
    with pytest.raises(UserError, match="unknown timeline series rhr"):
        AthleteTimeline.build(FIRST_DAY, 3, rhr=[50, 51, 52])
    with pytest.raises(UserError, match="notes"):
        AthleteTimeline.build(FIRST_DAY, 3, notes=["a"])
    with pytest.raises(UserError, match="at least one day"):
        AthleteTimeline.build(FIRST_DAY, 0)


def test_direct_construction_checks_every_series_length() -> None:
    good = AthleteTimeline.build(FIRST_DAY, 3)
    arrays = {name: getattr(good, name) for name in SERIES_FIELDS}
    arrays["sleep_h"] = np.array([7.0, 8.0])
    with pytest.raises(UserError, match="sleep_h"):
        AthleteTimeline(first_day=FIRST_DAY, notes=(None, None, None), **arrays)


def test_profile_values_are_checked() -> None:
    with pytest.raises(UserError, match="hr_max_bpm"):
        AthleteTimeline.build(FIRST_DAY, 2, hr_max_bpm=0)
    with pytest.raises(UserError, match="sleep_target_h"):
        AthleteTimeline.build(FIRST_DAY, 2, sleep_target_h=float("nan"))
