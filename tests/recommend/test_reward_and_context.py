"""Reward from feedback and readiness from the engine's markers: known answers."""

from __future__ import annotations

import pytest

from aicoach.errors import UserError
from aicoach.recommend.context import Readiness, weather_feature
from aicoach.recommend.reward import (
    Feedback,
    feedback_reward,
    readiness_correction,
    total_reward,
)
from aicoach.recommend.weather import Sky, Weather
from tests.recommend.support import context


def test_reward_values() -> None:
    assert feedback_reward(Feedback(done=False), 7.5) == 0.0
    assert feedback_reward(Feedback(True, 5, 7.5), 7.5) == pytest.approx(1.0)
    assert feedback_reward(Feedback(True, 1, 3.5), 7.5) == pytest.approx(0.3)  # 4 RPE off
    assert feedback_reward(Feedback(True, 3, 5.5), 7.5) == pytest.approx(0.3 + 0.225 + 0.125)
    assert feedback_reward(Feedback(True), 3.0) == pytest.approx(0.3 + 0.225 + 0.125)


def test_readiness_correction_scales_and_clips() -> None:
    assert readiness_correction(0.0, 0.5) == pytest.approx(0.15)
    assert readiness_correction(0.2, 0.0) == pytest.approx(-0.06)
    assert readiness_correction(0.9, -0.9) == pytest.approx(-0.15)
    assert total_reward(0.95, 0.15) == 1.0 and total_reward(0.1, -0.15) == 0.0
    assert total_reward(0.5, None) == 0.5


@pytest.mark.parametrize(
    ("feedback", "message"),
    [
        (
            lambda: Feedback(True, rating_1_5=7),
            "--rating 7: a rating is a whole number from 1 to 5",
        ),
        (lambda: Feedback(True, rpe_0_10=11), "--rpe 11: RPE is from 0"),
        (lambda: Feedback(False, rpe_0_10=5), "a skipped session has no RPE"),
    ],
)
def test_bad_feedback_names_the_field(feedback: object, message: str) -> None:
    with pytest.raises(UserError, match=message):
        feedback()  # type: ignore[operator]


def test_readiness_markers_and_score() -> None:
    readiness = Readiness(
        hrv_ln_7d=3.9, hrv_band_low=4.0, hrv_band_high=4.4,  # below the band: -1
        rhr_deviation_sd=1.0,  # -0.5
        tsb=-12.5,  # -0.5
        acwr=1.55,  # 0.25 above 1.3: -0.5
        sleep_h=8.0,  # +0.5
    )  # fmt: skip
    assert readiness.markers() == pytest.approx(
        {"hrv": -1.0, "resting_hr": -0.5, "tsb": -0.5, "acwr": -0.5, "sleep": 0.5}
    )
    assert readiness.score() == pytest.approx(-0.4)
    assert Readiness(acwr=0.6).markers() == {"acwr": 0.0}  # low ratio: not fatigue
    assert Readiness().score() is None


def test_features_are_neutral_for_what_is_unknown() -> None:
    features = context(readiness=Readiness(), minutes_available=None, planned=None).features()
    assert features == {
        "bias": 1.0, "readiness": 0.0, "energy": 0.0, "mood": 0.0, "tsb": 0.0, "acwr": 0.0,
        "sleep": 0.0, "minutes": 0.0, "time_of_day": 0.0, "weather": 0.0,
        "planned_intensity": 0.0,
    }  # fmt: skip
    evening = context(hour=19, minutes_available=30.0).features()
    assert evening["time_of_day"] == 1.0 and evening["minutes"] == -0.5
    assert evening["planned_intensity"] == 1.0


def test_weather_feature() -> None:
    assert weather_feature(Weather(Sky.CLEAR, 18.0)) == 1.0
    assert weather_feature(Weather(Sky.RAIN, 18.0)) == -1.0
    assert weather_feature(Weather(Sky.CLEAR, 28.0)) == -0.5
    assert weather_feature(Weather(Sky.CLEAR, 33.0)) == -1.0
    assert weather_feature(None) == 0.0
