"""A contextual bandit: disjoint LinUCB with sports-science priors and logged propensities.

Each arm ``a`` keeps a ridge regression of reward on the context features x
(Li L, Chu W, Langford J, Schapire RE 2010, "A contextual-bandit approach to personalized news
article recommendation", WWW 2010, Algorithm 1):

    A_a = lambda0 I + sum x x^T,   b_a = lambda0 theta0_a + sum r x,   theta_a = A_a^-1 b_a
    UCB_a(x) = x . theta_a + alpha sqrt(x^T A_a^-1 x)

The prior ``theta0_a`` (``priors.py``) is the cold start: with no feedback the learner
ranks arms as the sports-science rules do, and ``lambda0`` pseudo-observations say how much
evidence it takes to move away from them. Selection is epsilon-greedy over the UCB scores of
the arms the safety mask allows, so every logged choice has a well-defined probability
(1 - eps + eps/K for the top arm, eps/K for the others) for off-policy evaluation with
inverse propensity scoring (Li L et al. 2011, WSDM, "Unbiased offline evaluation...").
Feedback that arrives late or changes only moves ``b`` (``correct``): A depends on x alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from aicoach.recommend.context import FEATURE_NAMES, FloatVector

STATE_VERSION = 1
DEFAULT_ALPHA = 0.25
DEFAULT_PRIOR_WEIGHT = 2.0
DEFAULT_EXPLORATION = 0.05


class StateMismatchError(ValueError):
    """A stored state was made for other features or by another version."""


@dataclass(frozen=True, slots=True)
class Choice:
    arm: str
    probability: float
    greedy_arm: str
    """The arm the learner ranks first among those allowed (the one chosen unless exploring)."""


class _ArmModel:
    __slots__ = ("a", "a_inv", "b", "n", "theta")

    def __init__(self, a: FloatVector, b: FloatVector, n: int) -> None:
        self.a = a
        self.b = b
        self.n = n
        self.a_inv = np.linalg.inv(a)
        self.theta = self.a_inv @ b


class LinUcbPolicy:
    """Disjoint LinUCB over named arms, with priors, epsilon-greedy selection and JSON state."""

    def __init__(
        self,
        priors: Mapping[str, FloatVector],
        *,
        alpha: float = DEFAULT_ALPHA,
        prior_weight: float = DEFAULT_PRIOR_WEIGHT,
    ) -> None:
        if alpha < 0 or prior_weight <= 0:
            raise ValueError("alpha must be >= 0 and prior_weight > 0")
        self.alpha = alpha
        self.prior_weight = prior_weight
        self.priors = dict(priors)
        self.dimension = len(FEATURE_NAMES)
        self._arms: dict[str, _ArmModel] = {}

    def _arm(self, arm: str) -> _ArmModel:
        model = self._arms.get(arm)
        if model is None:
            prior = self.priors.get(arm)
            if prior is None:
                raise KeyError(f"unknown arm {arm!r}")
            a = self.prior_weight * np.eye(self.dimension)
            model = _ArmModel(a, self.prior_weight * np.asarray(prior, dtype=np.float64), 0)
            self._arms[arm] = model
        return model

    def expected(self, x: FloatVector, arm: str) -> float:
        """The learner's estimate of the reward of ``arm`` in context ``x``."""
        return float(x @ self._arm(arm).theta)

    def count(self, arm: str) -> int:
        return self._arm(arm).n

    def scores(self, x: FloatVector, arms: Sequence[str]) -> dict[str, float]:
        """UCB score of each arm: estimate plus ``alpha`` times its standard error."""
        found: dict[str, float] = {}
        for arm in arms:
            model = self._arm(arm)
            width = float(np.sqrt(max(float(x @ model.a_inv @ x), 0.0)))
            found[arm] = float(x @ model.theta) + self.alpha * width
        return found

    def select(
        self, scores: Mapping[str, float], rng: np.random.Generator, exploration: float
    ) -> Choice:
        """Epsilon-greedy over ``scores`` (the allowed arms only, in a fixed order)."""
        if not scores:
            raise ValueError("no arm to choose from")
        if not 0.0 <= exploration <= 1.0:
            raise ValueError(f"exploration must be within [0, 1], not {exploration}")
        arms = list(scores)
        greedy = max(arms, key=lambda arm: scores[arm])
        share = exploration / len(arms)
        arm = arms[int(rng.integers(len(arms)))] if rng.random() < exploration else greedy
        probability = share + (1.0 - exploration if arm == greedy else 0.0)
        return Choice(arm, probability, greedy)

    def update(self, arm: str, x: FloatVector, reward: float) -> None:
        """Add one observation (Sherman-Morrison update of the inverse)."""
        model = self._arm(arm)
        a_inv_x = model.a_inv @ x
        model.a = model.a + np.outer(x, x)
        model.a_inv = model.a_inv - np.outer(a_inv_x, a_inv_x) / (1.0 + float(x @ a_inv_x))
        model.b = model.b + reward * x
        model.n += 1
        model.theta = model.a_inv @ model.b

    def correct(self, arm: str, x: FloatVector, reward_change: float) -> None:
        """Change the reward of an observation already added (late or edited feedback)."""
        model = self._arm(arm)
        model.b = model.b + reward_change * x
        model.theta = model.a_inv @ model.b

    def to_json(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "features": list(FEATURE_NAMES),
            "alpha": self.alpha,
            "prior_weight": self.prior_weight,
            "arms": {
                arm: {"a": model.a.tolist(), "b": model.b.tolist(), "n": model.n}
                for arm, model in sorted(self._arms.items())
            },
        }

    @classmethod
    def from_json(
        cls, document: Mapping[str, Any], priors: Mapping[str, FloatVector]
    ) -> LinUcbPolicy:
        """A policy from ``to_json`` output; arms it lacks start from their priors."""
        if document.get("version") != STATE_VERSION or document.get("features") != list(
            FEATURE_NAMES
        ):
            raise StateMismatchError("the stored learner state uses other features")
        policy = cls(
            priors, alpha=float(document["alpha"]), prior_weight=float(document["prior_weight"])
        )
        for arm, values in document["arms"].items():
            if arm not in priors:
                continue  # an arm this version no longer offers
            a = np.asarray(values["a"], dtype=np.float64)
            b = np.asarray(values["b"], dtype=np.float64)
            if a.shape != (policy.dimension, policy.dimension) or b.shape != (policy.dimension,):
                raise StateMismatchError(f"arm {arm!r}: stored matrices have the wrong shape")
            policy._arms[arm] = _ArmModel(a, b, int(values["n"]))
        return policy
