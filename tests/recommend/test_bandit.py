"""LinUCB with priors: known answers for the estimate, the propensities and the state."""

from __future__ import annotations

import numpy as np
import pytest

from aicoach.recommend.bandit import LinUcbPolicy, StateMismatchError
from aicoach.recommend.context import FEATURE_NAMES
from aicoach.recommend.priors import prior_means

D = len(FEATURE_NAMES)


def two_arms(alpha: float = 0.0, prior_weight: float = 2.0) -> LinUcbPolicy:
    priors = {"a": np.full(D, 0.1), "b": np.zeros(D)}
    return LinUcbPolicy(priors, alpha=alpha, prior_weight=prior_weight)


def test_estimate_is_the_ridge_regression_shrunk_to_the_prior() -> None:
    rng = np.random.default_rng(3)
    policy = two_arms()
    xs = rng.uniform(-1, 1, (25, D))
    rewards = rng.uniform(0, 1, 25)
    for x, r in zip(xs, rewards, strict=True):
        policy.update("a", x, float(r))
    a = 2.0 * np.eye(D) + xs.T @ xs
    b = 2.0 * np.full(D, 0.1) + xs.T @ rewards
    expected = np.linalg.solve(a, b)
    probe = rng.uniform(-1, 1, D)
    assert policy.expected(probe, "a") == pytest.approx(float(probe @ expected), abs=1e-9)
    assert policy.count("a") == 25 and policy.count("b") == 0


def test_upper_confidence_width_is_alpha_times_the_standard_error() -> None:
    policy = two_arms(alpha=0.5, prior_weight=4.0)
    x = np.zeros(D)
    x[0] = 1.0
    # A = 4 I, so x' A^-1 x = 1/4 and the width is 0.5 * 0.5; the estimate is theta0 . x = 0.1
    assert policy.scores(x, ["a"])["a"] == pytest.approx(0.1 + 0.25)


def test_epsilon_greedy_probabilities_are_exact_and_match_the_draws() -> None:
    policy = two_arms()
    scores = {"w": 0.9, "x": 0.5, "y": 0.1, "z": 0.2}
    rng = np.random.default_rng(11)
    counts = dict.fromkeys(scores, 0)
    for _ in range(20_000):
        choice = policy.select(scores, rng, 0.2)
        counts[choice.arm] += 1
        assert choice.greedy_arm == "w"
        assert choice.probability == pytest.approx(0.85 if choice.arm == "w" else 0.05)
    assert counts["w"] / 20_000 == pytest.approx(0.85, abs=0.01)
    assert counts["y"] / 20_000 == pytest.approx(0.05, abs=0.01)
    assert policy.select(scores, rng, 0.0).probability == 1.0


def test_correcting_a_reward_equals_having_given_the_corrected_one() -> None:
    x = np.linspace(-1, 1, D)
    corrected, direct = two_arms(), two_arms()
    corrected.update("a", x, 0.8)
    corrected.correct("a", x, -0.3)
    direct.update("a", x, 0.5)
    assert corrected.expected(x, "a") == pytest.approx(direct.expected(x, "a"))


def test_feedback_turns_the_ranking_around() -> None:
    policy = LinUcbPolicy(prior_means())
    x = np.zeros(D)
    x[0] = 1.0
    assert policy.expected(x, "planned") > policy.expected(x, "swim")
    for _ in range(6):
        policy.update("planned", x, 0.0)
        policy.update("swim", x, 1.0)
    assert policy.expected(x, "swim") > policy.expected(x, "planned")


def test_state_round_trips_through_json_and_refuses_other_features() -> None:
    policy = LinUcbPolicy(prior_means(), alpha=0.4)
    rng = np.random.default_rng(5)
    for _ in range(10):
        policy.update("easy_run", rng.uniform(-1, 1, D), float(rng.uniform()))
    restored = LinUcbPolicy.from_json(policy.to_json(), prior_means())
    x = rng.uniform(-1, 1, D)
    arms = list(prior_means())
    assert restored.scores(x, arms) == pytest.approx(policy.scores(x, arms))
    assert restored.count("easy_run") == 10
    other = policy.to_json() | {"features": ["bias", "something_else"]}
    with pytest.raises(StateMismatchError):
        LinUcbPolicy.from_json(other, prior_means())


def test_bad_parameters_are_refused() -> None:
    with pytest.raises(ValueError, match="exploration"):
        two_arms().select({"a": 1.0}, np.random.default_rng(0), 1.5)
    with pytest.raises(ValueError, match="no arm"):
        two_arms().select({}, np.random.default_rng(0), 0.1)
    with pytest.raises(KeyError, match="unknown arm"):
        two_arms().expected(np.ones(D), "zumba")
