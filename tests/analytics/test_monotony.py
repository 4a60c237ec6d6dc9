"""Known-answer tests for Foster 1998 training monotony and strain."""

from __future__ import annotations

import math

import numpy as np
import pytest

from aicoach.analytics.conventions import AnalyticsSettings, StandardDeviation
from aicoach.analytics.monotony import (
    delta_degrees_of_freedom,
    training_monotony,
    training_strain,
)

POPULATION = AnalyticsSettings(monotony_sd=StandardDeviation.POPULATION)
SAMPLE = AnalyticsSettings(monotony_sd=StandardDeviation.SAMPLE)

# Foster-style week: sum 2000, mean 2000/7 = 285.714...
# sum of squares = 90000 + 250000 + 160000 + 360000 + 40000 = 900000
# squared deviations = 900000 - 2000**2/7 = 2300000/7
# population SD = sqrt(2300000/7/7) = 216.65; sample SD = sqrt(2300000/7/6) = 234.01
# monotony (population) = (2000/7) / (sqrt(2300000)/7) = 2000/sqrt(2300000) = 1.3188
# monotony (sample) = (2000/7) / sqrt(2300000/42) = 1.2209; strain = 2000 x monotony
WEEK = np.array([300.0, 0.0, 500.0, 400.0, 0.0, 600.0, 200.0])
POPULATION_MONOTONY = 2000.0 / math.sqrt(2300000.0)
SAMPLE_MONOTONY = (2000.0 / 7.0) / math.sqrt(2300000.0 / 42.0)


def test_foster_week_population_sd() -> None:
    monotony = training_monotony(WEEK, POPULATION)
    assert np.all(np.isnan(monotony[:6]))
    assert monotony[6] == pytest.approx(POPULATION_MONOTONY, rel=1e-12)
    assert monotony[6] == pytest.approx(1.3188, abs=1e-4)
    assert training_strain(WEEK, POPULATION)[6] == pytest.approx(2000.0 * POPULATION_MONOTONY)


def test_foster_week_sample_sd() -> None:
    assert training_monotony(WEEK, SAMPLE)[6] == pytest.approx(SAMPLE_MONOTONY, rel=1e-12)
    assert training_monotony(WEEK, SAMPLE)[6] == pytest.approx(1.2209, abs=1e-4)
    assert training_strain(WEEK, SAMPLE)[6] == pytest.approx(2000.0 * SAMPLE_MONOTONY)
    assert SAMPLE_MONOTONY < POPULATION_MONOTONY


def test_window_rolls_day_by_day() -> None:
    # day 7 is the week 0, 500, 400, 0, 600, 200, 100: sum 1800
    load = np.append(WEEK, 100.0)
    week = load[1:]
    expected = week.mean() / week.std(ddof=0)
    assert training_monotony(load, POPULATION)[7] == pytest.approx(expected, rel=1e-12)
    assert training_strain(load, POPULATION)[7] == pytest.approx(1800.0 * expected, rel=1e-12)


@pytest.mark.parametrize("value", [0.0, 0.1, 123.456])
def test_undefined_when_every_day_of_the_week_is_equal(value: float) -> None:
    load = np.concatenate([WEEK, np.full(7, value)])
    monotony = training_monotony(load, POPULATION)
    assert np.isfinite(monotony[12])
    assert np.isnan(monotony[13])
    assert np.isnan(training_strain(load, POPULATION)[13])


def test_two_dimensional_rows() -> None:
    loads = np.stack([WEEK, WEEK[::-1], WEEK * 2.0])
    monotony = training_monotony(loads, POPULATION)
    np.testing.assert_allclose(monotony[:, 6], POPULATION_MONOTONY, rtol=1e-12)


def test_degrees_of_freedom() -> None:
    assert delta_degrees_of_freedom(StandardDeviation.SAMPLE) == 1
    assert delta_degrees_of_freedom(StandardDeviation.POPULATION) == 0
